//! Flows → the ordered IPsec rules of each host and client group.
//!
//! Order: exemptions first (out-of-band AMT, catalog exemptions, external services,
//! domain controllers, ICMP, the client agent's permits), then protect rules toward peers,
//! then the seed's "Any <-> subnet" catch-all for hosts that use that design. Flows that
//! share a direction, protocol and ports are aggregated into one filter whose remote side
//! is the union of the peers' addresses, so a host gets tens of rules, not thousands.

use std::collections::BTreeMap;

use foldhash::HashMap;
use rayon::prelude::*;

use super::{IpsecMode, IpsecRule, RuleAction, RuleKind, RuleSet, name_ports};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::topology::{Action, Design, GroupId, HostId, IcmpPolicy, IpsecSettings, Topology};
use crate::traffic::{
    self, Endpoint, ExemptReason, Flow, FlowId, PortSetId, Protection, TrafficMap, endpoint_addrs,
};

/// Direction of a flow as seen from the rule set's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Direction {
    Out,
    In,
}

/// The remote end a flow contributes to a rule's remote addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Remote {
    Endpoint(Endpoint),
    Subnet(HostId),
    Any,
}

/// Every endpoint's addresses, computed once.
pub(super) struct AddrCache {
    hosts: Vec<AddrSet>,
    groups: Vec<AddrSet>,
    internet: AddrSet,
    /// The addresses of every domain controller that is exempt (its own
    /// `domain_controllers = "exempt"`): the exemption list of Microsoft's isolation
    /// guidance.
    domain_controllers: AddrSet,
}

impl AddrCache {
    pub(super) fn new(topo: &Topology) -> Self {
        AddrCache {
            hosts: (0..topo.hosts.len())
                .map(|i| endpoint_addrs(topo, Endpoint::Host(HostId(i as u32))))
                .collect(),
            groups: (0..topo.client_groups.len())
                .map(|i| endpoint_addrs(topo, Endpoint::Group(GroupId(i as u32))))
                .collect(),
            internet: endpoint_addrs(topo, Endpoint::Internet),
            domain_controllers: AddrSet::from_prefixes(
                topo.hosts
                    .iter()
                    .filter(|h| h.on_exemption_list())
                    .flat_map(|h| h.addresses.iter().map(|a| ipnet::IpNet::from(*a))),
            ),
        }
    }

    pub(super) fn of(&self, e: Endpoint) -> &AddrSet {
        let found = match e {
            Endpoint::Host(h) => self.hosts.get(h.index()),
            Endpoint::Group(g) => self.groups.get(g.index()),
            Endpoint::Internet => None,
        };
        found.unwrap_or(&self.internet)
    }
}

/// What flows are aggregated by: the rule they end up in.
/// `P` is the interned `PortSetId` while flows are grouped, `PortSet` afterwards.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key<P = PortSet> {
    Exempt(u8, ExemptReason, Protocol, Direction, P),
    DomainControllers,
    Icmp,
    Peers(Protocol, Direction, P),
    SubnetPeers,
    AnyToSubnet,
}

impl Key<PortSetId> {
    fn owned(&self, traffic: &TrafficMap) -> Key {
        match *self {
            Key::Exempt(rank, reason, proto, dir, ports) => {
                Key::Exempt(rank, reason, proto, dir, traffic.port_set(ports).clone())
            }
            Key::DomainControllers => Key::DomainControllers,
            Key::Icmp => Key::Icmp,
            Key::Peers(proto, dir, ports) => {
                Key::Peers(proto, dir, traffic.port_set(ports).clone())
            }
            Key::SubnetPeers => Key::SubnetPeers,
            Key::AnyToSubnet => Key::AnyToSubnet,
        }
    }
}

pub(super) fn build(
    topo: &Topology,
    traffic: &TrafficMap,
    addrs: &AddrCache,
) -> (Vec<RuleSet>, Vec<RuleSet>) {
    let mut per_host: Vec<Vec<FlowId>> = vec![Vec::new(); topo.hosts.len()];
    let mut per_group: Vec<Vec<FlowId>> = vec![Vec::new(); topo.client_groups.len()];
    for (i, flow) in traffic.flows.iter().enumerate() {
        let id = FlowId(i as u32);
        for end in [flow.from, flow.to] {
            match end {
                Endpoint::Host(h) => {
                    if let Some(list) = per_host.get_mut(h.index()) {
                        list.push(id);
                    }
                }
                Endpoint::Group(g) => {
                    if let Some(list) = per_group.get_mut(g.index()) {
                        list.push(id);
                    }
                }
                Endpoint::Internet => {}
            }
        }
    }
    let internet = topo.catalog.well_known.internet;
    let subnets = Subnets::new(topo);
    // Rule sets are independent: build them on every core; `collect` keeps the order.
    let hosts = per_host
        .par_iter()
        .enumerate()
        // Internet services have no policy of ours, nor do hosts that take no part.
        .filter(|(i, _)| {
            !topo
                .hosts
                .get(*i)
                .is_some_and(|h| h.roles.contains(&internet) || !h.ipsec.runs_ipsec())
        })
        .map(|(i, flows)| {
            rule_set(
                topo,
                traffic,
                Endpoint::Host(HostId(i as u32)),
                flows,
                &subnets,
                addrs,
            )
        })
        .collect();
    let groups = per_group
        .par_iter()
        .enumerate()
        .map(|(i, flows)| {
            let owner = Endpoint::Group(GroupId(i as u32));
            // Every group keeps a rule set (they are found by index); one that takes no
            // part has no rules: its traffic passes without IPsec.
            if !topo.group(GroupId(i as u32)).ipsec.runs_ipsec() {
                return RuleSet {
                    owner,
                    design: Design::HostToHost,
                    rules: Vec::new(),
                };
            }
            rule_set(topo, traffic, owner, flows, &subnets, addrs)
        })
        .collect();
    (hosts, groups)
}

/// The design a host really uses: "Any <-> subnet" would put every logon under IPsec on a
/// domain controller whose directory traffic is exempt, so such a DC protects only its
/// own flows, host to host; so does a host that only initiates some flows under IPsec.
/// Client groups always use peer rules.
pub(crate) fn effective_design(topo: &Topology, owner: Endpoint) -> Design {
    match owner {
        Endpoint::Host(h) => {
            let host = topo.host(h);
            if host.on_exemption_list() || !host.ipsec.takes_part {
                Design::HostToHost
            } else {
                host.ipsec.design
            }
        }
        Endpoint::Group(_) | Endpoint::Internet => Design::HostToHost,
    }
}

/// The subnets of each host for "Any <-> subnet": the zone subnets that hold its
/// addresses, or the addresses themselves where no zone subnet does. Computed once for
/// all hosts so that rule sets can be built in parallel.
struct Subnets {
    hosts: Vec<AddrSet>,
}

impl Subnets {
    fn new(topo: &Topology) -> Self {
        let hosts = topo
            .hosts
            .iter()
            .map(|host| {
                let zone = topo.zone(host.zone);
                AddrSet::from_prefixes(host.addresses.iter().map(|a| {
                    zone.subnets
                        .iter()
                        .find(|n| n.contains(a))
                        .copied()
                        .unwrap_or_else(|| ipnet::IpNet::from(*a))
                }))
            })
            .collect();
        Subnets { hosts }
    }

    fn of(&self, h: HostId) -> Option<&AddrSet> {
        self.hosts.get(h.index())
    }
}

fn rule_set(
    topo: &Topology,
    traffic: &TrafficMap,
    owner: Endpoint,
    flows: &[FlowId],
    subnets: &Subnets,
    addrs: &AddrCache,
) -> RuleSet {
    let Some(settings) = traffic::endpoint_settings(topo, owner) else {
        return RuleSet {
            owner,
            design: Design::HostToHost,
            rules: Vec::new(),
        };
    };
    let design = effective_design(topo, owner);
    let local_addrs = addrs.of(owner).clone();
    // One that takes no part but initiates some flows under IPsec has rules for exactly
    // those: everything else it sends and receives passes without IPsec.
    let groups = group_flows(topo, traffic, owner, flows, design, settings);
    let mut groups = merge_ports(remote_sets(groups, traffic, subnets, addrs));
    add_standing_groups(&mut groups, topo, owner, design, settings, addrs);
    let rules = groups
        .into_iter()
        .filter_map(|(key, (remote, mut flow_ids))| {
            flow_ids.sort_unstable();
            flow_ids.dedup();
            rule_of(
                key,
                remote,
                flow_ids,
                owner,
                &local_addrs,
                subnets,
                settings,
            )
        })
        .collect();
    RuleSet {
        owner,
        design,
        rules,
    }
}

/// The owner's flows grouped by the rule each belongs to (its [`Key`]), with the remote
/// of each flow; one that takes no part keeps only the flows it initiates under IPsec.
fn group_flows(
    topo: &Topology,
    traffic: &TrafficMap,
    owner: Endpoint,
    flows: &[FlowId],
    design: Design,
    settings: &IpsecSettings,
) -> HashMap<Key<PortSetId>, (Vec<Remote>, Vec<FlowId>)> {
    let initiator_only = !settings.takes_part;
    // A hash map while grouping (one probe per flow); keys are sorted after.
    let mut groups: HashMap<Key<PortSetId>, (Vec<Remote>, Vec<FlowId>)> = HashMap::default();
    for &id in flows {
        let Some(flow) = traffic.flows.get(id.0 as usize) else {
            continue;
        };
        if initiator_only
            && !(flow.from == owner
                && flow.protection == Protection::Encrypt
                && settings.initiates_row(flow.row as usize))
        {
            continue;
        }
        let (direction, remote) = if flow.from == owner {
            (Direction::Out, flow.to)
        } else {
            (Direction::In, flow.from)
        };
        let key = key(topo, flow, direction, remote, design, settings);
        let remote = match (&key, remote) {
            (Key::SubnetPeers, Endpoint::Host(h)) => Remote::Subnet(h),
            // The exemption list replaces the remotes of DC flows below.
            (Key::AnyToSubnet | Key::Icmp | Key::DomainControllers, _) => Remote::Any,
            (_, e) => Remote::Endpoint(e),
        };
        let entry = groups.entry(key).or_default();
        entry.0.push(remote);
        entry.1.push(id);
    }
    groups
}

/// Each group's remotes as one address set, its key with its ports made whole.
fn remote_sets(
    groups: HashMap<Key<PortSetId>, (Vec<Remote>, Vec<FlowId>)>,
    traffic: &TrafficMap,
    subnets: &Subnets,
    addrs: &AddrCache,
) -> BTreeMap<Key, (AddrSet, Vec<FlowId>)> {
    let any = AddrSet::any();
    groups
        .into_iter()
        .map(|(k, (mut remotes, ids))| {
            remotes.sort_unstable();
            remotes.dedup();
            let set_of = |r: &Remote| match r {
                Remote::Endpoint(e) => addrs.of(*e),
                Remote::Subnet(h) => subnets.of(*h).unwrap_or(&any),
                Remote::Any => &any,
            };
            let addrs = match remotes.as_slice() {
                // A single peer's set is canonical already.
                [only] => set_of(only).clone(),
                many => AddrSet::from_prefixes(
                    many.iter()
                        .flat_map(|r| set_of(r).prefixes().iter().copied()),
                ),
            };
            (k.owned(traffic), (addrs, ids))
        })
        .collect()
}

/// The rules an owner carries whatever its flows: the any-to-subnet rule of that design,
/// the exemption list of domain controllers, and the ICMP exemption.
fn add_standing_groups(
    groups: &mut BTreeMap<Key, (AddrSet, Vec<FlowId>)>,
    topo: &Topology,
    owner: Endpoint,
    design: Design,
    settings: &IpsecSettings,
    addrs: &AddrCache,
) {
    let initiator_only = !settings.takes_part;
    if design == Design::AnyToSubnet {
        groups
            .entry(Key::AnyToSubnet)
            .or_insert_with(|| (AddrSet::any(), Vec::new()));
    }
    if !initiator_only {
        // Every participant carries the whole exemption list, whether or not a flow of
        // the traffic map needs it (logons, Group Policy); on an exempt DC it is all of
        // its own traffic.
        let list = match owner {
            Endpoint::Host(h) if topo.host(h).on_exemption_list() => AddrSet::any(),
            _ => addrs.domain_controllers.clone(),
        };
        // A flow is exempt for a DC only when an end is an exempt DC, so the remotes of
        // this rule's flows lie in the list already (or in any, on an exempt DC).
        if !list.is_empty() {
            groups
                .entry(Key::DomainControllers)
                .or_insert_with(|| (AddrSet::default(), Vec::new()))
                .0 = list;
        }
    }
    if settings.icmp == IcmpPolicy::Exempt && !initiator_only {
        groups
            .entry(Key::Icmp)
            .or_insert_with(|| (AddrSet::any(), Vec::new()));
    }
}

/// The rule of one group: a permit for an exemption, a protect rule for peers; `None` for
/// an any-to-subnet group of a client group (only a host has a subnet of its own).
fn rule_of(
    key: Key,
    remote: AddrSet,
    flow_ids: Vec<FlowId>,
    owner: Endpoint,
    local_addrs: &AddrSet,
    subnets: &Subnets,
    settings: &IpsecSettings,
) -> Option<IpsecRule> {
    let protect_action = match settings.action {
        Action::Require => RuleAction::Require,
        Action::Request => RuleAction::Request,
    };
    let rule = match key {
        Key::Exempt(_, reason, protocol, direction, ports) => {
            let (local_ports, remote_ports) = split_ports(protocol, direction, ports.clone());
            IpsecRule {
                name: format!(
                    "permit-{}-{}-{}{}",
                    reason.code(),
                    dir_name(direction),
                    protocol,
                    ports_suffix(&ports)
                ),
                kind: RuleKind::Exemption(reason),
                local: local_addrs.clone(),
                remote,
                protocol,
                local_ports,
                remote_ports,
                action: RuleAction::Permit,
                auth: Vec::new(),
                proposals: Vec::new(),
                ike_proposals: Vec::new(),
                mode: None,
                flows: flow_ids,
            }
        }
        Key::DomainControllers => permit_all_ports(
            "permit-domain-controllers",
            ExemptReason::DomainController,
            local_addrs.clone(),
            remote,
            Protocol::Any,
            flow_ids,
        ),
        Key::Icmp => permit_all_ports(
            "permit-icmp",
            ExemptReason::Icmp,
            local_addrs.clone(),
            AddrSet::any(),
            Protocol::Icmp,
            flow_ids,
        ),
        Key::Peers(protocol, direction, ports) => {
            let (local_ports, remote_ports) = split_ports(protocol, direction, ports.clone());
            protect(
                format!(
                    "{}-{}-{}{}",
                    protect_action.name(),
                    dir_name(direction),
                    protocol,
                    ports_suffix(&ports)
                ),
                RuleKind::Peers,
                local_addrs.clone(),
                remote,
                protocol,
                (local_ports, remote_ports),
                protect_action,
                settings,
                flow_ids,
            )
        }
        Key::SubnetPeers => protect(
            format!("{}-subnet-peers", protect_action.name()),
            RuleKind::SubnetPeers,
            local_addrs.clone(),
            remote,
            Protocol::Any,
            (PortSet::none(), PortSet::none()),
            protect_action,
            settings,
            flow_ids,
        ),
        Key::AnyToSubnet => {
            let Endpoint::Host(h) = owner else {
                return None;
            };
            protect(
                format!("{}-any-to-subnet", protect_action.name()),
                RuleKind::AnyToSubnet,
                subnets.of(h).cloned().unwrap_or_default(),
                AddrSet::any(),
                Protocol::Any,
                (PortSet::none(), PortSet::none()),
                protect_action,
                settings,
                flow_ids,
            )
        }
    };
    Some(rule)
}

fn key(
    topo: &Topology,
    flow: &Flow,
    direction: Direction,
    remote: Endpoint,
    design: Design,
    settings: &IpsecSettings,
) -> Key<PortSetId> {
    match flow.protection {
        Protection::Exempt(ExemptReason::Icmp) if settings.icmp == IcmpPolicy::Exempt => Key::Icmp,
        Protection::Exempt(ExemptReason::DomainController) => Key::DomainControllers,
        Protection::Exempt(reason) => Key::Exempt(
            exempt_rank(reason),
            reason,
            flow.protocol,
            direction,
            flow.ports,
        ),
        Protection::Encrypt => {
            if design == Design::AnyToSubnet {
                return Key::AnyToSubnet;
            }
            match remote {
                Endpoint::Host(h)
                    if effective_design(topo, Endpoint::Host(h)) == Design::AnyToSubnet =>
                {
                    Key::SubnetPeers
                }
                _ => Key::Peers(flow.protocol, direction, flow.ports),
            }
        }
    }
}

/// Rules that differ only in their ports and reach the same remote addresses become one
/// rule with the union of the ports: the filter then matches exactly the same packets.
fn merge_ports(
    groups: BTreeMap<Key, (AddrSet, Vec<FlowId>)>,
) -> BTreeMap<Key, (AddrSet, Vec<FlowId>)> {
    let mut merged: BTreeMap<Key, (AddrSet, Vec<FlowId>)> = BTreeMap::new();
    let mut by_remote: BTreeMap<(Key, AddrSet), (PortSet, Vec<FlowId>)> = BTreeMap::new();
    for (key, (remote, flows)) in groups {
        let (base, ports) = match key {
            Key::Exempt(rank, reason, proto, dir, ports) => (
                Key::Exempt(rank, reason, proto, dir, PortSet::none()),
                ports,
            ),
            Key::Peers(proto, dir, ports) => (Key::Peers(proto, dir, PortSet::none()), ports),
            other => {
                merged.insert(other, (remote, flows));
                continue;
            }
        };
        let entry = by_remote.entry((base, remote)).or_default();
        entry.0 = entry.0.union(&ports);
        entry.1.extend(flows);
    }
    for ((base, remote), (ports, flows)) in by_remote {
        let key = match base {
            Key::Exempt(rank, reason, proto, dir, _) => {
                Key::Exempt(rank, reason, proto, dir, ports)
            }
            Key::Peers(proto, dir, _) => Key::Peers(proto, dir, ports),
            other => other,
        };
        merged.insert(key, (remote, flows));
    }
    merged
}

/// Exemptions in the order the seed stresses them: AMT first, then what cannot negotiate,
/// then design choices.
fn exempt_rank(reason: ExemptReason) -> u8 {
    match reason {
        ExemptReason::OutOfBand => 0,
        ExemptReason::Catalog => 1,
        ExemptReason::External => 2,
        ExemptReason::Outsider => 2,
        ExemptReason::DomainController => 3,
        ExemptReason::Icmp => 4,
        ExemptReason::ClientAgent => 5,
    }
}

/// An exemption of a whole protocol (no ports) between these addresses.
fn permit_all_ports(
    name: &str,
    reason: ExemptReason,
    local: AddrSet,
    remote: AddrSet,
    protocol: Protocol,
    flows: Vec<FlowId>,
) -> IpsecRule {
    IpsecRule {
        name: name.to_string(),
        kind: RuleKind::Exemption(reason),
        local,
        remote,
        protocol,
        local_ports: PortSet::none(),
        remote_ports: PortSet::none(),
        action: RuleAction::Permit,
        auth: Vec::new(),
        proposals: Vec::new(),
        ike_proposals: Vec::new(),
        mode: None,
        flows,
    }
}

#[allow(clippy::too_many_arguments)]
fn protect(
    name: String,
    kind: RuleKind,
    local: AddrSet,
    remote: AddrSet,
    protocol: Protocol,
    ports: (PortSet, PortSet),
    action: RuleAction,
    settings: &IpsecSettings,
    flows: Vec<FlowId>,
) -> IpsecRule {
    IpsecRule {
        name,
        kind,
        local,
        remote,
        protocol,
        local_ports: ports.0,
        remote_ports: ports.1,
        action,
        auth: settings.authentication.clone(),
        proposals: settings.proposals.clone(),
        ike_proposals: settings.ike_proposals.clone(),
        mode: Some(IpsecMode::Transport),
        flows,
    }
}

/// Destination ports belong to the remote end on the way out, to the local end on the
/// way in; the other end's ports are any.
fn split_ports(protocol: Protocol, direction: Direction, ports: PortSet) -> (PortSet, PortSet) {
    if !protocol.has_ports() {
        return (PortSet::none(), PortSet::none());
    }
    match direction {
        Direction::Out => (PortSet::any(), ports),
        Direction::In => (ports, PortSet::any()),
    }
}

fn dir_name(d: Direction) -> &'static str {
    match d {
        Direction::Out => "out",
        Direction::In => "in",
    }
}

fn ports_suffix(ports: &PortSet) -> String {
    if ports.is_empty() {
        String::new()
    } else {
        format!("-{}", name_ports(ports))
    }
}
