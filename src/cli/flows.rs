//! `cordon flows`: the traffic map's flows, all of them or those of one host, one path or
//! uncertain catalog rows.

use std::io::Write;
use std::path::PathBuf;

use super::output::{io_failure, write_out};
use super::{Failure, Format, Loaded, PathArg};
use crate::report::{self, FlowFilter};

/// Which flows to list.
pub(super) struct Filter {
    /// A host or client group's name.
    pub(super) host: Option<String>,
    pub(super) path: Option<PathArg>,
    pub(super) uncertain: bool,
}

pub(super) fn run(
    file: Option<PathBuf>,
    filter: Filter,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let plan = loaded.plan();
    let endpoint = match filter.host {
        Some(name) => Some(loaded.endpoint(&name)?),
        None => None,
    };
    let filter = FlowFilter {
        endpoint,
        path: filter.path.map(PathArg::path),
        uncertain: filter.uncertain,
    };
    match format {
        Format::Text => write_out(out, report::text::flows(&plan, &filter).as_bytes()),
        Format::Json => report::json::flows(&plan, &filter, out).map_err(io_failure),
    }
}
