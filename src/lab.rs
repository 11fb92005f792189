//! `cordon lab`: proves the emitted gateway policy on a real IKE stack, on the wire.
//!
//! For the first WAN link whose tunnel carries flows, it builds four network namespaces
//! (each site's hosts, each gateway) joined by veth pairs with the topology's addresses,
//! creates a test CA and the gateways' certificates with strongSwan's `pki`, starts
//! charon with the userspace `kernel-libipsec` plugin in each gateway (a private /run
//! per gateway), loads the emitted `swanctl.conf` and `cordon.nft` unchanged, brings the
//! tunnel's children up, opens a real connection for every port of every child while
//! tcpdump records the WAN link, then checks the negative cases (a port no flow needs is
//! dropped; with one charon stopped, traffic fails closed) and audits the capture: every
//! conversation on the WAN must be IKE or ESP between the two gateways.
//!
//! Everything it creates is torn down when the run ends, whatever happened. Linux and
//! root only; it needs `ip`, `nsenter`, `unshare`, `pki`, `swanctl`, charon, `nft`, and
//! `tcpdump`. Connections are made by this same executable (`cordon __lab-probe`) run
//! inside the namespaces.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::audit::{self, Seen, Verdict};
use crate::emit::{self, gateway::GatewayStack, quote::file_component};
use crate::net::Protocol;
use crate::policy::Policy;
use crate::policy::tunnel::TunnelChild;
use crate::topology::{AuthMethod, GatewayId, Topology};
use crate::traffic::{self, Endpoint, TrafficMap};

const CHARON: &str = "/usr/lib/ipsec/charon";

/// Why the lab could not run (as opposed to a check that failed).
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// The topology has nothing to test.
    #[error("{0}")]
    Nothing(String),
    /// A command failed.
    #[error("`{command}` failed: {detail}")]
    Command {
        /// The command line.
        command: String,
        /// Its error output.
        detail: String,
    },
    /// The emitters refused the policy.
    #[error("{0}")]
    Emit(String),
    /// Reading the capture failed.
    #[error("{0}")]
    Capture(String),
}

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

/// What the lab found.
#[derive(Clone, Debug, Default)]
pub struct LabReport {
    /// The gateways of the link tested.
    pub gateways: [String; 2],
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
            "cordon lab: tunnel {} <-> {}",
            self.gateways[0], self.gateways[1]
        );
        let wan = self
            .wan
            .iter()
            .map(|(d, v, s, n)| format!("\n  {d}: {} ({}, {n} packets)", seen_name(*s), v.code()))
            .collect::<String>();
        // Tunnelled traffic is inside the ESP conversation between the gateways; the
        // capture has nothing else unless something went out in the clear.
        let carried = self
            .wan
            .iter()
            .find(|(_, _, s, _)| matches!(s, Seen::Esp | Seen::EspInUdp))
            .map_or("not seen", |(_, _, s, _)| seen_name(*s));
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
                    (_, true) => "see the capture: something went in the clear",
                    (false, false) => "nothing in the clear",
                },
                if p.passed() { "" } else { "  <-- UNEXPECTED" }
            );
        }
        let _ = writeln!(out, "\nseen on the WAN: {wan}");
        let _ = writeln!(out);
        for (name, ok, detail) in &self.checks {
            let _ = writeln!(
                out,
                "[{}] {name}: {detail}",
                if *ok { "pass" } else { "FAIL" }
            );
        }
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

fn seen_name(s: Seen) -> &'static str {
    match s {
        Seen::Plaintext => "plaintext",
        Seen::AuthenticatedOnly => "authenticated-only",
        Seen::Esp => "esp",
        Seen::EspInUdp => "esp-in-udp",
        Seen::Ike => "ike",
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// Runs a command to completion; an error carries its stderr.
/// A fresh ECDSA P-256 private key, PEM.
fn new_key() -> Result<String, LabError> {
    run(Command::new("pki").args([
        "--gen",
        "--type",
        "ecdsa",
        "--size",
        "256",
        "--outform",
        "pem",
    ]))
}

fn run(cmd: &mut Command) -> Result<String, LabError> {
    let out = cmd.output().map_err(|e| LabError::Command {
        command: format!("{cmd:?}"),
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(LabError::Command {
            command: format!("{cmd:?}"),
            // strongSwan's tools list the plugins they could not load; that is noise.
            detail: String::from_utf8_lossy(&out.stderr)
                .lines()
                .filter(|l| !l.starts_with("plugin '"))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ip(args: &[&str]) -> Result<String, LabError> {
    run(Command::new("ip").args(args))
}

/// Everything the lab created, removed on drop.
struct Resources {
    namespaces: Vec<String>,
    processes: Vec<Child>,
}

impl Drop for Resources {
    fn drop(&mut self) {
        for p in &mut self.processes {
            let _ = p.kill();
            let _ = p.wait();
        }
        for ns in &self.namespaces {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
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

/// Runs the lab on the first WAN link that carries flows. `exe` is this executable (it
/// runs the probes inside the namespaces); `log` hears progress.
pub fn run_lab(
    topo: &Topology,
    map: &TrafficMap,
    policy: &Policy,
    exe: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<LabReport, LabError> {
    let Some(tunnel) = policy.tunnels.iter().find(|t| !t.children.is_empty()) else {
        return Err(LabError::Nothing(
            "no WAN link carries a flow: add [[gateway]] tables and a [[wan_link]] between two sites whose hosts talk".into(),
        ));
    };
    let input = emit::Input {
        topology: topo,
        traffic: map,
        policy,
        source: &topo.name,
        gateway_stack: GatewayStack::Libipsec,
    };
    // Only the gateways' files: the hosts' are not part of the lab.
    let mut artifacts = emit::gateway::render(&input, emit::Target::Swanctl)
        .map_err(|e| LabError::Emit(e.to_string()))?;
    artifacts.extend(
        emit::gateway::render(&input, emit::Target::Nftables)
            .map_err(|e| LabError::Emit(e.to_string()))?,
    );
    let work = tempfile::tempdir().map_err(|e| LabError::Command {
        command: "mkdtemp".into(),
        detail: e.to_string(),
    })?;
    let tag = std::process::id() % 100_000;
    let mut res = Resources {
        namespaces: Vec::new(),
        processes: Vec::new(),
    };
    let mut gws: Vec<Gw> = Vec::new();
    for (i, id) in tunnel.gateways.iter().enumerate() {
        let name = file_component(&topo.gateway(*id).name);
        let dir = work.path().join(&name);
        for sub in ["x509", "x509ca", "private"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| LabError::Command {
                command: "mkdir".into(),
                detail: e.to_string(),
            })?;
        }
        for a in &artifacts {
            let file = if a.path == format!("gateways/{name}/swanctl.conf") {
                "swanctl.conf"
            } else if a.path == format!("gateways/{name}/cordon.nft") {
                "cordon.nft"
            } else {
                continue;
            };
            std::fs::write(dir.join(file), &a.contents).map_err(|e| LabError::Command {
                command: "write".into(),
                detail: e.to_string(),
            })?;
        }
        gws.push(Gw {
            id: *id,
            ns: format!("cordon{tag}-g{i}"),
            site_ns: format!("cordon{tag}-s{i}"),
            dir,
            charon: None,
        });
    }
    let gw_wan = |g: &Gw| topo.gateway(g.id).wan;
    let gw_inside = |g: &Gw| topo.gateway(g.id).inside;
    let sites: Vec<crate::topology::SiteId> = gws.iter().map(|g| topo.gateway(g.id).site).collect();
    let site_of = |e: Endpoint| -> Option<usize> {
        let s = traffic::endpoint_site(topo, e)?;
        sites.iter().position(|x| *x == s)
    };

    // 1. Namespaces, links, addresses, routes.
    log("building the namespaces and links");
    for g in &gws {
        for ns in [&g.ns, &g.site_ns] {
            ip(&["netns", "add", ns])?;
            res.namespaces.push(ns.clone());
            ip(&["-n", ns, "link", "set", "lo", "up"])?;
        }
    }
    for (i, g) in gws.iter().enumerate() {
        let (inside, site_if) = (format!("gw{i}in"), format!("site{i}"));
        ip(&[
            "link", "add", &site_if, "netns", &g.site_ns, "type", "veth", "peer", "name", &inside,
            "netns", &g.ns,
        ])?;
        let a = gw_inside(g);
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
        for c in &tunnel.children {
            for e in [c.from, c.to] {
                if site_of(e) == Some(i) {
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
        run(Command::new("ip").args([
            "netns",
            "exec",
            &g.ns,
            "sysctl",
            "-qw",
            "net.ipv4.ip_forward=1",
        ]))?;
    }
    ip(&[
        "link", "add", "wan0", "netns", &gws[0].ns, "type", "veth", "peer", "name", "wan1",
        "netns", &gws[1].ns,
    ])?;
    for (i, g) in gws.iter().enumerate() {
        let (me, peer) = (gw_wan(g), gw_wan(&gws[1 - i]));
        let dev = format!("wan{i}");
        // The lab's links are IPv4: no IPv6 link-local chatter on the WAN capture.
        for d in [dev.as_str(), "all", "default"] {
            run(Command::new("ip").args([
                "netns",
                "exec",
                &g.ns,
                "sysctl",
                "-qw",
                &format!("net.ipv6.conf.{d}.disable_ipv6=1"),
            ]))?;
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
    }

    // 2. A test CA dedicated to the lab, and the gateways' certificates.
    log("creating the test CA and the gateway certificates");
    let ca_key = work.path().join("ca.key");
    let ca_pem = work.path().join("ca.pem");
    let key = new_key()?;
    write(&ca_key, &key)?;
    let ca = run(Command::new("pki")
        .args([
            "--self",
            "--ca",
            "--lifetime",
            "2",
            "--type",
            "ecdsa",
            "--dn",
            "CN=cordon lab CA",
            "--outform",
            "pem",
            "--in",
        ])
        .arg(&ca_key))?;
    write(&ca_pem, &ca)?;
    for g in &gws {
        let gw = topo.gateway(g.id);
        let name = file_component(&gw.name);
        for a in &gw.ipsec.authentication {
            if let AuthMethod::Certificate(c) = a {
                write(
                    &g.dir
                        .join("x509ca")
                        .join(format!("{}.pem", file_component(&topo.ca(*c).name))),
                    &ca,
                )?;
            }
        }
        let key = new_key()?;
        let key_path = g.dir.join("private").join(format!("{name}.key"));
        write(&key_path, &key)?;
        let public = run(Command::new("pki")
            .args(["--pub", "--type", "ecdsa", "--outform", "pem", "--in"])
            .arg(&key_path))?;
        let public_path = g.dir.join("public.pem");
        write(&public_path, &public)?;
        let cert = run(Command::new("pki")
            .args([
                "--issue",
                "--lifetime",
                "2",
                "--type",
                "pub",
                "--outform",
                "pem",
                "--dn",
            ])
            .arg(format!("CN={name}"))
            .arg("--cacert")
            .arg(&ca_pem)
            .arg("--cakey")
            .arg(&ca_key)
            .arg("--in")
            .arg(&public_path))?;
        write(&g.dir.join("x509").join(format!("{name}.pem")), &cert)?;
        write(
            &g.dir.join("strongswan.conf"),
            "charon {\n  load_modular = yes\n  plugins {\n    include /etc/strongswan.d/charon/*.conf\n    kernel-libipsec {\n      load = yes\n    }\n    bypass-lan {\n      load = no\n    }\n  }\n}\n",
        )?;
    }

    // 3. charon in each gateway, the emitted files loaded unchanged.
    for g in &mut gws {
        log(&format!("starting charon in {}", g.ns));
        let logfile =
            std::fs::File::create(g.dir.join("charon.log")).map_err(|e| LabError::Command {
                command: "create charon.log".into(),
                detail: e.to_string(),
            })?;
        let child = Command::new("ip")
            .args([
                "netns",
                "exec",
                &g.ns,
                "unshare",
                "-m",
                "sh",
                "-c",
                &format!("mount -t tmpfs tmpfs /run && exec {CHARON}"),
            ])
            .env("STRONGSWAN_CONF", g.dir.join("strongswan.conf"))
            .stdout(Stdio::null())
            .stderr(logfile)
            .spawn()
            .map_err(|e| LabError::Command {
                command: "charon".into(),
                detail: e.to_string(),
            })?;
        let pid = child.id();
        res.processes.push(child);
        g.charon = Some(pid);
        let start = Instant::now();
        while Command::new("nsenter")
            .args([
                "-t",
                &pid.to_string(),
                "-m",
                "test",
                "-S",
                "/run/charon.vici",
            ])
            .status()
            .map_or(true, |s| !s.success())
        {
            if start.elapsed() > Duration::from_secs(10) {
                return Err(LabError::Command {
                    command: "charon".into(),
                    detail: "its control socket did not appear within 10 s".into(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        run(Command::new("nsenter")
            .args([
                "-t",
                &pid.to_string(),
                "-m",
                "-n",
                "swanctl",
                "--load-all",
                "--file",
            ])
            .arg(g.dir.join("swanctl.conf")))?;
        run(Command::new("ip")
            .args(["netns", "exec", &g.ns, "nft", "-f"])
            .arg(g.dir.join("cordon.nft")))?;
    }

    // 4. The WAN, recorded.
    let pcap = work.path().join("wan.pcap");
    let tcpdump = Command::new("ip")
        .args([
            "netns", "exec", &gws[0].ns, "tcpdump", "-n", "-U", "-s", "0", "-i", "wan0", "-w",
        ])
        .arg(&pcap)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| LabError::Command {
            command: "tcpdump".into(),
            detail: e.to_string(),
        })?;
    let tcpdump_pid = tcpdump.id();
    res.processes.push(tcpdump);
    let start = Instant::now();
    while std::fs::metadata(&pcap).map_or(0, |m| m.len()) < 24
        && start.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));

    let mut report = LabReport {
        gateways: [
            topo.gateway(gws[0].id).name.clone(),
            topo.gateway(gws[1].id).name.clone(),
        ],
        ..LabReport::default()
    };

    // 5. The tunnel's children up (kernel-libipsec does not start them from a trap).
    let pid0 = gws[0].charon.unwrap_or(0).to_string();
    let mut up = 0;
    for c in &tunnel.children {
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
    report.checks.push((
        "children established".into(),
        up == tunnel.children.len(),
        format!("{up} of {} CHILD_SAs", tunnel.children.len()),
    ));

    // One connection from a child's opening end to its accepting end.
    let attempt = |c: &TunnelChild,
                   protocol: Protocol,
                   port: u16,
                   what: String,
                   expected: bool|
     -> Result<Option<Probe>, LabError> {
        let (Some(fs), Some(ts), Some(src), Some(dst)) = (
            site_of(c.from),
            site_of(c.to),
            lab_addresses(topo, c.from).first().copied(),
            lab_addresses(topo, c.to).first().copied(),
        ) else {
            return Ok(None);
        };
        let (succeeded, detail) = probe(
            exe,
            &gws[fs].site_ns,
            &gws[ts].site_ns,
            protocol,
            src,
            dst,
            port,
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
    };

    // 6. A real connection per port of every child.
    log("opening a connection for every tunnelled flow");
    for c in &tunnel.children {
        for (port, ids) in services(topo, map, c) {
            let what = format!("{} {}", c.name, ids.join(", "));
            report
                .probes
                .extend(attempt(c, c.protocol, port, what, true)?);
        }
    }

    // 7. The negative cases.
    if let Some(c) = tunnel.children.iter().find(|c| c.protocol == Protocol::Tcp) {
        let needed = |port: u16| {
            map.flows
                .iter()
                .any(|f| f.protocol == Protocol::Tcp && map.ports(f).contains(port))
        };
        let port = [9u16, 7, 13, 19, 37]
            .into_iter()
            .find(|p| !needed(*p))
            .unwrap_or(9);
        let what = "a port no flow needs".to_string();
        report
            .probes
            .extend(attempt(c, Protocol::Tcp, port, what, false)?);
        // One charon stopped: the traffic must fail, and fail closed.
        if let Some(pid) = gws[1].charon {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            std::thread::sleep(Duration::from_millis(1500));
            let port = c.ports.ranges().first().map_or(0, |r| r.start());
            let what = format!("{} with {}'s charon stopped", c.name, report.gateways[1]);
            report
                .probes
                .extend(attempt(c, Protocol::Tcp, port, what, false)?);
        }
    }

    // 8. The capture, audited.
    let _ = Command::new("kill")
        .args(["-INT", &tcpdump_pid.to_string()])
        .status();
    std::thread::sleep(Duration::from_millis(500));
    let mut conversations = audit::conversation::Conversations::new();
    let mut stats = audit::ReadStats::default();
    audit::read_capture(&pcap, &mut conversations, &mut stats, &mut |_| {})
        .map_err(|e| LabError::Capture(e.to_string()))?;
    let result = audit::classify(topo, map, &conversations, stats);
    let mut clean = true;
    let mut encrypted = 0u64;
    for c in &result.conversations {
        let ((a, a_port), (b, b_port)) = (c.end(0), c.end(1));
        let desc = format!(
            "{} {a}:{a_port} <-> {b}:{b_port}",
            audit::protocol_name(c.key.family, c.key.protocol)
        );
        let ok = c.verdict == Verdict::OkEncrypted
            && matches!(c.seen, Seen::Esp | Seen::EspInUdp | Seen::Ike);
        clean &= ok;
        if matches!(c.seen, Seen::Esp | Seen::EspInUdp) {
            encrypted += c.stats.esp_packets;
        }
        report
            .wan
            .push((desc, c.verdict, c.seen, c.stats.total_packets()));
    }
    report.checks.push((
        "nothing in the clear on the WAN".into(),
        clean && !result.conversations.is_empty(),
        format!(
            "{} conversations on the WAN, all IKE or ESP between the gateways: {clean}",
            result.conversations.len()
        ),
    ));
    report.checks.push((
        "tunnelled traffic seen as ESP".into(),
        encrypted > 0,
        format!("{encrypted} ESP packets between the gateways"),
    ));
    drop(res);
    Ok(report)
}

fn write(path: &Path, text: &str) -> Result<(), LabError> {
    std::fs::write(path, text).map_err(|e| LabError::Command {
        command: format!("write {}", path.display()),
        detail: e.to_string(),
    })
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

/// One connection: a listener in `to_ns`, a connector in `from_ns`. Returns whether the
/// connector got its bytes back.
fn probe(
    exe: &Path,
    from_ns: &str,
    to_ns: &str,
    protocol: Protocol,
    src: IpAddr,
    dst: IpAddr,
    port: u16,
) -> Result<(bool, String), LabError> {
    let proto = protocol.name();
    let mut listener = Command::new("ip")
        .args(["netns", "exec", to_ns])
        .arg(exe)
        .args([
            "__lab-probe",
            "listen",
            proto,
            &dst.to_string(),
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| LabError::Command {
            command: "probe listener".into(),
            detail: e.to_string(),
        })?;
    let mut ready = String::new();
    if let Some(out) = listener.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut ready);
    }
    let out = Command::new("ip")
        .args(["netns", "exec", from_ns])
        .arg(exe)
        .args([
            "__lab-probe",
            "connect",
            proto,
            &src.to_string(),
            &dst.to_string(),
            &port.to_string(),
        ])
        .output();
    let _ = listener.kill();
    let _ = listener.wait();
    Ok(match out {
        Ok(o) if o.status.success() => (true, "echoed".into()),
        Ok(o) => (false, String::from_utf8_lossy(&o.stderr).trim().to_string()),
        Err(e) => (false, e.to_string()),
    })
}

/// The probe side of `cordon __lab-probe`: `listen PROTO ADDR PORT` or
/// `connect PROTO SRC DST PORT`. Returns whether it succeeded, with a message.
pub fn probe_main(args: &[String]) -> Result<String, String> {
    use std::io::{Read, Write};
    let timeout = Duration::from_secs(4);
    let parse_addr = |s: &str| s.parse::<IpAddr>().map_err(|e| format!("{s}: {e}"));
    let parse_port = |s: &str| s.parse::<u16>().map_err(|e| format!("{s}: {e}"));
    match args {
        [mode, proto, addr, port] if mode == "listen" => {
            let at = std::net::SocketAddr::new(parse_addr(addr)?, parse_port(port)?);
            if proto == "tcp" {
                let l = std::net::TcpListener::bind(at).map_err(|e| e.to_string())?;
                println_ready();
                let (mut s, _) = l.accept().map_err(|e| e.to_string())?;
                s.set_read_timeout(Some(timeout))
                    .map_err(|e| e.to_string())?;
                let mut buf = [0u8; 64];
                let n = s.read(&mut buf).map_err(|e| e.to_string())?;
                s.write_all(buf.get(..n).unwrap_or(&[]))
                    .map_err(|e| e.to_string())?;
            } else {
                let u = std::net::UdpSocket::bind(at).map_err(|e| e.to_string())?;
                println_ready();
                let mut buf = [0u8; 64];
                let (n, from) = u.recv_from(&mut buf).map_err(|e| e.to_string())?;
                u.send_to(buf.get(..n).unwrap_or(&[]), from)
                    .map_err(|e| e.to_string())?;
            }
            Ok("served".into())
        }
        [mode, proto, src, dst, port] if mode == "connect" => {
            let to = std::net::SocketAddr::new(parse_addr(dst)?, parse_port(port)?);
            let from = std::net::SocketAddr::new(parse_addr(src)?, 0);
            let message = b"cordon lab";
            if proto == "tcp" {
                // The flow's own source address: the gateway's forward chain checks it.
                let sock = socket2::Socket::new(
                    socket2::Domain::for_address(to),
                    socket2::Type::STREAM,
                    None,
                )
                .map_err(|e| e.to_string())?;
                sock.bind(&from.into()).map_err(|e| e.to_string())?;
                sock.connect_timeout(&to.into(), timeout)
                    .map_err(|e| e.to_string())?;
                let mut s = std::net::TcpStream::from(sock);
                s.set_read_timeout(Some(timeout))
                    .map_err(|e| e.to_string())?;
                s.write_all(message).map_err(|e| e.to_string())?;
                let mut buf = [0u8; 64];
                let n = s.read(&mut buf).map_err(|e| e.to_string())?;
                if buf.get(..n) == Some(&message[..]) {
                    Ok("echoed".into())
                } else {
                    Err("wrong echo".into())
                }
            } else {
                let u = std::net::UdpSocket::bind(from).map_err(|e| e.to_string())?;
                u.set_read_timeout(Some(Duration::from_secs(1)))
                    .map_err(|e| e.to_string())?;
                let mut buf = [0u8; 64];
                for _ in 0..4 {
                    u.send_to(message, to).map_err(|e| e.to_string())?;
                    if let Ok((n, _)) = u.recv_from(&mut buf)
                        && buf.get(..n) == Some(&message[..])
                    {
                        return Ok("echoed".into());
                    }
                }
                Err("no answer".into())
            }
        }
        _ => Err("usage: __lab-probe listen PROTO ADDR PORT | connect PROTO SRC DST PORT".into()),
    }
}

#[allow(clippy::print_stdout)]
fn println_ready() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
}
