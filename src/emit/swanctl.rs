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
//! Traffic selectors are exact on the kernel: strongSwan's kernel-netlink backend holds a
//! selector's ports as one port and mask, so a range is written as its aligned blocks
//! (`5000-5100` becomes seven selectors), never as a range the kernel would widen.
//!
//! Authentication is by certificate (`auth = pubkey`): the owner presents `<owner>.pem`
//! from `x509/` as `CN=<owner>`, and a protect rule gets one connection per host peer that
//! pins the peer's identity (`CN=<peer>`) under the CA certificates (`<ca>.pem` in
//! `x509ca/`); peers that are client groups or "any" share one connection that accepts
//! any certificate of those CAs. Secrets are never written here. The IKE version of each
//! connection is the one both ends' platforms speak (`platform::capability`). strongSwan
//! has neither Kerberos IKE authentication nor a fall-back to the clear, so a rule that
//! needs either is refused, not approximated.

use ipnet::IpNet;
use std::fmt::Write as _;

use super::quote::{comment, file_component};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::policy::{IpsecRule, RuleAction, RuleSet};
use crate::topology::AuthMethod;

use crate::platform::capability::{self, Ike};
use crate::platform::xfrm::FIRST_PRIORITY;
use crate::topology::HostId;
use crate::topology::Platform;
use crate::traffic::{self, Endpoint};

/// Renders the swanctl.conf of every host and client group.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    super::per_owner(
        input,
        Target::Swanctl,
        // Every host: Linux hosts run it, and the host lab runs each host's file as the
        // Linux end it would be.
        |_| true,
        |id| format!("swanctl/{id}/swanctl.conf"),
        |set, owner| conf(input, set, owner),
    )
}

/// The swanctl.conf of one host or client group, as [`render`] writes it; `None` for an
/// owner without a rule set. What `drift` holds a deployed swanctl.conf against.
pub fn conf_of(input: &Input<'_>, owner: Endpoint) -> Option<Result<String, Unsupported>> {
    let set = input.policy.rules_of(owner)?;
    let name = traffic::endpoint_name(input.topology, owner);
    Some(conf(input, set, name))
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
        "# certificate ({}.pem, subject CN={}) in x509/ and its key in private/; the CA",
        file_component(owner),
        file_component(owner)
    );
    let _ = writeln!(out, "# certificates in x509ca/.");
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
            child(
                &mut out,
                *i,
                rule,
                &rule.local,
                &rule.remote,
                "pass",
                None,
                "",
                false,
            );
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
            RuleAction::Require => protect(&mut out, input, set, i, rule, owner)?,
        }
    }
    let _ = writeln!(out, "}}");
    Ok(out)
}

fn child_connection_block(out: &mut String, i: usize, rule: &IpsecRule) {
    let _ = writeln!(out, "\tcordon-{:02}-{} {{", i + 1, rule.name);
    let _ = writeln!(out, "\t\tchildren {{");
    child(
        out,
        i,
        rule,
        &rule.local,
        &rule.remote,
        "drop",
        None,
        "",
        false,
    );
    let _ = writeln!(out, "\t\t}}");
    let _ = writeln!(out, "\t}}");
}

/// One connection of a protect rule: the peers it negotiates with.
struct PeerConnection {
    /// Suffix of the connection name (`-<host>`), empty for the shared one.
    suffix: String,
    /// The peers' addresses (part of the rule's remote addresses).
    remote: AddrSet,
    /// The pinned identity, for a single host peer.
    id: Option<String>,
    /// The peers' platforms and key-module settings.
    platforms: Vec<(Platform, crate::topology::KeyModule)>,
}

/// Splits a protect rule's remote end by peer: where every peer is a host, one
/// connection per host, its identity pinned; otherwise (client groups, the Internet,
/// "any" among the peers) one connection that accepts any certificate of the rule's CAs,
/// since the computers behind a subnet have no names cordon knows.
fn peer_connections(input: &Input<'_>, set: &RuleSet, rule: &IpsecRule) -> Vec<PeerConnection> {
    let t = input.topology;
    let peers = super::rule_peers(input, set, rule);
    let specific = !rule.remote.is_empty() && !rule.remote.is_any();
    // Each host's share of the remote end, only where the split can happen (a rule
    // toward "any" may have thousands of peers).
    let per_host: Vec<(HostId, AddrSet)> =
        if specific && peers.iter().all(|p| matches!(p, Endpoint::Host(_))) {
            peers
                .iter()
                .filter_map(|p| match p {
                    Endpoint::Host(h) => Some((
                        *h,
                        traffic::endpoint_addrs(t, *p).intersection(&rule.remote),
                    )),
                    _ => None,
                })
                .filter(|(_, a)| !a.is_empty())
                .collect()
        } else {
            Vec::new()
        };
    let all_hosts = !per_host.is_empty()
        && per_host
            .iter()
            .fold(AddrSet::from_prefixes([]), |u, (_, a)| u.union(a))
            == rule.remote;
    if all_hosts {
        return per_host
            .into_iter()
            .map(|(h, remote)| {
                let name = file_component(&t.host(h).name);
                PeerConnection {
                    suffix: format!("-{}", section_component(&t.host(h).name, h)),
                    remote,
                    id: Some(format!("CN={name}")),
                    platforms: vec![traffic::endpoint_platform(t, Endpoint::Host(h))],
                }
            })
            .collect();
    }
    let mut platforms: Vec<_> = peers
        .iter()
        .map(|p| traffic::endpoint_platform(t, *p))
        .collect();
    if platforms.is_empty() {
        // Addresses no flow names (a subnet-wide or "any" rule): the hierarchy's.
        platforms.push((t.platform, crate::topology::KeyModule::Auto));
    }
    platforms.sort();
    platforms.dedup();
    vec![PeerConnection {
        suffix: String::new(),
        remote: rule.remote.clone(),
        id: None,
        platforms,
    }]
}

/// A host name as part of a section name, which strongswan.conf's syntax limits to
/// letters, digits, `-` and `_`; a name with other characters gets its host number too,
/// so that two names never meet.
fn section_component(name: &str, host: HostId) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean == name {
        clean
    } else {
        format!("{clean}_h{}", host.index())
    }
}

fn protect(
    out: &mut String,
    input: &Input<'_>,
    set: &RuleSet,
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
    let key_module = traffic::endpoint_settings(input.topology, set.owner)
        .map_or(crate::topology::KeyModule::Auto, |s| s.key_module);
    let ike: Vec<String> = rule.ike_proposals.iter().map(ToString::to_string).collect();
    let esp: Vec<String> = rule.proposals.iter().map(ToString::to_string).collect();
    let files: Vec<String> = cas
        .iter()
        .map(|c| format!("{}.pem", file_component(c)))
        .collect();
    for conn in peer_connections(input, set, rule) {
        let version = capability::key_module_toward(
            Platform::Linux,
            key_module,
            conn.platforms.iter().copied(),
        )
        .map_err(|why| {
            unsupported(format!(
                "rule `{}` of `{owner}`{}: {why}; set `key_module` so that both ends speak one IKE version",
                rule.name, conn.suffix
            ))
        })?;
        // charon fills a transport-mode trap's template with the connection's addresses,
        // and the kernel refuses a template of another family than the selector (EINVAL:
        // the IPv6 half of a rule would never be installed, and its packets would pass).
        // So each family gets a connection of its own; the IPv6 one names its addresses
        // as IPv6 (`%any6`) and is called `-v6` where the rule has both.
        let families: Vec<(bool, AddrSet, AddrSet)> = [false, true]
            .into_iter()
            .map(|v6| (v6, of_family(&rule.local, v6), of_family(&conn.remote, v6)))
            .filter(|(_, local, remote)| !local.is_empty() && !remote.is_empty())
            .collect();
        let both = families.len() > 1;
        for (v6, local, remote) in families {
            let suffix = if v6 && both {
                format!("{}-v6", conn.suffix)
            } else {
                conn.suffix.clone()
            };
            let _ = writeln!(out, "\tcordon-{:02}-{}{suffix} {{", i + 1, rule.name);
            let _ = writeln!(
                out,
                "\t\tversion = {}",
                match version {
                    Ike::V1 => 1,
                    Ike::V2 => 2,
                }
            );
            if v6 {
                let _ = writeln!(out, "\t\tlocal_addrs = %any6");
            }
            let _ = writeln!(out, "\t\tremote_addrs = {}", family_addrs(&remote, v6));
            let _ = writeln!(out, "\t\tproposals = {}", ike.join(", "));
            let _ = writeln!(out, "\t\tlocal {{");
            let _ = writeln!(out, "\t\t\tauth = pubkey");
            if matches!(set.owner, Endpoint::Host(_)) {
                let _ = writeln!(out, "\t\t\tcerts = {}.pem", file_component(owner));
                let _ = writeln!(out, "\t\t\tid = \"CN={}\"", file_component(owner));
            } else {
                // A client group is many computers: each presents its own certificate.
                let _ = writeln!(out, "\t\t\t# each computer's own certificate from x509/");
            }
            let _ = writeln!(out, "\t\t}}");
            let _ = writeln!(out, "\t\tremote {{");
            let _ = writeln!(out, "\t\t\tauth = pubkey");
            let _ = writeln!(out, "\t\t\tcacerts = {}", files.join(", "));
            if let Some(id) = &conn.id {
                let _ = writeln!(out, "\t\t\tid = \"{id}\"");
            }
            let _ = writeln!(out, "\t\t}}");
            let _ = writeln!(out, "\t\tchildren {{");
            child(
                out,
                i,
                rule,
                &local,
                &remote,
                "transport",
                Some(&esp),
                &suffix,
                version == Ike::V1,
            );
            let _ = writeln!(out, "\t\t}}");
            let _ = writeln!(out, "\t}}");
        }
    }
    Ok(())
}

/// The addresses of one family of a set; the whole family where the set is open.
fn of_family(set: &AddrSet, v6: bool) -> AddrSet {
    if set.is_empty() || set.is_any() {
        AddrSet::whole_family(v6)
    } else {
        set.of_family(v6)
    }
}

/// `remote_addrs` for one family: its prefixes, or `%any`/`%any6` for the whole family.
fn family_addrs(set: &AddrSet, v6: bool) -> String {
    let whole = set.prefixes().iter().all(|p| p.prefix_len() == 0);
    match (whole, v6) {
        (true, false) => "%any".to_string(),
        (true, true) => "%any6".to_string(),
        (false, _) => addrs(set),
    }
}

/// The children of one rule. IKEv1 negotiates a single pair of selectors per CHILD_SA
/// (swanctl.conf(5), `local_ts`: "When IKEv1 is used only the first selector is
/// interpreted"), so under IKEv1 every same-family pair gets a child of its own
/// (`-1`, `-2`, ...); shunts and IKEv2 take the lists whole.
#[allow(clippy::too_many_arguments)]
fn child(
    out: &mut String,
    i: usize,
    rule: &IpsecRule,
    local: &AddrSet,
    remote: &AddrSet,
    mode: &str,
    esp: Option<&[String]>,
    suffix: &str,
    one_pair_each: bool,
) {
    let pairs: Vec<(String, String)> = if one_pair_each {
        let local = selector_list(local, rule.protocol, &rule.local_ports);
        let remote = selector_list(remote, rule.protocol, &rule.remote_ports);
        local
            .iter()
            .flat_map(|l| remote.iter().map(move |r| (l.clone(), r.clone())))
            .filter(|(l, r)| l.contains(':') == r.contains(':'))
            .collect()
    } else {
        vec![(
            selectors(local, rule.protocol, &rule.local_ports),
            selectors(remote, rule.protocol, &rule.remote_ports),
        )]
    };
    let numbered = pairs.len() > 1;
    for (n, (local_ts, remote_ts)) in pairs.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t\t\t# rule {}: {} ({} flows)",
            i + 1,
            rule.name,
            rule.flows.len()
        );
        let part = if numbered {
            format!("-{}", n + 1)
        } else {
            String::new()
        };
        let _ = writeln!(out, "\t\t\tr{:02}-{}{suffix}{part} {{", i + 1, rule.name);
        let _ = writeln!(out, "\t\t\t\tlocal_ts = {local_ts}");
        let _ = writeln!(out, "\t\t\t\tremote_ts = {remote_ts}");
        let _ = writeln!(out, "\t\t\t\tmode = {mode}");
        if let Some(esp) = esp {
            let _ = writeln!(out, "\t\t\t\tesp_proposals = {}", esp.join(", "));
        }
        let _ = writeln!(out, "\t\t\t\tstart_action = trap");
        let _ = writeln!(out, "\t\t\t\tpriority = {}", FIRST_PRIORITY + i as u32);
        let _ = writeln!(out, "\t\t\t}}");
    }
}

fn addrs(set: &AddrSet) -> String {
    if set.is_any() || set.is_empty() {
        return "%any".to_string();
    }
    set.prefixes()
        .iter()
        .map(crate::net::prefix_text)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Traffic selectors: every prefix with the protocol and each exact port block, e.g.
/// `10.0.0.0/24[tcp/445], 10.0.0.0/24[tcp/5000-5007], 10.0.0.0/24[tcp/5008-5023]`.
pub(super) fn selectors(set: &AddrSet, protocol: Protocol, ports: &PortSet) -> String {
    let mut out = String::new();
    each_selector(set, protocol, ports, |selector| {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(selector);
    });
    out
}

/// The traffic selectors of [`selectors`], one string each.
fn selector_list(set: &AddrSet, protocol: Protocol, ports: &PortSet) -> Vec<String> {
    let mut out = Vec::new();
    each_selector(set, protocol, ports, |selector| {
        out.push(selector.to_string())
    });
    out
}

/// The traffic selectors of [`selectors`], each handed over in turn from one reused
/// buffer (a host's file holds thousands).
fn each_selector(set: &AddrSet, protocol: Protocol, ports: &PortSet, mut f: impl FnMut(&str)) {
    let whole;
    let prefixes = if set.is_empty() {
        whole = [IpNet::V4(Default::default()), IpNet::V6(Default::default())];
        &whole[..]
    } else {
        set.prefixes()
    };
    // The port blocks in words once, not once per prefix (a rule may name hundreds).
    let blocks: Vec<String> = if !protocol.has_ports() || ports.is_any() || ports.is_empty() {
        Vec::new()
    } else {
        ports
            .blocks()
            .iter()
            .map(|b| b.range().to_string())
            .collect()
    };
    let mut selector = String::new();
    for p in prefixes {
        selector.clear();
        crate::net::push_prefix(&mut selector, p);
        let proto = match protocol {
            Protocol::Any => None,
            Protocol::Esp => Some("esp"),
            Protocol::Icmp if matches!(p, IpNet::V6(_)) => Some("ipv6-icmp"),
            Protocol::Icmp => Some("icmp"),
            Protocol::Tcp => Some("tcp"),
            Protocol::Udp => Some("udp"),
        };
        let Some(proto) = proto else {
            f(&selector);
            continue;
        };
        selector.push('[');
        selector.push_str(proto);
        if blocks.is_empty() {
            selector.push(']');
            f(&selector);
            continue;
        }
        selector.push('/');
        let stem = selector.len();
        for b in &blocks {
            selector.truncate(stem);
            selector.push_str(b);
            selector.push(']');
            f(&selector);
        }
    }
}
