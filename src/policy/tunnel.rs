//! Tunnels between site gateways: every encrypted flow whose ends sit in the two sites a
//! WAN link joins travels through an IPsec tunnel between the sites' gateways.
//!
//! The traffic selectors are the flows' own ends, protocol and ports, not the sites'
//! subnets: a tunnel carries what the hierarchy needs and nothing else. Flows with the
//! same two ends and protocol share one child (their ports merged).

use std::collections::BTreeMap;

use crate::net::{AddrSet, PortSet, Protocol};
use crate::topology::{GatewayId, Topology};
use crate::traffic::{self, Endpoint, FlowId, Protection, TrafficMap};

/// One CHILD_SA of a tunnel: traffic from `source` to `destination` on `protocol` and
/// `ports` (and its replies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TunnelChild {
    /// Stable name within the tunnel (`c01`, `c02`, ...).
    pub name: String,
    /// The end that opens the connections.
    pub from: Endpoint,
    /// The end that accepts them.
    pub to: Endpoint,
    /// Its addresses.
    pub source: AddrSet,
    /// Its addresses.
    pub destination: AddrSet,
    /// The protocol.
    pub protocol: Protocol,
    /// Destination ports (empty for protocols without ports).
    pub ports: PortSet,
    /// The flows it carries.
    pub flows: Vec<FlowId>,
}

/// The tunnel of one WAN link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tunnel {
    /// The WAN link (index into `Topology::wan_links`).
    pub link: usize,
    /// Its two gateways, as the link names them.
    pub gateways: [GatewayId; 2],
    /// What it carries, in flow order.
    pub children: Vec<TunnelChild>,
}

impl Tunnel {
    /// The child that carries a flow, if the tunnel carries it.
    pub fn child_of(&self, flow: FlowId) -> Option<&TunnelChild> {
        self.children.iter().find(|c| c.flows.contains(&flow))
    }
}

/// The tunnels of every WAN link, in link order.
pub fn build(topo: &Topology, map: &TrafficMap) -> Vec<Tunnel> {
    topo.wan_links
        .iter()
        .enumerate()
        .map(|(link, l)| {
            let sites = l.gateways.map(|g| topo.gateway(g).site);
            let mut groups: BTreeMap<(Endpoint, Endpoint, Protocol), (PortSet, Vec<FlowId>)> =
                BTreeMap::new();
            let mut order: Vec<(Endpoint, Endpoint, Protocol)> = Vec::new();
            for (i, f) in map.flows.iter().enumerate() {
                if f.protection != Protection::Encrypt {
                    continue;
                }
                let ends = (
                    traffic::endpoint_site(topo, f.from),
                    traffic::endpoint_site(topo, f.to),
                );
                let crosses = matches!(ends, (Some(a), Some(b))
                    if (a == sites[0] && b == sites[1]) || (a == sites[1] && b == sites[0]));
                if !crosses {
                    continue;
                }
                let key = (f.from, f.to, f.protocol);
                let entry = groups.entry(key).or_insert_with(|| {
                    order.push(key);
                    (PortSet::none(), Vec::new())
                });
                entry.0 = entry.0.union(map.ports(f));
                entry.1.push(FlowId(i as u32));
            }
            let children = order
                .iter()
                .enumerate()
                .filter_map(|(n, key)| {
                    let (ports, flows) = groups.remove(key)?;
                    Some(TunnelChild {
                        name: format!("c{:02}", n + 1),
                        from: key.0,
                        to: key.1,
                        source: traffic::endpoint_addrs(topo, key.0),
                        destination: traffic::endpoint_addrs(topo, key.1),
                        protocol: key.2,
                        ports,
                        flows,
                    })
                })
                .collect();
            Tunnel {
                link,
                gateways: l.gateways,
                children,
            }
        })
        .collect()
}
