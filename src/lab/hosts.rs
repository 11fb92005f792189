//! `cordon lab FILE --hosts`: the hosts' own policies on the real kernel.
//!
//! Every host of the topology (or those named) gets a network namespace with its IPv4
//! addresses, on one switched link, and a charon with **kernel-netlink**: the policies it
//! installs are the kernel's xfrm policies, exactly as on a production Linux host. Each
//! loads its own emitted swanctl.conf unchanged, with a certificate from the lab's CA.
//! Then the phases:
//!
//! 1. **kernel** — each namespace's policies, read back over netlink, against the plan's
//!    rules for that host ([`crate::platform::xfrm::compare`]): a selector wider or
//!    narrower than the plan, or at another priority, fails and names the rule;
//! 2. **packets** — for every flow between lab hosts, a connection to its first and its
//!    last port, and for every pair that talks a port no flow needs; what the kernel did
//!    (arrived in the clear, held by a trap, dropped) must equal what `cordon explain`'s
//!    two ends say. The kernel here has no ESP transform, so no SA completes: a flow to
//!    encrypt passes when the trap holds it and the peers' IKE authenticates;
//! 3. **wire** — tcpdump on the link, audited: no plaintext where encryption is needed.
//!
//! Everything is removed when the run ends, whatever happened.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{
    Connection, IpsecStack, LabError, Resources, TestCa, audit_capture, collect_strongswan_state,
    describe, ip, load_conf, probe, start_capture, start_charon, stop_capture, sysctl, truncate,
    write, write_checks,
};
use crate::audit::{self, Seen, Verdict as AuditVerdict};
use crate::emit::{self, gateway::GatewayStack, quote::file_component};
use crate::explain::{self, Query};
use crate::net::Protocol;
use crate::platform::xfrm;
use crate::policy::Policy;
use crate::topology::{HostId, Topology};
use crate::traffic::{Endpoint, Protection, TrafficMap};

/// A rewrite of a host's swanctl.conf: `(host, text) -> text`.
pub type ConfEdit<'a> = &'a dyn Fn(&str, &str) -> String;

/// Per probe thread: (try number, whether the connection arrived, what the prober said).
type ProbeResults = Vec<(usize, bool, String)>;

/// What to run, and the mistakes to seed (for the tests that show the lab catches them).
#[derive(Default)]
pub struct HostLabOptions<'a> {
    /// Host names; empty means every host with a policy and an IPv4 address.
    pub hosts: Vec<String>,
    /// Rewrites a host's swanctl.conf before it is loaded: `(host, text) -> text`.
    pub edit: Option<ConfEdit<'a>>,
    /// Hosts whose certificate another CA issues.
    pub foreign_ca: Vec<String>,
    /// Commands run against a host's charon and kernel after its file is loaded (as
    /// `swanctl --uninstall --child NAME`, to seed drift): `(host) -> argv lists`.
    pub after_load: Option<AfterLoad<'a>>,
    /// Write each host's deployed state into this folder — the kernel's policies as `ip
    /// xfrm policy` prints them (`<host>.xfrm`) and the swanctl.conf it loaded
    /// (`<host>.swanctl.conf`), what `cordon drift` reads — then stop before the packets.
    pub collect_state: Option<PathBuf>,
}

/// Commands for a host after its file is loaded: `(host) -> argv lists`.
pub type AfterLoad<'a> = &'a dyn Fn(&str) -> Vec<Vec<String>>;

/// What the kernel did with a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It reached the other end in the clear.
    Arrived,
    /// A trap policy held it while charon negotiated (nothing in the clear).
    Held,
    /// A policy dropped it (at the sender, or plaintext refused at the receiver).
    Dropped,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Arrived => "arrived in the clear",
            Outcome::Held => "held for IPsec",
            Outcome::Dropped => "dropped",
        }
    }
}

/// One packet of the lab.
#[derive(Clone, Debug)]
pub struct HostProbe {
    /// The flow (or `no flow`).
    pub what: String,
    /// `tcp/445`.
    pub service: String,
    /// The destination port.
    pub port: u16,
    /// The sender's and the receiver's address.
    pub addrs: (IpAddr, IpAddr),
    /// Sending host.
    pub from: String,
    /// Receiving host.
    pub to: String,
    /// What the plan's two ends say.
    pub expected: Outcome,
    /// What the kernel did.
    pub kernel: Outcome,
    /// `cordon explain`'s verdict (firewalls included; the lab has none).
    pub explain: explain::Verdict,
    /// What the capture shows of it.
    pub wire: String,
    /// Whether this packet must be encrypted (a flow to encrypt).
    pub must_encrypt: bool,
}

impl HostProbe {
    /// Whether the kernel did what the plan says.
    pub fn passed(&self) -> bool {
        self.expected == self.kernel && !(self.must_encrypt && self.wire == "plaintext")
    }
}

/// The kernel's policies of one host against the plan.
#[derive(Clone, Debug)]
pub struct KernelCheck {
    /// The host.
    pub host: String,
    /// How many in/out policies the plan asks for.
    pub planned: usize,
    /// How many in/out policies the kernel holds.
    pub kernel: usize,
    /// Each difference, naming the rule.
    pub differences: Vec<String>,
}

/// What the host lab found.
#[derive(Clone, Debug, Default)]
pub struct HostLabReport {
    /// The hosts in the lab.
    pub hosts: Vec<String>,
    /// Kernel policies per host.
    pub kernel: Vec<KernelCheck>,
    /// Every packet sent.
    pub probes: Vec<HostProbe>,
    /// Named checks: (check, passed, detail).
    pub checks: Vec<(String, bool, String)>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl HostLabReport {
    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.kernel.iter().all(|k| k.differences.is_empty())
            && self.probes.iter().all(HostProbe::passed)
            && self.checks.iter().all(|c| c.1)
    }

    /// The table a person reads.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "cordon lab --hosts: {} hosts, charon with kernel-netlink (the kernel's xfrm policies)\n",
            self.hosts.len()
        );
        let _ = writeln!(
            out,
            "{:<10} {:>8} {:>8}  kernel against the plan",
            "host", "planned", "kernel"
        );
        for k in &self.kernel {
            let _ = writeln!(
                out,
                "{:<10} {:>8} {:>8}  {}",
                truncate(&k.host, 10),
                k.planned,
                k.kernel,
                if k.differences.is_empty() {
                    "exact".to_string()
                } else {
                    format!("{} DIFFERENCES", k.differences.len())
                }
            );
            for d in &k.differences {
                let _ = writeln!(out, "    {d}");
            }
        }
        let _ = writeln!(
            out,
            "\n{:<44} {:<10} {:<22} {:<22} {:<22} seen on the wire as",
            "flow", "service", "from -> to", "expected", "the kernel did"
        );
        for p in &self.probes {
            let _ = writeln!(
                out,
                "{:<44} {:<10} {:<22} {:<22} {:<22} {}{}",
                truncate(&p.what, 44),
                p.service,
                truncate(&format!("{} -> {}", p.from, p.to), 22),
                p.expected.name(),
                p.kernel.name(),
                p.wire,
                if p.passed() { "" } else { "  <-- UNEXPECTED" }
            );
        }
        let _ = writeln!(out);
        write_checks(&mut out, &self.checks);
        let _ = writeln!(
            out,
            "\n{} in {:.1} s",
            if self.passed() {
                "lab passed"
            } else {
                "lab FAILED"
            },
            self.seconds
        );
        out
    }
}

struct LabHost {
    id: HostId,
    name: String,
    ns: String,
    dir: PathBuf,
    addrs: Vec<IpAddr>,
    charon: u32,
}

struct HostLab<'a> {
    topo: &'a Topology,
    map: &'a TrafficMap,
    policy: &'a Policy,
    exe: &'a Path,
    switch: String,
    hosts: Vec<LabHost>,
    res: Resources,
    report: HostLabReport,
}

/// Runs the host lab. `exe` is this executable (it reads the kernel's policies and runs
/// the probes inside the namespaces); `log` hears progress.
pub fn run_host_lab(
    topo: &Topology,
    map: &TrafficMap,
    policy: &Policy,
    exe: &Path,
    options: &HostLabOptions<'_>,
    log: &mut dyn FnMut(&str),
) -> Result<HostLabReport, LabError> {
    let started = Instant::now();
    let work = tempfile::tempdir().map_err(|e| LabError::Command {
        command: "mkdtemp".into(),
        detail: e.to_string(),
    })?;
    let mut lab = HostLab::select(topo, map, policy, exe, options, work.path())?;
    log(&format!(
        "{} hosts: building the namespaces and the link",
        lab.hosts.len()
    ));
    lab.build_network()?;
    log("writing each host's swanctl.conf and certificate");
    lab.write_files(work.path(), options)?;
    log("starting charon (kernel-netlink) in every host");
    lab.start_daemons()?;
    if let Some(after) = options.after_load {
        lab.after_load(after)?;
    }
    if let Some(dir) = &options.collect_state {
        log(&format!("writing each host's state into {}", dir.display()));
        lab.collect_state(dir)?;
        return Ok(lab.finish(work, started, log));
    }
    log("reading the kernel's policies back");
    lab.check_kernel()?;
    let pcap = work.path().join("link.pcap");
    let tcpdump = start_capture(&lab.switch, "any", &pcap, &mut lab.res)?;
    log("sending a packet for every flow between lab hosts");
    lab.send_packets()?;
    // Let the negotiations the traps started finish before reading the logs.
    std::thread::sleep(Duration::from_millis(1500));
    stop_capture(tcpdump);
    lab.read_wire(&pcap)?;
    lab.check_authentication();
    Ok(lab.finish(work, started, log))
}

impl<'a> HostLab<'a> {
    /// Removes the namespaces and daemons and returns the report. With
    /// `CORDON_LAB_KEEP` set, the files and daemon logs stay for a person to read.
    fn finish(
        self,
        work: tempfile::TempDir,
        started: Instant,
        log: &mut dyn FnMut(&str),
    ) -> HostLabReport {
        let HostLab {
            res, mut report, ..
        } = self;
        drop(res);
        if std::env::var_os("CORDON_LAB_KEEP").is_some() {
            log(&format!("kept {}", work.keep().display()));
        }
        report.seconds = started.elapsed().as_secs_f64();
        report
    }

    /// The hosts to run: named, or every host with a policy and an IPv4 address.
    fn select(
        topo: &'a Topology,
        map: &'a TrafficMap,
        policy: &'a Policy,
        exe: &'a Path,
        options: &HostLabOptions<'_>,
        work: &Path,
    ) -> Result<Self, LabError> {
        for name in &options.hosts {
            if !topo.hosts.iter().any(|h| &h.name == name) {
                return Err(LabError::Nothing(format!(
                    "no host `{name}` in the topology (--host takes a host's name)"
                )));
            }
        }
        let tag = super::namespace_tag('x');
        let mut hosts = Vec::new();
        for (i, h) in topo.hosts.iter().enumerate() {
            let id = HostId(i as u32);
            let wanted = options.hosts.is_empty() || options.hosts.contains(&h.name);
            let addrs: Vec<IpAddr> = h
                .addresses
                .iter()
                .copied()
                .filter(IpAddr::is_ipv4)
                .collect();
            if !wanted || addrs.is_empty() || policy.rules_of(Endpoint::Host(id)).is_none() {
                continue;
            }
            hosts.push(LabHost {
                id,
                name: h.name.clone(),
                ns: format!("{tag}-h{}", hosts.len()),
                dir: work.join(format!("h{i}")),
                addrs,
                charon: 0,
            });
        }
        if hosts.is_empty() {
            return Err(LabError::Nothing(
                "no host with an IPv4 address and a policy to run".into(),
            ));
        }
        Ok(HostLab {
            topo,
            map,
            policy,
            exe,
            switch: format!("{tag}-sw"),
            report: HostLabReport {
                hosts: hosts.iter().map(|h| h.name.clone()).collect(),
                ..HostLabReport::default()
            },
            hosts,
            res: Resources {
                namespaces: Vec::new(),
                processes: Vec::new(),
            },
        })
    }

    /// One switch (a bridge in its own namespace) and each host on it with its addresses
    /// and an on-link default route, so that every host reaches every other directly.
    fn build_network(&mut self) -> Result<(), LabError> {
        ip(&["netns", "add", &self.switch])?;
        self.res.namespaces.push(self.switch.clone());
        ip(&["-n", &self.switch, "link", "add", "br0", "type", "bridge"])?;
        ip(&["-n", &self.switch, "link", "set", "br0", "up"])?;
        for d in ["all", "default"] {
            sysctl(&self.switch, &format!("net.ipv6.conf.{d}.disable_ipv6=1"))?;
        }
        for (i, h) in self.hosts.iter().enumerate() {
            ip(&["netns", "add", &h.ns])?;
            self.res.namespaces.push(h.ns.clone());
            for d in ["all", "default"] {
                sysctl(&h.ns, &format!("net.ipv6.conf.{d}.disable_ipv6=1"))?;
            }
            ip(&["-n", &h.ns, "link", "set", "lo", "up"])?;
            let port = format!("p{i}");
            ip(&[
                "link",
                "add",
                "eth0",
                "netns",
                &h.ns,
                "type",
                "veth",
                "peer",
                "name",
                &port,
                "netns",
                &self.switch,
            ])?;
            ip(&["-n", &self.switch, "link", "set", &port, "master", "br0"])?;
            ip(&["-n", &self.switch, "link", "set", &port, "up"])?;
            for a in &h.addrs {
                ip(&[
                    "-n",
                    &h.ns,
                    "addr",
                    "add",
                    &format!("{a}/32"),
                    "dev",
                    "eth0",
                ])?;
            }
            ip(&["-n", &h.ns, "link", "set", "eth0", "up"])?;
            ip(&["-n", &h.ns, "route", "add", "default", "dev", "eth0"])?;
        }
        Ok(())
    }

    /// Each host's emitted swanctl.conf (edited only when a test seeds a mistake), the
    /// lab CA under every CA name the topology uses, and the host's certificate
    /// (`CN=<host>`, the identity its file presents and its peers pin).
    fn write_files(&self, work: &Path, options: &HostLabOptions<'_>) -> Result<(), LabError> {
        let input = emit::Input {
            topology: self.topo,
            traffic: self.map,
            policy: self.policy,
            source: &self.topo.name,
            gateway_stack: GatewayStack::Xfrm,
        };
        let artifacts = emit::render(&input, emit::Target::Swanctl)
            .map_err(|e| LabError::Emit(e.to_string()))?;
        let ca = TestCa::new(work, "cordon lab CA")?;
        let foreign = TestCa::new(work, "another CA")?;
        for h in &self.hosts {
            let file = file_component(&h.name);
            let issuer = if options.foreign_ca.contains(&h.name) {
                &foreign
            } else {
                &ca
            };
            issuer.issue(&h.dir, &file, &file)?;
            for c in &self.topo.certificate_authorities {
                write(
                    &h.dir
                        .join("x509ca")
                        .join(format!("{}.pem", file_component(&c.name))),
                    &ca.pem,
                )?;
            }
            let path = format!("swanctl/{file}/swanctl.conf");
            let Some(a) = artifacts.iter().find(|a| a.path == path) else {
                return Err(LabError::Emit(format!("no {path} was emitted")));
            };
            let text = match options.edit {
                Some(edit) => edit(&h.name, &a.contents),
                None => a.contents.clone(),
            };
            write(&h.dir.join("swanctl.conf"), &text)?;
        }
        Ok(())
    }

    /// charon with kernel-netlink in every host, each loading its file.
    fn start_daemons(&mut self) -> Result<(), LabError> {
        let mut failed = Vec::new();
        for h in &mut self.hosts {
            h.charon = start_charon(&h.ns, &h.dir, IpsecStack::Netlink, &mut self.res)?;
            let out = load_conf(h.charon, &h.dir.join("swanctl.conf"))?;
            if out.contains("failed") {
                failed.push(format!(
                    "{}: {}",
                    h.name,
                    out.lines()
                        .filter(|l| l.contains("failed"))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
        self.report.checks.push((
            "every host loads its swanctl.conf".into(),
            failed.is_empty(),
            if failed.is_empty() {
                format!("{} hosts, every connection loaded", self.hosts.len())
            } else {
                failed.join(" | ")
            },
        ));
        Ok(())
    }

    /// Runs each host's commands against its charon and kernel.
    fn after_load(&self, after: AfterLoad<'_>) -> Result<(), LabError> {
        for h in &self.hosts {
            for argv in after(&h.name) {
                super::run(
                    Command::new("nsenter")
                        .args(["-t", &h.charon.to_string(), "-m", "-n"])
                        .args(&argv),
                )?;
            }
        }
        Ok(())
    }

    /// Each host's state as a person collects it on a production host: `ip xfrm policy`
    /// and the loaded swanctl.conf.
    fn collect_state(&self, dir: &Path) -> Result<(), LabError> {
        for h in &self.hosts {
            collect_strongswan_state(dir, &file_component(&h.name), &h.ns, &h.dir)?;
        }
        Ok(())
    }

    /// The kernel's in and out policies of each host against the plan's rules.
    fn check_kernel(&mut self) -> Result<(), LabError> {
        for h in &self.hosts {
            let Some(set) = self.policy.rules_of(Endpoint::Host(h.id)) else {
                continue;
            };
            let out = Command::new("ip")
                .args(["netns", "exec", &h.ns])
                .arg(self.exe)
                .arg("__lab-xfrm")
                .output()
                .map_err(|e| LabError::Command {
                    command: "__lab-xfrm".into(),
                    detail: e.to_string(),
                })?;
            if !out.status.success() {
                return Err(LabError::Command {
                    command: format!("reading the xfrm policies of {}", h.name),
                    detail: String::from_utf8_lossy(&out.stderr).into_owned(),
                });
            }
            let kernel = xfrm::parse_dump(&out.stdout).map_err(|e| LabError::Command {
                command: format!("reading the xfrm policies of {}", h.name),
                detail: e.to_string(),
            })?;
            // IPv6 selectors too: charon installs them whatever addresses the namespace
            // has (each family has its own connection), though the packets run over IPv4.
            let planned = xfrm::planned(set);
            let differences = xfrm::compare(&planned, &kernel);
            self.report.kernel.push(KernelCheck {
                host: h.name.clone(),
                planned: planned.len(),
                kernel: kernel
                    .iter()
                    .filter(|p| p.dir != xfrm::Direction::Fwd)
                    .count(),
                differences: differences.iter().map(|d| d.describe(set)).collect(),
            });
        }
        Ok(())
    }

    /// The position of an endpoint among the lab's hosts.
    fn lab_host(&self, e: Endpoint) -> Option<usize> {
        match e {
            Endpoint::Host(id) => self.hosts.iter().position(|h| h.id == id),
            _ => None,
        }
    }

    /// What the plan's two ends say happens to a packet, from `explain`'s hops: held at
    /// a sender that protects it, dropped by a sender's drop or by a receiver that wants
    /// IPsec or drops it, else it arrives.
    fn expected(trace: &explain::Trace) -> Outcome {
        let action = |kind: &str| {
            trace
                .hops
                .iter()
                .find(|h| h.kind == kind)
                .map_or("none", |h| h.action.as_str())
        };
        let protects = |a: &str| a == "require" || a == "request";
        match (action("from"), action("to")) {
            (a, _) if protects(a) => Outcome::Held,
            ("drop", _) => Outcome::Dropped,
            (_, b) if protects(b) || b == "drop" => Outcome::Dropped,
            _ => Outcome::Arrived,
        }
    }

    /// A packet for the first and the last port of every flow between lab hosts, and one
    /// to a port no flow needs for every pair that talks.
    fn send_packets(&mut self) -> Result<(), LabError> {
        let mut tries: BTreeSet<(usize, usize, Protocol, u16, String, bool)> = BTreeSet::new();
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for f in &self.map.flows {
            if !matches!(f.protocol, Protocol::Tcp | Protocol::Udp) {
                continue;
            }
            let (Some(ia), Some(ib)) = (self.lab_host(f.from), self.lab_host(f.to)) else {
                continue;
            };
            if ia == ib {
                continue;
            }
            pairs.insert((ia, ib));
            let ports = self.map.ports(f);
            let (Some(first), Some(last)) = (ports.ranges().first(), ports.ranges().last()) else {
                continue;
            };
            let encrypt = f.protection == Protection::Encrypt;
            for port in [first.start(), last.end()] {
                tries.insert((
                    ia,
                    ib,
                    f.protocol,
                    port,
                    self.map.flow_id(self.topo, f),
                    encrypt,
                ));
            }
        }
        let needed = |port: u16| {
            self.map
                .flows
                .iter()
                .any(|f| f.protocol == Protocol::Tcp && self.map.ports(f).contains(port))
        };
        let spare = [9u16, 7, 13, 19, 37, 4]
            .into_iter()
            .find(|p| !needed(*p))
            .unwrap_or(9);
        for (ia, ib) in pairs {
            tries.insert((ia, ib, Protocol::Tcp, spare, "no flow".into(), false));
        }
        // One try per packet, whichever flow wants it.
        let mut seen = BTreeSet::new();
        let tries: Vec<_> = tries
            .into_iter()
            .filter(|(ia, ib, protocol, port, _, _)| seen.insert((*ia, *ib, *protocol, *port)))
            .collect();
        // Packets to different hosts go out together: a packet that a trap holds costs
        // the probe's whole timeout, and listeners on one host must not meet.
        let mut by_destination: Vec<Vec<usize>> = vec![Vec::new(); self.hosts.len()];
        for (n, t) in tries.iter().enumerate() {
            if let Some(list) = by_destination.get_mut(t.1) {
                list.push(n);
            }
        }
        let results: Vec<Result<ProbeResults, LabError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = by_destination
                .iter()
                .map(|list| {
                    let tries = &tries;
                    let hosts = &self.hosts;
                    let exe = self.exe;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for &n in list {
                            let (ia, ib, protocol, port, _, _) = &tries[n];
                            let (a, b) = (&hosts[*ia], &hosts[*ib]);
                            let c = Connection {
                                protocol: *protocol,
                                src: a.addrs[0],
                                src_port: 0,
                                dst: b.addrs[0],
                                port: *port,
                                timeout: Duration::from_millis(800),
                            };
                            let (arrived, detail) = probe(exe, &a.ns, &b.ns, &c)?;
                            out.push((n, arrived, detail));
                        }
                        Ok(out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(LabError::Command {
                            command: "probe thread".into(),
                            detail: "panicked".into(),
                        })
                    })
                })
                .collect()
        });
        let mut outcomes: Vec<(bool, String)> = vec![(false, String::new()); tries.len()];
        for r in results {
            for (n, arrived, detail) in r? {
                if let Some(slot) = outcomes.get_mut(n) {
                    *slot = (arrived, detail);
                }
            }
        }
        for ((ia, ib, protocol, port, what, encrypt), (arrived, detail)) in
            tries.into_iter().zip(outcomes)
        {
            let (a, b) = (&self.hosts[ia], &self.hosts[ib]);
            let trace = explain::explain(
                self.topo,
                self.map,
                self.policy,
                &Query {
                    from: (Endpoint::Host(a.id), a.addrs[0]),
                    to: (Endpoint::Host(b.id), b.addrs[0]),
                    protocol,
                    port,
                },
            );
            // A drop policy refuses the send at once (EPERM); whether a trap held the
            // rest is read from the wire (IKE, no plaintext).
            let kernel = if arrived {
                Outcome::Arrived
            } else if detail.contains("not permitted") {
                Outcome::Dropped
            } else {
                Outcome::Held
            };
            self.report.probes.push(HostProbe {
                what,
                service: format!("{protocol}/{port}"),
                port,
                addrs: (a.addrs[0], b.addrs[0]),
                from: a.name.clone(),
                to: b.name.clone(),
                expected: Self::expected(&trace),
                kernel,
                explain: trace.verdict,
                wire: "not seen".into(),
                must_encrypt: encrypt,
            });
        }
        Ok(())
    }

    /// The link's capture: what each packet looked like on the wire, IKE between the
    /// pairs whose packets were held, and no plaintext where the plan needs encryption.
    fn read_wire(&mut self, pcap: &Path) -> Result<(), LabError> {
        let result = audit_capture(self.topo, self.map, pcap)?;
        for p in &mut self.report.probes {
            let (src, dst, port) = (p.addrs.0, p.addrs.1, p.port);
            let between = |c: &audit::Classified| {
                let ((a, _), (b, _)) = (c.end(0), c.end(1));
                (a == src && b == dst) || (a == dst && b == src)
            };
            let plain = result.conversations.iter().any(|c| {
                between(c)
                    && matches!(c.seen, Seen::Plaintext)
                    && (c.end(0).1 == port || c.end(1).1 == port)
            });
            let ike = result
                .conversations
                .iter()
                .any(|c| between(c) && matches!(c.seen, Seen::Ike));
            p.wire = match (plain, ike) {
                (true, _) => "plaintext".into(),
                (false, true) => "ike only".into(),
                (false, false) => "nothing".into(),
            };
            // Held means nothing in the clear and charon asking for an SA; a packet that
            // left in the clear and was refused by the receiver was dropped.
            if p.kernel == Outcome::Held && (plain || !ike) {
                p.kernel = Outcome::Dropped;
            }
        }
        let violations: Vec<String> = result
            .conversations
            .iter()
            .filter(|c| c.verdict == AuditVerdict::ViolationPlaintext)
            .map(describe)
            .collect();
        self.report.checks.push((
            "no violation-plaintext in the capture (cordon audit)".into(),
            violations.is_empty(),
            if violations.is_empty() {
                format!("{} conversations on the link", result.conversations.len())
            } else {
                violations.join("; ")
            },
        ));
        Ok(())
    }

    /// Every pair whose packets a trap held must have authenticated each other in IKE
    /// (the SA itself cannot complete: this kernel has no ESP transform).
    fn check_authentication(&mut self) {
        let log_of =
            |h: &LabHost| std::fs::read_to_string(h.dir.join("charon.log")).unwrap_or_default();
        let mut failures = Vec::new();
        let mut pairs = BTreeSet::new();
        for p in &self.report.probes {
            // Only where the plan says both ends agree: elsewhere the IKE is meant to fail.
            if p.explain == explain::Verdict::Encrypted && p.kernel == Outcome::Held {
                pairs.insert((p.from.clone(), p.to.clone()));
            }
        }
        for (from, to) in &pairs {
            let (Some(a), Some(b)) = (
                self.hosts.iter().find(|h| &h.name == from),
                self.hosts.iter().find(|h| &h.name == to),
            ) else {
                continue;
            };
            // Both ends must say so: an IKEv1 responder logs its SA as established
            // before the initiator has checked the responder's certificate.
            let (log_a, log_b) = (log_of(a), log_of(b));
            let established_in = |log: &str| {
                log.lines().any(|l| {
                    l.contains("established between")
                        && l.contains(&format!("{}[", a.addrs[0]))
                        && l.contains(&format!("{}[", b.addrs[0]))
                })
            };
            let established = established_in(&log_a) && established_in(&log_b);
            let log = log_a + &log_b;
            if !established {
                let why = log
                    .lines()
                    .filter(|l| l.contains(&b.addrs[0].to_string()) || l.contains("authentication"))
                    .find(|l| {
                        l.contains("failed") || l.contains("no trusted") || l.contains("AUTH")
                    })
                    .map_or("no IKE SA came up".to_string(), |l| l.trim().to_string());
                failures.push(format!("{from} -> {to}: {}", truncate(&why, 160)));
            }
        }
        self.report.checks.push((
            "peers authenticate each other in IKE".into(),
            failures.is_empty(),
            if failures.is_empty() {
                format!(
                    "{} pairs established an IKE SA with the lab CA's certificates",
                    pairs.len()
                )
            } else {
                failures.join(" | ")
            },
        ));
    }
}
