//! Capture throughput: writes a deterministic ~1 GB capture (100 000 conversations drawn
//! from a synthetic hierarchy's traffic map: TCP 445, 135, 80, 443, 1433, 8530 and the
//! rest of the catalog's ports, ESP, ESP in UDP 4500, IKE, 10% IPv6, 20% VLAN-tagged,
//! packets interleaved round-robin so that every conversation is open all along), then
//! times in one run:
//! - `cat FILE > /dev/null` — the page-cache read limit (the baseline);
//! - `tcpdump -r FILE -w /dev/null` — the fastest C reader;
//! - `tshark -q -z conv,tcp -z conv,udp` — what a user runs today (on the first tenth of
//!   the packets: it needs minutes for the whole);
//! - cordon: reading into conversations in-process (single thread) and classification
//!   (diagnosis);
//! - `cordon audit` as a whole process, the number that counts: text, JSON and JSONL,
//!   with a 1,000-host topology the capture's addresses belong to and with one they do
//!   not, as ratios to tcpdump's and cat's time; and two captures on one thread and two.
//!
//! Memory: the peak of a fresh process that reads the tenth, and of one that reads the
//! whole (the same conversations, ten times the packets), shows that it grows with
//! conversations, not with the file. Then a Zeek conn.log of the same size and
//! conversations: `cordon audit --zeek` against `cat`, on one core and on every core.
//! `cargo bench --bench audit` (set `CORDON_BENCH_GB` to resize); it needs tcpdump and
//! tshark, which `scripts/test` installs.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

#[path = "../tests/support/capture.rs"]
mod capture;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use capture::{Addr, Kind};
use cordon::audit::{self, conversation::Conversations};
use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::traffic::{self, Endpoint, RepresentativeAddrs};
use cordon::{net::Protocol, topology};

const CONVERSATIONS: usize = 100_000;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

struct Conv {
    frames: [Vec<u8>; 2],
}

fn addr(ip: std::net::IpAddr) -> Addr {
    match ip {
        std::net::IpAddr::V4(v) => Addr::V4(v.octets()),
        std::net::IpAddr::V6(v) => Addr::V6(v.octets()),
    }
}

/// The TCP and UDP flows between two ends of the topology.
fn inside_flows(map: &traffic::TrafficMap) -> Vec<&traffic::Flow> {
    map.flows
        .iter()
        .filter(|f| matches!(f.protocol, Protocol::Tcp | Protocol::Udp))
        .filter(|f| f.from != Endpoint::Internet && f.to != Endpoint::Internet)
        .collect()
}

/// The conversations: one template frame per direction (payload sizes vary per packet
/// by cutting the template's payload, which keeps the headers' lengths consistent only
/// if we rebuild; so each packet is built from its size class instead).
fn conversations(topo: &topology::Topology, map: &traffic::TrafficMap) -> Vec<[Conv; 3]> {
    let reps = RepresentativeAddrs::new(topo);
    let flows = inside_flows(map);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let sizes = [60usize, 500, 1400];
    (0..CONVERSATIONS)
        .map(|i| {
            let f = flows[(next() as usize) % flows.len()];
            let (mut src, mut dst) = (addr(reps.of(f.from).unwrap()), addr(reps.of(f.to).unwrap()));
            let port = map.ports(f).ranges().first().map_or(443, |r| r.start());
            let sport = 1024 + (i % 60000) as u16;
            let vlan = (i % 5 == 0).then_some(100 + (i % 7) as u16);
            if i % 10 == 1 {
                let mut a = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                a[12..16].copy_from_slice(&(i as u32).to_be_bytes());
                let mut b = a;
                b[11] = 1;
                src = Addr::V6(a);
                dst = Addr::V6(b);
            }
            let kind = match i % 20 {
                0..=2 => Kind::Esp {
                    spi: i as u32 | 0x100,
                },
                3 => Kind::EspInUdp {
                    spi: i as u32 | 0x100,
                },
                4 => Kind::IkeInUdp,
                _ if f.protocol == Protocol::Udp => Kind::Udp,
                _ => Kind::Tcp { syn: false },
            };
            let (sp, dp) = match kind {
                Kind::EspInUdp { .. } | Kind::IkeInUdp => (4500, 4500),
                Kind::Esp { .. } => (0, 0),
                _ => (sport, port),
            };
            sizes.map(|size| Conv {
                frames: [
                    capture::frame(src, dst, sp, dp, kind, vlan, size),
                    capture::frame(dst, src, dp, sp, kind, vlan, size / 2),
                ],
            })
        })
        .collect()
}

fn time_command(cmd: &mut Command) -> f64 {
    let t = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    // `cordon audit` exits 1 when it finds a violation, as it does here.
    assert!(matches!(status.code(), Some(0 | 1)), "{cmd:?}: {status}");
    t.elapsed().as_secs_f64()
}

/// The fastest of `n` runs. Every command, baseline or cordon, is timed three times: the
/// machine's speed drifts, and a row's ratio should not rest on one unlucky run of
/// either side.
fn best_of(n: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..n).map(|_| f()).fold(f64::INFINITY, f64::min)
}

fn read_in_process(path: &Path) -> (Conversations, audit::ReadStats, f64) {
    let mut conversations = Conversations::new();
    let mut stats = audit::ReadStats::default();
    let t = Instant::now();
    audit::read_capture(path, &mut conversations, &mut stats, &mut |_| {}).unwrap();
    (conversations, stats, t.elapsed().as_secs_f64())
}

/// Run as a child with `CORDON_BENCH_READ_ONLY=FILE`: read one capture, print the peak
/// resident memory in MiB, exit. A fresh process measures memory without the parent's
/// templates and topology.
fn read_only(path: &Path) {
    let (c, s, secs) = read_in_process(path);
    println!("{} {} {secs} {}", peak_rss_mib(), c.len(), s.packets);
}

fn child_read(path: &Path) -> (f64, f64) {
    let o = Command::new(std::env::current_exe().unwrap())
        .env("CORDON_BENCH_READ_ONLY", path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let f: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    (f[0], f[2])
}

/// The baselines this benchmark times cordon against, and the Debian packages they come
/// in: missing, the benchmark says so before it writes a gigabyte.
const BASELINES: [(&str, &str); 2] = [("tcpdump", "tcpdump"), ("tshark", "tshark")];

fn require_baselines() {
    let missing: Vec<&str> = BASELINES
        .iter()
        .filter(|(tool, _)| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .map(|(_, package)| *package)
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "the audit benchmark times cordon beside {}, which this machine lacks: \
             run scripts/test once (it installs them), or apt-get install {}",
            missing.join(" and "),
            missing.join(" ")
        );
        std::process::exit(2);
    }
}

fn main() {
    if let Some(path) = std::env::var_os("CORDON_BENCH_READ_ONLY") {
        read_only(Path::new(&path));
        return;
    }
    require_baselines();
    let gb: f64 = std::env::var("CORDON_BENCH_GB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-audit");
    std::fs::create_dir_all(&dir).unwrap();
    let text = generate(Params {
        sites: 50,
        hosts: 1000,
        client_groups: 500,
        seed: 3,
    })
    .unwrap();
    let topo_path = dir.join("topology.toml");
    std::fs::write(&topo_path, &text).unwrap();
    let mut sources = SourceMap::new();
    let file = sources.add("synth.toml", text.clone());
    let topo = topology::load_text(file, &text, None, &mut sources).unwrap();
    let map = traffic::build(&topo);

    let full = dir.join("capture.pcap");
    let tenth = dir.join("capture-tenth.pcap");
    let t = Instant::now();
    let convs = conversations(&topo, &map);
    let per_round: usize = convs
        .iter()
        .map(|c| {
            c.iter()
                .map(|s| s.frames[0].len() + s.frames[1].len() + 32)
                .sum::<usize>()
        })
        .sum();
    let rounds = ((gb * 1e9) / per_round as f64).ceil().max(1.0) as usize;
    let mut w_full =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&full).unwrap());
    let mut w_tenth =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tenth).unwrap());
    let header = capture::pcap_header(1, false, false);
    w_full.write_all(&header).unwrap();
    w_tenth.write_all(&header).unwrap();
    let total_packets = rounds * CONVERSATIONS * 6;
    let mut written = 0usize;
    let mut record = Vec::with_capacity(2048);
    for round in 0..rounds {
        for (i, c) in convs.iter().enumerate() {
            for (size, class) in c.iter().enumerate() {
                for (d, frame) in class.frames.iter().enumerate() {
                    record.clear();
                    let ts = 1_700_000_000_000_000_000
                        + (round * CONVERSATIONS * 6 + i * 6 + size * 2 + d) as u64 * 1000;
                    capture::pcap_record(&mut record, ts, frame, false, false);
                    w_full.write_all(&record).unwrap();
                    if written < total_packets / 10 {
                        w_tenth.write_all(&record).unwrap();
                    }
                    written += 1;
                }
            }
        }
    }
    w_full.flush().unwrap();
    w_tenth.flush().unwrap();
    drop((w_full, w_tenth));
    let full_bytes = std::fs::metadata(&full).unwrap().len() as f64;
    let tenth_bytes = std::fs::metadata(&tenth).unwrap().len() as f64;
    println!(
        "capture: {:.2} GB, {written} packets, {CONVERSATIONS} conversations ({rounds} rounds); tenth: {:.2} GB; written in {:.1} s",
        full_bytes / 1e9,
        tenth_bytes / 1e9,
        t.elapsed().as_secs_f64()
    );

    // Warm the page cache, then time each reader.
    time_command(Command::new("cat").arg(&full));
    let cat_s = best_of(3, || time_command(Command::new("cat").arg(&full)));
    let tcpdump_s = best_of(3, || {
        time_command(
            Command::new("tcpdump")
                .args(["-r"])
                .arg(&full)
                .args(["-w", "/dev/null"]),
        )
    });
    let tshark_tenth_s = time_command(
        Command::new("tshark")
            .args(["-n", "-q", "-r"])
            .arg(&tenth)
            .args(["-z", "conv,tcp", "-z", "conv,udp"]),
    );
    let (rss_tenth, _) = child_read(&tenth);
    let (rss_full, _) = child_read(&full);
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..3 {
        let (c, s, secs) = read_in_process(&full);
        best = best.min(secs);
        last = Some((c, s));
    }
    let (conversations_read, stats) = last.unwrap();
    let n_conv = conversations_read.len();
    let t = Instant::now();
    let result = audit::classify(&topo, &map, &conversations_read, stats);
    let classify_s = t.elapsed().as_secs_f64();
    let rate = |bytes: f64, s: f64| bytes / s / 1e9;
    let cat = rate(full_bytes, cat_s);
    let tcpdump = rate(full_bytes, tcpdump_s);
    let tshark = rate(tenth_bytes, tshark_tenth_s);
    let cordon_read = rate(full_bytes, best);
    println!();
    println!("| reader | seconds | GB/s | cordon read ÷ this |");
    println!("|---|---|---|---|");
    println!(
        "| cat > /dev/null (baseline) | {cat_s:.3} | {cat:.2} | {:.2} |",
        cordon_read / cat
    );
    println!(
        "| tcpdump -r -w /dev/null | {tcpdump_s:.3} | {tcpdump:.2} | {:.2} |",
        cordon_read / tcpdump
    );
    println!(
        "| tshark -z conv,tcp -z conv,udp (tenth) | {tshark_tenth_s:.3} | {tshark:.3} | {:.0} |",
        cordon_read / tshark
    );
    println!("| cordon: read → conversations (1 thread) | {best:.3} | {cordon_read:.2} | 1.00 |");
    println!();
    println!(
        "classification: {n_conv} conversations in {classify_s:.3} s ({:.2} M/s); {} violations",
        n_conv as f64 / classify_s / 1e6,
        result
            .conversations
            .iter()
            .filter(|c| c.verdict == audit::Verdict::ViolationPlaintext)
            .count()
    );
    println!(
        "peak memory of a process that only reads: {rss_tenth:.0} MiB for the tenth ({:.2} GB), {rss_full:.0} MiB for the whole ({:.2} GB): {:.2}x the memory for {:.1}x the bytes",
        tenth_bytes / 1e9,
        full_bytes / 1e9,
        rss_full / rss_tenth.max(1.0),
        full_bytes / tenth_bytes
    );
    println!(
        "targets: read ≥ 0.5 × cat: {}; faster than tcpdump: {}; ≥ 50 × tshark: {}",
        cordon_read >= 0.5 * cat,
        cordon_read > tcpdump,
        cordon_read >= 50.0 * tshark
    );
    cli_table(&dir, &topo_path, &full, cat_s, tcpdump_s);
    zeek_table(&dir, &topo, &map, &topo_path, gb);
}

/// A conn.log (Zeek's TSV) of about `gb` gigabytes: 100,000 connections drawn from the
/// traffic map as the capture's are, repeated in rounds; then `cordon audit --zeek` as a
/// whole process against `cat` of the same file.
fn zeek_table(
    dir: &Path,
    topo: &topology::Topology,
    map: &traffic::TrafficMap,
    topo_path: &Path,
    gb: f64,
) {
    let reps = RepresentativeAddrs::new(topo);
    let flows = inside_flows(map);
    let mut rows = String::new();
    for i in 0..CONVERSATIONS {
        let f = flows[(i * 7919) % flows.len()];
        let (src, dst) = (reps.of(f.from).unwrap(), reps.of(f.to).unwrap());
        let port = map.ports(f).ranges().first().map_or(443, |r| r.start());
        let proto = if f.protocol == Protocol::Udp {
            "udp"
        } else {
            "tcp"
        };
        let sport = 1024 + (i % 60000);
        rows.push_str(&format!(
            "1700000000.{:06}\tC{i:017}\t{src}\t{sport}\t{dst}\t{port}\t{proto}\t-\t0.{:06}\t{}\t{}\tSF\tT\tT\t0\tShADadFf\t{}\t{}\t{}\t{}\t-\t6\n",
            i % 1_000_000,
            (i * 31) % 1_000_000,
            i % 90_000,
            (i * 3) % 90_000,
            1 + i % 900,
            40 + i % 900_000,
            1 + (i * 7) % 900,
            40 + (i * 5) % 900_000,
        ));
    }
    let log = dir.join("conn.log");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&log).unwrap());
    w.write_all(
        b"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n",
    )
    .unwrap();
    let rounds = ((gb * 1e9) / rows.len() as f64).ceil().max(1.0) as usize;
    for _ in 0..rounds {
        w.write_all(rows.as_bytes()).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let bytes = std::fs::metadata(&log).unwrap().len() as f64;
    time_command(Command::new("cat").arg(&log));
    let cat_s = best_of(3, || time_command(Command::new("cat").arg(&log)));
    let no_match = dir.join("no-match.toml");
    println!();
    println!(
        "| conn.log ({:.2} GB TSV) | seconds | GB/s | ÷ cat's time |",
        bytes / 1e9
    );
    println!("|---|---|---|---|");
    println!(
        "| cat > /dev/null | {cat_s:.3} | {:.2} | 1.00 |",
        bytes / cat_s / 1e9
    );
    // The target is one core's; every core (stretches of the log in parallel) is what a
    // user gets by default.
    for (name, topology, threads) in [
        ("1,000 hosts, matching, --threads 1", topo_path, "1"),
        ("matching none, --threads 1", no_match.as_path(), "1"),
        ("1,000 hosts, matching, every core", topo_path, "0"),
        ("matching none, every core", no_match.as_path(), "0"),
    ] {
        let s = best_of(3, || {
            let mut c = Command::new(env!("CARGO_BIN_EXE_cordon"));
            c.arg("audit").arg(topology).arg("--zeek").arg(&log);
            if threads != "0" {
                c.args(["--threads", threads]);
            }
            time_command(&mut c)
        });
        let target = if threads == "1" {
            " (target ≥ 1)"
        } else {
            ""
        };
        println!(
            "| cordon audit --zeek ({name}) | {s:.3} | {:.2}{target} | {:.2} |",
            bytes / s / 1e9,
            s / cat_s
        );
    }
}

/// A topology none of the capture's addresses belongs to.
const NO_MATCH: &str = r#"[hierarchy]
name = "matches nothing in the capture"
security_mode = "native"

[[site]]
code = "PRI"
kind = "primary"

[[zone]]
name = "lan"
trust = "intranet"
subnets = ["198.18.0.0/16"]

[[host]]
name = "SS"
addresses = ["198.18.0.10"]
zone = "lan"
site = "PRI"
roles = ["site_server", "site_database_server", "provider"]
"#;

/// `cordon audit` as the whole process a user runs, beside cat and tcpdump on the same
/// file: every output format, with the 1,000-host topology that the capture's addresses
/// belong to and with one they do not; then two captures on one thread and on two.
fn cli_table(dir: &Path, matching: &Path, full: &Path, cat_s: f64, tcpdump_s: f64) {
    let no_match = dir.join("no-match.toml");
    std::fs::write(&no_match, NO_MATCH).unwrap();
    let audit = |topology: &Path, captures: &[&Path], format: &str, threads: usize| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cordon"));
        c.arg("audit").arg(topology);
        for capture in captures {
            c.arg("--capture").arg(capture);
        }
        c.args(["--format", format, "--threads", &threads.to_string()]);
        time_command(&mut c)
    };
    println!();
    println!(
        "| cordon audit (whole process) | topology | seconds | ÷ tcpdump's time | ÷ cat's time |"
    );
    println!("|---|---|---|---|---|");
    for (name, topology) in [
        ("1,000 hosts, matching", matching),
        ("matching none", no_match.as_path()),
    ] {
        for format in ["text", "json", "jsonl"] {
            let s = best_of(3, || audit(topology, &[full], format, 2));
            println!(
                "| --format {format} | {name} | {s:.3} | {:.2} (target ≤ 1) | {:.2} (target ≤ 2) |",
                s / tcpdump_s,
                s / cat_s
            );
        }
    }
    // Two captures: the same file under a second name (the page cache holds it once).
    let second = dir.join("capture-second.pcap");
    let _ = std::fs::remove_file(&second);
    std::fs::hard_link(full, &second).unwrap();
    let one = best_of(3, || audit(&no_match, &[full, &second], "text", 1));
    let two = best_of(3, || audit(&no_match, &[full, &second], "text", 2));
    println!();
    println!(
        "two captures, --threads 1: {one:.3} s; --threads 2: {two:.3} s; speed-up {:.2}x",
        one / two
    );
}
