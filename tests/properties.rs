//! Properties: random valid topologies plan without error and deterministically; every
//! flow's packet meets a rule of the right kind at both ends; no input makes the loader
//! panic (a smoke run of the fuzz target's mutations over the examples).

use std::net::{IpAddr, Ipv4Addr};

use cordon::net::Protocol;
use cordon::policy::{self, Packet, RuleAction};
use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::topology::{self, Topology};
use cordon::traffic::{self, Endpoint, ExemptReason, Protection, TrafficMap};
use proptest::prelude::*;

use crate::util::root;

fn load(text: &str) -> Topology {
    let mut sources = SourceMap::new();
    let file = sources.add("t.toml", text.to_string());
    match topology::load_text(file, text, None, &mut sources) {
        Ok(t) => t,
        Err(topology::LoadError::Invalid(d)) => {
            panic!("{}", cordon::diag::render(&d, &sources, false))
        }
        Err(e) => panic!("{e}"),
    }
}

/// An address that stands for an endpoint (the one verify and explain simulate with).
fn addr(topo: &Topology, e: Endpoint) -> IpAddr {
    traffic::representative_addr(topo, e).unwrap_or(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7)))
}

/// The seed's promise, checked flow by flow: at both ends the first matching rule
/// protects an encrypted flow (require or request) and permits an exempt one. The
/// initiator's source port is 40000, outside every ephemeral range the catalog names, so
/// the check is about the rules' intent and not about port-range overlaps (those are
/// verify's conflict findings).
fn check_flows_meet_their_rules(topo: &Topology, map: &TrafficMap) -> usize {
    let pol = policy::build(topo, map);
    let mut conflicts = 0;
    for flow in &map.flows {
        let port = map.ports(flow).ranges().first().map_or(0, |r| r.start());
        let (from, to) = (addr(topo, flow.from), addr(topo, flow.to));
        let ends = [
            (
                flow.from,
                Packet {
                    local: from,
                    remote: to,
                    protocol: flow.protocol,
                    local_port: 40000,
                    remote_port: port,
                },
            ),
            (
                flow.to,
                Packet {
                    local: to,
                    remote: from,
                    protocol: flow.protocol,
                    local_port: port,
                    remote_port: 40000,
                },
            ),
        ];
        for (owner, packet) in ends {
            let Some(set) = pol.rules_of(owner) else {
                continue;
            };
            // An end that takes no part in IPsec has no rules: its side is the clear.
            if traffic::endpoint_settings(topo, owner).is_some_and(|s| !s.takes_part) {
                continue;
            }
            let packet = if flow.protocol == Protocol::Icmp {
                Packet {
                    local_port: 0,
                    remote_port: 0,
                    ..packet
                }
            } else {
                packet
            };
            let hit = set.lookup(&packet).map(|(_, r)| r.action);
            let id = map.flow_id(topo, flow);
            // The same packet can belong to flows with opposite protection (AMT firmware
            // and the OS share an address; the catalog's TFTP data row spans every UDP
            // port). No rule order satisfies both; verify reports these. Design-choice
            // exemptions never cause it: they yield to encryption in the traffic map.
            let claims = claims(topo, map, flow, owner, &packet);
            if claims.contains(&Protection::Encrypt)
                && claims.iter().any(|p| *p != Protection::Encrypt)
            {
                assert!(
                    claims.iter().all(|p| matches!(
                        p,
                        Protection::Encrypt
                            | Protection::Exempt(
                                ExemptReason::Catalog
                                    | ExemptReason::OutOfBand
                                    | ExemptReason::External
                                    | ExemptReason::Outsider
                            )
                    )),
                    "{id} at {}: a design-choice exemption clashes with encryption: {claims:?}",
                    traffic::endpoint_name(topo, owner)
                );
                conflicts += 1;
                continue;
            }
            match flow.protection {
                Protection::Encrypt => assert!(
                    matches!(hit, Some(RuleAction::Require | RuleAction::Request)),
                    "{id}: encrypted flow meets {hit:?} at {}",
                    traffic::endpoint_name(topo, owner)
                ),
                Protection::Exempt(_) => assert_eq!(
                    hit,
                    Some(RuleAction::Permit),
                    "{id}: exempt flow at {}",
                    traffic::endpoint_name(topo, owner)
                ),
            }
            assert!(
                set.rules.iter().any(|r| r
                    .flows
                    .iter()
                    .any(|f| map.flows.get(f.0 as usize) == Some(flow))),
                "{id} is served by no rule"
            );
        }
    }
    conflicts
}

/// The protections of every flow that would carry the packet at `owner`. A host is more
/// specific than a client group whose subnets contain its address (an Internet group is
/// "any address"), so when a flow with a host at the far end carries the packet, flows
/// with a group there do not count, as the rule order has it.
fn claims(
    topo: &Topology,
    map: &TrafficMap,
    flow: &cordon::traffic::Flow,
    owner: Endpoint,
    packet: &Packet,
) -> Vec<Protection> {
    let carrying: Vec<&cordon::traffic::Flow> = map
        .flows
        .iter()
        .filter(|g| g.protocol == flow.protocol && covers(topo, map, g, owner, packet))
        .collect();
    let far = |g: &cordon::traffic::Flow| if g.from == owner { g.to } else { g.from };
    let to_hosts: Vec<Protection> = carrying
        .iter()
        .filter(|g| matches!(far(g), Endpoint::Host(_)))
        .map(|g| g.protection)
        .collect();
    if to_hosts.is_empty() {
        carrying.iter().map(|g| g.protection).collect()
    } else {
        to_hosts
    }
}

/// Whether flow `g` would carry `packet` as seen at `owner` (either direction).
fn covers(
    topo: &Topology,
    map: &TrafficMap,
    g: &cordon::traffic::Flow,
    owner: Endpoint,
    packet: &Packet,
) -> bool {
    let port_ok = |p: u16| !g.protocol.has_ports() || map.ports(g).contains(p);
    let remote_is = |e: Endpoint| traffic::endpoint_addrs(topo, e).contains(packet.remote);
    (g.from == owner && remote_is(g.to) && port_ok(packet.remote_port))
        || (g.to == owner && remote_is(g.from) && port_ok(packet.local_port))
}

#[test]
fn example_flows_meet_their_rules() {
    for example in [
        "examples/scenario-1b.toml",
        "examples/scenario-1b-plain-clients.toml",
        "examples/hierarchy.toml",
    ] {
        let text = std::fs::read_to_string(root().join(example)).unwrap();
        let topo = load(&text);
        let map = traffic::build(&topo);
        let conflicts = check_flows_meet_their_rules(&topo, &map);
        println!("{example}: {conflicts} packet checks hit a necessity-exemption conflict");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_topologies_plan_deterministically(sites in 1usize..12, per_site in 3usize..9, groups in 0usize..30, seed in any::<u64>()) {
        let text = generate(Params { sites, hosts: sites * per_site, client_groups: groups.min(sites * 64), seed }).unwrap();
        let topo = load(&text);
        let a = traffic::build(&topo);
        let b = traffic::build(&load(&text));
        prop_assert_eq!(&a.flows, &b.flows);
        let pa = policy::build(&topo, &a);
        let pb = policy::build(&topo, &b);
        prop_assert_eq!(&pa.hosts, &pb.hosts);
        prop_assert_eq!(&pa.firewalls, &pb.firewalls);
        check_flows_meet_their_rules(&topo, &a);
        // cordon never emits an outage: whatever the random choices, the two ends of every
        // flow find rules that can negotiate (request-only choices are the user's, not outages).
        let findings = cordon::verify::verify(&cordon::verify::Ctx { topology: &topo, traffic: &a, policy: &pa });
        use cordon::verify::Code;
        let broken: Vec<&cordon::verify::Finding> = findings
            .iter()
            .filter(|f| matches!(f.code, Code::NegotiationOutage | Code::NoCommonProposal | Code::NoCommonAuthentication | Code::OutOfBandUnderIpsec | Code::FirewallDropsIke | Code::NatWithoutNatTraversal | Code::FirewallDropsEsp | Code::FirewallDropsExemptFlow))
            .collect();
        prop_assert!(broken.is_empty(), "{:?}", broken.first().map(|f| &f.message));
        // Every out-of-band flow is exempt (the seed's note on AMT).
        prop_assert!(a.flows.iter().filter(|f| f.path == cordon::catalog::Path::OutOfBand).all(|f| f.protection != Protection::Encrypt));
    }
}

/// Truncations and byte flips of the examples: the loader returns diagnostics or a
/// topology, and never panics (the same mutations `fuzz/` starts from).
#[test]
fn mutated_topologies_never_panic() {
    let mut inputs = Vec::new();
    for example in ["examples/scenario-1b.toml", "examples/hierarchy.toml"] {
        let bytes = std::fs::read(root().join(example)).unwrap();
        for cut in (0..bytes.len()).step_by(37) {
            inputs.push(bytes[..cut].to_vec());
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..400 {
            let mut m = bytes.clone();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state as usize) % m.len();
                m[i] = (state >> 32) as u8;
            }
            inputs.push(m);
        }
    }
    let corpus = root().join("fuzz/corpus-seed/topology");
    if let Ok(dir) = std::fs::read_dir(&corpus) {
        for e in dir.flatten() {
            inputs.push(std::fs::read(e.path()).unwrap());
        }
    }
    for input in inputs {
        cordon::fuzz_topology(&input);
    }
}

mod conversations {
    use std::collections::BTreeMap;

    use cordon::audit::conversation::{Batcher, ConversationKey, ConversationStats, Conversations};
    use cordon::audit::packet::{Carried, Fragment, Packet, proto};
    use cordon::classify::Family;
    use proptest::prelude::*;

    /// Packets over few addresses and ports, so that conversations repeat, come in runs
    /// and interleave; IPv4 fragments (first and later) and IPv6 among them.
    fn packet() -> impl Strategy<Value = (Packet, u32, u64)> {
        (
            (0u8..10, 0u128..4, 0u128..4, 0usize..3, 0u16..3, 0u16..3),
            (0u8..4, 0u8..6, 0u32..3, 0u8..3),
            (40u32..1500, 0u64..1_000),
        )
            .prop_map(
                |((kind, a, b, protocol, sp, dp), (flags, carried, id, frag), (len, ts))| {
                    let family = if kind == 0 { Family::V6 } else { Family::V4 };
                    let protocol = [proto::TCP, proto::UDP, proto::ESP][protocol];
                    let fragment = match frag {
                        1 if family == Family::V4 => Some(Fragment { id, first: true }),
                        2 if family == Family::V4 => Some(Fragment { id, first: false }),
                        _ => None,
                    };
                    let later = fragment.is_some_and(|f| !f.first);
                    let port = |p: u16| {
                        if later || protocol == proto::ESP {
                            0
                        } else {
                            1000 + p
                        }
                    };
                    let p = Packet {
                        family,
                        source: 0x0A00_0000 + a,
                        destination: 0x0A00_0000 + b,
                        protocol,
                        source_port: port(sp),
                        destination_port: port(dp),
                        tcp_flags: [0x02, 0x12, 0x10, 0x11][usize::from(flags)],
                        carried: [
                            Carried::Plain,
                            Carried::Esp,
                            Carried::EspInUdp,
                            Carried::Ike,
                            Carried::Keepalive,
                            Carried::AuthenticatedOnly,
                        ][usize::from(carried)],
                        fragment,
                    };
                    (p, len, ts)
                },
            )
    }

    /// What the table must hold, written plainly: each packet in order, its conversation
    /// found by its ends (a later fragment's by its first fragment, which may come after
    /// it: such fragments wait, and those never claimed count at the end, port-less).
    fn model(packets: &[(Packet, u32, u64)]) -> Vec<(ConversationKey, ConversationStats)> {
        type Id = (u128, u128, u8, u32);
        let mut table: BTreeMap<ConversationKey, ConversationStats> = BTreeMap::new();
        let mut firsts: BTreeMap<Id, ConversationKey> = BTreeMap::new();
        let mut waiting: BTreeMap<Id, Vec<(Packet, u32, u64)>> = BTreeMap::new();
        // The datagrams that waited, in the order they started waiting.
        let mut waited: Vec<Id> = Vec::new();
        let key_of = |p: &Packet| {
            let src = (p.source, p.source_port);
            let dst = (p.destination, p.destination_port);
            let (lo, hi) = (src.min(dst), src.max(dst));
            (
                ConversationKey {
                    family: p.family,
                    protocol: p.protocol,
                    a: lo.0,
                    a_port: lo.1,
                    b: hi.0,
                    b_port: hi.1,
                },
                usize::from(src > dst),
            )
        };
        let count = |table: &mut BTreeMap<ConversationKey, ConversationStats>,
                     key: ConversationKey,
                     dir: usize,
                     p: &Packet,
                     len: u32,
                     ts: u64| {
            let later = p.fragment.is_some_and(|f| !f.first);
            let s = table.entry(key).or_insert_with(|| ConversationStats {
                first_ns: ts,
                last_ns: ts,
                ..ConversationStats::default()
            });
            s.packets[dir] += 1;
            s.bytes[dir] += u64::from(len);
            s.first_ns = s.first_ns.min(ts);
            s.last_ns = s.last_ns.max(ts);
            s.fragments += u64::from(p.fragment.is_some());
            if later {
                return;
            }
            match p.carried {
                Carried::Esp | Carried::EspInUdp => s.esp_packets += 1,
                Carried::Ike => s.ike_packets += 1,
                Carried::Keepalive => s.keepalive_packets += 1,
                Carried::AuthenticatedOnly => s.ah_packets += 1,
                Carried::Plain => {}
            }
            if p.protocol == proto::TCP && p.tcp_flags & 0x12 == 0x02 && s.syn_from.is_none() {
                s.syn_from = Some(dir as u8);
            }
        };
        for (p, len, ts) in packets {
            let (key, dir) = key_of(p);
            let later = p.fragment.is_some_and(|f| !f.first);
            let id = (
                p.source,
                p.destination,
                p.protocol,
                p.fragment.map_or(0, |f| f.id),
            );
            if later {
                match firsts.get(&id) {
                    Some(k) => {
                        let k = *k;
                        count(&mut table, k, usize::from(k.a != p.source), p, *len, *ts);
                    }
                    None => {
                        let group = waiting.entry(id).or_default();
                        if group.is_empty() {
                            waited.push(id);
                        }
                        group.push((*p, *len, *ts));
                    }
                }
                continue;
            }
            if p.fragment.is_some() {
                firsts.insert(id, key);
                // What waited for this first fragment came first, from the same source.
                if waiting.contains_key(&id) {
                    waited.retain(|w| *w != id);
                }
                for (w, wlen, wts) in waiting.remove(&id).unwrap_or_default() {
                    count(&mut table, key, dir, &w, wlen, wts);
                }
            }
            count(&mut table, key, dir, p, *len, *ts);
        }
        for id in waited {
            let Some(group) = waiting.remove(&id) else {
                continue;
            };
            for (p, len, ts) in group {
                let (key, dir) = key_of(&p);
                count(&mut table, key, dir, &p, len, ts);
            }
        }
        table.into_iter().collect()
    }

    proptest! {
        /// Packet by packet and batched (runs, lookups back to back), the table holds
        /// what the plain model says, in every field of every conversation.
        #[test]
        fn batched_counts_equal_packet_by_packet(
            packets in prop::collection::vec(packet(), 0..300),
            runs in prop::collection::vec(1usize..8, 1..40),
        ) {
            // Repeat packets to make runs of one conversation.
            let repeated: Vec<_> = packets
                .iter()
                .enumerate()
                .flat_map(|(i, p)| std::iter::repeat_n(*p, runs[i % runs.len()]))
                .collect();
            let expected = model(&repeated);
            let mut one_by_one = Conversations::new();
            let mut batched = Conversations::new();
            let mut batcher = Batcher::new();
            for (p, len, ts) in &repeated {
                one_by_one.add(p, *len, *ts);
                batcher.add(&mut batched, p, *len, *ts);
            }
            batcher.flush(&mut batched);
            one_by_one.settle_fragments();
            batched.settle_fragments();
            prop_assert_eq!(one_by_one.len(), expected.len());
            prop_assert_eq!(one_by_one.sorted(), expected.clone());
            prop_assert_eq!(batched.len(), expected.len());
            prop_assert_eq!(batched.sorted(), expected);
        }
    }
}
