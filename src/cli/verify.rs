//! `cordon verify`: the plan checked before rollout; a finding at the threshold (errors,
//! or warnings too with `--deny warnings`) makes the exit status 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{FindingsOf, write_findings};
use super::{Deny, Failure, Loaded, VerifyFormat};
use crate::report;
use crate::verify::{self, Severity};

pub(super) fn run(
    file: Option<PathBuf>,
    format: VerifyFormat,
    deny: Option<Deny>,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let loaded = Loaded::new(file)?;
    let findings = verify::verify(&verify::Ctx {
        topology: &loaded.topology,
        traffic: &loaded.traffic,
        policy: &loaded.policy,
    });
    let of = FindingsOf {
        command: "verify",
        schema: "cordon.verify/1",
        rules: report::sarif::verify_rules(),
    };
    write_findings(&of, &loaded.plan(), &findings, &loaded.sources, format, out)?;
    let threshold = match deny {
        Some(Deny::Warnings) => Severity::Warning,
        None => Severity::Error,
    };
    if findings.iter().any(|f| f.severity() <= threshold) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
