//! One packet's fate, hop by hop: the flows that want it, the rule that matches at each
//! end (first match, with the rules it skipped), what IKE would agree, every firewall it
//! crosses and the rule that passes or drops it, and the verdict.
//!
//! Takes the plan and a packet description; returns a [`Trace`]. Matching is always
//! `RuleSet::lookup` and `FirewallPolicy::lookup`, negotiation is `verify::negotiate::agree`:
//! explain never re-implements a rule.

use std::net::IpAddr;

use serde::Serialize;

use crate::net::Protocol;
use crate::policy::{IpsecRule, Packet, Policy, RuleAction};
use crate::topology::{AuthMethod, Topology};
use crate::traffic::{self, Endpoint, FlowId, TrafficMap};
use crate::verify::negotiate::agree;

/// The packet to explain.
#[derive(Clone, Debug)]
pub struct Query {
    /// Where it comes from.
    pub from: (Endpoint, IpAddr),
    /// Where it goes.
    pub to: (Endpoint, IpAddr),
    /// Its protocol.
    pub protocol: Protocol,
    /// Its destination port (0 for protocols without ports).
    pub port: u16,
}

/// What happens to the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Both ends protect it and can agree: it travels in ESP.
    Encrypted,
    /// Both ends let it pass in the clear (or have no rule), and every firewall passes it.
    PlaintextAllowed,
    /// A firewall drops it, or an end requires IPsec while the other sends it in the clear.
    Blocked,
    /// Both ends want IPsec but cannot agree on a proposal or authentication.
    NegotiationFails,
}

/// One step of the trace.
#[derive(Clone, Debug, Serialize)]
pub struct Hop {
    /// `from`, `firewall` or `to`.
    pub kind: &'static str,
    /// The host, client group or firewall.
    pub name: String,
    /// The rule that matched, if any.
    pub rule: Option<String>,
    /// What that rule does (`require`, `request`, `permit`, `pass`, `drop`, `none`).
    pub action: String,
    /// Rules checked before the match, in order.
    pub skipped: Vec<String>,
    /// Why, in a sentence.
    pub detail: String,
}

/// The whole explanation.
#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    /// The verdict.
    pub verdict: Verdict,
    /// Why the verdict, in a sentence.
    pub reason: String,
    /// From the sender, through the firewalls, to the receiver.
    pub hops: Vec<Hop>,
    /// Ids of the traffic-map flows that want this packet, with their catalog rows.
    pub flows: Vec<String>,
    /// Whether any flow of the traffic map wants this packet. When none does, a verdict
    /// of `encrypted` or `plaintext-allowed` says what the policy lets through, not what
    /// the hierarchy needs.
    pub in_traffic_map: bool,
}

/// Explains one packet: the flows that want it, each end's rule, what IKE between the two
/// would agree, then every firewall and gateway tunnel on the way, any of which can change
/// the verdict.
pub fn explain(topo: &Topology, map: &TrafficMap, policy: &Policy, q: &Query) -> Trace {
    let flows = wanting(map, q);
    let flow_ids = flow_texts(topo, map, &flows);
    let (src_port, dst_port) = if q.protocol.has_ports() {
        (40000, q.port)
    } else {
        (0, 0)
    };
    let packet = |local, remote, local_port, remote_port| Packet {
        local,
        remote,
        protocol: q.protocol,
        local_port,
        remote_port,
    };
    let (from_hop, ra) = end_hop(
        topo,
        policy,
        "from",
        q.from.0,
        packet(q.from.1, q.to.1, src_port, dst_port),
    );
    let (to_hop, rb) = end_hop(
        topo,
        policy,
        "to",
        q.to.0,
        packet(q.to.1, q.from.1, dst_port, src_port),
    );
    let (mut verdict, mut reason) = ends_verdict(topo, map, q, ra, rb);
    let mut hops = vec![from_hop];
    firewall_hops(topo, policy, q, &mut verdict, &mut reason, &mut hops);
    tunnel_hops(topo, policy, &flows, &mut verdict, &mut reason, &mut hops);
    hops.push(to_hop);
    Trace {
        verdict,
        reason,
        hops,
        in_traffic_map: !flow_ids.is_empty(),
        flows: flow_ids,
    }
}

/// The flows of the traffic map that want this packet: its ends, protocol and port.
fn wanting(map: &TrafficMap, q: &Query) -> Vec<FlowId> {
    map.flows
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.from == q.from.0
                && f.to == q.to.0
                && f.protocol == q.protocol
                && (!q.protocol.has_ports() || map.ports(f).contains(q.port))
        })
        .map(|(i, _)| FlowId(i as u32))
        .collect()
}

/// Each flow in words: its id, catalog row, pairing and protection.
fn flow_texts(topo: &Topology, map: &TrafficMap, flows: &[FlowId]) -> Vec<String> {
    flows
        .iter()
        .filter_map(|id| map.flows.get(id.0 as usize))
        .map(|f| {
            format!(
                "{} (catalog row {}, {}, {})",
                map.flow_id(topo, f),
                traffic::row(topo, f).id,
                traffic::pairing_text(topo, f.pairing),
                match f.protection {
                    traffic::Protection::Encrypt => "encrypt".to_string(),
                    traffic::Protection::Exempt(r) => format!("exempt: {}", r.code()),
                }
            )
        })
        .collect()
}

/// One end's hop: the first of its rules that the packet (as that end sends or receives
/// it) matches, and the rules it passed over; the rule too, for the verdict.
fn end_hop<'p>(
    topo: &Topology,
    policy: &'p Policy,
    kind: &'static str,
    owner: Endpoint,
    packet: Packet,
) -> (Hop, Option<&'p IpsecRule>) {
    let name = traffic::endpoint_name(topo, owner).to_string();
    match policy.rules_of(owner) {
        None => (
            Hop {
                kind,
                name,
                rule: None,
                action: "none".into(),
                skipped: Vec::new(),
                detail: "outside the organisation: no IPsec policy".into(),
            },
            None,
        ),
        Some(set) => match set.lookup(&packet) {
            Some((i, rule)) => (
                Hop {
                    kind,
                    name,
                    rule: Some(rule.name.clone()),
                    action: rule.action.name().into(),
                    skipped: set.rules.iter().take(i).map(|r| r.name.clone()).collect(),
                    detail: format!("first match: rule {} of {}", i + 1, set.rules.len()),
                },
                Some(rule),
            ),
            None => (
                Hop {
                    kind,
                    name,
                    rule: None,
                    action: "none".into(),
                    skipped: set.rules.iter().map(|r| r.name.clone()).collect(),
                    detail: "no rule matches: the packet passes without IPsec".into(),
                },
                None,
            ),
        },
    }
}

/// What the two ends' rules make of the packet: whether IKE agrees and on what, or why
/// not (a Kerberos end with no path to a domain controller gets no ticket).
fn ends_verdict(
    topo: &Topology,
    map: &TrafficMap,
    q: &Query,
    ra: Option<&IpsecRule>,
    rb: Option<&IpsecRule>,
) -> (Verdict, String) {
    let protects = |r: Option<&IpsecRule>| {
        r.is_some_and(|r| matches!(r.action, RuleAction::Require | RuleAction::Request))
    };
    let requires = |r: Option<&IpsecRule>| r.is_some_and(|r| r.action == RuleAction::Require);
    match (protects(ra), protects(rb)) {
        (true, true) => match (ra, rb) {
            (Some(a), Some(b)) => {
                let agreed = agree(a, b);
                // Who cannot get a ticket: asked only when Kerberos is what they use (it
                // walks the traffic map).
                let no_ticket = (agreed.auth.first() == Some(&AuthMethod::Kerberos))
                    .then(|| crate::verify::negotiate::KdcPaths::new(topo, map))
                    .and_then(|kdc| [q.from.0, q.to.0].into_iter().find(|e| !kdc.reaches(*e)));
                match (agreed.esp, agreed.ike, agreed.auth.first()) {
                    (Some(_), Some(_), Some(AuthMethod::Kerberos)) if no_ticket.is_some() => (
                        Verdict::NegotiationFails,
                        format!(
                            "they would authenticate by Kerberos, but `{}` has no path to a domain controller (port 88) to get a ticket",
                            no_ticket.map_or("", |e| traffic::endpoint_name(topo, e))
                        ),
                    ),
                    (Some(esp), Some(ike), Some(auth)) => (
                        Verdict::Encrypted,
                        format!(
                            "IKE {ike}, ESP {esp}, authenticated by {}",
                            auth_text(topo, *auth)
                        ),
                    ),
                    (None, _, _) | (_, None, _) => (
                        Verdict::NegotiationFails,
                        "no common ESP or IKE proposal".to_string(),
                    ),
                    (_, _, None) => (
                        Verdict::NegotiationFails,
                        "no common authentication method".to_string(),
                    ),
                }
            }
            _ => (
                Verdict::NegotiationFails,
                "a protect rule is missing".to_string(),
            ),
        },
        (true, false) | (false, true) if requires(ra) || requires(rb) => (
            Verdict::Blocked,
            "one end requires IPsec, the other sends or expects the clear".to_string(),
        ),
        _ => (
            Verdict::PlaintextAllowed,
            "no end requires IPsec for it".to_string(),
        ),
    }
}

/// The firewalls on the route, in order: what each must pass (IKE and ESP or NAT-T when
/// the packet is to be encrypted, else the packet), and the first that drops it, which
/// blocks the packet (a later firewall is then asked for the packet itself).
fn firewall_hops(
    topo: &Topology,
    policy: &Policy,
    q: &Query,
    verdict: &mut Verdict,
    reason: &mut String,
    hops: &mut Vec<Hop>,
) {
    let zone = |e: Endpoint| traffic::endpoint_zone(topo, e);
    let route = traffic::route_between(topo, zone(q.from.0), zone(q.to.0));
    let nat = route.nat
        || [q.from.0, q.to.0]
            .iter()
            .any(|e| matches!(e, Endpoint::Group(g) if topo.group(*g).behind_nat));
    for fw in &route.firewalls {
        let Some(fp) = policy.firewalls.get(fw.index()) else {
            continue;
        };
        let name = topo.firewall(*fw).name.clone();
        // What must cross: the IPsec carriers when encrypted, else the packet itself.
        // When both ends want IPsec, IKE crosses first (then ESP, or NAT-T where NAT lies
        // between), even when they will fail to agree.
        let carrier = if nat {
            (Protocol::Udp, 4500)
        } else {
            (Protocol::Esp, 0)
        };
        let needs: Vec<(Protocol, u16)> = match *verdict {
            Verdict::Encrypted => vec![(Protocol::Udp, 500), carrier],
            Verdict::NegotiationFails => vec![(Protocol::Udp, 500)],
            Verdict::Blocked | Verdict::PlaintextAllowed => vec![(q.protocol, q.port)],
        };
        let mut passed = Vec::new();
        let mut dropped = None;
        let mut denied_by = None;
        for (proto, port) in needs {
            match fp.lookup(q.from.1, q.to.1, proto, port) {
                Some(rule) => passed.push(rule.name.clone()),
                None => {
                    dropped = Some(format!("{proto} {port}"));
                    denied_by = fp
                        .first_match(q.from.1, q.to.1, proto, port)
                        .map(|r| r.name.clone());
                    break;
                }
            }
        }
        let hop = match &dropped {
            None => Hop {
                kind: "firewall",
                name,
                rule: passed.first().cloned(),
                action: "pass".into(),
                skipped: Vec::new(),
                detail: format!("passed by {}", passed.join(", ")),
            },
            Some(what) => Hop {
                kind: "firewall",
                name: name.clone(),
                rule: denied_by.clone(),
                action: "drop".into(),
                skipped: Vec::new(),
                detail: match &denied_by {
                    Some(rule) => {
                        format!("{what} is denied by the firewall's rule of record {rule}")
                    }
                    None => format!("no rule passes {what}: dropped by the default"),
                },
            },
        };
        hops.push(hop);
        if let Some(what) = dropped
            && *verdict != Verdict::Blocked
        {
            *verdict = Verdict::Blocked;
            *reason = format!("firewall `{}` drops {what}", topo.firewall(*fw).name);
        }
    }
}

/// Across a WAN link, the sites' gateways carry the flow in their tunnel as well: a hop
/// per tunnel that holds one of the flows, and a tunnel that cannot come up fails them.
fn tunnel_hops(
    topo: &Topology,
    policy: &Policy,
    flows: &[FlowId],
    verdict: &mut Verdict,
    reason: &mut String,
    hops: &mut Vec<Hop>,
) {
    for tunnel in &policy.tunnels {
        let Some(child) = flows.iter().find_map(|f| tunnel.child_of(*f)) else {
            continue;
        };
        let [a, b] = tunnel.gateways.map(|g| topo.gateway(g));
        let (action, detail) = match crate::verify::tunnel::agree(a, b) {
            (Some(esp), Some(ike)) => (
                "tunnel".to_string(),
                format!(
                    "carried in tunnel child {} between {} ({}) and {} ({}): IKE {ike}, ESP {esp}",
                    child.name, a.name, a.wan, b.name, b.wan
                ),
            ),
            _ => (
                "drop".to_string(),
                format!(
                    "tunnel child {} between {} and {} cannot come up: no common ESP or IKE proposal",
                    child.name, a.name, b.name
                ),
            ),
        };
        if action == "drop" {
            *verdict = Verdict::NegotiationFails;
            *reason = format!(
                "the tunnel between gateways {} and {} does not come up",
                a.name, b.name
            );
        }
        hops.push(Hop {
            kind: "gateway",
            name: format!("{} <-> {}", a.name, b.name),
            rule: Some(child.name.clone()),
            action,
            skipped: Vec::new(),
            detail,
        });
    }
}

fn auth_text(topo: &Topology, a: AuthMethod) -> String {
    match a {
        AuthMethod::Certificate(ca) => format!("a certificate from {}", topo.ca(ca).subject),
        AuthMethod::Kerberos => "Kerberos".to_string(),
    }
}
