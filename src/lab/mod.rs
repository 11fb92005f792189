//! `cordon lab`: the emitted files on real daemons and the real kernel, in network
//! namespaces that the run creates and always removes.
//!
//! `gateway` proves the tunnel between two site gateways (charon with kernel-libipsec,
//! traffic on the wire); `hosts` proves the hosts' own policies on the kernel's xfrm
//! database (charon with kernel-netlink), selector by selector and packet by packet. This
//! module holds what both use: running commands, the test CA, charon in a namespace, the
//! probes (this same executable run as `cordon __lab-probe` inside a namespace), and the
//! teardown.

pub mod gateway;
pub mod hosts;

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::net::Protocol;

pub use gateway::{LabReport, Probe, run_lab};

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

pub(crate) fn truncate(s: &str, n: usize) -> String {
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
pub(crate) fn new_key() -> Result<String, LabError> {
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

pub(crate) fn run(cmd: &mut Command) -> Result<String, LabError> {
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

pub(crate) fn ip(args: &[&str]) -> Result<String, LabError> {
    run(Command::new("ip").args(args))
}

/// Everything the lab created, removed on drop.
pub(crate) struct Resources {
    pub(crate) namespaces: Vec<String>,
    pub(crate) processes: Vec<Child>,
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

/// The prefix of one lab run's namespaces, `cordon<pid><kind><run>`: unique per run,
/// also for several runs in one process (the tests), and told apart by kind (`g` the
/// gateway lab, `x` the host lab).
pub(crate) fn namespace_tag(kind: char) -> String {
    static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("cordon{}{kind}{run}", std::process::id() % 100_000)
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), LabError> {
    std::fs::write(path, text).map_err(|e| LabError::Command {
        command: format!("write {}", path.display()),
        detail: e.to_string(),
    })
}

/// What `cordon drift` reads of a node running charon, as a person collects it: the
/// kernel's policies as `ip xfrm policy` prints them (`<file>.xfrm`) and the swanctl.conf
/// charon loaded from `conf_dir` (`<file>.swanctl.conf`), written into `dir` (made if
/// missing).
pub(crate) fn collect_strongswan_state(
    dir: &Path,
    file: &str,
    ns: &str,
    conf_dir: &Path,
) -> Result<(), LabError> {
    std::fs::create_dir_all(dir).map_err(|e| LabError::Command {
        command: format!("mkdir {}", dir.display()),
        detail: e.to_string(),
    })?;
    let policies = ip(&["-n", ns, "xfrm", "policy"])?;
    write(&dir.join(format!("{file}.xfrm")), &policies)?;
    let conf =
        std::fs::read_to_string(conf_dir.join("swanctl.conf")).map_err(|e| LabError::Command {
            command: "read swanctl.conf".into(),
            detail: e.to_string(),
        })?;
    write(&dir.join(format!("{file}.swanctl.conf")), &conf)
}

/// What one probe opens.
#[derive(Clone, Copy)]
pub(crate) struct Connection {
    /// TCP or UDP.
    pub(crate) protocol: Protocol,
    /// The sender's address (bound, so that policies see the flow's own source).
    pub(crate) src: IpAddr,
    /// The sender's port; 0 lets the kernel choose. A fixed one lets a second probe
    /// continue the first one's connection-tracking entry.
    pub(crate) src_port: u16,
    /// The receiver's address.
    pub(crate) dst: IpAddr,
    /// The destination port.
    pub(crate) port: u16,
    /// How long the sender waits.
    pub(crate) timeout: Duration,
}

/// One connection: a listener in `to_ns`, a connector in `from_ns`. Returns whether the
/// connector got its bytes back.
pub(crate) fn probe(
    exe: &Path,
    from_ns: &str,
    to_ns: &str,
    c: &Connection,
) -> Result<(bool, String), LabError> {
    let Connection {
        protocol,
        src,
        src_port,
        dst,
        port,
        timeout,
    } = *c;
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
            &src_port.to_string(),
            &dst.to_string(),
            &port.to_string(),
            &timeout.as_millis().to_string(),
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
/// `connect PROTO SRC SPORT DST PORT MILLIS`. Returns whether it succeeded, with a message.
pub fn probe_main(args: &[String]) -> Result<String, String> {
    use std::io::{Read, Write};
    let mut timeout = Duration::from_secs(4);
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
        [mode, proto, src, sport, dst, port, millis] if mode == "connect" => {
            timeout = Duration::from_millis(
                millis
                    .parse::<u64>()
                    .map_err(|e| format!("{millis}: {e}"))?,
            );
            let to = std::net::SocketAddr::new(parse_addr(dst)?, parse_port(port)?);
            let from = std::net::SocketAddr::new(parse_addr(src)?, parse_port(sport)?);
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
                u.set_read_timeout(Some(timeout / 4))
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
        _ => Err(
            "usage: __lab-probe listen PROTO ADDR PORT | connect PROTO SRC SPORT DST PORT MILLIS"
                .into(),
        ),
    }
}

#[allow(clippy::print_stdout)]
fn println_ready() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
}

/// The conversations of a lab capture, with `cordon audit`'s verdicts.
pub(crate) fn audit_capture(
    topo: &crate::topology::Topology,
    map: &crate::traffic::TrafficMap,
    pcap: &Path,
) -> Result<crate::audit::Audit, LabError> {
    let mut conversations = crate::audit::conversation::Conversations::new();
    let mut stats = crate::audit::ReadStats::default();
    crate::audit::read_capture(pcap, &mut conversations, &mut stats, &mut |_| {})
        .map_err(|e| LabError::Capture(e.to_string()))?;
    Ok(crate::audit::classify(topo, map, &conversations, stats))
}

/// A conversation in one line: `tcp 10.0.0.1:40000 <-> 10.0.0.2:445`.
pub(crate) fn describe(c: &crate::audit::Classified) -> String {
    let ((a, a_port), (b, b_port)) = (c.end(0), c.end(1));
    format!(
        "{} {} <-> {}",
        crate::audit::protocol_name(c.key.family, c.key.protocol),
        std::net::SocketAddr::new(a, a_port),
        std::net::SocketAddr::new(b, b_port)
    )
}

/// The named checks of a lab report, one line each.
pub(crate) fn write_checks(out: &mut String, checks: &[(String, bool, String)]) {
    use std::fmt::Write as _;
    for (name, ok, detail) in checks {
        let _ = writeln!(
            out,
            "[{}] {name}: {detail}",
            if *ok { "pass" } else { "FAIL" }
        );
    }
}

/// Sets a sysctl inside a namespace.
pub(crate) fn sysctl(ns: &str, setting: &str) -> Result<String, LabError> {
    run(Command::new("ip").args(["netns", "exec", ns, "sysctl", "-qw", setting]))
}

/// The lab's own certificate authority: a key and a self-signed certificate in `dir`.
pub(crate) struct TestCa {
    key: std::path::PathBuf,
    cert: std::path::PathBuf,
    /// The certificate, PEM.
    pub(crate) pem: String,
}

impl TestCa {
    /// A new CA named `CN=<name>`.
    pub(crate) fn new(dir: &Path, name: &str) -> Result<Self, LabError> {
        let key = dir.join(format!("{name}.key"));
        let cert = dir.join(format!("{name}.pem"));
        write(&key, &new_key()?)?;
        let pem = run(Command::new("pki")
            .args([
                "--self",
                "--ca",
                "--lifetime",
                "2",
                "--type",
                "ecdsa",
                "--dn",
            ])
            .arg(format!("CN={name}"))
            .args(["--outform", "pem", "--in"])
            .arg(&key))?;
        write(&cert, &pem)?;
        Ok(TestCa { key, cert, pem })
    }

    /// Issues `CN=<subject>` into a charon directory: `private/<file>.key` and
    /// `x509/<file>.pem`.
    pub(crate) fn issue(&self, dir: &Path, file: &str, subject: &str) -> Result<(), LabError> {
        for sub in ["x509", "x509ca", "private"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| LabError::Command {
                command: format!("mkdir {}", dir.join(sub).display()),
                detail: e.to_string(),
            })?;
        }
        let key_path = dir.join("private").join(format!("{file}.key"));
        write(&key_path, &new_key()?)?;
        let public = run(Command::new("pki")
            .args(["--pub", "--type", "ecdsa", "--outform", "pem", "--in"])
            .arg(&key_path))?;
        let public_path = dir.join(format!("{file}.pub"));
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
            .arg(format!("CN={subject}"))
            .arg("--cacert")
            .arg(&self.cert)
            .arg("--cakey")
            .arg(&self.key)
            .arg("--in")
            .arg(&public_path))?;
        write(&dir.join("x509").join(format!("{file}.pem")), &cert)
    }
}

/// Which kernel interface charon uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IpsecStack {
    /// Userspace ESP over a TUN device (the only ESP this machine's kernel can carry).
    Libipsec,
    /// The kernel's xfrm policies and SAs (production Linux).
    Netlink,
}

/// Starts charon in namespace `ns` with a private /run (its own vici socket) and its
/// strongswan.conf and log in `dir`, waits for its control socket, and returns its pid.
pub(crate) fn start_charon(
    ns: &str,
    dir: &Path,
    stack: IpsecStack,
    res: &mut Resources,
) -> Result<u32, LabError> {
    let libipsec = if stack == IpsecStack::Libipsec {
        "yes"
    } else {
        "no"
    };
    write(
        &dir.join("strongswan.conf"),
        &format!(
            "charon {{\n  load_modular = yes\n  install_routes = no\n  filelog {{\n    stderr {{\n      default = 1\n    }}\n  }}\n  plugins {{\n    include /etc/strongswan.d/charon/*.conf\n    kernel-libipsec {{\n      load = {libipsec}\n    }}\n    bypass-lan {{\n      load = no\n    }}\n  }}\n}}\n"
        ),
    )?;
    let logfile = std::fs::File::create(dir.join("charon.log")).map_err(|e| LabError::Command {
        command: "create charon.log".into(),
        detail: e.to_string(),
    })?;
    let child = Command::new("ip")
        .args([
            "netns",
            "exec",
            ns,
            "unshare",
            "-m",
            "sh",
            "-c",
            &format!("mount -t tmpfs tmpfs /run && exec {CHARON}"),
        ])
        .env("STRONGSWAN_CONF", dir.join("strongswan.conf"))
        .stdout(Stdio::null())
        .stderr(logfile)
        .spawn()
        .map_err(|e| LabError::Command {
            command: "charon".into(),
            detail: e.to_string(),
        })?;
    let pid = child.id();
    res.processes.push(child);
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
                command: format!("charon in {ns}"),
                detail: "its control socket did not appear within 10 s".into(),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(pid)
}

/// Loads a swanctl.conf (and the credentials beside it) into the charon `pid`; returns
/// swanctl's report.
pub(crate) fn load_conf(pid: u32, conf: &Path) -> Result<String, LabError> {
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
        .arg(conf))
}

/// Starts tcpdump writing every packet of namespace `ns` (`-i any`) to `pcap`, and waits
/// until it records.
pub(crate) fn start_capture(
    ns: &str,
    interface: &str,
    pcap: &Path,
    res: &mut Resources,
) -> Result<u32, LabError> {
    let tcpdump = Command::new("ip")
        .args([
            "netns", "exec", ns, "tcpdump", "-n", "-U", "-s", "0", "-i", interface, "-w",
        ])
        .arg(pcap)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| LabError::Command {
            command: "tcpdump".into(),
            detail: e.to_string(),
        })?;
    let pid = tcpdump.id();
    res.processes.push(tcpdump);
    let start = Instant::now();
    while std::fs::metadata(pcap).map_or(0, |m| m.len()) < 24
        && start.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    Ok(pid)
}

/// Stops a capture started by [`start_capture`] and lets it flush.
pub(crate) fn stop_capture(pid: u32) {
    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
    std::thread::sleep(Duration::from_millis(500));
}
