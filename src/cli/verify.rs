//! `cordon verify`: the plan checked before rollout; a finding at the threshold (errors,
//! or warnings too with `--deny warnings`) makes the exit status 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{FindingsOf, exit_at, write_findings};
use super::{Deny, Failure, Loaded, VerifyFormat};
use crate::verify::Severity;

pub(super) fn run(
    file: Option<PathBuf>,
    format: VerifyFormat,
    deny: Option<Deny>,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let loaded = Loaded::new(file)?;
    let findings = loaded.verify();
    write_findings(
        &FindingsOf::verify(),
        &loaded.plan(),
        &findings,
        &loaded.sources,
        format,
        out,
    )?;
    let threshold = match deny {
        Some(Deny::Warnings) => Severity::Warning,
        None => Severity::Error,
    };
    Ok(exit_at(&findings, threshold))
}
