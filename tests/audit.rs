//! `cordon audit` on real captures (../shared/data/pcaps) and on synthetic ones: verdicts,
//! agreement with tshark's conversation tables, damaged files, determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::real_tools::have;
use crate::support::capture::{self, Addr, Kind};
use crate::util::{cordon, root, stderr, stdout};

/// Copies of ../shared/data/pcaps (third-party captures; origins and licences in its
/// README), so that the tests run from a clone alone.
fn pcaps() -> PathBuf {
    root().join("tests/data/pcaps")
}

fn fixture() -> String {
    root()
        .join("tests/fixtures/audit-captures.toml")
        .display()
        .to_string()
}

fn audit_json(topology: &str, capture: &Path) -> (Value, i32) {
    let o = cordon(&[
        "audit",
        topology,
        "--capture",
        &capture.display().to_string(),
        "--format",
        "json",
    ]);
    let code = o.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "{}", stderr(&o));
    (serde_json::from_str(&stdout(&o)).unwrap(), code)
}

/// (verdict → conversations) of an audit.
fn verdicts(doc: &Value) -> BTreeMap<String, u64> {
    doc["summary"]["by_verdict"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["conversations"].as_u64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn the_shared_captures_get_the_verdicts_their_roles_call_for() {
    // (capture, verdicts, exit status). Why each: tests/fixtures/audit-captures.toml.
    type Case<'a> = (&'a str, &'a [(&'a str, u64)], i32);
    let cases: &[Case<'_>] = &[
        // SMB from the site server to a distribution point must be ESP.
        ("zeek-smb2.pcap", &[("violation-plaintext", 1)], 1),
        // SQL from a management point to the site database must be ESP.
        ("ndpi-mssql_tds.pcap", &[("violation-plaintext", 12)], 1),
        // Kerberos with a DC is exempt by default, and so is the rest of what a domain
        // member does with its DC (LDAP, SMB, RPC: the windows-domain catalog), which
        // the Configuration Manager catalog alone left unexpected (24 + 12 before).
        ("ndpi-kerberos.pcap", &[("ok-exempt", 36)], 0),
        // In a zone with domain_controllers = "protect", Kerberos and LDAP in the clear
        // break it (LDAP was unexpected before the windows-domain catalog).
        ("zeek-ldap-aduser1.pcap", &[("violation-plaintext", 4)], 1),
        // ESP between a site server and its management point.
        (
            "tcpdump-02-sunrise-sunset-esp.pcap",
            &[("ok-encrypted", 1)],
            0,
        ),
        // IKE on 500, then IKE and ESP in UDP 4500 (the non-ESP marker tells them apart).
        ("tcpdump-isakmp4500.pcap", &[("ok-encrypted", 2)], 0),
        // Roaming clients run a VPN to gateways no flow of the map knows.
        ("ndpi-ipsec_isakmp_esp.pcap", &[("unexpected", 24)], 0),
        // A lab client browsing the web: no flow explains it.
        ("zeek-http-bro.org.pcap", &[("unexpected", 13)], 0),
        // Neither end is ours.
        ("zeek-ip6_esp.pcap", &[("outside", 13)], 0),
        ("zeek-tls-ecdhe.pcap", &[("outside", 1)], 0),
    ];
    for (file, want, code) in cases {
        let (doc, status) = audit_json(&fixture(), &pcaps().join(file));
        assert_eq!(verdicts(&doc), counts(want), "{file}");
        assert_eq!(status, *code, "{file}: exit status");
    }
    // The violation names the flow and the catalog row it breaks, with counts and times.
    let (doc, _) = audit_json(&fixture(), &pcaps().join("zeek-smb2.pcap"));
    let c = &doc["conversations"][0];
    assert_eq!(c["flow"], "ss-dp-smb:CM01->DP01");
    assert_eq!(c["row"], "ss-dp-smb");
    assert_eq!(c["path"], "site_server_to_site_system");
    assert_eq!(c["initiator"], "a");
    assert_eq!(
        (c["packets"].as_u64(), c["bytes"].as_u64()),
        (Some(1178), Some(1_585_815))
    );
    assert_eq!(c["first"], "2011-12-06T20:18:15.370647000Z");
    // The IKE-and-ESP capture: the IKE conversation on 500 led to ESP in 4500.
    let (doc, _) = audit_json(&fixture(), &pcaps().join("tcpdump-isakmp4500.pcap"));
    let seen: Vec<&str> = doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["seen"].as_str().unwrap())
        .collect();
    assert_eq!(seen, ["ike", "esp-in-udp"]);
    assert_eq!(
        doc["read"]["skipped"]["not-ip"], 8,
        "the capture's ARP frames"
    );
}

/// One row of a tshark conversation table, direction-free.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Conv {
    ends: (String, String),
    /// Frames each way, sorted.
    frames: (u64, u64),
    /// Bytes each way, sorted; `None` where tshark rounded them to kB or MB.
    bytes: Option<(u64, u64)>,
    total_bytes_rounded: (u64, &'static str),
}

fn sorted(a: u64, b: u64) -> (u64, u64) {
    (a.min(b), a.max(b))
}

fn unit_value(n: u64, unit: &str) -> (u64, &'static str) {
    match unit {
        "bytes" => (n, "bytes"),
        "kB" => (n, "kB"),
        "MB" => (n, "MB"),
        other => panic!("tshark unit {other}"),
    }
}

fn round_like_tshark(bytes: u64, unit: &str) -> u64 {
    match unit {
        "kB" => bytes / 1000,
        "MB" => bytes / 1_000_000,
        _ => bytes,
    }
}

/// tshark's conversation tables (`-z conv,tcp -z conv,udp -z conv,ip -z conv,ipv6`).
fn tshark_conversations(file: &Path) -> BTreeMap<&'static str, Vec<Conv>> {
    let o = Command::new("tshark")
        .args(["-n", "-q", "-r"])
        .arg(file)
        .args([
            "-z",
            "conv,tcp",
            "-z",
            "conv,udp",
            "-z",
            "conv,ip",
            "-z",
            "conv,ipv6",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let mut out: BTreeMap<&'static str, Vec<Conv>> = BTreeMap::new();
    let mut table = "";
    for line in text.lines() {
        table = match line.trim() {
            "TCP Conversations" => "tcp",
            "UDP Conversations" => "udp",
            "IPv4 Conversations" => "ip",
            "IPv6 Conversations" => "ipv6",
            _ => table,
        };
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 11 || f[1] != "<->" {
            continue;
        }
        // A <-> B  frames bytes unit  frames bytes unit  frames bytes unit  start  duration
        let n = |i: usize| f[i].replace(',', "").parse::<u64>().unwrap();
        let (f1, b1, u1) = (n(3), n(4), f[5]);
        let (f2, b2, u2) = (n(6), n(7), f[8]);
        let total = unit_value(n(10), f[11]);
        let mut ends = (f[0].to_string(), f[2].to_string());
        if ends.0 > ends.1 {
            ends = (ends.1, ends.0);
        }
        out.entry(table).or_default().push(Conv {
            ends,
            frames: sorted(f1, f2),
            bytes: (u1 == "bytes" && u2 == "bytes").then(|| sorted(b1, b2)),
            total_bytes_rounded: total,
        });
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

fn endpoint(end: &Value, with_port: bool) -> String {
    let a = end["address"].as_str().unwrap();
    if with_port {
        format!("{a}:{}", end["port"])
    } else {
        a.to_string()
    }
}

/// cordon's conversations, in tshark's tables' shape.
fn cordon_conversations(doc: &Value) -> BTreeMap<&'static str, Vec<Conv>> {
    // (lower address, higher address, IPv6) -> packets and bytes each way.
    type Pair = (String, String, bool);
    let mut ip: BTreeMap<Pair, [u64; 4]> = BTreeMap::new();
    let mut out: BTreeMap<&'static str, Vec<Conv>> = BTreeMap::new();
    for c in doc["conversations"].as_array().unwrap() {
        let proto = c["protocol"].as_str().unwrap();
        let v6 = c["a"]["address"].as_str().unwrap().contains(':');
        let (pa, pb, ba, bb) = (
            c["packets_a_to_b"].as_u64().unwrap(),
            c["packets_b_to_a"].as_u64().unwrap(),
            c["bytes_a_to_b"].as_u64().unwrap(),
            c["bytes_b_to_a"].as_u64().unwrap(),
        );
        // tshark's IP table pairs addresses in the order it first saw them; ours are
        // sorted: compare direction-free.
        let (x, y) = (endpoint(&c["a"], false), endpoint(&c["b"], false));
        let key = if x <= y { (x, y, v6) } else { (y, x, v6) };
        let flip = endpoint(&c["a"], false) > endpoint(&c["b"], false);
        let e = ip.entry(key).or_default();
        let add = if flip {
            [pb, pa, bb, ba]
        } else {
            [pa, pb, ba, bb]
        };
        for (x, y) in e.iter_mut().zip(add) {
            *x += y;
        }
        let table = match proto {
            "tcp" => "tcp",
            "udp" => "udp",
            _ => continue,
        };
        let mut ends = (endpoint(&c["a"], true), endpoint(&c["b"], true));
        if ends.0 > ends.1 {
            ends = (ends.1, ends.0);
        }
        out.entry(table).or_default().push(Conv {
            ends,
            frames: sorted(pa, pb),
            bytes: Some(sorted(ba, bb)),
            total_bytes_rounded: (ba + bb, "bytes"),
        });
    }
    for ((x, y, v6), [pa, pb, ba, bb]) in ip {
        out.entry(if v6 { "ipv6" } else { "ip" })
            .or_default()
            .push(Conv {
                ends: (x, y),
                frames: sorted(pa, pb),
                bytes: Some(sorted(ba, bb)),
                total_bytes_rounded: (ba + bb, "bytes"),
            });
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// The two sets of tables agree: same conversations, same frame counts each way, same
/// bytes (exactly where tshark prints bytes; to its rounding where it prints kB or MB).
fn assert_agree(file: &Path, topology: &str) {
    let (doc, _) = audit_json(topology, file);
    let theirs = tshark_conversations(file);
    let ours = cordon_conversations(&doc);
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "{}: tables",
        file.display()
    );
    for (table, rows) in &theirs {
        let mine = &ours[table];
        assert_eq!(rows.len(), mine.len(), "{}: {table} rows", file.display());
        for (t, c) in rows.iter().zip(mine) {
            assert_eq!(t.ends, c.ends, "{}: {table}", file.display());
            assert_eq!(
                t.frames,
                c.frames,
                "{}: {table} {:?}",
                file.display(),
                t.ends
            );
            if let Some(b) = t.bytes {
                assert_eq!(Some(b), c.bytes, "{}: {table} {:?}", file.display(), t.ends);
            }
            let (n, unit) = t.total_bytes_rounded;
            let ours_rounded = round_like_tshark(c.total_bytes_rounded.0, unit);
            assert!(
                ours_rounded.abs_diff(n) <= 1,
                "{}: {table} {:?}: {n} {unit} vs {} bytes",
                file.display(),
                t.ends,
                c.total_bytes_rounded.0
            );
        }
    }
}

#[test]
fn conversations_agree_with_tshark_on_every_shared_capture() {
    if !have("tshark") {
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(pcaps())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 10);
    for f in files {
        assert_agree(&f, &fixture());
    }
}

fn v4(d: u8) -> Addr {
    Addr::V4([192, 1, 2, d])
}

/// A capture with what the shared ones lack: VLAN tags, IPv6 TCP, IKE that never led to
/// ESP, ESP in UDP with a keepalive-free exchange, SYNs, and several interfaces.
fn synthetic_frames() -> Vec<Vec<u8>> {
    let cm02 = v4(23);
    let mp02 = v4(45);
    let dp02 = v4(254);
    let web = Addr::V4([198, 51, 100, 7]);
    let mut frames = Vec::new();
    // CM02 -> DP02 SMB in the clear, VLAN-tagged: a violation.
    frames.push(capture::frame(
        cm02,
        dp02,
        50000,
        445,
        Kind::Tcp { syn: true },
        Some(10),
        0,
    ));
    for _ in 0..3 {
        frames.push(capture::frame(
            cm02,
            dp02,
            50000,
            445,
            Kind::Tcp { syn: false },
            Some(10),
            300,
        ));
        frames.push(capture::frame(
            dp02,
            cm02,
            445,
            50000,
            Kind::Tcp { syn: false },
            Some(10),
            900,
        ));
    }
    // CM02 <-> MP02: IKE on 500 and never any ESP.
    for _ in 0..4 {
        frames.push(capture::frame(cm02, mp02, 500, 500, Kind::Udp, None, 300));
    }
    // DP02 <-> CM02 ESP in UDP 4500, after IKE in 4500.
    frames.push(capture::frame(
        dp02,
        cm02,
        4500,
        4500,
        Kind::IkeInUdp,
        None,
        200,
    ));
    for spi in [0x1000_0001u32, 0x2000_0002] {
        frames.push(capture::frame(
            dp02,
            cm02,
            4500,
            4500,
            Kind::EspInUdp { spi },
            None,
            700,
        ));
    }
    // A lab client browsing a web server on 80: unexpected.
    frames.push(capture::frame(
        Addr::V4([10, 0, 2, 99]),
        web,
        40001,
        80,
        Kind::Tcp { syn: true },
        None,
        0,
    ));
    // IPv6 between two strangers: outside.
    let x = Addr::V6([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    let y = Addr::V6([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    frames.push(capture::frame(
        x,
        y,
        1234,
        443,
        Kind::Tcp { syn: true },
        Some(20),
        0,
    ));
    frames.push(capture::frame(
        y,
        x,
        443,
        1234,
        Kind::Tcp { syn: false },
        Some(20),
        40,
    ));
    // ESP, IP protocol 50, between the site server and its distribution point.
    frames.push(capture::frame(
        cm02,
        dp02,
        0,
        0,
        Kind::Esp { spi: 7 },
        None,
        120,
    ));
    frames
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn pcap_byte_orders_resolutions_and_pcapng_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let frames = synthetic_frames();
    let mut files = Vec::new();
    for (nanos, be) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut out = capture::pcap_header(1, nanos, be);
        for (i, f) in frames.iter().enumerate() {
            capture::pcap_record(
                &mut out,
                1_700_000_000_000_000_000 + i as u64 * 1000,
                f,
                nanos,
                be,
            );
        }
        files.push(write(dir.path(), &format!("n{nanos}-be{be}.pcap"), &out));
    }
    // pcapng: two sections; the second has two interfaces (µs and ns) and alternates.
    let mut ng = Vec::new();
    capture::pcapng_section(&mut ng);
    capture::pcapng_interface(&mut ng, 1, None);
    let half = frames.len() / 2;
    for (i, f) in frames[..half].iter().enumerate() {
        capture::pcapng_packet(&mut ng, 0, 1_700_000_000_000_000 + i as u64, f);
    }
    capture::pcapng_section(&mut ng);
    capture::pcapng_interface(&mut ng, 1, Some(6));
    capture::pcapng_interface(&mut ng, 1, Some(9));
    for (i, f) in frames[half..].iter().enumerate() {
        let i = (half + i) as u64;
        if i.is_multiple_of(2) {
            capture::pcapng_packet(&mut ng, 0, 1_700_000_000_000_000 + i, f);
        } else {
            capture::pcapng_packet(&mut ng, 1, 1_700_000_000_000_000_000 + i * 1000, f);
        }
    }
    files.push(write(dir.path(), "mixed.pcapng", &ng));

    let fixture = fixture();
    let mut first: Option<Value> = None;
    for f in &files {
        let (doc, status) = audit_json(&fixture, f);
        assert_eq!(status, 1, "{}: the SMB violation", f.display());
        assert_eq!(
            verdicts(&doc),
            counts(&[
                ("violation-plaintext", 1),
                ("ike-without-esp", 1),
                ("unexpected", 1),
                ("ok-encrypted", 2),
                ("outside", 1),
            ]),
            "{}",
            f.display()
        );
        let strip = |d: &Value| {
            let mut d = d["conversations"].clone();
            for c in d.as_array_mut().unwrap() {
                c.as_object_mut().unwrap().remove("first");
                c.as_object_mut().unwrap().remove("last");
            }
            d
        };
        match &first {
            None => first = Some(strip(&doc)),
            Some(x) => assert_eq!(x, &strip(&doc), "{}", f.display()),
        }
        if have("tshark") {
            assert_agree(f, &fixture);
        }
    }
    // The violation is the VLAN-tagged SMB, opened by CM02 (its SYN says so).
    let (doc, _) = audit_json(&fixture, &files[0]);
    let v = &doc["conversations"][0];
    assert_eq!(
        (v["verdict"].as_str(), v["flow"].as_str()),
        (Some("violation-plaintext"), Some("ss-dp-smb:CM02->DP02"))
    );
    assert_eq!(
        (v["packets"].as_u64(), v["initiator"].as_str()),
        (Some(7), Some("a"))
    );
    let ike = doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["verdict"] == "ike-without-esp")
        .unwrap();
    assert_eq!(ike["ike_packets"], 4);
}

#[test]
fn text_jsonl_and_json_tell_the_same_story_and_repeat_byte_for_byte() {
    let smb = pcaps().join("zeek-smb2.pcap");
    let kerberos = pcaps().join("ndpi-kerberos.pcap");
    let args = |format: &str| {
        cordon(&[
            "audit",
            &fixture(),
            "--capture",
            &smb.display().to_string(),
            "--capture",
            &kerberos.display().to_string(),
            "--format",
            format,
        ])
    };
    let text = args("text");
    assert_eq!(text.status.code(), Some(1));
    let t = stdout(&text);
    assert!(t.contains("violation-plaintext"), "{t}");
    assert!(t.contains("ss-dp-smb:CM01->DP01"), "{t}");
    // Violations come first in the attention list.
    let list = t.split("Needs attention").nth(1).unwrap();
    let first_row = list.lines().find(|l| l.contains("tcp")).unwrap();
    assert!(first_row.contains("violation-plaintext"), "{first_row}");
    assert_eq!(stdout(&args("text")), t, "text output is deterministic");
    let jsonl = stdout(&args("jsonl"));
    let json: Value = serde_json::from_str(&stdout(&args("json"))).unwrap();
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 37);
    assert_eq!(&Value::Array(lines), &json["conversations"]);
    assert_eq!(json["schema"], "cordon.audit/1");
    assert_eq!(json["read"]["packets"], 1178 + 77);
}

#[test]
fn damaged_captures_get_a_clear_error_with_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(pcaps().join("ndpi-kerberos.pcap")).unwrap();
    let mut ng = Vec::new();
    capture::pcapng_section(&mut ng);
    capture::pcapng_interface(&mut ng, 1, None);
    capture::pcapng_packet(&mut ng, 0, 1, &synthetic_frames()[0]);
    let mut absurd = good[..24].to_vec();
    absurd.extend_from_slice(&[
        0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]);
    let mut odd_block = ng.clone();
    odd_block[ng.len() - 4..].copy_from_slice(&13u32.to_le_bytes());
    let mut bad_len = ng.clone();
    let epb_at = ng.len() - (ng.len() - 28 - 20);
    bad_len[epb_at + 4..epb_at + 8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.pcap",
            Vec::new(),
            "byte 0: the file is shorter than any capture header",
        ),
        (
            "text.pcap",
            b"hello, world\n".to_vec(),
            "byte 0: not a pcap or pcapng file",
        ),
        (
            "cut-header.pcap",
            good[..20].to_vec(),
            "byte 0: the file ends inside the 24-byte pcap header",
        ),
        (
            "cut-record.pcap",
            good[..good.len() - 10].to_vec(),
            "the file ends inside a packet record",
        ),
        (
            "cut-record-header.pcap",
            good[..24 + 8].to_vec(),
            "byte 24: the file ends inside a 16-byte record header",
        ),
        (
            "absurd.pcap",
            absurd,
            "byte 24: a record claims 4294967295 captured bytes",
        ),
        (
            "trailer.pcapng",
            odd_block,
            "trailing length (13) disagrees",
        ),
        (
            "bad-length.pcapng",
            bad_len,
            "claims a length of 4294967280 bytes",
        ),
        (
            "cut.pcapng",
            ng[..ng.len() - 6].to_vec(),
            "the file ends inside a pcapng block",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = write(dir.path(), name, &bytes);
        let o = cordon(&["audit", &fixture(), "--capture", &p.display().to_string()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
        assert!(err.contains(name), "{name}: names the file: {err}");
        assert!(stdout(&o).is_empty(), "{name}: nothing half-written");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn damaged_packets_are_counted_and_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let frames = synthetic_frames();
    let mut out = capture::pcap_header(1, false, false);
    capture::pcap_record(&mut out, 0, &frames[0], false, false);
    capture::pcap_record(&mut out, 1, &[], false, false);
    capture::pcap_record(&mut out, 2, &frames[1][..20], false, false);
    let mut garbage = frames[1].clone();
    garbage[18] = 0x41; // IPv4 with a 4-byte header
    capture::pcap_record(&mut out, 3, &garbage, false, false);
    let p = write(dir.path(), "damaged.pcap", &out);
    let (doc, _) = audit_json(&fixture(), &p);
    assert_eq!(doc["read"]["packets"], 4);
    assert_eq!(doc["read"]["skipped"]["zero-length"], 1);
    assert_eq!(doc["read"]["skipped"]["truncated"], 1);
    assert_eq!(doc["read"]["skipped"]["malformed"], 1);
    // An unknown link type is counted with its number.
    let mut other = capture::pcap_header(147, false, false);
    capture::pcap_record(&mut other, 0, &frames[0], false, false);
    let p = write(dir.path(), "user0.pcap", &other);
    let (doc, _) = audit_json(&fixture(), &p);
    assert_eq!(doc["read"]["unknown_link_types"]["147"], 1);
    let text = stdout(&cordon(&[
        "audit",
        &fixture(),
        "--capture",
        &p.display().to_string(),
    ]));
    assert!(
        text.contains("not audited: 1 unknown-link-type; unknown link types: 147"),
        "{text}"
    );
}

#[test]
fn the_capture_fuzz_corpus_replays_without_panics() {
    let dir = root().join("fuzz/corpus-seed/capture");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        cordon::fuzz_capture(&bytes);
        // Every prefix and a few flipped bytes too.
        for cut in (0..bytes.len()).step_by(7) {
            cordon::fuzz_capture(&bytes[..cut]);
        }
        for i in (0..bytes.len()).step_by(13) {
            let mut b = bytes.clone();
            b[i] ^= 0xA5;
            cordon::fuzz_capture(&b);
        }
        n += 1;
    }
    assert!(n >= 3, "seed corpus in {}", dir.display());
}

#[test]
fn many_unexpected_conversations_read_as_a_few_lines() {
    // 650 unexpected conversations between the same two hosts on 51 ports read as one
    // line with counts and a port summary.
    let (cm02, mp02) = (v4(23), v4(45));
    let mut out = capture::pcap_header(1, false, false);
    let mut n = 0u64;
    let mut add = |sport: u16, dport: u16| {
        let f = capture::frame(cm02, mp02, sport, dport, Kind::Tcp { syn: true }, None, 0);
        capture::pcap_record(
            &mut out,
            1_700_000_000_000_000_000 + n * 1000,
            &f,
            false,
            false,
        );
        n += 1;
    };
    for i in 0..600u16 {
        add(20_000 + i, 9999);
    }
    for p in 0..50u16 {
        add(40_000, 7000 + p);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "many.pcap", &out);
    let text = stdout(&cordon(&[
        "audit",
        &fixture(),
        "--capture",
        file.to_str().unwrap(),
    ]));
    let attention = text.split("Needs attention").nth(1).unwrap();
    let rows: Vec<&str> = attention
        .lines()
        .filter(|l| l.contains("unexpected"))
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows[0].contains("CM02") && rows[0].contains("MP02"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("7000, 7001, 7002, 7003 +47"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains(" 650 "), "{}", rows[0]);

    // Several lines: --limit stops the table and says how to see the rest; --all does not.
    let smb = pcaps().join("zeek-smb2.pcap").display().to_string();
    let ldap = pcaps().join("zeek-ldap-aduser1.pcap").display().to_string();
    let topology = fixture();
    let run = |extra: &[&str]| {
        let mut args = vec!["audit", topology.as_str()];
        args.extend_from_slice(&["--capture", &smb, "--capture", &ldap]);
        args.extend_from_slice(extra);
        stdout(&cordon(&args))
    };
    let lines = |t: &str| {
        t.split("Needs attention")
            .nth(1)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("| ") && !l.contains("verdict"))
            .count()
    };
    let all = run(&["--all"]);
    assert!(lines(&all) >= 2, "{all}");
    assert!(!all.contains("more lines"), "{all}");
    let one = run(&["--limit", "1"]);
    assert_eq!(lines(&one), 1, "{one}");
    assert!(
        one.contains(&format!("... and {} more lines", lines(&all) - 1)),
        "{one}"
    );
}

// Crafted captures: each says what a damaged or unusual record becomes, and agrees with
// tshark where tshark has an answer to compare.

/// A pcapng section in either byte order, with one Ethernet interface carrying these
/// options (code, value), and enhanced packets at these timestamps (interface units).
fn pcapng_with_options(
    big_endian: bool,
    options: &[(u16, Vec<u8>)],
    packets: &[(u64, &[u8])],
) -> Vec<u8> {
    let mut out = Vec::new();
    capture::pcapng_section_in(&mut out, big_endian);
    capture::pcapng_interface_with(&mut out, 1, options, big_endian);
    for (ts, data) in packets {
        capture::pcapng_packet_in(&mut out, 0, *ts, data, big_endian);
    }
    out
}

/// tshark's `frame.time_epoch` of each packet, in nanoseconds.
fn tshark_epochs(file: &Path) -> Vec<u128> {
    let o = Command::new("tshark")
        .args([
            "-r",
            &file.display().to_string(),
            "-T",
            "fields",
            "-e",
            "frame.time_epoch",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let (s, f) = l.trim().split_once('.').unwrap_or((l.trim(), "0"));
            let f = format!("{f:0<9}");
            s.parse::<u128>().unwrap() * 1_000_000_000 + f[..9].parse::<u128>().unwrap()
        })
        .collect()
}

/// The audit's `first` timestamp of its only conversation, in nanoseconds.
fn first_ns(doc: &Value) -> u128 {
    chrono_free_parse(doc["conversations"][0]["first"].as_str().unwrap())
}

/// `YYYY-MM-DDTHH:MM:SS.fffffffffZ` as nanoseconds since the epoch (days from the civil
/// calendar, so the test needs no date crate).
fn chrono_free_parse(t: &str) -> u128 {
    let (date, time) = t.trim_end_matches('Z').split_once('T').unwrap();
    let d: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, day) = (d[0], d[1], d[2]);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let h: Vec<i64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    let secs = days * 86_400 + h[0] * 3600 + h[1] * 60 + h[2];
    let frac = format!("{frac:0<9}");
    secs as u128 * 1_000_000_000 + frac[..9].parse::<u128>().unwrap()
}

#[test]
fn pcapng_timestamp_options_in_both_forms_and_byte_orders_agree_with_tshark() {
    let dir = tempfile::tempdir().unwrap();
    let frame = synthetic_frames()[0].clone();
    // 2^-10 s units (if_tsresol 0x8a); 10^-9 s with an offset of one hour back
    // (if_tsoffset) in a big-endian section, and the same in a little-endian one.
    let units = 1_700_000_000u64 * 1024 + 512;
    let ns = 1_700_000_000_123_456_789u64;
    let cases: Vec<(&str, Vec<u8>, u128)> = vec![
        (
            "pow2.pcapng",
            pcapng_with_options(false, &[(9, vec![0x8a])], &[(units, &frame)]),
            1_700_000_000_500_000_000,
        ),
        (
            "offset-be.pcapng",
            pcapng_with_options(
                true,
                &[(9, vec![9]), (14, (-3600i64).to_be_bytes().to_vec())],
                &[(ns, &frame)],
            ),
            u128::from(ns) - 3_600_000_000_000,
        ),
        (
            "offset-le.pcapng",
            pcapng_with_options(
                false,
                &[(9, vec![9]), (14, (-3600i64).to_le_bytes().to_vec())],
                &[(ns, &frame)],
            ),
            u128::from(ns) - 3_600_000_000_000,
        ),
    ];
    for (name, bytes, want) in cases {
        let p = write(dir.path(), name, &bytes);
        let (doc, _) = audit_json(&fixture(), &p);
        assert_eq!(first_ns(&doc), want, "{name}: {doc}");
        if have("tshark") {
            assert_eq!(tshark_epochs(&p), vec![want], "{name}: tshark");
        }
    }
    // A resolution no 64-bit count holds is an error, not a silent microsecond.
    let p = write(
        dir.path(),
        "too-fine.pcapng",
        &pcapng_with_options(false, &[(9, vec![0x80 | 70])], &[(1, &frame)]),
    );
    let o = cordon(&["audit", &fixture(), "--capture", &p.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("if_tsresol 0xc6"), "{}", stderr(&o));
}

/// An Ethernet frame holding one IPv4 fragment (`offset` in 8-byte units) of datagram `id`
/// from `src` to `dst`, protocol UDP; `payload` starts with the UDP header in the first.
fn ipv4_fragment(
    src: [u8; 4],
    dst: [u8; 4],
    id: u16,
    offset: u16,
    more: bool,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    let total = (20 + payload.len()) as u16;
    let flags_offset = offset | if more { 0x2000 } else { 0 };
    let mut ip = vec![0x45, 0];
    ip.extend_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&id.to_be_bytes());
    ip.extend_from_slice(&flags_offset.to_be_bytes());
    ip.extend_from_slice(&[64, 17, 0, 0]);
    ip.extend_from_slice(&src);
    ip.extend_from_slice(&dst);
    let sum = ip
        .chunks(2)
        .map(|w| u32::from(u16::from_be_bytes([w[0], w[1]])))
        .sum::<u32>();
    let sum = !(((sum & 0xFFFF) + (sum >> 16)) as u16);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    f.extend_from_slice(&ip);
    f.extend_from_slice(payload);
    f
}

/// The same for IPv6, with a fragment extension header.
fn ipv6_fragment(
    src: [u8; 16],
    dst: [u8; 16],
    id: u32,
    offset: u16,
    more: bool,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd];
    f.extend_from_slice(&[0x60, 0, 0, 0]);
    f.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    f.extend_from_slice(&[44, 64]);
    f.extend_from_slice(&src);
    f.extend_from_slice(&dst);
    f.extend_from_slice(&[17, 0]);
    f.extend_from_slice(&((offset << 3) | u16::from(more)).to_be_bytes());
    f.extend_from_slice(&id.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

#[test]
fn fragments_captured_before_their_first_fragment_join_its_conversation() {
    let dir = tempfile::tempdir().unwrap();
    // UDP 4500 from 192.1.2.254 to 192.1.2.23, 24 bytes of data: 16 in the first
    // fragment (after the UDP header), 8 in the second, captured second-first.
    let mut udp = vec![0x11, 0x94, 0x11, 0x94, 0, 32, 0, 0];
    udp.extend_from_slice(&[0x5A; 16]);
    let (a, b) = ([192, 1, 2, 254], [192, 1, 2, 23]);
    let v4 = [
        ipv4_fragment(a, b, 77, 3, false, &[0x5A; 8]),
        ipv4_fragment(a, b, 77, 0, true, &udp),
    ];
    let (x, y) = (
        [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    );
    let v6 = [
        ipv6_fragment(x, y, 99, 3, false, &[0x5A; 8]),
        ipv6_fragment(x, y, 99, 0, true, &udp),
    ];
    for (name, frames) in [("v4.pcap", v4), ("v6.pcap", v6)] {
        let mut out = capture::pcap_header(1, false, false);
        for (i, f) in frames.iter().enumerate() {
            capture::pcap_record(
                &mut out,
                1_700_000_000_000_000_000 + i as u64 * 1000,
                f,
                false,
                false,
            );
        }
        let p = write(dir.path(), name, &out);
        let (doc, _) = audit_json(&fixture(), &p);
        let convs = doc["conversations"].as_array().unwrap();
        assert_eq!(
            convs.len(),
            1,
            "{name}: one conversation, with its ports: {doc}"
        );
        let c = &convs[0];
        assert_eq!(
            (c["packets"].as_u64(), c["fragments"].as_u64()),
            (Some(2), Some(2)),
            "{name}"
        );
        let ends = (c["a"]["port"].as_u64(), c["b"]["port"].as_u64());
        assert_eq!(ends, (Some(4500), Some(4500)), "{name}: {c}");
    }
}

#[test]
fn keepalives_absurd_lengths_and_long_records_are_counted_for_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (dp02, cm02, mp02) = (v4(254), v4(23), v4(45));
    let mut frames = vec![capture::frame(
        dp02,
        cm02,
        4500,
        4500,
        Kind::IkeInUdp,
        None,
        200,
    )];
    // Three NAT-T keepalives (the one byte 0xFF) and nothing else: IKE without ESP.
    let mut keepalive = capture::frame(dp02, cm02, 4500, 4500, Kind::Udp, None, 1);
    let last = keepalive.len() - 1;
    keepalive[last] = 0xFF;
    frames.extend(std::iter::repeat_n(keepalive, 3));
    let mut out = capture::pcap_header(1, false, false);
    for (i, f) in frames.iter().enumerate() {
        capture::pcap_record(
            &mut out,
            1_700_000_000_000_000_000 + i as u64 * 1000,
            f,
            false,
            false,
        );
    }
    // A record claiming 0xFFFFFFF0 bytes on the wire: counted at its captured length.
    let smb = capture::frame(cm02, mp02, 40000, 445, Kind::Tcp { syn: true }, None, 10);
    let at = out.len();
    capture::pcap_record(&mut out, 1_700_000_001_000_000_000, &smb, false, false);
    out[at + 12..at + 16].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let p = write(dir.path(), "odd.pcap", &out);
    let (doc, _) = audit_json(&fixture(), &p);
    let nat_t = doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["a"]["port"] == 4500)
        .unwrap();
    assert_eq!(
        (
            nat_t["ike_packets"].as_u64(),
            nat_t["keepalive_packets"].as_u64()
        ),
        (Some(1), Some(3)),
        "{nat_t}"
    );
    assert_eq!(nat_t["verdict"], "ike-without-esp");
    // It names the encrypted flow the negotiation was for.
    assert!(nat_t["flow"].is_string(), "{nat_t}");
    let all_bytes: u64 = frames.iter().map(|f| f.len() as u64).sum::<u64>() + smb.len() as u64;
    assert_eq!(doc["read"]["wire_bytes"].as_u64(), Some(all_bytes));
    assert_eq!(doc["read"]["absurd_wire_len"], 1);
    if have("tshark") {
        // tshark shows the length as its field's largest value; the captured bytes agree.
        let o = Command::new("tshark")
            .args([
                "-r",
                &p.display().to_string(),
                "-T",
                "fields",
                "-e",
                "frame.len",
                "-e",
                "frame.cap_len",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        let last = text.lines().last().unwrap();
        assert_eq!(last, format!("2147483647\t{}", smb.len()), "{text}");
    }
    let audited_though = |p: &Path, what: &str| {
        let text = stdout(&cordon(&[
            "audit",
            &fixture(),
            "--capture",
            &p.display().to_string(),
        ]));
        assert!(
            text.contains(&format!("audited, though damaged: 1 {what}")),
            "{text}"
        );
        assert!(!text.contains("not audited"), "{text}");
    };
    audited_though(
        &p,
        "claiming more than 262144 bytes on the wire (counted at their captured length)",
    );

    // A record longer than its snapshot length was audited: the text says so.
    let mut short = capture::pcap_header(1, false, false);
    short[16..20].copy_from_slice(&64u32.to_le_bytes());
    capture::pcap_record(&mut short, 0, &frames[0], false, false);
    let p = write(dir.path(), "snaplen.pcap", &short);
    audited_though(&p, "longer than their interface's snapshot length");
}

#[test]
fn an_enhanced_packet_block_too_small_for_its_data_says_so_as_tshark_does() {
    let dir = tempfile::tempdir().unwrap();
    let frame = synthetic_frames()[0].clone();
    let mut ng = pcapng_with_options(false, &[], &[(1, &frame)]);
    // The EPB's captured length (at byte 20 of the block) raised past the block's end.
    let epb = ng.len() - (32 + frame.len().next_multiple_of(4));
    ng[epb + 20..epb + 24].copy_from_slice(&((frame.len() + 64) as u32).to_le_bytes());
    let p = write(dir.path(), "short-epb.pcapng", &ng);
    let o = cordon(&["audit", &fixture(), "--capture", &p.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("byte {}", epb + 20)), "{err}");
    assert!(err.contains("too small for"), "{err}");
    if have("tshark") {
        let t = Command::new("tshark")
            .args(["-r", &p.display().to_string()])
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&t.stderr).contains("is too small for"),
            "tshark agrees it is damaged"
        );
    }
}

#[test]
fn a_directory_of_captures_read_on_any_number_of_threads_gives_the_same_audit() {
    let dir = pcaps();
    let run = |args: &[&str]| {
        let mut all = vec!["audit", "examples/hierarchy.toml"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let o = cordon(&all);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        stdout(&o)
    };
    let d = dir.display().to_string();
    let one = run(&["--capture", &d, "--threads", "1"]);
    let two = run(&["--capture", &d, "--threads", "2"]);
    assert_eq!(one, two, "the thread count changes nothing");
    // The directory is its captures by name (README.md is not one), one after another.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 10);
    let mut args = Vec::new();
    for f in &files {
        args.extend_from_slice(&["--capture", f.as_str()]);
    }
    let listed = run(&args);
    let doc = |t: &str| {
        let mut v: Value = serde_json::from_str(t).unwrap();
        v.as_object_mut().unwrap().remove("captures");
        v
    };
    assert_eq!(doc(&one), doc(&listed));
    assert_eq!(
        doc(&one)["read"]["packets"],
        doc(&listed)["read"]["packets"]
    );
    // A damaged capture among them is the error, named, whatever finished first.
    let tmp = tempfile::tempdir().unwrap();
    for f in &files[..3] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(f, tmp.path().join(name)).unwrap();
    }
    let good = std::fs::read(&files[0]).unwrap();
    std::fs::write(tmp.path().join("zz-cut.pcap"), &good[..good.len() - 7]).unwrap();
    let o = cordon(&[
        "audit",
        "examples/hierarchy.toml",
        "--capture",
        &tmp.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("zz-cut.pcap"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

/// A capture with fragments everywhere: later fragments before and after their first,
/// some far apart, some whose first never comes; IPv4 and IPv6; between ordinary frames.
fn fragmented_frames() -> Vec<Vec<u8>> {
    let mut udp = vec![0x11, 0x94, 0x11, 0x94, 0, 32, 0, 0];
    udp.extend_from_slice(&[0x5A; 16]);
    let ordinary = synthetic_frames();
    let mut frames: Vec<Vec<u8>> = Vec::new();
    let mut later_first: Vec<(usize, Vec<u8>)> = Vec::new();
    for d in 0..120u16 {
        let (a, b) = ([10, 9, (d % 7) as u8, 1], [10, 9, 200, (d % 5) as u8]);
        let (x, y) = (
            [
                0x20,
                1,
                0xd,
                0xb8,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                (d % 3) as u8,
            ],
            [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        );
        let (first, later) = if d % 2 == 0 {
            (
                ipv4_fragment(a, b, d, 0, true, &udp),
                ipv4_fragment(a, b, d, 3, false, &[0x5A; 8]),
            )
        } else {
            (
                ipv6_fragment(x, y, u32::from(d), 0, true, &udp),
                ipv6_fragment(x, y, u32::from(d), 3, false, &[0x5A; 8]),
            )
        };
        // Later fragment first (d % 3 == 0), first fragment first, or no first at all.
        let gap = usize::from(d % 40);
        match d % 3 {
            0 => {
                frames.push(later);
                later_first.push((frames.len() + gap, first));
            }
            1 => {
                frames.push(first);
                later_first.push((frames.len() + gap, later));
            }
            _ => frames.push(later),
        }
        frames.push(ordinary[usize::from(d) % ordinary.len()].clone());
        later_first.sort_by_key(|(at, _)| *at);
        while later_first
            .first()
            .is_some_and(|(at, _)| *at <= frames.len())
        {
            frames.push(later_first.remove(0).1);
        }
    }
    frames.extend(later_first.into_iter().map(|(_, f)| f));
    frames
}

fn read_whole(
    path: &Path,
) -> (
    Vec<(
        cordon::audit::conversation::ConversationKey,
        cordon::audit::conversation::ConversationStats,
    )>,
    cordon::audit::ReadStats,
) {
    let mut table = cordon::audit::conversation::Conversations::new();
    let mut stats = cordon::audit::ReadStats::default();
    cordon::audit::read_capture(path, &mut table, &mut stats, &mut |_| {}).unwrap();
    (table.sorted(), stats)
}

#[test]
fn a_capture_read_in_stretches_on_any_number_of_threads_is_the_capture_read_whole() {
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let frames = fragmented_frames();
    let mut files = Vec::new();
    for (nanos, be) in [(false, false), (true, true)] {
        let mut out = capture::pcap_header(1, nanos, be);
        for (i, f) in frames.iter().enumerate() {
            let ts = 1_700_000_000_000_000_000 + i as u64 * 1000;
            capture::pcap_record(&mut out, ts, f, nanos, be);
        }
        files.push(write(dir.path(), &format!("n{nanos}-be{be}.pcap"), &out));
    }
    let mut ng = Vec::new();
    capture::pcapng_section(&mut ng);
    capture::pcapng_interface(&mut ng, 1, Some(9));
    for (i, f) in frames.iter().enumerate() {
        capture::pcapng_packet(&mut ng, 0, 1_700_000_000_000_000_000 + i as u64 * 1000, f);
    }
    files.push(write(dir.path(), "one-interface.pcapng", &ng));
    // An interface declared halfway: the stretches after it cannot be read on a guess of
    // the interfaces, so the file is read again whole.
    let mut late = Vec::new();
    capture::pcapng_section(&mut late);
    capture::pcapng_interface(&mut late, 1, None);
    let half = frames.len() / 2;
    for (i, f) in frames.iter().enumerate() {
        if i == half {
            capture::pcapng_interface(&mut late, 1, Some(9));
        }
        let (interface, ts) = if i < half {
            (0, 1_700_000_000_000_000 + i as u64)
        } else {
            (1, 1_700_000_000_000_000_000 + i as u64 * 1000)
        };
        capture::pcapng_packet(&mut late, interface, ts, f);
    }
    files.push(write(dir.path(), "late-interface.pcapng", &late));

    let never = AtomicBool::new(false);
    for file in &files {
        let whole = read_whole(file);
        assert!(
            whole
                .0
                .iter()
                .any(|(k, s)| k.b_port == 4500 && s.fragments >= 2),
            "{}: fragments joined their conversation",
            file.display()
        );
        let len = std::fs::metadata(file).unwrap().len();
        for segment in [97, 1000, 4096, len / 3, len] {
            for threads in [1, 2, 3] {
                let (table, stats) = cordon::audit::segments::read_captures_in_segments(
                    std::slice::from_ref(file),
                    threads,
                    segment,
                    &|_| {},
                    &never,
                )
                .unwrap();
                assert_eq!(
                    (table.sorted(), stats),
                    whole,
                    "{}: stretches of {segment} bytes on {threads} threads",
                    file.display()
                );
            }
        }
    }
    // Damage in a later stretch: the error one reader gives, at the same byte.
    let mut cut = std::fs::read(&files[0]).unwrap();
    cut.truncate(cut.len() * 2 / 3);
    let cut = write(dir.path(), "cut.pcap", &cut);
    let mut table = cordon::audit::conversation::Conversations::new();
    let mut stats = cordon::audit::ReadStats::default();
    let whole = cordon::audit::read_capture(&cut, &mut table, &mut stats, &mut |_| {})
        .unwrap_err()
        .to_string();
    let stretched = cordon::audit::segments::read_captures_in_segments(
        std::slice::from_ref(&cut),
        2,
        1000,
        &|_| {},
        &never,
    )
    .err()
    .unwrap()
    .to_string();
    assert_eq!(stretched, whole);
    assert!(whole.contains("ends inside"), "{whole}");
}

/// A capture and a log from a pipe (`tcpdump -w - | cordon audit --capture /dev/stdin`):
/// nothing to cut at, read by one reader, the same audit as from the files.
#[test]
fn a_capture_and_a_log_from_a_pipe_read_as_from_a_file() {
    use std::io::Write as _;
    let capture = pcaps().join("ndpi-kerberos.pcap");
    let log_text = std::fs::read_to_string(root().join("tests/data/zeek/wikipedia.conn.log"))
        .unwrap()
        .replace("XXXXXXXXXX.XXXXXX", "1362692526.869344");
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "conn.log", log_text.as_bytes());
    for (flag, file) in [("--capture", capture.clone()), ("--zeek", log.clone())] {
        let from_file = cordon(&["audit", &fixture(), flag, &file.display().to_string()]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_cordon"))
            .args(["audit", &fixture(), flag, "/dev/stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let from_pipe = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(
            from_pipe.status.code(),
            from_file.status.code(),
            "{flag}: {}",
            stderr(&from_pipe)
        );
        let name = file.display().to_string();
        assert_eq!(
            stdout(&from_pipe),
            stdout(&from_file).replace(&name, "/dev/stdin"),
            "{flag}"
        );
    }
}

/// The sentences of the reasons the captures above do not reach: the WAN link between two
/// site gateways (the tunnel, IKE followed by ESP, IKE alone, readable traffic), a flow to
/// be encrypted behind AH only, and IKE with NAT-T keepalives and no ESP.
#[test]
fn reasons_say_what_happened_on_a_wan_link_behind_ah_and_with_keepalives() {
    use cordon::audit::conversation::{ConversationKey, ConversationStats, Conversations};
    use cordon::audit::{ReadStats, Verdict};
    use cordon::classify::Family;
    let text = std::fs::read_to_string(root().join("examples/hierarchy.toml")).unwrap();
    let mut sources = cordon::source::SourceMap::new();
    let file = sources.add("hierarchy.toml", text.clone());
    let topo = cordon::topology::load_text(file, &text, None, &mut sources).unwrap();
    let map = cordon::traffic::build(&topo);
    let v4 = |a: &str| u128::from(u32::from(a.parse::<std::net::Ipv4Addr>().unwrap()));
    let key = |protocol: u8, a: &str, a_port: u16, b: &str, b_port: u16| ConversationKey {
        family: Family::V4,
        protocol,
        a: v4(a),
        a_port,
        b: v4(b),
        b_port,
    };
    let stats = |readable: u64, esp: u64, ike: u64, keepalives: u64, ah: u64| ConversationStats {
        packets: [readable + esp + ike + keepalives + ah, 0],
        bytes: [100, 0],
        first_ns: 1_700_000_000_000_000_000,
        last_ns: 1_700_000_001_000_000_000,
        syn_from: Some(0),
        esp_packets: esp,
        ike_packets: ike,
        keepalive_packets: keepalives,
        ah_packets: ah,
        fragments: 0,
    };
    let (lon_gw, brn_gw) = ("203.0.113.1", "203.0.113.2");
    let (lon_ss, brn_ss) = ("10.30.0.10", "192.168.50.10");
    let classified = |seen: &[(ConversationKey, ConversationStats)]| {
        let mut table = Conversations::new();
        for (k, s) in seen {
            table.add_seen(*k, s);
        }
        cordon::audit::classify(&topo, &map, &table, ReadStats::default())
    };
    let reason_of = |audit: &cordon::audit::Audit, k: ConversationKey| {
        let c = audit.conversations.iter().find(|c| c.key == k).unwrap();
        (c.verdict, c.reason_text(&topo, &map))
    };
    let tunnel = key(50, lon_gw, 0, brn_gw, 0);
    let ike = key(17, lon_gw, 500, brn_gw, 500);
    let readable = key(6, lon_gw, 50000, brn_gw, 443);
    let ah_only = key(6, lon_ss, 50001, brn_ss, 445);
    let keepalives = key(17, lon_ss, 4500, brn_ss, 4500);
    let up = classified(&[
        (tunnel, stats(0, 4, 0, 0, 0)),
        (ike, stats(0, 0, 6, 0, 0)),
        (readable, stats(3, 0, 0, 0, 0)),
        (ah_only, stats(0, 0, 0, 0, 5)),
        (keepalives, stats(0, 0, 2, 3, 0)),
    ]);
    let cases = [
        (
            tunnel,
            Verdict::OkEncrypted,
            "the tunnel between gateways LON-GW and BRN-GW",
        ),
        (
            ike,
            Verdict::OkEncrypted,
            "IKE of the tunnel between gateways LON-GW and BRN-GW, followed by ESP",
        ),
        (
            readable,
            Verdict::Unexpected,
            "readable traffic between gateways LON-GW and BRN-GW: only IKE and ESP belong on their WAN link",
        ),
        (
            ah_only,
            Verdict::ViolationPlaintext,
            "the policy requires encryption between LON-SS and BRN-SS; AH authenticates but leaves the payload readable",
        ),
        (
            keepalives,
            Verdict::IkeWithoutEsp,
            "IKE between LON-SS and BRN-SS (2 packets, and 3 NAT-T keepalives) and no ESP after it: the negotiation fails (`cordon explain` tells why)",
        ),
    ];
    for (k, verdict, sentence) in cases {
        assert_eq!(reason_of(&up, k), (verdict, sentence.to_string()), "{k:?}");
    }
    let down = classified(&[(ike, stats(0, 0, 6, 0, 0))]);
    assert_eq!(
        reason_of(&down, ike),
        (
            Verdict::IkeWithoutEsp,
            "IKE between gateways LON-GW and BRN-GW and no ESP after it: the tunnel does not come up"
                .to_string()
        )
    );
}
