//! nftables rulesets for the zone firewalls: one `nftables/<firewall>.nft` per firewall.
//!
//! Each file replaces the table `inet cordon` as a whole (`table` + `delete table` + the
//! new table, so it can be loaded again and again) with one `forward` chain whose policy
//! is drop: replies of allowed connections pass, then one `accept` per firewall rule of the
//! policy (IKE, NAT-T, ESP, exempt flows), split by address family, and nothing else
//! crosses between the zones the firewall joins. Comment lines above each rule name the
//! flows it serves; the `comment` on the rule itself is the rule's name.

use std::fmt::Write as _;

use super::quote::{comment, file_component};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::policy::{FirewallPolicy, FirewallRule, FirewallRuleKind};

/// How many flow ids the comment above a rule lists before it only counts the rest.
const LISTED_FLOWS: usize = 8;

/// Renders every firewall's ruleset.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    Ok(input
        .policy
        .firewalls
        .iter()
        .map(|fp| {
            let fw = input.topology.firewall(fp.firewall);
            Artifact {
                path: format!("nftables/{}.nft", file_component(&fw.name)),
                owner: fw.name.clone(),
                target: Target::Nftables,
                contents: ruleset(input, fp),
            }
        })
        .collect())
}

fn ruleset(input: &Input<'_>, fp: &FirewallPolicy) -> String {
    let t = input.topology;
    let fw = t.firewall(fp.firewall);
    let zones: Vec<&str> = fw.joins.iter().map(|z| t.zone(*z).name.as_str()).collect();
    let mut out = String::new();
    let _ = writeln!(out, "#!/usr/sbin/nft -f");
    let _ = writeln!(out, "# cordon: firewall {}", comment(&fw.name));
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# joins: {}; NAT: {}",
        comment(&zones.join(", ")),
        if fw.nat { "yes" } else { "no" }
    );
    // The administrator's rules of record are theirs: cordon reckons with them (verify,
    // explain) but does not write them again.
    let ours: Vec<&FirewallRule> = fp
        .rules
        .iter()
        .filter(|r| r.kind != FirewallRuleKind::OfRecord)
        .collect();
    let _ = writeln!(
        out,
        "# {} rules; everything else between these zones is dropped.",
        ours.len()
    );
    let of_record = fp.rules.len() - ours.len();
    if of_record > 0 {
        let _ = writeln!(
            out,
            "# The firewall's {of_record} rules of record (the topology's `rules`) are not repeated here."
        );
    }
    let _ = writeln!(out);
    replace_table(&mut out, "cordon");
    chain_head(&mut out, "forward", &[]);
    for rule in ours {
        let _ = writeln!(out);
        flows_comment(&mut out, input, rule);
        for line in rule_lines(rule) {
            let _ = writeln!(out, "\t\t{line}");
        }
    }
    let _ = writeln!(out, "\t}}");
    let _ = writeln!(out, "}}");
    out
}

/// Opens `table inet NAME`, replacing any earlier one whole, so a file loads again and
/// again.
pub(super) fn replace_table(out: &mut String, name: &str) {
    let _ = writeln!(out, "table inet {name}");
    let _ = writeln!(out, "delete table inet {name}");
    let _ = writeln!(out, "table inet {name} {{");
}

/// Opens a base chain on `hook` with policy drop, passing replies of allowed
/// connections (and, when forwarding, dropping invalid ones). `before_conntrack` goes
/// above the conntrack accept: what must hold even for established connections.
pub(super) fn chain_head(out: &mut String, hook: &str, before_conntrack: &[String]) {
    let _ = writeln!(out, "\tchain {hook} {{");
    let _ = writeln!(
        out,
        "\t\ttype filter hook {hook} priority filter; policy drop;"
    );
    for line in before_conntrack {
        let _ = writeln!(out, "\t\t{line}");
    }
    let _ = writeln!(out, "\t\tct state established,related accept");
    if hook == "forward" {
        let _ = writeln!(out, "\t\tct state invalid drop");
    }
}

fn flows_comment(out: &mut String, input: &Input<'_>, rule: &FirewallRule) {
    let what = match rule.kind {
        FirewallRuleKind::Ike => "IKE (UDP 500)".to_string(),
        FirewallRuleKind::NatTraversal => "NAT-T (UDP 4500: IKE and ESP in UDP)".to_string(),
        FirewallRuleKind::Esp => "ESP (IP 50)".to_string(),
        FirewallRuleKind::Exempt(reason) => format!("in the clear: {}", reason.explain()),
        FirewallRuleKind::OfRecord => "a rule of record".to_string(),
    };
    let _ = writeln!(out, "\t\t# {}: {}", rule.name, comment(&what));
    let ids: Vec<String> = rule
        .flows
        .iter()
        .take(LISTED_FLOWS)
        .filter_map(|id| input.traffic.flows.get(id.0 as usize))
        .map(|f| input.traffic.flow_id(input.topology, f))
        .collect();
    let rest = rule.flows.len().saturating_sub(ids.len());
    let _ = write!(out, "\t\t# flows: {}", comment(&ids.join(", ")));
    if rest > 0 {
        let _ = write!(out, " and {rest} more");
    }
    let _ = writeln!(out);
}

/// The `accept` lines of one rule: one per address family that has both ends.
fn rule_lines(rule: &FirewallRule) -> Vec<String> {
    let mut lines = Vec::new();
    for (family, v6) in [("ip", false), ("ip6", true)] {
        let src = family_set(&rule.source, v6);
        let dst = family_set(&rule.destination, v6);
        let (Some(src), Some(dst)) = (src, dst) else {
            continue;
        };
        let mut line = String::new();
        if let Some(s) = src {
            let _ = write!(line, "{family} saddr {s} ");
        }
        if let Some(d) = dst {
            let _ = write!(line, "{family} daddr {d} ");
        }
        line.push_str(&protocol_match(
            rule.protocol,
            &rule.ports,
            v6,
            PortField::Destination,
        ));
        let _ = write!(line, "accept comment \"{}\"", rule.name);
        lines.push(line);
    }
    lines
}

/// The family's part of a set: `None` when it has none (no line for this family),
/// `Some(None)` when it is the whole family (no match needed), else the nft expression.
pub(super) fn family_set(set: &AddrSet, v6: bool) -> Option<Option<String>> {
    let prefixes: Vec<String> = set
        .prefixes()
        .iter()
        .filter(|p| matches!(p, ipnet::IpNet::V6(_)) == v6)
        .map(crate::net::display_prefix)
        .collect();
    match prefixes.as_slice() {
        [] => None,
        [one] if one == "0.0.0.0/0" || one == "::/0" => Some(None),
        [one] => Some(Some(one.clone())),
        many => Some(Some(format!("{{ {} }}", many.join(", ")))),
    }
}

/// Which port of a packet a match reads: a flow's requests carry its ports as the
/// destination, its replies as the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PortField {
    /// `dport`.
    Destination,
    /// `sport`.
    Source,
}

pub(super) fn protocol_match(
    protocol: Protocol,
    ports: &PortSet,
    v6: bool,
    field: PortField,
) -> String {
    let field = match field {
        PortField::Destination => "dport",
        PortField::Source => "sport",
    };
    let port_expr = || {
        let parts: Vec<String> = ports.ranges().iter().map(ToString::to_string).collect();
        match parts.as_slice() {
            [one] => one.clone(),
            many => format!("{{ {} }}", many.join(", ")),
        }
    };
    match protocol {
        Protocol::Any => String::new(),
        Protocol::Esp => "meta l4proto esp ".to_string(),
        Protocol::Icmp if v6 => "meta l4proto ipv6-icmp ".to_string(),
        Protocol::Icmp => "meta l4proto icmp ".to_string(),
        Protocol::Tcp | Protocol::Udp if ports.is_empty() || ports.is_any() => {
            format!("meta l4proto {protocol} ")
        }
        Protocol::Tcp | Protocol::Udp => format!("{protocol} {field} {} ", port_expr()),
    }
}
