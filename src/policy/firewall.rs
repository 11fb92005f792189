//! Flows × zone crossings → the rules of each firewall.
//!
//! An encrypted flow needs IKE (UDP 500) between its two ends in both directions (either
//! end may rekey) and then ESP (IP 50) — or, when NAT lies between them, NAT-T on UDP 4500
//! instead of ESP, on every firewall of the route, because IKE moves the whole exchange to
//! 4500 once it detects NAT. An exempt flow needs itself passed, from its initiator.
//! Everything else between the zones a firewall joins is dropped.
//!
//! Rules are aggregated exactly: sources that reach the same set of destinations share a
//! rule, so the rule passes the pairs the flows need and no other pair.

use std::collections::{BTreeMap, BTreeSet};

use super::host::AddrCache;
use super::{FirewallPolicy, FirewallRule, FirewallRuleKind, RuleAction};
use crate::net::{AddrSet, PortRange, PortSet, Protocol};
use crate::topology::{FirewallId, Topology};
use crate::traffic::{Endpoint, FlowId, Protection, TrafficMap};

type Pairs = BTreeMap<Endpoint, (BTreeSet<Endpoint>, Vec<FlowId>)>;

pub(super) fn build(
    topo: &Topology,
    traffic: &TrafficMap,
    cache: &AddrCache,
) -> Vec<FirewallPolicy> {
    let mut per_fw: Vec<BTreeMap<(FirewallRuleKind, Protocol, PortSet), Pairs>> =
        vec![BTreeMap::new(); topo.firewalls.len()];
    for (i, flow) in traffic.flows.iter().enumerate() {
        let route = traffic.route(flow);
        if route.firewalls.is_empty() {
            continue;
        }
        let id = FlowId(i as u32);
        let mut needs: Vec<(FirewallRuleKind, Protocol, PortSet, Endpoint, Endpoint)> = Vec::new();
        match flow.protection {
            Protection::Encrypt => {
                let ike = PortSet::from_ranges([PortRange::single(500)]);
                let (kind, proto, ports) = if traffic.needs_nat_traversal(topo, flow) {
                    (
                        FirewallRuleKind::NatTraversal,
                        Protocol::Udp,
                        PortSet::from_ranges([PortRange::single(4500)]),
                    )
                } else {
                    (FirewallRuleKind::Esp, Protocol::Esp, PortSet::none())
                };
                for (a, b) in [(flow.from, flow.to), (flow.to, flow.from)] {
                    needs.push((FirewallRuleKind::Ike, Protocol::Udp, ike.clone(), a, b));
                    needs.push((kind, proto, ports.clone(), a, b));
                }
            }
            Protection::Exempt(reason) => needs.push((
                FirewallRuleKind::Exempt(reason),
                flow.protocol,
                traffic.ports(flow).clone(),
                flow.from,
                flow.to,
            )),
        }
        for fw in &route.firewalls {
            let Some(table) = per_fw.get_mut(fw.index()) else {
                continue;
            };
            for (kind, proto, ports, src, dst) in &needs {
                let pairs = table.entry((*kind, *proto, ports.clone())).or_default();
                let entry = pairs.entry(*src).or_default();
                entry.0.insert(*dst);
                entry.1.push(id);
            }
        }
    }
    per_fw
        .into_iter()
        .enumerate()
        .map(|(i, table)| {
            let ours = rules(cache, table);
            let of_record = |before: bool| {
                topo.firewalls
                    .get(i)
                    .map(|f| f.rules_of_record.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(move |(_, r)| r.before == before)
                    .map(|(n, r)| FirewallRule {
                        name: format!("of-record-{}", n + 1),
                        kind: FirewallRuleKind::OfRecord,
                        source: r.source.clone(),
                        destination: r.destination.clone(),
                        protocol: r.protocol,
                        ports: r.ports.clone(),
                        action: if r.allow {
                            RuleAction::Permit
                        } else {
                            RuleAction::Block
                        },
                        flows: Vec::new(),
                    })
            };
            // The firewall as it will be: the administrator's rules around cordon's.
            FirewallPolicy {
                firewall: FirewallId(i as u32),
                rules: of_record(true)
                    .chain(ours)
                    .chain(of_record(false))
                    .collect(),
            }
        })
        .collect()
}

fn rules(
    cache: &AddrCache,
    table: BTreeMap<(FirewallRuleKind, Protocol, PortSet), Pairs>,
) -> Vec<FirewallRule> {
    let mut rules = Vec::new();
    let union = |ends: &mut dyn Iterator<Item = &Endpoint>| {
        AddrSet::from_prefixes(ends.flat_map(|e| cache.of(*e).prefixes().iter().copied()))
    };
    for ((kind, protocol, ports), pairs) in table {
        // Sources with the same destinations share one rule.
        let mut by_dests: BTreeMap<BTreeSet<Endpoint>, (Vec<Endpoint>, Vec<FlowId>)> =
            BTreeMap::new();
        for (src, (dests, flows)) in pairs {
            let entry = by_dests.entry(dests).or_default();
            entry.0.push(src);
            entry.1.extend(flows);
        }
        for (dests, (sources, mut flows)) in by_dests {
            flows.sort_unstable();
            flows.dedup();
            let source = union(&mut sources.iter());
            let destination = union(&mut dests.iter());
            rules.push(FirewallRule {
                name: String::new(),
                kind,
                source,
                destination,
                protocol,
                ports: ports.clone(),
                action: RuleAction::Permit,
                flows,
            });
        }
    }
    for (n, rule) in rules.iter_mut().enumerate() {
        let what = match rule.kind {
            FirewallRuleKind::Exempt(reason) => format!("exempt-{}", reason.code()),
            other => other.code().to_string(),
        };
        rule.name = format!("{what}-{}", n + 1);
    }
    rules
}
