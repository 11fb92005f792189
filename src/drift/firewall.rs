//! A zone firewall's deployed nftables ruleset against the plan's rules for it: every
//! packet a flow needs across the firewall (IKE and ESP or NAT-T both ways for an
//! encrypted flow, the flow itself for an exempt one) through both, and the plaintext of
//! encrypted flows, which the plan never lets across; then rule by rule, by the name
//! cordon writes into each rule's comment.

use std::collections::{BTreeMap, BTreeSet};

use super::ruleset::{
    decided_by, extra_rule, is_conntrack_head, note_passing, note_unevaluated, port_edges, probe,
};
use super::state::{self, OwnerState, Read};
use super::{Code, FlowGroups, FlowIndex, Input, Sink, at};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::platform::nftables::{Condition, Crossing, End, Rule, RuleRef, Ruleset, Verdict};
use crate::policy::{FirewallPolicy, FirewallRule, FirewallRuleKind};
use crate::topology::FirewallId;
use crate::traffic::{FlowId, Protection};

/// One packet of a flow across the firewall, in words.
struct Need {
    crossing: Crossing,
    what: String,
}

pub(super) fn check(
    input: &Input<'_>,
    index: &FlowIndex,
    fw: FirewallId,
    st: &OwnerState,
    sink: &mut Sink<'_>,
) {
    sink.note_other_forms(
        st,
        &[state::Format::Nftables],
        "cordon writes an nftables ruleset for a zone firewall",
    );
    let Some(read) = &st.nftables else {
        return;
    };
    let Some(policy) = input.policy.firewalls.iter().find(|p| p.firewall == fw) else {
        return;
    };
    let passed = flows(input, index, fw, policy, read, sink);
    rules(input, policy, read, &passed, sink);
    note_unevaluated(read, sink);
}

/// Every flow across the firewall; returns the deployed rules that let packets across
/// that the plan drops, with those flows.
fn flows(
    input: &Input<'_>,
    index: &FlowIndex,
    fw: FirewallId,
    policy: &FirewallPolicy,
    read: &Read<Ruleset>,
    sink: &mut Sink<'_>,
) -> BTreeMap<RuleRef, Vec<FlowId>> {
    let ruleset = &read.value;
    let mut groups = FlowGroups::default();
    let mut passed: BTreeMap<RuleRef, Vec<FlowId>> = BTreeMap::new();
    for &id in index.by_firewall.get(&fw).map_or(&[][..], Vec::as_slice) {
        let Some(flow) = input.traffic.flows.get(id.0 as usize) else {
            continue;
        };
        let (Some(a), Some(b)) = (index.addrs.of(flow.from), index.addrs.of(flow.to)) else {
            continue;
        };
        for need in needs(input, flow, a, b) {
            let c = need.crossing;
            let planned_rule =
                policy.lookup(c.source, c.destination, c.protocol, c.destination_port);
            let planned = planned_rule.is_some();
            let plan_words = planned_rule.map_or_else(
                || "dropped (no rule of the plan passes it)".to_string(),
                |r| format!("passed by rule `{}`", r.name),
            );
            let (deployed, by) = ruleset.forward(&c);
            let (by_words, span) = decided_by(ruleset, by, read.file, "forward");
            if planned && !deployed {
                groups.add(
                    Code::FlowNowBlocked,
                    by_words.clone(),
                    plan_words,
                    span,
                    format!("{} dropped by {by_words}", need.what),
                    id,
                );
            } else if !planned && deployed {
                let code = if matches!(flow.protection, Protection::Encrypt) {
                    Code::FirewallPassesClear
                } else {
                    Code::FlowChanged
                };
                groups.add(
                    code,
                    by_words.clone(),
                    plan_words,
                    span,
                    format!("{} passed by {by_words}", need.what),
                    id,
                );
                note_passing(&mut passed, by, id);
            }
        }
    }
    groups.emit(input, sink);
    passed
}

/// The packets a flow needs across a firewall (as `verify` asks of the plan), and for an
/// encrypted flow its plaintext, which must not cross.
fn needs(
    input: &Input<'_>,
    flow: &crate::traffic::Flow,
    a: std::net::IpAddr,
    b: std::net::IpAddr,
) -> Vec<Need> {
    let both = |protocol, port, what: &str| {
        [(a, b), (b, a)].map(|(s, d)| Need {
            crossing: probe(s, d, protocol, port),
            what: what.to_string(),
        })
    };
    let mut out = Vec::new();
    let port = input.traffic.first_port(flow);
    match flow.protection {
        Protection::Encrypt => {
            out.extend(both(Protocol::Udp, 500, "IKE (UDP 500)"));
            if input.traffic.needs_nat_traversal(input.topology, flow) {
                out.extend(both(Protocol::Udp, 4500, "NAT-T (UDP 4500)"));
            } else {
                out.extend(both(Protocol::Esp, 0, "ESP"));
            }
            out.push(Need {
                crossing: probe(a, b, flow.protocol, port),
                what: format!("the plaintext ({} {port})", flow.protocol),
            });
        }
        Protection::Exempt(_) => {
            for p in port_edges(input, flow) {
                out.push(Need {
                    crossing: probe(a, b, flow.protocol, p),
                    what: format!("{} {p} in the clear", flow.protocol),
                });
            }
        }
    }
    out
}

/// Which packets a rule matches, per address family: the sources and destinations, the
/// protocols (`None`: any), the destination ports, and whether it accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shape {
    families: Vec<(bool, AddrSet, AddrSet, Option<Vec<u8>>)>,
    ports: PortSet,
    accepts: bool,
}

fn planned_shape(r: &FirewallRule) -> Shape {
    let families = [false, true]
        .into_iter()
        .filter_map(|v6| {
            let (s, d) = (r.source.of_family(v6), r.destination.of_family(v6));
            if s.is_empty() || d.is_empty() {
                return None;
            }
            Some((v6, s, d, r.protocol.number(v6).map(|n| vec![n])))
        })
        .collect();
    Shape {
        families,
        ports: if r.protocol.has_ports() && !r.ports.is_empty() {
            r.ports.clone()
        } else {
            PortSet::any()
        },
        accepts: r.action == crate::policy::RuleAction::Permit,
    }
}

/// The shape of deployed rules that share one comment (cordon writes one line per
/// family); `None` when a rule matches on something a shape cannot hold (a negation, a
/// source port).
fn deployed_shape(rules: &[&Rule]) -> Option<Shape> {
    let mut families = Vec::new();
    let mut ports: Option<PortSet> = None;
    let mut accepts = None;
    for r in rules {
        let mut family: Option<bool> = None;
        let (mut src, mut dst) = (None::<AddrSet>, None::<AddrSet>);
        let mut protos: Option<Vec<u8>> = None;
        let mut rule_ports = PortSet::any();
        for m in &r.matches {
            if m.negated {
                return None;
            }
            match &m.condition {
                Condition::Family { v6 } => family = Some(*v6),
                Condition::Address(End::Source, s) => src = Some(s.clone()),
                Condition::Address(End::Destination, d) => dst = Some(d.clone()),
                Condition::Protocol(list) => {
                    let mut l = list.clone();
                    l.sort_unstable();
                    l.dedup();
                    protos = Some(match protos {
                        Some(p) => p.into_iter().filter(|x| l.contains(x)).collect(),
                        None => l,
                    });
                }
                Condition::Port(End::Destination, p) => rule_ports = p.clone(),
                Condition::Port(End::Source, _) => return None,
                Condition::State(_) => {}
                // Not what a zone firewall's rules match on.
                Condition::Decrypted(_) | Condition::RoutedToIpsec(_) | Condition::Loopback => {
                    return None;
                }
            }
        }
        let accept = match r.verdict {
            Some(Verdict::Accept) => true,
            Some(Verdict::Drop) => false,
            _ => return None,
        };
        if accepts.is_some_and(|a| a != accept) {
            return None;
        }
        accepts = Some(accept);
        if ports.as_ref().is_some_and(|p| *p != rule_ports) {
            return None;
        }
        ports = Some(rule_ports);
        for v6 in [false, true] {
            if family.is_some_and(|f| f != v6) {
                continue;
            }
            let side = |set: &Option<AddrSet>| {
                set.as_ref()
                    .map_or_else(|| AddrSet::whole_family(v6), |s| s.of_family(v6))
            };
            let (s, d) = (side(&src), side(&dst));
            if !s.is_empty() && !d.is_empty() {
                families.push((v6, s, d, protos.clone()));
            }
        }
    }
    // One entry per family, so two lines of the same family compare as their union.
    let mut merged: Vec<(bool, AddrSet, AddrSet, Option<Vec<u8>>)> = Vec::new();
    for (v6, s, d, p) in families {
        match merged.iter_mut().find(|(f, ..)| *f == v6) {
            Some(entry) if entry.3 == p && entry.1 == s => entry.2 = entry.2.union(&d),
            Some(entry) if entry.3 == p && entry.2 == d => entry.1 = entry.1.union(&s),
            Some(_) => return None,
            None => merged.push((v6, s, d, p)),
        }
    }
    merged.sort_by_key(|(v6, ..)| *v6);
    Some(Shape {
        families: merged,
        ports: ports.unwrap_or_else(PortSet::any),
        accepts: accepts.unwrap_or(false),
    })
}

fn rules(
    input: &Input<'_>,
    policy: &FirewallPolicy,
    read: &Read<Ruleset>,
    passed: &BTreeMap<RuleRef, Vec<FlowId>>,
    sink: &mut Sink<'_>,
) {
    let ruleset = &read.value;
    let ours: Vec<&FirewallRule> = policy
        .rules
        .iter()
        .filter(|r| r.kind != FirewallRuleKind::OfRecord)
        .collect();
    let of_record: Vec<Shape> = policy
        .rules
        .iter()
        .filter(|r| r.kind == FirewallRuleKind::OfRecord)
        .map(planned_shape)
        .collect();
    let planned_names: BTreeSet<&str> = ours.iter().map(|r| r.name.as_str()).collect();
    // Deployed rules of the tables that filter forwarded packets, by comment.
    let tables: BTreeSet<(&str, &str)> = ruleset
        .chains
        .iter()
        .filter(|c| c.filters_forwarded())
        .map(|c| (c.family.as_str(), c.table.as_str()))
        .collect();
    let mut named: BTreeMap<&str, Vec<(RuleRef, &Rule)>> = BTreeMap::new();
    for (ci, c) in ruleset.chains.iter().enumerate() {
        if !tables.contains(&(c.family.as_str(), c.table.as_str())) {
            continue;
        }
        for (ri, r) in c.rules.iter().enumerate() {
            let at_ref = RuleRef {
                chain: ci,
                rule: Some(ri),
            };
            match r.comment.as_deref() {
                Some(n) if planned_names.contains(n) => {
                    named.entry(n).or_default().push((at_ref, r))
                }
                _ if is_conntrack_head(r) || r.verdict.is_none() => {}
                _ => {
                    let shape = deployed_shape(&[r]);
                    if shape.as_ref().is_some_and(|s| of_record.contains(s)) {
                        continue;
                    }
                    let flows = passed.get(&at_ref).cloned().unwrap_or_default();
                    extra_rule(
                        input,
                        (ruleset, read.file),
                        (at_ref, r),
                        flows,
                        (
                            "none of the hierarchy's flows crosses otherwise because of it",
                            "what the plan drops for",
                        ),
                        sink,
                    );
                }
            }
        }
    }
    for rule in ours {
        let Some(deployed) = named.get(rule.name.as_str()) else {
            sink.push(
                Code::MissingRule,
                at(read.file, 0..0),
                format!(
                    "the rule `{}` ({}) is not in the ruleset",
                    rule.name,
                    rule.kind.code()
                ),
                "load the emitted ruleset again (nft -f)".into(),
                rule.flows.clone(),
            );
            continue;
        };
        let rules: Vec<&Rule> = deployed.iter().map(|(_, r)| *r).collect();
        let want = planned_shape(rule);
        let have = deployed_shape(&rules);
        if have.as_ref() != Some(&want) {
            let summary: Vec<String> = rules.iter().map(|r| format!("`{}`", r.summary())).collect();
            sink.push(
                Code::ChangedRule,
                at(read.file, rules[0].span.clone()),
                format!(
                    "the rule `{}` now reads {}, which is not what the plan's rule matches",
                    rule.name,
                    summary.join(" and ")
                ),
                "load the emitted ruleset again (nft -f)".into(),
                rule.flows.clone(),
            );
        }
    }
}
