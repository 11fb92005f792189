//! Tunnels between site gateways: the two gateways of a WAN link must share an ESP and an
//! IKE proposal and a certificate authority, or the tunnel never comes up and every flow
//! it carries fails. `cordon lab` checks the same prediction against a real charon.

use super::{Code, Ctx, Finding};
use crate::topology::{AuthMethod, EspProposal, Gateway, IkeProposal};

/// The ESP and IKE proposals two gateways agree on: the first of `a`'s that `b` also
/// offers (strongSwan's initiator order), or `None`.
pub fn agree<'a>(
    a: &'a Gateway,
    b: &Gateway,
) -> (Option<&'a EspProposal>, Option<&'a IkeProposal>) {
    (
        a.ipsec
            .proposals
            .iter()
            .find(|p| b.ipsec.proposals.contains(p)),
        a.ipsec
            .ike_proposals
            .iter()
            .find(|p| b.ipsec.ike_proposals.contains(p)),
    )
}

/// Adds the tunnel findings.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    for tunnel in &ctx.policy.tunnels {
        if tunnel.children.is_empty() {
            continue;
        }
        let [a, b] = tunnel.gateways.map(|g| t.gateway(g));
        let flows: Vec<_> = tunnel
            .children
            .iter()
            .flat_map(|c| c.flows.iter().copied())
            .collect();
        let (esp, ike) = agree(a, b);
        let (esp, ike) = (esp.is_some(), ike.is_some());
        if !esp || !ike {
            out.push(Finding {
                code: Code::TunnelNoCommonProposal,
                message: format!(
                    "gateways `{}` and `{}` share no {} proposal: the tunnel between them does not come up ({} flows)",
                    a.name,
                    b.name,
                    if esp { "IKE" } else { "ESP" },
                    flows.len()
                ),
                span: Some(b.span.clone()),
                fix: "list at least one proposal in `proposals` and in `ike_proposals` that both gateways' zones offer".into(),
                flows: flows.clone(),
            });
        }
        let cas = |g: &Gateway| -> Vec<crate::topology::CaId> {
            g.ipsec
                .authentication
                .iter()
                .filter_map(|m| match m {
                    AuthMethod::Certificate(c) => Some(*c),
                    AuthMethod::Kerberos => None,
                })
                .collect()
        };
        let (ca, cb) = (cas(a), cas(b));
        if !ca.iter().any(|c| cb.contains(c)) {
            out.push(Finding {
                code: Code::TunnelNoCommonAuthentication,
                message: format!(
                    "gateways `{}` and `{}` share no certificate authority: the tunnel between them does not come up ({} flows)",
                    a.name,
                    b.name,
                    flows.len()
                ),
                span: Some(b.span.clone()),
                fix: "authenticate both gateways' zones with certificates from one CA (`authentication = [\"certificate:CA\"]`)".into(),
                flows,
            });
        }
    }
}
