//! `cordon lab FILE`: proves the emitted gateway policy on a real IKE stack, on the wire.
//!
//! For the first WAN link whose tunnel carries flows, it builds four network namespaces
//! (each site's hosts, each gateway) joined by veth pairs with the topology's addresses,
//! creates a test CA and the gateways' certificates with strongSwan's `pki`, starts
//! charon in each gateway (a private /run per gateway) on the chosen stack, loads the
//! emitted `swanctl.conf` and `cordon.nft` unchanged, and while tcpdump records the WAN
//! link: with kernel-libipsec brings the children up and opens a real connection for
//! every port of every child; with the kernel's xfrm (no ESP transform on this machine)
//! checks that every child's trap holds its flow. Then a port no flow needs must be
//! dropped, and with one charon stopped cleanly and the other killed every child must
//! fail closed. The capture is audited: every conversation on the WAN must be IKE or ESP
//! between the two gateways.
//!
//! Everything it creates is torn down when the run ends, whatever happened. Linux and
//! root only; it needs `ip`, `nsenter`, `unshare`, `pki`, `swanctl`, charon, `nft`, and
//! `tcpdump`. Connections are made by this same executable (`cordon __lab-probe`) run
//! inside the namespaces.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{
    Connection, IpsecStack, LabError, Resources, TestCa, audit_capture, collect_strongswan_state,
    describe, ip, load_conf, probe, run, start_capture, start_charon, stop_capture, sysctl,
    truncate, write, write_checks,
};
use crate::audit::{Seen, Verdict};
use crate::emit::gateway::{GatewayStack, LIBIPSEC_DEVICE};
use crate::emit::{self, quote::file_component};
use crate::net::Protocol;
use crate::policy::Policy;
use crate::policy::tunnel::TunnelChild;
use crate::topology::{AuthMethod, GatewayId, Topology};
use crate::traffic::{self, Endpoint, TrafficMap};

/// One connection attempt.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The tunnel child and the flows it carries.
    pub what: String,
    /// `tcp/445`, `udp/135`.
    pub service: String,
    /// Source and destination addresses.
    pub from: IpAddr,
    /// Destination address.
    pub to: IpAddr,
    /// Whether the connection should succeed.
    pub expected: bool,
    /// Whether it did.
    pub succeeded: bool,
    /// What happened.
    pub detail: String,
}

impl Probe {
    /// Whether the outcome is the expected one.
    pub fn passed(&self) -> bool {
        self.expected == self.succeeded
    }
}

/// A rewrite of a gateway's emitted nftables ruleset: `(gateway, text) -> text`.
pub type NftEdit<'a> = &'a dyn Fn(&str, &str) -> String;

/// What to run, and the mistake to seed (for the tests that show the lab catches it).
pub struct GatewayLabOptions<'a> {
    /// The gateways' IPsec stack. kernel-libipsec carries the tunnel here; the kernel's
    /// own (xfrm) installs its policies, but this machine's kernel has no ESP transform,
    /// so its traps hold the tunnelled flows instead of carrying them.
    pub stack: GatewayStack,
    /// Rewrites a gateway's nftables ruleset before it is loaded.
    pub edit_nft: Option<NftEdit<'a>>,
    /// Write both gateways' deployed state into this folder — the kernel's policies as
    /// `ip xfrm policy` prints them (`<gateway>.xfrm`), the ruleset as `nft -j list
    /// ruleset` lists it (`<gateway>.json`) and the swanctl.conf charon loaded
    /// (`<gateway>.swanctl.conf`), what `cordon drift` reads — then stop before the
    /// packets.
    pub collect_state: Option<PathBuf>,
}

impl Default for GatewayLabOptions<'_> {
    fn default() -> Self {
        GatewayLabOptions {
            stack: GatewayStack::Libipsec,
            edit_nft: None,
            collect_state: None,
        }
    }
}

/// What the lab found.
#[derive(Clone, Debug, Default)]
pub struct LabReport {
    /// The gateways of the link tested.
    pub gateways: [String; 2],
    /// The IPsec stack they ran.
    pub stack: GatewayStack,
    /// Every connection attempt, positive cases first.
    pub probes: Vec<Probe>,
    /// The WAN capture's conversations: (description, verdict, seen, packets).
    pub wan: Vec<(String, Verdict, Seen, u64)>,
    /// Named checks: (check, passed, detail).
    pub checks: Vec<(String, bool, String)>,
}

impl LabReport {
    /// Whether every probe and check passed.
    pub fn passed(&self) -> bool {
        self.probes.iter().all(Probe::passed) && self.checks.iter().all(|c| c.1)
    }

    /// The table a person reads.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "cordon lab: tunnel {} <-> {} ({})",
            self.gateways[0],
            self.gateways[1],
            match self.stack {
                GatewayStack::Xfrm => "the kernel's IPsec: xfrm policies, no ESP transform here",
                GatewayStack::Libipsec => "strongSwan kernel-libipsec",
            }
        );
        let wan = self
            .wan
            .iter()
            .map(|(d, v, s, n)| format!("\n  {d}: {} ({}, {n} packets)", s.code(), v.code()))
            .collect::<String>();
        // Tunnelled traffic is inside the ESP conversation between the gateways; the
        // capture has nothing else unless something went out in the clear.
        let carried = self
            .wan
            .iter()
            .find(|(_, _, s, _)| matches!(s, Seen::Esp | Seen::EspInUdp))
            .map_or("not seen", |(_, _, s, _)| s.code());
        let clear = self
            .wan
            .iter()
            .any(|(_, _, s, _)| matches!(s, Seen::Plaintext | Seen::AuthenticatedOnly));
        let _ = writeln!(
            out,
            "\n{:<60} {:<10} {:<34} {:<10} seen on the WAN as",
            "flow", "service", "from -> to", "result"
        );
        for p in &self.probes {
            let _ = writeln!(
                out,
                "{:<60} {:<10} {:<34} {:<10} {}{}",
                truncate(&p.what, 60),
                p.service,
                format!("{} -> {}", p.from, p.to),
                if p.succeeded { "connected" } else { "failed" },
                match (p.succeeded, clear) {
                    (true, false) => carried,
                    (_, true) => "see the WAN below: something went in the clear",
                    (false, false) => "nothing in the clear",
                },
                if p.passed() { "" } else { "  <-- UNEXPECTED" }
            );
        }
        let _ = writeln!(out, "\nseen on the WAN: {wan}");
        let _ = writeln!(out);
        write_checks(&mut out, &self.checks);
        let _ = writeln!(
            out,
            "\n{}",
            if self.passed() {
                "lab passed"
            } else {
                "lab FAILED"
            }
        );
        out
    }
}

struct Gw {
    id: GatewayId,
    ns: String,
    site_ns: String,
    dir: PathBuf,
    charon: Option<u32>,
}

/// The addresses of an endpoint in the lab (IPv4 only: the lab's links are IPv4).
fn lab_addresses(topo: &Topology, e: Endpoint) -> Vec<IpAddr> {
    match e {
        Endpoint::Host(h) => topo
            .host(h)
            .addresses
            .iter()
            .copied()
            .filter(IpAddr::is_ipv4)
            .collect(),
        _ => traffic::representative_addr(topo, e)
            .filter(IpAddr::is_ipv4)
            .into_iter()
            .collect(),
    }
}

fn prefix_len(topo: &Topology, g: GatewayId, a: IpAddr) -> u8 {
    let zone = topo.zone(topo.gateway(g).zone);
    zone.subnets
        .iter()
        .find(|n| n.contains(&a))
        .map_or(32, ipnet::IpNet::prefix_len)
}

/// The context every phase of the gateway lab works in.
struct GatewayLab<'a> {
    topo: &'a Topology,
    map: &'a TrafficMap,
    tunnel: &'a crate::policy::tunnel::Tunnel,
    exe: &'a Path,
    stack: GatewayStack,
    gws: Vec<Gw>,
    sites: Vec<crate::topology::SiteId>,
    res: Resources,
    report: LabReport,
}

/// Runs the lab on the first WAN link that carries flows. `exe` is this executable (it
/// runs the probes inside the namespaces); `log` hears progress.
pub fn run_lab(
    topo: &Topology,
    map: &TrafficMap,
    policy: &Policy,
    exe: &Path,
    options: &GatewayLabOptions<'_>,
    log: &mut dyn FnMut(&str),
) -> Result<LabReport, LabError> {
    let Some(tunnel) = policy.tunnels.iter().find(|t| !t.children.is_empty()) else {
        return Err(LabError::Nothing(
            "no WAN link carries a flow: add [[gateway]] tables and a [[wan_link]] between two sites whose hosts talk".into(),
        ));
    };
    let work = tempfile::tempdir().map_err(|e| LabError::Command {
        command: "mkdtemp".into(),
        detail: e.to_string(),
    })?;
    let mut lab = GatewayLab::prepare(topo, map, policy, tunnel, exe, options, work.path())?;
    log(&format!(
        "building the namespaces {} and links",
        lab.gws
            .iter()
            .flat_map(|g| [g.ns.as_str(), g.site_ns.as_str()])
            .collect::<Vec<_>>()
            .join(", ")
    ));
    lab.build_network()?;
    log("creating the test CA and the gateway certificates");
    lab.certificates(work.path())?;
    lab.start_gateways(log)?;
    if let Some(dir) = &options.collect_state {
        log(&format!(
            "writing each gateway's state into {}",
            dir.display()
        ));
        lab.collect_state(dir)?;
        let GatewayLab { res, report, .. } = lab;
        drop(res);
        return Ok(report);
    }
    let pcap = work.path().join("wan.pcap");
    let tcpdump = start_capture(&lab.gws[0].ns, "wan0", &pcap, &mut lab.res)?;
    match lab.stack {
        GatewayStack::Libipsec => {
            lab.bring_up_children();
            log("opening a connection for every tunnelled flow");
            lab.probe_flows()?;
        }
        GatewayStack::Xfrm => {
            log("sending every tunnelled flow into the kernel's traps");
            lab.held_by_traps()?;
        }
    }
    lab.unneeded_port()?;
    log("stopping one charon cleanly and killing the other");
    lab.fail_closed()?;
    stop_capture(tcpdump);
    lab.audit_wan(&pcap)?;
    let GatewayLab { res, report, .. } = lab;
    drop(res);
    Ok(report)
}

impl<'a> GatewayLab<'a> {
    /// The emitted files of the two gateways, written to their directories.
    fn prepare(
        topo: &'a Topology,
        map: &'a TrafficMap,
        policy: &'a Policy,
        tunnel: &'a crate::policy::tunnel::Tunnel,
        exe: &'a Path,
        options: &GatewayLabOptions<'_>,
        work: &Path,
    ) -> Result<Self, LabError> {
        let input = emit::Input {
            topology: topo,
            traffic: map,
            policy,
            source: &topo.name,
            gateway_stack: options.stack,
        };
        // Only the gateways' files: the hosts' are the host lab's.
        let mut artifacts = emit::gateway::render(&input, emit::Target::Swanctl)
            .map_err(|e| LabError::Emit(e.to_string()))?;
        artifacts.extend(
            emit::gateway::render(&input, emit::Target::Nftables)
                .map_err(|e| LabError::Emit(e.to_string()))?,
        );
        let tag = super::namespace_tag('g');
        let mut gws: Vec<Gw> = Vec::new();
        for (i, id) in tunnel.gateways.iter().enumerate() {
            let name = file_component(&topo.gateway(*id).name);
            let dir = work.join(&name);
            for sub in ["x509", "x509ca", "private"] {
                std::fs::create_dir_all(dir.join(sub)).map_err(|e| LabError::Command {
                    command: "mkdir".into(),
                    detail: e.to_string(),
                })?;
            }
            for a in &artifacts {
                if a.path == format!("gateways/{name}/swanctl.conf") {
                    write(&dir.join("swanctl.conf"), &a.contents)?;
                } else if a.path == format!("gateways/{name}/cordon.nft") {
                    let text = match options.edit_nft {
                        Some(edit) => edit(&topo.gateway(*id).name, &a.contents),
                        None => a.contents.clone(),
                    };
                    write(&dir.join("cordon.nft"), &text)?;
                }
            }
            gws.push(Gw {
                id: *id,
                ns: format!("{tag}-g{i}"),
                site_ns: format!("{tag}-s{i}"),
                dir,
                charon: None,
            });
        }
        let sites = gws.iter().map(|g| topo.gateway(g.id).site).collect();
        let report = LabReport {
            gateways: [
                topo.gateway(gws[0].id).name.clone(),
                topo.gateway(gws[1].id).name.clone(),
            ],
            stack: options.stack,
            ..LabReport::default()
        };
        Ok(GatewayLab {
            topo,
            map,
            tunnel,
            exe,
            stack: options.stack,
            gws,
            sites,
            res: Resources {
                namespaces: Vec::new(),
                processes: Vec::new(),
            },
            report,
        })
    }

    /// Which side of the tunnel an endpoint's site is on.
    fn site_of(&self, e: Endpoint) -> Option<usize> {
        let s = traffic::endpoint_site(self.topo, e)?;
        self.sites.iter().position(|x| *x == s)
    }

    /// Namespaces, links, addresses, routes: each site behind its gateway, the gateways
    /// joined by the WAN.
    fn build_network(&mut self) -> Result<(), LabError> {
        let topo = self.topo;
        for g in &self.gws {
            for ns in [&g.ns, &g.site_ns] {
                ip(&["netns", "add", ns])?;
                self.res.namespaces.push(ns.clone());
                ip(&["-n", ns, "link", "set", "lo", "up"])?;
            }
        }
        for (i, g) in self.gws.iter().enumerate() {
            let (inside, site_if) = (format!("gw{i}in"), format!("site{i}"));
            ip(&[
                "link", "add", &site_if, "netns", &g.site_ns, "type", "veth", "peer", "name",
                &inside, "netns", &g.ns,
            ])?;
            let a = topo.gateway(g.id).inside;
            ip(&[
                "-n",
                &g.ns,
                "addr",
                "add",
                &format!("{a}/{}", prefix_len(topo, g.id, a)),
                "dev",
                &inside,
            ])?;
            ip(&["-n", &g.ns, "link", "set", &inside, "up"])?;
            let mut addrs: Vec<IpAddr> = Vec::new();
            for c in &self.tunnel.children {
                for e in [c.from, c.to] {
                    if self.site_of(e) == Some(i) {
                        addrs.extend(lab_addresses(topo, e));
                    }
                }
            }
            addrs.sort();
            addrs.dedup();
            for a in &addrs {
                ip(&[
                    "-n",
                    &g.site_ns,
                    "addr",
                    "add",
                    &format!("{a}/{}", prefix_len(topo, g.id, *a)),
                    "dev",
                    &site_if,
                ])?;
            }
            ip(&["-n", &g.site_ns, "link", "set", &site_if, "up"])?;
            ip(&[
                "-n",
                &g.site_ns,
                "route",
                "add",
                "default",
                "via",
                &a.to_string(),
            ])?;
            sysctl(&g.ns, "net.ipv4.ip_forward=1")?;
        }
        ip(&[
            "link",
            "add",
            "wan0",
            "netns",
            &self.gws[0].ns,
            "type",
            "veth",
            "peer",
            "name",
            "wan1",
            "netns",
            &self.gws[1].ns,
        ])?;
        for (i, g) in self.gws.iter().enumerate() {
            let (me, peer) = (topo.gateway(g.id).wan, topo.gateway(self.gws[1 - i].id).wan);
            let dev = format!("wan{i}");
            // The lab's links are IPv4: no IPv6 link-local chatter on the WAN capture.
            for d in [dev.as_str(), "all", "default"] {
                sysctl(&g.ns, &format!("net.ipv6.conf.{d}.disable_ipv6=1"))?;
            }
            ip(&[
                "-n",
                &g.ns,
                "addr",
                "add",
                &me.to_string(),
                "peer",
                &peer.to_string(),
                "dev",
                &dev,
            ])?;
            ip(&["-n", &g.ns, "link", "set", &dev, "up"])?;
            // The far site is reachable across the WAN without the tunnel, as on a
            // private WAN or with a default route: only IPsec and the forward chain keep
            // its flows from crossing in the clear.
            ip(&[
                "-n",
                &g.ns,
                "route",
                "add",
                "default",
                "via",
                &peer.to_string(),
                "dev",
                &dev,
            ])?;
        }
        Ok(())
    }

    /// A test CA dedicated to the lab, installed under every CA name the gateways' files
    /// use, and each gateway's certificate.
    fn certificates(&self, work: &Path) -> Result<(), LabError> {
        let ca = TestCa::new(work, "cordon lab CA")?;
        for g in &self.gws {
            let gw = self.topo.gateway(g.id);
            let name = file_component(&gw.name);
            for a in &gw.ipsec.authentication {
                if let AuthMethod::Certificate(c) = a {
                    write(
                        &g.dir
                            .join("x509ca")
                            .join(format!("{}.pem", file_component(&self.topo.ca(*c).name))),
                        &ca.pem,
                    )?;
                }
            }
            ca.issue(&g.dir, &name, &name)?;
        }
        Ok(())
    }

    /// charon (on the lab's stack) in each gateway, the emitted files loaded unchanged.
    fn start_gateways(&mut self, log: &mut dyn FnMut(&str)) -> Result<(), LabError> {
        let stack = match self.stack {
            GatewayStack::Libipsec => IpsecStack::Libipsec,
            GatewayStack::Xfrm => IpsecStack::Netlink,
        };
        for g in &mut self.gws {
            log(&format!("starting charon in {}", g.ns));
            let pid = start_charon(&g.ns, &g.dir, stack, &mut self.res)?;
            g.charon = Some(pid);
            load_conf(pid, &g.dir.join("swanctl.conf"))?;
            run(Command::new("ip")
                .args(["netns", "exec", &g.ns, "nft", "-f"])
                .arg(g.dir.join("cordon.nft")))?;
        }
        Ok(())
    }

    /// Each gateway's state as a person collects it on a production gateway.
    fn collect_state(&mut self, dir: &Path) -> Result<(), LabError> {
        for g in &self.gws {
            let file = file_component(&self.topo.gateway(g.id).name);
            collect_strongswan_state(dir, &file, &g.ns, &g.dir)?;
            let ruleset =
                run(Command::new("ip")
                    .args(["netns", "exec", &g.ns, "nft", "-j", "list", "ruleset"]))?;
            write(&dir.join(format!("{file}.json")), &ruleset)?;
        }
        self.report.checks.push((
            "state collected".into(),
            true,
            format!("{} gateways into {}", self.gws.len(), dir.display()),
        ));
        Ok(())
    }

    /// The tunnel's children up (kernel-libipsec does not start them from a trap).
    fn bring_up_children(&mut self) {
        let pid0 = self.gws[0].charon.unwrap_or(0).to_string();
        let mut up = 0;
        for c in &self.tunnel.children {
            let out = Command::new("nsenter")
                .args([
                    "-t",
                    &pid0,
                    "-m",
                    "-n",
                    "swanctl",
                    "--initiate",
                    "--timeout",
                    "15",
                    "--child",
                    &c.name,
                ])
                .output();
            if out.is_ok_and(|o| o.status.success()) {
                up += 1;
            }
        }
        self.report.checks.push((
            "children established".into(),
            up == self.tunnel.children.len(),
            format!("{up} of {} CHILD_SAs", self.tunnel.children.len()),
        ));
    }

    /// One connection from a child's opening end to its accepting end, from `src_port`
    /// (0: any).
    fn attempt(
        &self,
        c: &TunnelChild,
        (protocol, port, src_port): (Protocol, u16, u16),
        what: String,
        expected: bool,
    ) -> Result<Option<Probe>, LabError> {
        let (Some(fs), Some(ts), Some(src), Some(dst)) = (
            self.site_of(c.from),
            self.site_of(c.to),
            lab_addresses(self.topo, c.from).first().copied(),
            lab_addresses(self.topo, c.to).first().copied(),
        ) else {
            return Ok(None);
        };
        let (succeeded, detail) = probe(
            self.exe,
            &self.gws[fs].site_ns,
            &self.gws[ts].site_ns,
            &Connection {
                protocol,
                src,
                src_port,
                dst,
                port,
                // A connection that must fail only has to fail long enough to show that
                // nothing carried it.
                timeout: Duration::from_secs(if expected { 4 } else { 2 }),
            },
        )?;
        Ok(Some(Probe {
            what,
            service: format!("{protocol}/{port}"),
            from: src,
            to: dst,
            expected,
            succeeded,
            detail,
        }))
    }

    /// A real connection per port of every child.
    fn probe_flows(&mut self) -> Result<(), LabError> {
        for c in &self.tunnel.children {
            for (port, ids) in services(self.topo, self.map, c) {
                let what = format!("{} {}", c.name, ids.join(", "));
                let p = self.attempt(c, (c.protocol, port, 0), what, true)?;
                self.report.probes.extend(p);
            }
        }
        Ok(())
    }

    /// A port no flow needs is dropped.
    fn unneeded_port(&mut self) -> Result<(), LabError> {
        let Some(c) = self
            .tunnel
            .children
            .iter()
            .find(|c| c.protocol == Protocol::Tcp)
        else {
            return Ok(());
        };
        let needed = |port: u16| {
            self.map
                .flows
                .iter()
                .any(|f| f.protocol == Protocol::Tcp && self.map.ports(f).contains(port))
        };
        let port = [9u16, 7, 13, 19, 37]
            .into_iter()
            .find(|p| !needed(*p))
            .unwrap_or(9);
        let p = self.attempt(
            c,
            (Protocol::Tcp, port, 0),
            "a port no flow needs".into(),
            false,
        )?;
        self.report.probes.extend(p);
        Ok(())
    }

    /// The first port of a child, and a fixed source port for UDP: the probe before
    /// charon stops and the one after share a connection-tracking entry, so the second
    /// is a packet of an established connection.
    fn first_service(c: &TunnelChild, n: usize) -> Option<(Protocol, u16, u16)> {
        let port = c.ports.ranges().first()?.start();
        let src_port = if c.protocol == Protocol::Udp {
            40_000 + n as u16
        } else {
            0
        };
        Some((c.protocol, port, src_port))
    }

    /// With the kernel's IPsec and no ESP transform, no CHILD_SA can be installed: every
    /// tunnelled flow must be held by its trap policy (charon negotiates IKE), none may
    /// connect, and none may reach the WAN in the clear.
    fn held_by_traps(&mut self) -> Result<(), LabError> {
        for (n, c) in self.tunnel.children.iter().enumerate() {
            let Some(service) = Self::first_service(c, n) else {
                continue;
            };
            let what = format!("{} held by its trap while charon negotiates", c.name);
            let p = self.attempt(c, service, what, false)?;
            self.report.probes.extend(p);
        }
        self.report.checks.push((
            "trap policies in the kernel".into(),
            self.gws.iter().all(|g| xfrm_policies(&g.ns) > 0),
            self.gws
                .iter()
                .map(|g| format!("{}: {}", g.ns, xfrm_policies(&g.ns)))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        Ok(())
    }

    /// Fails closed on both stacks: the first gateway's charon is stopped cleanly (it
    /// removes its policies, routes and TUN device), the second's is killed (it removes
    /// nothing). Then a packet of every child, from its opening end, through the gateway
    /// whose charon is gone: none may connect and none may cross the WAN in the clear
    /// (the audit of the capture says). A UDP child first gets an answered packet, so
    /// the second one belongs to an established connection.
    fn fail_closed(&mut self) -> Result<(), LabError> {
        if self.stack == GatewayStack::Libipsec {
            for (n, c) in self.tunnel.children.iter().enumerate() {
                if let Some(service) = Self::first_service(c, n).filter(|s| s.2 != 0) {
                    let what = format!("{} before charon stops", c.name);
                    let p = self.attempt(c, service, what, true)?;
                    self.report.probes.extend(p);
                }
            }
        }
        for (g, signal) in self.gws.iter().zip(["TERM", "KILL"]) {
            if let Some(pid) = g.charon {
                let _ = Command::new("kill")
                    .args([&format!("-{signal}"), &pid.to_string()])
                    .status();
                wait_exit(pid);
            }
        }
        let states = ["stopped", "killed"];
        for (i, g) in self.gws.iter().enumerate() {
            let left = || (xfrm_policies(&g.ns), has_link(&g.ns, LIBIPSEC_DEVICE));
            let (expected, settled): (&str, &dyn Fn((usize, bool)) -> bool) = match (self.stack, i)
            {
                (GatewayStack::Xfrm, 0) => ("its policies removed", &|(p, _)| p == 0),
                // The trap policies stay; a DELETE from the peer's clean stop may still be
                // taking those of what the two had negotiated.
                (GatewayStack::Xfrm, _) => ("its policies left in the kernel", &|(p, _)| p > 0),
                (GatewayStack::Libipsec, _) => ("its TUN device gone", &|(_, tun)| !tun),
            };
            // The kernel releases a dead process's TUN device a moment after it exits.
            let start = std::time::Instant::now();
            let mut now = left();
            while !settled(now) && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(100));
                now = left();
            }
            let (ok, (policies, tun)) = (settled(now), now);
            self.report.checks.push((
                format!(
                    "{}'s charon {}: {expected}",
                    self.report.gateways[i], states[i]
                ),
                ok,
                format!("{policies} xfrm policies, {LIBIPSEC_DEVICE} present: {tun}"),
            ));
        }
        for (n, c) in self.tunnel.children.iter().enumerate() {
            let (Some(service), Some(side)) = (Self::first_service(c, n), self.site_of(c.from))
            else {
                continue;
            };
            let what = format!(
                "{} with {}'s charon {}{}",
                c.name,
                self.report.gateways[side],
                states[side],
                if service.2 != 0 {
                    ", established connection"
                } else {
                    ""
                }
            );
            let p = self.attempt(c, service, what, false)?;
            self.report.probes.extend(p);
        }
        Ok(())
    }

    /// The WAN capture, audited: every conversation must be IKE or ESP between the
    /// gateways.
    fn audit_wan(&mut self, pcap: &Path) -> Result<(), LabError> {
        let result = audit_capture(self.topo, self.map, pcap)?;
        let mut clean = true;
        let mut encrypted = 0u64;
        for c in &result.conversations {
            let desc = describe(c);
            // Without an ESP transform the kernel's IPsec never gets past IKE, which the
            // audit rightly calls a failing negotiation; here that is the expected end.
            let negotiated = c.verdict == Verdict::OkEncrypted
                || (self.stack == GatewayStack::Xfrm && c.verdict == Verdict::IkeWithoutEsp);
            let ok = negotiated && matches!(c.seen, Seen::Esp | Seen::EspInUdp | Seen::Ike);
            clean &= ok;
            if matches!(c.seen, Seen::Esp | Seen::EspInUdp) {
                encrypted += c.stats.esp_packets;
            }
            self.report
                .wan
                .push((desc, c.verdict, c.seen, c.stats.total_packets()));
        }
        self.report.checks.push((
            "nothing in the clear on the WAN".into(),
            clean && !result.conversations.is_empty(),
            format!(
                "{} conversations on the WAN, all IKE or ESP between the gateways: {clean}",
                result.conversations.len()
            ),
        ));
        match self.stack {
            GatewayStack::Libipsec => self.report.checks.push((
                "tunnelled traffic seen as ESP".into(),
                encrypted > 0,
                format!("{encrypted} ESP packets between the gateways"),
            )),
            GatewayStack::Xfrm => {
                let ike = result.conversations.iter().any(|c| c.seen == Seen::Ike);
                self.report.checks.push((
                    "the traps made charon negotiate".into(),
                    ike,
                    format!("IKE between the gateways on the WAN: {ike}"),
                ));
            }
        }
        Ok(())
    }
}

/// What to try for a child: the first port of every port range of every flow it carries
/// (so that every flow is tried, even where the child merged its ports with another's),
/// each with the flows it stands for. Protocols without ports are not tried.
fn services(topo: &Topology, map: &TrafficMap, c: &TunnelChild) -> Vec<(u16, Vec<String>)> {
    if !c.protocol.has_ports() {
        return Vec::new();
    }
    let mut by_port: std::collections::BTreeMap<u16, Vec<String>> = Default::default();
    for f in c.flows.iter().filter_map(|f| map.flows.get(f.0 as usize)) {
        for r in map.ports(f).ranges() {
            by_port
                .entry(r.start())
                .or_default()
                .push(map.flow_id(topo, f));
        }
    }
    by_port.into_iter().collect()
}

/// How many xfrm policies a namespace's kernel holds (0 when it cannot be read).
fn xfrm_policies(ns: &str) -> usize {
    Command::new("ip")
        .args(["-n", ns, "xfrm", "policy", "list"])
        .output()
        .map_or(0, |o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter(|l| l.starts_with("src "))
                .count()
        })
}

/// Whether a namespace has a network device of this name.
fn has_link(ns: &str, name: &str) -> bool {
    Command::new("ip")
        .args(["-n", ns, "link", "show", name])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Waits (up to 10 s) until a process has exited: gone, or a zombie its parent has not
/// reaped yet.
fn wait_exit(pid: u32) {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat)
                if !stat
                    .rsplit(')')
                    .next()
                    .is_some_and(|r| r.trim_start().starts_with('Z')) =>
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => return,
        }
    }
}
