//! The JSON forms of `plan`, `flows` and `policy`. Other tools and later stages read them,
//! so the shape is a contract:
//!
//! ```text
//! { "schema": "cordon.plan/1",
//!   "hierarchy": { "name", "catalog", "file" },
//!   "summary": { "hosts", "client_groups", "sites", "zones", "firewalls", "flows",
//!                "encrypt", "exempt", "uncertain_flows", "host_rules", "firewall_rules" },
//!   "flows": [ { "id", "from", "to", "protocol", "ports", "service", "path",
//!                "protection": "encrypt" | "exempt", "exempt_reason", "exempt_code",
//!                "catalog_row", "certain", "pairing", "reversed", "firewalls",
//!                "nat_traversal" } ],
//!   "hosts": [ { "name", "zone", "site", "roles", "design", "rules": [ RULE ] } ],
//!   "client_groups": [ { "name", "zone", "site", "roles", "design", "rules": [ RULE ] } ],
//!   "firewalls": [ { "name", "zones", "nat", "default": "drop",
//!                    "rules": [ { "name", "kind", "source", "destination", "protocol",
//!                                 "ports", "action": "permit", "flows" } ] } ],
//!   "tunnels": [ { "gateways": [ { "name", "site", "inside", "wan" } ×2 ],
//!                  "children": [ { "name", "from", "to", "protocol", "source",
//!                                  "destination", "ports", "mode": "tunnel", "flows" } ] } ] }
//! RULE = { "name", "kind", "local", "remote", "protocol", "local_ports", "remote_ports",
//!          "action": "require" | "request" | "permit" | "block", "auth": [ AUTH ],
//!          "proposals", "ike_proposals", "mode", "flows" }
//! AUTH = { "method": "certificate", "ca", "subject" } | { "method": "kerberos" }
//! ```
//! Addresses are CIDR strings, ports are strings (`"445"`, `"49152-65535"`), protocols
//! lower case, `flows` lists flow ids. Arrays keep the order of the text output.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{FlowFilter, Plan};
use crate::policy::{FirewallPolicy, IpsecRule, RuleSet};
use crate::topology::{AuthMethod, Design, Topology};
use crate::traffic::{self, Endpoint, Flow, Protection};

/// The schema name and version written into every plan document.
pub const SCHEMA: &str = "cordon.plan/1";

/// Writes the whole plan.
pub fn plan(plan: &Plan<'_>, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let doc = PlanDoc {
        plan,
        filter: FlowFilter::default(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    let _ = out.write_all(b"\n");
    Ok(())
}

/// Writes `{ "schema", "flows": [...] }` for the flows the filter keeps.
pub fn flows(
    plan: &Plan<'_>,
    filter: &FlowFilter,
    out: &mut dyn std::io::Write,
) -> serde_json::Result<()> {
    let doc = FlowsDoc { plan, filter };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    let _ = out.write_all(b"\n");
    Ok(())
}

/// Writes one host's or client group's entry (as in `hosts`).
pub fn policy(
    plan: &Plan<'_>,
    owner: Endpoint,
    out: &mut dyn std::io::Write,
) -> serde_json::Result<()> {
    if let Some(set) = plan.policy.rules_of(owner) {
        serde_json::to_writer_pretty(&mut *out, &OwnerView { plan, set })?;
        let _ = out.write_all(b"\n");
    }
    Ok(())
}

struct PlanDoc<'a> {
    plan: &'a Plan<'a>,
    filter: FlowFilter,
}

impl Serialize for PlanDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.plan;
        let t = p.topology;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry(
            "hierarchy",
            &serde_json::json!({ "name": t.name, "catalog": t.catalog.name, "file": p.file_name }),
        )?;
        m.serialize_entry("summary", &super::text::Summary::of(p))?;
        m.serialize_entry(
            "flows",
            &FlowList {
                plan: p,
                filter: &self.filter,
            },
        )?;
        let hosts: Vec<OwnerView<'_>> = p
            .policy
            .hosts
            .iter()
            .map(|set| OwnerView { plan: p, set })
            .collect();
        m.serialize_entry("hosts", &hosts)?;
        let groups: Vec<OwnerView<'_>> = p
            .policy
            .groups
            .iter()
            .map(|set| OwnerView { plan: p, set })
            .collect();
        m.serialize_entry("client_groups", &groups)?;
        let fws: Vec<FirewallView<'_>> = p
            .policy
            .firewalls
            .iter()
            .map(|fw| FirewallView { plan: p, fw })
            .collect();
        m.serialize_entry("firewalls", &fws)?;
        m.serialize_entry("tunnels", &tunnels_json(p))?;
        m.end()
    }
}

/// The tunnels between site gateways.
fn tunnels_json(p: &Plan<'_>) -> serde_json::Value {
    let t = p.topology;
    serde_json::Value::Array(
        p.policy
            .tunnels
            .iter()
            .map(|tn| {
                let gw = |i: usize| {
                    let g = t.gateway(tn.gateways[i]);
                    serde_json::json!({
                        "name": g.name,
                        "site": t.site(g.site).code,
                        "inside": g.inside.to_string(),
                        "wan": g.wan.to_string(),
                    })
                };
                let children: Vec<serde_json::Value> = tn
                    .children
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "name": c.name,
                            "from": crate::traffic::endpoint_name(t, c.from),
                            "to": crate::traffic::endpoint_name(t, c.to),
                            "protocol": c.protocol,
                            "source": c.source.to_string(),
                            "destination": c.destination.to_string(),
                            "ports": c.ports.ranges().iter().map(ToString::to_string).collect::<Vec<_>>(),
                            "mode": "tunnel",
                            "flows": c.flows.iter().filter_map(|f| p.traffic.flows.get(f.0 as usize)).map(|f| p.traffic.flow_id(t, f)).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                serde_json::json!({ "gateways": [gw(0), gw(1)], "children": children })
            })
            .collect(),
    )
}

struct FlowsDoc<'a> {
    plan: &'a Plan<'a>,
    filter: &'a FlowFilter,
}

impl Serialize for FlowsDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry(
            "flows",
            &FlowList {
                plan: self.plan,
                filter: self.filter,
            },
        )?;
        m.end()
    }
}

struct FlowList<'a> {
    plan: &'a Plan<'a>,
    filter: &'a FlowFilter,
}

impl Serialize for FlowList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.plan;
        s.collect_seq(
            p.traffic
                .flows
                .iter()
                .filter(|f| self.filter.keeps(p, f))
                .map(|flow| FlowView { plan: p, flow }),
        )
    }
}

struct FlowView<'a> {
    plan: &'a Plan<'a>,
    flow: &'a Flow,
}

impl Serialize for FlowView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, f) = (self.plan, self.flow);
        let t = p.topology;
        let row = traffic::row(t, f);
        let route = p.traffic.route(f);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &p.traffic.flow_id(t, f))?;
        m.serialize_entry("from", traffic::endpoint_name(t, f.from))?;
        m.serialize_entry("to", traffic::endpoint_name(t, f.to))?;
        m.serialize_entry("protocol", &f.protocol)?;
        m.serialize_entry("ports", p.traffic.ports(f))?;
        m.serialize_entry("service", &row.service)?;
        m.serialize_entry("path", f.path.name())?;
        match f.protection {
            Protection::Encrypt => {
                m.serialize_entry("protection", "encrypt")?;
                m.serialize_entry("exempt_reason", &None::<String>)?;
                m.serialize_entry("exempt_code", &None::<String>)?;
            }
            Protection::Exempt(r) => {
                m.serialize_entry("protection", "exempt")?;
                m.serialize_entry("exempt_reason", &p.traffic.reason(t, f))?;
                m.serialize_entry("exempt_code", r.code())?;
            }
        }
        m.serialize_entry("catalog_row", &row.id)?;
        m.serialize_entry("certain", &row.certain)?;
        m.serialize_entry("pairing", &traffic::pairing_text(t, f.pairing))?;
        m.serialize_entry("reversed", &f.reversed)?;
        let fws: Vec<&str> = route
            .firewalls
            .iter()
            .map(|fw| t.firewall(*fw).name.as_str())
            .collect();
        m.serialize_entry("firewalls", &fws)?;
        m.serialize_entry(
            "nat_traversal",
            &(f.protection == Protection::Encrypt && p.traffic.needs_nat_traversal(t, f)),
        )?;
        m.end()
    }
}

struct OwnerView<'a> {
    plan: &'a Plan<'a>,
    set: &'a RuleSet,
}

impl Serialize for OwnerView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.plan.topology;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", traffic::endpoint_name(t, self.set.owner))?;
        let (zone, site, roles) = match self.set.owner {
            Endpoint::Host(h) => {
                let host = t.host(h);
                (host.zone, host.site, host.roles.as_slice())
            }
            Endpoint::Group(g) => {
                let group = t.group(g);
                (group.zone, Some(group.site), group.roles.as_slice())
            }
            Endpoint::Internet => return m.end(),
        };
        m.serialize_entry("zone", &t.zone(zone).name)?;
        m.serialize_entry("site", &site.map(|s| t.site(s).code.as_str()))?;
        let roles: Vec<&str> = roles
            .iter()
            .map(|r| t.catalog.role_name(*r))
            .filter(|r| *r != "any_host")
            .collect();
        m.serialize_entry("roles", &roles)?;
        m.serialize_entry(
            "design",
            match self.set.design {
                Design::AnyToSubnet => "any_to_subnet",
                Design::HostToHost => "host_to_host",
            },
        )?;
        let rules: Vec<RuleView<'_>> = self
            .set
            .rules
            .iter()
            .map(|rule| RuleView {
                plan: self.plan,
                rule,
            })
            .collect();
        m.serialize_entry("rules", &rules)?;
        m.end()
    }
}

struct RuleView<'a> {
    plan: &'a Plan<'a>,
    rule: &'a IpsecRule,
}

impl Serialize for RuleView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, r) = (self.plan, self.rule);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &r.name)?;
        m.serialize_entry("kind", r.kind.code())?;
        m.serialize_entry("local", &r.local)?;
        m.serialize_entry("remote", &r.remote)?;
        m.serialize_entry("protocol", &r.protocol)?;
        m.serialize_entry("local_ports", &r.local_ports)?;
        m.serialize_entry("remote_ports", &r.remote_ports)?;
        m.serialize_entry("action", r.action.name())?;
        let auth: Vec<serde_json::Value> =
            r.auth.iter().map(|a| auth_json(p.topology, *a)).collect();
        m.serialize_entry("auth", &auth)?;
        let proposals: Vec<String> = r.proposals.iter().map(ToString::to_string).collect();
        m.serialize_entry("proposals", &proposals)?;
        let ike: Vec<String> = r.ike_proposals.iter().map(ToString::to_string).collect();
        m.serialize_entry("ike_proposals", &ike)?;
        m.serialize_entry("mode", &r.mode.map(|x| x.name()))?;
        m.serialize_entry(
            "flows",
            &FlowIds {
                plan: p,
                ids: &r.flows,
            },
        )?;
        m.end()
    }
}

struct FlowIds<'a> {
    plan: &'a Plan<'a>,
    ids: &'a [crate::traffic::FlowId],
}

impl Serialize for FlowIds<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.plan;
        s.collect_seq(
            self.ids
                .iter()
                .filter_map(|id| p.traffic.flows.get(id.0 as usize))
                .map(|f| p.traffic.flow_id(p.topology, f)),
        )
    }
}

/// The JSON form of an authentication method.
pub fn auth_json(t: &Topology, a: AuthMethod) -> serde_json::Value {
    match a {
        AuthMethod::Certificate(ca) => {
            let ca = t.ca(ca);
            serde_json::json!({ "method": "certificate", "ca": ca.name, "subject": ca.subject })
        }
        AuthMethod::Kerberos => serde_json::json!({ "method": "kerberos" }),
    }
}

struct FirewallView<'a> {
    plan: &'a Plan<'a>,
    fw: &'a FirewallPolicy,
}

impl Serialize for FirewallView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.plan.topology;
        let fw = t.firewall(self.fw.firewall);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &fw.name)?;
        let zones: Vec<&str> = fw.joins.iter().map(|z| t.zone(*z).name.as_str()).collect();
        m.serialize_entry("zones", &zones)?;
        m.serialize_entry("nat", &fw.nat)?;
        m.serialize_entry("default", "drop")?;
        let rules: Vec<FirewallRuleView<'_>> = self
            .fw
            .rules
            .iter()
            .map(|rule| FirewallRuleView {
                plan: self.plan,
                rule,
            })
            .collect();
        m.serialize_entry("rules", &rules)?;
        m.end()
    }
}

struct FirewallRuleView<'a> {
    plan: &'a Plan<'a>,
    rule: &'a crate::policy::FirewallRule,
}

impl Serialize for FirewallRuleView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.rule;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &r.name)?;
        m.serialize_entry("kind", r.kind.code())?;
        m.serialize_entry("source", &r.source)?;
        m.serialize_entry("destination", &r.destination)?;
        m.serialize_entry("protocol", &r.protocol)?;
        m.serialize_entry("ports", &r.ports)?;
        m.serialize_entry("action", r.action.name())?;
        m.serialize_entry(
            "flows",
            &FlowIds {
                plan: self.plan,
                ids: &r.flows,
            },
        )?;
        m.end()
    }
}
