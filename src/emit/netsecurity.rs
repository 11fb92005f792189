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

use rayon::prelude::*;

use serde::Serialize;

use super::quote::{comment, file_component, powershell as q};
use super::windows::{behind_nat, issuer_name, rule_name, rules as windows_rules};
use super::{Artifact, Input, Target, Unsupported};
use crate::net::{AddrSet, PortSet, Protocol};
use crate::platform::windows::{Family, WinRule, of_family};
use crate::policy::{RuleAction, RuleKind, RuleSet};
use crate::topology::{
    AuthMethod, CaKind, Cipher, DhGroup, EspProposal, IkeProposal, Integrity, Topology,
};
use crate::traffic::{Endpoint, ExemptReason, endpoint_settings};

/// Renders one script per Group Policy object, and the GPO manifest.
pub fn render(input: &Input<'_>) -> Result<Vec<Artifact>, Unsupported> {
    let gpos = gpos(input);
    let rendered: Vec<Result<Artifact, Unsupported>> = gpos
        .par_iter()
        .map(|gpo| {
            let owner = crate::traffic::endpoint_name(input.topology, gpo.set.owner).to_string();
            Ok(Artifact {
                path: format!("powershell/{}.ps1", file_component(&owner)),
                contents: script(input, gpo, &owner)?,
                owner,
                target: Target::Powershell,
            })
        })
        .collect();
    let mut out = rendered.into_iter().collect::<Result<Vec<_>, _>>()?;
    let entries: Vec<GpoEntry> = gpos
        .iter()
        .map(|gpo| gpo_entry(input.topology, gpo))
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap_or_default();
    text.push('\n');
    out.push(Artifact {
        path: "powershell/gpos.json".to_string(),
        owner: "group policy".to_string(),
        target: Target::Powershell,
        contents: text,
    });
    out.push(Artifact {
        path: EXPORT_SCRIPT_PATH.to_string(),
        owner: "drift".to_string(),
        target: Target::Powershell,
        contents: EXPORT_SCRIPT.to_string(),
    });
    Ok(out)
}

/// Where the export script goes: beside the GPO scripts, in a folder of its own so that
/// no host's script can take its name.
pub const EXPORT_SCRIPT_PATH: &str = "powershell/drift/export-state.ps1";

/// The script that exports a computer's (or a GPO's) IPsec state as JSON for `cordon
/// drift` (schema `cordon.windows-state/1`, read by `platform::windows_state`). It runs
/// only built-in Get- cmdlets, each held against the NetSecurity reference like every
/// emitted call.
pub const EXPORT_SCRIPT: &str = include_str!("export-state.ps1");

/// One Group Policy object: the hosts or the client group it applies to, and the rule set
/// its script writes.
#[derive(Clone, Debug)]
pub struct Gpo {
    /// The computers' owners: one client group, or hosts whose policies differ only in
    /// their own addresses (in the topology's order; the first names the GPO).
    pub members: Vec<Endpoint>,
    /// The first member's rules with every member's own addresses as the local side. On a
    /// member, a rule matches only packets of its own addresses, so each member gets
    /// exactly its own policy.
    pub set: RuleSet,
}

/// The GPOs of the hierarchy, in the topology's order: hosts with the same policy share
/// one (the same rules, peers, settings and platform; only their own addresses differ),
/// as Windows administrators lay GPOs out; each client group has its own.
pub fn gpos(input: &Input<'_>) -> Vec<Gpo> {
    let mut out: Vec<Gpo> = Vec::new();
    let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for set in super::served(input, serves) {
        let key = matches!(set.owner, Endpoint::Host(_)).then(|| shared_policy_key(input, set));
        match key.as_ref().and_then(|k| by_key.get(k)) {
            Some(&i) => {
                let gpo = &mut out[i];
                gpo.members.push(set.owner);
                for (mine, theirs) in gpo.set.rules.iter_mut().zip(&set.rules) {
                    mine.local = mine.local.union(&theirs.local);
                    mine.flows.extend(theirs.flows.iter().copied());
                    mine.flows.sort();
                    mine.flows.dedup();
                }
            }
            None => {
                if let Some(k) = key {
                    by_key.insert(k, out.len());
                }
                out.push(Gpo {
                    members: vec![set.owner],
                    set: set.clone(),
                });
            }
        }
    }
    out
}

/// What two hosts must have in common to share a GPO: every rule but its local addresses
/// and flows, and the settings and platform the script reads.
fn shared_policy_key(input: &Input<'_>, set: &RuleSet) -> String {
    let t = input.topology;
    let own = crate::traffic::endpoint_addrs(t, set.owner);
    // Per family, the local side as the host's own addresses, none, every address, or
    // (never shared) the addresses themselves: the union of the members' local sides
    // then gives each member exactly its own.
    let local = |local: &crate::net::AddrSet| -> String {
        [Some(Family::V4), Some(Family::V6)]
            .into_iter()
            .map(|f| {
                let (mine, rule) = (of_family(&own, f), of_family(local, f));
                let whole = of_family(&crate::net::AddrSet::any(), f);
                if rule == mine {
                    "own".to_string()
                } else if rule.is_empty() {
                    "none".to_string()
                } else if rule == whole {
                    "any".to_string()
                } else {
                    format!("{rule}")
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let rules: Vec<String> = set
        .rules
        .iter()
        .map(|r| {
            let form = local(&r.local);
            let mut r = r.clone();
            r.local = crate::net::AddrSet::from_prefixes([]);
            r.flows.clear();
            format!("{form} {r:?}")
        })
        .collect();
    format!(
        "{:?}|{:?}|{:?}|{}|{}",
        set.design,
        crate::traffic::endpoint_platform(t, set.owner),
        // What the settings say, not where they were written.
        endpoint_settings(t, set.owner).map(|s| crate::topology::IpsecSettings {
            origins: crate::topology::Origins::default(),
            ..s.clone()
        }),
        super::windows::behind_nat(t, input.traffic, set),
        rules.join("\n")
    )
}

pub use super::windows::object_prefix;

/// Windows Firewall with Advanced Security's rules reach Windows Vista / Server 2008 and
/// later through Group Policy: Windows 2003 / XP take netsh, Linux swanctl.
fn serves(platform: crate::topology::Platform) -> bool {
    platform == crate::topology::Platform::Windows
}

/// One GPO of `gpos.json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GpoEntry {
    /// The GPO's name (`-PolicyStore DOMAIN\NAME`).
    pub gpo: String,
    /// The script that fills it.
    pub script: String,
    /// The hosts, or the client group, it is for.
    pub members: Vec<String>,
    /// What the GPO's security filtering must hold: the members' computer accounts, or
    /// the computers of the client group.
    pub apply_to: String,
    /// The addresses those computers have (what the rules' local side matches).
    pub addresses: Vec<String>,
}

fn gpo_entry(topo: &Topology, gpo: &Gpo) -> GpoEntry {
    let name = crate::traffic::endpoint_name(topo, gpo.set.owner).to_string();
    let members: Vec<String> = gpo
        .members
        .iter()
        .map(|m| crate::traffic::endpoint_name(topo, *m).to_string())
        .collect();
    let apply_to = match gpo.set.owner {
        Endpoint::Host(_) if members.len() == 1 => format!("the computer account of {name}"),
        Endpoint::Host(_) => format!("the computer accounts of {}", members.join(", ")),
        _ => format!("a security group holding the computers of client group {name}"),
    };
    // Each member's own, listed apart (a union would merge neighbours into one prefix).
    let addresses = gpo
        .members
        .iter()
        .flat_map(|m| {
            crate::traffic::endpoint_addrs(topo, *m)
                .prefixes()
                .iter()
                .map(crate::net::display_prefix)
                .collect::<Vec<_>>()
        })
        .collect();
    GpoEntry {
        gpo: object_prefix(&name),
        script: format!("powershell/{}.ps1", file_component(&name)),
        members,
        apply_to,
        addresses,
    }
}

fn refuse(what: String) -> Unsupported {
    Unsupported {
        target: "powershell",
        what,
    }
}

fn script(input: &Input<'_>, gpo: &Gpo, owner: &str) -> Result<String, Unsupported> {
    let set = &gpo.set;
    let prefix = object_prefix(owner);
    let rules = windows_rules(input, set, &gpo.members, owner, super::windows::POWERSHELL)?;
    let sets = SetNames::of(&prefix);
    let mut out = String::new();
    header(&mut out, input, gpo, owner);
    let change = should_process;
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
            &format!("{cmd} of group {}", object_prefix(owner)),
            &format!("{cmd} -GPOSession $Gpo -Group $Group -ErrorAction SilentlyContinue"),
        );
    }
    if let Some(first) = set.rules.iter().find(|r| r.mode.is_some()) {
        let ikev2 = rules.iter().any(|r| r.ikev2);
        crypto_sets(&mut out, input, owner, &sets, first, ikev2)?;
    }
    if behind_nat(input.topology, input.traffic, set) {
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
        let name = rule_name(&prefix, set, r);
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
                // IKEv2 takes certificates only: its rules get the auth set without
                // Kerberos. Default (AuthIP and IKEv1) is left unsaid.
                let (auth, key_module) = if r.ikev2 {
                    (&sets.auth_ikev2, " -KeyModule IKEv2")
                } else {
                    (&sets.auth, "")
                };
                let _ = write!(
                    cmd,
                    " -Mode Transport -InboundSecurity {sec} -OutboundSecurity {sec}{key_module} -Phase1AuthSet {} -QuickModeCryptoSet {}",
                    q(auth),
                    q(&sets.quick_mode)
                );
            }
        }
        filter_params(&mut cmd, r, r.listed);
        change(
            &mut out,
            &format!("create IPsec rule {name}"),
            &format!("{cmd} | Out-Null"),
        );
        if let Some(fw) = firewall_allow(input, set, r, &prefix, &name, owner) {
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

/// A change to the GPO, made only when `ShouldProcess` allows it: `-WhatIf` lists it and
/// `-Confirm` asks, although the NetSecurity cmdlets do not inherit `$WhatIfPreference`.
fn should_process(out: &mut String, what: &str, command: &str) {
    let _ = writeln!(
        out,
        "if ($PSCmdlet.ShouldProcess($PolicyStore, {})) {{ {command} }}",
        q(what)
    );
}

/// The names of an owner's authentication and crypto sets and its main mode rule.
struct SetNames {
    auth: String,
    auth_ikev2: String,
    main_mode: String,
    quick_mode: String,
    main_mode_rule: String,
}

impl SetNames {
    fn of(prefix: &str) -> SetNames {
        SetNames {
            auth: format!("{prefix}-auth"),
            auth_ikev2: format!("{prefix}-auth-ikev2"),
            main_mode: format!("{prefix}-mm"),
            quick_mode: format!("{prefix}-qm"),
            main_mode_rule: format!("{prefix}-mm-rule"),
        }
    }
}

fn header(out: &mut String, input: &Input<'_>, shared: &Gpo, owner: &str) {
    let set = &shared.set;
    let gpo = object_prefix(owner);
    let members: Vec<&str> = shared
        .members
        .iter()
        .map(|m| crate::traffic::endpoint_name(input.topology, *m))
        .collect();
    let _ = writeln!(
        out,
        "# cordon: IPsec policy of {} as the Group Policy object {}",
        comment(&members.join(", ")),
        comment(&gpo)
    );
    if members.len() > 1 {
        let _ = writeln!(
            out,
            "# These hosts have the same policy but for their own addresses: each rule's local side lists all of theirs, and on each host it matches only its own."
        );
    }
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
    should_process(
        out,
        &format!("Remove-NetFirewallRule of group {gpo}"),
        "Remove-NetFirewallRule -PolicyStore $PolicyStore -Group $Group -ErrorAction SilentlyContinue",
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
    sets: &SetNames,
    first: &crate::policy::IpsecRule,
    ikev2: bool,
) -> Result<(), Unsupported> {
    let _ = writeln!(out);
    let _ = writeln!(out, "# Phase 1 authentication, in order of preference.");
    auth_proposals(out, input, "$AuthProposals", &first.auth);
    if ikev2 {
        let _ = writeln!(
            out,
            "# For the rules that negotiate IKEv2 (-KeyModule IKEv2): certificates only."
        );
        let certificates: Vec<AuthMethod> = first
            .auth
            .iter()
            .copied()
            .filter(|a| matches!(a, AuthMethod::Certificate(_)))
            .collect();
        auth_proposals(out, input, "$AuthProposalsIkev2", &certificates);
    }
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
    let ikev2_auth = (
        "New-NetIPsecPhase1AuthSet",
        &sets.auth_ikev2,
        "IKEv2 authentication",
        "$AuthProposalsIkev2",
    );
    for (cmdlet, name, what, proposals) in [
        (
            "New-NetIPsecPhase1AuthSet",
            &sets.auth,
            "authentication",
            "$AuthProposals",
        ),
        ikev2_auth,
        (
            "New-NetIPsecMainModeCryptoSet",
            &sets.main_mode,
            "main mode crypto",
            "$MainModeProposals",
        ),
        (
            "New-NetIPsecQuickModeCryptoSet",
            &sets.quick_mode,
            "quick mode crypto",
            "$QuickModeProposals",
        ),
    ] {
        if proposals == "$AuthProposalsIkev2" && !ikev2 {
            continue;
        }
        should_process(
            out,
            &format!("create {what} set {name}"),
            &format!(
                "{cmdlet} -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -Proposal {proposals} | Out-Null",
                q(name),
                q(&format!("cordon {owner}: {what}"))
            ),
        );
        if cmdlet == "New-NetIPsecMainModeCryptoSet" {
            let rule = &sets.main_mode_rule;
            should_process(
                out,
                &format!("create main mode rule {rule}"),
                &format!(
                    "New-NetIPsecMainModeRule -GPOSession $Gpo -Group $Group -Name {} -DisplayName {} -MainModeCryptoSet {} -Phase1AuthSet {} | Out-Null",
                    q(rule),
                    q(&format!("cordon {owner}: main mode")),
                    q(&sets.main_mode),
                    q(&sets.auth)
                ),
            );
        }
    }
    Ok(())
}

/// `$NAME = @( ... )`: one `New-NetIPsecAuthProposal` per method, in order.
fn auth_proposals(out: &mut String, input: &Input<'_>, name: &str, methods: &[AuthMethod]) {
    let _ = writeln!(out, "{name} = @(");
    for a in methods {
        let _ = writeln!(out, "    ({})", auth_call(input, *a));
    }
    let _ = writeln!(out, ")");
}

fn auth_call(input: &Input<'_>, method: AuthMethod) -> String {
    match method {
        AuthMethod::Certificate(ca) => {
            let ca = input.topology.ca(ca);
            let kind = match ca.kind {
                CaKind::Root => "Root",
                CaKind::Intermediate => "Intermediate",
            };
            format!(
                "New-NetIPsecAuthProposal -Machine -Cert -Authority {} -AuthorityType {kind}",
                q(&issuer_name(&ca.subject))
            )
        }
        AuthMethod::Kerberos => "New-NetIPsecAuthProposal -Machine -Kerberos".to_string(),
    }
}

/// One authentication or crypto set a GPO script creates: its name, the cmdlet that makes
/// its proposals, and each proposal's call, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSet {
    /// The set's name.
    pub name: String,
    /// `New-NetIPsecAuthProposal`, `New-NetIPsecMainModeCryptoProposal` or
    /// `New-NetIPsecQuickModeCryptoProposal`.
    pub proposal_cmdlet: &'static str,
    /// The proposal calls, as the script writes them.
    pub calls: Vec<String>,
}

/// What one GPO script puts into its GPO, in the terms `drift` holds an export against:
/// every connection security rule with its name and the sets it names, and the sets.
#[derive(Clone, Debug)]
pub struct PlannedGpo {
    /// The rules, as the Windows model reads them, each with its IPsecRuleName.
    pub rules: Vec<(String, WinRule)>,
    /// For each rule (same order): its `Phase1AuthSet` and `QuickModeCryptoSet` (empty
    /// for a rule that does not secure).
    pub rule_sets: Vec<(String, String)>,
    /// The sets.
    pub sets: Vec<PlannedSet>,
}

/// What the script of `gpo` writes (see [`gpos`]).
pub fn planned_gpo(input: &Input<'_>, gpo: &Gpo) -> Result<PlannedGpo, Unsupported> {
    let set = &gpo.set;
    let owner = crate::traffic::endpoint_name(input.topology, set.owner);
    let prefix = object_prefix(owner);
    let rules = windows_rules(input, set, &gpo.members, owner, super::windows::POWERSHELL)?;
    let names = SetNames::of(&prefix);
    let mut sets = Vec::new();
    if let Some(first) = set.rules.iter().find(|r| r.mode.is_some()) {
        let auth: Vec<String> = first.auth.iter().map(|a| auth_call(input, *a)).collect();
        let auth_ikev2: Vec<String> = first
            .auth
            .iter()
            .filter(|a| matches!(a, AuthMethod::Certificate(_)))
            .map(|a| auth_call(input, *a))
            .collect();
        sets.push(PlannedSet {
            name: names.auth.clone(),
            proposal_cmdlet: "New-NetIPsecAuthProposal",
            calls: auth,
        });
        if rules.iter().any(|r| r.ikev2) {
            sets.push(PlannedSet {
                name: names.auth_ikev2.clone(),
                proposal_cmdlet: "New-NetIPsecAuthProposal",
                calls: auth_ikev2,
            });
        }
        sets.push(PlannedSet {
            name: names.main_mode.clone(),
            proposal_cmdlet: "New-NetIPsecMainModeCryptoProposal",
            calls: first.ike_proposals.iter().map(main_mode).collect(),
        });
        sets.push(PlannedSet {
            name: names.quick_mode.clone(),
            proposal_cmdlet: "New-NetIPsecQuickModeCryptoProposal",
            calls: first
                .proposals
                .iter()
                .map(|p| quick_mode(p, owner))
                .collect::<Result<_, _>>()?,
        });
    }
    let rule_sets = rules
        .iter()
        .map(|r| match r.action {
            RuleAction::Require | RuleAction::Request => (
                if r.ikev2 {
                    names.auth_ikev2.clone()
                } else {
                    names.auth.clone()
                },
                names.quick_mode.clone(),
            ),
            RuleAction::Permit | RuleAction::Block => (String::new(), String::new()),
        })
        .collect();
    Ok(PlannedGpo {
        rules: rules
            .into_iter()
            .map(|r| (rule_name(&prefix, set, &r), r))
            .collect(),
        rule_sets,
        sets,
    })
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
    // The Windows rule's addresses are of its family already (the model wrote them so);
    // for a per-family rule, 0.0.0.0/0 or ::/0 is no condition at all.
    let whole_family = family.is_some() && set.prefixes().iter().all(|p| p.prefix_len() == 0);
    if set.is_any() || set.is_empty() || whole_family {
        return None;
    }
    let items: Vec<String> = set
        .prefixes()
        .iter()
        .map(|p| q(&crate::net::display_prefix(p)))
        .collect();
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
    ipsec_rule: &str,
    owner: &str,
) -> Option<(String, String)> {
    let plan = set.rules.get(r.plan_rule)?;
    let suffix = r.family.map_or("", Family::suffix);
    // One firewall rule per Windows rule, named after it.
    let name = ipsec_rule.replacen(&format!("{prefix}-r"), &format!("{prefix}-fw"), 1);
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
            if endpoint_settings(input.topology, set.owner)
                .is_some_and(|s| s.encrypted_inbound_only) =>
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
