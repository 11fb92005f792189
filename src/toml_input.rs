//! The TOML pieces that the files cordon reads (the topology, the port catalog) share,
//! below both: a port as TOML gives it, and a TOML syntax or shape error as a located
//! diagnostic with a fix.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::diag::Diagnostic;
use crate::net::{PortError, PortRange};
use crate::source::{FileId, Span};

/// A port as TOML gives it: an integer `445`, or a string `"445"` / `"49152-65535"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortValue {
    /// An integer, not yet checked against 0..=65535.
    Number(i64),
    /// A string, not yet parsed.
    Text(String),
}

impl PortValue {
    /// The range this value stands for.
    pub fn to_range(&self) -> Result<PortRange, PortError> {
        match self {
            PortValue::Number(n) => u16::try_from(*n)
                .map(PortRange::single)
                .map_err(|_| PortError::NotAPort(n.to_string())),
            PortValue::Text(t) => t.parse(),
        }
    }
}

impl<'de> Deserialize<'de> for PortValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PortValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a port number or a \"start-end\" range")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PortValue, E> {
                Ok(PortValue::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PortValue, E> {
                Ok(PortValue::Number(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PortValue, E> {
                Ok(PortValue::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A TOML syntax or shape error as a diagnostic pointing into `file`.
pub fn toml_error(e: &toml::de::Error, file: FileId) -> Diagnostic {
    let message = e.message().trim().to_string();
    let help = if let Some(fix) = unknown_field_fix(&message) {
        fix
    } else if message.starts_with("unknown field") {
        "remove the key, or check its spelling against docs/topology.md".to_string()
    } else if message.starts_with("missing field") {
        "add the key; docs/topology.md lists what each table needs".to_string()
    } else if message.starts_with("invalid type") {
        "check the value's type (string, number, boolean, array) against docs/topology.md"
            .to_string()
    } else {
        "fix the TOML syntax at this place".to_string()
    };
    let first_line = message.lines().next().unwrap_or("").to_string();
    Diagnostic::error("toml", first_line, e.span().map(|s| Span::new(file, s)))
        .label("here")
        .help(help)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the nearest known key.
fn unknown_field_fix(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::diag::nearest(field, known.iter().copied())
        .map(|best| format!("did you mean `{best}`? (docs/topology.md lists every key)"))
}
