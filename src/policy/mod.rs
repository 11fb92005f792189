//! The policy: for every host and client group, an ordered list of IPsec rules in the
//! seed's vocabulary (filter list, filter action, authentication methods, proposals); for
//! every firewall, the rules the flows crossing it need.
//!
//! Takes the topology and its traffic map; returns a [`Policy`]. Every rule lists the flows
//! it serves. [`RuleSet::lookup`] is the one definition of which rule a packet matches:
//! emitters render rules, and later stages ask `lookup`, never re-matching on their own.
//! Knows no target platform.

mod firewall;
mod host;
pub mod tunnel;

use std::borrow::Cow;
use std::net::IpAddr;

use crate::net::{AddrSet, PortSet, Protocol};
use crate::topology::{AuthMethod, Design, EspProposal, FirewallId, IkeProposal, Topology};
use crate::traffic::{Endpoint, ExemptReason, FlowId, TrafficMap};

/// The filter action of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleAction {
    /// Drop the traffic.
    Block,
    /// Let the traffic pass in the clear.
    Permit,
    /// Negotiate IPsec, fall back to the clear.
    Request,
    /// Negotiate IPsec; never communicate unsecured.
    Require,
}

impl RuleAction {
    /// The name used in every output.
    pub fn name(self) -> &'static str {
        match self {
            RuleAction::Block => "block",
            RuleAction::Permit => "permit",
            RuleAction::Request => "request",
            RuleAction::Require => "require",
        }
    }
}

/// The IPsec mode of a protect rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpsecMode {
    /// End to end between the two hosts.
    Transport,
}

impl IpsecMode {
    /// The name used in every output.
    pub fn name(self) -> &'static str {
        match self {
            IpsecMode::Transport => "transport",
        }
    }
}

/// What a rule is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// Lets exempt flows pass in the clear.
    Exemption(ExemptReason),
    /// Protects flows with given peers, protocol and ports.
    Peers,
    /// Protects all traffic with the subnets of peers that use "Any <-> subnet" (the
    /// mirror image of their rule).
    SubnetPeers,
    /// The seed's "Any <-> subnet": all traffic between any address and the local subnet.
    AnyToSubnet,
}

impl RuleKind {
    /// A stable kebab-case name.
    pub fn code(self) -> &'static str {
        match self {
            RuleKind::Exemption(_) => "exemption",
            RuleKind::Peers => "peers",
            RuleKind::SubnetPeers => "subnet-peers",
            RuleKind::AnyToSubnet => "any-to-subnet",
        }
    }
}

/// One IPsec rule: filter list, filter action, authentication, proposals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpsecRule {
    /// Stable name, unique within its rule set.
    pub name: String,
    /// What the rule is for.
    pub kind: RuleKind,
    /// Local addresses of the filter.
    pub local: AddrSet,
    /// Remote addresses of the filter.
    pub remote: AddrSet,
    /// Protocol of the filter.
    pub protocol: Protocol,
    /// Local ports (any for an unrestricted end; empty for protocols without ports).
    pub local_ports: PortSet,
    /// Remote ports.
    pub remote_ports: PortSet,
    /// Filter action.
    pub action: RuleAction,
    /// Authentication methods in order (empty for permit and block).
    pub auth: Vec<AuthMethod>,
    /// ESP proposals in order (empty for permit and block).
    pub proposals: Vec<EspProposal>,
    /// IKE proposals in order (empty for permit and block).
    pub ike_proposals: Vec<IkeProposal>,
    /// Transport mode for protect rules; `None` for permit and block.
    pub mode: Option<IpsecMode>,
    /// The flows the rule serves.
    pub flows: Vec<FlowId>,
}

/// A mirrored filter: the addresses, protocol and ports a rule matches, whatever form the
/// rule takes (the plan's [`IpsecRule`], a platform's rule). Matching, overlap and
/// containment are defined here once for every stage that compares rules.
pub trait Filter {
    /// Local addresses.
    fn local(&self) -> &AddrSet;
    /// Remote addresses.
    fn remote(&self) -> &AddrSet;
    /// Protocol (`Any` = every protocol).
    fn protocol(&self) -> Protocol;
    /// Local ports (empty for protocols without ports).
    fn local_ports(&self) -> &PortSet;
    /// Remote ports.
    fn remote_ports(&self) -> &PortSet;

    /// The ports of one end as the filter matches them: every port where its protocol
    /// has none or the set is empty.
    fn matched_ports(&self, local: bool) -> Cow<'_, PortSet> {
        let p = if local {
            self.local_ports()
        } else {
            self.remote_ports()
        };
        if !self.protocol().has_ports() || p.is_empty() {
            Cow::Owned(PortSet::any())
        } else {
            Cow::Borrowed(p)
        }
    }

    /// Whether the filter matches a packet as seen from the local end. Filters are
    /// mirrored: the reply direction matches the same rule.
    fn matches(&self, packet: &Packet) -> bool {
        // Cheapest and most selective first: the local side is the owner's own address.
        let protocol = self.protocol();
        (protocol == Protocol::Any || protocol == packet.protocol)
            && (!protocol.has_ports()
                || (self.remote_ports().contains(packet.remote_port)
                    && self.local_ports().contains(packet.local_port)))
            && self.remote().contains(packet.remote)
            && self.local().contains(packet.local)
    }

    /// Whether some packet matches both filters.
    fn overlaps(&self, other: &impl Filter) -> bool {
        let (a, b) = (self.protocol(), other.protocol());
        (a == Protocol::Any || b == Protocol::Any || a == b)
            && self.local().intersects(other.local())
            && self.remote().intersects(other.remote())
            && self
                .matched_ports(true)
                .intersects(&other.matched_ports(true))
            && self
                .matched_ports(false)
                .intersects(&other.matched_ports(false))
    }

    /// Whether this filter matches every packet `inner` matches.
    fn contains(&self, inner: &impl Filter) -> bool {
        (self.protocol() == Protocol::Any || self.protocol() == inner.protocol())
            && inner.local().is_subset(self.local())
            && inner.remote().is_subset(self.remote())
            && inner
                .matched_ports(true)
                .is_subset(&self.matched_ports(true))
            && inner
                .matched_ports(false)
                .is_subset(&self.matched_ports(false))
    }
}

impl Filter for IpsecRule {
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

/// A packet as one end sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Packet {
    /// This end's address.
    pub local: IpAddr,
    /// The other end's address.
    pub remote: IpAddr,
    /// The protocol.
    pub protocol: Protocol,
    /// This end's port (0 for protocols without ports).
    pub local_port: u16,
    /// The other end's port.
    pub remote_port: u16,
}

/// The ordered rules of one host or client group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    /// Whose rules these are (a host or a client group).
    pub owner: Endpoint,
    /// The design the rules follow: the configured one, except that a domain controller
    /// whose directory traffic is exempt uses host-to-host rules (see `host`), and client
    /// groups always do.
    pub design: Design,
    /// Rules, first match wins.
    pub rules: Vec<IpsecRule>,
}

impl RuleSet {
    /// The first rule that matches the packet, with its position. No match means the
    /// platform default: the packet passes without IPsec.
    pub fn lookup(&self, packet: &Packet) -> Option<(usize, &IpsecRule)> {
        self.rules
            .iter()
            .enumerate()
            .find(|(_, r)| r.matches(packet))
    }
}

/// What a firewall rule passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FirewallRuleKind {
    /// IKE on UDP 500.
    Ike,
    /// NAT traversal on UDP 4500 (IKE and ESP in UDP).
    NatTraversal,
    /// ESP, IP protocol 50.
    Esp,
    /// An exempt flow in the clear.
    Exempt(ExemptReason),
    /// A rule the firewall's administrator already has (`rules` of a `[[firewall]]`):
    /// cordon does not write it, but it decides what it matches.
    OfRecord,
}

impl FirewallRuleKind {
    /// A stable kebab-case name.
    pub fn code(self) -> &'static str {
        match self {
            FirewallRuleKind::Ike => "ike",
            FirewallRuleKind::NatTraversal => "nat-t",
            FirewallRuleKind::Esp => "esp",
            FirewallRuleKind::Exempt(_) => "exempt",
            FirewallRuleKind::OfRecord => "of-record",
        }
    }
}

/// One firewall rule: pass `protocol`/`ports` from `source` to `destination`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallRule {
    /// Stable name, unique within the firewall.
    pub name: String,
    /// What it passes.
    pub kind: FirewallRuleKind,
    /// Source addresses.
    pub source: AddrSet,
    /// Destination addresses.
    pub destination: AddrSet,
    /// Protocol.
    pub protocol: Protocol,
    /// Destination ports (empty for protocols without ports).
    pub ports: PortSet,
    /// `Permit`, or `Block` for a deny of record: what no rule passes is dropped.
    pub action: RuleAction,
    /// The flows the rule serves.
    pub flows: Vec<FlowId>,
}

/// The rules of one firewall. Replies of passed connections are allowed (stateful);
/// everything else between the zones it joins is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirewallPolicy {
    /// The firewall.
    pub firewall: FirewallId,
    /// Rules, in order.
    pub rules: Vec<FirewallRule>,
}

impl FirewallPolicy {
    /// The rule that passes a packet from `source` to `destination`: the first that
    /// matches, if it permits. `None` means the firewall drops it (replies of passed
    /// connections aside), by a deny of record or for want of a rule.
    pub fn lookup(
        &self,
        source: IpAddr,
        destination: IpAddr,
        protocol: Protocol,
        port: u16,
    ) -> Option<&FirewallRule> {
        self.first_match(source, destination, protocol, port)
            .filter(|r| r.action == RuleAction::Permit)
    }

    /// The first rule that matches the packet, whatever it does with it.
    pub fn first_match(
        &self,
        source: IpAddr,
        destination: IpAddr,
        protocol: Protocol,
        port: u16,
    ) -> Option<&FirewallRule> {
        self.rules.iter().find(|r| {
            (r.protocol == Protocol::Any || r.protocol == protocol)
                && (!protocol.has_ports() || r.ports.is_empty() || r.ports.contains(port))
                && r.source.contains(source)
                && r.destination.contains(destination)
        })
    }
}

/// The whole policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// One rule set per host, in topology order (hosts of role `internet` have none).
    pub hosts: Vec<RuleSet>,
    /// One rule set per client group, in topology order.
    pub groups: Vec<RuleSet>,
    /// One policy per firewall, in topology order.
    pub firewalls: Vec<FirewallPolicy>,
    /// One tunnel per WAN link between site gateways, in topology order.
    pub tunnels: Vec<tunnel::Tunnel>,
    /// For each host id, the index of its rule set in `hosts`.
    host_index: Vec<Option<u32>>,
}

impl Policy {
    /// The rule set of a host or client group.
    pub fn rules_of(&self, owner: Endpoint) -> Option<&RuleSet> {
        let found = match owner {
            Endpoint::Host(h) => {
                let i = self.host_index.get(h.index()).copied().flatten()?;
                self.hosts.get(i as usize)
            }
            // Every client group has a rule set, in group order.
            Endpoint::Group(g) => self.groups.get(g.index()),
            Endpoint::Internet => None,
        };
        found.filter(|set| set.owner == owner)
    }
}

/// Synthesizes the policy of every host, client group and firewall.
pub fn build(topo: &Topology, traffic: &TrafficMap) -> Policy {
    let addrs = host::AddrCache::new(topo);
    let (hosts, groups) = host::build(topo, traffic, &addrs);
    let firewalls = firewall::build(topo, traffic, &addrs);
    let tunnels = tunnel::build(topo, traffic);
    let mut host_index = vec![None; topo.hosts.len()];
    for (i, set) in hosts.iter().enumerate() {
        if let Endpoint::Host(h) = set.owner
            && let Some(slot) = host_index.get_mut(h.index())
        {
            *slot = u32::try_from(i).ok();
        }
    }
    Policy {
        hosts,
        groups,
        firewalls,
        tunnels,
        host_index,
    }
}

/// A port set as it appears in a rule name: `445`, `135_445`, `1025-5000_49152-65535`.
fn name_ports(ports: &PortSet) -> String {
    ports.to_string().replace(',', "_")
}
