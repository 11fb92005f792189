//! A Windows computer's (or a GPO's) IPsec state as cordon's export script writes it
//! (`powershell/cordon-export-state.ps1`, schema `cordon.windows-state/1`), read into
//! [`WinRule`]s for the Windows model, with the negotiation each rule names.
//!
//! The script records each object's properties as PowerShell shows them (enumerations by
//! name, every value as a string or a list of strings): per connection security rule the
//! properties of `Get-NetIPsecRule`, its address filter (`Get-NetFirewallAddressFilter`)
//! and its port filter (`Get-NetFirewallPortFilter`); per authentication and crypto set its
//! proposals; and `Get-NetFirewallSetting`. The property names cordon reads are the
//! parameter names of the cmdlets that set them (`Set-NetIPsecRule -InboundSecurity`,
//! `Set-NetFirewallAddressFilter -RemoteAddress`, `New-NetIPsecQuickModeCryptoProposal
//! -Encryption`), as the NetSecurity reference documents them.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::ops::Range;

use ipnet::IpNet;
use serde_json::Value;
use serde_json::value::RawValue;

use super::json::{error_offset, span_of};
use super::windows::{Family, WinRule};
use crate::net::{AddrSet, PortRange, PortSet, Protocol};
use crate::policy::RuleAction;

/// The `schema` value of an export.
pub const SCHEMA: &str = "cordon.windows-state/1";

/// What every version of the export's schema name starts with: how a file is told to be
/// an export before its version is read.
pub const SCHEMA_FAMILY: &str = "cordon.windows-state/";

/// One connection security rule of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedRule {
    /// `Name` (the IPsecRuleName).
    pub name: String,
    /// `DisplayName`.
    pub display_name: String,
    /// Whether it is enabled; a disabled rule decides nothing.
    pub enabled: bool,
    /// The rule as the Windows model reads it, with the outbound action.
    pub outbound: WinRule,
    /// The inbound action.
    pub inbound_action: RuleAction,
    /// `Phase1AuthSet` (empty: the default set).
    pub auth_set: String,
    /// `QuickModeCryptoSet` (empty: the default set).
    pub quick_mode_set: String,
    /// Address or port keywords (`LocalSubnet`, `RPC`) read as any: cordon cannot know
    /// what they stand for on the computer.
    pub keywords: Vec<String>,
    /// Where the rule is in the file.
    pub span: Range<usize>,
}

/// An authentication or crypto set: its proposals, each as `Key=Value` words in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedSet {
    /// The proposals.
    pub proposals: Vec<String>,
    /// Where the set is in the file.
    pub span: Range<usize>,
}

/// A whole export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The computer it was taken on.
    pub computer: String,
    /// The policy store it lists (`ActiveStore`, a GPO).
    pub policy_store: String,
    /// The connection security rules.
    pub rules: Vec<ExportedRule>,
    /// Phase 1 authentication sets by name.
    pub auth_sets: BTreeMap<String, ExportedSet>,
    /// Main mode crypto sets by name.
    pub main_mode_sets: BTreeMap<String, ExportedSet>,
    /// Quick mode crypto sets by name.
    pub quick_mode_sets: BTreeMap<String, ExportedSet>,
    /// `Get-NetFirewallSetting`'s `AllowIPsecThroughNAT`, if recorded.
    pub ipsec_through_nat: Option<String>,
}

/// Why an export cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct ReadError {
    /// Where.
    pub span: Range<usize>,
    /// What is wrong.
    pub what: String,
}

#[derive(serde::Deserialize)]
struct Raw<'a> {
    schema: String,
    #[serde(default)]
    computer: String,
    #[serde(default)]
    policy_store: String,
    #[serde(borrow, default)]
    ipsec_rules: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    phase1_auth_sets: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    main_mode_crypto_sets: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    quick_mode_crypto_sets: Vec<&'a RawValue>,
    #[serde(default)]
    firewall_setting: Option<BTreeMap<String, Value>>,
}

/// The proposal words each kind of set keeps: the parameters of the cmdlet that makes its
/// proposals (New-NetIPsecAuthProposal, New-NetIPsecMainModeCryptoProposal,
/// New-NetIPsecQuickModeCryptoProposal). A pre-shared key is never repeated.
const AUTH_WORDS: &[&str] = &[
    "Anonymous",
    "Authority",
    "AuthorityType",
    "Cert",
    "Health",
    "Kerberos",
    "Machine",
    "Ntlm",
    "Signing",
    "User",
];
const MAIN_MODE_WORDS: &[&str] = &["Encryption", "Hash", "KeyExchange"];
const QUICK_MODE_WORDS: &[&str] = &["AHHash", "Encapsulation", "Encryption", "ESPHash"];

/// Reads an export.
pub fn read(text: &str) -> Result<Export, ReadError> {
    let raw: Raw<'_> = serde_json::from_str(text).map_err(|e| ReadError {
        span: error_offset(text, &e)..error_offset(text, &e),
        what: format!(
            "not the JSON of cordon-export-state.ps1 (line {}, column {}): {e}",
            e.line(),
            e.column()
        ),
    })?;
    if raw.schema != SCHEMA {
        return Err(ReadError {
            span: 0..text.len().min(1),
            what: format!(
                "schema `{}`: this cordon reads `{SCHEMA}`; export again with the script this cordon emits",
                raw.schema
            ),
        });
    }
    let mut rules = Vec::new();
    for (i, r) in raw.ipsec_rules.iter().enumerate() {
        let span = span_of(text, r.get());
        rules.push(rule(r.get(), i, span.clone()).map_err(|what| ReadError { span, what })?);
    }
    let sets =
        |list: &[&RawValue], words: &[&str]| -> Result<BTreeMap<String, ExportedSet>, ReadError> {
            let mut out = BTreeMap::new();
            for r in list {
                let span = span_of(text, r.get());
                let (name, set) = set(r.get(), words, span.clone()).map_err(|what| ReadError {
                    span: span.clone(),
                    what,
                })?;
                out.insert(name, set);
            }
            Ok(out)
        };
    Ok(Export {
        computer: raw.computer,
        policy_store: raw.policy_store,
        rules,
        auth_sets: sets(&raw.phase1_auth_sets, AUTH_WORDS)?,
        main_mode_sets: sets(&raw.main_mode_crypto_sets, MAIN_MODE_WORDS)?,
        quick_mode_sets: sets(&raw.quick_mode_crypto_sets, QUICK_MODE_WORDS)?,
        ipsec_through_nat: raw
            .firewall_setting
            .as_ref()
            .and_then(|s| s.get("AllowIPsecThroughNAT"))
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// A property as a list of strings: a string is one, a list is many, null or absent none.
fn strings(object: &Value, key: &str) -> Vec<String> {
    match object.get(key) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Bool(b)) => vec![if *b { "True" } else { "False" }.to_string()],
        _ => Vec::new(),
    }
}

fn one(object: &Value, key: &str, what: &str) -> Result<String, String> {
    strings(object, key)
        .into_iter()
        .next()
        .ok_or_else(|| format!("{what} has no `{key}`"))
}

fn rule(text: &str, index: usize, span: Range<usize>) -> Result<ExportedRule, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let what = format!("IPsec rule {}", index + 1);
    let r = v
        .get("rule")
        .ok_or_else(|| format!("{what} has no `rule` object"))?;
    let address = v
        .get("address_filter")
        .ok_or_else(|| format!("{what} has no `address_filter`"))?;
    let port = v
        .get("port_filter")
        .ok_or_else(|| format!("{what} has no `port_filter`"))?;
    let name = one(r, "Name", &what)?;
    let what = format!("IPsec rule `{name}`");
    let enabled = match one(r, "Enabled", &what)?.as_str() {
        "True" | "true" | "1" => true,
        "False" | "false" | "2" | "0" => false,
        other => {
            return Err(format!(
                "{what}: Enabled `{other}` is neither True nor False"
            ));
        }
    };
    let security = |key: &str| -> Result<RuleAction, String> {
        match one(r, key, &what)?.as_str() {
            "None" | "NotRequired" => Ok(RuleAction::Permit),
            "Request" => Ok(RuleAction::Request),
            "Require" => Ok(RuleAction::Require),
            other => Err(format!(
                "{what}: {key} `{other}`; Windows knows None, Request and Require"
            )),
        }
    };
    let outbound_action = security("OutboundSecurity")?;
    let inbound_action = security("InboundSecurity")?;
    let mut keywords = Vec::new();
    let local = addresses(&strings(address, "LocalAddress"), &mut keywords)
        .map_err(|e| format!("{what}: LocalAddress {e}"))?;
    let remote = addresses(&strings(address, "RemoteAddress"), &mut keywords)
        .map_err(|e| format!("{what}: RemoteAddress {e}"))?;
    let protocol_word = strings(port, "Protocol")
        .into_iter()
        .next()
        .unwrap_or_else(|| "Any".into());
    let (protocol, family) = match protocol_word.to_ascii_uppercase().as_str() {
        "ANY" => (Some(Protocol::Any), None),
        "TCP" | "6" => (Some(Protocol::Tcp), None),
        "UDP" | "17" => (Some(Protocol::Udp), None),
        "ICMPV4" | "1" => (Some(Protocol::Icmp), Some(Family::V4)),
        "ICMPV6" | "58" => (Some(Protocol::Icmp), Some(Family::V6)),
        "50" => (Some(Protocol::Esp), None),
        other if other.parse::<u8>().is_ok() => (None, None),
        other => {
            return Err(format!(
                "{what}: Protocol `{other}`; Windows takes TCP, UDP, ICMPv4, ICMPv6, Any or a number"
            ));
        }
    };
    let (local_ports, local_listed) = ports(&strings(port, "LocalPort"), &mut keywords)
        .map_err(|e| format!("{what}: LocalPort {e}"))?;
    let (remote_ports, remote_listed) = ports(&strings(port, "RemotePort"), &mut keywords)
        .map_err(|e| format!("{what}: RemotePort {e}"))?;
    let key_module = strings(r, "KeyModule")
        .into_iter()
        .next()
        .unwrap_or_default();
    let has_ports = protocol.is_some_and(Protocol::has_ports);
    let outbound = WinRule {
        plan_rule: index,
        over: None,
        part: 0,
        family,
        local,
        remote,
        // A protocol cordon's model does not speak (GRE, say) matches none of the
        // hierarchy's flows: the rule is kept, with nothing to match.
        protocol: protocol.unwrap_or(Protocol::Esp),
        local_ports: if has_ports {
            local_ports
        } else {
            PortSet::none()
        },
        remote_ports: if has_ports {
            remote_ports
        } else {
            PortSet::none()
        },
        action: outbound_action,
        listed: has_ports && local_listed && remote_listed,
        ikev2: key_module.eq_ignore_ascii_case("IKEv2"),
    };
    let outbound = if protocol.is_none() {
        WinRule {
            local: AddrSet::from_prefixes([]),
            ..outbound
        }
    } else {
        outbound
    };
    Ok(ExportedRule {
        display_name: strings(r, "DisplayName")
            .into_iter()
            .next()
            .unwrap_or_default(),
        name,
        enabled,
        outbound,
        inbound_action,
        auth_set: strings(r, "Phase1AuthSet")
            .into_iter()
            .next()
            .unwrap_or_default(),
        quick_mode_set: strings(r, "QuickModeCryptoSet")
            .into_iter()
            .next()
            .unwrap_or_default(),
        keywords,
        span,
    })
}

/// Windows' address words: `Any`, an address, a prefix (`/24` or `/255.255.255.0`), a
/// range (`a-b`); a keyword (`LocalSubnet`, `DNS`) is read as any address and noted.
fn addresses(values: &[String], keywords: &mut Vec<String>) -> Result<AddrSet, String> {
    if values.is_empty() || values.iter().any(|v| v.eq_ignore_ascii_case("Any")) {
        return Ok(AddrSet::any());
    }
    let mut prefixes = Vec::new();
    for v in values {
        if let Ok(a) = v.parse::<IpAddr>() {
            prefixes.push(IpNet::from(a));
        } else if let Some((addr, mask)) = v.split_once('/') {
            let a: IpAddr = addr
                .parse()
                .map_err(|_| format!("`{v}` is not an address"))?;
            let len = match mask.parse::<u8>() {
                Ok(l) => l,
                Err(_) => match mask.parse::<std::net::Ipv4Addr>() {
                    Ok(m) if u32::from(m).leading_ones() + u32::from(m).trailing_zeros() == 32 => {
                        u32::from(m).leading_ones() as u8
                    }
                    _ => return Err(format!("`{v}` has no valid prefix length or mask")),
                },
            };
            prefixes.push(
                IpNet::new(a, len)
                    .map_err(|_| format!("`{v}`: /{len} is too long"))?
                    .trunc(),
            );
        } else if let Some((a, b)) = v.split_once('-') {
            let (a, b): (IpAddr, IpAddr) = match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) => (a, b),
                _ => return Err(format!("`{v}` is not an address range")),
            };
            match (a, b) {
                (IpAddr::V4(a), IpAddr::V4(b)) if a <= b => {
                    prefixes.extend(ipnet::Ipv4Subnets::new(a, b, 0).map(IpNet::V4));
                }
                (IpAddr::V6(a), IpAddr::V6(b)) if a <= b => {
                    prefixes.extend(ipnet::Ipv6Subnets::new(a, b, 0).map(IpNet::V6));
                }
                _ => return Err(format!("`{v}` is an empty range or mixes families")),
            }
        } else if v.chars().all(|c| c.is_ascii_alphanumeric()) {
            keywords.push(v.clone());
            return Ok(AddrSet::any());
        } else {
            return Err(format!(
                "`{v}` is neither an address, a prefix, a range nor a keyword"
            ));
        }
    }
    Ok(AddrSet::from_prefixes(prefixes))
}

/// Windows' port words: `Any`, a port, a range `a-b`; a keyword (`RPC`, `IPHTTPS`) is
/// read as any port and noted. Also whether every entry is a single port.
fn ports(values: &[String], keywords: &mut Vec<String>) -> Result<(PortSet, bool), String> {
    if values.is_empty() || values.iter().any(|v| v.eq_ignore_ascii_case("Any")) {
        return Ok((PortSet::any(), false));
    }
    let mut ranges = Vec::new();
    let mut single = true;
    for v in values {
        if let Ok(p) = v.parse::<u16>() {
            ranges.push(PortRange::single(p));
        } else if let Some((a, b)) = v.split_once('-')
            && let (Ok(a), Ok(b)) = (a.parse::<u16>(), b.parse::<u16>())
        {
            ranges.push(PortRange::new(a, b).ok_or_else(|| format!("`{v}` is an empty range"))?);
            single = false;
        } else if v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            keywords.push(v.clone());
            return Ok((PortSet::any(), false));
        } else {
            return Err(format!("`{v}` is not a port, a range or a keyword"));
        }
    }
    Ok((PortSet::from_ranges(ranges), single))
}

fn set(text: &str, words: &[&str], span: Range<usize>) -> Result<(String, ExportedSet), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let s = v.get("set").ok_or("a set without its `set` object")?;
    let name = one(s, "Name", "a set")?;
    let proposals = v
        .get("proposals")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("set `{name}` has no `proposals` list"))?
        .iter()
        .map(|p| proposal_words(p, words))
        .collect();
    Ok((name, ExportedSet { proposals, span }))
}

/// A proposal as its words: `Key=Value` for each property that is a parameter of the
/// cmdlet making such proposals, in the order of `words`; a switch reads `Key=True`.
pub fn proposal_words(p: &Value, words: &[&str]) -> String {
    let mut out = Vec::new();
    for w in words {
        let values = strings(p, w);
        if values.is_empty() || values.iter().all(|v| v.is_empty() || v == "False") {
            continue;
        }
        out.push(format!("{w}={}", values.join(",")));
    }
    out.join(" ")
}

/// The words of a proposal as cordon's PowerShell emitter writes its cmdlet call
/// (`New-NetIPsecQuickModeCryptoProposal -Encapsulation ESP -Encryption AESGCM256 ...`):
/// the same form [`proposal_words`] gives an exported proposal.
pub fn call_words(call: &str, words: &[&str]) -> String {
    let mut params: BTreeMap<String, String> = BTreeMap::new();
    let mut tokens = call.split_whitespace().skip(1).peekable();
    while let Some(t) = tokens.next() {
        let Some(name) = t.strip_prefix('-') else {
            continue;
        };
        let value = match tokens.peek() {
            Some(next) if !next.starts_with('-') => {
                let mut v = tokens.next().unwrap_or_default().to_string();
                // A quoted value may hold blanks: read to its closing quote.
                if v.starts_with('\'') && !(v.len() > 1 && v.ends_with('\'')) {
                    for more in tokens.by_ref() {
                        v.push(' ');
                        v.push_str(more);
                        if more.ends_with('\'') {
                            break;
                        }
                    }
                }
                v.trim_matches('\'').replace("''", "'")
            }
            _ => "True".to_string(),
        };
        params.insert(name.to_string(), value);
    }
    let object = Value::Object(
        params
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    );
    proposal_words(&object, words)
}

/// The proposal words of each kind of set, for [`call_words`].
pub fn words_of(cmdlet: &str) -> &'static [&'static str] {
    match cmdlet {
        "New-NetIPsecAuthProposal" => AUTH_WORDS,
        "New-NetIPsecMainModeCryptoProposal" => MAIN_MODE_WORDS,
        _ => QUICK_MODE_WORDS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = r#"{"schema": "cordon.windows-state/1", "computer": "NYC-MP", "policy_store": "ActiveStore",
 "ipsec_rules": [
  {"rule": {"Name": "r1", "DisplayName": "one", "Enabled": "True", "Mode": "Transport", "InboundSecurity": "Require", "OutboundSecurity": "Request", "Phase1AuthSet": "auth", "QuickModeCryptoSet": "qm", "KeyModule": "Default"},
   "address_filter": {"LocalAddress": "10.0.0.1", "RemoteAddress": ["10.0.1.0/255.255.255.0", "10.0.2.1-10.0.2.2"]},
   "port_filter": {"Protocol": "TCP", "LocalPort": "Any", "RemotePort": ["445", "5000-5100"]}},
  {"rule": {"Name": "r2", "Enabled": "False", "InboundSecurity": "None", "OutboundSecurity": "None"},
   "address_filter": {"LocalAddress": "Any", "RemoteAddress": "LocalSubnet"},
   "port_filter": {"Protocol": "47"}}
 ],
 "quick_mode_crypto_sets": [{"set": {"Name": "qm"}, "proposals": [{"Encapsulation": "ESP", "Encryption": "AESGCM256", "ESPHash": "AESGMAC256", "AHHash": "None"}]}],
 "firewall_setting": {"AllowIPsecThroughNAT": "Both"}
}"#;

    #[test]
    fn rules_filters_and_sets_are_read() {
        let e = read(EXPORT).unwrap();
        assert_eq!(e.rules.len(), 2);
        let r = &e.rules[0];
        assert_eq!(r.outbound.action, RuleAction::Request);
        assert_eq!(r.inbound_action, RuleAction::Require);
        assert_eq!(
            r.outbound.remote.to_string(),
            "10.0.1.0/24,10.0.2.1,10.0.2.2"
        );
        assert_eq!(r.outbound.remote_ports.to_string(), "445,5000-5100");
        assert!(r.outbound.local_ports.is_any());
        assert!(!e.rules[1].enabled);
        assert_eq!(e.rules[1].keywords, ["LocalSubnet"]);
        assert!(e.rules[1].outbound.is_empty());
        assert_eq!(
            e.quick_mode_sets["qm"].proposals,
            ["AHHash=None Encapsulation=ESP Encryption=AESGCM256 ESPHash=AESGMAC256"]
        );
        assert_eq!(e.ipsec_through_nat.as_deref(), Some("Both"));
        assert!(EXPORT[r.span.clone()].contains("\"r1\""));
    }

    #[test]
    fn emitted_calls_and_exports_have_the_same_words() {
        let call = "New-NetIPsecAuthProposal -Machine -Cert -Authority 'O=Contoso, CN=Contoso CA' -AuthorityType Root";
        assert_eq!(
            call_words(call, AUTH_WORDS),
            "Authority=O=Contoso, CN=Contoso CA AuthorityType=Root Cert=True Machine=True"
        );
        let record: Value = serde_json::from_str(
            r#"{"Machine": "True", "Cert": "True", "Kerberos": "False", "Authority": "O=Contoso, CN=Contoso CA", "AuthorityType": "Root"}"#,
        )
        .unwrap();
        assert_eq!(
            proposal_words(&record, AUTH_WORDS),
            call_words(call, AUTH_WORDS)
        );
    }

    #[test]
    fn bad_values_are_located_errors() {
        for (from, to, what) in [
            ("\"Require\"", "\"Always\"", "InboundSecurity `Always`"),
            ("\"TCP\"", "\"SCTP\"", "Protocol `SCTP`"),
            ("\"445\"", "\"44;5\"", "`44;5`"),
            ("cordon.windows-state/1", "cordon.windows-state/9", "schema"),
        ] {
            let e = read(&EXPORT.replacen(from, to, 1)).unwrap_err();
            assert!(e.what.contains(what), "{from}: {e}");
        }
    }
}
