//! The TOML form of a topology file, as serde reads it. Every value a diagnostic may
//! point at is `Spanned`; unknown keys are errors. Only `topology::resolve` turns this
//! into the validated [`super::Topology`].
// Fields mirror the file format, which docs/topology.md documents key by key.
#![allow(missing_docs)]

use serde::Deserialize;
use toml::Spanned;

use crate::toml_input::PortValue;

/// A whole topology file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopology {
    pub hierarchy: Spanned<RawHierarchy>,
    #[serde(default)]
    pub ipsec: RawIpsec,
    #[serde(default)]
    pub certificate_authority: Vec<RawCa>,
    #[serde(default)]
    pub site: Vec<RawSite>,
    #[serde(default)]
    pub zone: Vec<RawZone>,
    #[serde(default)]
    pub firewall: Vec<RawFirewall>,
    #[serde(default)]
    pub host: Vec<RawHost>,
    #[serde(default)]
    pub client_group: Vec<RawClientGroup>,
    #[serde(default)]
    pub gateway: Vec<RawGateway>,
    #[serde(default)]
    pub wan_link: Vec<RawWanLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGateway {
    pub name: Spanned<String>,
    pub site: Spanned<String>,
    pub zone: Spanned<String>,
    pub inside: Spanned<String>,
    pub wan: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWanLink {
    pub gateways: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHierarchy {
    pub name: Spanned<String>,
    pub catalog: Option<Spanned<String>>,
    pub catalog_overlay: Option<Spanned<String>>,
    pub security_mode: Option<Spanned<String>>,
    pub forest: Option<Spanned<String>>,
    pub platform: Option<Spanned<String>>,
}

/// IPsec settings: the defaults, or an override on a zone, host or client group.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIpsec {
    pub design: Option<Spanned<String>>,
    pub action: Option<Spanned<String>>,
    pub authentication: Option<Spanned<Vec<Spanned<String>>>>,
    pub proposals: Option<Spanned<Vec<Spanned<String>>>>,
    pub ike_proposals: Option<Spanned<Vec<Spanned<String>>>>,
    pub icmp: Option<Spanned<String>>,
    pub domain_controllers: Option<Spanned<String>>,
    pub rpc_dynamic: Option<Spanned<String>>,
    pub client_agent_permits: Option<Spanned<bool>>,
    pub encrypted_inbound_only: Option<Spanned<bool>>,
    pub key_module: Option<Spanned<String>>,
    pub takes_part: Option<Spanned<bool>>,
    pub initiates: Option<Spanned<Vec<Spanned<String>>>>,
    pub serves_outsiders: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCa {
    pub name: Spanned<String>,
    pub subject: Spanned<String>,
    #[serde(default = "yes")]
    pub dedicated: bool,
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub code: Spanned<String>,
    pub kind: Spanned<String>,
    pub parent: Option<Spanned<String>>,
    pub security_mode: Option<Spanned<String>>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    pub name: Spanned<String>,
    pub trust: Spanned<String>,
    #[serde(default)]
    pub subnets: Vec<Spanned<String>>,
    pub forest: Option<Spanned<String>>,
    pub ipsec: Option<Spanned<RawIpsec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirewall {
    pub name: Spanned<String>,
    pub joins: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub nat: bool,
    #[serde(default)]
    pub rules: Vec<Spanned<RawFirewallRule>>,
}

/// A rule the firewall's administrator already has.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirewallRule {
    pub action: Spanned<String>,
    pub protocol: Spanned<String>,
    pub ports: Option<Spanned<String>>,
    pub source: Option<Spanned<Vec<Spanned<String>>>>,
    pub destination: Option<Spanned<Vec<Spanned<String>>>>,
    pub position: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHost {
    pub name: Spanned<String>,
    pub addresses: Spanned<Vec<Spanned<String>>>,
    pub zone: Spanned<String>,
    pub site: Option<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
    #[serde(default)]
    pub client_agent: bool,
    #[serde(default)]
    pub domain_controller: bool,
    #[serde(default)]
    pub oob_managed: bool,
    pub forest: Option<Spanned<String>>,
    #[serde(default)]
    pub listen: Vec<Spanned<PortValue>>,
    #[serde(default)]
    pub exclude_rows: Vec<Spanned<String>>,
    pub ipsec: Option<Spanned<RawIpsec>>,
    pub platform: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClientGroup {
    pub name: Spanned<String>,
    pub site: Spanned<String>,
    pub zone: Spanned<String>,
    pub subnets: Spanned<Vec<Spanned<String>>>,
    pub roles: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub oob_managed: bool,
    pub behind_nat: Option<bool>,
    pub forest: Option<Spanned<String>>,
    #[serde(default)]
    pub exclude_rows: Vec<Spanned<String>>,
    pub ipsec: Option<Spanned<RawIpsec>>,
    pub platform: Option<Spanned<String>>,
}
