//! Legacy `netsh ipsec static` (Windows Server 2003 / XP, the seed's own era): one
//! `netsh/<owner>.cmd` per host and client group.
//!
//! Each script deletes and recreates its policy `cordon-<owner>`: filter actions (permit;
//! negotiate with `inpass=no soft=no` for "Do not allow unsecured communication"; negotiate
//! with `inpass=yes soft=yes` for request), one filter list per rule with mirrored filters,
//! and rules that bind filter list, filter action and authentication (certificates from the
//! named root CA, and/or Kerberos). Every object is created before it is referenced, once.
//!
//! What this platform cannot say, and what cordon does about it (each noted in the script):
//! - IPv6: Windows Server 2003 IPsec policies are IPv4 only. The IPv6 part of a rule is
//!   left out and the script says which rule and how many flows lose it.
//! - Port ranges: a filter holds one port, so a range becomes one filter per port (up to
//!   [`crate::platform::windows::MAX_LISTED_PORTS`]; beyond, the owner is refused with the fix). Never a
//!   wider filter: "every port" would tie with other rules' filters.
//! - Ciphers: only DES and 3DES with MD5 or SHA1; a policy with none of these is refused.
//! - Names: cmd.exe cannot hold `"` inside a quoted argument, so a CA subject with one is
//!   refused; every object name is derived from [`super::quote::file_component`] and cannot hold one.
//!
//! Windows Server 2003 applies the most specific matching filter, whatever rule holds it
//! ("IPsec filter ordering"). The filters are [`crate::platform::windows::synthesize`]'s, on which that
//! choice gives the plan's action, checked by [`crate::platform::windows::check`] before anything is
//! written. Authentication methods are written in the topology's order, which netsh takes
//! as the order of preference. Where encrypted flows cross NAT, the script sets
//! `AssumeUDPEncapsulationContextOnSendRule` (KB 885407), without which Windows XP SP2
//! and Server 2003 do not negotiate with a peer behind NAT.

use std::fmt::Write as _;

use super::quote::comment;
use super::windows::{behind_nat, issuer_name, object_prefix, rules as windows_rules};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::platform::windows::{Family, WinRule, of_family};
use crate::policy::{IpsecRule, RuleAction, RuleSet};
use crate::topology::{AuthMethod, Cipher, DhGroup, Integrity, Platform};

/// Renders one script per host and client group.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    super::per_owner(
        input,
        Target::Netsh,
        // The legacy IPsec policy runs on every Windows; Linux takes swanctl.
        |p| p != Platform::Linux,
        |id| format!("netsh/{id}.cmd"),
        |set, owner| script(input, set, owner),
    )
}

fn refuse(what: String) -> Unsupported {
    Unsupported {
        target: "netsh",
        what,
    }
}

/// A `rem` line: `%` doubled (batch files expand it even there), one line.
fn rem(out: &mut String, text: &str) {
    let _ = writeln!(out, "rem {}", comment(text).replace('%', "%%"));
}

/// The rule set as Windows Server 2003 can hold it: IPv4 only. Returns it and, per plan
/// rule, how many of its flows lost their IPv6 part.
fn ipv4_only(set: &RuleSet) -> (RuleSet, Vec<usize>) {
    let v4 = |a: &AddrSet| {
        if a.is_any() {
            a.clone()
        } else {
            of_family(a, Some(Family::V4))
        }
    };
    let mut lost = Vec::new();
    let rules = set
        .rules
        .iter()
        .map(|r| {
            let had_v6 = [&r.local, &r.remote]
                .iter()
                .any(|s| !s.is_any() && !of_family(s, Some(Family::V6)).is_empty());
            lost.push(if had_v6 { r.flows.len() } else { 0 });
            IpsecRule {
                local: v4(&r.local),
                remote: v4(&r.remote),
                ..r.clone()
            }
        })
        .collect();
    (
        RuleSet {
            owner: set.owner,
            design: set.design,
            rules,
        },
        lost,
    )
}

fn script(input: &Input<'_>, set: &RuleSet, owner: &str) -> Result<String, Unsupported> {
    let policy = object_prefix(owner);
    let ns = "netsh ipsec static";
    // What netsh cannot hold is refused before the model's work. The legacy IPsec policy
    // speaks IKEv1 only, also on a newer Windows that runs it.
    for rule in set
        .rules
        .iter()
        .filter(|r| matches!(r.action, RuleAction::Require | RuleAction::Request))
    {
        super::rule_key_module(input, set, rule, Platform::Windows2003).map_err(|why| {
            refuse(format!(
                "rule `{}` of `{owner}`: netsh ipsec static speaks IKEv1 only, and {why}; leave `key_module` at \"auto\" or \"ikev1\" for this host and its peers, or emit PowerShell",
                rule.name
            ))
        })?;
    }
    let auths = set
        .rules
        .iter()
        .map(|rule| auth(input, rule, owner))
        .collect::<Result<Vec<String>, Unsupported>>()?;
    let (set, lost_v6) = ipv4_only(set);
    let set = &set;
    let rules = windows_rules(input, set, &[], owner, super::windows::NETSH)?;
    let mut out = String::new();
    let _ = writeln!(out, "@echo off");
    let _ = writeln!(out, "setlocal DisableDelayedExpansion");
    rem(
        &mut out,
        &format!(
            "cordon: IPsec policy of {owner} for netsh ipsec static (Windows Server 2003 / XP)"
        ),
    );
    rem(&mut out, &format!("hierarchy: {}", input.source));
    rem(
        &mut out,
        "Windows applies the most specific matching filter, not the first rule; cordon checked that it gives the plan's action.",
    );
    rem(
        &mut out,
        "Re-running replaces the policy; assign it with: netsh ipsec static set policy name=... assign=yes",
    );
    let _ = writeln!(out, "{ns} delete policy name=\"{policy}\" >nul 2>&1");
    for (i, _) in set.rules.iter().enumerate() {
        let _ = writeln!(
            out,
            "{ns} delete filterlist name=\"{policy}-r{:02}\" >nul 2>&1",
            i + 1
        );
    }
    for action in ["permit", "require", "request"] {
        let _ = writeln!(
            out,
            "{ns} delete filteraction name=\"{policy}-{action}\" >nul 2>&1"
        );
    }
    if behind_nat(input.topology, input.traffic, set) {
        rem(
            &mut out,
            "Encrypted flows of this host cross NAT: without this value (KB 885407) Windows XP SP2 and Server 2003 do not negotiate with a peer behind NAT. It takes effect after a restart.",
        );
        let _ = writeln!(
            out,
            "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul"
        );
    }

    let protects: Vec<&IpsecRule> = set.rules.iter().filter(|r| r.mode.is_some()).collect();
    let mm = match protects.first() {
        Some(r) => main_mode(r, owner)?,
        None => "3DES-SHA1-3".to_string(),
    };
    let _ = writeln!(
        out,
        "{ns} add policy name=\"{policy}\" description=\"cordon\" mmsecmethods=\"{mm}\" activatedefaultrule=no assign=no"
    );
    let _ = writeln!(
        out,
        "{ns} add filteraction name=\"{policy}-permit\" action=permit"
    );
    if let Some(first) = protects.first() {
        let qm = quick_mode(first, owner)?;
        let _ = writeln!(
            out,
            "{ns} add filteraction name=\"{policy}-require\" action=negotiate qmsecmethods=\"{qm}\" inpass=no soft=no qmpfs=no"
        );
        let _ = writeln!(
            out,
            "{ns} add filteraction name=\"{policy}-request\" action=negotiate qmsecmethods=\"{qm}\" inpass=yes soft=yes qmpfs=no"
        );
    }
    for (i, rule) in set.rules.iter().enumerate() {
        let list = format!("{policy}-r{:02}", i + 1);
        let _ = writeln!(out);
        rem(
            &mut out,
            &format!("rule {}: {} ({} flows)", i + 1, rule.name, rule.flows.len()),
        );
        if let Some(n) = lost_v6.get(i).filter(|n| **n > 0) {
            rem(
                &mut out,
                &format!(
                    "IPv6 part left out: Windows Server 2003 IPsec has no IPv6 ({n} flows of this rule lose it)"
                ),
            );
        }
        let filters: Vec<String> = rules
            .iter()
            .filter(|w| w.plan_rule == i)
            .flat_map(filters)
            .collect();
        if filters.is_empty() {
            rem(&mut out, "no IPv4 filter remains: nothing to write");
            continue;
        }
        let _ = writeln!(out, "{ns} add filterlist name=\"{list}\"");
        for f in filters {
            let _ = writeln!(
                out,
                "{ns} add filter filterlist=\"{list}\" {f} mirrored=yes"
            );
        }
        let auth = auths.get(i).map_or("", String::as_str);
        let (action, auth) = match rule.action {
            RuleAction::Permit => ("permit", ""),
            RuleAction::Require => ("require", auth),
            RuleAction::Request => ("request", auth),
            RuleAction::Block => {
                return Err(refuse(format!(
                    "rule `{}` of `{owner}` blocks traffic; cordon's policy never asks for that here",
                    rule.name
                )));
            }
        };
        let _ = writeln!(
            out,
            "{ns} add rule name=\"{list}\" policy=\"{policy}\" filterlist=\"{list}\" filteraction=\"{policy}-{action}\" conntype=all activate=yes{auth}"
        );
    }
    let _ = writeln!(out, "endlocal");
    Ok(out)
}

/// The filters of one Windows rule: every IPv4 local prefix × remote prefix × port (one
/// port per filter, 0 for any).
fn filters(rule: &WinRule) -> Vec<String> {
    // `None` stands for any address.
    let v4 = |set: &AddrSet| -> Vec<Option<ipnet::Ipv4Net>> {
        if set.is_any() {
            return vec![None];
        }
        set.prefixes()
            .iter()
            .filter_map(|p| match p {
                ipnet::IpNet::V4(n) if n.prefix_len() == 0 => Some(None),
                ipnet::IpNet::V4(n) => Some(Some(*n)),
                ipnet::IpNet::V6(_) => None,
            })
            .collect()
    };
    let protocol = match rule.protocol {
        Protocol::Any => "ANY",
        Protocol::Esp => "50",
        Protocol::Icmp => "ICMP",
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
    };
    let ports = |set: &PortSet| -> Vec<u16> {
        if !rule.protocol.has_ports() || set.is_any() || set.is_empty() {
            vec![0]
        } else {
            set.ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .collect()
        }
    };
    let addr = |side: &str, net: &Option<ipnet::Ipv4Net>| match net {
        None => format!("{side}addr=any"),
        Some(n) => format!("{side}addr={} {side}mask={}", n.network(), n.prefix_len()),
    };
    let mut out = Vec::new();
    for l in &v4(&rule.local) {
        for r in &v4(&rule.remote) {
            for lp in ports(&rule.local_ports) {
                for rp in ports(&rule.remote_ports) {
                    out.push(format!(
                        "{} {} protocol={protocol} srcport={lp} dstport={rp}",
                        addr("src", l),
                        addr("dst", r)
                    ));
                }
            }
        }
    }
    out
}

/// The rule's authentication methods in the topology's order (netsh takes the order of
/// the command as the order of preference).
fn auth(input: &Input<'_>, rule: &IpsecRule, owner: &str) -> Result<String, Unsupported> {
    let mut out = String::new();
    for a in &rule.auth {
        match a {
            AuthMethod::Kerberos => out.push_str(" kerberos=yes"),
            AuthMethod::Certificate(ca) => {
                let ca = input.topology.ca(*ca);
                if ca.subject.contains('"') {
                    return Err(refuse(format!(
                        "the subject of CA `{}` (used by `{owner}`) holds a `\"`, which a netsh argument cannot; netsh was not written",
                        ca.name
                    )));
                }
                let _ = write!(
                    out,
                    " rootca=\"{} certmap:no excludecaname:no\"",
                    issuer_name(&ca.subject).replace('%', "%%")
                );
            }
        }
    }
    if !rule.auth.contains(&AuthMethod::Kerberos) {
        out.push_str(" kerberos=no");
    }
    Ok(out)
}

fn main_mode(rule: &IpsecRule, owner: &str) -> Result<String, Unsupported> {
    let methods: Vec<String> = rule
        .ike_proposals
        .iter()
        .filter_map(|p| {
            let c = legacy_cipher(p.cipher)?;
            let h = legacy_hash(p.integrity)?;
            let g = match p.group {
                DhGroup::Modp1024 => "2",
                DhGroup::Modp2048 => "3",
                DhGroup::Ecp256 | DhGroup::Ecp384 => return None,
            };
            Some(format!("{c}-{h}-{g}"))
        })
        .collect();
    if methods.is_empty() {
        return Err(refuse(format!(
            "`{owner}` offers no IKE proposal Windows Server 2003 knows (3DES or DES, SHA1 or MD5, modp1024 or modp2048); add e.g. \"3des-sha1-modp2048\" to ike_proposals"
        )));
    }
    Ok(methods.join(" "))
}

fn quick_mode(rule: &IpsecRule, owner: &str) -> Result<String, Unsupported> {
    let methods: Vec<String> = rule
        .proposals
        .iter()
        .filter_map(|p| {
            Some(format!(
                "ESP[{},{}]",
                legacy_cipher(p.cipher)?,
                legacy_hash(p.integrity?)?
            ))
        })
        .collect();
    if methods.is_empty() {
        return Err(refuse(format!(
            "`{owner}` offers no ESP proposal Windows Server 2003 knows (3DES or DES with SHA1 or MD5); add e.g. \"3des-sha1\" to proposals"
        )));
    }
    Ok(methods.join(" "))
}

fn legacy_cipher(c: Cipher) -> Option<&'static str> {
    match c {
        Cipher::TripleDes => Some("3DES"),
        Cipher::Des => Some("DES"),
        Cipher::Aes128Cbc | Cipher::Aes128Gcm | Cipher::Aes256Cbc | Cipher::Aes256Gcm => None,
    }
}

fn legacy_hash(i: Integrity) -> Option<&'static str> {
    match i {
        Integrity::Sha1 => Some("SHA1"),
        Integrity::Md5 => Some("MD5"),
        Integrity::Sha256 | Integrity::Sha384 => None,
    }
}
