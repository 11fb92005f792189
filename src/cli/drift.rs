//! `cordon drift`: lists the state folder, gives each file its owner and a place in the
//! loaded topology's source map (filled with the texts that findings and errors point
//! into), holds the state against the plan, renders the findings, and turns them into the
//! exit status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::{FindingsOf, exit_at, write_findings};
use super::{FailOn, Failure, Loaded, VerifyFormat};
use crate::drift::{self, state};
use crate::verify::Severity;

pub(super) fn run(
    file: Option<PathBuf>,
    dir: &Path,
    format: VerifyFormat,
    fail_on: FailOn,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    // The folder is listed and every file glimpsed while the topology is loaded and
    // planned: the two need nothing of each other. A topology that does not load stops
    // the glimpses, so that its error comes at once.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (loaded, files) = rayon::join(
        || {
            let loaded = Loaded::new(file);
            if loaded.is_err() {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            loaded
        },
        || {
            state::list_files(dir).map(|mut files| {
                files.glimpse(&stop);
                files
            })
        },
    );
    let mut loaded = loaded?;
    let loaded = &mut loaded;
    let files = match files {
        Ok(f) => f,
        Err(diags) => {
            let sources = std::mem::take(&mut loaded.map.sources);
            return Err(Failure::Input(sources, diags));
        }
    };
    let deployed = state::assign(files, &loaded.map.topology, &mut loaded.map.sources);
    let drifted = drift::drift(
        &drift::Input {
            topology: &loaded.topology,
            traffic: &loaded.traffic,
            policy: &loaded.policy,
        },
        &deployed,
    );
    let (texts, findings) = match drifted {
        Ok(d) => (d.texts, Ok(d.findings)),
        Err(unreadable) => (unreadable.texts, Err(unreadable.errors)),
    };
    for (id, text) in texts {
        loaded.map.sources.fill(id, text);
    }
    let findings = match findings {
        Ok(f) => f,
        Err(errors) => {
            let sources = std::mem::take(&mut loaded.map.sources);
            return Err(Failure::Input(sources, errors));
        }
    };
    write_findings(
        &FindingsOf::drift(),
        &loaded.plan(),
        &findings,
        &loaded.sources,
        format,
        out,
    )?;
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    Ok(exit_at(&findings, threshold))
}
