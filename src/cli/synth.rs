//! `cordon synth`: a synthetic topology, for benchmarks and tests.

use std::io::Write;
use std::path::PathBuf;

use super::Failure;
use super::output::{write_atomically, write_out};
use crate::synth;

pub(super) fn run(
    params: synth::Params,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let text = synth::generate(params).map_err(|e| Failure::Message(e.to_string()))?;
    match output {
        Some(path) => write_atomically(&path, text.as_bytes()),
        None => write_out(out, text.as_bytes()),
    }
}
