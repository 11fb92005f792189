//! Text output for people: the plan summary, the flow listing and one host's rules, as
//! tables. The same values as the JSON form, fewer of them.

use std::fmt::Write as _;

use comfy_table::{Table, presets};
use serde::Serialize;

use super::{FlowFilter, Plan};
use crate::catalog::Path;
use crate::net::Protocol;
use crate::policy::{FirewallRuleKind, IpsecRule, RuleSet};
use crate::topology::{AuthMethod, Design};
use crate::traffic::{self, Endpoint, Protection};

/// Counts that describe a plan.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Hosts in the topology.
    pub hosts: usize,
    /// Client groups in the topology.
    pub client_groups: usize,
    /// Sites.
    pub sites: usize,
    /// Zones.
    pub zones: usize,
    /// Firewalls.
    pub firewalls: usize,
    /// Flows in the traffic map.
    pub flows: usize,
    /// Flows IPsec must encrypt.
    pub encrypt: usize,
    /// Flows that travel in the clear.
    pub exempt: usize,
    /// Flows that rest on catalog rows marked `certain = false`.
    pub uncertain_flows: usize,
    /// IPsec rules over all hosts and client groups.
    pub host_rules: usize,
    /// Rules over all firewalls.
    pub firewall_rules: usize,
}

impl Summary {
    /// Counts a plan.
    pub fn of(p: &Plan<'_>) -> Summary {
        let t = p.topology;
        let flows = &p.traffic.flows;
        let encrypt = flows
            .iter()
            .filter(|f| f.protection == Protection::Encrypt)
            .count();
        Summary {
            hosts: t.hosts.len(),
            client_groups: t.client_groups.len(),
            sites: t.sites.len(),
            zones: t.zones.len(),
            firewalls: t.firewalls.len(),
            flows: flows.len(),
            encrypt,
            exempt: flows.len() - encrypt,
            uncertain_flows: flows.iter().filter(|f| !traffic::row(t, f).certain).count(),
            host_rules: p
                .policy
                .hosts
                .iter()
                .chain(&p.policy.groups)
                .map(|s| s.rules.len())
                .sum(),
            firewall_rules: p.policy.firewalls.iter().map(|f| f.rules.len()).sum(),
        }
    }
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED);
    t.set_header(header.to_vec());
    t
}

/// The `plan` summary: counts by path, then one line per host, client group and firewall.
pub fn summary(p: &Plan<'_>) -> String {
    let t = p.topology;
    let s = Summary::of(p);
    let mut out = String::new();
    let _ = writeln!(out, "cordon plan: {} ({})", t.name, p.file_name);
    let _ = writeln!(
        out,
        "catalog {} ({} rows); {} sites, {} zones, {} firewalls, {} hosts, {} client groups",
        t.catalog.name,
        t.catalog.rows.len(),
        s.sites,
        s.zones,
        s.firewalls,
        s.hosts,
        s.client_groups
    );
    let _ = writeln!(out);
    traffic_section(p, &s, &mut out);
    let _ = writeln!(out);
    policy_section(p, &s, &mut out);
    firewalls_section(p, &s, &mut out);
    tunnels_section(p, &mut out);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Next: `cordon flows FILE --host NAME`, `cordon policy FILE --host NAME`, `cordon plan FILE --format json`."
    );
    out
}

/// The traffic map: flows by path, to encrypt or exempt, and the uncertain rows.
fn traffic_section(p: &Plan<'_>, s: &Summary, out: &mut String) {
    let t = p.topology;
    let _ = writeln!(
        out,
        "Traffic map: {} flows, {} to encrypt, {} exempt",
        s.flows, s.encrypt, s.exempt
    );
    let mut paths = table(&["path", "flows", "encrypt", "exempt"]);
    for path in Path::ALL {
        let on: Vec<_> = p.traffic.flows.iter().filter(|f| f.path == path).collect();
        let enc = on
            .iter()
            .filter(|f| f.protection == Protection::Encrypt)
            .count();
        paths.add_row(vec![
            path.name().to_string(),
            on.len().to_string(),
            enc.to_string(),
            (on.len() - enc).to_string(),
        ]);
    }
    let _ = writeln!(out, "{paths}");
    if s.uncertain_flows > 0 {
        let mut rows: Vec<&str> = p
            .traffic
            .flows
            .iter()
            .map(|f| traffic::row(t, f))
            .filter(|r| !r.certain)
            .map(|r| r.id.as_str())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let _ = writeln!(
            out,
            "{} flows rest on {} catalog rows marked uncertain; list them with `cordon flows FILE --uncertain`.",
            s.uncertain_flows,
            rows.len()
        );
    }
}

/// The IPsec policy: a row per host and client group.
fn policy_section(p: &Plan<'_>, s: &Summary, out: &mut String) {
    let t = p.topology;
    let _ = writeln!(
        out,
        "IPsec policy: {} rules on {} hosts and {} client groups",
        s.host_rules,
        p.policy.hosts.len(),
        p.policy.groups.len()
    );
    let mut per_owner: std::collections::HashMap<Endpoint, usize> =
        std::collections::HashMap::new();
    for f in &p.traffic.flows {
        *per_owner.entry(f.from).or_default() += 1;
        *per_owner.entry(f.to).or_default() += 1;
    }
    let mut hosts = table(&[
        "host", "zone", "site", "roles", "design", "flows", "rules", "require", "permit",
    ]);
    for set in p.policy.hosts.iter().chain(&p.policy.groups) {
        let (zone, site, roles) = owner_facts(p, set.owner);
        let design = design_name(set.design);
        let flows = per_owner.get(&set.owner).copied().unwrap_or(0);
        let count = |a: &str| set.rules.iter().filter(|r| r.action.name() == a).count();
        hosts.add_row(vec![
            traffic::endpoint_name(t, set.owner).to_string(),
            zone,
            site,
            roles,
            design.to_string(),
            flows.to_string(),
            set.rules.len().to_string(),
            (count("require") + count("request")).to_string(),
            count("permit").to_string(),
        ]);
    }
    let _ = writeln!(out, "{hosts}");
}

/// The firewalls' rules, counted by what they pass.
fn firewalls_section(p: &Plan<'_>, s: &Summary, out: &mut String) {
    let t = p.topology;
    if !p.policy.firewalls.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Firewalls: {} rules; everything else between their zones is dropped",
            s.firewall_rules
        );
        let mut fws = table(&[
            "firewall",
            "joins",
            "nat",
            "rules",
            "ike udp/500",
            "nat-t udp/4500",
            "esp",
            "exempt",
        ]);
        for fp in &p.policy.firewalls {
            let fw = t.firewall(fp.firewall);
            let count = |k: fn(&FirewallRuleKind) -> bool| {
                fp.rules.iter().filter(|r| k(&r.kind)).count().to_string()
            };
            fws.add_row(vec![
                fw.name.clone(),
                fw.joins
                    .iter()
                    .map(|z| t.zone(*z).name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if fw.nat { "yes" } else { "no" }.to_string(),
                fp.rules.len().to_string(),
                count(|k| *k == FirewallRuleKind::Ike),
                count(|k| *k == FirewallRuleKind::NatTraversal),
                count(|k| *k == FirewallRuleKind::Esp),
                count(|k| matches!(k, FirewallRuleKind::Exempt(_))),
            ]);
        }
        let _ = writeln!(out, "{fws}");
    }
}

/// The tunnels between site gateways, a row per child.
fn tunnels_section(p: &Plan<'_>, out: &mut String) {
    let t = p.topology;
    if !p.policy.tunnels.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Tunnels between site gateways (tunnel mode):");
        let mut tab = table(&[
            "gateways", "WAN", "child", "from", "to", "protocol", "ports", "flows",
        ]);
        for tn in &p.policy.tunnels {
            let [a, b] = tn.gateways.map(|g| t.gateway(g));
            for c in &tn.children {
                tab.add_row(vec![
                    format!("{} <-> {}", a.name, b.name),
                    format!("{} <-> {}", a.wan, b.wan),
                    c.name.clone(),
                    traffic::endpoint_name(t, c.from).to_string(),
                    traffic::endpoint_name(t, c.to).to_string(),
                    c.protocol.to_string(),
                    c.ports.to_string(),
                    c.flows.len().to_string(),
                ]);
            }
        }
        let _ = writeln!(out, "{tab}");
    }
}

fn design_name(d: Design) -> &'static str {
    match d {
        Design::AnyToSubnet => "any<->subnet",
        Design::HostToHost => "host-to-host",
    }
}

pub(crate) fn owner_facts(p: &Plan<'_>, owner: Endpoint) -> (String, String, String) {
    let t = p.topology;
    let (zone, site, roles) = match owner {
        Endpoint::Host(h) => {
            let host = t.host(h);
            (host.zone, host.site, &host.declared_roles)
        }
        Endpoint::Group(g) => {
            let group = t.group(g);
            (group.zone, Some(group.site), &group.roles)
        }
        Endpoint::Internet => return (String::new(), String::new(), String::new()),
    };
    let mut role_names: Vec<&str> = roles
        .iter()
        .map(|r| t.catalog.role_name(*r))
        .filter(|r| *r != "any_host")
        .collect();
    if let Endpoint::Host(h) = owner {
        let host = t.host(h);
        if host.client_agent {
            role_names.push("+client agent");
        }
        if host.domain_controller && !role_names.contains(&"domain_controller") {
            role_names.push("+DC");
        }
        if host.oob_managed {
            role_names.push("+AMT");
        }
    }
    (
        t.zone(zone).name.clone(),
        site.map_or("-".to_string(), |s| t.site(s).code.clone()),
        role_names.join(", "),
    )
}

/// The flow listing.
pub fn flows(p: &Plan<'_>, filter: &FlowFilter) -> String {
    let t = p.topology;
    let mut tab = table(&[
        "flow",
        "from",
        "to",
        "proto",
        "ports",
        "service",
        "path",
        "protection",
        "catalog row",
    ]);
    let mut shown = 0usize;
    for f in p.traffic.flows.iter().filter(|f| filter.keeps(p, f)) {
        shown += 1;
        let row = traffic::row(t, f);
        tab.add_row(vec![
            p.traffic.flow_id(t, f),
            traffic::endpoint_name(t, f.from).to_string(),
            traffic::endpoint_name(t, f.to).to_string(),
            f.protocol.to_string(),
            p.traffic.ports(f).to_string(),
            row.service.clone(),
            f.path.name().to_string(),
            match f.protection {
                Protection::Encrypt => "encrypt".to_string(),
                Protection::Exempt(r) => format!("exempt ({})", r.code()),
            },
            if row.certain {
                row.id.clone()
            } else {
                format!("{} (uncertain)", row.id)
            },
        ]);
    }
    format!("{tab}\n{shown} of {} flows\n", p.traffic.flows.len())
}

/// One host's or client group's rules, in order, in the seed's vocabulary: IP filter
/// list, filter action, authentication methods.
pub fn policy(p: &Plan<'_>, set: &RuleSet) -> String {
    let t = p.topology;
    let (zone, site, roles) = owner_facts(p, set.owner);
    let design = design_name(set.design);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "IPsec policy of {} (zone {zone}, site {site}, roles {roles}; design {design})",
        traffic::endpoint_name(t, set.owner)
    );
    let _ = writeln!(
        out,
        "First match wins; traffic no rule matches passes without IPsec."
    );
    let mut tab = table(&[
        "#",
        "rule",
        "IP filter list (local <-> remote, mirrored)",
        "filter action",
        "authentication methods",
        "proposals",
        "flows",
    ]);
    for (i, r) in set.rules.iter().enumerate() {
        tab.add_row(vec![
            (i + 1).to_string(),
            r.name.clone(),
            filter_text(p, r),
            action_text(r),
            r.auth
                .iter()
                .map(|a| auth_text(p, *a))
                .collect::<Vec<_>>()
                .join("; then "),
            r.proposals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            r.flows.len().to_string(),
        ]);
    }
    let _ = writeln!(out, "{tab}");
    out
}

pub(crate) fn filter_text(p: &Plan<'_>, r: &IpsecRule) -> String {
    let ports = |set: &crate::net::PortSet| {
        if set.is_any() || set.is_empty() {
            String::new()
        } else {
            format!(":{set}")
        }
    };
    let proto = match r.protocol {
        Protocol::Any => "any protocol".to_string(),
        other => other.to_string(),
    };
    // An IPv6 address followed by `:port` reads as another address: bracket the
    // addresses, as in `[fd00::10]:443`.
    let side = |addrs: &crate::net::AddrSet, port_set: &crate::net::PortSet| {
        let (a, ports) = (addr_text(p, addrs), ports(port_set));
        if !ports.is_empty() && a.contains(':') {
            format!("[{a}]{ports}")
        } else {
            format!("{a}{ports}")
        }
    };
    format!(
        "{} <-> {} {proto}",
        side(&r.local, &r.local_ports),
        side(&r.remote, &r.remote_ports)
    )
}

/// An address set as a person reads it: the Internet by name rather than as the dozens
/// of prefixes that make up "outside every zone".
pub(crate) fn addr_text(p: &Plan<'_>, set: &crate::net::AddrSet) -> String {
    if !set.is_any() && *set == p.topology.outside {
        "internet (outside all zones)".to_string()
    } else {
        set.to_string()
    }
}

pub(crate) fn action_text(r: &IpsecRule) -> String {
    match r.action.name() {
        "require" => "require (do not allow unsecured communication)".to_string(),
        "request" => "request (accept unsecured, respond with IPsec)".to_string(),
        "permit" => match r.kind {
            crate::policy::RuleKind::Exemption(reason) => format!("permit ({})", reason.code()),
            _ => "permit".to_string(),
        },
        other => other.to_string(),
    }
}

pub(crate) fn auth_text(p: &Plan<'_>, a: AuthMethod) -> String {
    match a {
        AuthMethod::Certificate(ca) => format!("certificate from {}", p.topology.ca(ca).subject),
        AuthMethod::Kerberos => "Kerberos V5".to_string(),
    }
}
