//! `cordon explain`: one packet, hop by hop, as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use super::output::{io_failure, write_out};
use super::{Failure, Format, Loaded, ProtocolArg};
use crate::explain;

/// The packet to explain, as the command line gives it.
pub(super) struct Packet {
    /// A host, a client group or an IP address.
    pub(super) from: String,
    /// Likewise.
    pub(super) to: String,
    pub(super) protocol: ProtocolArg,
    /// The destination port (tcp and udp).
    pub(super) port: u16,
}

pub(super) fn run(
    file: Option<PathBuf>,
    packet: &Packet,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let query = explain::Query {
        from: loaded.locate(&packet.from)?,
        to: loaded.locate(&packet.to)?,
        protocol: match packet.protocol {
            ProtocolArg::Tcp => crate::net::Protocol::Tcp,
            ProtocolArg::Udp => crate::net::Protocol::Udp,
            ProtocolArg::Icmp => crate::net::Protocol::Icmp,
        },
        port: packet.port,
    };
    let trace = explain::explain(&loaded.topology, &loaded.traffic, &loaded.policy, &query);
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &trace).map_err(io_failure)?;
            write_out(out, b"\n")
        }
        Format::Text => write_out(out, text(&query, &trace).as_bytes()),
    }
}

fn text(q: &explain::Query, t: &explain::Trace) -> String {
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
