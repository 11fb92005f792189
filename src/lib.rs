//! cordon turns the layout of a Configuration Manager 2007 hierarchy into IPsec isolation
//! policies and firewall rules, following "Implementing IPsec in Configuration Manager
//! 2007" (the seed).
//!
//! ```text
//! topology file (TOML)          catalog (TOML, built in + user's own)
//!           \                    /
//!            v                  v
//!         topology ── validated, resolved; every item keeps its source span
//!            |
//!            v
//!         traffic ── every flow: from, to, protocol, ports, path, protection, provenance
//!            |
//!            v
//!         policy ── per host: ordered IPsec rules; per firewall: IKE, NAT-T, ESP, exempt flows
//!            |
//!            v
//!         emit ── one renderer per target     report ── text tables and JSON
//!
//!         cli ── argv, stdout, exit codes
//! ```
//!
//! Each stage is a pure function of the one before it. Nothing downstream reaches back
//! upstream, and only `cli` prints.

pub mod audit;
pub mod catalog;
pub mod classify;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod drift;
pub mod emit;
pub mod explain;
pub mod lab;
pub mod net;
pub mod platform;
pub mod policy;
pub mod report;
pub mod source;
pub mod synth;
pub mod toml_input;
pub mod topology;
pub mod traffic;
pub mod verify;

/// The fuzz target's entry point: any bytes through the whole loader (as UTF-8 when they
/// are, else as lossily decoded text). Returns whether the input was a valid topology.
#[doc(hidden)]
pub fn fuzz_topology(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut sources = source::SourceMap::new();
    let file = sources.add("fuzz.toml", text.clone());
    match topology::load_text(file, &text, None, &mut sources) {
        Ok(topo) => {
            // Valid input goes on through every stage, as a user's would.
            let map = traffic::build(&topo);
            let _ = policy::build(&topo, &map);
            true
        }
        Err(topology::LoadError::Invalid(d)) => {
            let _ = diag::render(&d, &sources, false);
            false
        }
        Err(topology::LoadError::Io { .. }) => false,
    }
}

/// The capture fuzz target's entry point: any bytes as a capture file, through the reader,
/// the packet parser, the conversation table and the classification against the built-in
/// topology. Returns whether the bytes were a readable capture.
#[doc(hidden)]
pub fn fuzz_capture(bytes: &[u8]) -> bool {
    use std::sync::OnceLock;
    static PLAN: OnceLock<Option<(topology::Topology, traffic::TrafficMap)>> = OnceLock::new();
    let plan = PLAN.get_or_init(|| {
        let mut sources = source::SourceMap::new();
        let topo = topology::load(None, &mut sources).ok()?;
        let map = traffic::build(&topo);
        Some((topo, map))
    });
    let Ok(mut reader) = audit::capture::CaptureReader::new(bytes, "fuzz.pcap") else {
        return false;
    };
    let mut conversations = audit::conversation::Conversations::new();
    let mut stats = audit::ReadStats::default();
    let read = audit::read_frames(&mut reader, &mut conversations, &mut stats, &mut |_| {});
    // The same bytes read in stretches of 500 bytes on two threads: what one reader gave.
    same_in_stretches(bytes, "fuzz.pcap", &read, &conversations, &stats, |path| {
        let never = std::sync::atomic::AtomicBool::new(false);
        audit::segments::read_captures_in_segments(&[path.to_path_buf()], 2, 500, &|_| {}, &never)
    });
    if let Some((topo, map)) = plan {
        let _ = audit::classify(topo, map, &conversations, stats);
    }
    read.is_ok()
}

/// The drift fuzz target's entry point: any bytes as one file of a drift state folder,
/// told apart and read by its platform's reader (nft -j, ip xfrm policy, swanctl.conf, the
/// Windows export). Returns whether the bytes were readable state. Any UTF-8 text is also
/// read as a kernel listing both with the fixed steps and word by word: a difference
/// panics, so the fuzzer reports it.
#[doc(hidden)]
pub fn fuzz_drift_state(bytes: &[u8]) -> bool {
    // A kernel listing's fixed steps read as the word-by-word reader does, whatever the
    // bytes: the same policies, or the same error at the same place.
    if let Ok(text) = std::str::from_utf8(bytes) {
        assert_eq!(
            platform::xfrm::read_text(text),
            platform::xfrm::read_text_word_by_word(text),
            "the fixed steps and the word-by-word reader differ"
        );
    }
    drift::state::read_bytes(bytes).is_ok()
}

/// The Zeek fuzz target's entry point: any bytes as a conn.log (TSV, JSON or gzip),
/// through the reader and the classification against the built-in topology. Returns
/// whether the bytes were a readable log.
#[doc(hidden)]
pub fn fuzz_zeek(bytes: &[u8]) -> bool {
    let mut conversations = audit::conversation::Conversations::new();
    let mut stats = audit::ReadStats::default();
    let read = audit::zeek::read_conn_log_from(bytes, "fuzz.log", &mut conversations, &mut stats);
    // Read a buffer at a time, an uncompressed log gives what the general reader gives
    // line by line.
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        let mut by_lines = audit::conversation::Conversations::new();
        let mut by_lines_stats = audit::ReadStats::default();
        let lines = audit::zeek::read_conn_log_by_lines(
            bytes,
            "fuzz.log",
            &mut by_lines,
            &mut by_lines_stats,
        );
        same_read(
            "line by line",
            &read,
            &conversations,
            &stats,
            lines.map(|()| (by_lines, by_lines_stats)),
            |e| e.to_string(),
        );
    }
    // The same bytes read in stretches of 50 bytes on two threads: what one reader gave.
    same_in_stretches(bytes, "fuzz.log", &read, &conversations, &stats, |path| {
        let never = std::sync::atomic::AtomicBool::new(false);
        let mut table = audit::conversation::Conversations::new();
        let mut stretched = audit::ReadStats::default();
        audit::zeek::read_conn_logs(
            &[path.to_path_buf()],
            2,
            50,
            &mut table,
            &mut stretched,
            &never,
        )
        .map(|()| (table, stretched))
    });
    read.is_ok()
}

/// For the fuzz targets: `bytes`, written to a file and read by `stretched`, must give
/// what one reader gave (`one`, `conversations`, `stats`): the same table and counts, or
/// the same error (the file named `name`, as one reader named it). A difference panics.
fn same_in_stretches(
    bytes: &[u8],
    name: &str,
    one: &Result<(), audit::capture::CaptureError>,
    conversations: &audit::conversation::Conversations,
    stats: &audit::ReadStats,
    stretched: impl FnOnce(
        &std::path::Path,
    ) -> Result<
        (audit::conversation::Conversations, audit::ReadStats),
        audit::capture::CaptureError,
    >,
) {
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if std::io::Write::write_all(&mut file, bytes).is_err() {
        return;
    }
    let path = file.path().display().to_string();
    same_read(
        "in stretches",
        one,
        conversations,
        stats,
        stretched(file.path()),
        |e| e.to_string().replacen(&path, name, 1),
    );
}

/// For the fuzz targets: what another way of reading gave (`other`, its errors as
/// `error_text` words them) must be what one reader gave (`one`, `conversations`,
/// `stats`): the same table and counts, or the same error. A difference panics.
fn same_read(
    how: &str,
    one: &Result<(), audit::capture::CaptureError>,
    conversations: &audit::conversation::Conversations,
    stats: &audit::ReadStats,
    other: Result<
        (audit::conversation::Conversations, audit::ReadStats),
        audit::capture::CaptureError,
    >,
    error_text: impl Fn(&audit::capture::CaptureError) -> String,
) {
    match (one, other) {
        (Ok(()), Ok((table, other_stats))) => {
            assert_eq!(
                table.sorted(),
                conversations.sorted(),
                "the same conversations {how}"
            );
            assert_eq!(&other_stats, stats, "the same counts {how}");
        }
        (Err(one), Err(other)) => {
            assert_eq!(error_text(&other), one.to_string(), "the same error {how}");
        }
        (one, other) => panic!("one reader: {one:?}; {how}: {:?}", other.map(|_| ())),
    }
}
