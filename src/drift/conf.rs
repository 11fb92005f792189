//! A deployed swanctl.conf against the one cordon emits for the same host or gateway, key
//! by key: children (one per rule, or per rule and peer) that are gone or were added,
//! selectors and modes that changed, and the negotiation (proposals, authentication, CAs,
//! identities, IKE version).

use std::collections::BTreeMap;

use super::state::Read;
use super::{Code, Sink, at};
use crate::platform::swanctl::{self, Conf, Value};
use crate::platform::xfrm::FIRST_PRIORITY;
use crate::policy::RuleSet;
use crate::traffic::FlowId;
use std::ops::Range;

/// The settings that decide what IKE and ESP negotiate.
const NEGOTIATION: &[&str] = &[
    "proposals",
    "esp_proposals",
    "ah_proposals",
    "auth",
    "cacerts",
    "certs",
    "id",
    "pubkeys",
    "version",
    "aggressive",
    "encap",
];

/// Algorithm words that make a proposal weak today (as `weak-cryptography` in verify).
const WEAK: &[&str] = &["des", "3des", "md5", "sha1", "modp768", "modp1024", "null"];

pub(super) fn check(
    set: Option<&RuleSet>,
    planned_text: &str,
    read: &Read<Conf>,
    sink: &mut Sink<'_>,
) {
    // The file exactly as emitted: nothing to compare.
    if read.digest == Some(super::state::conf_digest(planned_text)) {
        return;
    }
    let planned = match swanctl::read(planned_text) {
        Ok(p) => p,
        Err(e) => {
            sink.note_unplanned(
                read.file,
                &format!("cordon's own file does not read back: {e}"),
            );
            return;
        }
    };
    let deployed = &read.value;
    // The file as emitted (every key and value at its place): nothing to compare.
    if planned == *deployed {
        return;
    }
    let mut report = Report::default();
    for (key, want) in &planned.keys {
        if covered_by_absent_section(key, deployed) {
            continue;
        }
        match deployed.keys.get(key) {
            None if is_section(key) => report.add(
                Code::MissingRule,
                key,
                None,
                "is not in the deployed file".into(),
            ),
            None => report.add(
                kind(key),
                key,
                None,
                format!("has no `{}` (the plan: `{}`)", last(key), want.text),
            ),
            Some(have) if !same(&want.text, &have.text) => report.add(
                kind(key),
                key,
                Some(have),
                format!(
                    "has `{} = {}` where the plan has `{}`{}",
                    last(key),
                    have.text,
                    want.text,
                    weakened(key, &want.text, &have.text)
                ),
            ),
            Some(_) => {}
        }
    }
    for (key, have) in &deployed.keys {
        if planned.keys.contains_key(key) || covered_by_absent_section(key, &planned) {
            continue;
        }
        if is_section(key) {
            report.add(
                Code::ExtraRule,
                key,
                Some(have),
                format!("is not in the plan{}", summary(key, deployed)),
            );
        } else {
            report.add(
                kind(key),
                key,
                Some(have),
                format!(
                    "has `{} = {}`, which the plan does not set",
                    last(key),
                    have.text
                ),
            );
        }
    }
    report.emit(set, &planned, read, sink);
}

/// Whether a key lies inside a section that the other file lacks (the section itself is
/// the one finding).
fn covered_by_absent_section(key: &[String], other: &Conf) -> bool {
    (2..key.len()).any(|n| is_section(&key[..n]) && !other.keys.contains_key(&key[..n]))
}

/// A connection (`connections.X`) or a child (`connections.X.children.Y`).
fn is_section(key: &[String]) -> bool {
    matches!(key, [c, _] if c == "connections")
        || matches!(key, [c, _, ch, _] if c == "connections" && ch == "children")
}

fn last(key: &[String]) -> &str {
    key.last().map_or("", String::as_str)
}

fn kind(key: &[String]) -> Code {
    if NEGOTIATION.contains(&last(key)) {
        Code::NegotiationChanged
    } else {
        Code::ChangedRule
    }
}

/// Values as charon reads lists: items in order, blanks around commas ignored (compared
/// item by item: a child's selector lists run to thousands of items).
fn same(a: &str, b: &str) -> bool {
    swanctl::item_iter(a).eq(swanctl::item_iter(b))
}

/// ` (weakened: adds 3des-sha1)` where the deployed proposals add a weak algorithm.
fn weakened(key: &[String], planned: &str, deployed: &str) -> String {
    if !last(key).ends_with("proposals") {
        return String::new();
    }
    let weak = |p: &str| p.split('-').any(|w| WEAK.contains(&w));
    let planned = swanctl::items(planned);
    let added: Vec<String> = swanctl::items(deployed)
        .into_iter()
        .filter(|p| weak(p) && !planned.contains(p))
        .collect();
    if added.is_empty() {
        String::new()
    } else {
        format!(" (weakened: adds {})", added.join(", "))
    }
}

/// What a section added by hand holds, in a few words.
fn summary(key: &[String], conf: &Conf) -> String {
    let get = |k: &str| {
        let mut path = key.to_vec();
        path.push(k.to_string());
        conf.keys.get(&path).map(|v| v.text.clone())
    };
    let parts: Vec<String> = ["local_ts", "remote_ts", "mode", "remote_addrs"]
        .iter()
        .filter_map(|k| get(k).map(|v| format!("{k} = {v}")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// A difference in words, with the deployed value's place.
type Line = (String, Option<Range<usize>>);

/// Differences grouped per code and section (a child, a connection, or the file).
#[derive(Default)]
struct Report {
    groups: BTreeMap<(Code, Vec<String>), Vec<Line>>,
}

impl Report {
    fn add(&mut self, code: Code, key: &[String], at_value: Option<&Value>, line: String) {
        self.groups
            .entry((code, section_of(key)))
            .or_default()
            .push((line, at_value.map(|v| v.span.clone())));
    }

    fn emit(self, set: Option<&RuleSet>, planned: &Conf, read: &Read<Conf>, sink: &mut Sink<'_>) {
        for ((code, section), lines) in self.groups {
            let name = section.join(".");
            let flows = flows_of(set, &section, planned, &read.value);
            let span = lines
                .iter()
                .find_map(|(_, s)| s.clone())
                .and_then(|r| at(read.file, r))
                .or_else(|| at(read.file, 0..0));
            let detail: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
            let fix = match code {
                Code::ExtraRule => "remove it from swanctl.conf and run swanctl --load-all, or plan it in the topology".to_string(),
                _ => "put back the swanctl.conf cordon emits and run swanctl --load-all".to_string(),
            };
            sink.push(
                code,
                span,
                format!("swanctl.conf `{name}` {}", detail.join("; ")),
                fix,
                flows,
            );
        }
    }
}

/// The section a key belongs to: its child or connection; the file's top for the rest.
fn section_of(key: &[String]) -> Vec<String> {
    for n in [4, 2] {
        if key.len() >= n && is_section(&key[..n]) {
            return key[..n].to_vec();
        }
    }
    key.iter().take(1).cloned().collect()
}

/// The flows of the plan rule a child stands for (by its `priority`, which cordon sets to
/// the rule's place), or of every child of a connection.
fn flows_of(
    set: Option<&RuleSet>,
    section: &[String],
    planned: &Conf,
    deployed: &Conf,
) -> Vec<FlowId> {
    let Some(set) = set else {
        return Vec::new();
    };
    let rule_of = |child: &[String]| -> Option<usize> {
        let mut path = child.to_vec();
        path.push("priority".into());
        let p = planned
            .keys
            .get(&path)
            .or_else(|| deployed.keys.get(&path))?;
        let p: u32 = p.text.parse().ok()?;
        usize::try_from(p.checked_sub(FIRST_PRIORITY)?).ok()
    };
    let children: Vec<Vec<String>> = if section.len() == 4 {
        vec![section.to_vec()]
    } else {
        planned
            .keys
            .keys()
            .chain(deployed.keys.keys())
            .filter(|k| k.len() == 4 && k.starts_with(section) && is_section(k))
            .cloned()
            .collect()
    };
    let mut flows: Vec<FlowId> = children
        .iter()
        .filter_map(|c| rule_of(c))
        .filter_map(|i| set.rules.get(i))
        .flat_map(|r| r.flows.iter().copied())
        .collect();
    flows.sort_unstable();
    flows.dedup();
    flows
}
