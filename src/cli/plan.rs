//! `cordon plan`: the plan's summary (text) or the whole plan (JSON).

use std::io::Write;
use std::path::PathBuf;

use super::output::{io_failure, write_out};
use super::{Failure, Format, Loaded};
use crate::report;

pub(super) fn run(
    file: Option<PathBuf>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let plan = loaded.plan();
    match format {
        Format::Text => write_out(out, report::text::summary(&plan).as_bytes()),
        Format::Json => report::json::plan(&plan, out).map_err(io_failure),
    }
}
