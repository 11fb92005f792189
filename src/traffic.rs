//! The traffic map: every flow the hierarchy needs, derived from the topology and the
//! catalog, each with its required protection and its provenance.
//!
//! Takes a validated [`Topology`]; returns a [`TrafficMap`] in a deterministic order
//! (catalog row order, then the two ends in topology order). It decides *what must cross
//! the network and whether IPsec must protect it*; how rules enforce that is `policy`'s job.
//!
//! Pairing follows the row's `scope`:
//! - `same_site`, `assigned_site`: both ends in one site (a client group's site is its
//!   assigned site);
//! - `parent_child`: one end in a site, the other in its parent;
//! - `hierarchy`: every pair;
//! - `external`: to hosts of the target role, or to "the Internet" when there are none;
//! - `any`: by locality. The *consumer* end (the client-like end — `client`,
//!   `mobile_device_client`, `amt_computer`, `any_host` — else the initiator) is paired
//!   with the *providers* in its own site or an ancestor site; when there are none, with
//!   the providers that belong to no site in its own zone; when there are none, with every
//!   provider. This is how clients, servers and the AD locator find services, and it keeps
//!   the map linear in hosts.

use foldhash::{HashMap, HashMapExt};
use std::fmt;

use crate::catalog::{CatalogRow, ModeFilter, Path, RoleId, Scope};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::topology::{
    FirewallId, GroupId, HostId, IcmpPolicy, IpsecSettings, KeyModule, Platform, RpcDynamic,
    SecurityMode, SiteId, Topology, ZoneId,
};

/// One end of a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// A host of the topology.
    Host(HostId),
    /// A client group of the topology.
    Group(GroupId),
    /// Every address outside the zones' subnets (the catalog's `internet` role when no
    /// host stands for it).
    Internet,
}

/// A port set, by its index in [`TrafficMap::port_sets`]. Flows share a handful of
/// distinct port sets, so each flow holds an id instead of its own copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortSetId(pub u32);

/// A flow, by its index in [`TrafficMap::flows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowId(pub u32);

/// Why a flow travels outside IPsec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExemptReason {
    /// The catalog row says IPsec cannot protect it (DHCP, PXE, Wake on LAN, multicast).
    Catalog,
    /// Agent HTTP/HTTPS or ICMP of a site system that runs the client agent (the seed's
    /// permit, `client_agent_permits`).
    ClientAgent,
    /// Any traffic with a domain controller (`domain_controllers = "exempt"`): Microsoft's
    /// isolation guidance exempts DCs by address.
    DomainController,
    /// The far end is outside the organisation and cannot negotiate IPsec.
    External,
    /// ICMP is exempt (`icmp = "exempt"`).
    Icmp,
    /// Intel AMT out-of-band traffic: the seed forbids IPsec on it.
    OutOfBand,
    /// One end takes no part in IPsec (`takes_part = false`) and the other serves such
    /// peers in the clear on exactly these ports (`serves_outsiders = true`): the seed's
    /// alternative where inbound sessions must arrive unencrypted.
    Outsider,
}

impl ExemptReason {
    /// A stable kebab-case name.
    pub fn code(self) -> &'static str {
        match self {
            ExemptReason::Catalog => "catalog",
            ExemptReason::ClientAgent => "client-agent",
            ExemptReason::DomainController => "domain-controller",
            ExemptReason::External => "external",
            ExemptReason::Icmp => "icmp",
            ExemptReason::OutOfBand => "out-of-band",
            ExemptReason::Outsider => "outsider",
        }
    }

    /// Why, in a sentence (the catalog's own reason is added by [`TrafficMap::reason`]).
    pub fn explain(self) -> &'static str {
        match self {
            ExemptReason::Catalog => "the catalog marks this flow exempt",
            ExemptReason::ClientAgent => {
                "the seed permits HTTP, HTTPS and ICMP for site systems that run the client agent"
            }
            ExemptReason::DomainController => {
                "domain controllers are exempt by address, for all traffic (domain_controllers = \"exempt\")"
            }
            ExemptReason::External => {
                "the far end is outside the organisation and cannot negotiate IPsec"
            }
            ExemptReason::Icmp => "ICMP is exempt for diagnostics (icmp = \"exempt\")",
            ExemptReason::OutOfBand => {
                "out-of-band AMT traffic: the seed says never to configure IPsec for it"
            }
            ExemptReason::Outsider => {
                "the peer takes no part in IPsec, and this end serves such peers in the clear on these ports (serves_outsiders)"
            }
        }
    }
}

/// The protection a flow requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protection {
    /// IPsec must encrypt it (ESP).
    Encrypt,
    /// It travels in the clear, for this reason.
    Exempt(ExemptReason),
}

/// Why the two ends of a flow were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pairing {
    /// Both in this site.
    SameSite(SiteId),
    /// A client and a site system of its assigned site.
    AssignedSite(SiteId),
    /// Adjacent sites.
    ParentChild {
        /// The parent site.
        parent: SiteId,
        /// The child site.
        child: SiteId,
    },
    /// One instance serves the hierarchy.
    Hierarchy,
    /// The provider serves the consumer's site or an ancestor of it (or no site).
    Locality,
    /// No provider near the consumer, so every provider.
    AnyProvider,
    /// The far end is outside the organisation.
    External,
}

/// One flow the hierarchy needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    /// The end that opens the connection.
    pub from: Endpoint,
    /// The end that accepts it.
    pub to: Endpoint,
    /// The catalog row (index into `catalog.rows`).
    pub row: u32,
    /// Whether this is the reverse direction of a bidirectional row.
    pub reversed: bool,
    /// The protocol.
    pub protocol: Protocol,
    /// Destination ports (empty for ICMP), in [`TrafficMap::port_sets`].
    pub ports: PortSetId,
    /// The communication path.
    pub path: Path,
    /// The required protection.
    pub protection: Protection,
    /// Why the ends were paired.
    pub pairing: Pairing,
    /// The firewalls crossed, in order (index into [`TrafficMap::routes`]).
    pub route: u32,
}

/// The firewalls between two zones, and whether any of them translates addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// Firewalls crossed from the `from` zone to the `to` zone.
    pub firewalls: Vec<FirewallId>,
    /// Whether a firewall on the way does NAT.
    pub nat: bool,
}

/// Every flow of the hierarchy.
#[derive(Clone, Debug)]
pub struct TrafficMap {
    /// The flows, in deterministic order.
    pub flows: Vec<Flow>,
    /// The distinct routes flows take (index 0 is the empty route).
    pub routes: Vec<Route>,
    /// The distinct port sets flows use.
    pub port_sets: Vec<PortSet>,
}

impl TrafficMap {
    /// The flow's stable id: `ROW:FROM->TO` (names as written in the topology).
    pub fn flow_id(&self, topo: &Topology, flow: &Flow) -> String {
        format!(
            "{}:{}->{}",
            row(topo, flow).id,
            endpoint_name(topo, flow.from),
            endpoint_name(topo, flow.to)
        )
    }

    /// Why a flow is exempt, in a sentence, or `None` for encrypted flows.
    pub fn reason(&self, topo: &Topology, flow: &Flow) -> Option<String> {
        match flow.protection {
            Protection::Encrypt => None,
            Protection::Exempt(ExemptReason::Catalog | ExemptReason::OutOfBand) => Some(
                row(topo, flow)
                    .exempt
                    .clone()
                    .unwrap_or_else(|| ExemptReason::Catalog.explain().to_string()),
            ),
            Protection::Exempt(r) => Some(r.explain().to_string()),
        }
    }

    /// The destination ports of a flow.
    pub fn ports(&self, flow: &Flow) -> &PortSet {
        self.port_set(flow.ports)
    }

    /// The port a simulated packet of the flow goes to: the first of its ports (0 for a
    /// protocol without ports).
    pub fn first_port(&self, flow: &Flow) -> u16 {
        self.ports(flow).ranges().first().map_or(0, |r| r.start())
    }

    /// A port set by id.
    pub fn port_set(&self, id: PortSetId) -> &PortSet {
        // Port set ids are only made by `build` from this list.
        &self.port_sets[id.0 as usize]
    }

    /// The route a flow takes.
    pub fn route(&self, flow: &Flow) -> &Route {
        // Route indices are only made by `build` from this list.
        &self.routes[flow.route as usize]
    }

    /// Whether IPsec between the two ends would need NAT traversal: a NAT firewall on the
    /// route, or a client group behind NAT at either end.
    pub fn needs_nat_traversal(&self, topo: &Topology, flow: &Flow) -> bool {
        let behind = |e: Endpoint| match e {
            Endpoint::Group(g) => topo.group(g).behind_nat,
            Endpoint::Host(_) | Endpoint::Internet => false,
        };
        self.route(flow).nat || behind(flow.from) || behind(flow.to)
    }
}

/// The firewalls between two zones (for a packet no flow describes, e.g. in `explain`).
pub fn route_between(topo: &Topology, from: Option<ZoneId>, to: Option<ZoneId>) -> Route {
    let mut router = Router::new(topo);
    let id = router.route(from, to);
    router.routes.get(id as usize).cloned().unwrap_or_default()
}

/// The catalog row a flow came from.
pub fn row<'a>(topo: &'a Topology, flow: &Flow) -> &'a CatalogRow {
    // Row indices are only made by `build` from the catalog's list.
    &topo.catalog.rows[flow.row as usize]
}

/// The name of an endpoint as the topology writes it (`internet` for the Internet).
pub fn endpoint_name(topo: &Topology, e: Endpoint) -> &str {
    match e {
        Endpoint::Host(h) => &topo.host(h).name,
        Endpoint::Group(g) => &topo.group(g).name,
        Endpoint::Internet => "internet",
    }
}

/// The addresses of an endpoint.
pub fn endpoint_addrs(topo: &Topology, e: Endpoint) -> AddrSet {
    match e {
        Endpoint::Host(h) => AddrSet::from_addrs(topo.host(h).addresses.iter().copied()),
        Endpoint::Group(g) => topo.group(g).subnets.clone(),
        Endpoint::Internet => topo.outside.clone(),
    }
}

/// One address that stands for an endpoint when a packet is simulated: a host's first
/// address, else the first usable address of its first prefix.
pub fn representative_addr(topo: &Topology, e: Endpoint) -> Option<std::net::IpAddr> {
    let set = endpoint_addrs(topo, e);
    let p = set.prefixes().first()?;
    if p.prefix_len() == p.max_prefix_len() {
        Some(p.addr())
    } else {
        p.hosts().next().or(Some(p.addr()))
    }
}

/// [`representative_addr`] of every endpoint, computed once: checks that simulate a
/// packet per flow must not re-aggregate address sets per flow.
pub struct RepresentativeAddrs {
    hosts: Vec<Option<std::net::IpAddr>>,
    groups: Vec<Option<std::net::IpAddr>>,
    internet: Option<std::net::IpAddr>,
}

impl RepresentativeAddrs {
    /// The table for a topology.
    pub fn new(topo: &Topology) -> Self {
        RepresentativeAddrs {
            hosts: (0..topo.hosts.len())
                .map(|i| representative_addr(topo, Endpoint::Host(HostId(i as u32))))
                .collect(),
            groups: (0..topo.client_groups.len())
                .map(|i| representative_addr(topo, Endpoint::Group(GroupId(i as u32))))
                .collect(),
            internet: representative_addr(topo, Endpoint::Internet),
        }
    }

    /// The address that stands for an endpoint.
    pub fn of(&self, e: Endpoint) -> Option<std::net::IpAddr> {
        match e {
            Endpoint::Host(h) => self.hosts.get(h.index()).copied().flatten(),
            Endpoint::Group(g) => self.groups.get(g.index()).copied().flatten(),
            Endpoint::Internet => self.internet,
        }
    }
}

/// Where an endpoint is defined in the topology file (`None` for the Internet).
pub fn endpoint_span(topo: &Topology, e: Endpoint) -> Option<crate::source::Span> {
    match e {
        Endpoint::Host(h) => Some(topo.host(h).span.clone()),
        Endpoint::Group(g) => Some(topo.group(g).span.clone()),
        Endpoint::Internet => None,
    }
}

/// The site of an endpoint.
pub fn endpoint_site(topo: &Topology, e: Endpoint) -> Option<SiteId> {
    match e {
        Endpoint::Host(h) => topo.host(h).site,
        Endpoint::Group(g) => Some(topo.group(g).site),
        Endpoint::Internet => None,
    }
}

/// The zone of an endpoint (the Internet is the first zone of trust `internet`).
pub fn endpoint_zone(topo: &Topology, e: Endpoint) -> Option<ZoneId> {
    match e {
        Endpoint::Host(h) => Some(topo.host(h).zone),
        Endpoint::Group(g) => Some(topo.group(g).zone),
        Endpoint::Internet => topo
            .zones
            .iter()
            .position(|z| z.trust == crate::topology::Trust::Internet)
            .and_then(|i| u32::try_from(i).ok())
            .map(ZoneId),
    }
}

/// The IPsec settings in force at an endpoint (`None` for the Internet).
pub fn endpoint_settings(topo: &Topology, e: Endpoint) -> Option<&IpsecSettings> {
    match e {
        Endpoint::Host(h) => Some(&topo.host(h).ipsec),
        Endpoint::Group(g) => Some(&topo.group(g).ipsec),
        Endpoint::Internet => None,
    }
}

/// What an endpoint runs and the IKE version its settings allow (the Internet: the
/// hierarchy's platform, any version).
pub fn endpoint_platform(topo: &Topology, e: Endpoint) -> (Platform, KeyModule) {
    match e {
        Endpoint::Host(h) => (topo.host(h).platform, topo.host(h).ipsec.key_module),
        Endpoint::Group(g) => (topo.group(g).platform, topo.group(g).ipsec.key_module),
        Endpoint::Internet => (topo.platform, KeyModule::Auto),
    }
}

impl fmt::Display for Pairing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pairing::SameSite(_) => f.write_str("same site"),
            Pairing::AssignedSite(_) => f.write_str("assigned site"),
            Pairing::ParentChild { .. } => f.write_str("parent and child sites"),
            Pairing::Hierarchy => f.write_str("serves the hierarchy"),
            Pairing::Locality => f.write_str("nearest provider (own or ancestor site)"),
            Pairing::AnyProvider => f.write_str("any provider (none near)"),
            Pairing::External => f.write_str("external service"),
        }
    }
}

/// Pairing with the sites named, e.g. `same site S01`.
pub fn pairing_text(topo: &Topology, p: Pairing) -> String {
    let code = |s: SiteId| topo.site(s).code.as_str();
    match p {
        Pairing::SameSite(s) => format!("same site {}", code(s)),
        Pairing::AssignedSite(s) => format!("assigned site {}", code(s)),
        Pairing::ParentChild { parent, child } => {
            format!(
                "parent site {} and child site {}",
                code(parent),
                code(child)
            )
        }
        other => other.to_string(),
    }
}

/// Roles the catalog gives meaning to, looked up once.
struct Roles {
    client: RoleId,
    internet: RoleId,
    consumers: [RoleId; 4],
}

/// What the per-flow decisions need to know about an endpoint, gathered once into a
/// compact table: reading the large `Host` records for every flow costs cache misses.
#[derive(Clone, Copy, Debug)]
struct Facts {
    zone: Option<ZoneId>,
    internet: bool,
    excludes: bool,
    /// It is a domain controller on the exemption list (its own `domain_controllers`).
    dc_exempt: bool,
    icmp_exempt: bool,
    agent_site_system: bool,
    /// It takes no part in IPsec.
    outsider: bool,
    /// It takes no part but still initiates some catalog rows' flows under IPsec.
    initiates: bool,
    /// It serves peers that take no part in IPsec in the clear.
    serves_outsiders: bool,
}

struct FactTable {
    hosts: Vec<Facts>,
    groups: Vec<Facts>,
    internet: Facts,
}

impl FactTable {
    fn new(topo: &Topology, roles: &Roles) -> Self {
        let hosts = topo
            .hosts
            .iter()
            .map(|h| Facts {
                zone: Some(h.zone),
                internet: h.roles.contains(&roles.internet),
                excludes: !h.exclude_rows.is_empty(),
                dc_exempt: h.on_exemption_list(),
                icmp_exempt: h.ipsec.icmp == IcmpPolicy::Exempt,
                agent_site_system: h.client_agent
                    && h.ipsec.client_agent_permits
                    && h.declared_roles.iter().any(|r| *r != roles.client),
                outsider: !h.ipsec.takes_part,
                initiates: !h.ipsec.initiates.is_empty(),
                serves_outsiders: h.ipsec.serves_outsiders,
            })
            .collect();
        let groups = topo
            .client_groups
            .iter()
            .map(|g| Facts {
                zone: Some(g.zone),
                internet: false,
                excludes: !g.exclude_rows.is_empty(),
                dc_exempt: false,
                icmp_exempt: g.ipsec.icmp == IcmpPolicy::Exempt,
                agent_site_system: false,
                outsider: !g.ipsec.takes_part,
                initiates: !g.ipsec.initiates.is_empty(),
                serves_outsiders: g.ipsec.serves_outsiders,
            })
            .collect();
        let internet = Facts {
            zone: endpoint_zone(topo, Endpoint::Internet),
            internet: true,
            excludes: false,
            dc_exempt: false,
            icmp_exempt: false,
            agent_site_system: false,
            outsider: true,
            initiates: false,
            serves_outsiders: false,
        };
        FactTable {
            hosts,
            groups,
            internet,
        }
    }

    fn of(&self, e: Endpoint) -> &Facts {
        let found = match e {
            Endpoint::Host(h) => self.hosts.get(h.index()),
            Endpoint::Group(g) => self.groups.get(g.index()),
            Endpoint::Internet => None,
        };
        found.unwrap_or(&self.internet)
    }
}

/// Providers near a consumer, by provider role and the consumer's site and zone.
type NearCache = HashMap<(RoleId, Option<SiteId>, Option<ZoneId>), (Vec<Endpoint>, Pairing)>;

/// Endpoints indexed by role, and by role and site.
struct Index {
    by_role: HashMap<RoleId, Vec<Endpoint>>,
    by_role_site: HashMap<(RoleId, SiteId), Vec<Endpoint>>,
    siteless_by_role_zone: HashMap<(RoleId, ZoneId), Vec<Endpoint>>,
}

/// Builds the traffic map of a topology.
pub fn build(topo: &Topology) -> TrafficMap {
    let cat = &topo.catalog;
    let wk = cat.well_known;
    let roles = Roles {
        client: wk.client,
        internet: wk.internet,
        consumers: [
            wk.client,
            wk.mobile_device_client,
            wk.amt_computer,
            wk.any_host,
        ],
    };
    let index = index(topo);
    let facts = FactTable::new(topo, &roles);
    let mut router = Router::new(topo);
    let mut interner = PortInterner::default();
    let mut flows = Vec::new();
    let mut pairs: Vec<(Endpoint, Endpoint, bool, Pairing)> = Vec::new();
    let mut near_cache: NearCache = HashMap::new();
    for (row_index, row) in cat.rows.iter().enumerate() {
        let Ok(row_no) = u32::try_from(row_index) else {
            break;
        };
        pairs.clear();
        pair_row(topo, row, &roles, &index, &mut near_cache, &mut pairs);
        // Keep one flow per (from, to): a row with the same role at both ends, or a
        // bidirectional one, reaches some pairs twice.
        pairs.sort_unstable();
        pairs.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
        // Pre-boot and broadcast exemptions (PXE, DHCP, Wake on LAN, multicast) concern
        // computers that boot from the network; a host of the topology has fixed addresses
        // and is a client only through its agent.
        let boots = |e: Endpoint, role: RoleId| {
            !(row.exempt.is_some() && role == roles.client && matches!(e, Endpoint::Host(_)))
        };
        for &(from, to, reversed, pairing) in &pairs {
            let (ff, tf) = (facts.of(from), facts.of(to));
            if !boots(from, row.from) || !boots(to, row.to) {
                continue;
            }
            if from == to
                || (ff.excludes && excluded(topo, from, row_index))
                || (tf.excludes && excluded(topo, to, row_index))
            {
                continue;
            }
            if !mode_applies(topo, row.mode, from, to) {
                continue;
            }
            let route = router.route(ff.zone, tf.zone);
            flows.push(Flow {
                from,
                to,
                row: row_no,
                reversed,
                protocol: row.protocol,
                ports: ports(topo, row, row_no, to, &mut interner),
                path: row.path,
                protection: protection(
                    row,
                    &roles,
                    ff,
                    tf,
                    ff.initiates && initiates(topo, from, row_index),
                ),
                pairing,
                route,
            });
        }
    }
    yield_to_encryption(&mut flows, &interner.sets);
    TrafficMap {
        flows,
        routes: router.routes,
        port_sets: interner.sets,
    }
}

/// A packet cannot be both encrypted and in the clear. Where an exemption that is a design
/// choice (the client agent's permits, ICMP, domain controllers) covers the same ends,
/// protocol and ports as a flow that must be encrypted — a site server that runs the
/// client agent reaches a software update point on TCP 80 both as a client and as the
/// site server — the encryption wins. Exemptions of necessity (catalog, AMT, external)
/// stay: such a clash is a finding for `verify`, not something to hide.
fn yield_to_encryption(flows: &mut [Flow], port_sets: &[PortSet]) {
    let ports = |f: &Flow| port_sets.get(f.ports.0 as usize);
    let mut encrypted: HashMap<(Endpoint, Endpoint, Protocol), Vec<usize>> = HashMap::new();
    for (i, f) in flows.iter().enumerate() {
        if f.protection == Protection::Encrypt {
            encrypted
                .entry((f.from, f.to, f.protocol))
                .or_default()
                .push(i);
        }
    }
    let mut upgrade = Vec::new();
    for (i, f) in flows.iter().enumerate() {
        let choice = matches!(
            f.protection,
            Protection::Exempt(
                ExemptReason::ClientAgent | ExemptReason::Icmp | ExemptReason::DomainController
            )
        );
        if !choice {
            continue;
        }
        let clash = encrypted
            .get(&(f.from, f.to, f.protocol))
            .into_iter()
            .flatten()
            .filter_map(|&j| flows.get(j))
            .any(|e| {
                !f.protocol.has_ports()
                    || e.ports == f.ports
                    || ports(e).zip(ports(f)).is_some_and(|(a, b)| a.intersects(b))
            });
        if clash {
            upgrade.push(i);
        }
    }
    for i in upgrade {
        if let Some(f) = flows.get_mut(i) {
            f.protection = Protection::Encrypt;
        }
    }
}

fn index(topo: &Topology) -> Index {
    let mut by_role: HashMap<RoleId, Vec<Endpoint>> = HashMap::new();
    let mut by_role_site: HashMap<(RoleId, SiteId), Vec<Endpoint>> = HashMap::new();
    let mut siteless_by_role_zone: HashMap<(RoleId, ZoneId), Vec<Endpoint>> = HashMap::new();
    let hosts = topo
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| (Endpoint::Host(HostId(i as u32)), h.roles.as_slice(), h.site));
    let groups = topo.client_groups.iter().enumerate().map(|(i, g)| {
        (
            Endpoint::Group(GroupId(i as u32)),
            g.roles.as_slice(),
            Some(g.site),
        )
    });
    for (e, roles, site) in hosts.chain(groups) {
        for &r in roles {
            by_role.entry(r).or_default().push(e);
            match (site, endpoint_zone(topo, e)) {
                (Some(s), _) => by_role_site.entry((r, s)).or_default().push(e),
                (None, Some(z)) => siteless_by_role_zone.entry((r, z)).or_default().push(e),
                (None, None) => {}
            }
        }
    }
    Index {
        by_role,
        by_role_site,
        siteless_by_role_zone,
    }
}

fn pair_row(
    topo: &Topology,
    row: &CatalogRow,
    roles: &Roles,
    index: &Index,
    near_cache: &mut NearCache,
    out: &mut Vec<(Endpoint, Endpoint, bool, Pairing)>,
) {
    let empty: Vec<Endpoint> = Vec::new();
    let all = |r: RoleId| index.by_role.get(&r).unwrap_or(&empty);
    let in_site = |r: RoleId, s: SiteId| index.by_role_site.get(&(r, s)).unwrap_or(&empty);
    let mut push = |a: Endpoint, b: Endpoint, p: Pairing| {
        out.push((a, b, false, p));
        if row.bidirectional {
            out.push((b, a, true, p));
        }
    };
    match row.scope {
        Scope::SameSite | Scope::AssignedSite => {
            for (i, _) in topo.sites.iter().enumerate() {
                let s = SiteId(i as u32);
                let p = if row.scope == Scope::SameSite {
                    Pairing::SameSite(s)
                } else {
                    Pairing::AssignedSite(s)
                };
                for &a in in_site(row.from, s) {
                    for &b in in_site(row.to, s) {
                        push(a, b, p);
                    }
                }
            }
        }
        Scope::ParentChild => {
            for (i, site) in topo.sites.iter().enumerate() {
                let Some(parent) = site.parent else { continue };
                let child = SiteId(i as u32);
                let p = Pairing::ParentChild { parent, child };
                for (x, y) in [(child, parent), (parent, child)] {
                    for &a in in_site(row.from, x) {
                        for &b in in_site(row.to, y) {
                            push(a, b, p);
                        }
                    }
                }
            }
        }
        Scope::Hierarchy => {
            for &a in all(row.from) {
                for &b in all(row.to) {
                    push(a, b, Pairing::Hierarchy);
                }
            }
        }
        Scope::External => {
            let targets = all(row.to);
            for &a in all(row.from) {
                if targets.is_empty() && row.to == roles.internet {
                    push(a, Endpoint::Internet, Pairing::External);
                }
                for &b in targets {
                    push(a, b, Pairing::External);
                }
            }
        }
        Scope::Any => {
            let consumer_is_to = roles.consumers.contains(&row.to);
            let (consumer_role, provider_role) = if consumer_is_to {
                (row.to, row.from)
            } else {
                (row.from, row.to)
            };
            for &c in all(consumer_role) {
                let site = endpoint_site(topo, c);
                let zone = endpoint_zone(topo, c);
                let (providers, p) = near_cache
                    .entry((provider_role, site, zone))
                    .or_insert_with(|| near(topo, index, provider_role, site, zone));
                for &prov in providers.iter() {
                    if consumer_is_to {
                        push(prov, c, *p);
                    } else {
                        push(c, prov, *p);
                    }
                }
            }
        }
    }
}

/// Providers of `role` for a consumer, nearest tier first: those whose site is the
/// consumer's site or an ancestor; else those with no site in the consumer's zone (a
/// domain controller or DNS server that belongs to no Configuration Manager site); else
/// every provider.
fn near(
    topo: &Topology,
    index: &Index,
    role: RoleId,
    site: Option<SiteId>,
    zone: Option<ZoneId>,
) -> (Vec<Endpoint>, Pairing) {
    if let Some(site) = site {
        let mut in_chain: Vec<Endpoint> = topo
            .site_chain(site)
            .into_iter()
            .filter_map(|s| index.by_role_site.get(&(role, s)))
            .flatten()
            .copied()
            .collect();
        if !in_chain.is_empty() {
            // Topology order, as everywhere else.
            in_chain.sort_unstable();
            return (in_chain, Pairing::Locality);
        }
    }
    if let Some(in_zone) = zone.and_then(|z| index.siteless_by_role_zone.get(&(role, z))) {
        return (in_zone.clone(), Pairing::Locality);
    }
    let all = index.by_role.get(&role).cloned().unwrap_or_default();
    (all, Pairing::AnyProvider)
}

fn excluded(topo: &Topology, e: Endpoint, row: usize) -> bool {
    match e {
        Endpoint::Host(h) => topo.host(h).exclude_rows.binary_search(&row).is_ok(),
        Endpoint::Group(g) => topo.group(g).exclude_rows.binary_search(&row).is_ok(),
        Endpoint::Internet => false,
    }
}

/// A row limited to mixed or native mode applies when the site of the serving end (the
/// `to` end, else the `from` end) runs in that mode.
fn mode_applies(topo: &Topology, filter: ModeFilter, from: Endpoint, to: Endpoint) -> bool {
    let wanted = match filter {
        ModeFilter::Any => return true,
        ModeFilter::Mixed => SecurityMode::Mixed,
        ModeFilter::Native => SecurityMode::Native,
    };
    let site = endpoint_site(topo, to).or_else(|| endpoint_site(topo, from));
    match site {
        Some(s) => topo.site(s).security_mode == wanted,
        None => true,
    }
}

/// Hands out one id per distinct port set.
#[derive(Default)]
struct PortInterner {
    sets: Vec<PortSet>,
    ids: HashMap<PortSet, PortSetId>,
    by_row: HashMap<u32, PortSetId>,
}

impl PortInterner {
    fn intern(&mut self, set: PortSet) -> PortSetId {
        if let Some(&id) = self.ids.get(&set) {
            return id;
        }
        let id = PortSetId(self.sets.len() as u32);
        self.sets.push(set.clone());
        self.ids.insert(set, id);
        id
    }
}

/// The destination ports at the accepting end: its RPC range for RPC dynamic rows, the
/// alternative it listens on for rows with alternatives, else the row's ports.
fn ports(
    topo: &Topology,
    row: &CatalogRow,
    row_no: u32,
    to: Endpoint,
    interner: &mut PortInterner,
) -> PortSetId {
    if !row.protocol.has_ports() {
        return interner.intern(PortSet::none());
    }
    let settings = endpoint_settings(topo, to);
    if row.rpc_dynamic
        && let Some(RpcDynamic::Restricted(set)) = settings.map(|s| &s.rpc_dynamic)
    {
        return interner.intern(set.clone());
    }
    if row.alternatives {
        let listen: &[crate::net::PortRange] = match to {
            Endpoint::Host(h) => &topo.host(h).listen,
            Endpoint::Group(_) | Endpoint::Internet => &[],
        };
        let chosen = row
            .ports
            .iter()
            .find(|alt| listen.iter().any(|l| l.contains(alt.start())))
            .or(row.ports.first());
        return interner.intern(PortSet::from_ranges(chosen.copied()));
    }
    // The common case: the row's own ports, interned once per row.
    if let Some(&id) = interner.by_row.get(&row_no) {
        return id;
    }
    let id = interner.intern(PortSet::from_ranges(row.ports.iter().copied()));
    interner.by_row.insert(row_no, id);
    id
}

/// Whether an end that takes no part in IPsec still protects this row's flows as their
/// initiator (`initiates`).
fn initiates(topo: &Topology, e: Endpoint, row: usize) -> bool {
    endpoint_settings(topo, e).is_some_and(|s| s.initiates_row(row))
}

/// `from_initiates`: the initiating end takes no part in IPsec, but protects this row's
/// flows (`initiates`), so it is not an outsider for them.
fn protection(
    row: &CatalogRow,
    roles: &Roles,
    from: &Facts,
    to: &Facts,
    from_initiates: bool,
) -> Protection {
    if row.exempt.is_some() {
        return Protection::Exempt(if row.path == Path::OutOfBand {
            ExemptReason::OutOfBand
        } else {
            ExemptReason::Catalog
        });
    }
    if from.internet || to.internet {
        return Protection::Exempt(ExemptReason::External);
    }
    let from_outsider = from.outsider && !from_initiates;
    if (from_outsider && to.serves_outsiders) || (to.outsider && from.serves_outsiders) {
        return Protection::Exempt(ExemptReason::Outsider);
    }
    // Microsoft's isolation guidance exempts domain controllers by address, for all
    // traffic: every flow with a DC on the list is exempt, a site role it hosts included.
    if from.dc_exempt || to.dc_exempt {
        return Protection::Exempt(ExemptReason::DomainController);
    }
    if row.protocol == Protocol::Icmp && (from.icmp_exempt || to.icmp_exempt) {
        return Protection::Exempt(ExemptReason::Icmp);
    }
    let agent_row = (row.from == roles.client && from.agent_site_system)
        || (row.to == roles.client && to.agent_site_system);
    if agent_row
        && (row.protocol == Protocol::Icmp || row.service == "HTTP" || row.service == "HTTPS")
    {
        return Protection::Exempt(ExemptReason::ClientAgent);
    }
    Protection::Encrypt
}

/// Finds the firewalls between zones (breadth-first over the zone graph, ties broken by
/// firewall order) and interns routes.
struct Router {
    adjacency: Vec<Vec<(ZoneId, FirewallId)>>,
    cache: HashMap<(Option<ZoneId>, Option<ZoneId>), u32>,
    routes: Vec<Route>,
    nat: Vec<bool>,
}

impl Router {
    fn new(topo: &Topology) -> Self {
        let mut adjacency = vec![Vec::new(); topo.zones.len()];
        for (i, fw) in topo.firewalls.iter().enumerate() {
            for &a in &fw.joins {
                for &b in &fw.joins {
                    if a != b
                        && let Some(list) = adjacency.get_mut(a.index())
                    {
                        list.push((b, FirewallId(i as u32)));
                    }
                }
            }
        }
        Router {
            adjacency,
            cache: HashMap::new(),
            routes: vec![Route::default()],
            nat: topo.firewalls.iter().map(|f| f.nat).collect(),
        }
    }

    fn route(&mut self, from: Option<ZoneId>, to: Option<ZoneId>) -> u32 {
        if let Some(&r) = self.cache.get(&(from, to)) {
            return r;
        }
        let firewalls = match (from, to) {
            (Some(a), Some(b)) if a != b => self.search(a, b),
            _ => Vec::new(),
        };
        let id = if firewalls.is_empty() {
            0
        } else {
            let nat = firewalls
                .iter()
                .any(|f| self.nat.get(f.index()).copied().unwrap_or(false));
            self.routes.push(Route { firewalls, nat });
            (self.routes.len() - 1) as u32
        };
        self.cache.insert((from, to), id);
        id
    }

    fn search(&self, from: ZoneId, to: ZoneId) -> Vec<FirewallId> {
        let n = self.adjacency.len();
        let mut prev: Vec<Option<(ZoneId, FirewallId)>> = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue = std::collections::VecDeque::from([from]);
        if let Some(s) = seen.get_mut(from.index()) {
            *s = true;
        }
        while let Some(z) = queue.pop_front() {
            if z == to {
                break;
            }
            for &(next, fw) in self.adjacency.get(z.index()).into_iter().flatten() {
                if let Some(s) = seen.get_mut(next.index())
                    && !*s
                {
                    *s = true;
                    if let Some(p) = prev.get_mut(next.index()) {
                        *p = Some((z, fw));
                    }
                    queue.push_back(next);
                }
            }
        }
        let mut path = Vec::new();
        let mut cur = to;
        while let Some(Some((back, fw))) = prev.get(cur.index()) {
            path.push(*fw);
            cur = *back;
            if path.len() > n {
                break;
            }
        }
        path.reverse();
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    const BASE: &str = r#"
[hierarchy]
name = "t"
security_mode = "mixed"

[ipsec]
rpc_dynamic = "5000-5010"

[[site]]
code = "CEN"
kind = "central"

[[site]]
code = "PRI"
kind = "primary"
parent = "CEN"
security_mode = "native"

[[site]]
code = "SEC"
kind = "secondary"
parent = "PRI"

[[zone]]
name = "lan"
trust = "intranet"
subnets = ["10.0.0.0/16"]

[[zone]]
name = "branch"
trust = "intranet"
subnets = ["10.1.0.0/16"]

[[host]]
name = "CEN-SS"
addresses = ["10.0.0.1"]
zone = "lan"
site = "CEN"
roles = ["site_server", "site_database_server"]

[[host]]
name = "PRI-SS"
addresses = ["10.0.1.1"]
zone = "lan"
site = "PRI"
roles = ["site_server", "management_point", "software_update_point"]
listen = [8530, 8531]

[[host]]
name = "SEC-SS"
addresses = ["10.1.0.1"]
zone = "branch"
site = "SEC"
roles = ["secondary_site_server"]

[[host]]
name = "DC-LAN"
addresses = ["10.0.0.5"]
zone = "lan"
roles = ["dns_server"]
domain_controller = true

[[host]]
name = "DC-BRANCH"
addresses = ["10.1.0.5"]
zone = "branch"
roles = ["dns_server"]
domain_controller = true

[[client_group]]
name = "pri-clients"
site = "PRI"
zone = "lan"
subnets = ["10.0.128.0/24"]
"#;

    fn map() -> (Topology, TrafficMap) {
        let mut sources = SourceMap::new();
        let file = sources.add("t.toml", BASE);
        let topo = crate::topology::load_text(file, BASE, None, &mut sources)
            .unwrap_or_else(|e| panic!("{e}"));
        let map = build(&topo);
        (topo, map)
    }

    fn pairs(topo: &Topology, map: &TrafficMap, row: &str) -> Vec<String> {
        map.flows
            .iter()
            .filter(|f| self::row(topo, f).id == row)
            .map(|f| {
                format!(
                    "{}->{}",
                    endpoint_name(topo, f.from),
                    endpoint_name(topo, f.to)
                )
            })
            .collect()
    }

    #[test]
    fn parent_child_pairs_adjacent_sites_only_both_ways() {
        let (topo, map) = map();
        // Bidirectional SMB between each parent and child; CEN and SEC are not adjacent.
        assert_eq!(
            pairs(&topo, &map, "s2s-smb"),
            [
                "CEN-SS->PRI-SS",
                "PRI-SS->CEN-SS",
                "PRI-SS->SEC-SS",
                "SEC-SS->PRI-SS"
            ]
        );
        // Secondary site installation goes from the parent to the secondary only.
        assert_eq!(
            pairs(&topo, &map, "s2s-install-rpc-epm-tcp"),
            ["PRI-SS->SEC-SS"]
        );
    }

    #[test]
    fn mode_rows_follow_the_serving_sites_mode() {
        let (topo, map) = map();
        // PRI is native: its clients use HTTPS to the MP, never HTTP.
        assert_eq!(pairs(&topo, &map, "cl-mp-https"), ["pri-clients->PRI-SS"]);
        assert!(pairs(&topo, &map, "cl-mp-http").is_empty());
    }

    #[test]
    fn any_scope_prefers_the_sites_chain_then_siteless_providers_of_the_zone() {
        let (topo, map) = map();
        // The DCs belong to no site: each consumer uses the DC of its own zone.
        let dns = pairs(&topo, &map, "any-dns-udp");
        assert!(dns.contains(&"SEC-SS->DC-BRANCH".to_string()), "{dns:?}");
        assert!(dns.contains(&"pri-clients->DC-LAN".to_string()), "{dns:?}");
        assert!(!dns.contains(&"SEC-SS->DC-LAN".to_string()), "{dns:?}");
        let dns_flow = map
            .flows
            .iter()
            .find(|f| row(&topo, f).id == "any-dns-udp")
            .unwrap();
        assert_eq!(dns_flow.pairing, Pairing::Locality);
    }

    #[test]
    fn ports_come_from_the_accepting_host() {
        let (topo, map) = map();
        let ports_of = |row_id: &str| {
            map.flows
                .iter()
                .filter(|f| row(&topo, f).id == row_id)
                .map(|f| map.ports(f).to_string())
                .collect::<Vec<_>>()
        };
        // RPC restricted to 5000-5010 everywhere.
        assert!(ports_of("ss-mp-rpc-dyn").iter().all(|p| p == "5000-5010"));
        // The SUP listens on the WSUS custom site ports.
        assert_eq!(ports_of("cl-sup-http"), ["8530"]);
        assert_eq!(ports_of("cl-sup-https"), ["8531"]);
    }

    #[test]
    fn directory_rows_are_exempt_and_site_rows_on_the_same_hosts_are_not() {
        let (topo, map) = map();
        for f in &map.flows {
            let r = row(&topo, f);
            if r.to == topo.catalog.well_known.domain_controller {
                assert_eq!(
                    f.protection,
                    Protection::Exempt(ExemptReason::DomainController)
                );
            }
            if f.path == Path::SiteToSite {
                assert_eq!(f.protection, Protection::Encrypt, "{}", r.id);
            }
        }
    }

    #[test]
    fn without_firewalls_every_flow_takes_the_empty_route() {
        let (_, map) = map();
        assert!(map.flows.iter().all(|f| map.route(f).firewalls.is_empty()));
        assert_eq!(map.routes.len(), 1);
    }
}
