//! What the two Windows targets share: the Windows rules of an owner, synthesized and proven
//! against the plan by the Windows model before either emitter writes a line, their names,
//! the refusal a disagreement becomes, and facts both targets write (NAT traversal, the CA
//! as the certificate names its issuer).

use super::quote::file_component;
use super::{Input, Unsupported};
use crate::net::AddrSet;
use crate::platform::capability::{Ike, key_module_toward};
use crate::platform::windows::{self, Family, Mismatch, PortForm, TooManyPorts, WinRule};
use crate::policy::{RuleAction, RuleSet};
use crate::topology::Topology;
use crate::traffic::{Protection, TrafficMap};

/// The name of an owner's Windows policy — its GPO, the prefix and group of its objects,
/// its netsh policy: one per host or client group, so that no two scripts share objects.
/// The self-check in the tests reads the names back.
pub fn object_prefix(owner: &str) -> String {
    format!("cordon-{}", file_component(owner))
}

/// What a Windows target can write: its name (in refusals), how its filters hold ports,
/// and whether a rule can choose its key module.
#[derive(Clone, Copy, Debug)]
pub struct WindowsTarget {
    /// The target's name.
    pub name: &'static str,
    /// How its filters hold ports.
    pub form: PortForm,
    /// Whether a rule says which key module it negotiates (`-KeyModule`); without it,
    /// every rule speaks the platform's IKEv1.
    pub key_module_per_rule: bool,
}

/// Windows Firewall with Advanced Security through PowerShell NetSecurity.
pub const POWERSHELL: WindowsTarget = WindowsTarget {
    name: "powershell",
    form: PortForm::RangesInPermitOnly,
    key_module_per_rule: true,
};

/// The legacy IPsec policy through `netsh ipsec static`: IKEv1 only (netsh refuses other
/// peers itself).
pub const NETSH: WindowsTarget = WindowsTarget {
    name: "netsh",
    form: PortForm::SinglePorts,
    key_module_per_rule: false,
};

/// The Windows rules of a rule set, proven against the plan on every member that will
/// hold them (`members`: the owners sharing its GPO; the set's owner alone when empty),
/// or why there are none. The PowerShell self-check in the tests reads the scripts back
/// against them.
pub fn rules(
    input: &Input<'_>,
    set: &RuleSet,
    members: &[crate::traffic::Endpoint],
    owner: &str,
    target: WindowsTarget,
) -> Result<Vec<WinRule>, Unsupported> {
    let refuse = |what: String| Unsupported {
        target: target.name,
        what,
    };
    let prefix = object_prefix(owner);
    let name = |r: &WinRule| rule_name(&prefix, set, r);
    let rules = windows::synthesize(set, target.form).map_err(|TooManyPorts { rule, ports }| {
        refuse(format!(
            "rule `{}` of `{owner}` needs {ports} single ports (Windows takes port ranges only in rules that do not secure, and a netsh filter holds one port), and cordon lists at most {} in one rule: narrow the range (for RPC, rpc_dynamic = \"5000-5100\" and the same range on the hosts)",
            set.rules.get(rule).map_or("", |r| r.name.as_str()),
            windows::MAX_LISTED_PORTS
        ))
    })?;
    let rules = if target.key_module_per_rule {
        by_key_module(input, set, owner, rules).map_err(|what| refuse(format!("rule {what}")))?
    } else {
        rules
    };
    // The owner, then every other host that shares its GPO.
    let others = members.iter().copied().filter(|m| *m != set.owner);
    for member in std::iter::once(set.owner).chain(others) {
        let on_member = RuleSet {
            owner: member,
            ..set.clone()
        };
        windows::check(input.topology, input.traffic, &on_member, &rules)
            .map_err(|m| refuse(mismatch(set, owner, &rules, &m, name)))?;
    }
    Ok(rules)
}

/// Each secured rule split by the IKE version its peers negotiate with this owner: the
/// addresses of peers that need IKEv2 in a rule of their own (`ikev2`), the rest (and
/// addresses no flow names, which meet the hierarchy's default platform) in the other.
/// [`windows::check`] then proves the split rules still decide every packet as planned.
fn by_key_module(
    input: &Input<'_>,
    set: &RuleSet,
    owner: &str,
    rules: Vec<WinRule>,
) -> Result<Vec<WinRule>, String> {
    let t = input.topology;
    let (platform, setting) = crate::traffic::endpoint_platform(t, set.owner);
    let default = (t.platform, crate::topology::KeyModule::Auto);
    // Per plan rule: the addresses of its peers that negotiate IKEv2, and whether the
    // rest (the peers that do not, and addresses no flow names) negotiate IKEv2 too.
    let mut by_rule: Vec<Option<(AddrSet, bool)>> = Vec::with_capacity(set.rules.len());
    for rule in &set.rules {
        if !matches!(rule.action, RuleAction::Require | RuleAction::Request) {
            by_rule.push(None);
            continue;
        }
        let version = |peer: (crate::topology::Platform, crate::topology::KeyModule)| {
            key_module_toward(platform, setting, [peer])
                .map_err(|why| format!("`{}` of `{owner}`: {why}; set `key_module` so that both ends speak one IKE version", rule.name))
        };
        let mut ikev2 = AddrSet::from_prefixes([]);
        let mut ikev1_peer = false;
        for peer in super::rule_peers(input, set, rule) {
            if version(crate::traffic::endpoint_platform(t, peer))? == Ike::V2 {
                ikev2 = ikev2.union(&crate::traffic::endpoint_addrs(t, peer));
            } else {
                ikev1_peer = true;
            }
        }
        // No flow needs the addresses no flow names: where the default cannot be
        // reached, they keep Windows' Default.
        let rest_v2 = !ikev1_peer && version(default).is_ok_and(|v| v == Ike::V2);
        if (!ikev2.is_empty() || rest_v2)
            && !rule
                .auth
                .iter()
                .any(|a| matches!(a, crate::topology::AuthMethod::Certificate(_)))
        {
            return Err(format!(
                "`{}` of `{owner}` negotiates IKEv2 with some peers, which Windows offers with certificates only, but authenticates with Kerberos only; add a certificate authority to `authentication` or set key_module = \"ikev1\"",
                rule.name
            ));
        }
        by_rule.push(Some((ikev2, rest_v2)));
    }
    let mut out = Vec::with_capacity(rules.len());
    for r in rules {
        let Some(Some((ikev2, rest_v2))) = by_rule.get(r.plan_rule) else {
            out.push(r);
            continue;
        };
        let (v2_part, rest) = (r.remote.intersection(ikev2), r.remote.difference(ikev2));
        if *rest_v2 || rest.is_empty() {
            out.push(WinRule { ikev2: true, ..r });
        } else if v2_part.is_empty() {
            out.push(r);
        } else {
            out.push(WinRule {
                remote: rest,
                ..r.clone()
            });
            out.push(WinRule {
                remote: v2_part,
                ikev2: true,
                ..r
            });
        }
    }
    Ok(out)
}

fn mismatch(
    set: &RuleSet,
    owner: &str,
    rules: &[WinRule],
    m: &Mismatch,
    name: impl Fn(&WinRule) -> String,
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
        "Windows would not apply the rules of `{owner}` as planned: for {} {} <-> {}, {plan}, but {windows}",
        p.protocol.name(),
        std::net::SocketAddr::new(p.local, p.local_port),
        std::net::SocketAddr::new(p.remote, p.remote_port)
    )
}

/// Whether any encrypted flow of the owner needs NAT traversal (a NAT firewall on its
/// route, or a client group behind NAT): Windows then must be told to negotiate with peers
/// behind NAT.
pub fn behind_nat(topo: &Topology, traffic: &TrafficMap, set: &RuleSet) -> bool {
    set.rules
        .iter()
        .flat_map(|r| &r.flows)
        .filter_map(|id| traffic.flows.get(id.0 as usize))
        .any(|f| f.protection == Protection::Encrypt && traffic.needs_nat_traversal(topo, f))
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
pub fn rule_name(prefix: &str, set: &RuleSet, r: &WinRule) -> String {
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
        "{prefix}-r{:02}-{plan}{part}{over}{}{}",
        r.plan_rule + 1,
        if r.ikev2 { "-ikev2" } else { "" },
        r.family.map_or("", Family::suffix)
    )
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
}
