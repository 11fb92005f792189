//! strongSwan `swanctl.conf`: one `swanctl/<owner>/swanctl.conf` per host and client group.
//!
//! Every rule of the policy becomes one CHILD_SA configuration, in rule order, with a fixed
//! `priority` so that the kernel honours cordon's first-match order (a lower value wins):
//! - exemptions are `mode = pass` shunts, installed at load (`start_action = trap`);
//! - protect rules are transport-mode children with `start_action = trap`: matching
//!   traffic is held until an SA exists, never sent in the clear — the seed's "Do not
//!   allow unsecured communication". Each gets its own connection so that its peers
//!   (`remote_addrs`), proposals and authentication are its own.
//!
//! Authentication is by certificate (`auth = pubkey`) with the CA's certificate named
//! `<ca>.pem` in `x509ca/` and the owner's certificate and key supplied by the operator;
//! secrets are never written here. strongSwan has neither Kerberos IKE authentication nor
//! a fall-back to the clear, so a rule that needs either is refused, not approximated.

use std::fmt::Write as _;

use super::quote::{comment, file_component};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::policy::{IpsecRule, RuleAction, RuleSet};
use crate::topology::AuthMethod;

/// Priority of the first rule; each later rule gets the next value.
const FIRST_PRIORITY: u32 = 1000;

/// Renders the swanctl.conf of every host and client group.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    super::per_owner(
        input,
        Target::Swanctl,
        |id| format!("swanctl/{id}/swanctl.conf"),
        |set, owner| conf(input, set, owner),
    )
}

fn unsupported(what: String) -> Unsupported {
    Unsupported {
        target: "swanctl",
        what,
    }
}

fn conf(input: &Input<'_>, set: &RuleSet, owner: &str) -> Result<String, Unsupported> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# cordon: IPsec policy of {} for strongSwan",
        comment(owner)
    );
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# {} rules in first-match order (lower priority value wins). Put this computer's",
        set.rules.len()
    );
    let _ = writeln!(
        out,
        "# certificate in x509/ and its key in private/; the CA certificates in x509ca/."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "connections {{");
    let exemptions: Vec<(usize, &IpsecRule)> = set
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.action == RuleAction::Permit)
        .collect();
    if !exemptions.is_empty() {
        let _ = writeln!(out, "\tcordon-exemptions {{");
        let _ = writeln!(out, "\t\tchildren {{");
        for (i, rule) in &exemptions {
            child(&mut out, *i, rule, "pass", None);
        }
        let _ = writeln!(out, "\t\t}}");
        let _ = writeln!(out, "\t}}");
    }
    for (i, rule) in set.rules.iter().enumerate() {
        match rule.action {
            RuleAction::Permit => {}
            RuleAction::Block => child_connection_block(&mut out, i, rule),
            RuleAction::Request => {
                return Err(unsupported(format!(
                    "rule `{}` of `{owner}` asks for `request` (fall back to the clear), which strongSwan cannot do; set action = \"require\" for this host",
                    rule.name
                )));
            }
            RuleAction::Require => protect(&mut out, input, i, rule, owner)?,
        }
    }
    let _ = writeln!(out, "}}");
    Ok(out)
}

fn child_connection_block(out: &mut String, i: usize, rule: &IpsecRule) {
    let _ = writeln!(out, "\tcordon-{:02}-{} {{", i + 1, rule.name);
    let _ = writeln!(out, "\t\tchildren {{");
    child(out, i, rule, "drop", None);
    let _ = writeln!(out, "\t\t}}");
    let _ = writeln!(out, "\t}}");
}

fn protect(
    out: &mut String,
    input: &Input<'_>,
    i: usize,
    rule: &IpsecRule,
    owner: &str,
) -> Result<(), Unsupported> {
    let cas: Vec<&str> = rule
        .auth
        .iter()
        .filter_map(|a| match a {
            AuthMethod::Certificate(ca) => Some(input.topology.ca(*ca).name.as_str()),
            AuthMethod::Kerberos => None,
        })
        .collect();
    if cas.is_empty() {
        return Err(unsupported(format!(
            "rule `{}` of `{owner}` authenticates only with Kerberos, which strongSwan does not offer for IKE; add a certificate authority to `authentication`",
            rule.name
        )));
    }
    let ike: Vec<String> = rule.ike_proposals.iter().map(ToString::to_string).collect();
    let esp: Vec<String> = rule.proposals.iter().map(ToString::to_string).collect();
    let _ = writeln!(out, "\tcordon-{:02}-{} {{", i + 1, rule.name);
    let _ = writeln!(out, "\t\tversion = 2");
    let _ = writeln!(out, "\t\tremote_addrs = {}", addrs(&rule.remote));
    let _ = writeln!(out, "\t\tproposals = {}", ike.join(", "));
    let _ = writeln!(out, "\t\tlocal {{");
    let _ = writeln!(out, "\t\t\tauth = pubkey");
    let _ = writeln!(out, "\t\t}}");
    let _ = writeln!(out, "\t\tremote {{");
    let _ = writeln!(out, "\t\t\tauth = pubkey");
    let files: Vec<String> = cas
        .iter()
        .map(|c| format!("{}.pem", file_component(c)))
        .collect();
    let _ = writeln!(out, "\t\t\tcacerts = {}", files.join(", "));
    let _ = writeln!(out, "\t\t}}");
    let _ = writeln!(out, "\t\tchildren {{");
    child(out, i, rule, "transport", Some(&esp));
    let _ = writeln!(out, "\t\t}}");
    let _ = writeln!(out, "\t}}");
    Ok(())
}

fn child(out: &mut String, i: usize, rule: &IpsecRule, mode: &str, esp: Option<&[String]>) {
    let _ = writeln!(
        out,
        "\t\t\t# rule {}: {} ({} flows)",
        i + 1,
        rule.name,
        rule.flows.len()
    );
    let _ = writeln!(out, "\t\t\tr{:02}-{} {{", i + 1, rule.name);
    let _ = writeln!(
        out,
        "\t\t\t\tlocal_ts = {}",
        selectors(&rule.local, rule.protocol, &rule.local_ports)
    );
    let _ = writeln!(
        out,
        "\t\t\t\tremote_ts = {}",
        selectors(&rule.remote, rule.protocol, &rule.remote_ports)
    );
    let _ = writeln!(out, "\t\t\t\tmode = {mode}");
    if let Some(esp) = esp {
        let _ = writeln!(out, "\t\t\t\tesp_proposals = {}", esp.join(", "));
    }
    let _ = writeln!(out, "\t\t\t\tstart_action = trap");
    let _ = writeln!(out, "\t\t\t\tpriority = {}", FIRST_PRIORITY + i as u32);
    let _ = writeln!(out, "\t\t\t}}");
}

fn addrs(set: &AddrSet) -> String {
    if set.is_any() || set.is_empty() {
        return "%any".to_string();
    }
    set.prefixes()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Traffic selectors: every prefix with the protocol and each port range, e.g.
/// `10.0.0.0/24[tcp/445], 10.0.0.0/24[tcp/1025-5000]`.
pub(super) fn selectors(set: &AddrSet, protocol: Protocol, ports: &PortSet) -> String {
    let prefixes: Vec<String> = if set.is_empty() {
        vec!["0.0.0.0/0".to_string(), "::/0".to_string()]
    } else {
        set.prefixes().iter().map(ToString::to_string).collect()
    };
    let mut out = Vec::new();
    for p in &prefixes {
        let v6 = p.contains(':');
        let proto = match protocol {
            Protocol::Any => None,
            Protocol::Esp => Some("esp"),
            Protocol::Icmp if v6 => Some("ipv6-icmp"),
            Protocol::Icmp => Some("icmp"),
            Protocol::Tcp => Some("tcp"),
            Protocol::Udp => Some("udp"),
        };
        match proto {
            None => out.push(p.clone()),
            Some(proto) if !protocol.has_ports() || ports.is_any() || ports.is_empty() => {
                out.push(format!("{p}[{proto}]"));
            }
            Some(proto) => {
                for r in ports.ranges() {
                    out.push(format!("{p}[{proto}/{r}]"));
                }
            }
        }
    }
    out.join(", ")
}
