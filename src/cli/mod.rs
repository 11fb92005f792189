//! The command line: the only code that reads argv, writes stdout and stderr, and picks
//! the exit status (0 success, 1 findings, 2 bad input, usage or I/O error).
//!
//! Each verb is a thin pipe: load the topology, run the stages it needs, hand the result
//! to `report`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod audit;
mod drift;

use crate::catalog::Path;
use crate::diag;
use crate::emit;
use crate::explain;
use crate::policy::{self, Policy};
use crate::report::{self, FlowFilter, Plan};
use crate::source::SourceMap;
use crate::synth;
use crate::topology::{self, LoadError, Topology};
use crate::traffic::{self, Endpoint, TrafficMap};
use crate::verify;

/// cordon: IPsec isolation for a Configuration Manager 2007 hierarchy.
///
/// With no command, `cordon` plans the built-in example: the seed's Internet-based
/// Scenario 1b. Exit status: 0 success, 1 findings, 2 bad input, usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "cordon", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Derive the traffic map and the IPsec policy of every host and firewall.
    Plan {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the flows of the traffic map.
    Flows {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// Only flows to or from this host or client group.
        #[arg(long)]
        host: Option<String>,
        /// Only flows on this path.
        #[arg(long, value_enum)]
        path: Option<PathArg>,
        /// Only flows that rest on catalog rows marked `certain = false`.
        #[arg(long)]
        uncertain: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show one host's (or client group's) ordered IPsec rules.
    Policy {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// The host or client group.
        #[arg(long)]
        host: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check the policy before rollout: negotiation at both ends of every flow, and the
    /// seed's advice. Exit 1 when a finding reaches the threshold.
    Verify {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
        format: VerifyFormat,
        /// Also fail on warnings (`--deny warnings`), for CI gates.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Explain one packet, hop by hop: the flows that want it, the rule at each end, every
    /// firewall on the way, what IKE would agree, and the verdict.
    Explain {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// The sender: a host, a client group, or an IP address.
        #[arg(long)]
        from: String,
        /// The receiver: a host, a client group, or an IP address.
        #[arg(long)]
        to: String,
        /// The protocol.
        #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
        protocol: ProtocolArg,
        /// The destination port (tcp and udp).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Read packet captures (pcap, pcapng) and report what went in the clear: every
    /// conversation matched to the traffic map, with its verdict. Exit 1 on a violation.
    Audit {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// A capture file, or a directory of them (the files directly in it, by name);
        /// repeat for several. They are read in parallel (a large one in stretches on
        /// every thread) and their conversations merged in the order given.
        #[arg(long = "capture", required_unless_present = "zeek_logs")]
        captures: Vec<PathBuf>,
        /// A Zeek conn.log (TSV or JSON, plain or gzip); repeat for several. Its records
        /// get the same verdicts as a capture's conversations (docs/audit.md says what a
        /// log cannot show).
        #[arg(long = "zeek")]
        zeek_logs: Vec<PathBuf>,
        /// Threads that read captures and logs (stretches of 128 MiB of a file each at a
        /// time); every core when left out. The output is the same for any number.
        #[arg(long)]
        threads: Option<std::num::NonZeroUsize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
        /// Text: at most this many lines of conversations that need attention (grouped by
        /// verdict, protocol, places and flow).
        #[arg(long, default_value_t = 40)]
        limit: usize,
        /// Text: every line of conversations that need attention.
        #[arg(long, conflicts_with = "limit")]
        all: bool,
    },
    /// One self-contained HTML page (diagram, flow matrix, findings, audit, every host's
    /// rules), or Markdown for a change review.
    Report {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// Write here (atomically) instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Captures to audit and show (repeatable).
        #[arg(long = "capture")]
        captures: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
    },
    /// What a change does: flows, rules and firewall rules added and removed, findings
    /// fixed and introduced, from one topology to another.
    Diff {
        /// The topology before the change.
        old: PathBuf,
        /// The topology after it.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Hold the deployed state (nft -j, ip xfrm policy, swanctl.conf, Windows exports) of
    /// every host, firewall and gateway against the plan, flow by flow. Exit 1 when a
    /// finding reaches the threshold, 2 on unreadable state.
    Drift {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// A folder of state files, one per host, firewall or gateway, named after it
        /// (`fw-edge.json`, `LON-SS.xfrm`), or subfolders named after them.
        #[arg(long)]
        state: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
        format: VerifyFormat,
        /// The least severity that fails the run.
        #[arg(long, value_enum, default_value_t = FailOn::Warning)]
        fail_on: FailOn,
    },
    /// Write the policy for the platforms that enforce it, with a manifest.json.
    Emit {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// What to write.
        #[arg(long, value_enum)]
        target: TargetArg,
        /// Output directory; replaced atomically (the old content stays on failure).
        #[arg(long)]
        out: PathBuf,
        /// The IPsec stack of the site gateways: the kernel's (xfrm), or strongSwan's
        /// userspace kernel-libipsec (decrypted packets on the ipsec0 TUN device).
        #[arg(long, value_enum, default_value_t = GatewayStackArg::Xfrm)]
        gateway_stack: GatewayStackArg,
    },
    /// Prove the emitted policy on real daemons and the real kernel, in network
    /// namespaces: the site gateways' tunnel (nftables, a connection per tunnelled flow,
    /// then charon stopped and killed: nothing may cross in the clear; the WAN audited),
    /// or with --hosts the hosts' own policies (strongSwan kernel-netlink: the kernel's
    /// xfrm policies read back against the plan, a packet per flow, the link audited).
    /// Linux, root. Exit 1 when a check fails.
    Lab {
        /// Topology file (TOML); the built-in Scenario 1b when left out.
        file: Option<PathBuf>,
        /// The gateways' IPsec stack: strongSwan's kernel-libipsec carries the tunnel;
        /// the kernel's own (xfrm) has no ESP transform on a machine like this, so its
        /// traps hold the flows instead.
        #[arg(long, value_enum, default_value = "libipsec", conflicts_with = "hosts")]
        gateway_stack: GatewayStackArg,
        /// Run the hosts' policies instead of the gateways'.
        #[arg(long)]
        hosts: bool,
        /// With --hosts: only this host (repeat for several); every host when left out.
        #[arg(long = "host", requires = "hosts")]
        host: Vec<String>,
        /// Write each host's (with --hosts) or gateway's deployed state (`ip xfrm policy`,
        /// the loaded swanctl.conf, and a gateway's `nft -j list ruleset`) into this
        /// folder for `cordon drift`, and stop before the packets.
        #[arg(long)]
        collect_state: Option<PathBuf>,
    },
    /// Write a synthetic topology (for benchmarks and tests).
    Synth {
        /// Number of sites.
        #[arg(long, default_value_t = 50)]
        sites: usize,
        /// Number of hosts.
        #[arg(long, default_value_t = 1000)]
        hosts: usize,
        /// Number of client groups.
        #[arg(long = "client-groups", default_value_t = 500)]
        client_groups: usize,
        /// Varies roles, modes and IPsec choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GatewayStackArg {
    Xfrm,
    Libipsec,
}

impl GatewayStackArg {
    fn stack(self) -> emit::gateway::GatewayStack {
        match self {
            GatewayStackArg::Xfrm => emit::gateway::GatewayStack::Xfrm,
            GatewayStackArg::Libipsec => emit::gateway::GatewayStack::Libipsec,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Html,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AuditFormat {
    Text,
    Json,
    /// One JSON object per conversation per line.
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum VerifyFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code review tools.
    Sarif,
}

/// The least severity that fails a drift run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Only errors (flows cut off or in the clear).
    Error,
    /// Errors and warnings (any drift from the plan).
    Warning,
    /// Anything, notes included (hosts without state).
    Note,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ProtocolArg {
    Tcp,
    Udp,
    Icmp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Warnings fail too.
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TargetArg {
    /// Every target.
    All,
    /// netsh ipsec static scripts (Windows Server 2003 / XP).
    Netsh,
    /// nftables rulesets for the zone firewalls.
    Nftables,
    /// PowerShell NetSecurity scripts, one Group Policy object per host.
    Powershell,
    /// strongSwan swanctl.conf per host and client group.
    Swanctl,
}

impl TargetArg {
    fn targets(self) -> Vec<emit::Target> {
        match self {
            TargetArg::All => emit::Target::ALL.to_vec(),
            TargetArg::Netsh => vec![emit::Target::Netsh],
            TargetArg::Nftables => vec![emit::Target::Nftables],
            TargetArg::Powershell => vec![emit::Target::Powershell],
            TargetArg::Swanctl => vec![emit::Target::Swanctl],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
enum PathArg {
    SiteToSite,
    SiteServerToSiteSystem,
    ClientToSiteSystem,
    Infrastructure,
    OutOfBand,
}

impl PathArg {
    fn path(self) -> Path {
        match self {
            PathArg::SiteToSite => Path::SiteToSite,
            PathArg::SiteServerToSiteSystem => Path::SiteServerToSiteSystem,
            PathArg::ClientToSiteSystem => Path::ClientToSiteSystem,
            PathArg::Infrastructure => Path::Infrastructure,
            PathArg::OutOfBand => Path::OutOfBand,
        }
    }
}

/// Runs cordon with the process's arguments.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = std::io::stdout();
    // Large writes: an audit's JSON is tens of megabytes, and 8 KiB at a time is a
    // system call per hundred conversations.
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let code = run(args, &mut out, &mut std::io::stderr());
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    code
}

/// What went wrong, for the exit status and the message.
enum Failure {
    /// Bad input: diagnostics to render.
    Input(SourceMap, diag::Diagnostics),
    /// Anything else: one message.
    Message(String),
}

/// Runs one command, writing results to `out` and problems to `err`.
pub fn run(args: Args, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match dispatch(args, out) {
        Ok(code) => code,
        Err(Failure::Input(sources, diags)) => {
            let _ = write!(err, "{}", diag::render(&diags, &sources, styled));
            let n = diags.0.len();
            let _ = writeln!(
                err,
                "error: {n} problem{} in the input; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(2)
        }
        Err(Failure::Message(m)) => {
            let _ = writeln!(err, "error: {m}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(args: Args, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let command = args.command.unwrap_or(Command::Plan {
        file: None,
        format: Format::Text,
    });
    match command {
        Command::Plan { file, format } => {
            let loaded = Loaded::new(file)?;
            let plan = loaded.plan();
            match format {
                Format::Text => emit(out, report::text::summary(&plan).as_bytes())?,
                Format::Json => report::json::plan(&plan, out).map_err(io_failure)?,
            }
        }
        Command::Flows {
            file,
            host,
            path,
            uncertain,
            format,
        } => {
            let loaded = Loaded::new(file)?;
            let plan = loaded.plan();
            let endpoint = match host {
                Some(name) => Some(loaded.endpoint(&name)?),
                None => None,
            };
            let filter = FlowFilter {
                endpoint,
                path: path.map(PathArg::path),
                uncertain,
            };
            match format {
                Format::Text => emit(out, report::text::flows(&plan, &filter).as_bytes())?,
                Format::Json => report::json::flows(&plan, &filter, out).map_err(io_failure)?,
            }
        }
        Command::Policy { file, host, format } => {
            let loaded = Loaded::new(file)?;
            let plan = loaded.plan();
            let owner = loaded.endpoint(&host)?;
            let Some(set) = plan.policy.rules_of(owner) else {
                return Err(Failure::Message(format!(
                    "`{host}` stands for a service outside the organisation and has no IPsec policy"
                )));
            };
            match format {
                Format::Text => emit(out, report::text::policy(&plan, set).as_bytes())?,
                Format::Json => report::json::policy(&plan, owner, out).map_err(io_failure)?,
            }
        }
        Command::Verify { file, format, deny } => {
            let loaded = Loaded::new(file)?;
            let plan = loaded.plan();
            let findings = verify::verify(&verify::Ctx {
                topology: &loaded.topology,
                traffic: &loaded.traffic,
                policy: &loaded.policy,
            });
            match format {
                VerifyFormat::Text => {
                    let styled =
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                    let text = report::findings::text("verify", &findings, &loaded.sources, styled);
                    emit(out, text.as_bytes())?;
                }
                VerifyFormat::Json => {
                    report::findings::json(
                        "cordon.verify/1",
                        &plan,
                        &findings,
                        &loaded.sources,
                        out,
                    )
                    .map_err(io_failure)?;
                }
                VerifyFormat::Sarif => {
                    let log = report::sarif::log(
                        &report::sarif::verify_rules(),
                        &findings,
                        &loaded.sources,
                    );
                    serde_json::to_writer_pretty(&mut *out, &log).map_err(io_failure)?;
                    emit(out, b"\n")?;
                }
            }
            let threshold = match deny {
                Some(Deny::Warnings) => verify::Severity::Warning,
                None => verify::Severity::Error,
            };
            if findings.iter().any(|f| f.severity() <= threshold) {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Explain {
            file,
            from,
            to,
            protocol,
            port,
            format,
        } => {
            let loaded = Loaded::new(file)?;
            let query = explain::Query {
                from: loaded.locate(&from)?,
                to: loaded.locate(&to)?,
                protocol: match protocol {
                    ProtocolArg::Tcp => crate::net::Protocol::Tcp,
                    ProtocolArg::Udp => crate::net::Protocol::Udp,
                    ProtocolArg::Icmp => crate::net::Protocol::Icmp,
                },
                port,
            };
            let trace = explain::explain(&loaded.topology, &loaded.traffic, &loaded.policy, &query);
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, &trace).map_err(io_failure)?;
                    emit(out, b"\n")?;
                }
                Format::Text => emit(out, explain_text(&query, &trace).as_bytes())?,
            }
        }
        Command::Audit {
            file,
            captures,
            zeek_logs,
            threads,
            format,
            limit,
            all,
        } => {
            let inputs = audit::Inputs {
                captures,
                zeek_logs,
                threads,
            };
            return audit::run(file, &inputs, format, (!all).then_some(limit), out);
        }
        Command::Report {
            file,
            output,
            captures,
            format,
        } => {
            let loaded = Loaded::new(file)?;
            let plan = loaded.plan();
            let findings = verify::verify(&verify::Ctx {
                topology: &loaded.topology,
                traffic: &loaded.traffic,
                policy: &loaded.policy,
            });
            let audit = if captures.is_empty() {
                None
            } else {
                let never = std::sync::atomic::AtomicBool::new(false);
                let (conversations, stats) = audit::read_inputs(&captures, &[], None, &never)?;
                Some(crate::audit::classify(
                    &loaded.topology,
                    &loaded.traffic,
                    &conversations,
                    stats,
                ))
            };
            let names: Vec<String> = captures.iter().map(|c| c.display().to_string()).collect();
            let page = report::html::Page {
                plan,
                findings: &findings,
                audit: audit.as_ref(),
                captures: &names,
            };
            let text = match format {
                ReportFormat::Html => report::html::page(&page),
                ReportFormat::Markdown => report::markdown::report(&page),
            };
            match output {
                Some(path) => write_atomically(&path, text.as_bytes())?,
                None => emit(out, text.as_bytes())?,
            }
        }
        Command::Diff { old, new, format } => {
            let before = Loaded::new(Some(old))?;
            let after = Loaded::new(Some(new))?;
            let change = crate::diff::diff(&before.side(), &after.side());
            match format {
                DiffFormat::Text => emit(out, report::diff::text(&change, false).as_bytes())?,
                DiffFormat::Markdown => emit(out, report::diff::text(&change, true).as_bytes())?,
                DiffFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &report::diff::json(&change))
                        .map_err(io_failure)?;
                    emit(out, b"\n")?;
                }
            }
        }
        Command::Drift {
            file,
            state,
            format,
            fail_on,
        } => {
            return drift::run(file, &state, format, fail_on, out);
        }
        Command::Emit {
            file,
            target,
            out: dir,
            gateway_stack,
        } => {
            let loaded = Loaded::new(file)?;
            let source = format!("{} ({})", loaded.topology.name, loaded.file_name);
            let input = emit::Input {
                topology: &loaded.topology,
                traffic: &loaded.traffic,
                policy: &loaded.policy,
                source: &source,
                gateway_stack: gateway_stack.stack(),
            };
            let mut artifacts = Vec::new();
            for t in target.targets() {
                artifacts.extend(
                    emit::render(&input, t)
                        .map_err(|e| Failure::Message(format!("{e}; nothing was written")))?,
                );
            }
            emit::write(&dir, &artifacts)
                .map_err(|e| Failure::Message(format!("{e}; the previous output is untouched")))?;
            emit_summary(out, &dir, &artifacts)?;
        }
        Command::Lab {
            file,
            gateway_stack,
            hosts,
            host,
            collect_state,
        } => {
            let loaded = Loaded::new(file)?;
            let exe = std::env::current_exe().map_err(|e| Failure::Message(e.to_string()))?;
            let mut progress = |m: &str| eprintln!("lab: {m}");
            let failed = |e: crate::lab::LabError| {
                Failure::Message(format!("lab: {e}; everything it created was removed"))
            };
            let (text, passed) = if hosts {
                let options = crate::lab::hosts::HostLabOptions {
                    hosts: host,
                    collect_state,
                    ..Default::default()
                };
                let report = crate::lab::hosts::run_host_lab(
                    &loaded.topology,
                    &loaded.traffic,
                    &loaded.policy,
                    &exe,
                    &options,
                    &mut progress,
                )
                .map_err(failed)?;
                (report.text(), report.passed())
            } else {
                let options = crate::lab::gateway::GatewayLabOptions {
                    stack: gateway_stack.stack(),
                    edit_nft: None,
                    collect_state,
                };
                let report = crate::lab::run_lab(
                    &loaded.topology,
                    &loaded.traffic,
                    &loaded.policy,
                    &exe,
                    &options,
                    &mut progress,
                )
                .map_err(failed)?;
                (report.text(), report.passed())
            };
            emit(out, text.as_bytes())?;
            if !passed {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Synth {
            sites,
            hosts,
            client_groups,
            seed,
            output,
        } => {
            let text = synth::generate(synth::Params {
                sites,
                hosts,
                client_groups,
                seed,
            })
            .map_err(|e| Failure::Message(e.to_string()))?;
            match output {
                Some(path) => write_atomically(&path, text.as_bytes())?,
                None => emit(out, text.as_bytes())?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A topology and its traffic map: what a command that needs no policy reads.
struct Mapped {
    sources: SourceMap,
    topology: Topology,
    traffic: TrafficMap,
    file_name: String,
}

impl Mapped {
    fn new(file: Option<PathBuf>) -> Result<Self, Failure> {
        let mut sources = SourceMap::new();
        let topology = match topology::load(file.as_deref(), &mut sources) {
            Ok(t) => t,
            Err(LoadError::Invalid(d)) => return Err(Failure::Input(sources, d)),
            Err(e @ LoadError::Io { .. }) => return Err(Failure::Message(e.to_string())),
        };
        let traffic = traffic::build(&topology);
        let file_name = sources
            .file(topology.file)
            .map_or_else(String::new, |f| f.name.clone());
        Ok(Mapped {
            sources,
            topology,
            traffic,
            file_name,
        })
    }
}

/// A topology with everything derived from it.
struct Loaded {
    map: Mapped,
    policy: Policy,
}

impl std::ops::Deref for Loaded {
    type Target = Mapped;

    fn deref(&self) -> &Mapped {
        &self.map
    }
}

impl Loaded {
    fn new(file: Option<PathBuf>) -> Result<Self, Failure> {
        let map = Mapped::new(file)?;
        let policy = policy::build(&map.topology, &map.traffic);
        Ok(Loaded { map, policy })
    }

    fn side(&self) -> crate::diff::Side<'_> {
        crate::diff::Side {
            file_name: &self.file_name,
            topology: &self.topology,
            traffic: &self.traffic,
            policy: &self.policy,
        }
    }

    fn plan(&self) -> Plan<'_> {
        Plan {
            topology: &self.topology,
            traffic: &self.traffic,
            policy: &self.policy,
            file_name: &self.file_name,
        }
    }

    /// A packet end given as a host, a client group or an IP address.
    fn locate(&self, what: &str) -> Result<(Endpoint, std::net::IpAddr), Failure> {
        let t = &self.topology;
        if let Ok(addr) = what.parse::<std::net::IpAddr>() {
            if let Some(i) = t.hosts.iter().position(|h| h.addresses.contains(&addr)) {
                return Ok((Endpoint::Host(crate::topology::HostId(i as u32)), addr));
            }
            if let Some(i) = t
                .client_groups
                .iter()
                .position(|g| g.subnets.contains(addr))
            {
                return Ok((Endpoint::Group(crate::topology::GroupId(i as u32)), addr));
            }
            if t.outside.contains(addr) {
                return Ok((Endpoint::Internet, addr));
            }
            return Err(Failure::Message(format!(
                "{addr} belongs to no host, client group or the Internet of {}",
                self.file_name
            )));
        }
        let e = self.endpoint(what)?;
        traffic::representative_addr(t, e)
            .map(|a| (e, a))
            .ok_or_else(|| Failure::Message(format!("`{what}` has no address")))
    }

    fn endpoint(&self, name: &str) -> Result<Endpoint, Failure> {
        let t = &self.topology;
        if let Some(h) = t.host_named(name) {
            return Ok(Endpoint::Host(h));
        }
        if let Some(i) = t
            .client_groups
            .iter()
            .position(|g| g.name.eq_ignore_ascii_case(name))
        {
            return Ok(Endpoint::Group(crate::topology::GroupId(i as u32)));
        }
        let names = t
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .chain(t.client_groups.iter().map(|g| g.name.as_str()));
        Err(Failure::Message(format!(
            "there is no host or client group `{name}` in {}; {}",
            self.file_name,
            diag::suggest(name, "host", names)
        )))
    }
}

fn explain_text(q: &explain::Query, t: &explain::Trace) -> String {
    // `[fd00::10]:443`: an IPv6 address followed by `:port` reads as another address.
    let to = if q.protocol.has_ports() {
        std::net::SocketAddr::new(q.to.1, q.port).to_string()
    } else {
        q.to.1.to_string()
    };
    let mut text = format!("explain: {} {} -> {to}\n", q.protocol, q.from.1);
    if t.flows.is_empty() {
        text.push_str("flows: none of the traffic map wants this packet\n");
    }
    for f in &t.flows {
        text.push_str(&format!("flow: {f}\n"));
    }
    for (i, h) in t.hops.iter().enumerate() {
        text.push_str(&format!(
            "{}. {} {}: {}{} - {}\n",
            i + 1,
            h.kind,
            h.name,
            h.action,
            h.rule.as_ref().map_or(String::new(), |r| format!(" ({r})")),
            h.detail
        ));
        if !h.skipped.is_empty() && h.kind != "firewall" {
            text.push_str(&format!("   skipped: {}\n", h.skipped.join(", ")));
        }
    }
    let verdict = serde_json::to_value(t.verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    // A packet no flow wants passes (or not) by the policy's shape, not by need: say so,
    // so that `encrypted` is not read as "needed and protected".
    let unneeded = if t.in_traffic_map {
        ""
    } else if matches!(
        t.verdict,
        explain::Verdict::Encrypted | explain::Verdict::PlaintextAllowed
    ) {
        " (not in the traffic map: no flow needs this packet, yet the policy lets it through)"
    } else {
        " (not in the traffic map)"
    };
    text.push_str(&format!("verdict: {verdict}{unneeded} - {}\n", t.reason));
    text
}

fn emit_summary(
    out: &mut dyn Write,
    dir: &std::path::Path,
    artifacts: &[emit::Artifact],
) -> Result<(), Failure> {
    let mut text = String::new();
    for t in emit::Target::ALL {
        let n = artifacts.iter().filter(|a| a.target == t).count();
        if n > 0 {
            let bytes: usize = artifacts
                .iter()
                .filter(|a| a.target == t)
                .map(|a| a.contents.len())
                .sum();
            text.push_str(&format!("{}: {n} files, {bytes} bytes\n", t.name()));
        }
    }
    text.push_str(&format!(
        "wrote {} files and manifest.json to {}\n",
        artifacts.len(),
        dir.display()
    ));
    emit(out, text.as_bytes())
}

fn emit(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes).map_err(io_failure)
}

fn io_failure(e: impl std::fmt::Display) -> Failure {
    Failure::Message(format!("cannot write the output: {e}"))
}

/// Writes a file so that readers see the old content or the new, never half of it.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let fail =
        |e: std::io::Error| Failure::Message(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A temporary file is private; the result is an ordinary file.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
