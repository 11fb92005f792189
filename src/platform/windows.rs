//! How Windows decides which IPsec rule applies to a packet, and the Windows rules that
//! make that decision equal the plan's.
//!
//! Windows applies no administrator order. Among the connection security rules of Windows
//! Firewall with Advanced Security that match a packet, the more specific one wins ("More
//! specific rules take precedence over less specific rules"; "Windows Firewall doesn't
//! support weighted, administrator-assigned rule ordering": the Windows Firewall rules
//! article of windows-itpro-docs). Windows Server 2003 IPsec orders its filters by a weight
//! computed from how specific each filter is, "most specific to least specific", whatever
//! rule holds them (The Cable Guy, "IPsec Filter Ordering", February 2005).
//!
//! Neither source gives a total order cordon could rely on (is a specific port more specific
//! than a specific address?), so the model decides only where every specificity weighting
//! agrees: rule A beats rule B when A is at least as specific in every condition (local and
//! remote address, protocol, local and remote port) and more specific in one. Where two
//! matching rules with different actions are each more specific in some condition, Windows'
//! choice is a weight cordon cannot know, and [`decide`] says so as a [`Decision::Tie`].
//!
//! [`synthesize`] turns a plan rule set (first match wins) into Windows rules whose
//! specificity alone gives the plan's result: where a later rule overlaps an earlier one
//! with another action and is not beaten by it, the earlier rule is repeated on the overlap
//! as a rule more specific than the later one, or, where no such rule can be written, the
//! later rule loses the overlap (its ports or addresses shrink). [`check`] proves the result
//! on every flow of the owner and on the corner packets of every overlap.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::net::{AddrSet, PortRange, PortSet, Protocol};
use crate::policy::{Filter, IpsecRule, Packet, RuleAction, RuleSet};
use crate::topology::Topology;
use crate::traffic::{Endpoint, PortSetId, TrafficMap};

/// The most ports cordon writes as single values in one secured Windows rule: Windows
/// accepts port ranges only in Do Not Secure rules (New-NetIPsecRule, -LocalPort), and a
/// netsh filter holds one port, so a secured range becomes a list of ports.
pub const MAX_LISTED_PORTS: u32 = 1024;

/// One Windows rule (a connection security rule, or a Windows Server 2003 filter) as
/// Windows stores it: conditions, and the action of the plan rule it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WinRule {
    /// The plan rule it implements (index into the rule set).
    pub plan_rule: usize,
    /// For a rule that repeats part of `plan_rule` so that it beats a later plan rule on
    /// their overlap: that later rule.
    pub over: Option<usize>,
    /// Which part of its plan rule this is (1-based), where the plan rule's address lists
    /// mix prefix lengths and are written as one Windows rule per length; 0 when whole.
    pub part: u16,
    /// The address family for rules Windows writes per family (ICMPv4, ICMPv6); `None`
    /// for rules that hold both.
    pub family: Option<Family>,
    /// Local addresses (any = no condition).
    pub local: AddrSet,
    /// Remote addresses (any = no condition).
    pub remote: AddrSet,
    /// Protocol (`Any` = no condition).
    pub protocol: Protocol,
    /// Local ports (any = no condition; empty for protocols without ports).
    pub local_ports: PortSet,
    /// Remote ports.
    pub remote_ports: PortSet,
    /// Permit (Do Not Secure), Request or Require.
    pub action: RuleAction,
    /// Whether the ports are written one by one (secured rules, netsh filters): each is
    /// then a single port to Windows, however the set's ranges run.
    pub listed: bool,
    /// Whether it negotiates IKEv2 (`-KeyModule IKEv2`, certificates only) instead of
    /// Windows' Default key module (AuthIP and IKEv1). Windows chooses among rules by
    /// their filters alone; the key module only says how the chosen rule negotiates.
    pub ikev2: bool,
}

/// An IP address family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl Family {
    /// The family of an address.
    pub fn of(addr: IpAddr) -> Family {
        if addr.is_ipv4() {
            Family::V4
        } else {
            Family::V6
        }
    }

    /// The family of a prefix.
    pub fn of_net(net: &IpNet) -> Family {
        match net {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
        }
    }

    /// The suffix Windows object names carry for a per-family rule.
    pub fn suffix(self) -> &'static str {
        match self {
            Family::V4 => "-v4",
            Family::V6 => "-v6",
        }
    }
}

/// How specific one condition of a rule is: the least and the most specific of its
/// values (a rule with an address list is as specific as the element Windows picks, which
/// the model does not assume).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Specificity {
    least: u16,
    most: u16,
}

impl Specificity {
    const NONE: Specificity = Specificity { least: 0, most: 0 };

    fn exact(score: u16) -> Specificity {
        Specificity {
            least: score,
            most: score,
        }
    }

    /// The least and the most specific of some scores; `None` for no score at all.
    fn of(scores: impl Iterator<Item = u16>) -> Option<Specificity> {
        scores.fold(None, |acc, s| {
            Some(match acc {
                None => Specificity::exact(s),
                Some(Specificity { least, most }) => Specificity {
                    least: least.min(s),
                    most: most.max(s),
                },
            })
        })
    }
}

impl Filter for WinRule {
    fn local(&self) -> &AddrSet {
        &self.local
    }
    fn remote(&self) -> &AddrSet {
        &self.remote
    }
    fn protocol(&self) -> Protocol {
        self.protocol
    }
    fn local_ports(&self) -> &PortSet {
        &self.local_ports
    }
    fn remote_ports(&self) -> &PortSet {
        &self.remote_ports
    }
}

impl WinRule {
    /// Whether the rule applies to a packet: its filter matches, in its address family.
    pub fn applies_to(&self, p: &Packet) -> bool {
        self.family.is_none_or(|f| f == Family::of(p.remote)) && self.matches(p)
    }

    /// Whether some packet of one family matches both rules.
    fn shares_packets_with(&self, other: &WinRule) -> bool {
        let family = match (self.family, other.family) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        family && self.overlaps(other)
    }

    /// Whether the rule can match no packet at all.
    pub fn is_empty(&self) -> bool {
        self.local.is_empty()
            || self.remote.is_empty()
            || (self.protocol.has_ports()
                && (self.local_ports.is_empty() || self.remote_ports.is_empty()))
    }

    /// How specific the protocol and the two port conditions are (the same in both
    /// address families).
    fn protocol_and_ports(&self) -> [Specificity; 3] {
        let ports = |set: &PortSet| {
            if !self.protocol.has_ports() || set.is_any() || set.is_empty() {
                return Specificity::NONE;
            }
            let score = |r: &PortRange| {
                if self.listed || r.start() == r.end() {
                    2
                } else {
                    1
                }
            };
            Specificity::of(set.ranges().iter().map(score)).unwrap_or(Specificity::NONE)
        };
        [
            Specificity::exact(u16::from(self.protocol != Protocol::Any)),
            ports(&self.local_ports),
            ports(&self.remote_ports),
        ]
    }

    /// How specific the two address conditions are within one family; `None` when the
    /// rule holds no address of that family on a side.
    fn addresses_in(&self, family: Family) -> Option<[Specificity; 2]> {
        if self.family.is_some_and(|f| f != family) {
            return None;
        }
        Some([
            side_specificity(&self.local, family)?,
            side_specificity(&self.remote, family)?,
        ])
    }

    /// Whether every specificity weighting puts `self` above `other`: at least as specific
    /// in every condition, and more specific in one. A condition both rules state alike is
    /// equal, whatever Windows makes of it.
    ///
    /// Windows filters each address family in its own layer of the filtering platform, so
    /// the comparison is made per family that both rules hold.
    pub fn beats(&self, other: &WinRule) -> bool {
        let (pa, pb) = (self.protocol_and_ports(), other.protocol_and_ports());
        let same_rest = [
            self.protocol == other.protocol,
            self.local_ports == other.local_ports && self.listed == other.listed,
            self.remote_ports == other.remote_ports && self.listed == other.listed,
        ];
        let mut compared = false;
        for family in [Family::V4, Family::V6] {
            let (Some(aa), Some(ab)) = (self.addresses_in(family), other.addresses_in(family))
            else {
                continue;
            };
            let same = [
                same_side(&self.local, &other.local, family),
                same_side(&self.remote, &other.remote, family),
            ];
            let a = aa.iter().chain(&pa);
            let b = ab.iter().chain(&pb);
            if !dominates(a.zip(b).zip(same.into_iter().chain(same_rest))) {
                return false;
            }
            compared = true;
        }
        compared
    }
}

/// At least as specific in every condition that differs, and more specific in one.
fn dominates<'a>(
    conditions: impl Iterator<Item = ((&'a Specificity, &'a Specificity), bool)>,
) -> bool {
    let mut more = false;
    for ((x, y), same) in conditions {
        if same {
            continue;
        }
        if x.least < y.most {
            return false;
        }
        more |= x.least > y.most;
    }
    more
}

/// Prefix length on one scale for both families (an IPv4 /32 is as specific as an IPv6
/// /128).
fn prefix_score(p: &IpNet) -> u16 {
    match p {
        IpNet::V4(n) => u16::from(n.prefix_len()) * 4,
        IpNet::V6(n) => u16::from(n.prefix_len()),
    }
}

/// How specific one address side is within a family: no condition (any) scores 0; `None`
/// when the side holds no address of the family.
fn side_specificity(set: &AddrSet, family: Family) -> Option<Specificity> {
    if set.is_any() {
        return Some(Specificity::NONE);
    }
    Specificity::of(in_family(set, family).map(prefix_score))
}

/// Whether two address sides state the same condition within a family.
fn same_side(a: &AddrSet, b: &AddrSet, family: Family) -> bool {
    a.is_any() == b.is_any() && (a.is_any() || in_family(a, family).eq(in_family(b, family)))
}

fn in_family(set: &AddrSet, family: Family) -> impl Iterator<Item = &IpNet> {
    set.prefixes()
        .iter()
        .filter(move |p| Family::of_net(p) == family)
}

/// What Windows does with a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision<'a> {
    /// No rule matches: the packet passes without IPsec.
    NoRule,
    /// This rule applies (every matching rule with another action is less specific).
    Rule(&'a WinRule),
    /// Two matching rules with different actions, neither more specific than the other:
    /// which one Windows applies is not documented.
    Tie(&'a WinRule, &'a WinRule),
}

/// Which rule Windows applies to a packet.
pub fn decide<'a>(rules: &'a [WinRule], packet: &Packet) -> Decision<'a> {
    decide_with(rules, packet, &mut Vec::new())
}

/// [`decide`] with a buffer for the matching rules that the caller keeps between packets.
fn decide_with<'a>(
    rules: &'a [WinRule],
    packet: &Packet,
    candidates: &mut Vec<&'a WinRule>,
) -> Decision<'a> {
    candidates.clear();
    candidates.extend(rules.iter().filter(|r| r.applies_to(packet)));
    let Some(first) = candidates.first().copied() else {
        return Decision::NoRule;
    };
    if candidates.iter().all(|r| r.action == first.action) {
        return Decision::Rule(first);
    }
    let winner = candidates.iter().find(|c| {
        candidates
            .iter()
            .all(|d| d.action == c.action || c.beats(d))
    });
    if let Some(w) = winner {
        return Decision::Rule(w);
    }
    // Name a pair that Windows cannot order: two rules with different actions, neither
    // beaten by a rule of the other action.
    let unbeaten: Vec<&WinRule> = candidates
        .iter()
        .copied()
        .filter(|c| {
            !candidates
                .iter()
                .any(|d| d.action != c.action && d.beats(c))
        })
        .collect();
    let a = unbeaten.first().copied().unwrap_or(first);
    let b = unbeaten
        .iter()
        .chain(candidates.iter())
        .copied()
        .find(|r| r.action != a.action)
        .unwrap_or(first);
    Decision::Tie(a, b)
}

/// Why a rule set cannot be written for Windows: a rule needs more single ports than
/// cordon lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyPorts {
    /// The plan rule.
    pub rule: usize,
    /// How many ports.
    pub ports: u32,
}

/// A packet on which Windows and the plan disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The packet, as the owner sees it.
    pub packet: Packet,
    /// The plan rule that decides it (first match), if any.
    pub plan: Option<usize>,
    /// What the plan does.
    pub plan_action: RuleAction,
    /// The Windows rules Windows would pick (one), or that tie (two); none for no rule.
    pub windows: Vec<usize>,
    /// What Windows does; `None` for a tie.
    pub windows_action: Option<RuleAction>,
}

/// Where secured rules may not hold port ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortForm {
    /// Connection security rules: ranges only in Do Not Secure rules, so a secured rule's
    /// ranges are listed port by port.
    RangesInPermitOnly,
    /// Windows Server 2003 filters: one port per filter, for every action.
    SinglePorts,
}

/// The Windows rules for a plan rule set, in plan order. Each plan rule becomes one
/// Windows rule per family where Windows writes ICMP per family.
pub fn synthesize(set: &RuleSet, form: PortForm) -> Result<Vec<WinRule>, TooManyPorts> {
    let mut rules: Vec<WinRule> = Vec::new();
    for (i, rule) in set.rules.iter().enumerate() {
        let whole = families(rule).into_iter().map(|family| WinRule {
            plan_rule: i,
            over: None,
            part: 0,
            family,
            local: of_family(&rule.local, family),
            remote: of_family(&rule.remote, family),
            protocol: rule.protocol,
            local_ports: rule.local_ports.clone(),
            remote_ports: rule.remote_ports.clone(),
            action: rule.action,
            listed: match form {
                PortForm::RangesInPermitOnly => rule.action != RuleAction::Permit,
                PortForm::SinglePorts => true,
            },
            ikev2: false,
        });
        for mut r in whole.flat_map(split_by_specificity) {
            let mut reinforcements = Vec::new();
            for earlier in &rules {
                if earlier.action == r.action
                    || earlier.beats(&r)
                    || !earlier.shares_packets_with(&r)
                {
                    continue;
                }
                // The plan gives the overlap to `earlier`: repeat `earlier` on the overlap,
                // where it is as specific as `r` everywhere and more in one, or else take
                // the overlap out of `r`.
                let mut shared = intersect(earlier, &r);
                shared.over = Some(i);
                shared.listed = shared.listed || fits_listed(&shared);
                if shared.beats(&r) {
                    reinforcements.push(shared);
                } else {
                    yield_overlap(&mut r, earlier);
                }
            }
            rules.extend(reinforcements.into_iter().filter(|x| !x.is_empty()));
            if r.is_empty() {
                continue;
            }
            if r.listed && r.action == RuleAction::Permit {
                widen_exemption(&mut r);
            }
            if r.listed && r.protocol.has_ports() {
                for ports in [&r.local_ports, &r.remote_ports] {
                    if !ports.is_any() && ports.len() > MAX_LISTED_PORTS {
                        return Err(TooManyPorts {
                            rule: i,
                            ports: ports.len(),
                        });
                    }
                }
            }
            rules.push(r);
        }
    }
    Ok(rules)
}

/// Rule `r` comes after `earlier` in the plan, so the overlap is `earlier`'s: take it out
/// of `r` along the one condition where `earlier` does not cover `r` (ports first, then
/// remote addresses, then local addresses). Where `earlier` covers `r` in no single
/// condition but one, the overlap stays and [`check`] reports it.
fn yield_overlap(r: &mut WinRule, earlier: &WinRule) {
    let proto_covers = earlier.protocol == Protocol::Any || earlier.protocol == r.protocol;
    let family_covers = earlier.family.is_none() || earlier.family == r.family;
    let local_covers = r.local.is_subset(&earlier.local);
    let remote_covers = r.remote.is_subset(&earlier.remote);
    let ported = r.protocol.has_ports() && earlier.protocol.has_ports();
    let lp_covers = !ported || r.local_ports.is_subset(&earlier.local_ports);
    let rp_covers = !ported || r.remote_ports.is_subset(&earlier.remote_ports);
    if !(proto_covers && family_covers) {
        return;
    }
    let all = [local_covers, remote_covers, lp_covers, rp_covers];
    let uncovered = all.iter().filter(|c| !**c).count();
    if uncovered > 1 {
        return;
    }
    if ported && !rp_covers {
        r.remote_ports = r.remote_ports.difference(&earlier.remote_ports);
    } else if ported && !lp_covers {
        r.local_ports = r.local_ports.difference(&earlier.local_ports);
    } else if !remote_covers || uncovered == 0 {
        r.remote = r.remote.difference(&earlier.remote);
    } else {
        r.local = r.local.difference(&earlier.local);
    }
}

/// The addresses of one family (all of them for `None`).
pub fn of_family(set: &AddrSet, family: Option<Family>) -> AddrSet {
    match family {
        None => set.clone(),
        Some(f) => set.of_family(f == Family::V6),
    }
}

/// The most prefix lengths one side of a rule is split into; a side with more (the
/// complement of every zone, for Internet clients) stays one list.
const MAX_SPLIT: usize = 4;

/// One rule per combination of prefix lengths on its two sides, so that each Windows rule
/// is exactly as specific as each of its addresses (a list that mixes lengths would leave
/// Windows' weight to an element the model cannot know).
fn split_by_specificity(rule: WinRule) -> Vec<WinRule> {
    let groups = |set: &AddrSet| -> Vec<AddrSet> {
        if set.is_any() || set.is_empty() {
            return vec![set.clone()];
        }
        let mut by: std::collections::BTreeMap<u16, Vec<IpNet>> = Default::default();
        for p in set.prefixes() {
            by.entry(prefix_score(p)).or_default().push(*p);
        }
        if by.len() > MAX_SPLIT {
            return vec![set.clone()];
        }
        by.into_values().map(AddrSet::from_prefixes).collect()
    };
    let (locals, remotes) = (groups(&rule.local), groups(&rule.remote));
    if locals.len() == 1 && remotes.len() == 1 {
        return vec![rule];
    }
    let mut out = Vec::new();
    for l in &locals {
        for r in &remotes {
            out.push(WinRule {
                part: u16::try_from(out.len() + 1).unwrap_or(u16::MAX),
                local: l.clone(),
                remote: r.clone(),
                ..rule.clone()
            });
        }
    }
    out
}

/// Where single ports cannot hold an exemption: ports 1-65535 are every port (port 0
/// carries no traffic). [`check`] then proves that the wider exemption gives no flow
/// another action.
fn widen_exemption(r: &mut WinRule) {
    let every = PortSet::from_ranges(PortRange::new(1, u16::MAX));
    for ports in [&mut r.local_ports, &mut r.remote_ports] {
        if ports.len() > MAX_LISTED_PORTS && every.is_subset(ports) {
            *ports = PortSet::any();
        }
    }
}

/// Whether a rule's ports can be written one by one.
fn fits_listed(r: &WinRule) -> bool {
    [&r.local_ports, &r.remote_ports]
        .iter()
        .all(|p| p.is_any() || p.len() <= MAX_LISTED_PORTS)
}

/// The part of `a` that `b` also matches, with `a`'s action.
fn intersect(a: &WinRule, b: &WinRule) -> WinRule {
    let protocol = if a.protocol == Protocol::Any {
        b.protocol
    } else {
        a.protocol
    };
    let ports = |local: bool| {
        if protocol.has_ports() {
            a.matched_ports(local).intersection(&b.matched_ports(local))
        } else {
            PortSet::none()
        }
    };
    WinRule {
        plan_rule: a.plan_rule,
        over: a.over,
        part: a.part,
        family: a.family.or(b.family),
        local: a.local.intersection(&b.local),
        remote: a.remote.intersection(&b.remote),
        protocol,
        local_ports: ports(true),
        remote_ports: ports(false),
        action: a.action,
        listed: a.listed,
        ikev2: a.ikev2,
    }
}

/// ICMP differs per family in Windows (ICMPv4, ICMPv6): one rule per family that the
/// rule's addresses hold. Every other rule is one Windows rule.
pub fn families(rule: &IpsecRule) -> Vec<Option<Family>> {
    if rule.protocol != Protocol::Icmp {
        return vec![None];
    }
    let has = |family: Family| {
        let side = |s: &AddrSet| s.is_empty() || in_family(s, family).next().is_some();
        side(&rule.local) && side(&rule.remote)
    };
    [Family::V4, Family::V6]
        .into_iter()
        .filter(|f| has(*f))
        .map(Some)
        .collect()
}

/// Holds the Windows rules against the plan: for every flow of the owner (its first and
/// last port) and the corner packets of every pair of overlapping Windows rules, Windows'
/// choice must give the plan's action. No rule and a Do Not Secure rule both mean the
/// clear. Returns the first disagreement.
pub fn check(
    topo: &Topology,
    traffic: &TrafficMap,
    set: &RuleSet,
    rules: &[WinRule],
) -> Result<(), Mismatch> {
    // Permit (Do Not Secure) and no rule both leave the packet in the clear.
    let effect = |a: RuleAction| (a != RuleAction::Permit).then_some(a);
    let mut candidates = Vec::new();
    for packet in probe_packets(topo, traffic, set, rules) {
        let (plan, plan_action) = match set.lookup(&packet) {
            Some((i, r)) => (Some(i), r.action),
            None => (None, RuleAction::Permit),
        };
        let decision = decide_with(rules, &packet, &mut candidates);
        let windows_action = match decision {
            Decision::NoRule => Some(RuleAction::Permit),
            Decision::Rule(w) => Some(w.action),
            Decision::Tie(..) => None,
        };
        if windows_action.is_some_and(|a| effect(a) == effect(plan_action)) {
            continue;
        }
        let index = |w: &WinRule| rules.iter().position(|r| std::ptr::eq(r, w)).unwrap_or(0);
        let windows = match decision {
            Decision::NoRule => Vec::new(),
            Decision::Rule(w) => vec![index(w)],
            Decision::Tie(a, b) => vec![index(a), index(b)],
        };
        return Err(Mismatch {
            packet,
            plan,
            plan_action,
            windows,
            windows_action,
        });
    }
    Ok(())
}

/// An ephemeral port for the side of a flow that the catalog does not name.
const EPHEMERAL: u16 = 50_000;

/// The packets [`check`] decides: each flow of the owner at the first and the last of its
/// ports, per address family both ends hold, and the corners of every overlap of two
/// rules with different actions.
fn probe_packets(
    topo: &Topology,
    traffic: &TrafficMap,
    set: &RuleSet,
    rules: &[WinRule],
) -> Vec<Packet> {
    let mut out = Vec::new();
    // Every flow of the owner is served by exactly one of its rules. Flows that differ
    // only in their catalog row (the same peer, protocol, ports and direction) are one
    // packet to decide.
    let mut probes: Vec<(Endpoint, bool, Protocol, PortSetId)> = set
        .rules
        .iter()
        .flat_map(|r| &r.flows)
        .filter_map(|id| traffic.flows.get(id.0 as usize))
        .map(|f| {
            let inbound = f.to == set.owner;
            let other = if inbound { f.from } else { f.to };
            (other, inbound, f.protocol, f.ports)
        })
        .collect();
    probes.sort_unstable();
    probes.dedup();
    for (other, inbound, protocol, ports) in probes {
        let ports = traffic.port_set(ports);
        let corners: Vec<u16> = match (ports.ranges().first(), ports.ranges().last()) {
            (Some(a), Some(b)) if protocol.has_ports() => vec![a.start(), b.end()],
            _ => vec![0],
        };
        for family in [Family::V4, Family::V6] {
            let (Some(local), Some(remote)) = (
                first_address(topo, set.owner, family),
                first_address(topo, other, family),
            ) else {
                continue;
            };
            for &port in &corners {
                let (local_port, remote_port) = match (protocol.has_ports(), inbound) {
                    (false, _) => (0, 0),
                    (true, true) => (port, EPHEMERAL),
                    (true, false) => (EPHEMERAL, port),
                };
                out.push(Packet {
                    local,
                    remote,
                    protocol,
                    local_port,
                    remote_port,
                });
            }
        }
    }
    for (i, a) in rules.iter().enumerate() {
        for b in rules.iter().skip(i + 1) {
            if a.action != b.action && a.shares_packets_with(b) {
                out.extend(overlap_corners(a, b));
            }
        }
    }
    out
}

/// The first address of an endpoint in one family (the network address of its first
/// prefix; the Internet is any address), without building its address set.
fn first_address(topo: &Topology, e: Endpoint, family: Family) -> Option<IpAddr> {
    match e {
        Endpoint::Host(h) => topo
            .host(h)
            .addresses
            .iter()
            .copied()
            .filter(|a| Family::of(*a) == family)
            .min(),
        Endpoint::Group(g) => in_family(&topo.group(g).subnets, family)
            .next()
            .map(IpNet::network),
        Endpoint::Internet => Some(match family {
            Family::V4 => IpAddr::from([0u8; 4]),
            Family::V6 => IpAddr::from([0u8; 16]),
        }),
    }
}

/// The first and the last packet of the part two rules share, per family.
fn overlap_corners(a: &WinRule, b: &WinRule) -> Vec<Packet> {
    let shared = intersect(a, b);
    let protocol = if shared.protocol == Protocol::Any {
        Protocol::Tcp
    } else {
        shared.protocol
    };
    let (lp, rp) = (shared.matched_ports(true), shared.matched_ports(false));
    let mut out = Vec::new();
    for family in [Family::V4, Family::V6] {
        if shared.family.is_some_and(|f| f != family) {
            continue;
        }
        let (local, remote) = (
            of_family(&shared.local, Some(family)),
            of_family(&shared.remote, Some(family)),
        );
        for pick_last in [false, true] {
            let addr = |s: &AddrSet| {
                if pick_last {
                    s.prefixes().last().map(IpNet::broadcast)
                } else {
                    s.prefixes().first().map(IpNet::network)
                }
            };
            // TCP and UDP port 0 is reserved and carries no connection (the exemption
            // of ports 1-65535 is written as every port): the first corner is the first
            // real port of the overlap.
            let port = |s: &PortSet| {
                let r = if pick_last {
                    s.ranges().last().map(|r| r.end())
                } else {
                    s.ranges()
                        .iter()
                        .find(|r| r.end() >= 1)
                        .map(|r| r.start().max(1))
                };
                if protocol.has_ports() {
                    r.unwrap_or(0)
                } else {
                    0
                }
            };
            let (Some(l), Some(r)) = (addr(&local), addr(&remote)) else {
                continue;
            };
            out.push(Packet {
                local: l,
                remote: r,
                protocol,
                local_port: port(&lp),
                remote_port: port(&rp),
            });
        }
    }
    out
}
