//! What the commands write: bytes to the output, findings in the three forms verify and
//! drift share, and files replaced whole.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::{Failure, VerifyFormat};
use crate::report::findings::Reported;
use crate::report::{self, Plan};
use crate::source::SourceMap;
use crate::verify::Severity;

pub(super) fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes).map_err(io_failure)
}

pub(super) fn io_failure(e: impl std::fmt::Display) -> Failure {
    Failure::Message(format!("cannot write the output: {e}"))
}

/// Which command's findings: its name in the text's summary line, its JSON schema and its
/// SARIF rules.
pub(super) struct FindingsOf {
    command: &'static str,
    schema: &'static str,
    rules: Vec<report::sarif::RuleInfo>,
}

impl FindingsOf {
    pub(super) fn verify() -> Self {
        FindingsOf {
            command: "verify",
            schema: "cordon.verify/1",
            rules: report::sarif::verify_rules(),
        }
    }

    pub(super) fn drift() -> Self {
        FindingsOf {
            command: "drift",
            schema: "cordon.drift/1",
            rules: report::sarif::drift_rules(),
        }
    }
}

/// Whether to colour what goes to a stream: on a terminal, unless `NO_COLOR` is set.
pub(super) fn coloured(on_terminal: bool) -> bool {
    on_terminal && std::env::var_os("NO_COLOR").is_none()
}

/// The exit status findings give: 1 when one is at `threshold` or worse, else success.
pub(super) fn exit_at<F: Reported>(findings: &[F], threshold: Severity) -> ExitCode {
    if findings.iter().any(|f| f.severity() <= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Findings as text (diagnostics, styled on a terminal unless `NO_COLOR`), JSON or SARIF.
pub(super) fn write_findings<F: Reported>(
    of: &FindingsOf,
    plan: &Plan<'_>,
    findings: &[F],
    sources: &SourceMap,
    format: VerifyFormat,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match format {
        VerifyFormat::Text => {
            let styled = coloured(std::io::stdout().is_terminal());
            let text = report::findings::text(of.command, findings, sources, styled);
            write_out(out, text.as_bytes())
        }
        VerifyFormat::Json => {
            report::findings::json(of.schema, plan, findings, sources, out).map_err(io_failure)
        }
        VerifyFormat::Sarif => {
            let log = report::sarif::log(&of.rules, findings, sources);
            serde_json::to_writer_pretty(&mut *out, &log).map_err(io_failure)?;
            write_out(out, b"\n")
        }
    }
}

/// Writes a file so that readers see the old content or the new, never half of it.
pub(super) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let fail =
        |e: std::io::Error| Failure::Message(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A temporary file is private; the result is an ordinary file.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
