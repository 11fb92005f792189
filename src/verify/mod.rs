//! Findings about a planned policy: what would fail to negotiate, what would travel in the
//! clear, and where the topology departs from the seed's advice.
//!
//! Takes the topology, its traffic map and its policy; returns [`Finding`]s, each with a
//! stable [`Code`], a severity, the topology item it traces to, and the fix. Findings are
//! results, not errors: `cli` decides the exit status from them. Every check has the same
//! shape, `check(ctx, out)`, and asks `policy::RuleSet::lookup` what matches a packet; no
//! check re-implements matching.

mod advice;
pub mod conflict;
pub mod negotiate;
mod path;
pub mod tunnel;

use serde::Serialize;

use crate::policy::Policy;
use crate::source::Span;
use crate::topology::Topology;
use crate::traffic::{FlowId, TrafficMap};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something will break or leak: an outage or plaintext where encryption is required.
    Error,
    /// Works, but against the seed's advice or today's cryptography.
    Warning,
    /// Worth knowing; nothing to change necessarily.
    Note,
}

impl Severity {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident, $title:literal;)*) => {
        /// A stable finding code; the command's page in `docs/` (findings.md for verify,
        /// drift.md for drift) documents each one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $title] $variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name used in every output.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// How much findings of this code matter.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line: what the code means.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

/// The finding codes of `verify` and `drift`: each with its name, severity and title.
pub(crate) use codes;

codes! {
    NegotiationOutage => "negotiation-outage", Error,
        "One end requires IPsec for a flow and the other end has no protect rule for it: the flow fails.";
    SilentPlaintext => "silent-plaintext", Error,
        "A flow that must be encrypted meets `request` at both ends, or a permit at one end: it travels in the clear.";
    RequireRequest => "require-request", Note,
        "One end requires and the other requests: IPsec is negotiated, the requesting end would also accept the clear.";
    NoCommonProposal => "no-common-proposal", Error,
        "The two ends of a flow share no ESP or no IKE proposal: negotiation fails.";
    NoCommonAuthentication => "no-common-authentication", Error,
        "The two ends of a flow share no authentication method (the same CA, or Kerberos): negotiation fails.";
    KerberosAcrossForests => "kerberos-across-forests", Warning,
        "Two ends in different forests can only authenticate with Kerberos: it needs a forest trust; prefer certificates.";
    OutOfBandUnderIpsec => "out-of-band-under-ipsec", Error,
        "Out-of-band AMT traffic meets a protect rule: the seed says never to configure IPsec for it.";
    ExemptFlowProtected => "exempt-flow-protected", Error,
        "A flow that cannot negotiate IPsec (DHCP, PXE, external) meets a protect rule: it fails.";
    WeakCryptography => "weak-cryptography", Warning,
        "A proposal uses DES, 3DES, MD5 or SHA-1: right in 2008, weak today.";
    WeakTransformAgreed => "weak-transform-agreed", Warning,
        "Two ends' first common proposal uses DES, 3DES, MD5 or SHA-1: that weak transform, not a fallback, protects their flows.";
    KerberosWithoutKdc => "kerberos-without-kdc", Error,
        "Two ends would authenticate with Kerberos, but one has no path to a domain controller on port 88 in the traffic map (an Internet client, a perimeter host the firewall keeps from the KDC): it gets no ticket, negotiation fails.";
    KerberosInPerimeter => "kerberos-in-perimeter", Warning,
        "A host outside the intranet authenticates IPsec with Kerberos: use certificates from a dedicated CA.";
    CaNotDedicated => "ca-not-dedicated", Note,
        "IPsec certificates come from a CA that also issues other certificates: any of its certificates can authenticate.";
    SiteRolesOnDomainController => "site-roles-on-domain-controller", Warning,
        "Site roles on a domain controller: the seed's DC caveats apply.";
    ClientAgentWithoutPermits => "client-agent-without-permits", Error,
        "A site system runs the client agent but does not permit its HTTP, HTTPS and ICMP, as the seed advises.";
    SensitivePathInClear => "sensitive-path-in-clear", Error,
        "A site-to-site or site-server-to-site-system flow travels in the clear.";
    MixedModeClientPath => "mixed-mode-client-path", Note,
        "A mixed-mode site: client traffic to its site systems is HTTP, and only IPsec encrypts it.";
    InternetClientsMixedMode => "internet-clients-mixed-mode", Error,
        "A client group on the Internet is assigned to a mixed-mode site: Configuration Manager 2007 manages Internet-based clients only in native mode.";
    FirewallDropsIke => "firewall-drops-ike", Error,
        "A firewall between the two ends of an encrypted flow does not pass IKE (UDP 500): negotiation fails.";
    NatWithoutNatTraversal => "nat-without-nat-t", Error,
        "NAT lies between the two ends of an encrypted flow and a firewall does not pass UDP 4500 (NAT-T).";
    FirewallDropsEsp => "firewall-drops-esp", Error,
        "A firewall between the two ends of an encrypted flow does not pass ESP (IP 50): the SA comes up, no data flows.";
    FirewallDropsExemptFlow => "firewall-drops-exempt-flow", Error,
        "A firewall drops a flow that travels in the clear by design (AMT, DHCP, PXE, external): it fails.";
    ExemptionShadowsProtection => "exemption-shadows-protection", Error,
        "An earlier exemption matches every packet of a later protect rule: its flows travel in the clear.";
    ShadowedRule => "shadowed-rule", Warning,
        "An earlier rule with another action matches every packet of a later rule: the later rule never applies.";
    CorrelatedRules => "correlated-rules", Note,
        "Two rules overlap with different actions; the packets they share (often only with two service ports, which real traffic does not send) take the earlier rule's action.";
    WeakerTransformFirst => "weaker-transform-first", Warning,
        "An earlier protect rule with weaker cryptography matches every packet of a later, stronger one.";
    Generalization => "generalization", Note,
        "A later rule with another action matches every packet of an earlier one: the earlier rule carves out an exception (by design only for exemptions).";
    OverrideWeakensPolicy => "override-weakens-policy", Warning,
        "A zone or host override makes the policy weaker than the hierarchy's defaults (request instead of require, weaker cryptography, no client agent permits).";
    RedundantRule => "redundant-rule", Note,
        "A later rule does exactly what an earlier rule already does to every packet it matches.";
    UncertainCatalogRows => "uncertain-catalog-rows", Note,
        "Flows rest on catalog rows that no readable source confirms.";
    TunnelNoCommonProposal => "tunnel-no-common-proposal", Error,
        "The two gateways of a WAN link share no ESP or no IKE proposal: the tunnel does not come up and its flows fail.";
    TunnelNoCommonAuthentication => "tunnel-no-common-authentication", Error,
        "The two gateways of a WAN link share no certificate authority (gateways authenticate with certificates): the tunnel does not come up.";
    PlatformNoKeyModule => "platform-no-key-module", Error,
        "The platforms of a flow's two ends (with their `key_module` settings) speak no common IKE version: negotiation fails.";
    PlatformNoAuthentication => "platform-no-authentication", Error,
        "The two ends share a method on paper, but not one both platforms take with the IKE version they speak (Kerberos on Linux or over IKEv2): negotiation fails.";
    PlatformNoProposal => "platform-no-proposal", Error,
        "Every ESP or IKE proposal the two ends share is one that a platform of theirs cannot use (AES or ECDH on Windows 2003/XP): negotiation fails.";
    PlatformNoIpv6 => "platform-no-ipv6", Error,
        "An encrypted flow can run over IPv6, but one end's platform applies no IPsec policy to IPv6 (Windows 2003/XP): its IPv6 packets leave in the clear, or are dropped by a peer that requires IPsec.";
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The code.
    pub code: Code,
    /// What is wrong, with the names involved.
    pub message: String,
    /// The topology item it traces to.
    pub span: Option<Span>,
    /// How to fix it.
    pub fix: String,
    /// The flows it concerns.
    pub flows: Vec<FlowId>,
}

impl Finding {
    /// The finding's severity (its code's).
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// What every check reads.
pub struct Ctx<'a> {
    /// The topology.
    pub topology: &'a Topology,
    /// Its traffic map.
    pub traffic: &'a TrafficMap,
    /// Its policy.
    pub policy: &'a Policy,
}

/// Runs every check; findings come sorted by severity, code, then place.
pub fn verify(ctx: &Ctx<'_>) -> Vec<Finding> {
    // The checks read the plan and nothing else: the simulation of every flow runs
    // beside the others, and the findings are sorted below whatever finished first.
    let (mut out, rest) = rayon::join(
        || {
            let mut out = Vec::new();
            negotiate::check(ctx, &mut out);
            out
        },
        || {
            let mut out = Vec::new();
            path::check(ctx, &mut out);
            conflict::check(ctx, &mut out);
            advice::check(ctx, &mut out);
            tunnel::check(ctx, &mut out);
            out
        },
    );
    out.extend(rest);
    out.sort_by(|a, b| {
        (
            a.severity(),
            a.code,
            a.span.as_ref().map(|s| (s.file, s.range.start)),
            &a.message,
        )
            .cmp(&(
                b.severity(),
                b.code,
                b.span.as_ref().map(|s| (s.file, s.range.start)),
                &b.message,
            ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::RuleAction;
    use crate::source::SourceMap;
    use crate::traffic::Endpoint;

    fn load(example: &str) -> (Topology, TrafficMap, Policy) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(example);
        let mut sources = SourceMap::new();
        let topo =
            crate::topology::load(Some(&path), &mut sources).unwrap_or_else(|e| panic!("{e}"));
        let map = crate::traffic::build(&topo);
        let pol = crate::policy::build(&topo, &map);
        (topo, map, pol)
    }

    fn codes(topo: &Topology, map: &TrafficMap, pol: &Policy) -> Vec<Code> {
        verify(&Ctx {
            topology: topo,
            traffic: map,
            policy: pol,
        })
        .into_iter()
        .map(|f| f.code)
        .collect()
    }

    fn host(topo: &Topology, name: &str) -> Endpoint {
        Endpoint::Host(topo.host_named(name).unwrap())
    }

    #[test]
    fn firewalls_that_drop_ike_nat_t_esp_or_exempt_flows_are_caught() {
        use crate::policy::FirewallRuleKind;
        let (topo, map, pol) = load("examples/hierarchy.toml");
        assert!(
            codes(&topo, &map, &pol)
                .iter()
                .all(|c| c.severity() != Severity::Error)
        );
        let without = |fw: &str, kind: fn(&FirewallRuleKind) -> bool| {
            let mut p = pol.clone();
            let i = topo.firewalls.iter().position(|f| f.name == fw).unwrap();
            p.firewalls[i].rules.retain(|r| !kind(&r.kind));
            codes(&topo, &map, &p)
        };
        assert!(
            without("fw-branch", |k| *k == FirewallRuleKind::NatTraversal)
                .contains(&Code::NatWithoutNatTraversal)
        );
        assert!(
            without("fw-dc-dmz", |k| *k == FirewallRuleKind::Esp).contains(&Code::FirewallDropsEsp)
        );
        assert!(
            without("fw-dc-dmz", |k| *k == FirewallRuleKind::Ike).contains(&Code::FirewallDropsIke)
        );
        assert!(
            without("fw-edge", |k| matches!(k, FirewallRuleKind::Exempt(_)))
                .contains(&Code::FirewallDropsExemptFlow)
        );
    }

    #[test]
    fn conflicts_inside_one_host_are_classified() {
        use crate::topology::{Cipher, EspProposal, Integrity};
        let (topo, map, pol) = load("examples/hierarchy.toml");
        let base = codes(&topo, &map, &pol);
        assert!(
            base.contains(&Code::CorrelatedRules),
            "mirrored port overlaps in the example"
        );
        for c in [
            Code::ExemptionShadowsProtection,
            Code::ShadowedRule,
            Code::WeakerTransformFirst,
        ] {
            assert!(!base.contains(&c), "{c:?} in the unmodified example");
        }
        let ss = host(&topo, "CEN-SS");
        let with = |edit: &dyn Fn(&mut Vec<crate::policy::IpsecRule>)| {
            let mut p = pol.clone();
            let set = p.hosts.iter_mut().find(|s| s.owner == ss).unwrap();
            edit(&mut set.rules);
            codes(&topo, &map, &p)
        };
        let protect = pol
            .rules_of(ss)
            .unwrap()
            .rules
            .iter()
            .find(|r| r.action == RuleAction::Require)
            .unwrap()
            .clone();
        let mut exemption = protect.clone();
        exemption.action = RuleAction::Permit;
        exemption.mode = None;
        exemption.auth.clear();
        assert!(
            with(&|rules| rules.insert(0, exemption.clone()))
                .contains(&Code::ExemptionShadowsProtection)
        );
        let mut request = protect.clone();
        request.action = RuleAction::Request;
        assert!(with(&|rules| rules.insert(0, request.clone())).contains(&Code::ShadowedRule));
        let mut weak = protect.clone();
        weak.proposals = vec![EspProposal {
            cipher: Cipher::TripleDes,
            integrity: Some(Integrity::Sha1),
        }];
        assert!(with(&|rules| rules.insert(0, weak.clone())).contains(&Code::WeakerTransformFirst));
        assert!(with(&|rules| rules.push(protect.clone())).contains(&Code::RedundantRule));
        // A narrower request rule before the broader require rule: generalization.
        let mut narrow = protect.clone();
        narrow.action = RuleAction::Request;
        narrow.remote = crate::net::AddrSet::from_addrs([protect.remote.prefixes()[0].addr()]);
        let found = with(&|rules| {
            let at = rules.iter().position(|r| r.name == protect.name).unwrap();
            rules.insert(at, narrow.clone());
        });
        assert!(found.contains(&Code::Generalization), "{found:?}");
    }

    #[test]
    fn the_conflict_sweep_compares_only_overlapping_peers() {
        // 1 000 rules to distinct single peers, plus one catch-all: the catch-all pairs with
        // every rule, the others with none of each other.
        let (topo, map, pol) = load("examples/scenario-1b.toml");
        let _ = (&topo, &map);
        let template = pol.hosts[0].rules.last().unwrap().clone();
        let mut rules = Vec::new();
        for i in 0..1000u32 {
            let mut r = template.clone();
            r.remote =
                crate::net::AddrSet::from_addrs([std::net::IpAddr::V4((0x0A00_0000 + i).into())]);
            rules.push(r);
        }
        let mut all = template.clone();
        all.remote = crate::net::AddrSet::any();
        rules.push(all);
        assert_eq!(conflict::candidate_pairs(&rules).len(), 1000);
    }

    #[test]
    fn a_missing_protect_rule_is_an_outage() {
        let (topo, map, mut pol) = load("examples/scenario-1b.toml");
        assert!(!codes(&topo, &map, &pol).contains(&Code::NegotiationOutage));
        let mp = host(&topo, "IBMP01");
        let set = pol.hosts.iter_mut().find(|s| s.owner == mp).unwrap();
        set.rules.retain(|r| r.action == RuleAction::Permit);
        assert!(codes(&topo, &map, &pol).contains(&Code::NegotiationOutage));
    }

    #[test]
    fn a_protect_rule_in_front_of_exemptions_is_caught() {
        let (topo, map, mut pol) = load("examples/hierarchy.toml");
        let before = codes(&topo, &map, &pol);
        assert!(
            !before.contains(&Code::OutOfBandUnderIpsec)
                && !before.contains(&Code::ExemptFlowProtected)
        );
        // NYC-SS hosts the out of band service point and reaches the Internet: put a
        // catch-all require rule first and its AMT and external flows fall under IPsec.
        let ss = host(&topo, "NYC-SS");
        let set = pol.hosts.iter_mut().find(|s| s.owner == ss).unwrap();
        let mut catch_all = set
            .rules
            .iter()
            .find(|r| r.action == RuleAction::Require)
            .unwrap()
            .clone();
        catch_all.local = crate::net::AddrSet::any();
        catch_all.remote = crate::net::AddrSet::any();
        catch_all.protocol = crate::net::Protocol::Any;
        catch_all.local_ports = crate::net::PortSet::none();
        catch_all.remote_ports = crate::net::PortSet::none();
        set.rules.insert(0, catch_all);
        let after = codes(&topo, &map, &pol);
        assert!(after.contains(&Code::OutOfBandUnderIpsec), "{after:?}");
        assert!(after.contains(&Code::ExemptFlowProtected), "{after:?}");
    }
}
