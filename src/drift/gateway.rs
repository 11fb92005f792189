//! A site gateway's deployed state against the plan: its swanctl.conf key by key (as a
//! host's, `conf`); its nftables ruleset packet by packet — IKE, NAT-T and ESP from the
//! peer gateway on the input hook and to it on the output hook; on the forward hook each
//! tunnelled flow's request and reply through the tunnel (passed) and the same packets in
//! the clear (dropped: the gateway fails closed when charon stops) — then rule by rule, by
//! the child names cordon writes into the forward chain's comments; and its kernel's
//! policies, which must send every tunnelled packet leaving for the far site into the
//! tunnel (`out`) and forward none from it that did not come through it (`fwd`), then
//! policy by policy against the selectors of the children.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::ruleset::{
    decided_by, extra_rule, is_conntrack_head, note_passing, note_unevaluated, port_edges, probe,
};
use super::state::{Format, OwnerState, Read};
use super::{Code, FlowGroups, FlowIndex, Input, Sink, at, conf, name_flows, plural};
use crate::emit;
use crate::net::Protocol;
use crate::platform::nftables::{Crossing, RuleRef, Ruleset};
use crate::platform::xfrm::{self, Action, Direction, Listed, Mode, Policy, Selector};
use crate::policy::tunnel::{Tunnel, TunnelChild};
use crate::topology::GatewayId;
use crate::traffic::{self, Flow, FlowId};

/// The most ports of one flow that are probed (the edges of its port ranges).
const MAX_PROBED_PORTS: usize = 16;

pub(super) fn check(
    input: &Input<'_>,
    index: &FlowIndex,
    g: GatewayId,
    st: &OwnerState,
    sink: &mut Sink<'_>,
) {
    sink.note_other_forms(
        st,
        &[Format::Swanctl, Format::Nftables, Format::IpXfrm],
        "drift holds a gateway's swanctl.conf, nftables ruleset and kernel policies against the plan",
    );
    if let Some(read) = &st.swanctl {
        match emit::gateway::swanctl_of(&input.emit(), g) {
            Ok(planned) => conf::check(None, &planned, read, sink),
            Err(e) => sink.note_unplanned(read.file, &e.to_string()),
        }
    }
    if let Some(read) = &st.nftables {
        let passed = flows(input, index, g, read, sink);
        rules(input, g, read, &passed, sink);
        note_unevaluated(read, sink);
    }
    if let Some(read) = &st.xfrm {
        kernel(input, index, g, read, sink);
    }
}

/// The tunnels a gateway is an end of, with the other end.
fn tunnels_of<'a>(input: &Input<'a>, g: GatewayId) -> Vec<(&'a Tunnel, GatewayId)> {
    input
        .policy
        .tunnels
        .iter()
        .filter_map(|t| match t.gateways {
            [a, b] if a == g => Some((t, b)),
            [a, b] if b == g => Some((t, a)),
            _ => None,
        })
        .collect()
}

/// Which hook a packet meets: addressed to the gateway, crossing it, or sent by it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hook {
    Input,
    Forward,
    Output,
}

/// One packet the gateway must pass or drop, in words.
#[derive(Clone)]
struct Need {
    hook: Hook,
    crossing: Crossing,
    passes: bool,
    /// The packet and what happens to it (`the request (tcp) in from the tunnel`).
    what: String,
    /// The packet alone (`the request (tcp)`).
    packet: String,
}

/// Every tunnelled flow of the gateway with the packets the plan decides for it there:
/// its own, at the edges of its ports, and with `tunnel` the tunnel's IKE, NAT-T and ESP
/// from the peer gateway and to it (without which no flow of it gets through). The
/// gateway's own packets to the peer meet the output and postrouting hooks, which the
/// emitted ruleset leaves alone but a deployed one may not.
fn needs_by_flow(
    input: &Input<'_>,
    index: &FlowIndex,
    g: GatewayId,
    tunnel_packets: bool,
) -> Vec<(FlowId, Vec<Need>)> {
    let t = input.topology;
    let here = t.gateway(g);
    let mut out = Vec::new();
    for (tunnel, peer) in tunnels_of(input, g) {
        let peer = t.gateway(peer);
        let own: Vec<Need> = [
            (Protocol::Udp, 500, "IKE (UDP 500)"),
            (Protocol::Udp, 4500, "NAT-T (UDP 4500)"),
            (Protocol::Esp, 0, "ESP"),
        ]
        .into_iter()
        .filter(|_| tunnel_packets)
        .flat_map(|(protocol, port, what)| {
            [
                Need {
                    hook: Hook::Input,
                    crossing: probe(peer.wan, here.wan, protocol, port),
                    passes: true,
                    what: format!("{what} from the peer gateway {}", peer.name),
                    packet: what.to_string(),
                },
                Need {
                    hook: Hook::Output,
                    crossing: probe(here.wan, peer.wan, protocol, port),
                    passes: true,
                    what: format!("{what} to the peer gateway {}", peer.name),
                    packet: what.to_string(),
                },
            ]
        })
        .collect();
        for child in &tunnel.children {
            let opens_here = traffic::endpoint_site(t, child.from) == Some(here.site);
            for &id in &child.flows {
                let Some(flow) = input.traffic.flows.get(id.0 as usize) else {
                    continue;
                };
                let (Some(a), Some(b)) = (index.addrs.of(flow.from), index.addrs.of(flow.to))
                else {
                    continue;
                };
                let mut needs = flow_needs(input, flow, a, b, opens_here);
                needs.extend(own.iter().cloned());
                out.push((id, needs));
            }
        }
    }
    out
}

/// Every packet the plan decides at the gateway, through the deployed ruleset; returns
/// the deployed rules that pass plaintext the plan drops, with those flows.
fn flows(
    input: &Input<'_>,
    index: &FlowIndex,
    g: GatewayId,
    read: &Read<Ruleset>,
    sink: &mut Sink<'_>,
) -> BTreeMap<RuleRef, Vec<FlowId>> {
    let ruleset = &read.value;
    let mut groups = FlowGroups::default();
    let mut passed: BTreeMap<RuleRef, Vec<FlowId>> = BTreeMap::new();
    for (id, needs) in needs_by_flow(input, index, g, true) {
        for need in needs {
            let (deployed, by) = match need.hook {
                Hook::Input => ruleset.input(&need.crossing),
                Hook::Forward => ruleset.forward(&need.crossing),
                Hook::Output => ruleset.output(&need.crossing),
            };
            if deployed == need.passes {
                continue;
            }
            let (by_words, span) = decided_by(ruleset, by, read.file, need.hook_name());
            if need.passes {
                groups.add(
                    Code::FlowNowBlocked,
                    by_words.clone(),
                    "passed".into(),
                    span,
                    format!("{} dropped by {by_words}", need.what),
                    id,
                );
            } else {
                groups.add(
                    Code::FirewallPassesClear,
                    by_words.clone(),
                    "dropped: the gateway fails closed".into(),
                    span,
                    format!(
                        "{} passed by {by_words}: with charon stopped it crosses the WAN in the clear",
                        need.what
                    ),
                    id,
                );
                note_passing(&mut passed, by, id);
            }
        }
    }
    groups.emit(input, sink);
    passed
}

impl Need {
    fn hook_name(&self) -> &'static str {
        match self.hook {
            Hook::Input => "input",
            Hook::Forward => "forward",
            Hook::Output => "output",
        }
    }
}

/// A tunnelled flow's packets across the gateway, at the edges of its ports: the request
/// (the first packet and a later one) and the reply, each through the tunnel (passed)
/// and in the clear (dropped, a later packet too: the conntrack accept must not pass the
/// rest of a connection when charon stops). The request goes out through the tunnel
/// where the flow opens on this gateway's site and comes in from it where it opens on
/// the other. The words leave the port out, so that one deployed rule's effect on a
/// flow's ports reads as one finding.
fn flow_needs(input: &Input<'_>, flow: &Flow, a: IpAddr, b: IpAddr, opens_here: bool) -> Vec<Need> {
    let mut ports = port_edges(input, flow);
    ports.truncate(MAX_PROBED_PORTS);
    let protocol = flow.protocol;
    let mut out = Vec::new();
    for port in ports {
        let first = probe(a, b, protocol, port);
        let later = Crossing {
            established: true,
            ..first
        };
        let reply = Crossing {
            source: b,
            destination: a,
            source_port: first.destination_port,
            destination_port: first.source_port,
            ..later
        };
        for (packet, name, leaving, tunnelled) in [
            (first, "the request", opens_here, true),
            (later, "a later packet of the request", opens_here, false),
            (reply, "the reply", !opens_here, true),
        ] {
            if tunnelled {
                let (way, through) = if leaving {
                    (
                        "out through the tunnel",
                        Crossing {
                            to_encrypt: true,
                            ..packet
                        },
                    )
                } else {
                    (
                        "in from the tunnel",
                        Crossing {
                            decrypted: true,
                            ..packet
                        },
                    )
                };
                out.push(Need {
                    hook: Hook::Forward,
                    crossing: through,
                    passes: true,
                    what: format!("{name} ({protocol}) {way}"),
                    packet: format!("{name} ({protocol})"),
                });
            }
            out.push(Need {
                hook: Hook::Forward,
                crossing: packet,
                passes: false,
                what: format!("{name} ({protocol}) in the clear, not through the tunnel,"),
                packet: format!("{name} ({protocol})"),
            });
        }
    }
    out
}

/// Rule by rule, by the names cordon writes into the forward chain's comments (the
/// child's name on its accept, `<child> fail closed` on its drops): the planned rules
/// that are gone, and the forward rules cordon did not write.
fn rules(
    input: &Input<'_>,
    g: GatewayId,
    read: &Read<Ruleset>,
    passed: &BTreeMap<RuleRef, Vec<FlowId>>,
    sink: &mut Sink<'_>,
) {
    let ruleset = &read.value;
    let mut planned: BTreeMap<String, Vec<FlowId>> = BTreeMap::new();
    for (tunnel, _) in tunnels_of(input, g) {
        for child in &tunnel.children {
            for name in [child.name.clone(), format!("{} fail closed", child.name)] {
                planned.insert(name, child.flows.clone());
            }
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (ci, c) in ruleset.chains.iter().enumerate() {
        if !c.filters_forwarded() {
            continue;
        }
        for (ri, r) in c.rules.iter().enumerate() {
            if let Some(name) = r.comment.as_deref().filter(|n| planned.contains_key(*n)) {
                seen.insert(name);
                continue;
            }
            if is_conntrack_head(r) || r.verdict.is_none() {
                continue;
            }
            let at_ref = RuleRef {
                chain: ci,
                rule: Some(ri),
            };
            let flows = passed.get(&at_ref).cloned().unwrap_or_default();
            extra_rule(
                input,
                (ruleset, read.file),
                (at_ref, r),
                flows,
                (
                    "no tunnelled flow crosses otherwise because of it",
                    "the plaintext of",
                ),
                sink,
            );
        }
    }
    for (name, flows) in planned {
        if seen.contains(name.as_str()) {
            continue;
        }
        sink.push(
            Code::MissingRule,
            at(read.file, 0..0),
            format!("the rule `{name}` is not in the gateway's forward chain"),
            "load the emitted cordon.nft again (nft -f)".into(),
            flows,
        );
    }
}

/// One planned selector of a tunnel child on this gateway.
struct ChildSelector<'a> {
    child: &'a TunnelChild,
    dir: Direction,
    selector: Selector,
}

/// The selectors of every child of the gateway's tunnels, from its end.
fn child_selectors<'a>(input: &Input<'a>, g: GatewayId) -> Vec<ChildSelector<'a>> {
    let t = input.topology;
    let site = t.gateway(g).site;
    let mut out = Vec::new();
    for (tunnel, _) in tunnels_of(input, g) {
        for child in &tunnel.children {
            let any = crate::net::PortSet::any();
            let opens_here = traffic::endpoint_site(t, child.from) == Some(site);
            let selectors = if opens_here {
                xfrm::child_selectors(
                    &child.source,
                    &child.destination,
                    child.protocol,
                    &any,
                    &child.ports,
                )
            } else {
                xfrm::child_selectors(
                    &child.destination,
                    &child.source,
                    child.protocol,
                    &child.ports,
                    &any,
                )
            };
            out.extend(selectors.into_iter().map(|(dir, selector)| ChildSelector {
                child,
                dir,
                selector,
            }));
        }
    }
    out
}

/// The gateway's kernel policies: every tunnelled packet through them (the plan: into
/// the tunnel going out, only from the tunnel coming in), then policy by policy.
fn kernel(
    input: &Input<'_>,
    index: &FlowIndex,
    g: GatewayId,
    read: &Read<Vec<Listed>>,
    sink: &mut Sink<'_>,
) {
    let planned = child_selectors(input, g);
    let pairs: Vec<(Direction, Selector)> = planned.iter().map(|c| (c.dir, c.selector)).collect();
    let mut listed = read.value.clone();
    xfrm::with_child_masks(&mut listed, &pairs);
    let policies: Vec<Policy> = listed.iter().map(|l| l.policy).collect();
    let mut groups = FlowGroups::default();
    for (id, needs) in needs_by_flow(input, index, g, false) {
        for need in needs {
            // The tunnelled packets only: the kernel's policies see a packet before
            // it is encrypted going out, and after it is decrypted coming in.
            if !need.passes {
                continue;
            }
            let c = need.crossing;
            let dir = if c.to_encrypt {
                Direction::Out
            } else {
                Direction::Fwd
            };
            let proto = xfrm::ip_protocol(c.protocol, c.source.is_ipv6());
            let decided = xfrm::decide(
                &policies,
                dir,
                c.source,
                c.destination,
                proto,
                c.source_port,
                c.destination_port,
            );
            let code = match decided.map(|p| p.action) {
                Some(Action::Protect(Mode::Tunnel)) => continue,
                None | Some(Action::Pass) => Code::FlowNowClear,
                Some(Action::Block) => Code::FlowNowBlocked,
                Some(Action::Protect(_)) => Code::FlowChanged,
            };
            let by = decided.map_or_else(
                || format!("no {} policy (the kernel lets it by)", dir.name()),
                |p| format!("the kernel's `{p}`"),
            );
            let span = decided
                .and_then(|p| listed.iter().find(|l| l.policy == *p))
                .and_then(|l| at(read.file, l.span.clone()))
                .or_else(|| at(read.file, 0..0));
            let way = if dir == Direction::Out {
                "leaving for the far site"
            } else {
                "forwarded from the far site"
            };
            let plan = format!("held to the tunnel (a tunnel-mode `{}` policy)", dir.name());
            let what = match code {
                Code::FlowNowClear => {
                    format!("{} {way} is not held to the tunnel: {by}", need.packet)
                }
                Code::FlowNowBlocked => format!("{} {way} is dropped by {by}", need.packet),
                _ => format!("{} {way} meets {by}, not a tunnel-mode policy", need.packet),
            };
            groups.add(code, by, plan, span, what, id);
        }
    }
    groups.emit(input, sink);
    policy_by_policy(input, &planned, &listed, read, sink);
}

/// The kernel's policies against the children's selectors, priorities aside: a policy
/// that matches packets no child's selector of its direction does is no child's; a
/// child whose selectors the kernel's tunnel policies do not cover is missing.
fn policy_by_policy(
    input: &Input<'_>,
    planned: &[ChildSelector<'_>],
    listed: &[Listed],
    read: &Read<Vec<Listed>>,
    sink: &mut Sink<'_>,
) {
    let of_dir = |dir: Direction| -> Vec<Selector> {
        planned
            .iter()
            .filter(|c| c.dir == dir)
            .map(|c| c.selector)
            .collect()
    };
    let by_dir = [Direction::In, Direction::Out, Direction::Fwd].map(|d| (d, of_dir(d)));
    let mut extra: Vec<&Listed> = Vec::new();
    for l in listed {
        let mine = by_dir
            .iter()
            .find(|(d, _)| *d == l.policy.dir)
            .map_or(&[][..], |(_, s)| s.as_slice());
        if !xfrm::covered(&l.policy.selector, mine)
            || l.policy.action != Action::Protect(Mode::Tunnel)
        {
            extra.push(l);
        }
    }
    if let Some(first) = extra.first() {
        let more = match extra.len() {
            1 => String::new(),
            n => format!(" and {} more policies like it", n - 1),
        };
        sink.push(
            Code::ExtraRule,
            at(read.file, first.span.clone()),
            format!(
                "the kernel has `{}`{more}, which no tunnel child of the plan accounts for",
                first.policy
            ),
            "remove it (ip xfrm policy delete ...), or load the emitted swanctl.conf again (swanctl --load-all) if charon installed it"
                .into(),
            Vec::new(),
        );
    }
    let tunnel_policies = |dir: Direction| -> Vec<Selector> {
        listed
            .iter()
            .filter(|l| l.policy.dir == dir && l.policy.action == Action::Protect(Mode::Tunnel))
            .map(|l| l.policy.selector)
            .collect()
    };
    let held = [Direction::In, Direction::Out, Direction::Fwd].map(|d| (d, tunnel_policies(d)));
    let mut missing: BTreeMap<&str, (&TunnelChild, Vec<&'static str>)> = BTreeMap::new();
    for c in planned {
        let have = held
            .iter()
            .find(|(d, _)| *d == c.dir)
            .map_or(&[][..], |(_, s)| s.as_slice());
        if !xfrm::covered(&c.selector, have) {
            let entry = missing
                .entry(c.child.name.as_str())
                .or_insert((c.child, Vec::new()));
            if !entry.1.contains(&c.dir.name()) {
                entry.1.push(c.dir.name());
            }
        }
    }
    for (name, (child, dirs)) in missing {
        sink.push(
            Code::MissingRule,
            at(read.file, 0..0),
            format!(
                "the kernel lacks child `{name}`'s `{}` tunnel policies; it carries {} ({})",
                dirs.join("`, `"),
                plural(child.flows.len(), "flow"),
                name_flows(input, &child.flows),
            ),
            "load the emitted swanctl.conf again (swanctl --load-all), or see why charon did not install the child (swanctl --list-pols)".into(),
            child.flows.clone(),
        );
    }
}
