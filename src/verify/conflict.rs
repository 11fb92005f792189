//! Conflicts inside one host's ordered rules (Hamed and Al-Shaer's classes, for IPsec):
//! a later rule shadowed by an earlier one with another action (an exemption that shadows
//! a protect rule is an error: its flows go in the clear), a redundant rule (same action,
//! never matches), correlated rules (they overlap, neither contains the other, and the
//! overlap takes the earlier rule's action), and a weaker transform taking precedence.
//! Generalization — an exemption carved out before a broader protect rule — is cordon's
//! design and not reported.
//!
//! Pairs are found with a sweep over each rule's remote address span, sorted: only rules
//! whose spans overlap are compared, so a host with thousands of rules to distinct peers
//! costs n·log n, not n².

use super::{Code, Ctx, Finding};
use crate::net::{PortSet, Protocol};
use crate::policy::{Filter, IpsecRule, RuleAction, RuleSet};
use crate::traffic;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for set in ctx.policy.hosts.iter().chain(&ctx.policy.groups) {
        check_set(ctx, set, out);
    }
}

/// Every pair of rules (earlier, later) whose remote spans overlap.
pub fn candidate_pairs(rules: &[IpsecRule]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(u128, u128, usize)> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.remote.span().map(|(lo, hi)| (lo, hi, i)))
        .collect();
    spans.sort_unstable();
    let mut active: Vec<(u128, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (lo, hi, i) in spans {
        active.retain(|&(end, _)| end >= lo);
        for &(_, j) in &active {
            pairs.push((i.min(j), i.max(j)));
        }
        active.push((hi, i));
    }
    pairs.sort_unstable();
    pairs
}

/// Every conflicting pair (earlier, later) of an ordered rule list, with its class.
pub fn conflicts(rules: &[IpsecRule]) -> Vec<(usize, usize, Code)> {
    let mut out = Vec::new();
    for (i, j) in candidate_pairs(rules) {
        let (Some(a), Some(b)) = (rules.get(i), rules.get(j)) else {
            continue;
        };
        if !a.overlaps(b) {
            continue;
        }
        let code = if a.contains(b) {
            if same_effect(a, b) {
                Code::RedundantRule
            } else if a.action == RuleAction::Permit && b.mode.is_some() {
                Code::ExemptionShadowsProtection
            } else if a.mode.is_some() && b.mode.is_some() && weaker(a, b) {
                Code::WeakerTransformFirst
            } else {
                Code::ShadowedRule
            }
        } else if a.action == b.action {
            continue; // overlap with the same action
        } else if b.contains(a) {
            if a.action == RuleAction::Permit {
                continue; // an exemption carved out of a broader protect rule: the design
            }
            Code::Generalization
        } else {
            Code::CorrelatedRules
        };
        out.push((i, j, code));
    }
    out
}

fn check_set(ctx: &Ctx<'_>, set: &RuleSet, out: &mut Vec<Finding>) {
    let owner = traffic::endpoint_name(ctx.topology, set.owner);
    for (i, j, code) in conflicts(&set.rules) {
        let (Some(a), Some(b)) = (set.rules.get(i), set.rules.get(j)) else {
            continue;
        };
        let what = match code {
            Code::RedundantRule => "does the same to every packet it matches",
            Code::ExemptionShadowsProtection => "lets in the clear every packet it would protect",
            Code::WeakerTransformFirst => {
                "protects every packet it matches with weaker cryptography"
            }
            Code::CorrelatedRules => {
                "overlaps it with another action and decides the shared packets"
            }
            _ => "decides every packet it matches",
        };
        out.push(Finding {
            code,
            message: format!(
                "`{owner}`: rule {} `{}` {what} of rule {} `{}` (both match e.g. {})",
                i + 1,
                a.name,
                j + 1,
                b.name,
                example(a, b)
            ),
            span: traffic::endpoint_span(ctx.topology, set.owner),
            fix: match code {
                Code::RedundantRule => "nothing breaks; the later rule can go".to_string(),
                _ => "separate the two rules (distinct ports or peers) or reorder them; `cordon explain` shows which rule a packet meets".to_string(),
            },
            flows: b.flows.clone(),
        });
    }
}

fn same_effect(a: &IpsecRule, b: &IpsecRule) -> bool {
    a.action == b.action
        && a.auth == b.auth
        && a.proposals == b.proposals
        && a.ike_proposals == b.ike_proposals
}

/// Whether `a`'s preferred ESP cipher is weaker than `b`'s.
fn weaker(a: &IpsecRule, b: &IpsecRule) -> bool {
    match (a.proposals.first(), b.proposals.first()) {
        (Some(x), Some(y)) => x.cipher.strength() < y.cipher.strength(),
        _ => false,
    }
}

/// One packet both rules match, for the message.
fn example(a: &IpsecRule, b: &IpsecRule) -> String {
    let proto = if a.protocol == Protocol::Any {
        b.protocol
    } else {
        a.protocol
    };
    let port = |x: &PortSet, y: &PortSet| {
        x.ranges()
            .iter()
            .find_map(|r| (r.start()..=r.end()).find(|p| y.contains(*p)))
            .unwrap_or(0)
    };
    let lp = port(&a.matched_ports(true), &b.matched_ports(true));
    let rp = port(&a.matched_ports(false), &b.matched_ports(false));
    if proto.has_ports() {
        format!("{proto} local port {lp} to remote port {rp}")
    } else {
        proto.to_string()
    }
}
