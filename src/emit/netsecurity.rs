//! Windows PowerShell NetSecurity: one `powershell/<owner>.ps1` per host and client group,
//! writing the rules into a Group Policy object, as the seed recommends.
//!
//! The script opens the GPO (`Open-NetGPO`), removes the objects of group `cordon` that an
//! earlier run made — and nothing else — then creates, in order of use: the phase 1
//! authentication set (certificate from the named CA, or Kerberos), the main mode crypto
//! set and main mode rule, the quick mode crypto set, the IPsec rules (exemptions with no
//! security, protect rules with `Require` or `Request` both ways), and Windows Firewall allow
//! rules for the inbound traffic the seed says to permit; then `Save-NetGPO` commits the
//! whole change at once. It declares `SupportsShouldProcess`, so `-WhatIf` shows every
//! change and makes none. Every name and string from the topology is a single-quoted
//! literal ([`super::quote::powershell`]).

use std::fmt::Write as _;

use super::quote::{comment, file_component, powershell as q};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::policy::{IpsecRule, RuleAction, RuleKind, RuleSet};
use crate::topology::{AuthMethod, Cipher, DhGroup, EspProposal, IkeProposal, Integrity};
use crate::traffic::ExemptReason;

/// Renders one script per host and client group.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    super::per_owner(
        input,
        Target::Powershell,
        |id| format!("powershell/{id}.ps1"),
        |set, owner| script(input, set, owner),
    )
}

/// The names a script gives its objects; the self-check in the tests reads them back.
pub fn object_prefix(owner: &str) -> String {
    format!("cordon-{}", file_component(owner))
}

fn script(input: &Input<'_>, set: &RuleSet, owner: &str) -> Result<String, Unsupported> {
    let prefix = object_prefix(owner);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# cordon: IPsec policy of {} as a Group Policy object",
        comment(owner)
    );
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# {} rules. Run with -PolicyStore DOMAIN\\GPO-NAME; add -WhatIf to see the changes only.",
        set.rules.len()
    );
    let _ = writeln!(
        out,
        "# Re-running converges: objects of group 'cordon' in this GPO are replaced, nothing else."
    );
    let _ = writeln!(out, "[CmdletBinding(SupportsShouldProcess = $true)]");
    let _ = writeln!(out, "param(");
    let _ = writeln!(out, "    [Parameter(Mandatory = $true)]");
    let _ = writeln!(out, "    [string] $PolicyStore");
    let _ = writeln!(out, ")");
    let _ = writeln!(out, "Set-StrictMode -Version 3.0");
    let _ = writeln!(out, "$ErrorActionPreference = 'Stop'");
    let _ = writeln!(out, "$Group = 'cordon'");
    let _ = writeln!(out, "$Gpo = Open-NetGPO -PolicyStore $PolicyStore");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Remove what an earlier run of cordon made in this GPO."
    );
    for cmd in [
        "Remove-NetIPsecRule",
        "Remove-NetIPsecMainModeRule",
        "Remove-NetIPsecQuickModeCryptoSet",
        "Remove-NetIPsecMainModeCryptoSet",
        "Remove-NetIPsecPhase1AuthSet",
        "Remove-NetFirewallRule",
    ] {
        let _ = writeln!(
            out,
            "{cmd} -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue"
        );
    }
    let protects: Vec<&IpsecRule> = set.rules.iter().filter(|r| r.mode.is_some()).collect();
    let auth_set = format!("{prefix}-auth");
    let mm_set = format!("{prefix}-mm");
    let qm_set = format!("{prefix}-qm");
    if let Some(first) = protects.first() {
        let _ = writeln!(out);
        let _ = writeln!(out, "# Phase 1 authentication, in order of preference.");
        let _ = writeln!(out, "$AuthProposals = @(");
        for a in &first.auth {
            match a {
                AuthMethod::Certificate(ca) => {
                    let ca = input.topology.ca(*ca);
                    let _ = writeln!(
                        out,
                        "    (New-NetIPsecAuthProposal -Machine -Cert -Authority {} -AuthorityType Root)",
                        q(&ca.subject)
                    );
                }
                AuthMethod::Kerberos => {
                    let _ = writeln!(out, "    (New-NetIPsecAuthProposal -Machine -Kerberos)");
                }
            }
        }
        let _ = writeln!(out, ")");
        new_set(
            &mut out,
            "New-NetIPsecPhase1AuthSet",
            &auth_set,
            owner,
            "authentication",
            "$AuthProposals",
        );
        let _ = writeln!(out, "$MainModeProposals = @(");
        for p in &first.ike_proposals {
            let _ = writeln!(out, "    ({})", main_mode(p));
        }
        let _ = writeln!(out, ")");
        new_set(
            &mut out,
            "New-NetIPsecMainModeCryptoSet",
            &mm_set,
            owner,
            "main mode crypto",
            "$MainModeProposals",
        );
        let _ = writeln!(
            out,
            "New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -MainModeCryptoSet {} -Phase1AuthSet {} | Out-Null",
            q(&format!("{prefix}-mm-rule")),
            q(&format!("cordon {owner}: main mode")),
            q(&mm_set),
            q(&auth_set)
        );
        let _ = writeln!(out, "$QuickModeProposals = @(");
        for p in &first.proposals {
            let _ = writeln!(out, "    ({})", quick_mode(p)?);
        }
        let _ = writeln!(out, ")");
        new_set(
            &mut out,
            "New-NetIPsecQuickModeCryptoSet",
            &qm_set,
            owner,
            "quick mode crypto",
            "$QuickModeProposals",
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "# IPsec rules, first match first.");
    for (i, rule) in set.rules.iter().enumerate() {
        for (suffix, family) in families(rule) {
            let name = format!("{prefix}-r{:02}-{}{suffix}", i + 1, rule.name);
            let _ = writeln!(
                out,
                "# rule {}: {} ({} flows)",
                i + 1,
                rule.name,
                rule.flows.len()
            );
            let mut cmd = format!(
                "New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName {} -DisplayName {}",
                q(&name),
                q(&format!("cordon {owner}: {}{suffix}", rule.name))
            );
            match rule.action {
                RuleAction::Permit => cmd.push_str(" -InboundSecurity None -OutboundSecurity None"),
                RuleAction::Block => {
                    return Err(Unsupported {
                        target: "powershell",
                        what: format!(
                            "rule `{}` of `{owner}` blocks traffic, which an IPsec rule cannot; use a firewall rule",
                            rule.name
                        ),
                    });
                }
                RuleAction::Require | RuleAction::Request => {
                    let sec = if rule.action == RuleAction::Require {
                        "Require"
                    } else {
                        "Request"
                    };
                    let _ = write!(
                        cmd,
                        " -Mode Transport -InboundSecurity {sec} -OutboundSecurity {sec} -Phase1AuthSet {} -QuickModeCryptoSet {}",
                        q(&auth_set),
                        q(&qm_set)
                    );
                }
            }
            filter_params(&mut cmd, rule, family);
            let _ = writeln!(out, "{cmd} | Out-Null");
            if let Some(fw) = firewall_allow(rule, family, &prefix, i, suffix, owner) {
                let _ = writeln!(out, "{fw} | Out-Null");
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Save-NetGPO -GPOSession $Gpo");
    Ok(out)
}

fn new_set(out: &mut String, cmdlet: &str, name: &str, owner: &str, what: &str, proposals: &str) {
    let _ = writeln!(
        out,
        "{cmdlet} -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -Proposal {proposals} | Out-Null",
        q(name),
        q(&format!("cordon {owner}: {what}"))
    );
}

/// ICMP differs per family in Windows (ICMPv4, ICMPv6): one Windows rule per family that
/// the rule's addresses hold. Every other rule is one Windows rule.
fn families(rule: &IpsecRule) -> Vec<(&'static str, Option<bool>)> {
    if rule.protocol != Protocol::Icmp {
        return vec![("", None)];
    }
    let has = |v6: bool| {
        let side = |s: &AddrSet| {
            s.is_empty()
                || s.prefixes()
                    .iter()
                    .any(|p| matches!(p, ipnet::IpNet::V6(_)) == v6)
        };
        side(&rule.local) && side(&rule.remote)
    };
    let mut out = Vec::new();
    if has(false) {
        out.push(("-v4", Some(false)));
    }
    if has(true) {
        out.push(("-v6", Some(true)));
    }
    out
}

fn filter_params(cmd: &mut String, rule: &IpsecRule, family: Option<bool>) {
    if let Some(addrs) = address_list(&rule.local, family) {
        let _ = write!(cmd, " -LocalAddress {addrs}");
    }
    if let Some(addrs) = address_list(&rule.remote, family) {
        let _ = write!(cmd, " -RemoteAddress {addrs}");
    }
    match (rule.protocol, family) {
        (Protocol::Any, _) => {}
        (Protocol::Icmp, Some(true)) => cmd.push_str(" -Protocol ICMPv6"),
        (Protocol::Icmp, _) => cmd.push_str(" -Protocol ICMPv4"),
        (Protocol::Esp, _) => cmd.push_str(" -Protocol 50"),
        (Protocol::Tcp, _) => cmd.push_str(" -Protocol TCP"),
        (Protocol::Udp, _) => cmd.push_str(" -Protocol UDP"),
    }
    if rule.protocol.has_ports() {
        if let Some(p) = port_list(&rule.local_ports) {
            let _ = write!(cmd, " -LocalPort {p}");
        }
        if let Some(p) = port_list(&rule.remote_ports) {
            let _ = write!(cmd, " -RemotePort {p}");
        }
    }
}

/// `@('10.0.0.0/16', 'fd00::/48')`, or `None` for any address (the parameter's default).
fn address_list(set: &AddrSet, family: Option<bool>) -> Option<String> {
    if set.is_any() || set.is_empty() {
        return None;
    }
    let items: Vec<String> = set
        .prefixes()
        .iter()
        .filter(|p| family.is_none_or(|v6| matches!(p, ipnet::IpNet::V6(_)) == v6))
        .map(|p| q(&crate::net::display_prefix(p)))
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(format!("@({})", items.join(", ")))
}

fn port_list(ports: &PortSet) -> Option<String> {
    if ports.is_any() || ports.is_empty() {
        return None;
    }
    let items: Vec<String> = ports.ranges().iter().map(|r| q(&r.to_string())).collect();
    Some(format!("@({})", items.join(", ")))
}

/// Inbound traffic the seed says to permit (the client agent's HTTP and HTTPS, ICMP for
/// diagnostics) must also pass Windows Firewall on the receiving host.
fn firewall_allow(
    rule: &IpsecRule,
    family: Option<bool>,
    prefix: &str,
    i: usize,
    suffix: &str,
    owner: &str,
) -> Option<String> {
    let seed_permit = matches!(
        rule.kind,
        RuleKind::Exemption(ExemptReason::ClientAgent | ExemptReason::Icmp)
    );
    let inbound = rule.protocol == Protocol::Icmp || !rule.local_ports.is_any();
    if !seed_permit || !inbound {
        return None;
    }
    let mut cmd = format!(
        "New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -Direction Inbound -Action Allow",
        q(&format!("{prefix}-fw{:02}-{}{suffix}", i + 1, rule.name)),
        q(&format!("cordon {owner}: allow {}{suffix}", rule.name))
    );
    filter_params(&mut cmd, rule, family);
    Some(cmd)
}

fn main_mode(p: &IkeProposal) -> String {
    let enc = match p.cipher {
        Cipher::Aes128Cbc | Cipher::Aes128Gcm => "AES128",
        Cipher::Aes256Cbc | Cipher::Aes256Gcm => "AES256",
        Cipher::Des => "DES",
        Cipher::TripleDes => "DES3",
    };
    let group = match p.group {
        DhGroup::Ecp256 => "DH19",
        DhGroup::Ecp384 => "DH20",
        DhGroup::Modp1024 => "DH2",
        DhGroup::Modp2048 => "DH14",
    };
    format!(
        "New-NetIPsecMainModeCryptoProposal -Encryption {enc} -Hash {} -KeyExchange {group}",
        hash(p.integrity)
    )
}

fn quick_mode(p: &EspProposal) -> Result<String, Unsupported> {
    let (enc, esp_hash) = match (p.cipher, p.integrity) {
        (Cipher::Aes128Gcm, _) => ("AESGCM128", "AESGMAC128"),
        (Cipher::Aes256Gcm, _) => ("AESGCM256", "AESGMAC256"),
        (Cipher::Aes128Cbc, Some(i)) => ("AES128", hash(i)),
        (Cipher::Aes256Cbc, Some(i)) => ("AES256", hash(i)),
        (Cipher::Des, Some(i)) => ("DES", hash(i)),
        (Cipher::TripleDes, Some(i)) => ("DES3", hash(i)),
        (Cipher::Aes128Cbc | Cipher::Aes256Cbc | Cipher::Des | Cipher::TripleDes, None) => {
            return Err(Unsupported {
                target: "powershell",
                what: format!("ESP proposal `{p}` has no integrity algorithm"),
            });
        }
    };
    Ok(format!(
        "New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption {enc} -ESPHash {esp_hash}"
    ))
}

fn hash(i: Integrity) -> &'static str {
    match i {
        Integrity::Md5 => "MD5",
        Integrity::Sha1 => "SHA1",
        Integrity::Sha256 => "SHA256",
        Integrity::Sha384 => "SHA384",
    }
}
