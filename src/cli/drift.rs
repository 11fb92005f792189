//! `cordon drift`: reads the state folder into the loaded topology's source map (so that
//! findings and errors point into the state files), holds it against the plan, renders
//! the findings, and turns them into the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{FailOn, Failure, Loaded, VerifyFormat, emit, io_failure};
use crate::drift::{self, state};
use crate::report;
use crate::verify::Severity;

pub(super) fn run(
    file: Option<PathBuf>,
    dir: &Path,
    format: VerifyFormat,
    fail_on: FailOn,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    // The state files need no topology to be read and parsed: they are, while it loads
    // and is planned. (If the topology fails, the process ends with its error.)
    let reading = {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || state::read_files(&dir))
    };
    let mut loaded = Loaded::new(file)?;
    let files = reading
        .join()
        .map_err(|_| Failure::Message("reading the state folder failed".into()))?;
    let loaded = &mut loaded;
    let deployed =
        match files.and_then(|f| state::assign(f, &loaded.map.topology, &mut loaded.map.sources)) {
            Ok(d) => d,
            Err(diags) => {
                let sources = std::mem::take(&mut loaded.map.sources);
                return Err(Failure::Input(sources, diags));
            }
        };
    let findings = drift::drift(
        &drift::Input {
            topology: &loaded.topology,
            traffic: &loaded.traffic,
            policy: &loaded.policy,
        },
        &deployed,
    );
    // Every file's policies, held until now: freeing them costs time and nothing else.
    std::mem::forget(deployed);
    let plan = loaded.plan();
    match format {
        VerifyFormat::Text => {
            let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = report::findings::text("drift", &findings, &loaded.sources, styled);
            emit(out, text.as_bytes())?;
        }
        VerifyFormat::Json => {
            report::findings::json("cordon.drift/1", &plan, &findings, &loaded.sources, out)
                .map_err(io_failure)?;
        }
        VerifyFormat::Sarif => {
            let log = report::sarif::log(&report::sarif::drift_rules(), &findings, &loaded.sources);
            serde_json::to_writer_pretty(&mut *out, &log).map_err(io_failure)?;
            emit(out, b"\n")?;
        }
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    if findings.iter().any(|f| f.severity() <= threshold) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
