//! Site gateways: for each gateway, `gateways/<name>/swanctl.conf` (one connection per WAN
//! link, one tunnel-mode CHILD_SA per tunnel child) and `gateways/<name>/cordon.nft` (its
//! firewall: IKE, NAT-T and ESP from the peer on the WAN side; the tunnelled flows, and
//! nothing else, forwarded between the sites, and only through IPsec: it fails closed
//! when charon stops or dies).
//!
//! How a packet shows the forward chain that it passes through the tunnel depends on the
//! IPsec stack: the kernel's (xfrm) marks a decrypted one (`meta secpath exists`) and
//! routes one it will encrypt through its transform (`rt ipsec exists`); strongSwan's
//! userspace `kernel-libipsec` passes both through its TUN device (`iifname`/`oifname
//! "ipsec0"`). [`GatewayStack`] picks one; both are documented in docs/emit.md and the
//! lab runs both.

use std::fmt::Write as _;

use super::nftables::PortField;
use super::quote::{comment, file_component};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet};
use crate::policy::tunnel::{Tunnel, TunnelChild};
use crate::topology::{AuthMethod, GatewayId};
use crate::traffic;

/// Which IPsec implementation the gateways run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GatewayStack {
    /// The Linux kernel's IPsec (xfrm): decrypted packets carry a secpath.
    #[default]
    Xfrm,
    /// strongSwan's userspace ESP (`kernel-libipsec`): decrypted packets arrive on the
    /// TUN device `ipsec0`.
    Libipsec,
}

/// The TUN device of strongSwan's kernel-libipsec plugin.
pub const LIBIPSEC_DEVICE: &str = "ipsec0";

fn unsupported(what: String) -> Unsupported {
    Unsupported {
        target: "gateway",
        what,
    }
}

/// The tunnels a gateway takes part in, with the index of its own end.
fn tunnels_of<'a>(input: &Input<'a>, g: GatewayId) -> Vec<(&'a Tunnel, usize)> {
    input
        .policy
        .tunnels
        .iter()
        .filter_map(|t| t.gateways.iter().position(|x| *x == g).map(|i| (t, i)))
        .collect()
}

/// Renders every gateway's swanctl.conf (`Target::Swanctl`) or nftables ruleset
/// (`Target::Nftables`); other targets have nothing for gateways.
pub fn render(input: &Input<'_>, target: Target) -> Result<Vec<Artifact>, Unsupported> {
    let mut out = Vec::new();
    for (i, gw) in input.topology.gateways.iter().enumerate() {
        let id = GatewayId(i as u32);
        let dir = file_component(&gw.name);
        let (path, contents) = match target {
            Target::Swanctl => (format!("gateways/{dir}/swanctl.conf"), swanctl(input, id)?),
            Target::Nftables => (
                format!("gateways/{dir}/cordon.nft"),
                nftables(input, id, input.gateway_stack),
            ),
            Target::Netsh | Target::Powershell => continue,
        };
        out.push(Artifact {
            path,
            owner: gw.name.clone(),
            target,
            contents,
        });
    }
    Ok(out)
}

/// `local` and `remote` traffic selectors of a child, seen from one end of the tunnel.
fn ends(
    source: &AddrSet,
    destination: &AddrSet,
    child: &TunnelChild,
    opener_side: bool,
) -> (String, String) {
    let opener = super::swanctl::selectors(source, child.protocol, &PortSet::any());
    let acceptor = super::swanctl::selectors(destination, child.protocol, &child.ports);
    if opener_side {
        (opener, acceptor)
    } else {
        (acceptor, opener)
    }
}

/// The addresses a child's selector names on one side. The kernel's IPsec takes the
/// flow's own hosts. strongSwan's kernel-libipsec routes a tunnel's traffic into its TUN
/// device only when the gateway owns an address inside the local selector, so for it
/// the selector widens to the gateway's own subnets that hold those hosts (protocol and
/// ports stay; the gateway's forward chain keeps the per-host precision).
fn side(
    input: &Input<'_>,
    set: &AddrSet,
    gateway: GatewayId,
    what: &str,
) -> Result<AddrSet, Unsupported> {
    if input.gateway_stack == GatewayStack::Xfrm {
        return Ok(set.clone());
    }
    let gw = input.topology.gateway(gateway);
    let zone = input.topology.zone(gw.zone);
    let own: Vec<ipnet::IpNet> = zone
        .subnets
        .iter()
        .copied()
        .filter(|n| set.prefixes().iter().any(|p| n.contains(p)))
        .collect();
    let widened = AddrSet::from_prefixes(own);
    if widened.is_empty() || !set.is_subset(&widened) || !widened.contains(gw.inside) {
        return Err(unsupported(format!(
            "with --gateway-stack libipsec, {what} ({set}) must lie in a subnet of zone `{}` that also holds gateway `{}`'s inside address {}; use the xfrm stack or move the gateway",
            zone.name, gw.name, gw.inside
        )));
    }
    Ok(widened)
}

/// The swanctl.conf of one site gateway, as [`render`] writes it. What `drift` holds a
/// gateway's deployed swanctl.conf against.
pub fn swanctl_of(input: &Input<'_>, id: GatewayId) -> Result<String, Unsupported> {
    swanctl(input, id)
}

fn swanctl(input: &Input<'_>, id: GatewayId) -> Result<String, Unsupported> {
    let t = input.topology;
    let gw = t.gateway(id);
    let cas: Vec<String> = gw
        .ipsec
        .authentication
        .iter()
        .filter_map(|a| match a {
            AuthMethod::Certificate(ca) => Some(format!("{}.pem", file_component(&t.ca(*ca).name))),
            AuthMethod::Kerberos => None,
        })
        .collect();
    if cas.is_empty() {
        return Err(unsupported(format!(
            "gateway `{}` authenticates only with Kerberos, which strongSwan does not offer for IKE; add a certificate authority to its zone's `authentication`",
            gw.name
        )));
    }
    let ike: Vec<String> = gw
        .ipsec
        .ike_proposals
        .iter()
        .map(ToString::to_string)
        .collect();
    let esp: Vec<String> = gw.ipsec.proposals.iter().map(ToString::to_string).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# cordon: IPsec gateway {} for strongSwan",
        comment(&gw.name)
    );
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# Tunnel mode between gateways; each child carries the flows of one pair of ends."
    );
    let _ = writeln!(
        out,
        "# Put this gateway's certificate in x509/{}.pem, its key in private/, the CA in x509ca/.",
        file_component(&gw.name)
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "connections {{");
    for (tunnel, me) in tunnels_of(input, id) {
        let peer = t.gateway(tunnel.gateways[1 - me]);
        let _ = writeln!(out, "\tcordon-wan-{} {{", file_component(&peer.name));
        let _ = writeln!(out, "\t\tversion = 2");
        let _ = writeln!(out, "\t\tlocal_addrs = {}", gw.wan);
        let _ = writeln!(out, "\t\tremote_addrs = {}", peer.wan);
        let _ = writeln!(out, "\t\tproposals = {}", ike.join(", "));
        let _ = writeln!(out, "\t\tlocal {{");
        let _ = writeln!(out, "\t\t\tauth = pubkey");
        let _ = writeln!(out, "\t\t\tcerts = {}.pem", file_component(&gw.name));
        let _ = writeln!(out, "\t\t}}");
        let _ = writeln!(out, "\t\tremote {{");
        let _ = writeln!(out, "\t\t\tauth = pubkey");
        let _ = writeln!(out, "\t\t\tcacerts = {}", cas.join(", "));
        let _ = writeln!(out, "\t\t\tid = \"CN={}\"", file_component(&peer.name));
        let _ = writeln!(out, "\t\t}}");
        let _ = writeln!(out, "\t\tchildren {{");
        for child in &tunnel.children {
            let opener_side = traffic::endpoint_site(t, child.from) == Some(gw.site);
            // The gateway on the opener's side, and the other.
            let (opener_gw, acceptor_gw) = if opener_side {
                (id, tunnel.gateways[1 - me])
            } else {
                (tunnel.gateways[1 - me], id)
            };
            let source = side(input, &child.source, opener_gw, "the opening end")?;
            let destination = side(input, &child.destination, acceptor_gw, "the accepting end")?;
            let (local, remote) = ends(&source, &destination, child, opener_side);
            let ids: Vec<String> = child
                .flows
                .iter()
                .filter_map(|f| input.traffic.flows.get(f.0 as usize))
                .map(|f| input.traffic.flow_id(t, f))
                .collect();
            let _ = writeln!(out, "\t\t\t# {}", comment(&ids.join(", ")));
            let _ = writeln!(out, "\t\t\t{} {{", child.name);
            let _ = writeln!(out, "\t\t\t\tlocal_ts = {local}");
            let _ = writeln!(out, "\t\t\t\tremote_ts = {remote}");
            let _ = writeln!(out, "\t\t\t\tmode = tunnel");
            let _ = writeln!(out, "\t\t\t\tesp_proposals = {}", esp.join(", "));
            let _ = writeln!(out, "\t\t\t\tstart_action = trap");
            let _ = writeln!(out, "\t\t\t}}");
        }
        let _ = writeln!(out, "\t\t}}");
        let _ = writeln!(out, "\t}}");
    }
    let _ = writeln!(out, "}}");
    Ok(out)
}

/// A set's addresses of one family as an nft expression (the whole family as its /0).
fn nft_addrs(set: &AddrSet, v6: bool) -> Option<String> {
    super::nftables::family_set(set, v6)
        .map(|e| e.unwrap_or_else(|| if v6 { "::/0" } else { "0.0.0.0/0" }.to_string()))
}

/// Which way a packet crosses the tunnel at this gateway.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// From the site into the tunnel, toward the WAN.
    Out,
    /// Out of the tunnel, into the site.
    In,
}

/// Which packets of a child's connections a match describes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Request {
    /// From the opening end to the accepting end (the child's ports are destinations).
    Opening,
    /// The replies (the child's ports are sources).
    Reply,
}

/// The match that says a packet does (`through`) or does not pass through IPsec, by
/// the stack's own sign: the kernel's IPsec attaches a transform to the route of a packet
/// it will encrypt (`rt ipsec`, the kernel's `skb->dst->xfrm`) and a secpath to one it
/// decrypted; kernel-libipsec routes both through its TUN device.
fn ipsec_match(stack: GatewayStack, way: Way, through: bool) -> String {
    match (stack, way) {
        (GatewayStack::Xfrm, Way::Out) => {
            format!("rt ipsec {}", if through { "exists" } else { "missing" })
        }
        (GatewayStack::Xfrm, Way::In) => {
            format!(
                "meta secpath {}",
                if through { "exists" } else { "missing" }
            )
        }
        (GatewayStack::Libipsec, Way::Out) => {
            format!(
                "oifname {}\"{LIBIPSEC_DEVICE}\"",
                if through { "" } else { "!= " }
            )
        }
        (GatewayStack::Libipsec, Way::In) => {
            format!(
                "iifname {}\"{LIBIPSEC_DEVICE}\"",
                if through { "" } else { "!= " }
            )
        }
    }
}

/// The address, protocol and port matches of one direction of a child's traffic, one per
/// address family that has both ends (each ends with a space).
fn child_matches(child: &TunnelChild, request: Request) -> Vec<String> {
    let mut lines = Vec::new();
    for v6 in [false, true] {
        let (Some(opener), Some(acceptor)) = (
            nft_addrs(&child.source, v6),
            nft_addrs(&child.destination, v6),
        ) else {
            continue;
        };
        let f = if v6 { "ip6" } else { "ip" };
        let (src, dst, field) = match request {
            Request::Opening => (opener, acceptor, PortField::Destination),
            Request::Reply => (acceptor, opener, PortField::Source),
        };
        lines.push(format!(
            "{f} saddr {src} {f} daddr {dst} {}",
            super::nftables::protocol_match(child.protocol, &child.ports, v6, field)
        ));
    }
    lines
}

/// The rules above the conntrack accept that make the gateway fail closed: every packet
/// of a tunnelled flow, request or reply, that would cross the WAN without IPsec is
/// dropped, even on an established connection. When charon stops (its policies, routes
/// or TUN device gone) or dies, the flows stop instead of going out in the clear, and a
/// packet in the clear from the WAN that claims to belong to them is not let in.
fn fail_closed(input: &Input<'_>, id: GatewayId, stack: GatewayStack) -> Vec<String> {
    let t = input.topology;
    let gw = t.gateway(id);
    let mut lines = Vec::new();
    for (tunnel, _) in tunnels_of(input, id) {
        for child in &tunnel.children {
            let opener_here = traffic::endpoint_site(t, child.from) == Some(gw.site);
            lines.push(format!(
                "# {} fails closed: never across the WAN without IPsec",
                child.name
            ));
            for request in [Request::Opening, Request::Reply] {
                let way = if (request == Request::Opening) == opener_here {
                    Way::Out
                } else {
                    Way::In
                };
                let not_through = ipsec_match(stack, way, false);
                for m in child_matches(child, request) {
                    lines.push(format!(
                        "{not_through} {m}drop comment \"{} fail closed\"",
                        child.name
                    ));
                }
            }
        }
    }
    lines
}

fn nftables(input: &Input<'_>, id: GatewayId, stack: GatewayStack) -> String {
    let t = input.topology;
    let gw = t.gateway(id);
    let fam = |a: std::net::IpAddr| if a.is_ipv4() { "ip" } else { "ip6" };
    let mut out = String::new();
    let _ = writeln!(out, "#!/usr/sbin/nft -f");
    let _ = writeln!(out, "# cordon: IPsec gateway {}", comment(&gw.name));
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# IPsec stack: {}",
        match stack {
            GatewayStack::Xfrm => "kernel (xfrm): decrypted packets carry a secpath",
            GatewayStack::Libipsec =>
                "strongSwan kernel-libipsec: decrypted packets arrive on ipsec0",
        }
    );
    let _ = writeln!(out);
    super::nftables::replace_table(&mut out, "cordon_gateway");
    super::nftables::chain_head(&mut out, "input", &[]);
    let _ = writeln!(out, "\t\tiif \"lo\" accept");
    let peers: Vec<std::net::IpAddr> = tunnels_of(input, id)
        .iter()
        .map(|(tn, me)| t.gateway(tn.gateways[1 - me]).wan)
        .collect();
    for peer in &peers {
        let f = fam(*peer);
        let _ = writeln!(out, "\t\t# IKE, NAT-T and ESP from the peer gateway");
        let _ = writeln!(out, "\t\t{f} saddr {peer} udp dport {{ 500, 4500 }} accept");
        let _ = writeln!(out, "\t\t{f} saddr {peer} meta l4proto esp accept");
    }
    let _ = writeln!(out, "\t\tmeta l4proto {{ icmp, ipv6-icmp }} accept");
    let _ = writeln!(out, "\t}}");
    super::nftables::chain_head(&mut out, "forward", &fail_closed(input, id, stack));
    for (tunnel, _) in tunnels_of(input, id) {
        for child in &tunnel.children {
            let opener_here = traffic::endpoint_site(t, child.from) == Some(gw.site);
            let _ = writeln!(
                out,
                "\t\t# {} {}: {} -> {}",
                child.name,
                if opener_here {
                    "out through the tunnel"
                } else {
                    "in from the tunnel"
                },
                comment(traffic::endpoint_name(t, child.from)),
                comment(traffic::endpoint_name(t, child.to))
            );
            let through = if opener_here {
                ipsec_match(stack, Way::Out, true)
            } else {
                ipsec_match(stack, Way::In, true)
            };
            for line in child_matches(child, Request::Opening) {
                let _ = writeln!(out, "\t\t{through} {line}accept comment \"{}\"", child.name);
            }
        }
    }
    let _ = writeln!(out, "\t}}");
    let _ = writeln!(out, "}}");
    out
}
