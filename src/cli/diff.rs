//! `cordon diff`: what a change from one topology to another does.

use std::io::Write;
use std::path::PathBuf;

use super::output::{io_failure, write_out};
use super::{DiffFormat, Failure, Loaded};
use crate::report;

pub(super) fn run(
    old: PathBuf,
    new: PathBuf,
    format: DiffFormat,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let before = Loaded::new(Some(old))?;
    let after = Loaded::new(Some(new))?;
    let change = crate::diff::diff(&before.side(), &after.side());
    match format {
        DiffFormat::Text => write_out(out, report::diff::text(&change, false).as_bytes()),
        DiffFormat::Markdown => write_out(out, report::diff::text(&change, true).as_bytes()),
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report::diff::json(&change))
                .map_err(io_failure)?;
            write_out(out, b"\n")
        }
    }
}
