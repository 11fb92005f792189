//! Both ends of every flow, simulated: the rule each end's `lookup` finds for the flow's
//! packet, then whether IKE and ESP can agree. An encrypted flow needs a protect rule at
//! both ends, a common ESP and IKE proposal and a common authentication method; an exempt
//! flow needs a permit at both ends.

use std::net::IpAddr;

use rayon::prelude::*;

use super::{Code, Ctx, Finding};
use crate::platform::capability::{self, Gap};
use crate::policy::{IpsecRule, Packet, RuleAction};
use crate::source::Span;
use crate::topology::{AuthMethod, Cipher, EspProposal, IkeProposal, Integrity, Topology};
use crate::traffic::{self, Endpoint, ExemptReason, Flow, FlowId, Protection};

/// The initiator's source port in simulated packets: outside every ephemeral range the
/// catalog names, so that the simulation asks about the rules' intent.
const SOURCE_PORT: u16 = 40000;

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    let addrs = traffic::RepresentativeAddrs::new(t);
    // Pairs of ends that would agree on a weak transform: (initiator, responder, the
    // transform in words) -> their flows.
    let mut weak: std::collections::BTreeMap<(Endpoint, Endpoint, String), Vec<FlowId>> =
        std::collections::BTreeMap::new();
    // Ends that would authenticate with Kerberos but have no path to a KDC -> their flows.
    let kdc = KdcPaths::new(t, ctx.traffic);
    let mut no_kdc: std::collections::BTreeMap<Endpoint, Vec<FlowId>> =
        std::collections::BTreeMap::new();
    // The rule each end finds: the lookups are most of the work and independent, so
    // they run on every core; the findings are then built in flow order.
    let hits: Vec<Option<Hits<'_>>> = ctx
        .traffic
        .flows
        .par_iter()
        .map(|flow| ends_hit(ctx, &addrs, flow))
        .collect();
    for (i, (flow, hits)) in ctx.traffic.flows.iter().zip(hits).enumerate() {
        let id = FlowId(i as u32);
        let Some((at_from, at_to)) = hits else {
            continue;
        };
        match flow.protection {
            Protection::Encrypt => {
                // What the two ends' rules agree on, once per flow: the checks below
                // all read it.
                let agreed = match (at_from, at_to) {
                    (Some(ra), Some(rb)) => Some(agree(ra, rb)),
                    _ => None,
                };
                let ends = [(flow.from, at_from), (flow.to, at_to)];
                encrypted(ctx, id, flow, ends, agreed.as_ref(), out);
                ipv6_uncovered(ctx, id, flow, out);
                if let Some(agreed) = agreed {
                    if let Some(transform) = weak_agreement(&agreed) {
                        weak.entry((flow.from, flow.to, transform))
                            .or_default()
                            .push(id);
                    }
                    if agreed.auth.first() == Some(&AuthMethod::Kerberos) {
                        for end in [flow.from, flow.to] {
                            if !kdc.reaches(end) {
                                no_kdc.entry(end).or_default().push(id);
                            }
                        }
                    }
                }
            }
            Protection::Exempt(reason) => {
                for (end, rule) in [(flow.from, at_from), (flow.to, at_to)] {
                    let Some(rule) = rule.filter(|r| r.mode.is_some()) else {
                        continue;
                    };
                    let code = if reason == ExemptReason::OutOfBand {
                        Code::OutOfBandUnderIpsec
                    } else {
                        Code::ExemptFlowProtected
                    };
                    out.push(Finding {
                        code,
                        message: format!(
                            "{}: exempt ({}), but rule `{}` of `{}` protects its packets",
                            ctx.traffic.flow_id(t, flow),
                            reason.code(),
                            rule.name,
                            traffic::endpoint_name(t, end)
                        ),
                        span: traffic::endpoint_span(t, end),
                        fix: "the same addresses, protocol and ports carry a flow that must be encrypted; separate them (another address, or exclude_rows), or change which one is exempt".to_string(),
                        flows: vec![id],
                    });
                }
            }
        }
    }
    for (end, flows) in no_kdc {
        out.push(Finding {
            code: Code::KerberosWithoutKdc,
            message: format!(
                "`{}` would authenticate {} flows with Kerberos, but the traffic map gives it no path to a domain controller on port 88: it cannot get a ticket, and negotiation fails",
                traffic::endpoint_name(t, end),
                flows.len()
            ),
            span: traffic::endpoint_span(t, end),
            fix: "authenticate these ends with certificates from the dedicated CA first (authentication = [\"certificate:...\", \"kerberos\"]); Kerberos only where the end reaches a domain controller".to_string(),
            flows,
        });
    }
    for ((from, to, transform), flows) in weak {
        out.push(Finding {
            code: Code::WeakTransformAgreed,
            message: format!(
                "`{}` and `{}` agree on {transform}: the first proposal both offer, so it is what protects their {} flows",
                traffic::endpoint_name(t, from),
                traffic::endpoint_name(t, to),
                flows.len()
            ),
            span: traffic::endpoint_span(t, to),
            fix: "offer AES-GCM (aes256gcm16) and an AES/SHA-256 IKE proposal at both ends, ahead of 3DES; keep 3DES last only where a Windows Server 2003 peer needs it".to_string(),
            flows,
        });
    }
}

/// The catalog row marked exempt that put an exemption rule in place, if a row did.
fn exempting_row<'a>(ctx: &'a Ctx<'_>, rule: &IpsecRule) -> Option<&'a crate::catalog::CatalogRow> {
    if rule.mode.is_some() {
        return None;
    }
    rule.flows
        .iter()
        .filter_map(|f| ctx.traffic.flows.get(f.0 as usize))
        .map(|f| traffic::row(ctx.topology, f))
        .find(|row| row.exempt.is_some())
}

/// Which ends have a flow to a domain controller on port 88 (Kerberos) in the traffic
/// map: only those can get the tickets Kerberos authentication needs.
pub struct KdcPaths {
    ends: std::collections::BTreeSet<Endpoint>,
}

impl KdcPaths {
    /// The ends of the traffic map that reach a KDC.
    pub fn new(t: &Topology, traffic: &crate::traffic::TrafficMap) -> KdcPaths {
        let is_dc = |e: Endpoint| matches!(e, Endpoint::Host(h) if t.host(h).domain_controller);
        let ends = traffic
            .flows
            .iter()
            .filter(|f| is_dc(f.to) && traffic.ports(f).contains(88))
            .map(|f| f.from)
            // A domain controller is a KDC itself.
            .chain(
                (0..t.hosts.len())
                    .map(|i| Endpoint::Host(crate::topology::HostId(i as u32)))
                    .filter(|e| is_dc(*e)),
            )
            .collect();
        KdcPaths { ends }
    }

    /// Whether an end can get a Kerberos ticket.
    pub fn reaches(&self, e: Endpoint) -> bool {
        self.ends.contains(&e)
    }
}

/// The weak part of what two ends agree on, in words, if any: a weak ESP or IKE
/// proposal that is the first both offer is what they will use.
fn weak_agreement(agreed: &Agreement) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(esp) = agreed.esp
        && (matches!(esp.cipher, Cipher::Des | Cipher::TripleDes)
            || esp
                .integrity
                .is_some_and(|i| matches!(i, Integrity::Md5 | Integrity::Sha1)))
    {
        parts.push(format!("ESP {esp}"));
    }
    if let Some(ike) = agreed.ike
        && (matches!(ike.cipher, Cipher::Des | Cipher::TripleDes)
            || matches!(ike.integrity, Integrity::Md5 | Integrity::Sha1))
    {
        parts.push(format!("IKE {ike}"));
    }
    (!parts.is_empty()).then(|| parts.join(" and "))
}

/// An encrypted flow that can run over IPv6 (both ends have IPv6 addresses) while one
/// end's platform applies no IPsec policy to IPv6 (`reference/platforms.toml`): its IPv6
/// packets leave that end in the clear, and a peer that requires IPsec refuses them.
fn ipv6_uncovered(ctx: &Ctx<'_>, id: FlowId, flow: &Flow, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    let uncovered = |e: Endpoint| !capability::of(traffic::endpoint_platform(t, e).0).ipv6;
    // The platforms first: on the hot path, most flows stop here without building an
    // address set.
    if !uncovered(flow.from) && !uncovered(flow.to) {
        return;
    }
    let has_v6 = |e: Endpoint| {
        traffic::endpoint_addrs(t, e)
            .prefixes()
            .iter()
            .any(|p| matches!(p, ipnet::IpNet::V6(_)))
    };
    if !has_v6(flow.from) || !has_v6(flow.to) {
        return;
    }
    for (end, peer) in [(flow.from, flow.to), (flow.to, flow.from)] {
        if !uncovered(end) {
            continue;
        }
        let (platform, _) = traffic::endpoint_platform(t, end);
        out.push(Finding {
            code: Code::PlatformNoIpv6,
            message: format!(
                "{}: `{}` runs {}, whose IPsec policy does not apply to IPv6; between it and `{}` the flow's IPv6 packets leave `{}` in the clear (and a peer that requires IPsec drops them)",
                ctx.traffic.flow_id(t, flow),
                traffic::endpoint_name(t, end),
                platform.name(),
                traffic::endpoint_name(t, peer),
                traffic::endpoint_name(t, end)
            ),
            span: traffic::endpoint_span(t, end),
            fix: "remove the IPv6 addresses of this host from the topology and unbind IPv6 on it, or move it to Windows Server 2008 or later".to_string(),
            flows: vec![id],
        });
    }
}

/// The rule an end's rule set applies to the flow's packet; `None` for no rule at all (or
/// an end outside the organisation, which has no policy).
/// The rule each end of a flow finds for its packet (from, to).
type Hits<'a> = (Option<&'a IpsecRule>, Option<&'a IpsecRule>);

/// What both ends' rules do with the flow's first packet; `None` when an end has no
/// address to simulate from.
fn ends_hit<'a>(
    ctx: &'a Ctx<'_>,
    addrs: &traffic::RepresentativeAddrs,
    flow: &Flow,
) -> Option<Hits<'a>> {
    let (Some(from), Some(to)) = (addrs.of(flow.from), addrs.of(flow.to)) else {
        return None;
    };
    let port = ctx.traffic.first_port(flow);
    let ports = |local: u16, remote: u16| {
        if flow.protocol.has_ports() {
            (local, remote)
        } else {
            (0, 0)
        }
    };
    let (a_local, a_remote) = ports(SOURCE_PORT, port);
    let (b_local, b_remote) = ports(port, SOURCE_PORT);
    Some((
        hit(ctx, flow.from, from, to, flow, a_local, a_remote),
        hit(ctx, flow.to, to, from, flow, b_local, b_remote),
    ))
}

fn hit<'a>(
    ctx: &'a Ctx<'_>,
    owner: Endpoint,
    local: IpAddr,
    remote: IpAddr,
    flow: &Flow,
    local_port: u16,
    remote_port: u16,
) -> Option<&'a IpsecRule> {
    let set = ctx.policy.rules_of(owner)?;
    let packet = Packet {
        local,
        remote,
        protocol: flow.protocol,
        local_port,
        remote_port,
    };
    set.lookup(&packet).map(|(_, r)| r)
}

fn encrypted(
    ctx: &Ctx<'_>,
    id: FlowId,
    flow: &Flow,
    ends: [(Endpoint, Option<&IpsecRule>); 2],
    agreed: Option<&Agreement>,
    out: &mut Vec<Finding>,
) {
    let protects = |r: Option<&IpsecRule>| {
        matches!(
            r.map(|r| r.action),
            Some(RuleAction::Require | RuleAction::Request)
        )
    };
    let [(_, ra), (_, rb)] = ends;
    let mut findings = FlowFindings {
        ctx,
        id,
        flow_id: ctx.traffic.flow_id(ctx.topology, flow),
        out,
    };
    match (protects(ra), protects(rb)) {
        (true, false) => findings.one_end_protects(ends[0], ends[1]),
        (false, true) => findings.one_end_protects(ends[1], ends[0]),
        (false, false) => findings.neither_protects(ends),
        (true, true) => {
            if let (Some(ra), Some(rb)) = (ra, rb) {
                findings.both_protect([(ends[0].0, ra), (ends[1].0, rb)], agreed);
            }
        }
    }
}

/// The findings of one encrypted flow, as [`encrypted`] makes them: each names the flow
/// and points at an end's name, or at the line that set what fails.
struct FlowFindings<'c, 'o> {
    ctx: &'c Ctx<'c>,
    id: FlowId,
    flow_id: String,
    out: &'o mut Vec<Finding>,
}

impl FlowFindings<'_, '_> {
    /// A finding about the flow: `message` follows the flow's id.
    fn push(&mut self, code: Code, message: String, span: Option<Span>, fix: &str) {
        self.out.push(Finding {
            code,
            message: format!("{}: {message}", self.flow_id),
            span,
            fix: fix.to_string(),
            flows: vec![self.id],
        });
    }

    fn name(&self, e: Endpoint) -> String {
        traffic::endpoint_name(self.ctx.topology, e).to_string()
    }

    /// One end protects the flow and the other does not: an outage where it requires,
    /// plaintext where it only requests.
    fn one_end_protects(
        &mut self,
        (protecting, pr): (Endpoint, Option<&IpsecRule>),
        (other, other_rule): (Endpoint, Option<&IpsecRule>),
    ) {
        let t = self.ctx.topology;
        let pa = pr.map(|r| r.action);
        // An exemption that a catalog row (often a user's overlay) put there: name the
        // row and point at it, for that is what to change.
        let row = other_rule.and_then(|r| exempting_row(self.ctx, r));
        let other_has = match (other_rule.map(|r| r.action), row) {
            (Some(RuleAction::Permit), Some(row)) => format!(
                "permits it in the clear with rule `{}`, an exemption from catalog row `{}`",
                other_rule.map_or("", |r| r.name.as_str()),
                row.id
            ),
            (Some(RuleAction::Permit), None) => "permits it in the clear".to_string(),
            _ => "has no rule for it".to_string(),
        };
        let other_at = row
            .map(|r| r.span.clone())
            .or_else(|| traffic::endpoint_span(t, other));
        let outsider = traffic::endpoint_settings(t, other).is_some_and(|s| !s.takes_part);
        if pa == Some(RuleAction::Require) {
            let fix = if outsider {
                format!(
                    "`{}` takes no part in IPsec: set serves_outsiders = true on `{}` (or its zone) so that it takes these sessions in the clear on exactly their ports - the seed's alternative, since \"Any <-> subnet\" with \"do not allow unsecured communication\" fits only where no inbound session must arrive unencrypted - or run IPsec on `{}`",
                    self.name(other),
                    self.name(protecting),
                    self.name(other)
                )
            } else {
                "give both ends a protect rule for this flow (check the other end's design, zone and host overrides)".to_string()
            };
            self.push(
                Code::NegotiationOutage,
                format!(
                    "`{}` requires IPsec, `{}` {other_has}",
                    self.name(protecting),
                    self.name(other)
                ),
                other_at,
                &fix,
            );
        } else {
            self.push(
                Code::SilentPlaintext,
                format!(
                    "`{}` only requests IPsec and `{}` {other_has}",
                    self.name(protecting),
                    self.name(other)
                ),
                other_at,
                "set action = \"require\" and give both ends a protect rule for this flow",
            );
        }
    }

    /// Neither end protects a flow that must be encrypted: it goes in the clear.
    fn neither_protects(&mut self, [(a, ra), (b, rb)]: [(Endpoint, Option<&IpsecRule>); 2]) {
        let t = self.ctx.topology;
        let what = |e: Endpoint, r: Option<&IpsecRule>| match r {
            Some(r) => format!(
                "`{}` permits it in the clear with rule `{}`{}",
                self.name(e),
                r.name,
                exempting_row(self.ctx, r)
                    .map(|row| format!(", an exemption from catalog row `{}`", row.id))
                    .unwrap_or_default()
            ),
            None => format!("`{}` has no rule for it", self.name(e)),
        };
        let at = [ra, rb]
            .into_iter()
            .flatten()
            .find_map(|r| exempting_row(self.ctx, r))
            .map(|row| row.span.clone());
        self.push(
                Code::SilentPlaintext,
                format!(
                    "must be encrypted, but {} and {}",
                    what(a, ra),
                    what(b, rb)
                ),
                at.or_else(|| traffic::endpoint_span(t, a)),
                "give both ends a protect rule for this flow; where an exemption of necessity (AMT, PXE) shares its addresses, protocol and port, the two cannot be told apart: move one of them",
            );
    }

    /// Both ends protect it: whether they require alike, and whether IKE can agree on
    /// proposals and authentication (and the platforms can carry what they agree).
    fn both_protect(
        &mut self,
        [(a, ra), (b, rb)]: [(Endpoint, &IpsecRule); 2],
        agreed: Option<&Agreement>,
    ) {
        let t = self.ctx.topology;
        let (aa, ab) = (ra.action, rb.action);
        if aa == RuleAction::Request && ab == RuleAction::Request {
            self.push(
                Code::SilentPlaintext,
                format!(
                    "both `{}` and `{}` only request IPsec; either may talk in the clear",
                    self.name(a),
                    self.name(b)
                ),
                traffic::endpoint_span(t, a),
                "set action = \"require\" on at least one end",
            );
        } else if aa != ab {
            let requesting = if aa == RuleAction::Request { a } else { b };
            self.push(
                Code::RequireRequest,
                format!(
                    "`{}` requests where its peer requires",
                    self.name(requesting)
                ),
                traffic::endpoint_settings(t, requesting)
                    .and_then(|s| s.origins.action.clone())
                    .or_else(|| traffic::endpoint_span(t, requesting)),
                "set action = \"require\" on both ends once every peer has its policy",
            );
        }
        let Some(agreed) = agreed else {
            return;
        };
        if agreed.esp.is_none() || agreed.ike.is_none() {
            // Which negotiation fails, and what each end offers in it.
            let (name_a, name_b) = (self.name(a), self.name(b));
            let mut failed = Vec::new();
            if agreed.ike.is_none() {
                failed.push(no_common(
                    "IKE (main mode)",
                    (&name_a, &ra.ike_proposals),
                    (&name_b, &rb.ike_proposals),
                ));
            }
            if agreed.esp.is_none() {
                failed.push(no_common(
                    "ESP (quick mode)",
                    (&name_a, &ra.proposals),
                    (&name_b, &rb.proposals),
                ));
            }
            // Point at the line that set the responder's offer.
            let at = traffic::endpoint_settings(t, b).and_then(|s| {
                if agreed.esp.is_none() {
                    s.origins.proposals.clone()
                } else {
                    s.origins.ike_proposals.clone()
                }
            });
            self.push(
                    Code::NoCommonProposal,
                    format!("they share {}", failed.join("; and ")),
                    at.or_else(|| traffic::endpoint_span(t, b)),
                    "list at least one proposal in `proposals` and in `ike_proposals` that both ends offer",
                );
        }
        let platform_gap = agreed.esp.is_some() && agreed.ike.is_some() && !agreed.auth.is_empty();
        if platform_gap && let Some((code, message, fix)) = platform_check(t, [(a, ra), (b, rb)]) {
            self.push(code, message.to_string(), traffic::endpoint_span(t, b), fix);
        }
        let common = agreed.auth.as_slice();
        if common.is_empty() {
            self.push(
                Code::NoCommonAuthentication,
                format!(
                    "`{}` and `{}` share no authentication method",
                    self.name(a),
                    self.name(b)
                ),
                traffic::endpoint_span(t, b),
                "authenticate both ends with certificates from the same CA (or both with Kerberos)",
            );
        } else if common == [AuthMethod::Kerberos] && forest(t, a) != forest(t, b) {
            self.push(
                Code::KerberosAcrossForests,
                format!(
                    "`{}` ({}) and `{}` ({}) can only use Kerberos",
                    self.name(a),
                    forest(t, a).unwrap_or("no forest"),
                    self.name(b),
                    forest(t, b).unwrap_or("no forest")
                ),
                traffic::endpoint_span(t, b),
                "add certificate authentication from a dedicated CA to both ends",
            );
        }
    }
}

/// Two ends that agree on paper, held against what their platforms can negotiate
/// (`reference/platforms.toml`): the finding's code, message and fix, if they cannot.
fn platform_check(
    t: &Topology,
    ends: [(Endpoint, &IpsecRule); 2],
) -> Option<(Code, String, &'static str)> {
    let [(a, ra), (b, rb)] = ends;
    let (pa, ka) = traffic::endpoint_platform(t, a);
    let (pb, kb) = traffic::endpoint_platform(t, b);
    let gap = capability::negotiate(
        capability::End {
            platform: pa,
            key_module: ka,
            auth: &ra.auth,
            esp: &ra.proposals,
            ike: &ra.ike_proposals,
        },
        capability::End {
            platform: pb,
            key_module: kb,
            auth: &rb.auth,
            esp: &rb.proposals,
            ike: &rb.ike_proposals,
        },
    )
    .err()?;
    let (code, why, fix) = match gap {
        Gap::KeyModule(why) => (
            Code::PlatformNoKeyModule,
            why,
            "set key_module = \"auto\" (or one version both platforms speak) on both ends; Windows 2003/XP speak IKEv1 only",
        ),
        Gap::Authentication(why) => (
            Code::PlatformNoAuthentication,
            why,
            "authenticate both ends with certificates from a dedicated CA: Linux has no Kerberos, and IKEv2 on Windows takes certificates only",
        ),
        Gap::Proposal(why) => (
            Code::PlatformNoProposal,
            why,
            "offer a proposal both platforms support (3des-sha1 and modp2048 for Windows 2003/XP)",
        ),
    };
    Some((
        code,
        format!(
            "`{}` ({}) and `{}` ({}): {why}",
            traffic::endpoint_name(t, a),
            pa.name(),
            traffic::endpoint_name(t, b),
            pb.name()
        ),
        fix,
    ))
}

fn forest(t: &Topology, e: Endpoint) -> Option<&str> {
    match e {
        Endpoint::Host(h) => t.host(h).forest.as_deref(),
        Endpoint::Group(g) => t.group(g).forest.as_deref(),
        Endpoint::Internet => None,
    }
}

/// What two protect rules agree on: the initiator's first proposal and method that the
/// responder also offers (IKE picks them in the initiator's order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// The ESP proposal, if any is common.
    pub esp: Option<EspProposal>,
    /// The IKE proposal, if any is common.
    pub ike: Option<IkeProposal>,
    /// Every common authentication method, in the initiator's order.
    pub auth: Vec<AuthMethod>,
}

/// The agreement between an initiator's rule and a responder's rule.
pub fn agree(initiator: &IpsecRule, responder: &IpsecRule) -> Agreement {
    Agreement {
        esp: initiator
            .proposals
            .iter()
            .find(|p| responder.proposals.contains(p))
            .copied(),
        ike: initiator
            .ike_proposals
            .iter()
            .find(|p| responder.ike_proposals.contains(p))
            .copied(),
        auth: initiator
            .auth
            .iter()
            .filter(|m| responder.auth.contains(m))
            .copied()
            .collect(),
    }
}

/// One negotiation without a proposal both ends offer, and each end's offers.
fn no_common<P: std::fmt::Display>(
    negotiation: &str,
    (name_a, offers_a): (&str, &[P]),
    (name_b, offers_b): (&str, &[P]),
) -> String {
    let list = |offers: &[P]| {
        offers
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "no {negotiation} proposal: `{name_a}` offers {}, `{name_b}` offers {}",
        list(offers_a),
        list(offers_b)
    )
}
