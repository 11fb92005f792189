//! The audit as text (summary by verdict and by path, then every conversation that needs
//! attention, worst first), as one JSON document (`cordon.audit/1`), or as JSON lines
//! (one conversation per line, for other tools).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Table, presets};
use serde_json::{Value, json};

use crate::audit::{Audit, Classified, Verdict, path_of, protocol_name};
use crate::topology::Topology;
use crate::traffic::{self, Protection, TrafficMap};

/// What the audit renders against.
#[derive(Clone, Copy)]
pub struct AuditView<'a> {
    /// The topology.
    pub topology: &'a Topology,
    /// Its traffic map.
    pub traffic: &'a TrafficMap,
    /// The audit.
    pub audit: &'a Audit,
    /// The topology file's name as shown to the user.
    pub file_name: &'a str,
    /// The capture files (and directories), as given.
    pub captures: &'a [String],
    /// The Zeek conn.log files, as given.
    pub zeek_logs: &'a [String],
}

/// A time in nanoseconds since the epoch as RFC 3339 UTC.
pub fn timestamp(ns: u64) -> String {
    let secs = ns / 1_000_000_000;
    let frac = ns % 1_000_000_000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-from-civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{frac:09}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// One end of a conversation in JSON.
#[derive(serde::Serialize)]
struct EndOut<'a> {
    address: std::net::IpAddr,
    endpoint: Option<&'a str>,
    port: u16,
}

fn end_out<'a>(v: &AuditView<'a>, c: &Classified, which: usize) -> EndOut<'a> {
    let (address, port) = c.end(which);
    EndOut {
        address,
        endpoint: c.ends[which].map(|e| traffic::endpoint_name(v.topology, e)),
        port,
    }
}

/// One conversation as a JSON object, written straight to the output (no intermediate
/// value: a capture has hundreds of thousands). The fields are in alphabetical order, as
/// the documents always had them.
#[derive(serde::Serialize)]
pub struct ConversationOut<'a> {
    a: EndOut<'a>,
    b: EndOut<'a>,
    bytes: u64,
    bytes_a_to_b: u64,
    bytes_b_to_a: u64,
    esp_packets: u64,
    first: String,
    flow: Option<String>,
    fragments: u64,
    ike_packets: u64,
    initiator: Option<&'static str>,
    keepalive_packets: u64,
    last: String,
    packets: u64,
    packets_a_to_b: u64,
    packets_b_to_a: u64,
    path: Option<&'static str>,
    protocol: String,
    reason: &'a str,
    required: Option<String>,
    row: Option<&'a str>,
    seen: crate::audit::Seen,
    verdict: Verdict,
}

/// One conversation as a JSON object.
pub fn conversation_json<'a>(v: &AuditView<'a>, c: &'a Classified) -> ConversationOut<'a> {
    let flow = c.flow.and_then(|f| v.traffic.flows.get(f.0 as usize));
    let s = &c.stats;
    ConversationOut {
        a: end_out(v, c, 0),
        b: end_out(v, c, 1),
        bytes: s.total_bytes(),
        bytes_a_to_b: s.bytes[0],
        bytes_b_to_a: s.bytes[1],
        esp_packets: s.esp_packets,
        first: timestamp(s.first_ns),
        flow: flow.map(|f| v.traffic.flow_id(v.topology, f)),
        fragments: s.fragments,
        ike_packets: s.ike_packets,
        initiator: c.initiator.map(|i| if i == 0 { "a" } else { "b" }),
        keepalive_packets: s.keepalive_packets,
        last: timestamp(s.last_ns),
        packets: s.total_packets(),
        packets_a_to_b: s.packets[0],
        packets_b_to_a: s.packets[1],
        path: flow.map(|f| f.path.name()),
        protocol: protocol_name(c.key.family, c.key.protocol),
        reason: &c.reason,
        required: flow.map(|f| match f.protection {
            Protection::Encrypt => "encrypt".to_string(),
            Protection::Exempt(r) => format!("exempt:{}", r.code()),
        }),
        row: flow.map(|f| traffic::row(v.topology, f).id.as_str()),
        seen: c.seen,
        verdict: c.verdict,
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    conversations: u64,
    packets: u64,
    bytes: u64,
}

fn by_verdict(a: &Audit) -> BTreeMap<Verdict, Tally> {
    let mut m: BTreeMap<Verdict, Tally> = Verdict::ALL
        .iter()
        .map(|v| (*v, Tally::default()))
        .collect();
    for c in &a.conversations {
        let t = m.entry(c.verdict).or_default();
        t.conversations += 1;
        t.packets = t.packets.saturating_add(c.stats.total_packets());
        t.bytes = t.bytes.saturating_add(c.stats.total_bytes());
    }
    m
}

fn by_path(v: &AuditView<'_>) -> BTreeMap<&'static str, BTreeMap<Verdict, u64>> {
    let mut m: BTreeMap<&'static str, BTreeMap<Verdict, u64>> = BTreeMap::new();
    for c in &v.audit.conversations {
        let path = path_of(v.traffic, c).map_or("(no flow)", |p| p.name());
        *m.entry(path).or_default().entry(c.verdict).or_default() += 1;
    }
    m
}

fn read_json(a: &Audit) -> Value {
    let r = &a.read;
    json!({
        "packets": r.packets,
        "file_bytes": r.file_bytes,
        "wire_bytes": r.wire_bytes,
        "skipped": r.skipped.iter().map(|(k, n)| (k.code().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        "unknown_link_types": r.unknown_link_types.iter().map(|(k, n)| (k.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        "over_snaplen": r.over_snaplen,
        "absurd_wire_len": r.absurd_wire_len,
        "unknown_interface": r.unknown_interface,
    })
}

/// What was read, in words: `2 capture(s)`, `1 Zeek log(s)`, or both.
fn inputs(v: &AuditView<'_>) -> String {
    let mut parts = Vec::new();
    if !v.captures.is_empty() {
        parts.push(format!("{} capture(s)", v.captures.len()));
    }
    if !v.zeek_logs.is_empty() {
        parts.push(format!("{} Zeek log(s)", v.zeek_logs.len()));
    }
    parts.join(" and ")
}

/// The whole audit as one JSON document.
pub fn json(v: &AuditView<'_>, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let verdicts: serde_json::Map<String, Value> = by_verdict(v.audit)
        .into_iter()
        .map(|(k, t)| {
            (
                k.code().to_string(),
                json!({"conversations": t.conversations, "packets": t.packets, "bytes": t.bytes}),
            )
        })
        .collect();
    let paths: serde_json::Map<String, Value> = by_path(v)
        .into_iter()
        .map(|(p, m)| {
            (
                p.to_string(),
                Value::Object(
                    m.into_iter()
                        .map(|(k, n)| (k.code().to_string(), json!(n)))
                        .collect(),
                ),
            )
        })
        .collect();
    // Keys in serde_json's (sorted) order, as the document always had them; the
    // conversations are written one at a time, so memory does not grow with the output.
    let doc = Document {
        captures: v.captures,
        conversations: Conversations(v),
        read: read_json(v.audit),
        schema: "cordon.audit/1",
        summary: json!({ "by_verdict": verdicts, "by_path": paths }),
        topology: json!({ "name": v.topology.name, "file": v.file_name }),
        zeek_logs: v.zeek_logs,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    let _ = out.write_all(b"\n");
    Ok(())
}

/// The JSON document, streamed.
#[derive(serde::Serialize)]
struct Document<'a> {
    captures: &'a [String],
    conversations: Conversations<'a>,
    read: Value,
    schema: &'static str,
    summary: Value,
    topology: Value,
    zeek_logs: &'a [String],
}

/// Every conversation, serialized as it is reached.
struct Conversations<'a>(&'a AuditView<'a>);

impl serde::Serialize for Conversations<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let v = self.0;
        let mut seq = serializer.serialize_seq(Some(v.audit.conversations.len()))?;
        for c in &v.audit.conversations {
            seq.serialize_element(&conversation_json(v, c))?;
        }
        seq.end()
    }
}

/// One JSON object per conversation per line.
pub fn jsonl(v: &AuditView<'_>, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    for c in &v.audit.conversations {
        serde_json::to_writer(&mut *out, &conversation_json(v, c))?;
        out.write_all(b"\n").map_err(serde_json::Error::io)?;
    }
    Ok(())
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED);
    t.set_header(header.to_vec());
    t
}

/// The name of the host or client group at one end, followed by a space (empty for
/// the Internet and unknown addresses).
pub(crate) fn end_owner(t: &crate::topology::Topology, c: &Classified, which: usize) -> String {
    match c.ends.get(which).copied().flatten() {
        Some(e @ (traffic::Endpoint::Host(_) | traffic::Endpoint::Group(_))) => {
            format!("{} ", traffic::endpoint_name(t, e))
        }
        _ => String::new(),
    }
}

fn end_text(v: &AuditView<'_>, c: &Classified, which: usize) -> String {
    let (ip, port) = c.end(which);
    let host = end_owner(v.topology, c, which);
    let ip = match ip {
        std::net::IpAddr::V6(x) => format!("[{x}]"),
        std::net::IpAddr::V4(x) => x.to_string(),
    };
    if port == 0 {
        format!("{host}{ip}")
    } else {
        format!("{host}{ip}:{port}")
    }
}

/// The audit for people.
/// The text report: the summaries, then the conversations that need attention grouped
/// into lines, at most `limit` lines (`None`: every line).
pub fn text(v: &AuditView<'_>, limit: Option<usize>) -> String {
    let a = v.audit;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "cordon audit: {} ({}) against {}: {} packets, {} bytes on the wire, {} conversations",
        v.topology.name,
        v.file_name,
        inputs(v),
        a.read.packets,
        a.read.wire_bytes,
        a.conversations.len()
    );
    let skipped: u64 = a.read.skipped.values().sum();
    if skipped > 0 || a.read.unknown_interface > 0 {
        let mut parts: Vec<String> = a
            .read
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {}", k.code()))
            .collect();
        if a.read.unknown_interface > 0 {
            parts.push(format!(
                "{} of undescribed interfaces",
                a.read.unknown_interface
            ));
        }
        if !a.read.unknown_link_types.is_empty() {
            let types: Vec<String> = a
                .read
                .unknown_link_types
                .keys()
                .map(|k| k.to_string())
                .collect();
            parts.push(format!("unknown link types: {}", types.join(", ")));
        }
        let _ = writeln!(out, "not audited: {}", parts.join("; "));
    }
    // Records that are odd but were audited all the same: say so, apart from the above.
    let mut odd = Vec::new();
    if a.read.over_snaplen > 0 {
        odd.push(format!(
            "{} longer than their interface's snapshot length",
            a.read.over_snaplen
        ));
    }
    if a.read.absurd_wire_len > 0 {
        odd.push(format!(
            "{} claiming more than {} bytes on the wire (counted at their captured length)",
            a.read.absurd_wire_len,
            crate::audit::MAX_WIRE_LEN
        ));
    }
    if !odd.is_empty() {
        let _ = writeln!(out, "audited, though damaged: {}", odd.join("; "));
    }
    let _ = writeln!(out);
    let mut t = table(&["verdict", "conversations", "packets", "bytes"]);
    for (k, tally) in by_verdict(a) {
        t.add_row(vec![
            k.code().to_string(),
            tally.conversations.to_string(),
            tally.packets.to_string(),
            tally.bytes.to_string(),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(out);
    let mut header = vec!["path"];
    header.extend(Verdict::ALL.iter().map(|v| v.code()));
    let mut t = table(&header);
    for (path, m) in by_path(v) {
        let mut row = vec![path.to_string()];
        row.extend(
            Verdict::ALL
                .iter()
                .map(|k| m.get(k).copied().unwrap_or(0).to_string()),
        );
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    let attention: Vec<&Classified> = a
        .conversations
        .iter()
        .filter(|c| {
            matches!(
                c.verdict,
                Verdict::ViolationPlaintext | Verdict::IkeWithoutEsp | Verdict::Unexpected
            )
        })
        .collect();
    let _ = writeln!(out);
    if attention.is_empty() {
        let _ = writeln!(
            out,
            "No violation, failed negotiation or unexpected conversation."
        );
        return out;
    }
    let groups = attention_groups(v, &attention);
    let shown = limit.map_or(groups.len(), |n| n.min(groups.len()));
    let _ = writeln!(
        out,
        "Needs attention (worst first; conversations with the same verdict, protocol, places and flow on one line):"
    );
    let mut t = table(&[
        "verdict",
        "protocol",
        "from",
        "to",
        "ports",
        "conversations",
        "flow",
        "row",
        "packets",
        "bytes",
        "first",
        "last",
    ]);
    for g in groups.iter().take(shown) {
        let c = g.example;
        let (from, to) = if c.initiator == Some(1) {
            (1, 0)
        } else {
            (0, 1)
        };
        // One conversation shows its addresses; a group its places.
        let (from, to) = if g.conversations == 1 {
            (end_text(v, c, from), end_text(v, c, to))
        } else {
            (g.key.2.clone(), g.key.3.clone())
        };
        t.add_row(vec![
            g.key.0.code().to_string(),
            g.key.1.clone(),
            from,
            to,
            port_summary(&g.ports),
            g.conversations.to_string(),
            g.key.4.clone(),
            g.key.5.clone(),
            g.packets.to_string(),
            g.bytes.to_string(),
            timestamp(g.first_ns),
            timestamp(g.last_ns),
        ]);
    }
    let _ = writeln!(out, "{t}");
    if shown < groups.len() {
        let rest: u64 = groups.iter().skip(shown).map(|g| g.conversations).sum();
        let _ = writeln!(
            out,
            "... and {} more lines ({rest} conversations): --all, or --limit N, to see them; --format json or jsonl for every conversation",
            groups.len() - shown
        );
    }
    out
}

/// Conversations that read as one line: (verdict, protocol, from place, to place, flow,
/// catalog row).
type GroupKey = (Verdict, String, String, String, String, String);

/// One line of the attention table.
struct Group<'a> {
    key: GroupKey,
    /// The first conversation of the group (its addresses when it is alone).
    example: &'a Classified,
    conversations: u64,
    /// The responders' ports (0 for protocols without ports).
    ports: std::collections::BTreeSet<u16>,
    packets: u64,
    bytes: u64,
    first_ns: u64,
    last_ns: u64,
}

/// A group's responder ports as a person reads them: the first few, then how many more.
fn port_summary(ports: &std::collections::BTreeSet<u16>) -> String {
    const SHOWN: usize = 4;
    if ports.iter().all(|p| *p == 0) {
        return "-".to_string();
    }
    let mut text = ports
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if ports.len() > SHOWN {
        text.push_str(&format!(" +{}", ports.len() - SHOWN));
    }
    text
}

/// Where an end is, for grouping: its host or client group, else the zone whose subnets
/// hold its address, else the Internet.
fn place(v: &AuditView<'_>, c: &Classified, which: usize) -> String {
    if let Some(e @ (traffic::Endpoint::Host(_) | traffic::Endpoint::Group(_))) =
        c.ends.get(which).copied().flatten()
    {
        return traffic::endpoint_name(v.topology, e).to_string();
    }
    let (ip, _) = c.end(which);
    v.topology
        .zones
        .iter()
        .find(|z| z.subnets.iter().any(|n| n.contains(&ip)))
        .map_or_else(|| "internet".to_string(), |z| format!("zone {}", z.name))
}

/// The attention conversations grouped, worst verdict first, then the largest groups.
fn attention_groups<'a>(v: &AuditView<'_>, attention: &[&'a Classified]) -> Vec<Group<'a>> {
    let mut groups: BTreeMap<GroupKey, Group<'a>> = BTreeMap::new();
    for c in attention {
        let (from, to) = if c.initiator == Some(1) {
            (1, 0)
        } else {
            (0, 1)
        };
        let flow = c.flow.and_then(|f| v.traffic.flows.get(f.0 as usize));
        let key: GroupKey = (
            c.verdict,
            protocol_name(c.key.family, c.key.protocol),
            place(v, c, from),
            place(v, c, to),
            flow.map_or("-".to_string(), |f| v.traffic.flow_id(v.topology, f)),
            flow.map_or("-".to_string(), |f| traffic::row(v.topology, f).id.clone()),
        );
        let g = groups.entry(key.clone()).or_insert(Group {
            key,
            example: c,
            conversations: 0,
            ports: std::collections::BTreeSet::new(),
            packets: 0,
            bytes: 0,
            first_ns: u64::MAX,
            last_ns: 0,
        });
        g.conversations += 1;
        g.ports.insert(c.end(to).1);
        g.packets = g.packets.saturating_add(c.stats.total_packets());
        g.bytes = g.bytes.saturating_add(c.stats.total_bytes());
        g.first_ns = g.first_ns.min(c.stats.first_ns);
        g.last_ns = g.last_ns.max(c.stats.last_ns);
    }
    let rank = |v: Verdict| {
        Verdict::ALL
            .iter()
            .position(|k| *k == v)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<Group<'a>> = groups.into_values().collect();
    // Stable and total: the same capture gives the same order.
    out.sort_by(|a, b| {
        rank(a.key.0)
            .cmp(&rank(b.key.0))
            .then(b.conversations.cmp(&a.conversations))
            .then(b.bytes.cmp(&a.bytes))
            .then(a.key.cmp(&b.key))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(
            timestamp(1_709_251_199_123_456_789),
            "2024-02-29T23:59:59.123456789Z"
        );
        assert_eq!(
            timestamp(951_782_400_000_000_000),
            "2000-02-29T00:00:00.000000000Z"
        );
    }
}
