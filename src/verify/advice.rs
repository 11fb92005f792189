//! The seed's advice as checks: cryptography, authentication, domain controllers, the
//! client agent's permits, sensitive paths in the clear, mixed mode, uncertain catalog rows.

use std::collections::BTreeSet;

use super::{Code, Ctx, Finding};
use crate::catalog::Path;
use crate::policy::RuleSet;
use crate::topology::{AuthMethod, Cipher, Integrity, SecurityMode, Topology, Trust};
use crate::traffic::{self, Endpoint, ExemptReason, FlowId, Protection};

/// The seed's advice, owner by owner and across the hierarchy: site roles on domain
/// controllers, the client agent's permits, a dedicated CA, the server paths in the
/// clear, uncertain catalog rows, and the clients of mixed-mode sites.
pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for set in ctx.policy.hosts.iter().chain(&ctx.policy.groups) {
        owner_checks(ctx, set, out);
    }
    site_roles(ctx.topology, out);
    dedicated_cas(ctx, out);
    flows_in_doubt(ctx, out);
    internet_clients_of_mixed_sites(ctx, out);
    mixed_mode_client_paths(ctx, out);
}

/// Site roles on a domain controller, and a site system that runs the client agent
/// without its permits.
fn site_roles(t: &Topology, out: &mut Vec<Finding>) {
    // Site system roles: those the catalog puts on the seed's two server paths.
    let site_system_roles: BTreeSet<crate::catalog::RoleId> = t
        .catalog
        .rows
        .iter()
        .filter(|r| matches!(r.path, Path::SiteToSite | Path::SiteServerToSiteSystem))
        .flat_map(|r| [r.from, r.to])
        .collect();
    for h in &t.hosts {
        let site_roles: Vec<&str> = h
            .declared_roles
            .iter()
            .filter(|r| site_system_roles.contains(r))
            .map(|r| t.catalog.role_name(*r))
            .collect();
        if h.domain_controller && !site_roles.is_empty() {
            out.push(Finding {
                code: Code::SiteRolesOnDomainController,
                message: format!("`{}` is a domain controller with site roles: {}", h.name, site_roles.join(", ")),
                span: Some(h.span.clone()),
                fix: "move the site roles to a member server; otherwise check the DC's IPsec policy against the domain controller caveats (cordon gives it host-to-host rules and exempts only directory traffic)".to_string(),
                flows: Vec::new(),
            });
        }
        if h.client_agent && !site_roles.is_empty() && !h.ipsec.client_agent_permits {
            out.push(Finding {
                code: Code::ClientAgentWithoutPermits,
                message: format!("`{}` runs the client agent on a site system but client_agent_permits = false", h.name),
                span: Some(h.span.clone()),
                fix: "set client_agent_permits = true (the seed: permit HTTP and HTTPS for the agent, ICMP for diagnostics)".to_string(),
                flows: Vec::new(),
            });
        }
    }
}

/// Each CA that IPsec rules name and that is not dedicated to this IPsec.
fn dedicated_cas(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    let mut used_cas = BTreeSet::new();
    for set in ctx.policy.hosts.iter().chain(&ctx.policy.groups) {
        for r in &set.rules {
            for a in &r.auth {
                if let AuthMethod::Certificate(ca) = a {
                    used_cas.insert(*ca);
                }
            }
        }
    }
    for ca in used_cas {
        let ca = t.ca(ca);
        if !ca.dedicated {
            out.push(Finding {
                code: Code::CaNotDedicated,
                message: format!("certificate authority `{}` also issues other certificates", ca.name),
                span: Some(ca.span.clone()),
                fix: "issue IPsec certificates from a CA dedicated to Configuration Manager IPsec, as the seed advises".to_string(),
                flows: Vec::new(),
            });
        }
    }
}

/// Server-path flows exempted into the clear, and the flows that rest on catalog rows no
/// source confirms (one finding for all of them).
fn flows_in_doubt(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    let mut uncertain = Vec::new();
    let mut uncertain_rows = BTreeSet::new();
    for (i, f) in ctx.traffic.flows.iter().enumerate() {
        let row = traffic::row(t, f);
        if !row.certain {
            uncertain.push(FlowId(i as u32));
            uncertain_rows.insert(row.id.as_str());
        }
        if matches!(f.path, Path::SiteToSite | Path::SiteServerToSiteSystem)
            && let Protection::Exempt(reason) = f.protection
        {
            out.push(Finding {
                code: Code::SensitivePathInClear,
                message: format!(
                    "{} ({}) travels in the clear: {}",
                    ctx.traffic.flow_id(t, f),
                    f.path.name(),
                    reason.explain()
                ),
                span: sensitive_span(ctx, f, reason),
                fix: if reason == ExemptReason::DomainController {
                    "a domain controller on the exemption list passes all its traffic in the clear: move the site roles off it, or set domain_controllers = \"protect\" on it".to_string()
                } else {
                    "protect it: the seed names this path as one IPsec must cover".to_string()
                },
                flows: vec![FlowId(i as u32)],
            });
        }
    }
    if !uncertain.is_empty() {
        out.push(Finding {
            code: Code::UncertainCatalogRows,
            message: format!(
                "{} flows rest on {} catalog rows that no readable source confirms",
                uncertain.len(),
                uncertain_rows.len()
            ),
            span: None,
            fix: "review them with `cordon flows FILE --uncertain`; correct or disable rows in a catalog_overlay".to_string(),
            flows: uncertain,
        });
    }
}

// Configuration Manager 2007 manages Internet-based clients only in native mode: a
// client group on the Internet assigned to a mixed-mode site is not managed at all.
fn internet_clients_of_mixed_sites(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    for (i, g) in t.client_groups.iter().enumerate() {
        let group = traffic::Endpoint::Group(crate::topology::GroupId(i as u32));
        let site = t.site(g.site);
        if t.zone(g.zone).trust == crate::topology::Trust::Internet
            && site.security_mode == SecurityMode::Mixed
        {
            let flows = ctx
                .traffic
                .flows
                .iter()
                .enumerate()
                .filter(|(_, f)| f.from == group || f.to == group)
                .map(|(i, _)| FlowId(i as u32))
                .collect();
            out.push(Finding {
                code: Code::InternetClientsMixedMode,
                message: format!(
                    "client group `{}` is on the Internet (zone `{}`) and assigned to site `{}`, which runs in mixed mode: Configuration Manager 2007 manages Internet-based clients only at native-mode sites",
                    g.name,
                    t.zone(g.zone).name,
                    site.code
                ),
                span: Some(g.span.clone()),
                fix: "move the site to native mode (security_mode = \"native\", with a PKI for the site systems and clients), or manage these clients only on the intranet".to_string(),
                flows,
            });
        }
    }
}

/// Mixed-mode sites whose clients reach their site systems over HTTP: IPsec is all that
/// encrypts those flows.
fn mixed_mode_client_paths(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    // One pass over the flows: HTTP client flows per serving site in mixed mode.
    let mut http: Vec<Vec<FlowId>> = vec![Vec::new(); t.sites.len()];
    for (i, f) in ctx.traffic.flows.iter().enumerate() {
        if f.path != Path::ClientToSiteSystem || traffic::row(t, f).service != "HTTP" {
            continue;
        }
        if let Some(site) = traffic::endpoint_site(t, f.to)
            && t.site(site).security_mode == SecurityMode::Mixed
            && let Some(list) = http.get_mut(site.index())
        {
            list.push(FlowId(i as u32));
        }
    }
    for (site, flows) in t.sites.iter().zip(http) {
        if !flows.is_empty() {
            out.push(Finding {
                code: Code::MixedModeClientPath,
                message: format!("site `{}` runs in mixed mode: {} client flows are HTTP, encrypted only by IPsec", site.code, flows.len()),
                span: Some(site.span.clone()),
                fix: "keep IPsec on the client path, or move the site to native mode (HTTPS to MP, DP and SMP)".to_string(),
                flows,
            });
        }
    }
}

fn owner_checks(ctx: &Ctx<'_>, set: &RuleSet, out: &mut Vec<Finding>) {
    let t = ctx.topology;
    if let Some(settings) = traffic::endpoint_settings(t, set.owner) {
        let d = &t.defaults;
        let strength =
            |p: Option<&crate::topology::EspProposal>| p.map_or(0, |p| p.cipher.strength());
        let mut weaker = Vec::new();
        // The override line that weakens first: where the finding points.
        let mut at = None;
        let o = &settings.origins;
        if settings.action == crate::topology::Action::Request
            && d.action == crate::topology::Action::Require
        {
            weaker.push("action = \"request\" where the hierarchy requires");
            at = at.or(o.action.clone());
        }
        if strength(settings.proposals.first()) < strength(d.proposals.first()) {
            weaker.push("a weaker first ESP proposal than the hierarchy's");
            at = at.or(o.proposals.clone());
        }
        if !settings.client_agent_permits && d.client_agent_permits {
            weaker.push("client_agent_permits = false");
            at = at.or(o.client_agent_permits.clone());
        }
        if !weaker.is_empty() {
            out.push(Finding {
                code: Code::OverrideWeakensPolicy,
                message: format!("`{}` overrides the hierarchy's IPsec defaults with {}", traffic::endpoint_name(t, set.owner), weaker.join(", ")),
                span: at.or_else(|| traffic::endpoint_span(ctx.topology, set.owner)),
                fix: "remove the override on the host or its zone, or make it as strong as the [ipsec] defaults".to_string(),
                flows: Vec::new(),
            });
        }
    }
    let Some(rule) = set.rules.iter().find(|r| r.mode.is_some()) else {
        return;
    };
    let name = traffic::endpoint_name(t, set.owner);
    let weak: Vec<String> = rule
        .proposals
        .iter()
        .filter(|p| weak_cipher(p.cipher) || p.integrity.is_some_and(weak_hash))
        .map(ToString::to_string)
        .chain(
            rule.ike_proposals
                .iter()
                .filter(|p| weak_cipher(p.cipher) || weak_hash(p.integrity))
                .map(ToString::to_string),
        )
        .collect();
    if !weak.is_empty() {
        out.push(Finding {
            code: Code::WeakCryptography,
            message: format!("`{name}` offers {}", weak.join(", ")),
            span: settings_origin(ctx, set.owner, |o| o.proposals.clone().or(o.ike_proposals.clone())),
            fix: "offer AES-GCM (aes256gcm16) first and drop 3DES/DES/MD5/SHA-1 once no Windows Server 2003 peer needs them".to_string(),
            flows: Vec::new(),
        });
    }
    let zone = match set.owner {
        Endpoint::Host(h) => Some(t.host(h).zone),
        Endpoint::Group(g) => Some(t.group(g).zone),
        Endpoint::Internet => None,
    };
    let outside = zone.is_some_and(|z| t.zone(z).trust != Trust::Intranet);
    if outside && rule.auth.contains(&AuthMethod::Kerberos) {
        out.push(Finding {
            code: Code::KerberosInPerimeter,
            message: format!("`{name}` sits outside the intranet and authenticates with Kerberos"),
            span: settings_origin(ctx, set.owner, |o| o.authentication.clone()),
            fix: "authenticate with certificates from a CA dedicated to IPsec (the seed's recommendation)".to_string(),
            flows: Vec::new(),
        });
    }
}

/// A DC's exemption points at the line that put the DC on the list; other exemptions at
/// the receiving end.
fn sensitive_span(
    ctx: &Ctx<'_>,
    f: &crate::traffic::Flow,
    reason: ExemptReason,
) -> Option<crate::source::Span> {
    if reason == ExemptReason::DomainController {
        let dc = [f.to, f.from]
            .into_iter()
            .find(|e| matches!(e, Endpoint::Host(h) if ctx.topology.host(*h).domain_controller));
        if let Some(dc) = dc {
            return settings_origin(ctx, dc, |o| o.domain_controllers.clone());
        }
    }
    traffic::endpoint_span(ctx.topology, f.to)
}

/// The line that set the owner's value (`[ipsec]`, a zone's or its own override), else
/// the owner's name.
fn settings_origin(
    ctx: &Ctx<'_>,
    owner: Endpoint,
    pick: impl Fn(&crate::topology::Origins) -> Option<crate::source::Span>,
) -> Option<crate::source::Span> {
    traffic::endpoint_settings(ctx.topology, owner)
        .and_then(|s| pick(&s.origins))
        .or_else(|| traffic::endpoint_span(ctx.topology, owner))
}

fn weak_cipher(c: Cipher) -> bool {
    matches!(c, Cipher::Des | Cipher::TripleDes)
}

fn weak_hash(i: Integrity) -> bool {
    matches!(i, Integrity::Md5 | Integrity::Sha1)
}
