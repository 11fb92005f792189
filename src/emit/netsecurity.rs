//! Windows PowerShell NetSecurity: one `powershell/<owner>.ps1` per host and client group,
//! writing the rules into that owner's Group Policy object, as the seed recommends, and
//! `powershell/gpos.json`, which says which GPO each script is for and which computers it
//! must apply to (its security filtering).
//!
//! Windows applies no administrator order to connection security rules: the more specific
//! rule wins. The rules written here are [`crate::platform::windows::synthesize`]'s, on which that
//! choice equals the plan's first match, and [`crate::platform::windows::check`] proves it before
//! anything is written (a disagreement refuses the owner with the packet and both rules).
//! Secured rules list their ports one by one, because Windows takes port ranges only in
//! Do Not Secure rules.
//!
//! The script opens the GPO (`Open-NetGPO`, which only loads it), and then makes every
//! change behind `$PSCmdlet.ShouldProcess`: removing what an earlier run left in the GPO's
//! own group, creating the phase 1 authentication set (certificates from the named CA as
//! the certificate names its issuer, or Kerberos, in the topology's order), the main mode
//! crypto set and rule, the quick mode crypto set, the IPsec rules, the Windows Firewall
//! rules (the seed's permits, echo only for ICMP; inbound traffic of secured rules allowed
//! only when encrypted), NAT traversal where the owner's encrypted flows cross a NAT, and
//! the one `Save-NetGPO`. `-WhatIf` therefore lists every change and makes none, although
//! the NetSecurity cmdlets do not inherit `$WhatIfPreference`. Every name and string from
//! the topology is a single-quoted literal ([`super::quote::powershell`]).

use std::fmt::Write as _;

use serde::Serialize;

use super::quote::{comment, file_component, powershell as q};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::platform::windows::{self, Family, Mismatch, PortForm, Problem, WinRule};
use crate::policy::{RuleAction, RuleKind, RuleSet};
use crate::topology::{
    AuthMethod, CaKind, Cipher, DhGroup, EspProposal, IkeProposal, Integrity, Topology,
};
use crate::traffic::{Endpoint, ExemptReason, Protection, TrafficMap};

/// Renders one script per host and client group, and the GPO manifest.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    let mut out = super::per_owner(
        input,
        Target::Powershell,
        |id| format!("powershell/{id}.ps1"),
        |set, owner| script(input, set, owner),
    )?;
    let gpos: Vec<GpoEntry> = input
        .policy
        .hosts
        .iter()
        .chain(&input.policy.groups)
        .map(|set| gpo_entry(input.topology, set.owner))
        .collect();
    let mut text = serde_json::to_string_pretty(&gpos).unwrap_or_default();
    text.push('\n');
    out.push(Artifact {
        path: "powershell/gpos.json".to_string(),
        owner: "group policy".to_string(),
        target: Target::Powershell,
        contents: text,
    });
    Ok(out)
}

/// The names a script gives its objects; the self-check in the tests reads them back.
pub fn object_prefix(owner: &str) -> String {
    format!("cordon-{}", file_component(owner))
}

/// The GPO an owner's script is meant for: one per host or client group, so that no two
/// scripts share the objects of one GPO.
pub fn gpo_name(owner: &str) -> String {
    object_prefix(owner)
}

/// One GPO of `gpos.json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GpoEntry {
    /// The GPO's name (`-PolicyStore DOMAIN\NAME`).
    pub gpo: String,
    /// The script that fills it.
    pub script: String,
    /// The host or client group.
    pub owner: String,
    /// What the GPO's security filtering must hold: the host's computer account, or the
    /// computers of the client group.
    pub apply_to: String,
    /// The addresses those computers have (what the rules' local side matches).
    pub addresses: Vec<String>,
}

fn gpo_entry(topo: &Topology, owner: Endpoint) -> GpoEntry {
    let name = crate::traffic::endpoint_name(topo, owner).to_string();
    let apply_to = match owner {
        Endpoint::Host(_) => format!("the computer account of {name}"),
        _ => format!("a security group holding the computers of client group {name}"),
    };
    GpoEntry {
        gpo: gpo_name(&name),
        script: format!("powershell/{}.ps1", file_component(&name)),
        apply_to,
        addresses: crate::traffic::endpoint_addrs(topo, owner)
            .prefixes()
            .iter()
            .map(crate::net::display_prefix)
            .collect(),
        owner: name,
    }
}

fn refuse(what: String) -> Unsupported {
    Unsupported {
        target: "powershell",
        what,
    }
}

/// The Windows rules of a rule set, proven against the plan, or why there are none.
pub(super) fn windows_rules(
    input: &Input<'_>,
    set: &RuleSet,
    owner: &str,
    form: PortForm,
    target: &'static str,
    name: impl Fn(&WinRule) -> String,
) -> Result<Vec<WinRule>, Unsupported> {
    let refuse = |what: String| Unsupported { target, what };
    let rules = windows::synthesize(set, form).map_err(|p| match p {
        Problem::TooManyPorts { rule, ports } => refuse(format!(
            "rule `{}` of `{owner}` secures {ports} ports; Windows takes port ranges only in rules that do not secure, and cordon lists at most {} ports in one rule: narrow the range (for RPC, rpc_dynamic = \"5000-5100\" and the same range on the hosts)",
            set.rules.get(rule).map_or("", |r| r.name.as_str()),
            windows::MAX_LISTED_PORTS
        )),
        Problem::Mismatch(m) => refuse(mismatch(set, owner, &[], &m, &name)),
    })?;
    windows::check(input.topology, input.traffic, set, &rules)
        .map_err(|m| refuse(mismatch(set, owner, &rules, &m, &name)))?;
    Ok(rules)
}

fn mismatch(
    set: &RuleSet,
    owner: &str,
    rules: &[WinRule],
    m: &Mismatch,
    name: &impl Fn(&WinRule) -> String,
) -> String {
    let p = &m.packet;
    let plan = match m.plan.and_then(|i| set.rules.get(i)) {
        Some(r) => format!("the plan applies `{}` ({})", r.name, r.action.name()),
        None => "no plan rule matches (clear)".to_string(),
    };
    let names: Vec<String> = m
        .windows
        .iter()
        .filter_map(|i| rules.get(*i))
        .map(|r| format!("`{}` ({})", name(r), r.action.name()))
        .collect();
    let windows = match (m.windows_action, names.as_slice()) {
        (None, [a, b]) => {
            format!("Windows cannot order {a} and {b}: neither is more specific than the other")
        }
        (Some(_), [a]) => format!("Windows applies {a}, the more specific rule"),
        _ => "Windows applies no rule".to_string(),
    };
    format!(
        "Windows would not apply the rules of `{owner}` as planned: for {} {}:{} <-> {}:{}, {plan}, but {windows}",
        p.protocol.name(),
        p.local,
        p.local_port,
        p.remote,
        p.remote_port
    )
}

/// Whether any encrypted flow of the owner crosses a firewall that does NAT: Windows then
/// must be told to negotiate with peers behind NAT.
pub(super) fn behind_nat(traffic: &TrafficMap, owner: Endpoint) -> bool {
    traffic.flows.iter().any(|f| {
        (f.from == owner || f.to == owner)
            && f.protection == Protection::Encrypt
            && traffic.route(f).nat
    })
}

/// The issuer name as Windows matches it: the subject's components most significant
/// first (the topology writes `CN=..., O=...`, the reference's example `C=US,O=MSFT,CN=...`).
pub fn issuer_name(subject: &str) -> String {
    let mut parts: Vec<&str> = subject
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let least_first = parts
        .first()
        .is_some_and(|p| p.to_ascii_uppercase().starts_with("CN="));
    if least_first {
        parts.reverse();
    }
    parts.join(", ")
}

/// The name a Windows rule gets in the GPO: the owner's prefix, the plan rule's number
/// and name, the part and the rule it is repeated over, the family.
pub fn windows_rule_name(prefix: &str, set: &RuleSet, r: &WinRule) -> String {
    let plan = set.rules.get(r.plan_rule).map_or("", |x| x.name.as_str());
    let over = r
        .over
        .map(|o| format!("-over-r{:02}", o + 1))
        .unwrap_or_default();
    let part = if r.part > 0 {
        format!("-p{}", r.part)
    } else {
        String::new()
    };
    format!(
        "{prefix}-r{:02}-{plan}{part}{over}{}",
        r.plan_rule + 1,
        r.family.map_or("", Family::suffix)
    )
}

fn script(input: &Input<'_>, set: &RuleSet, owner: &str) -> Result<String, Unsupported> {
    let prefix = object_prefix(owner);
    let rules = windows_rules(
        input,
        set,
        owner,
        PortForm::RangesInPermitOnly,
        "powershell",
        |r| windows_rule_name(&prefix, set, r),
    )?;
    let mut out = String::new();
    header(&mut out, input, set, owner);
    let change = |out: &mut String, what: &str, command: &str| {
        let _ = writeln!(
            out,
            "if ($PSCmdlet.ShouldProcess($PolicyStore, {})) {{ {command} }}",
            q(what)
        );
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Remove what an earlier run of cordon made in this GPO (its group only)."
    );
    for cmd in [
        "Remove-NetIPsecRule",
        "Remove-NetIPsecMainModeRule",
        "Remove-NetIPsecQuickModeCryptoSet",
        "Remove-NetIPsecMainModeCryptoSet",
        "Remove-NetIPsecPhase1AuthSet",
    ] {
        change(
            &mut out,
            &format!("{cmd} of group {}", gpo_name(owner)),
            &format!("{cmd} -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue"),
        );
    }
    let protect = set.rules.iter().find(|r| r.mode.is_some());
    let auth_set = format!("{prefix}-auth");
    let qm_set = format!("{prefix}-qm");
    if let Some(first) = protect {
        crypto_sets(&mut out, input, owner, &prefix, first, &change)?;
    }
    if behind_nat(input.traffic, set.owner) {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# Encrypted flows of {} cross NAT: Windows negotiates with peers behind NAT only when told to.",
            comment(owner)
        );
        change(
            &mut out,
            "allow IPsec through NAT",
            "Set-NetFirewallSetting -GPOSession $Gpo -AllowIPsecThroughNAT Both",
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# IPsec rules. Windows applies the most specific matching rule, not the first; cordon checked that it gives the plan's action."
    );
    for (n, r) in rules.iter().enumerate() {
        let Some(plan) = set.rules.get(r.plan_rule) else {
            continue;
        };
        let name = windows_rule_name(&prefix, set, r);
        if n == 0 || rules.get(n - 1).is_none_or(|p| p.plan_rule != r.plan_rule) {
            let _ = writeln!(
                out,
                "# rule {}: {} ({} flows)",
                r.plan_rule + 1,
                plan.name,
                plan.flows.len()
            );
        }
        let mut cmd = format!(
            "New-NetIPsecRule -GPOSession $Gpo -Group $Group -IPsecRuleName {} -DisplayName {}",
            q(&name),
            q(&format!(
                "cordon {owner}: {}{}",
                plan.name,
                r.family.map_or("", Family::suffix)
            ))
        );
        match r.action {
            RuleAction::Permit => cmd.push_str(" -InboundSecurity None -OutboundSecurity None"),
            RuleAction::Block => {
                return Err(refuse(format!(
                    "rule `{}` of `{owner}` blocks traffic, which an IPsec rule cannot; use a firewall rule",
                    plan.name
                )));
            }
            RuleAction::Require | RuleAction::Request => {
                let sec = if r.action == RuleAction::Require {
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
        filter_params(&mut cmd, r, r.listed);
        change(
            &mut out,
            &format!("create IPsec rule {name}"),
            &format!("{cmd} | Out-Null"),
        );
        if let Some(fw) = firewall_allow(input, set, r, &prefix, owner) {
            change(
                &mut out,
                &format!("create firewall rule {}", fw.0),
                &format!("{} | Out-Null", fw.1),
            );
        }
    }
    let _ = writeln!(out);
    change(&mut out, "save the GPO", "Save-NetGPO -GPOSession $Gpo");
    Ok(out)
}

fn header(out: &mut String, input: &Input<'_>, set: &RuleSet, owner: &str) {
    let gpo = gpo_name(owner);
    let _ = writeln!(
        out,
        "# cordon: IPsec policy of {} as the Group Policy object {}",
        comment(owner),
        comment(&gpo)
    );
    let _ = writeln!(out, "# hierarchy: {}", comment(input.source));
    let _ = writeln!(
        out,
        "# {} plan rules. Run with -PolicyStore DOMAIN\\{}; -WhatIf lists every change and makes none.",
        set.rules.len(),
        comment(&gpo)
    );
    let _ = writeln!(
        out,
        "# Apply the GPO only to the computers gpos.json names for it. Re-running converges: objects of group '{}' are replaced, nothing else.",
        comment(&gpo)
    );
    let _ = writeln!(out, "[CmdletBinding(SupportsShouldProcess = $true)]");
    let _ = writeln!(out, "param(");
    let _ = writeln!(out, "    [Parameter(Mandatory = $true)]");
    let _ = writeln!(out, "    [string] $PolicyStore");
    let _ = writeln!(out, ")");
    let _ = writeln!(out, "Set-StrictMode -Version 3.0");
    let _ = writeln!(out, "$ErrorActionPreference = 'Stop'");
    let _ = writeln!(out, "$Group = {}", q(&gpo));
    let _ = writeln!(
        out,
        "# Remove-NetFirewallRule takes no GPO session: the group's firewall rules leave the GPO before the session loads it."
    );
    let _ = writeln!(
        out,
        "if ($PSCmdlet.ShouldProcess($PolicyStore, {})) {{ Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue }}",
        q(&format!("Remove-NetFirewallRule of group {gpo}"))
    );
    let _ = writeln!(
        out,
        "# Open-NetGPO only loads the GPO into a session; nothing else reaches the domain before Save-NetGPO."
    );
    let _ = writeln!(out, "$Gpo = Open-NetGPO -PolicyStore $PolicyStore");
}

fn crypto_sets(
    out: &mut String,
    input: &Input<'_>,
    owner: &str,
    prefix: &str,
    first: &crate::policy::IpsecRule,
    change: &impl Fn(&mut String, &str, &str),
) -> Result<(), Unsupported> {
    let auth_set = format!("{prefix}-auth");
    let mm_set = format!("{prefix}-mm");
    let qm_set = format!("{prefix}-qm");
    let _ = writeln!(out);
    let _ = writeln!(out, "# Phase 1 authentication, in order of preference.");
    let _ = writeln!(out, "$AuthProposals = @(");
    for a in &first.auth {
        match a {
            AuthMethod::Certificate(ca) => {
                let ca = input.topology.ca(*ca);
                let kind = match ca.kind {
                    CaKind::Root => "Root",
                    CaKind::Intermediate => "Intermediate",
                };
                let _ = writeln!(
                    out,
                    "    (New-NetIPsecAuthProposal -Machine -Cert -Authority {} -AuthorityType {kind})",
                    q(&issuer_name(&ca.subject))
                );
            }
            AuthMethod::Kerberos => {
                let _ = writeln!(out, "    (New-NetIPsecAuthProposal -Machine -Kerberos)");
            }
        }
    }
    let _ = writeln!(out, ")");
    let _ = writeln!(out, "$MainModeProposals = @(");
    for p in &first.ike_proposals {
        let _ = writeln!(out, "    ({})", main_mode(p));
    }
    let _ = writeln!(out, ")");
    let _ = writeln!(out, "$QuickModeProposals = @(");
    for p in &first.proposals {
        let _ = writeln!(out, "    ({})", quick_mode(p, owner)?);
    }
    let _ = writeln!(out, ")");
    for (cmdlet, name, what, proposals) in [
        (
            "New-NetIPsecPhase1AuthSet",
            &auth_set,
            "authentication",
            "$AuthProposals",
        ),
        (
            "New-NetIPsecMainModeCryptoSet",
            &mm_set,
            "main mode crypto",
            "$MainModeProposals",
        ),
        (
            "New-NetIPsecQuickModeCryptoSet",
            &qm_set,
            "quick mode crypto",
            "$QuickModeProposals",
        ),
    ] {
        change(
            out,
            &format!("create {what} set {name}"),
            &format!(
                "{cmdlet} -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -Proposal {proposals} | Out-Null",
                q(name),
                q(&format!("cordon {owner}: {what}"))
            ),
        );
        if cmdlet == "New-NetIPsecMainModeCryptoSet" {
            let rule = format!("{prefix}-mm-rule");
            change(
                out,
                &format!("create main mode rule {rule}"),
                &format!(
                    "New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -MainModeCryptoSet {} -Phase1AuthSet {} | Out-Null",
                    q(&rule),
                    q(&format!("cordon {owner}: main mode")),
                    q(&mm_set),
                    q(&auth_set)
                ),
            );
        }
    }
    Ok(())
}

fn filter_params(cmd: &mut String, r: &WinRule, listed: bool) {
    if let Some(addrs) = address_list(&r.local, r.family) {
        let _ = write!(cmd, " -LocalAddress {addrs}");
    }
    if let Some(addrs) = address_list(&r.remote, r.family) {
        let _ = write!(cmd, " -RemoteAddress {addrs}");
    }
    match (r.protocol, r.family) {
        (Protocol::Any, _) => {}
        (Protocol::Icmp, Some(Family::V6)) => cmd.push_str(" -Protocol ICMPv6"),
        (Protocol::Icmp, _) => cmd.push_str(" -Protocol ICMPv4"),
        (Protocol::Esp, _) => cmd.push_str(" -Protocol 50"),
        (Protocol::Tcp, _) => cmd.push_str(" -Protocol TCP"),
        (Protocol::Udp, _) => cmd.push_str(" -Protocol UDP"),
    }
    if r.protocol.has_ports() {
        if let Some(p) = port_list(&r.local_ports, listed) {
            let _ = write!(cmd, " -LocalPort {p}");
        }
        if let Some(p) = port_list(&r.remote_ports, listed) {
            let _ = write!(cmd, " -RemotePort {p}");
        }
    }
}

/// `@('10.0.0.0/16', 'fd00::/48')`, or `None` for any address (the parameter's default).
fn address_list(set: &AddrSet, family: Option<Family>) -> Option<String> {
    let whole_family = set.prefixes().iter().all(|p| p.prefix_len() == 0);
    if set.is_any() || set.is_empty() || (family.is_some() && whole_family) {
        return None;
    }
    let items: Vec<String> = set
        .prefixes()
        .iter()
        .filter(|p| family.is_none_or(|f| (f == Family::V6) == matches!(p, ipnet::IpNet::V6(_))))
        .map(|p| q(&crate::net::display_prefix(p)))
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(format!("@({})", items.join(", ")))
}

/// The ports as Windows takes them: ranges `'a-b'`, or (`listed`, for secured rules)
/// every port on its own.
fn port_list(ports: &PortSet, listed: bool) -> Option<String> {
    if ports.is_any() || ports.is_empty() {
        return None;
    }
    let items: Vec<String> = if listed {
        ports
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .map(|p| q(&p.to_string()))
            .collect()
    } else {
        ports.ranges().iter().map(|r| q(&r.to_string())).collect()
    };
    Some(format!("@({})", items.join(", ")))
}

/// The Windows Firewall rule that lets a rule's inbound traffic reach the host: for the
/// seed's permits (the client agent's HTTP and HTTPS; ICMP, echo requests only), an allow;
/// for secured inbound traffic, an allow only when it arrives encrypted (the seed's "limit
/// access to the specified site systems": the GPO admits the traffic map and nothing
/// else in the clear).
fn firewall_allow(
    input: &Input<'_>,
    set: &RuleSet,
    r: &WinRule,
    prefix: &str,
    owner: &str,
) -> Option<(String, String)> {
    let plan = set.rules.get(r.plan_rule)?;
    let suffix = r.family.map_or("", Family::suffix);
    // One firewall rule per Windows rule, named after it.
    let name = windows_rule_name(prefix, set, r).replacen(
        &format!("{prefix}-r"),
        &format!("{prefix}-fw"),
        1,
    );
    let icmp = r.protocol == Protocol::Icmp;
    let inbound = icmp || (r.protocol.has_ports() && !r.local_ports.is_any());
    if !inbound {
        return None;
    }
    let security = match (plan.kind, r.action) {
        (
            RuleKind::Exemption(ExemptReason::ClientAgent | ExemptReason::Icmp),
            RuleAction::Permit,
        ) => "",
        (_, RuleAction::Require | RuleAction::Request)
            if encrypted_inbound_only(input.topology, set.owner) =>
        {
            " -Authentication Required -Encryption Required"
        }
        _ => return None,
    };
    let mut cmd = format!(
        "New-NetFirewallRule -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -Direction Inbound -Action Allow{security}",
        q(&name),
        q(&format!("cordon {owner}: allow {}{suffix}", plan.name))
    );
    filter_params(&mut cmd, r, false);
    if icmp {
        // Echo request: the seed's "ICMP for diagnostics" is ping.
        let echo = if r.family == Some(Family::V6) {
            "128"
        } else {
            "8"
        };
        let _ = write!(cmd, " -IcmpType {echo}");
    }
    Some((name, cmd))
}

fn encrypted_inbound_only(topo: &Topology, owner: Endpoint) -> bool {
    match owner {
        Endpoint::Host(h) => topo.host(h).ipsec.encrypted_inbound_only,
        Endpoint::Group(g) => topo
            .client_groups
            .get(g.index())
            .is_some_and(|c| c.ipsec.encrypted_inbound_only),
        Endpoint::Internet => false,
    }
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

fn quick_mode(p: &EspProposal, owner: &str) -> Result<String, Unsupported> {
    let (enc, esp_hash) = match (p.cipher, p.integrity) {
        (Cipher::Aes128Gcm, _) => ("AESGCM128", "AESGMAC128"),
        (Cipher::Aes256Gcm, _) => ("AESGCM256", "AESGMAC256"),
        (_, Some(Integrity::Sha384)) => {
            return Err(refuse(format!(
                "ESP proposal `{p}` of `{owner}`: Windows ESP takes no SHA-384 integrity (New-NetIPsecQuickModeCryptoProposal -ESPHash); use sha256 or AES-GCM"
            )));
        }
        (Cipher::Aes128Cbc, Some(i)) => ("AES128", hash(i)),
        (Cipher::Aes256Cbc, Some(i)) => ("AES256", hash(i)),
        (Cipher::Des, Some(i)) => ("DES", hash(i)),
        (Cipher::TripleDes, Some(i)) => ("DES3", hash(i)),
        (Cipher::Aes128Cbc | Cipher::Aes256Cbc | Cipher::Des | Cipher::TripleDes, None) => {
            return Err(refuse(format!(
                "ESP proposal `{p}` has no integrity algorithm"
            )));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_names_put_the_most_significant_component_first() {
        assert_eq!(
            issuer_name("CN=Contoso IPsec CA, O=Contoso, C=US"),
            "C=US, O=Contoso, CN=Contoso IPsec CA"
        );
        assert_eq!(issuer_name("C=US,O=MSFT,CN=Root"), "C=US, O=MSFT, CN=Root");
        assert_eq!(issuer_name("CN=Only"), "CN=Only");
    }

    #[test]
    fn secured_ports_are_listed_and_clear_ones_keep_their_ranges() {
        let ports = PortSet::from_ranges([
            crate::net::PortRange::single(135),
            crate::net::PortRange::new(5000, 5002).unwrap_or(crate::net::PortRange::single(0)),
        ]);
        assert_eq!(
            port_list(&ports, true).as_deref(),
            Some("@('135', '5000', '5001', '5002')")
        );
        assert_eq!(
            port_list(&ports, false).as_deref(),
            Some("@('135', '5000-5002')")
        );
    }
}
