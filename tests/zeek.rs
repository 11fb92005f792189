//! `cordon audit --zeek`: Zeek's conn.log against the capture Zeek made it from (the pairs
//! in tests/data/zeek, from Zeek's own test suite; provenance in its README). Every
//! conversation both see gets the same verdict, flow and packet counts; the differences
//! are the documented ones (docs/audit.md).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{cordon, root, stderr, stdout};

fn data() -> PathBuf {
    root().join("tests/data/zeek")
}

fn fixture() -> String {
    root()
        .join("tests/fixtures/zeek-pairs.toml")
        .display()
        .to_string()
}

fn audit(flag: &str, input: &Path) -> Value {
    let o = cordon(&[
        "audit",
        &fixture(),
        flag,
        &input.display().to_string(),
        "--format",
        "json",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The btest baselines mask each record's time (`XXXXXXXXXX.XXXXXX`): a fixed time in its
/// place makes them what Zeek wrote, give or take the clock.
fn unmasked(log: &Path, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(log).unwrap();
    let out = dir.join(log.file_name().unwrap());
    std::fs::write(&out, text.replace("XXXXXXXXXX.XXXXXX", "1362692526.869344")).unwrap();
    out
}

type Key = (String, String, u64, String, u64);

/// Conversations by protocol and ends: (verdict, flow, packets a→b, packets b→a).
fn by_key(doc: &Value) -> BTreeMap<Key, (String, Value, u64, u64)> {
    doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                (
                    c["protocol"].as_str().unwrap().to_string(),
                    c["a"]["address"].as_str().unwrap().to_string(),
                    c["a"]["port"].as_u64().unwrap(),
                    c["b"]["address"].as_str().unwrap().to_string(),
                    c["b"]["port"].as_u64().unwrap(),
                ),
                (
                    c["verdict"].as_str().unwrap().to_string(),
                    c["flow"].clone(),
                    c["packets_a_to_b"].as_u64().unwrap(),
                    c["packets_b_to_a"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn each_zeek_log_agrees_with_the_audit_of_its_trace_but_for_the_documented_differences() {
    let dir = tempfile::tempdir().unwrap();
    // (pair, conversations only the capture has, only the log has, both with other packet
    // counts). Why each difference: docs/audit.md, "Zeek conn.log".
    let pairs: [(&str, &str, usize, usize, usize); 9] = [
        ("wikipedia", "pcap", 0, 0, 0),
        ("vlan-mpls", "pcap", 0, 1, 0), // MPLS-labelled frames: cordon does not read MPLS
        ("krb-service-name", "pcap", 0, 0, 0),
        ("ldap-sasl-encrypted", "pcap", 0, 0, 0),
        ("ftp-ipv6", "pcap", 0, 0, 0),
        ("gre", "pcap", 1, 6, 0), // Zeek opens GRE, cordon sees the tunnel
        ("pppoe-over-qinq", "pcap", 0, 1, 0), // PPPoE: cordon does not read it
        ("pcapng-multi-interface", "pcapng", 0, 0, 0),
        ("syn-bad", "pcap", 0, 0, 1), // Zeek drops a packet with a bad checksum
    ];
    let mut compared = 0;
    for (pair, ext, only_capture, only_log, differ) in pairs {
        let trace = data().join(format!("{pair}.{ext}"));
        let log = unmasked(&data().join(format!("{pair}.conn.log")), dir.path());
        let (from_trace, from_log) = (
            by_key(&audit("--capture", &trace)),
            by_key(&audit("--zeek", &log)),
        );
        let just_trace = from_trace
            .keys()
            .filter(|k| !from_log.contains_key(*k))
            .count();
        let just_log = from_log
            .keys()
            .filter(|k| !from_trace.contains_key(*k))
            .count();
        assert_eq!(
            (just_trace, just_log),
            (only_capture, only_log),
            "{pair}: {from_trace:#?}\n{from_log:#?}"
        );
        let mut other_counts = 0;
        for (k, t) in &from_trace {
            let Some(l) = from_log.get(k) else { continue };
            compared += 1;
            assert_eq!((&t.0, &t.1), (&l.0, &l.1), "{pair} {k:?}: verdict and flow");
            if (t.2, t.3) != (l.2, l.3) {
                other_counts += 1;
            }
        }
        assert_eq!(
            other_counts, differ,
            "{pair}: {from_trace:#?}\n{from_log:#?}"
        );
    }
    assert!(compared >= 45, "{compared} conversations compared");
}

#[test]
fn json_and_gzip_logs_read_as_the_tsv_does_and_bad_lines_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = unmasked(&data().join("wikipedia.conn.log"), dir.path());
    let gz = dir.path().join("wikipedia.conn.log.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&std::fs::read(&tsv).unwrap()).unwrap();
    enc.finish().unwrap();
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("zeek_logs");
        v["read"].as_object_mut().unwrap().remove("file_bytes");
        v
    };
    assert_eq!(strip(audit("--zeek", &tsv)), strip(audit("--zeek", &gz)));
    // The log is named as a log, not as a capture.
    let doc = audit("--zeek", &gz);
    assert_eq!(doc["zeek_logs"][0], gz.display().to_string());
    assert_eq!(doc["captures"], Value::Array(Vec::new()));
    let text = stdout(&cordon(&[
        "audit",
        &fixture(),
        "--zeek",
        &gz.display().to_string(),
    ]));
    assert!(text.contains("against 1 Zeek log(s):"), "{text}");
    // The JSON form (Zeek's documentation's record of syn-bad) gives what its TSV
    // baseline's columns say: zero packets, one conversation, opened by 141.142.228.5.
    let doc = audit("--zeek", &data().join("syn-bad.conn.log"));
    let c = &doc["conversations"][0];
    assert_eq!(
        (c["packets"].as_u64(), c["protocol"].as_str()),
        (Some(0), Some("tcp"))
    );
    assert_eq!(c["first"], "2013-03-07T21:42:06.869344000Z");
    // A masked time is not a number: the line says so.
    let o = cordon(&[
        "audit",
        &fixture(),
        "--zeek",
        &data().join("wikipedia.conn.log").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("wikipedia.conn.log: byte"), "{err}");
    assert!(
        err.contains("line 10: `ts` is `XXXXXXXXXX.XXXXXX`, not a number"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // Another log, or no header at all.
    for (name, text, want) in [
        (
            "dns.log",
            "#separator \\x09\n#path\tdns\n",
            "this is Zeek's dns.log",
        ),
        (
            "bare.log",
            "1.0\tC1\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\n",
            "before the #fields header",
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = cordon(&["audit", &fixture(), "--zeek", &p.display().to_string()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
    }
}

#[test]
fn the_zeek_fuzz_corpus_replays_without_panics() {
    let dir = root().join("fuzz/corpus-seed/zeek");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            cordon::fuzz_zeek(&bytes),
            "{}: a seed reads",
            e.path().display()
        );
        // Every prefix of the plain seeds, and bytes flipped: never a panic.
        for cut in (0..bytes.len()).step_by(7) {
            let _ = cordon::fuzz_zeek(&bytes[..cut]);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5a;
            let _ = cordon::fuzz_zeek(&flipped);
        }
        n += 1;
    }
    assert!(n >= 3);
    // Inputs the fuzzer once crashed on (an overflowing time): errors now, not panics.
    for e in std::fs::read_dir(root().join("fuzz/regressions/zeek"))
        .unwrap()
        .flatten()
    {
        let _ = cordon::fuzz_zeek(&std::fs::read(e.path()).unwrap());
    }
}

/// A log read in stretches on several threads gives what one reader gives: every pair's
/// log, all of them at once, a log whose header changes halfway (read again whole), and a
/// bad line in a later stretch (the error of one reader, at its line).
#[test]
fn logs_read_in_stretches_on_any_number_of_threads_are_the_logs_read_whole() {
    use cordon::audit::ReadStats;
    use cordon::audit::conversation::Conversations;
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let mut logs: Vec<PathBuf> = std::fs::read_dir(data())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".conn.log"))
        .map(|p| unmasked(&p, dir.path()))
        .collect();
    logs.sort();
    // Two logs one after the other, the second with other columns: its header comes
    // halfway.
    let mut changed = std::fs::read(&logs[0]).unwrap();
    let other = std::fs::read_to_string(&logs[1]).unwrap();
    let fewer: String = other
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            if !l.starts_with('#') {
                // Drop the uid column (the second): the same records, other columns.
                let mut kept = cols.clone();
                if kept.len() > 2 {
                    kept.remove(1);
                }
                kept.join("\t") + "\n"
            } else if l.starts_with("#fields") || l.starts_with("#types") {
                cols.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != 2)
                    .map(|(_, c)| *c)
                    .collect::<Vec<_>>()
                    .join("\t")
                    + "\n"
            } else {
                l.to_string() + "\n"
            }
        })
        .collect();
    changed.extend_from_slice(fewer.as_bytes());
    let changed_path = dir.path().join("changed.conn.log");
    std::fs::write(&changed_path, &changed).unwrap();
    let whole = |paths: &[PathBuf]| {
        let mut t = Conversations::new();
        let mut s = ReadStats::default();
        for p in paths {
            cordon::audit::zeek::read_conn_log(p, &mut t, &mut s)?;
        }
        Ok::<_, cordon::audit::capture::CaptureError>((t.sorted(), s))
    };
    let never = AtomicBool::new(false);
    let mut cases: Vec<Vec<PathBuf>> = logs.iter().map(|l| vec![l.clone()]).collect();
    cases.push(logs.clone());
    cases.push(vec![changed_path.clone()]);
    for case in &cases {
        let one = whole(case).unwrap();
        for segment in [1, 200, 1000, 1 << 20] {
            for threads in [1, 2, 3] {
                let mut t = Conversations::new();
                let mut s = ReadStats::default();
                cordon::audit::zeek::read_conn_logs(case, threads, segment, &mut t, &mut s, &never)
                    .unwrap();
                assert_eq!(
                    (t.sorted(), s),
                    one,
                    "{case:?} in stretches of {segment} bytes on {threads} threads"
                );
            }
        }
    }
    // A bad line near the end: the error one reader gives.
    let mut bad = std::fs::read_to_string(&logs[0]).unwrap();
    bad.push_str("1362692526.869344\tCx\tnot-an-address\t1\t10.0.0.2\t2\ttcp\n");
    let bad_path = dir.path().join("bad.conn.log");
    std::fs::write(&bad_path, bad).unwrap();
    let one = whole(std::slice::from_ref(&bad_path))
        .unwrap_err()
        .to_string();
    let mut t = Conversations::new();
    let mut s = ReadStats::default();
    let stretched = cordon::audit::zeek::read_conn_logs(
        std::slice::from_ref(&bad_path),
        2,
        100,
        &mut t,
        &mut s,
        &never,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(stretched, one);
    assert!(one.contains("not an IP address"), "{one}");
}
