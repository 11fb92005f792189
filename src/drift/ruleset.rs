//! What the firewall and the gateway checks share about a deployed nftables ruleset: the
//! probe packets, the words for the rule that decided a packet, the
//! findings for a rule cordon did not write, and which of a ruleset's rules are cordon's
//! conntrack head.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::state::Read;
use super::{Code, Input, Sink, at, name_flows, plural};
use crate::net::Protocol;
use crate::platform::nftables::{Condition, Crossing, Rule, RuleRef, Ruleset};
use crate::traffic::{Flow, FlowId};

/// The rule (or chain policy) that decided a packet on a hook, in words, and where it is
/// in the state file.
pub(super) fn decided_by(
    ruleset: &Ruleset,
    by: Option<RuleRef>,
    file: crate::source::FileId,
    hook: &str,
) -> (String, Option<crate::source::Span>) {
    let words = by.map_or_else(
        || format!("no chain on the {hook} hook (netfilter accepts)"),
        // A rule without a comment is named by what it matches too.
        |r| match ruleset.rule(r) {
            Some(rule) if rule.comment.is_none() => {
                format!("{} (`{}`)", ruleset.describe(r), rule.summary())
            }
            _ => ruleset.describe(r),
        },
    );
    let span = by
        .and_then(|r| {
            ruleset
                .rule(r)
                .map(|x| x.span.clone())
                .or_else(|| ruleset.chains.get(r.chain).map(|c| c.span.clone()))
        })
        .and_then(|s| at(file, s))
        .or_else(|| at(file, 0..0));
    (words, span)
}

/// A rule of a ruleset that cordon did not write, with the flows whose packets it lets
/// across against the plan (`words`: what to say when there are none, and what it lets
/// across of them).
pub(super) fn extra_rule(
    input: &Input<'_>,
    (ruleset, file): (&Ruleset, crate::source::FileId),
    (at_ref, rule): (RuleRef, &Rule),
    flows: Vec<FlowId>,
    (none, of): (&str, &str),
    sink: &mut Sink<'_>,
) {
    let lets = if flows.is_empty() {
        none.to_string()
    } else {
        format!(
            "it lets across {of} {} ({})",
            plural(flows.len(), "flow"),
            name_flows(input, &flows)
        )
    };
    sink.push(
        Code::ExtraRule,
        at(file, rule.span.clone()),
        format!(
            "{} is not cordon's: `{}`; {lets}",
            ruleset.describe(at_ref),
            rule.summary()
        ),
        "remove it (nft delete rule ... handle N), or plan what it is for in the topology".into(),
        flows,
    );
}

/// Records that a deployed rule (not a chain's policy) lets a flow's packet across
/// against the plan.
pub(super) fn note_passing(
    passed: &mut BTreeMap<RuleRef, Vec<FlowId>>,
    by: Option<RuleRef>,
    id: FlowId,
) {
    if let Some(r) = by.filter(|r| r.rule.is_some()) {
        let list = passed.entry(r).or_default();
        if list.last() != Some(&id) {
            list.push(id);
        }
    }
}

/// The ports a flow is probed at: the first and last port of each of its ranges (`0`
/// alone for a protocol without ports).
pub(super) fn port_edges(input: &Input<'_>, flow: &Flow) -> Vec<u16> {
    if !flow.protocol.has_ports() {
        return vec![0];
    }
    let mut edges: Vec<u16> = input
        .traffic
        .ports(flow)
        .ranges()
        .iter()
        .flat_map(|r| [r.start(), r.end()])
        .collect();
    edges.dedup();
    edges
}

/// The first packet of a probe to `port`: IKE and NAT-T come from their own port, other
/// protocols with ports from one outside every ephemeral range the catalog names.
pub(super) fn probe(
    source: IpAddr,
    destination: IpAddr,
    protocol: Protocol,
    port: u16,
) -> Crossing {
    let client_port = if protocol == Protocol::Udp && (port == 500 || port == 4500) {
        port
    } else if protocol.has_ports() {
        40000
    } else {
        0
    };
    Crossing::opening(source, destination, protocol, client_port, port)
}

/// Whether a rule is the conntrack head cordon writes above its rules (`ct state
/// established,related accept`, `ct state invalid drop`).
pub(super) fn is_conntrack_head(r: &Rule) -> bool {
    !r.matches.is_empty()
        && r.matches
            .iter()
            .all(|m| matches!(m.condition, Condition::State(_)))
}

/// A `state-read` note for each table of a ruleset that routed packets never meet
/// (`bridge`, `arp`, `netdev`), and for the ingress chains of an `inet` table: cordon
/// neither reads nor evaluates their rules, so the verdicts above hold only if they let
/// the flows' packets through.
pub(super) fn note_unevaluated(read: &Read<Ruleset>, sink: &mut Sink<'_>) {
    for (family, table, chains) in read.value.unevaluated() {
        let hooks: Vec<String> = chains
            .iter()
            .filter_map(|c| c.hook.as_ref().map(|h| format!("`{}` on {h}", c.name)))
            .collect();
        if hooks.is_empty() {
            // Regular chains alone: nothing ever runs them.
            continue;
        }
        let rules: usize = chains.iter().map(|c| c.unread).sum();
        let what = match family {
            "bridge" => "bridged frames, not routed packets",
            "arp" => "ARP, not IP",
            // A netdev table's chains, or an ingress chain of a table of routed packets.
            _ => {
                "a device's packets before routing, and cordon does not know which device a packet arrives on"
            }
        };
        let (subject, verb) = if crate::platform::nftables::routes_ip(family) {
            (
                format!("the ingress chains of table `{family} {table}`"),
                "are not evaluated: they see",
            )
        } else {
            (
                format!("table `{family} {table}`"),
                "is not evaluated: it sees",
            )
        };
        sink.push(
            Code::StateRead,
            chains
                .first()
                .and_then(|c| at(read.file, c.span.clone())),
            format!(
                "{subject} ({}; {}) {verb} {what}",
                hooks.join(", "),
                plural(rules, "rule"),
            ),
            "make sure it lets the planned flows, IKE (UDP 500 and 4500) and ESP through; cordon's verdicts leave it out".into(),
            Vec::new(),
        );
    }
}
