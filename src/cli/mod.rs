//! The command line: the only code that reads argv, writes stdout and stderr, and picks
//! the exit status (0 success, 1 findings, 2 bad input, usage or I/O error).
//!
//! Each verb is a thin pipe in a file of its own: load the topology (`loaded`), run the
//! stages it needs, hand the result to `report`, write it (`output`). This file holds the
//! arguments, and the hand-off from each command to its file.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod audit;
mod diff;
mod drift;
mod emit;
mod explain;
mod flows;
mod lab;
mod loaded;
mod output;
mod plan;
mod policy;
mod report;
mod synth;
mod verify;

use crate::catalog::Path;
use crate::diag;
use crate::source::SourceMap;
use loaded::{Loaded, Mapped};

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
    fn stack(self) -> crate::emit::gateway::GatewayStack {
        match self {
            GatewayStackArg::Xfrm => crate::emit::gateway::GatewayStack::Xfrm,
            GatewayStackArg::Libipsec => crate::emit::gateway::GatewayStack::Libipsec,
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
    fn targets(self) -> Vec<crate::emit::Target> {
        match self {
            TargetArg::All => crate::emit::Target::ALL.to_vec(),
            TargetArg::Netsh => vec![crate::emit::Target::Netsh],
            TargetArg::Nftables => vec![crate::emit::Target::Nftables],
            TargetArg::Powershell => vec![crate::emit::Target::Powershell],
            TargetArg::Swanctl => vec![crate::emit::Target::Swanctl],
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
    let styled = output::coloured(std::io::stderr().is_terminal());
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

/// Hands each command its arguments; with none, `cordon` plans the built-in example.
fn dispatch(args: Args, out: &mut dyn Write) -> Result<ExitCode, Failure> {
    let command = args.command.unwrap_or(Command::Plan {
        file: None,
        format: Format::Text,
    });
    match command {
        Command::Plan { file, format } => plan::run(file, format, out)?,
        Command::Flows {
            file,
            host,
            path,
            uncertain,
            format,
        } => {
            let filter = flows::Filter {
                host,
                path,
                uncertain,
            };
            flows::run(file, filter, format, out)?;
        }
        Command::Policy { file, host, format } => policy::run(file, &host, format, out)?,
        Command::Verify { file, format, deny } => return verify::run(file, format, deny, out),
        Command::Explain {
            file,
            from,
            to,
            protocol,
            port,
            format,
        } => {
            let packet = explain::Packet {
                from,
                to,
                protocol,
                port,
            };
            explain::run(file, &packet, format, out)?;
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
        } => report::run(file, &captures, format, output, out)?,
        Command::Diff { old, new, format } => diff::run(old, new, format, out)?,
        Command::Drift {
            file,
            state,
            format,
            fail_on,
        } => return drift::run(file, &state, format, fail_on, out),
        Command::Emit {
            file,
            target,
            out: dir,
            gateway_stack,
        } => emit::run(file, target, &dir, gateway_stack, out)?,
        Command::Lab {
            file,
            gateway_stack,
            hosts,
            host,
            collect_state,
        } => {
            let options = lab::Options {
                gateway_stack,
                hosts,
                host,
                collect_state,
            };
            return lab::run(file, options, out);
        }
        Command::Synth {
            sites,
            hosts,
            client_groups,
            seed,
            output,
        } => {
            let params = crate::synth::Params {
                sites,
                hosts,
                client_groups,
                seed,
            };
            synth::run(params, output, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
