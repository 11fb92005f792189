//! The audit as one JSON document (`cordon.audit/1`) and as JSON lines. A capture has
//! hundreds of thousands of conversations, so they are not serialized through serde:
//! they are rendered here, in chunks on every core, and the chunks are written in order
//! (memory holds a few chunks, not the output). The bytes are those serde_json writes
//! for [`tests::ConversationOut`], the schema as a struct: a test holds the two to each
//! other, pretty and compact, with names that need escaping.

use std::io::Write;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{AuditView, by_path, by_verdict, read_json, timestamp_into};
use crate::audit::{Classified, protocol_name};
use crate::traffic::{self, FlowId, Protection};

/// Conversations rendered per task.
const CHUNK: usize = 2048;
/// Chunks rendered before they are written: bounds memory, keeps every core busy.
const CHUNKS_AHEAD: usize = 16;

/// What a conversation's flow says, in words: worked out once per flow.
struct FlowWords<'a> {
    id: String,
    required: String,
    row: &'a str,
    path: &'static str,
}

/// The words of every flow some conversation has, by flow (sorted, for a binary search).
struct Words<'a> {
    ids: Vec<FlowId>,
    words: Vec<FlowWords<'a>>,
}

impl<'a> Words<'a> {
    fn of(v: &AuditView<'a>) -> Self {
        let mut ids: Vec<FlowId> = v
            .audit
            .conversations
            .iter()
            .filter_map(|c| c.flow)
            .filter(|f| v.traffic.flows.get(f.0 as usize).is_some())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let words = ids
            .par_iter()
            .filter_map(|id| v.traffic.flows.get(id.0 as usize))
            .map(|flow| FlowWords {
                id: v.traffic.flow_id(v.topology, flow),
                required: match flow.protection {
                    Protection::Encrypt => "encrypt".to_string(),
                    Protection::Exempt(r) => format!("exempt:{}", r.code()),
                },
                row: traffic::row(v.topology, flow).id.as_str(),
                path: flow.path.name(),
            })
            .collect();
        Words { ids, words }
    }

    fn get(&self, id: FlowId) -> Option<&FlowWords<'a>> {
        self.words.get(self.ids.binary_search(&id).ok()?)
    }
}

/// The whole audit as one JSON document, as serde_json's pretty printer lays it out
/// (keys in alphabetical order, as the document always had them).
pub fn json(v: &AuditView<'_>, out: &mut dyn Write) -> std::io::Result<()> {
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
    out.write_all(b"{\n  \"captures\": ")?;
    out.write_all(&nested(&v.captures)?)?;
    out.write_all(b",\n  \"conversations\": ")?;
    conversations(v, out, Layout::Pretty)?;
    out.write_all(b",\n  \"read\": ")?;
    out.write_all(&nested(&read_json(v.audit))?)?;
    out.write_all(b",\n  \"schema\": \"cordon.audit/1\",\n  \"summary\": ")?;
    out.write_all(&nested(
        &json!({ "by_verdict": verdicts, "by_path": paths }),
    )?)?;
    out.write_all(b",\n  \"topology\": ")?;
    out.write_all(&nested(
        &json!({ "name": v.topology.name, "file": v.file_name }),
    )?)?;
    out.write_all(b",\n  \"zeek_logs\": ")?;
    out.write_all(&nested(&v.zeek_logs)?)?;
    out.write_all(b"\n}\n")
}

/// One JSON object per conversation per line.
pub fn jsonl(v: &AuditView<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    conversations(v, out, Layout::Lines)
}

/// A value of the document's first level, pretty-printed by serde_json and indented to
/// its place.
fn nested(value: &impl serde::Serialize) -> std::io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let mut placed = Vec::with_capacity(text.len() + text.len() / 8);
    for &b in &text {
        placed.push(b);
        if b == b'\n' {
            placed.extend_from_slice(b"  ");
        }
    }
    Ok(placed)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// The document's array, pretty-printed at depth 2.
    Pretty,
    /// One compact object per line.
    Lines,
}

/// Every conversation: rendered in chunks on every core, written in order.
fn conversations(v: &AuditView<'_>, out: &mut dyn Write, layout: Layout) -> std::io::Result<()> {
    let all = &v.audit.conversations;
    if layout == Layout::Pretty && all.is_empty() {
        return out.write_all(b"[]");
    }
    if layout == Layout::Pretty {
        out.write_all(b"[")?;
    }
    let words = Words::of(v);
    let render = |k: usize, chunk: &[Classified], buf: &mut Vec<u8>| {
        buf.clear();
        let mut reason = String::new();
        for (i, c) in chunk.iter().enumerate() {
            reason.clear();
            c.write_reason_text(&mut reason, v.topology, v.traffic);
            match layout {
                Layout::Pretty => {
                    buf.extend_from_slice(if k == 0 && i == 0 { b"\n" } else { b",\n" });
                    buf.extend_from_slice(b"    ");
                    conversation(buf, v, &words, c, &reason, Some(2));
                }
                Layout::Lines => {
                    conversation(buf, v, &words, c, &reason, None);
                    buf.push(b'\n');
                }
            }
        }
    };
    // The same buffers for every window: their pages are touched once.
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); CHUNKS_AHEAD];
    let chunks: Vec<&[Classified]> = all.chunks(CHUNK).collect();
    for (window_index, window) in chunks.chunks(CHUNKS_AHEAD).enumerate() {
        window
            .par_iter()
            .zip(buffers.par_iter_mut())
            .enumerate()
            .for_each(|(i, (chunk, buf))| render(window_index * CHUNKS_AHEAD + i, chunk, buf));
        for buf in buffers.iter().take(window.len()) {
            out.write_all(buf)?;
        }
    }
    if layout == Layout::Pretty {
        out.write_all(b"\n  ]")?;
    }
    Ok(())
}

/// One conversation, with its reason in words, as a JSON object: pretty at `depth` (the
/// object's own nesting), or compact. Inlined into its two callers, so that the layout is
/// known where the many small pieces are copied (each copy of unknown length would be a
/// call).
#[inline(always)]
fn conversation(
    buf: &mut Vec<u8>,
    v: &AuditView<'_>,
    words: &Words<'_>,
    c: &Classified,
    reason: &str,
    depth: Option<usize>,
) {
    let flow = c.flow.and_then(|f| words.get(f));
    let s = &c.stats;
    let mut o = Object::open(buf, depth);
    for which in 0..2 {
        o.key(if which == 0 { "a" } else { "b" });
        let (address, port) = c.end(which);
        let mut end = Object::open(o.buf, depth.map(|d| d + 1));
        end.key("address");
        self::address(end.buf, address);
        end.key("endpoint");
        match c.ends[which] {
            Some(e) => string(end.buf, traffic::endpoint_name(v.topology, e)),
            None => end.buf.extend_from_slice(b"null"),
        }
        end.number("port", u64::from(port));
        end.close();
    }
    o.number("bytes", s.total_bytes());
    o.number("bytes_a_to_b", s.bytes[0]);
    o.number("bytes_b_to_a", s.bytes[1]);
    o.number("esp_packets", s.esp_packets);
    o.key("first");
    quoted_timestamp(o.buf, s.first_ns);
    o.optional("flow", flow.map(|f| f.id.as_str()));
    o.number("fragments", s.fragments);
    o.number("ike_packets", s.ike_packets);
    o.optional(
        "initiator",
        c.initiator.map(|i| if i == 0 { "a" } else { "b" }),
    );
    o.number("keepalive_packets", s.keepalive_packets);
    o.key("last");
    quoted_timestamp(o.buf, s.last_ns);
    o.number("packets", s.total_packets());
    o.number("packets_a_to_b", s.packets[0]);
    o.number("packets_b_to_a", s.packets[1]);
    o.optional("path", flow.map(|f| f.path));
    o.key("protocol");
    string(o.buf, &protocol_name(c.key.family, c.key.protocol));
    o.key("reason");
    string(o.buf, reason);
    o.optional("required", flow.map(|f| f.required.as_str()));
    o.optional("row", flow.map(|f| f.row));
    o.key("seen");
    string(o.buf, c.seen.code());
    o.key("verdict");
    string(o.buf, c.verdict.code());
    o.close();
}

/// An object being written the way serde_json's formatters write one: pretty (entries on
/// their own lines, indented two spaces per level) when it has a depth, else compact.
struct Object<'b> {
    buf: &'b mut Vec<u8>,
    depth: Option<usize>,
    empty: bool,
}

impl<'b> Object<'b> {
    #[inline(always)]
    fn open(buf: &'b mut Vec<u8>, depth: Option<usize>) -> Self {
        buf.push(b'{');
        Object {
            buf,
            depth,
            empty: true,
        }
    }

    #[inline(always)]
    fn key(&mut self, key: &str) {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        if let Some(depth) = self.depth {
            self.buf.push(b'\n');
            indent(self.buf, depth + 1);
        }
        // Keys are cordon's own words, which need no escape.
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.push(b'"');
        self.buf
            .extend_from_slice(if self.depth.is_some() { b": " } else { b":" });
    }

    #[inline(always)]
    fn number(&mut self, key: &str, n: u64) {
        self.key(key);
        number(self.buf, n);
    }

    #[inline(always)]
    fn optional(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(text) => string(self.buf, text),
            None => self.buf.extend_from_slice(b"null"),
        }
    }

    #[inline(always)]
    fn close(self) {
        if let (Some(depth), false) = (self.depth, self.empty) {
            self.buf.push(b'\n');
            indent(self.buf, depth);
        }
        self.buf.push(b'}');
    }
}

#[inline(always)]
fn indent(buf: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8; 16] = b"                ";
    let mut left = 2 * depth;
    while left > 0 {
        let n = left.min(SPACES.len());
        buf.extend_from_slice(&SPACES[..n]);
        left -= n;
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\`, the short forms of
/// backspace, form feed, newline, carriage return and tab, `\u00xx` (lower-case hex) for
/// the other control characters; everything else as it is.
fn string(buf: &mut Vec<u8>, text: &str) {
    buf.push(b'"');
    let bytes = text.as_bytes();
    // Most text needs no escape: one pass without an early exit (which the compiler
    // turns into wide compares) says so.
    let clean = bytes.iter().fold(true, |clean, &b| {
        clean & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if clean {
        buf.extend_from_slice(bytes);
        buf.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0C => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => b"",
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xF)]);
        } else {
            buf.extend_from_slice(escape);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// A number in decimal.
#[inline(always)]
fn number(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// An address as its `Display` writes it (dotted quad; RFC 5952 for IPv6), quoted.
fn address(buf: &mut Vec<u8>, address: std::net::IpAddr) {
    buf.push(b'"');
    match address {
        std::net::IpAddr::V4(v4) => {
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    buf.push(b'.');
                }
                number(buf, u64::from(octet));
            }
        }
        std::net::IpAddr::V6(v6) => {
            let _ = write!(buf, "{v6}");
        }
    }
    buf.push(b'"');
}

#[inline(always)]
fn quoted_timestamp(buf: &mut Vec<u8>, ns: u64) {
    buf.push(b'"');
    timestamp_into(buf, ns);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    //! The schema as serde would write it, and the renderer held to it.

    use super::*;
    use crate::audit::{Seen, Verdict};
    use crate::classify::Family;

    /// One end of a conversation in JSON.
    #[derive(serde::Serialize)]
    struct EndOut<'a> {
        address: std::net::IpAddr,
        endpoint: Option<&'a str>,
        port: u16,
    }

    /// One conversation as a JSON object (fields in alphabetical order).
    #[derive(serde::Serialize)]
    pub(super) struct ConversationOut<'a> {
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
        protocol: std::borrow::Cow<'static, str>,
        reason: String,
        required: Option<String>,
        row: Option<&'a str>,
        seen: Seen,
        verdict: Verdict,
    }

    fn end_out<'a>(v: &AuditView<'a>, c: &Classified, which: usize) -> EndOut<'a> {
        let (address, port) = c.end(which);
        EndOut {
            address,
            endpoint: c.ends[which].map(|e| traffic::endpoint_name(v.topology, e)),
            port,
        }
    }

    fn conversation_out<'a>(v: &AuditView<'a>, c: &'a Classified) -> ConversationOut<'a> {
        let flow = c.flow.and_then(|f| v.traffic.flows.get(f.0 as usize));
        let s = &c.stats;
        ConversationOut {
            a: end_out(v, c, 0),
            b: end_out(v, c, 1),
            bytes: s.total_bytes(),
            bytes_a_to_b: s.bytes[0],
            bytes_b_to_a: s.bytes[1],
            esp_packets: s.esp_packets,
            first: super::super::timestamp(s.first_ns),
            flow: flow.map(|f| v.traffic.flow_id(v.topology, f)),
            fragments: s.fragments,
            ike_packets: s.ike_packets,
            initiator: c.initiator.map(|i| if i == 0 { "a" } else { "b" }),
            keepalive_packets: s.keepalive_packets,
            last: super::super::timestamp(s.last_ns),
            packets: s.total_packets(),
            packets_a_to_b: s.packets[0],
            packets_b_to_a: s.packets[1],
            path: flow.map(|f| f.path.name()),
            protocol: protocol_name(c.key.family, c.key.protocol),
            reason: c.reason_text(v.topology, v.traffic),
            required: flow.map(|f| match f.protection {
                Protection::Encrypt => "encrypt".to_string(),
                Protection::Exempt(r) => format!("exempt:{}", r.code()),
            }),
            row: flow.map(|f| traffic::row(v.topology, f).id.as_str()),
            seen: c.seen,
            verdict: c.verdict,
        }
    }

    /// The document as serde_json writes it.
    fn reference_document(v: &AuditView<'_>) -> Vec<u8> {
        let conversations: Vec<ConversationOut<'_>> = v
            .audit
            .conversations
            .iter()
            .map(|c| conversation_out(v, c))
            .collect();
        let mut doc = Vec::new();
        json(v, &mut doc).unwrap();
        // Every part but the conversations comes from serde in both; compare the whole
        // with serde's rendering of the conversations put in their place.
        let parsed: Value = serde_json::from_slice(&doc).unwrap();
        let mut with_reference = parsed.clone();
        with_reference["conversations"] = serde_json::to_value(&conversations).unwrap();
        let mut out = serde_json::to_vec_pretty(&with_reference).unwrap();
        out.push(b'\n');
        out
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        for text in [
            "plain",
            "",
            "quote \" and backslash \\",
            &every_byte,
            "né, 東京, \u{7f}",
        ] {
            let mut mine = Vec::new();
            string(&mut mine, text);
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }

    #[test]
    fn numbers_and_addresses_as_display_writes_them() {
        for n in [0, 7, 10, 99, 100, 65_535, u64::from(u32::MAX), u64::MAX] {
            let mut mine = Vec::new();
            number(&mut mine, n);
            assert_eq!(mine, n.to_string().into_bytes());
        }
        for text in [
            "0.0.0.0",
            "10.0.128.5",
            "255.255.255.255",
            "fd00:10::1",
            "::",
        ] {
            let ip: std::net::IpAddr = text.parse().unwrap();
            let mut mine = Vec::new();
            address(&mut mine, ip);
            assert_eq!(mine, serde_json::to_vec(&ip).unwrap());
        }
    }

    #[test]
    fn enum_codes_are_serdes() {
        for seen in [
            Seen::Plaintext,
            Seen::AuthenticatedOnly,
            Seen::Esp,
            Seen::EspInUdp,
            Seen::Ike,
        ] {
            assert_eq!(
                serde_json::to_string(&seen).unwrap(),
                format!("\"{}\"", seen.code())
            );
        }
        for verdict in Verdict::ALL {
            assert_eq!(
                serde_json::to_string(&verdict).unwrap(),
                format!("\"{}\"", verdict.code())
            );
        }
    }

    /// A topology whose names need escaping, and conversations of every kind: each end a
    /// host, a group, the Internet or nobody; IPv4 and IPv6; every verdict the classifier
    /// gives them; flows and none.
    fn audit_fixture() -> (
        crate::source::SourceMap,
        crate::topology::Topology,
        crate::traffic::TrafficMap,
    ) {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/scenario-1b.toml"
        ))
        .unwrap()
        .replace("\"CM01\"", "\"CM\\\"01\\\\\"");
        let mut sources = crate::source::SourceMap::new();
        let file = sources.add("fixture.toml".to_string(), text.clone());
        let topology = crate::topology::load_text(file, &text, None, &mut sources)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let traffic = crate::traffic::build(&topology);
        (sources, topology, traffic)
    }

    #[test]
    fn the_document_and_the_lines_are_the_bytes_serde_json_writes() {
        use crate::audit::conversation::{ConversationKey, ConversationStats, Conversations};
        let (_sources, topology, traffic) = audit_fixture();
        assert!(
            topology.hosts.iter().any(|h| h.name == "CM\"01\\"),
            "a host name that needs escaping"
        );
        let mut table = Conversations::new();
        let mut addresses: Vec<(Family, u128)> = Vec::new();
        for h in &topology.hosts {
            for a in &h.addresses {
                addresses.push(match a {
                    std::net::IpAddr::V4(x) => (Family::V4, u128::from(u32::from(*x))),
                    std::net::IpAddr::V6(x) => (Family::V6, u128::from(*x)),
                });
            }
        }
        addresses.push((Family::V4, u128::from(u32::from_be_bytes([8, 8, 8, 8]))));
        addresses.push((Family::V4, u128::from(u32::from_be_bytes([8, 8, 4, 4]))));
        addresses.push((Family::V6, 0x2001_0db8 << 96 | 1));
        let mut n = 0u64;
        for (i, &(fa, a)) in addresses.iter().enumerate() {
            for &(fb, b) in addresses.iter().skip(i + 1) {
                if fa != fb {
                    continue;
                }
                for (protocol, port) in [(6u8, 445u16), (17, 500), (50, 0), (6, 80), (47, 0)] {
                    n += 1;
                    // Every other pair without ESP: its IKE led nowhere.
                    if protocol == 50 && (i % 2 == 1) {
                        continue;
                    }
                    let stats = ConversationStats {
                        packets: [n, n % 3],
                        bytes: [n * 100, n % 7],
                        first_ns: n * 1_000_000_007,
                        last_ns: n * 2_000_000_011,
                        esp_packets: u64::from(protocol == 50) * n,
                        // IKE only: nothing readable besides it.
                        ike_packets: u64::from(port == 500) * (n + n % 3),
                        keepalive_packets: u64::from(port != 500 && n.is_multiple_of(5)),
                        ah_packets: 0,
                        fragments: n % 2,
                        syn_from: (protocol == 6).then_some((n % 2) as u8),
                    };
                    let key = ConversationKey {
                        family: fa,
                        protocol,
                        a: a.min(b),
                        a_port: 49152,
                        b: a.max(b),
                        b_port: port,
                    };
                    table.add_seen(key, &stats);
                }
            }
        }
        let audit = crate::audit::classify(
            &topology,
            &traffic,
            &table,
            crate::audit::ReadStats::default(),
        );
        let verdicts: std::collections::BTreeSet<Verdict> =
            audit.conversations.iter().map(|c| c.verdict).collect();
        assert!(verdicts.len() >= 4, "{verdicts:?}");
        assert!(verdicts.contains(&Verdict::IkeWithoutEsp), "{verdicts:?}");
        assert!(audit.conversations.iter().any(|c| c.flow.is_some()));
        let captures = vec!["a \"capture\".pcap".to_string()];
        let view = AuditView {
            topology: &topology,
            traffic: &traffic,
            audit: &audit,
            file_name: "fixture.toml",
            captures: &captures,
            zeek_logs: &[],
        };
        let mut mine = Vec::new();
        json(&view, &mut mine).unwrap();
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(reference_document(&view)).unwrap()
        );
        let mut lines = Vec::new();
        jsonl(&view, &mut lines).unwrap();
        let mut reference = Vec::new();
        for c in &audit.conversations {
            serde_json::to_writer(&mut reference, &conversation_out(&view, c)).unwrap();
            reference.push(b'\n');
        }
        assert_eq!(
            String::from_utf8(lines).unwrap(),
            String::from_utf8(reference).unwrap()
        );
        // An empty audit: an empty array, as serde writes it.
        let empty = crate::audit::Audit {
            conversations: Vec::new(),
            read: crate::audit::ReadStats::default(),
        };
        let view = AuditView {
            audit: &empty,
            ..view
        };
        let mut mine = Vec::new();
        json(&view, &mut mine).unwrap();
        assert_eq!(mine, reference_document(&view));
    }
}
