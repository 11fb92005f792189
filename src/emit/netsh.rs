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
//! - IPv6: Windows Server 2003 IPsec policies are IPv4 only; IPv6 prefixes are left out.
//! - Port ranges: a filter holds one port; a rule with a range uses every port of its
//!   protocol instead (more traffic protected for protect rules; for exemptions this widens
//!   what passes in the clear, so the script says so where it happens).
//! - Ciphers: only DES and 3DES with MD5 or SHA1; a policy with none of these is refused.
//! - Names: cmd.exe cannot hold `"` inside a quoted argument, so a CA subject with one is
//!   refused; every object name is derived from [`file_component`] and cannot hold one.
//!
//! Windows Server 2003 applies the most specific matching filter, not the first rule;
//! cordon's exemptions are narrower than the rules after them, so both orders agree.

use std::fmt::Write as _;

use super::quote::{comment, file_component};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::policy::{IpsecRule, RuleAction, RuleSet};
use crate::topology::{AuthMethod, Cipher, DhGroup, Integrity};

/// Renders one script per host and client group.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    super::per_owner(
        input,
        Target::Netsh,
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

fn script(input: &Input<'_>, set: &RuleSet, owner: &str) -> Result<String, Unsupported> {
    let id = file_component(owner);
    let policy = format!("cordon-{id}");
    let ns = "netsh ipsec static";
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
        let filters = filters(rule);
        if filters.is_empty() {
            rem(
                &mut out,
                "IPv6 only: netsh ipsec static cannot express it; left out",
            );
            continue;
        }
        if widened(rule) {
            rem(
                &mut out,
                "port ranges: netsh filters hold one port; this rule uses every port of its protocol",
            );
        }
        let _ = writeln!(out, "{ns} add filterlist name=\"{list}\"");
        for f in filters {
            let _ = writeln!(
                out,
                "{ns} add filter filterlist=\"{list}\" {f} mirrored=yes"
            );
        }
        let (action, auth) = match rule.action {
            RuleAction::Permit => ("permit", String::new()),
            RuleAction::Require => ("require", auth(input, rule, owner)?),
            RuleAction::Request => ("request", auth(input, rule, owner)?),
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

fn widened(rule: &IpsecRule) -> bool {
    rule.protocol.has_ports()
        && [&rule.local_ports, &rule.remote_ports]
            .iter()
            .any(|p| !p.is_any() && p.ranges().iter().any(|r| r.start() != r.end()))
}

/// The filters of a rule: every IPv4 local prefix × remote prefix × port.
fn filters(rule: &IpsecRule) -> Vec<String> {
    // `None` stands for any address.
    let v4 = |set: &AddrSet| -> Vec<Option<ipnet::Ipv4Net>> {
        if set.is_any() || set.is_empty() {
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
        if !rule.protocol.has_ports() || set.is_any() || set.is_empty() || widened(rule) {
            vec![0]
        } else {
            set.ranges().iter().map(|r| r.start()).collect()
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

fn auth(input: &Input<'_>, rule: &IpsecRule, owner: &str) -> Result<String, Unsupported> {
    let mut out = String::new();
    let kerberos = rule.auth.contains(&AuthMethod::Kerberos);
    let _ = write!(out, " kerberos={}", if kerberos { "yes" } else { "no" });
    for a in &rule.auth {
        if let AuthMethod::Certificate(ca) = a {
            let subject = &input.topology.ca(*ca).subject;
            if subject.contains('"') {
                return Err(refuse(format!(
                    "the subject of CA `{}` (used by `{owner}`) holds a `\"`, which a netsh argument cannot; netsh was not written",
                    input.topology.ca(*ca).name
                )));
            }
            let _ = write!(
                out,
                " rootca=\"{} certmap:no excludecaname:no\"",
                subject.replace('%', "%%")
            );
        }
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
