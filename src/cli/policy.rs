//! `cordon policy`: one host's or client group's IPsec rules, in order.

use std::io::Write;
use std::path::PathBuf;

use super::output::{io_failure, write_out};
use super::{Failure, Format, Loaded};
use crate::report;

pub(super) fn run(
    file: Option<PathBuf>,
    host: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let plan = loaded.plan();
    let owner = loaded.endpoint(host)?;
    let Some(set) = plan.policy.rules_of(owner) else {
        return Err(Failure::Message(format!(
            "`{host}` stands for a service outside the organisation and has no IPsec policy"
        )));
    };
    match format {
        Format::Text => write_out(out, report::text::policy(&plan, set).as_bytes()),
        Format::Json => report::json::policy(&plan, owner, out).map_err(io_failure),
    }
}
