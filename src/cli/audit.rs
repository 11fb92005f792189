//! `cordon audit`: reads the captures and logs while the topology loads, classifies every
//! conversation, and writes the audit as text, JSON or JSON lines; a violation makes the
//! exit status 1.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{io_failure, write_out};
use super::{AuditFormat, Failure, Mapped};
use crate::report;

/// What to read.
pub(super) struct Inputs {
    /// Capture files and directories.
    pub(super) captures: Vec<PathBuf>,
    /// Zeek conn.log files.
    pub(super) zeek_logs: Vec<PathBuf>,
    /// Threads (every core by default).
    pub(super) threads: Option<std::num::NonZeroUsize>,
}

/// The audit of `inputs` against the topology in `file`, written to `out` in `format`
/// (text: at most `limit` lines needing attention, `None` for all).
pub(super) fn run(
    file: Option<PathBuf>,
    inputs: &Inputs,
    format: AuditFormat,
    limit: Option<usize>,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let (loaded, audit) =
        load_read_and_classify(file, &inputs.captures, &inputs.zeek_logs, inputs.threads)?;
    let names = |paths: &[PathBuf]| -> Vec<String> {
        paths.iter().map(|c| c.display().to_string()).collect()
    };
    let (capture_names, log_names) = (names(&inputs.captures), names(&inputs.zeek_logs));
    let view = report::audit::AuditView {
        topology: &loaded.topology,
        traffic: &loaded.traffic,
        audit: &audit,
        file_name: &loaded.file_name,
        captures: &capture_names,
        zeek_logs: &log_names,
    };
    match format {
        AuditFormat::Text => write_out(out, report::audit::text(&view, limit).as_bytes())?,
        AuditFormat::Json => report::audit::json(&view, out).map_err(io_failure)?,
        AuditFormat::Jsonl => report::audit::jsonl(&view, out).map_err(io_failure)?,
    }
    let code = if audit.has_violations() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here: the system takes the memory back at once, where freeing a
    // capture's conversations one by one would only delay the exit.
    std::mem::forget((loaded, audit));
    Ok(code)
}

/// Loads the topology while the captures and logs are read (reading does not need it),
/// then classifies what was read. A topology that cannot be loaded stops the reading.
fn load_read_and_classify(
    file: Option<PathBuf>,
    named: &[PathBuf],
    zeek_logs: &[PathBuf],
    threads: Option<std::num::NonZeroUsize>,
) -> Result<(Mapped, crate::audit::Audit), Failure> {
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let (mapped, read) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| read_inputs(named, zeek_logs, threads, &cancel));
        let mapped = Mapped::new(file);
        if mapped.is_err() {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let read = reading
            .join()
            .unwrap_or_else(|_| Err(Failure::Message("a capture reader failed".to_string())));
        (mapped, read)
    });
    let mapped = mapped?;
    let (conversations, stats) = read?;
    let audit = crate::audit::classify(&mapped.topology, &mapped.traffic, &conversations, stats);
    Ok((mapped, audit))
}

/// Reads every capture and Zeek log on `threads` threads (every core by default), with a
/// progress bar on a terminal; stops early when `cancel` is set.
pub(super) fn read_inputs(
    named: &[PathBuf],
    zeek_logs: &[PathBuf],
    threads: Option<std::num::NonZeroUsize>,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<
    (
        crate::audit::conversation::Conversations,
        crate::audit::ReadStats,
    ),
    Failure,
> {
    let failure = |e: crate::audit::capture::CaptureError| {
        Failure::Message(format!("{e}; no audit was written"))
    };
    let captures = crate::audit::capture_files(named).map_err(failure)?;
    let total: u64 = captures
        .iter()
        .filter_map(|c| std::fs::metadata(c).ok())
        .map(|m| m.len())
        .sum();
    // Only worth drawing for captures that take more than a moment to read.
    let bar = if std::io::stderr().is_terminal() && total > 64 << 20 {
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, std::num::NonZeroUsize::get);
    let read = crate::audit::read_captures(&captures, threads, &|more| bar.inc(more), cancel);
    bar.finish_and_clear();
    let (mut conversations, mut stats) = read.map_err(failure)?;
    crate::audit::zeek::read_conn_logs(
        zeek_logs,
        threads,
        crate::audit::zeek::LOG_SEGMENT_BYTES,
        &mut conversations,
        &mut stats,
        cancel,
    )
    .map_err(failure)?;
    Ok((conversations, stats))
}
