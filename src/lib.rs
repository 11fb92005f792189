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
    stats.unknown_interface += reader.unknown_interface;
    stats.file_bytes += reader.position();
    // The same bytes read in stretches of 500 bytes on two threads must give what one
    // reader gives: the table and the counts, or the same error.
    if let Ok(mut file) = tempfile::NamedTempFile::new()
        && std::io::Write::write_all(&mut file, bytes).is_ok()
    {
        let never = std::sync::atomic::AtomicBool::new(false);
        let paths = [file.path().to_path_buf()];
        let stretched = audit::segments::read_captures_in_segments(&paths, 2, 500, &|_| {}, &never);
        match (&read, stretched) {
            (Ok(()), Ok((table, stretched_stats))) => {
                assert_eq!(
                    table.sorted(),
                    conversations.sorted(),
                    "the same conversations"
                );
                assert_eq!(stretched_stats, stats, "the same counts");
            }
            (Err(one), Err(stretched)) => {
                let name = |e: String| e.replacen(&paths[0].display().to_string(), "fuzz.pcap", 1);
                assert_eq!(
                    name(stretched.to_string()),
                    one.to_string(),
                    "the same error"
                );
            }
            (one, stretched) => panic!(
                "one reader: {one:?}; in stretches: {:?}",
                stretched.map(|_| ())
            ),
        }
    }
    if let Some((topo, map)) = plan {
        let _ = audit::classify(topo, map, &conversations, stats);
    }
    read.is_ok()
}

/// The drift fuzz target's entry point: any bytes as one file of a drift state folder,
/// told apart and read by its platform's reader (nft -j, ip xfrm policy, swanctl.conf, the
/// Windows export). Returns whether the bytes were readable state.
#[doc(hidden)]
pub fn fuzz_drift_state(bytes: &[u8]) -> bool {
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
    // The same bytes read in stretches of 50 bytes on two threads must give what one
    // reader gives: the table and the counts, or the same error.
    if let Ok(mut file) = tempfile::NamedTempFile::new()
        && std::io::Write::write_all(&mut file, bytes).is_ok()
    {
        let never = std::sync::atomic::AtomicBool::new(false);
        let paths = [file.path().to_path_buf()];
        let mut table = audit::conversation::Conversations::new();
        let mut stretched_stats = audit::ReadStats::default();
        let stretched =
            audit::zeek::read_conn_logs(&paths, 2, 50, &mut table, &mut stretched_stats, &never);
        match (&read, stretched) {
            (Ok(()), Ok(())) => {
                assert_eq!(
                    table.sorted(),
                    conversations.sorted(),
                    "the same conversations"
                );
                assert_eq!(stretched_stats, stats, "the same counts");
            }
            (Err(one), Err(stretched)) => {
                let name = |e: String| e.replacen(&paths[0].display().to_string(), "fuzz.log", 1);
                assert_eq!(
                    name(stretched.to_string()),
                    one.to_string(),
                    "the same error"
                );
            }
            (one, stretched) => panic!("one reader: {one:?}; in stretches: {stretched:?}"),
        }
    }
    read.is_ok()
}
