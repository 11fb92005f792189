//! What a change to a topology does: the flows, host rules and firewall rules it adds and
//! removes, and the findings it fixes and introduces. This is the review a change board
//! wants before a Group Policy object is touched.
//!
//! Takes two planned topologies; returns a [`Diff`]. Things are matched by what a reader
//! would call the same thing: flows by their stable id, rules by their owner and their
//! content (not their position, so inserting one rule does not "change" every rule
//! after it), findings by code and message.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{FirewallRule, IpsecRule, Policy};
use crate::topology::Topology;
use crate::traffic::{self, Protection, TrafficMap};
use crate::verify;

/// One side of the comparison.
pub struct Side<'a> {
    /// The file's name as shown.
    pub file_name: &'a str,
    /// The topology.
    pub topology: &'a Topology,
    /// Its traffic map.
    pub traffic: &'a TrafficMap,
    /// Its policy.
    pub policy: &'a Policy,
}

/// Lines added and removed for one owner (host, client group or firewall).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Present after, not before.
    pub added: Vec<String>,
    /// Present before, not after.
    pub removed: Vec<String>,
}

impl Changes {
    fn of(before: &[String], after: &[String]) -> Changes {
        let b: BTreeSet<&String> = before.iter().collect();
        let a: BTreeSet<&String> = after.iter().collect();
        Changes {
            added: after.iter().filter(|x| !b.contains(x)).cloned().collect(),
            removed: before.iter().filter(|x| !a.contains(x)).cloned().collect(),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// The whole difference.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// The old file.
    pub old: String,
    /// The new file.
    pub new: String,
    /// Flows, as `id: protocol ports, protection`.
    pub flows: Changes,
    /// Per host or client group (by name), its IPsec rules.
    pub rules: BTreeMap<String, Changes>,
    /// Per firewall (by name), its rules.
    pub firewall_rules: BTreeMap<String, Changes>,
    /// Findings, as `severity[code]: message`: removed ones are fixed, added ones new.
    pub findings: Changes,
}

impl Diff {
    /// Whether the change does nothing that cordon can see.
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
            && self.rules.is_empty()
            && self.firewall_rules.is_empty()
            && self.findings.is_empty()
    }
}

fn flow_lines(s: &Side<'_>) -> Vec<String> {
    s.traffic
        .flows
        .iter()
        .map(|f| {
            let protection = match f.protection {
                Protection::Encrypt => "encrypt".to_string(),
                Protection::Exempt(r) => format!("exempt ({})", r.code()),
            };
            let ports = s.traffic.ports(f);
            let ports = if ports.is_empty() {
                String::new()
            } else {
                format!(" {ports}")
            };
            format!(
                "{}: {}{ports}, {}, {protection}",
                s.traffic.flow_id(s.topology, f),
                f.protocol,
                f.path.name()
            )
        })
        .collect()
}

fn rule_line(t: &Topology, r: &IpsecRule) -> String {
    let ports = |p: &crate::net::PortSet| {
        if p.is_any() || p.is_empty() {
            String::new()
        } else {
            format!(":{p}")
        }
    };
    let auth: Vec<String> = r
        .auth
        .iter()
        .map(|a| match a {
            crate::topology::AuthMethod::Certificate(ca) => {
                format!("certificate:{}", t.ca(*ca).name)
            }
            crate::topology::AuthMethod::Kerberos => "kerberos".to_string(),
        })
        .collect();
    let proposals: Vec<String> = r.proposals.iter().map(ToString::to_string).collect();
    let mut line = format!(
        "{}: {}{} <-> {}{} {} → {}",
        r.name,
        r.local,
        ports(&r.local_ports),
        r.remote,
        ports(&r.remote_ports),
        r.protocol,
        r.action.name()
    );
    if !auth.is_empty() {
        line.push_str(&format!(" [{}; {}]", auth.join(", "), proposals.join(", ")));
    }
    line
}

fn firewall_line(r: &FirewallRule) -> String {
    let ports = if r.ports.is_empty() {
        String::new()
    } else {
        format!(" {}", r.ports)
    };
    format!(
        "{}: {} → {} {}{ports} {}",
        r.name,
        r.source,
        r.destination,
        r.protocol,
        r.action.name()
    )
}

fn rules_by_owner(s: &Side<'_>) -> BTreeMap<String, Vec<String>> {
    s.policy
        .hosts
        .iter()
        .chain(&s.policy.groups)
        .map(|set| {
            (
                traffic::endpoint_name(s.topology, set.owner).to_string(),
                set.rules.iter().map(|r| rule_line(s.topology, r)).collect(),
            )
        })
        .collect()
}

fn firewall_rules(s: &Side<'_>) -> BTreeMap<String, Vec<String>> {
    s.policy
        .firewalls
        .iter()
        .map(|f| {
            (
                s.topology.firewall(f.firewall).name.clone(),
                f.rules.iter().map(firewall_line).collect(),
            )
        })
        .collect()
}

fn finding_lines(s: &Side<'_>) -> Vec<String> {
    let mut v: Vec<String> = verify::verify(&verify::Ctx {
        topology: s.topology,
        traffic: s.traffic,
        policy: s.policy,
    })
    .iter()
    .map(|f| format!("{}[{}]: {}", f.severity().name(), f.code.name(), f.message))
    .collect();
    v.dedup();
    v
}

fn per_owner(
    before: BTreeMap<String, Vec<String>>,
    after: BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Changes> {
    let owners: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    owners
        .into_iter()
        .filter_map(|o| {
            let c = Changes::of(
                before.get(o).map_or(&[][..], |v| v.as_slice()),
                after.get(o).map_or(&[][..], |v| v.as_slice()),
            );
            (!c.is_empty()).then(|| (o.clone(), c))
        })
        .collect()
}

/// Compares two planned topologies.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> Diff {
    Diff {
        old: old.file_name.to_string(),
        new: new.file_name.to_string(),
        flows: Changes::of(&flow_lines(old), &flow_lines(new)),
        rules: per_owner(rules_by_owner(old), rules_by_owner(new)),
        firewall_rules: per_owner(firewall_rules(old), firewall_rules(new)),
        findings: Changes::of(&finding_lines(old), &finding_lines(new)),
    }
}
