//! The TOML form of a catalog file, as serde reads it: every field a diagnostic may point
//! at keeps its span. Only `catalog::load` turns this into the validated [`super::Catalog`].
// Fields mirror the file format, which docs/topology.md documents key by key.
#![allow(missing_docs)]

use serde::Deserialize;
use toml::Spanned;

use crate::toml_input::PortValue;

/// A whole catalog file: the built-in one, or a user's overlay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub schema_version: Option<Spanned<i64>>,
    pub catalog: Option<Spanned<String>>,
    pub product: Option<String>,
    pub rpc_dynamic: Option<RawRpcDynamic>,
    #[serde(default)]
    pub source: Vec<RawSource>,
    #[serde(default)]
    pub role: Vec<RawRole>,
    #[serde(default)]
    pub flow: Vec<RawFlow>,
    /// Overlay only: ids of built-in rows to drop.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRpcDynamic {
    pub windows_2003_xp: Spanned<String>,
    pub windows_2008_vista: Spanned<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub title: String,
    pub url: String,
    pub seen: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub is_a: Option<Spanned<String>>,
    pub since: Option<String>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    pub id: Spanned<String>,
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub protocol: Spanned<String>,
    pub ports: Spanned<Vec<Spanned<PortValue>>>,
    #[serde(default)]
    pub alternatives: bool,
    #[serde(default)]
    pub icmp_types: Vec<u8>,
    pub service: String,
    pub path: Spanned<String>,
    pub scope: Spanned<String>,
    #[serde(default)]
    pub bidirectional: bool,
    #[serde(default)]
    pub configurable: bool,
    pub mode: Option<Spanned<String>>,
    pub since: Option<String>,
    #[serde(default)]
    pub dynamic: bool,
    #[serde(default)]
    pub via_proxy: bool,
    pub ipsec: Option<Spanned<String>>,
    pub ipsec_reason: Option<String>,
    pub certain: Option<bool>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub note: String,
    pub source: Option<String>,
}
