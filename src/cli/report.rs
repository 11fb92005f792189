//! `cordon report`: one self-contained HTML page (or Markdown) of the plan, its findings
//! and the audit of any captures given, written whole.

use std::io::Write;
use std::path::PathBuf;

use super::output::{write_atomically, write_out};
use super::{Failure, Loaded, ReportFormat, audit};
use crate::report;

pub(super) fn run(
    file: Option<PathBuf>,
    captures: &[PathBuf],
    format: ReportFormat,
    output: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let plan = loaded.plan();
    let findings = loaded.verify();
    let audit = if captures.is_empty() {
        None
    } else {
        let never = std::sync::atomic::AtomicBool::new(false);
        let (conversations, stats) = audit::read_inputs(captures, &[], None, &never)?;
        Some(crate::audit::classify(
            &loaded.topology,
            &loaded.traffic,
            &conversations,
            stats,
        ))
    };
    let names: Vec<String> = captures.iter().map(|c| c.display().to_string()).collect();
    let page = report::html::Page {
        plan,
        findings: &findings,
        audit: audit.as_ref(),
        captures: &names,
    };
    let text = match format {
        ReportFormat::Html => report::html::page(&page),
        ReportFormat::Markdown => report::markdown::report(&page),
    };
    match output {
        Some(path) => write_atomically(&path, text.as_bytes()),
        None => write_out(out, text.as_bytes()),
    }
}
