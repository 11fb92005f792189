//! The audit as text (summary by verdict and by path, then every conversation that needs
//! attention, worst first), as one JSON document (`cordon.audit/1`), or as JSON lines
//! (one conversation per line, for other tools).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Table, presets};
use foldhash::HashMap;
use serde_json::{Value, json};

mod json;

pub use json::{json, jsonl};

use crate::audit::{Audit, Classified, Verdict, path_of, protocol_name};
use crate::catalog::Path;
use crate::classify::Family;
use crate::topology::Topology;
use crate::traffic::{self, TrafficMap};

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
    let mut text = Vec::with_capacity(30);
    timestamp_into(&mut text, ns);
    String::from_utf8(text).unwrap_or_default()
}

/// [`timestamp`], written at the end of `out` (no formatting machinery: the JSON of a
/// large capture has two per conversation).
fn timestamp_into(out: &mut Vec<u8>, ns: u64) {
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
    let digits = |out: &mut Vec<u8>, mut n: u64, width: usize| {
        let mut text = [b'0'; 9];
        for at in (0..width.min(text.len())).rev() {
            text[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend_from_slice(&text[..width.min(text.len())]);
    };
    // Years past 9999 (a u64 of nanoseconds reaches 2554) never come.
    digits(out, year.unsigned_abs(), 4);
    out.push(b'-');
    digits(out, month.unsigned_abs(), 2);
    out.push(b'-');
    digits(out, day.unsigned_abs(), 2);
    out.push(b'T');
    digits(out, rem / 3600, 2);
    out.push(b':');
    digits(out, rem % 3600 / 60, 2);
    out.push(b':');
    digits(out, rem % 60, 2);
    out.push(b'.');
    digits(out, frac, 9);
    out.push(b'Z');
}

#[derive(Default, Clone, Copy)]
struct Tally {
    conversations: u64,
    packets: u64,
    bytes: u64,
}

/// A verdict's place in [`Verdict::ALL`]: tallies of 100,000 conversations are kept in
/// arrays, not looked up in maps.
fn rank(verdict: Verdict) -> usize {
    Verdict::ALL
        .iter()
        .position(|v| *v == verdict)
        .unwrap_or_default()
}

fn by_verdict(a: &Audit) -> BTreeMap<Verdict, Tally> {
    let mut tallies = [Tally::default(); Verdict::ALL.len()];
    for c in &a.conversations {
        if let Some(t) = tallies.get_mut(rank(c.verdict)) {
            t.conversations += 1;
            t.packets = t.packets.saturating_add(c.stats.total_packets());
            t.bytes = t.bytes.saturating_add(c.stats.total_bytes());
        }
    }
    Verdict::ALL.into_iter().zip(tallies).collect()
}

/// Conversations by path (by its name; `(no flow)` without one), then by verdict (the
/// verdicts seen).
fn by_path(v: &AuditView<'_>) -> BTreeMap<&'static str, BTreeMap<Verdict, u64>> {
    // One row of counts for each path, and a last for conversations without a flow.
    let mut counts = [[0u64; Verdict::ALL.len()]; Path::ALL.len() + 1];
    for c in &v.audit.conversations {
        let row = path_of(v.traffic, c)
            .and_then(|p| Path::ALL.iter().position(|q| *q == p))
            .unwrap_or(Path::ALL.len());
        if let Some(n) = counts.get_mut(row).and_then(|r| r.get_mut(rank(c.verdict))) {
            *n += 1;
        }
    }
    let names = Path::ALL.iter().map(|p| p.name()).chain(["(no flow)"]);
    let mut m: BTreeMap<&'static str, BTreeMap<Verdict, u64>> = BTreeMap::new();
    for (name, row) in names.zip(counts) {
        for (verdict, n) in Verdict::ALL.into_iter().zip(row) {
            if n > 0 {
                m.entry(name).or_default().insert(verdict, n);
            }
        }
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

/// The text report: what was read, the summaries, then the conversations that need
/// attention grouped into lines, at most `limit` lines (`None`: every line).
pub fn text(v: &AuditView<'_>, limit: Option<usize>) -> String {
    let mut out = String::new();
    what_was_read(&mut out, v);
    let _ = writeln!(out);
    summaries(&mut out, v);
    let attention: Vec<&Classified> = v
        .audit
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
    needs_attention(&mut out, v, &attention, limit);
    out
}

/// The inputs and their totals, what was not audited and why, and what was audited
/// though damaged.
fn what_was_read(out: &mut String, v: &AuditView<'_>) {
    let a = v.audit;
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
}

/// The tallies by verdict, and by path and verdict.
fn summaries(out: &mut String, v: &AuditView<'_>) {
    let mut t = table(&["verdict", "conversations", "packets", "bytes"]);
    for (k, tally) in by_verdict(v.audit) {
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
}

/// The conversations that need attention, grouped into lines, worst first: at most
/// `limit` lines, and a count of the rest.
fn needs_attention(
    out: &mut String,
    v: &AuditView<'_>,
    attention: &[&Classified],
    limit: Option<usize>,
) {
    let mut groups = attention_groups(v, attention);
    let lines = groups.len();
    let shown = limit.map_or(lines, |n| n.min(lines));
    // Only the lines shown are put in order; the rest are counted.
    if let Some(last) = shown.checked_sub(1)
        && shown < lines
    {
        groups.select_nth_unstable_by(last, worst_first);
    }
    let rest: u64 = groups
        .iter()
        .skip(shown)
        .map(|g| g.counts.conversations)
        .sum();
    groups.truncate(shown);
    groups.sort_unstable_by(worst_first);
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
    for g in &groups {
        let c = g.example;
        let (from, to) = if c.initiator == Some(1) {
            (1, 0)
        } else {
            (0, 1)
        };
        // One conversation shows its addresses; a group its places.
        let (from, to) = if g.counts.conversations == 1 {
            (end_text(v, c, from), end_text(v, c, to))
        } else {
            (g.key.2.to_string(), g.key.3.to_string())
        };
        t.add_row(vec![
            g.key.0.code().to_string(),
            g.key.1.to_string(),
            from,
            to,
            port_summary(&g.counts.ports.all()),
            g.counts.conversations.to_string(),
            g.key.4.to_string(),
            g.key.5.to_string(),
            g.counts.packets.to_string(),
            g.counts.bytes.to_string(),
            timestamp(g.counts.first_ns),
            timestamp(g.counts.last_ns),
        ]);
    }
    let _ = writeln!(out, "{t}");
    if shown < lines {
        let _ = writeln!(
            out,
            "... and {} more lines ({rest} conversations): --all, or --limit N, to see them; --format json or jsonl for every conversation",
            lines - shown
        );
    }
}

/// Conversations that read as one line: (verdict, protocol, from place, to place, flow,
/// catalog row).
type GroupKey<'a> = (
    Verdict,
    Cow<'a, str>,
    Cow<'a, str>,
    Cow<'a, str>,
    FlowText<'a>,
    Cow<'a, str>,
);

/// A flow as the table writes it, `row:from->to` ([`TrafficMap::flow_id`]), or `-`.
/// Lines are told apart by these words, and tens of thousands of lines each formatting
/// them took over a quarter of the text report's instructions: where no row id holds a
/// `:` and no end's name a `->`, the three parts say as much as the text (it splits back
/// into them one way only), and are compared as the text compares.
#[derive(Clone, PartialEq, Eq, Hash)]
enum FlowText<'a> {
    None,
    Parts([&'a str; 3]),
    Text(String),
}

impl FlowText<'_> {
    /// The bytes of the text, in order.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (parts, text): (&[&str], &str) = match self {
            FlowText::None => (&[], "-"),
            FlowText::Parts(parts) => (parts, ""),
            FlowText::Text(text) => (&[], text),
        };
        let separators = [":", "->", ""];
        parts
            .iter()
            .zip(separators)
            .flat_map(|(part, separator)| part.bytes().chain(separator.bytes()))
            .chain(text.bytes())
    }
}

impl Ord for FlowText<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for FlowText<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for FlowText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlowText::None => f.write_str("-"),
            FlowText::Parts([row, from, to]) => write!(f, "{row}:{from}->{to}"),
            FlowText::Text(text) => f.write_str(text),
        }
    }
}

/// Whether a flow's words split back into its row and ends one way only (see
/// [`FlowText`]).
fn flow_text_splits_one_way(topo: &Topology) -> bool {
    let ends = topo
        .hosts
        .iter()
        .map(|h| h.name.as_str())
        .chain(topo.client_groups.iter().map(|g| g.name.as_str()));
    topo.catalog.rows.iter().all(|r| !r.id.contains(':'))
        && ends.into_iter().all(|name| !name.contains("->"))
}

/// One line of the attention table.
struct Group<'a> {
    key: GroupKey<'a>,
    /// The first conversation of the group (its addresses when it is alone).
    example: &'a Classified,
    counts: Gathered,
}

/// A group's responder ports as a person reads them: the first few, then how many more.
fn port_summary(ports: &[u16]) -> String {
    const SHOWN: usize = 4;
    let mut ports = ports.to_vec();
    ports.sort_unstable();
    ports.dedup();
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
/// hold its address (by index), else the Internet.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    End(traffic::Endpoint),
    Zone(usize),
    Internet,
}

/// An end's place; `zones` remembers the zone of each address outside the hosts and
/// groups (a zone is found by a walk over every subnet of the topology).
fn place(
    v: &AuditView<'_>,
    c: &Classified,
    which: usize,
    zones: &mut HashMap<std::net::IpAddr, Place>,
) -> Place {
    if let Some(e @ (traffic::Endpoint::Host(_) | traffic::Endpoint::Group(_))) =
        c.ends.get(which).copied().flatten()
    {
        return Place::End(e);
    }
    let (ip, _) = c.end(which);
    *zones.entry(ip).or_insert_with(|| {
        v.topology
            .zones
            .iter()
            .position(|z| z.subnets.iter().any(|n| n.contains(&ip)))
            .map_or(Place::Internet, Place::Zone)
    })
}

fn place_name<'a>(v: &AuditView<'a>, place: Place) -> Cow<'a, str> {
    match place {
        Place::End(e) => Cow::Borrowed(traffic::endpoint_name(v.topology, e)),
        Place::Zone(z) => Cow::Owned(format!("zone {}", v.topology.zones[z].name)),
        Place::Internet => Cow::Borrowed("internet"),
    }
}

/// A line's responder ports: the first one, then the others in no order, repeated.
/// Most lines have one port, which takes no allocation (tens of thousands of lines each
/// allocating a vector took a sixth of the text report's instructions).
#[derive(Default)]
struct Ports {
    first: Option<u16>,
    others: Vec<u16>,
}

impl Ports {
    fn add(&mut self, port: u16) {
        match self.first {
            None => self.first = Some(port),
            Some(first) if first == port => {}
            Some(_) => self.others.push(port),
        }
    }

    fn add_all(&mut self, more: &Ports) {
        for port in more.first.iter().chain(&more.others) {
            self.add(*port);
        }
    }

    /// Every port, repeated.
    fn all(&self) -> Vec<u16> {
        self.first.iter().chain(&self.others).copied().collect()
    }
}

/// What a line gathers: the first conversation's place in the attention list, and the
/// counts.
struct Gathered {
    first: usize,
    conversations: u64,
    /// The responders' ports (0 for protocols without ports).
    ports: Ports,
    packets: u64,
    bytes: u64,
    first_ns: u64,
    last_ns: u64,
}

impl Gathered {
    fn add(&mut self, other: &Gathered) {
        self.first = self.first.min(other.first);
        self.conversations += other.conversations;
        self.ports.add_all(&other.ports);
        self.packets = self.packets.saturating_add(other.packets);
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.first_ns = self.first_ns.min(other.first_ns);
        self.last_ns = self.last_ns.max(other.last_ns);
    }
}

/// The order of the lines: worst verdict first, then the largest groups; total (no two
/// lines have the same words), so the same capture gives the same order.
fn worst_first(a: &Group<'_>, b: &Group<'_>) -> std::cmp::Ordering {
    rank(a.key.0)
        .cmp(&rank(b.key.0))
        .then(b.counts.conversations.cmp(&a.counts.conversations))
        .then(b.counts.bytes.cmp(&a.counts.bytes))
        .then(a.key.cmp(&b.key))
}

/// The attention conversations grouped into lines, in no order (see [`worst_first`]).
/// Conversations are gathered by what identifies their line (numbers, not words); the
/// words are made once per line, and lines whose words agree (two flows of one row and
/// places) become one.
fn attention_groups<'a>(v: &AuditView<'a>, attention: &[&'a Classified]) -> Vec<Group<'a>> {
    type Identity = (Verdict, Family, u8, Place, Place, Option<traffic::FlowId>);
    let mut gathered: HashMap<Identity, Gathered> = HashMap::default();
    let mut zones = HashMap::default();
    for (i, c) in attention.iter().enumerate() {
        let (from, to) = if c.initiator == Some(1) {
            (1, 0)
        } else {
            (0, 1)
        };
        let identity = (
            c.verdict,
            c.key.family,
            c.key.protocol,
            place(v, c, from, &mut zones),
            place(v, c, to, &mut zones),
            c.flow
                .filter(|f| v.traffic.flows.get(f.0 as usize).is_some()),
        );
        let g = gathered.entry(identity).or_insert(Gathered {
            first: i,
            conversations: 0,
            ports: Ports::default(),
            packets: 0,
            bytes: 0,
            first_ns: u64::MAX,
            last_ns: 0,
        });
        g.conversations += 1;
        g.ports.add(c.end(to).1);
        g.packets = g.packets.saturating_add(c.stats.total_packets());
        g.bytes = g.bytes.saturating_add(c.stats.total_bytes());
        g.first_ns = g.first_ns.min(c.stats.first_ns);
        g.last_ns = g.last_ns.max(c.stats.last_ns);
    }
    let by_parts = flow_text_splits_one_way(v.topology);
    let mut groups: HashMap<GroupKey<'a>, Gathered> = HashMap::default();
    groups.reserve(gathered.len());
    for ((verdict, family, protocol, from, to, flow), g) in gathered {
        let flow = flow.and_then(|f| v.traffic.flows.get(f.0 as usize));
        let key: GroupKey<'a> = (
            verdict,
            protocol_name(family, protocol),
            place_name(v, from),
            place_name(v, to),
            match flow {
                None => FlowText::None,
                Some(f) if by_parts => FlowText::Parts([
                    traffic::row(v.topology, f).id.as_str(),
                    traffic::endpoint_name(v.topology, f.from),
                    traffic::endpoint_name(v.topology, f.to),
                ]),
                Some(f) => FlowText::Text(v.traffic.flow_id(v.topology, f)),
            },
            flow.map_or(Cow::Borrowed("-"), |f| {
                Cow::Borrowed(traffic::row(v.topology, f).id.as_str())
            }),
        );
        match groups.entry(key) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(g);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().add(&g),
        }
    }
    let out: Vec<Group<'a>> = groups
        .into_iter()
        .map(|(key, g)| Group {
            key,
            example: attention[g.first],
            counts: g,
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::{FlowText, timestamp};
    use proptest::prelude::*;

    /// A row id (no `:`) and two ends' names (no `->`), from the characters that make
    /// the words ambiguous when they are allowed.
    fn plain_parts() -> impl Strategy<Value = [String; 3]> {
        let row = "[a:>.-]{0,5}".prop_filter("no `:` in a row id", |r| !r.contains(':'));
        let end = || "[a:>.-]{0,5}".prop_filter("no `->` in a name", |n| !n.contains("->"));
        (row, end(), end()).prop_map(|(r, f, t)| [r, f, t])
    }

    fn text(p: &[String; 3]) -> String {
        format!("{}:{}->{}", p[0], p[1], p[2])
    }

    fn parts(p: &[String; 3]) -> FlowText<'_> {
        FlowText::Parts([&p[0], &p[1], &p[2]])
    }

    proptest! {
        /// Flow words held as their parts compare, order and print as their text does.
        #[test]
        fn flow_words_as_parts_are_the_words_as_text(a in plain_parts(), b in plain_parts()) {
            prop_assert_eq!(parts(&a).to_string(), text(&a));
            prop_assert_eq!(parts(&a) == parts(&b), text(&a) == text(&b));
            prop_assert_eq!(parts(&a).cmp(&parts(&b)), text(&a).cmp(&text(&b)));
            prop_assert_eq!(
                FlowText::Text(text(&a)).cmp(&FlowText::Text(text(&b))),
                text(&a).cmp(&text(&b))
            );
        }

        /// Why the parts may stand for the text: with no `:` in a row id and no `->` in
        /// a name, the text splits into a row and two names one way only.
        #[test]
        fn plain_flow_words_split_one_way(a in plain_parts()) {
            let words = text(&a);
            let mut splits = Vec::new();
            for (colon, _) in words.match_indices(':') {
                for (arrow, _) in words.match_indices("->").filter(|(at, _)| *at > colon) {
                    let split = [
                        words[..colon].to_string(),
                        words[colon + 1..arrow].to_string(),
                        words[arrow + 2..].to_string(),
                    ];
                    if !split[0].contains(':') && !split[1].contains("->") && !split[2].contains("->") {
                        splits.push(split);
                    }
                }
            }
            prop_assert_eq!(splits, vec![a]);
        }
    }

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
