//! The platforms' published references as data, and the checker that holds a call
//! against them.
//!
//! `reference/windows/netsecurity.toml` carries, for every NetSecurity cmdlet cordon
//! writes, its parameter sets, the values its enumerations accept and the rules its
//! reference page states in prose; `reference/windows/netsh.toml` the same for
//! `netsh ipsec static`. Both are compiled in. A [`Call`] is one command as a script
//! says it (parameter names and decoded values): the test suite gets PowerShell calls from
//! tree-sitter's parse of each emitted script and netsh calls from [`netsh_calls`], and
//! [`Reference::check`] returns every way a call leaves the reference. Each prose rule has
//! an `id`; [`CONSTRAINT_CHECKS`] lists the ids this module enforces, and the tests hold
//! that list and the data's to one another.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::OnceLock;

use serde::Deserialize;

/// One command of a script: its name and its parameters in order, each with its decoded
/// values (none for a switch). A value that is not a literal (a variable, a
/// sub-expression) is kept as written, starting with `$` or `(`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Call {
    /// The command (`New-NetIPsecRule`, or `add filter` for netsh).
    pub command: String,
    /// `(parameter, values)` in the order the call gives them.
    pub args: Vec<(String, Vec<String>)>,
    /// The variable its result goes into (`$AuthProposals` for a proposal listed in
    /// `$AuthProposals = @( ... )`), when the script assigns it.
    pub assigned_to: Option<String>,
}

impl Call {
    /// The values of a parameter (case-insensitive), if the call gives it.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.args
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    fn first(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.first()).map(String::as_str)
    }
}

/// One way a call leaves the reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The command.
    pub command: String,
    /// The rule broken: a constraint id of the reference, or one of the generic checks
    /// (`unknown-command`, `unknown-parameter`, `no-parameter-set`, `value-not-accepted`,
    /// `repeated-parameter`).
    pub rule: String,
    /// What is wrong, with the offending value.
    pub message: String,
}

/// The prose rules of the references that this module enforces, by id.
pub const CONSTRAINT_CHECKS: &[&str] = &[
    "ipsec-rule-port-range-needs-do-not-secure",
    "ipsec-rule-port-keyword-without-protocol",
    "ipsec-rule-protocol",
    "address-format",
    "main-mode-no-gcm",
    "quick-mode-esp-hash",
    "quick-mode-gcm-with-matching-gmac",
    "ikev2-certificate-only",
    "authority-as-issuer",
    "icmp-type-format",
    "firewall-port-format",
    "save-has-no-whatif",
    "firewall-rule-removal-by-policy-store",
    "netsh-main-mode-methods",
    "netsh-quick-mode-methods",
    "netsh-filter-address",
    "netsh-filter-ports",
    "netsh-rule-auth-order",
    "netsh-objects-exist",
    "registry-value",
];

#[derive(Debug, Deserialize)]
struct NetSecurityFile {
    common: Common,
    constraint: Vec<Constraint>,
    cmdlet: Vec<Cmdlet>,
}

#[derive(Debug, Deserialize)]
struct Common {
    parameters: Vec<String>,
    accepted_error_action: Vec<String>,
}

/// A rule a reference states in prose, with its source.
#[derive(Clone, Debug, Deserialize)]
pub struct Constraint {
    /// The id of the check that enforces it.
    pub id: String,
    /// The fact, in cordon's words.
    pub fact: String,
    /// Where the reference says it.
    pub source: String,
}

/// A cmdlet as the data holds it (its `source` and parameter types are for the reader:
/// the checker needs the sets and the accepted values).
#[derive(Debug, Deserialize)]
struct Cmdlet {
    name: String,
    set: Vec<ParameterSet>,
    #[serde(default)]
    accepted: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct ParameterSet {
    mandatory: Vec<String>,
    optional: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct NetshFile {
    command: Vec<NetshCommand>,
    constraint: Vec<Constraint>,
    registry: Vec<RegistryValue>,
}

/// A registry value a script may set, as its source documents it.
#[derive(Clone, Debug, Deserialize)]
struct RegistryValue {
    key: String,
    value: String,
    #[serde(rename = "type")]
    kind: String,
    accepted: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct NetshCommand {
    name: String,
    mandatory: Vec<String>,
    optional: Vec<String>,
    #[serde(default)]
    repeatable: Vec<String>,
    #[serde(default)]
    accepted: BTreeMap<String, Vec<String>>,
}

/// A reference: the commands it knows and the rules it states.
pub struct Reference {
    kind: Kind,
    commands: BTreeMap<String, Command>,
    common: Vec<String>,
    error_actions: Vec<String>,
    constraints: Vec<Constraint>,
    registry: Vec<RegistryValue>,
}

enum Kind {
    PowerShell,
    Netsh,
}

struct Command {
    name: String,
    /// Parameter sets: (mandatory, every parameter), lower-case.
    sets: Vec<(BTreeSet<String>, BTreeSet<String>)>,
    accepted: BTreeMap<String, Vec<String>>,
    repeatable: BTreeSet<String>,
}

const NETSECURITY: &str = include_str!("../../reference/windows/netsecurity.toml");
const NETSH: &str = include_str!("../../reference/windows/netsh.toml");

fn lower(v: &[String]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_ascii_lowercase()).collect()
}

/// The NetSecurity reference (Windows Vista and later, Group Policy through PowerShell).
pub fn netsecurity() -> &'static Reference {
    static REF: OnceLock<Reference> = OnceLock::new();
    REF.get_or_init(|| {
        // The file is compiled in and parsed by a test; a broken one is a build defect.
        let file: NetSecurityFile = toml::from_str(NETSECURITY).unwrap_or_else(|e| {
            unreachable!("reference/windows/netsecurity.toml does not parse: {e}")
        });
        let commands = file
            .cmdlet
            .into_iter()
            .map(|c| {
                let sets = c
                    .set
                    .iter()
                    .map(|s| {
                        let all: BTreeSet<String> = lower(&s.mandatory)
                            .union(&lower(&s.optional))
                            .cloned()
                            .collect();
                        (lower(&s.mandatory), all)
                    })
                    .collect();
                let accepted = c
                    .accepted
                    .into_iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v))
                    .collect();
                (
                    c.name.to_ascii_lowercase(),
                    Command {
                        name: c.name,
                        sets,
                        accepted,
                        repeatable: BTreeSet::new(),
                    },
                )
            })
            .collect();
        Reference {
            kind: Kind::PowerShell,
            commands,
            common: file
                .common
                .parameters
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            error_actions: file.common.accepted_error_action,
            constraints: file.constraint,
            registry: Vec::new(),
        }
    })
}

/// The `netsh ipsec static` reference (Windows Server 2003 / XP).
pub fn netsh() -> &'static Reference {
    static REF: OnceLock<Reference> = OnceLock::new();
    REF.get_or_init(|| {
        let file: NetshFile = toml::from_str(NETSH)
            .unwrap_or_else(|e| unreachable!("reference/windows/netsh.toml does not parse: {e}"));
        let commands = file
            .command
            .into_iter()
            .map(|c| {
                let all: BTreeSet<String> = lower(&c.mandatory)
                    .union(&lower(&c.optional))
                    .cloned()
                    .collect();
                (
                    c.name.clone(),
                    Command {
                        sets: vec![(lower(&c.mandatory), all)],
                        accepted: c.accepted,
                        repeatable: lower(&c.repeatable),
                        name: c.name,
                    },
                )
            })
            .collect();
        Reference {
            kind: Kind::Netsh,
            commands,
            common: Vec::new(),
            error_actions: Vec::new(),
            constraints: file.constraint,
            registry: file.registry,
        }
    })
}

impl Reference {
    /// The prose rules of this reference.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// Every way the calls of one script leave the reference. The calls are taken
    /// together: some rules tie one call to another (a rule names a filter list that an
    /// earlier call made; IKEv2 with the script's authentication proposals).
    pub fn check(&self, calls: &[Call]) -> Vec<Violation> {
        let mut out = Vec::new();
        for call in calls {
            // `& $Block ...` runs a script block that the script itself defines: the
            // script's own code, which no reference lists (the cmdlets inside it are
            // calls of their own).
            if call.command.starts_with('$') {
                continue;
            }
            self.check_shape(call, &mut out);
            match self.kind {
                Kind::PowerShell => powershell_rules(call, &mut out),
                Kind::Netsh => {
                    netsh_rules(call, &mut out);
                    registry_rule(call, &self.registry, &mut out);
                }
            }
        }
        match self.kind {
            Kind::PowerShell => ikev2_rule(calls, &mut out),
            Kind::Netsh => netsh_references(calls, &mut out),
        }
        out
    }

    fn check_shape(&self, call: &Call, out: &mut Vec<Violation>) {
        let mut v = |rule: &str, message: String| {
            out.push(Violation {
                command: call.command.clone(),
                rule: rule.to_string(),
                message,
            });
        };
        let Some(cmd) = self.commands.get(&call.command.to_ascii_lowercase()) else {
            v(
                "unknown-command",
                format!("`{}` is not in the reference", call.command),
            );
            return;
        };
        let mut given: BTreeSet<String> = BTreeSet::new();
        for (name, values) in &call.args {
            let key = name.to_ascii_lowercase();
            if !given.insert(key.clone()) && !cmd.repeatable.contains(&key) {
                v(
                    "repeated-parameter",
                    format!("`{name}` is given twice to {}", cmd.name),
                );
            }
            if self.common.contains(&key) {
                if key == "erroraction" {
                    for value in values {
                        if !self
                            .error_actions
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(value))
                        {
                            v(
                                "value-not-accepted",
                                format!("-ErrorAction does not accept `{value}`"),
                            );
                        }
                    }
                }
                continue;
            }
            if let Some(accepted) = cmd.accepted.get(&key) {
                for value in values.iter().filter(|x| !is_expression(x)) {
                    // A PowerShell enum array may be written as one "A,B" string.
                    for part in value.split(',').map(str::trim) {
                        if !accepted.iter().any(|a| a.eq_ignore_ascii_case(part)) {
                            v(
                                "value-not-accepted",
                                format!(
                                    "{} -{name} does not accept `{part}` (accepted: {})",
                                    cmd.name,
                                    accepted.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
        }
        let named: BTreeSet<String> = given.difference(&self.common_set()).cloned().collect();
        if let Some(unknown) = named
            .iter()
            .find(|n| !cmd.sets.iter().any(|(_, all)| all.contains(*n)))
        {
            v(
                "unknown-parameter",
                format!("{} has no parameter `{unknown}`", cmd.name),
            );
            return;
        }
        let fits = cmd
            .sets
            .iter()
            .any(|(mandatory, all)| named.is_subset(all) && mandatory.is_subset(&named));
        if !fits {
            v(
                "no-parameter-set",
                format!(
                    "no parameter set of {} takes exactly {}",
                    cmd.name,
                    named.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }

    fn common_set(&self) -> BTreeSet<String> {
        self.common.iter().cloned().collect()
    }
}

fn is_expression(value: &str) -> bool {
    value.starts_with('$') || value.starts_with('(')
}

fn violation(out: &mut Vec<Violation>, call: &Call, rule: &str, message: String) {
    out.push(Violation {
        command: call.command.clone(),
        rule: rule.to_string(),
        message,
    });
}

const PORT_KEYWORDS: [&str; 3] = ["RPC", "RPC-EPMap", "IPHTTPS"];

fn is_keyword(value: &str, keywords: &[&str]) -> bool {
    keywords.iter().any(|k| k.eq_ignore_ascii_case(value))
}

/// A port, a range `a-b` (a ≤ b) or `Any`; `Some(true)` for a range.
fn port_value(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("any") {
        return Some(false);
    }
    if let Some((a, b)) = value.split_once('-') {
        let (a, b) = (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?);
        return (a <= b).then_some(true);
    }
    value.parse::<u16>().ok().map(|_| false)
}

fn address_value(value: &str) -> bool {
    if value.eq_ignore_ascii_case("any") || value.parse::<IpAddr>().is_ok() {
        return true;
    }
    if let Some((a, b)) = value.split_once('/') {
        let Ok(addr) = a.parse::<IpAddr>() else {
            return false;
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        return b.parse::<u8>().is_ok_and(|n| n <= max)
            || (addr.is_ipv4() && b.parse::<std::net::Ipv4Addr>().is_ok());
    }
    if let Some((a, b)) = value.split_once('-') {
        return matches!(
            (a.parse::<IpAddr>(), b.parse::<IpAddr>()),
            (Ok(x), Ok(y)) if x.is_ipv4() == y.is_ipv4()
        );
    }
    false
}

/// What the vendor's documentation says of the cmdlet one call runs, held against the
/// call: one function per cmdlet cordon writes.
fn powershell_rules(call: &Call, out: &mut Vec<Violation>) {
    match call.command.to_ascii_lowercase().as_str() {
        "new-netipsecrule" => ipsec_rule(call, out),
        "new-netfirewallrule" => firewall_rule(call, out),
        "new-netipsecmainmodecryptoproposal" => main_mode_proposal(call, out),
        "new-netipsecquickmodecryptoproposal" => quick_mode_proposal(call, out),
        "new-netipsecauthproposal" => auth_proposal(call, out),
        "remove-netfirewallrule" if call.get("GPOSession").is_some() => {
            violation(
                out,
                call,
                "firewall-rule-removal-by-policy-store",
                "Remove-NetFirewallRule documents no -GPOSession; remove with -PolicyStore \
                 before Open-NetGPO"
                    .to_string(),
            );
        }
        "save-netgpo" | "open-netgpo" => {
            for p in ["WhatIf", "Confirm"] {
                if call.get(p).is_some() {
                    violation(
                        out,
                        call,
                        "save-has-no-whatif",
                        format!("{} takes no -{p}", call.command),
                    );
                }
            }
        }
        _ => {}
    }
}

/// The values of a parameter written as literals (expressions are known only when the
/// script runs).
fn literal_values<'c>(call: &'c Call, name: &str) -> Vec<&'c str> {
    call.get(name)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .filter(|v| !is_expression(v))
        .collect()
}

/// The literal values of a parameter that comes as a local and a remote side (ports,
/// addresses), each with the side's parameter name.
fn side_values<'c>(call: &'c Call, sides: [&'static str; 2]) -> Vec<(&'static str, &'c str)> {
    sides
        .into_iter()
        .flat_map(|side| {
            literal_values(call, side)
                .into_iter()
                .map(move |v| (side, v))
        })
        .collect()
}

/// `New-NetIPsecRule`: its protocol, its ports (keywords, ranges) and addresses.
fn ipsec_rule(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    let protocol = call.first("Protocol");
    if let Some(p) = protocol
        && !is_expression(p)
        && !["TCP", "UDP", "ICMPv4", "ICMPv6"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(p))
        && p.parse::<u8>().is_err()
    {
        bad(
            "ipsec-rule-protocol",
            format!("-Protocol `{p}` is not TCP, UDP, ICMPv4, ICMPv6 or 0-255"),
        );
    }
    let do_not_secure = ["InboundSecurity", "OutboundSecurity"].iter().all(|s| {
        call.first(s)
            .is_some_and(|v| v.eq_ignore_ascii_case("none"))
    });
    for (side, value) in side_values(call, ["LocalPort", "RemotePort"]) {
        if is_keyword(value, &PORT_KEYWORDS) {
            if protocol.is_some() {
                bad(
                    "ipsec-rule-port-keyword-without-protocol",
                    format!("-{side} {value} is a keyword, accepted only without -Protocol"),
                );
            }
            continue;
        }
        match port_value(value) {
            None => bad(
                "ipsec-rule-protocol",
                format!("-{side} `{value}` is not a port, a range or Any"),
            ),
            Some(true) if !do_not_secure => bad(
                "ipsec-rule-port-range-needs-do-not-secure",
                format!("-{side} `{value}` is a range in a rule that is not Do Not Secure"),
            ),
            Some(_) => {}
        }
        if !protocol.is_some_and(|p| p.eq_ignore_ascii_case("tcp") || p.eq_ignore_ascii_case("udp"))
        {
            bad(
                "ipsec-rule-protocol",
                format!("-{side} `{value}` needs -Protocol TCP or UDP"),
            );
        }
    }
    addresses(call, out);
}

/// `New-NetFirewallRule`: its ports, ICMP types and addresses.
fn firewall_rule(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    let protocol = call.first("Protocol");
    for (side, value) in side_values(call, ["LocalPort", "RemotePort"]) {
        let keyword = is_keyword(
            value,
            &[
                "RPC",
                "RPCEPMap",
                "Teredo",
                "IPHTTPSIn",
                "IPHTTPSOut",
                "PlayToDiscovery",
            ],
        );
        if (keyword && protocol.is_some()) || (!keyword && port_value(value).is_none()) {
            bad(
                "firewall-port-format",
                format!(
                    "-{side} `{value}` is not a port, a range or Any for -Protocol {}",
                    protocol.unwrap_or("(none)")
                ),
            );
        }
    }
    for value in literal_values(call, "IcmpType") {
        let ok = value.eq_ignore_ascii_case("any")
            || value.parse::<u8>().is_ok()
            || value
                .split_once(':')
                .is_some_and(|(t, c)| t.parse::<u8>().is_ok() && c.parse::<u8>().is_ok());
        if !ok {
            bad(
                "icmp-type-format",
                format!("-IcmpType `{value}` is not a type 0-255, type:code or Any"),
            );
        }
    }
    addresses(call, out);
}

/// `New-NetIPsecMainModeCryptoProposal`: no GCM or GMAC in main mode.
fn main_mode_proposal(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    let enc = call.first("Encryption").unwrap_or("");
    let hash = call.first("Hash").unwrap_or("");
    if enc.to_ascii_uppercase().starts_with("AESGCM")
        || hash.to_ascii_uppercase().starts_with("AESGMAC")
    {
        bad(
            "main-mode-no-gcm",
            format!("main mode does not take GCM or GMAC (`{enc}`, `{hash}`)"),
        );
    }
}

/// `New-NetIPsecQuickModeCryptoProposal`: the ESP hashes, and GCM with its GMAC.
fn quick_mode_proposal(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    let enc = call.first("Encryption").unwrap_or("").to_ascii_uppercase();
    let hash = call.first("ESPHash").unwrap_or("None").to_ascii_uppercase();
    let esp = call
        .first("Encapsulation")
        .is_some_and(|e| e.to_ascii_uppercase().contains("ESP"));
    let esp_hashes = [
        "AESGMAC128",
        "AESGMAC192",
        "AESGMAC256",
        "MD5",
        "SHA1",
        "SHA256",
    ];
    if esp && hash != "NONE" && !esp_hashes.contains(&hash.as_str()) {
        bad(
            "quick-mode-esp-hash",
            format!("-ESPHash `{hash}` is not accepted with ESP"),
        );
    }
    if let Some(size) = enc.strip_prefix("AESGCM")
        && hash != format!("AESGMAC{size}")
    {
        bad(
            "quick-mode-gcm-with-matching-gmac",
            format!("`{enc}` needs -ESPHash AESGMAC{size}, not `{hash}`"),
        );
    }
}

/// `New-NetIPsecAuthProposal`: the authority as an issuer name.
fn auth_proposal(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    if let Some(authority) = call.first("Authority").filter(|a| !is_expression(a)) {
        let rdns: Vec<&str> = authority.split(',').map(str::trim).collect();
        let least_first = rdns.len() > 1
            && rdns
                .first()
                .is_some_and(|r| r.to_ascii_uppercase().starts_with("CN="));
        if least_first || rdns.iter().any(|r| !r.contains('=')) {
            bad(
                "authority-as-issuer",
                format!(
                    "-Authority `{authority}` is not an issuer name, most significant component first"
                ),
            );
        }
    }
}

fn addresses(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    for (side, value) in side_values(call, ["LocalAddress", "RemoteAddress"]) {
        if !address_value(value) {
            bad(
                "address-format",
                format!("-{side} `{value}` is not an address, subnet, range or Any"),
            );
        }
    }
}

/// IKEv2 takes certificates only: the authentication set of a rule that asks for IKEv2
/// may not propose Kerberos, NTLM or a pre-shared key. The set is followed from the
/// rule's `-Phase1AuthSet` to the `New-NetIPsecPhase1AuthSet` of that name and its
/// `-Proposal $Variable` to the proposals assigned to that variable; where the chain
/// cannot be followed, every proposal of the script counts.
fn ikev2_rule(calls: &[Call], out: &mut Vec<Violation>) {
    let is = |c: &Call, command: &str| c.command.eq_ignore_ascii_case(command);
    let weak = |c: &Call| {
        is(c, "New-NetIPsecAuthProposal")
            && ["Kerberos", "Ntlm", "PreSharedKey"]
                .iter()
                .any(|p| c.get(p).is_some())
    };
    for rule in calls.iter().filter(|c| {
        is(c, "New-NetIPsecRule")
            && c.first("KeyModule")
                .is_some_and(|k| k.eq_ignore_ascii_case("ikev2"))
    }) {
        let variable = rule.first("Phase1AuthSet").and_then(|set| {
            calls
                .iter()
                .find(|c| is(c, "New-NetIPsecPhase1AuthSet") && c.first("Name") == Some(set))
                .and_then(|c| c.first("Proposal"))
                .filter(|p| p.starts_with('$'))
        });
        let followed = |c: &&Call| match variable {
            Some(v) => c
                .assigned_to
                .as_deref()
                .is_none_or(|a| a.eq_ignore_ascii_case(v)),
            None => true,
        };
        for c in calls.iter().filter(|c| weak(c)).filter(followed) {
            violation(
                out,
                rule,
                "ikev2-certificate-only",
                format!(
                    "a rule asks for IKEv2 while its authentication set proposes {}",
                    c.args
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            );
        }
    }
}

/// The commands of a netsh cmd script, one per line: each `netsh ipsec static` command
/// (`add filter`, `delete policy`, ...) with its `key=value` arguments (quotes removed),
/// and each `reg add` with its key and `/v`, `/t`, `/d`, `/f` switches. Other lines
/// (`rem`, `@echo off`) are left out; a trailing redirection is not an argument.
pub fn netsh_calls(script: &str) -> Vec<Call> {
    let mut out = Vec::new();
    for line in script.lines() {
        if let Some(rest) = line.trim().strip_prefix("reg add ") {
            out.push(reg_call(rest));
            continue;
        }
        let Some(rest) = line.trim().strip_prefix("netsh ipsec static ") else {
            continue;
        };
        let tokens = split_netsh(rest);
        let mut words = tokens.iter();
        let (Some(verb), Some(object)) = (words.next(), words.next()) else {
            out.push(Call {
                command: rest.to_string(),
                args: Vec::new(),
                assigned_to: None,
            });
            continue;
        };
        let mut args = Vec::new();
        for t in words {
            if t == ">nul" || t == "2>&1" {
                continue;
            }
            match t.split_once('=') {
                Some((k, v)) => args.push((k.to_string(), vec![v.to_string()])),
                None => args.push((t.to_string(), Vec::new())),
            }
        }
        out.push(Call {
            command: format!("{verb} {object}"),
            args,
            assigned_to: None,
        });
    }
    out
}

/// `reg add KEY /v NAME /t TYPE /d DATA /f` as a call: the key, then each switch with the
/// word after it.
fn reg_call(rest: &str) -> Call {
    let mut tokens = split_netsh(rest)
        .into_iter()
        .filter(|t| t != ">nul" && t != "2>&1");
    let mut args = vec![("key".to_string(), tokens.next().into_iter().collect())];
    while let Some(t) = tokens.next() {
        let Some(switch) = t.strip_prefix('/') else {
            args.push((t, Vec::new()));
            continue;
        };
        let value = if switch.eq_ignore_ascii_case("f") {
            Vec::new()
        } else {
            tokens.next().into_iter().collect()
        };
        args.push((switch.to_ascii_lowercase(), value));
    }
    Call {
        command: "reg add".to_string(),
        args,
        assigned_to: None,
    }
}

/// Splits on spaces outside double quotes and drops the quotes.
fn split_netsh(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn netsh_rules(call: &Call, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, message: String| violation(out, call, rule, message);
    match call.command.as_str() {
        "add policy" => {
            for m in call.first("mmsecmethods").unwrap_or("").split_whitespace() {
                let parts: Vec<&str> = m.split('-').collect();
                let ok = matches!(parts.as_slice(),
                    [c, h, g] if ["DES", "3DES"].contains(c) && ["MD5", "SHA1"].contains(h) && ["1", "2", "3"].contains(g));
                if !ok {
                    bad(
                        "netsh-main-mode-methods",
                        format!("mmsecmethods `{m}` is not ConfAlg-HashAlg-GroupNum"),
                    );
                }
            }
        }
        "add filteraction" => {
            for m in call.first("qmsecmethods").unwrap_or("").split_whitespace() {
                let body = m.split(':').next().unwrap_or("");
                let ok = body
                    .strip_prefix("ESP[")
                    .and_then(|b| b.strip_suffix(']'))
                    .and_then(|b| b.split_once(','))
                    .is_some_and(|(c, h)| {
                        ["DES", "3DES", "None"].contains(&c) && ["MD5", "SHA1", "None"].contains(&h)
                    });
                if !ok {
                    bad(
                        "netsh-quick-mode-methods",
                        format!("qmsecmethods `{m}` is not ESP[ConfAlg,AuthAlg]"),
                    );
                }
            }
        }
        "add filter" => {
            for side in ["srcaddr", "dstaddr"] {
                let v = call.first(side).unwrap_or("");
                let ok = v.eq_ignore_ascii_case("me")
                    || v.eq_ignore_ascii_case("any")
                    || v.parse::<std::net::Ipv4Addr>().is_ok();
                if !ok {
                    bad(
                        "netsh-filter-address",
                        format!("{side}=`{v}` is not an IPv4 address, me or any"),
                    );
                }
            }
            for side in ["srcmask", "dstmask"] {
                if let Some(v) = call.first(side) {
                    let ok = v.parse::<u8>().is_ok_and(|n| (1..=32).contains(&n))
                        || v.parse::<std::net::Ipv4Addr>().is_ok();
                    if !ok {
                        bad(
                            "netsh-filter-address",
                            format!("{side}=`{v}` is not a mask or a prefix 1-32"),
                        );
                    }
                }
            }
            let protocol = call.first("protocol").unwrap_or("ANY").to_ascii_uppercase();
            let known = ["ANY", "ICMP", "TCP", "UDP", "RAW"].contains(&protocol.as_str())
                || protocol.parse::<u8>().is_ok();
            if !known {
                bad(
                    "netsh-filter-ports",
                    format!("protocol=`{protocol}` is not ANY, ICMP, TCP, UDP, RAW or a number"),
                );
            }
            for side in ["srcport", "dstport"] {
                if let Some(v) = call.first(side) {
                    match v.parse::<u16>() {
                        Err(_) => bad(
                            "netsh-filter-ports",
                            format!("{side}=`{v}` is not one port (0 = any)"),
                        ),
                        Ok(p) if p != 0 && protocol != "TCP" && protocol != "UDP" => bad(
                            "netsh-filter-ports",
                            format!(
                                "{side}={p} with protocol={protocol}: ports are for TCP and UDP"
                            ),
                        ),
                        Ok(_) => {}
                    }
                }
            }
        }
        "add rule" => {
            for v in call.get("rootca").unwrap_or_default() {
                let words: Vec<&str> = v.split(' ').collect();
                let n = words.len();
                let ok = n >= 3
                    && words
                        .get(n - 2)
                        .is_some_and(|w| *w == "certmap:yes" || *w == "certmap:no")
                    && words
                        .get(n - 1)
                        .is_some_and(|w| *w == "excludecaname:yes" || *w == "excludecaname:no");
                if !ok {
                    bad(
                        "netsh-rule-auth-order",
                        format!(
                            "rootca=`{v}` is not \"<CA> certmap:(yes|no) excludecaname:(yes|no)\""
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}

/// A `reg add` sets a value the reference knows, with its type and a documented datum.
fn registry_rule(call: &Call, registry: &[RegistryValue], out: &mut Vec<Violation>) {
    if call.command != "reg add" {
        return;
    }
    let (key, name) = (
        call.first("key").unwrap_or(""),
        call.first("v").unwrap_or(""),
    );
    let Some(known) = registry
        .iter()
        .find(|r| r.key.eq_ignore_ascii_case(key) && r.value.eq_ignore_ascii_case(name))
    else {
        violation(
            out,
            call,
            "registry-value",
            format!("`{key}\\{name}` is not a registry value of the reference"),
        );
        return;
    };
    let (kind, data) = (call.first("t").unwrap_or(""), call.first("d").unwrap_or(""));
    if !known.kind.eq_ignore_ascii_case(kind) || !known.accepted.iter().any(|a| a == data) {
        violation(
            out,
            call,
            "registry-value",
            format!(
                "{name} is a {} taking {}, not {kind} `{data}`",
                known.kind,
                known.accepted.join(", ")
            ),
        );
    }
}

/// `add rule` names a policy, filter list and filter action made earlier in the script.
fn netsh_references(calls: &[Call], out: &mut Vec<Violation>) {
    let mut made: BTreeSet<(String, String)> = BTreeSet::new();
    for call in calls {
        let kind = call.command.strip_prefix("add ").unwrap_or("");
        if call.command == "add rule" {
            for key in ["policy", "filterlist", "filteraction"] {
                let name = call.first(key).unwrap_or("").to_string();
                if !made.contains(&(key.to_string(), name.clone())) {
                    violation(
                        out,
                        call,
                        "netsh-objects-exist",
                        format!("{key}=`{name}` is used before it is made"),
                    );
                }
            }
        } else if !kind.is_empty()
            && let Some(name) = call.first("name")
        {
            made.insert((kind.to_string(), name.to_string()));
        }
        if call.command == "add filter"
            && let Some(list) = call.first("filterlist")
        {
            made.insert(("filterlist".to_string(), list.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(command: &str, args: &[(&str, &[&str])]) -> Call {
        Call {
            command: command.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect(),
            assigned_to: None,
        }
    }

    #[test]
    fn every_constraint_has_a_check_and_every_check_a_constraint() {
        let ids: BTreeSet<&str> = netsecurity()
            .constraints()
            .iter()
            .chain(netsh().constraints())
            .map(|c| c.id.as_str())
            .collect();
        let checks: BTreeSet<&str> = CONSTRAINT_CHECKS.iter().copied().collect();
        assert_eq!(ids, checks);
    }

    #[test]
    fn a_range_in_a_secured_rule_is_refused_and_allowed_in_do_not_secure() {
        let base = [
            ("GPOSession", &["$Gpo"][..]),
            ("DisplayName", &["x"][..]),
            ("Protocol", &["TCP"][..]),
            ("RemotePort", &["5000-5100"][..]),
        ];
        let mut secured = call("New-NetIPsecRule", &base);
        secured
            .args
            .push(("InboundSecurity".into(), vec!["Require".into()]));
        secured
            .args
            .push(("OutboundSecurity".into(), vec!["Require".into()]));
        let v = netsecurity().check(&[secured]);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].rule, "ipsec-rule-port-range-needs-do-not-secure");
        let mut clear = call("New-NetIPsecRule", &base);
        clear
            .args
            .push(("InboundSecurity".into(), vec!["None".into()]));
        clear
            .args
            .push(("OutboundSecurity".into(), vec!["None".into()]));
        assert!(netsecurity().check(&[clear]).is_empty());
    }

    #[test]
    fn unknown_parameters_values_and_sets_are_reported() {
        let v = netsecurity().check(&[
            call("Save-NetGPO", &[("GPOSession", &["$Gpo"]), ("WhatIf", &[])]),
            call(
                "Remove-NetFirewallRule",
                &[("GPOSession", &["$Gpo"]), ("Group", &["g"])],
            ),
            call(
                "New-NetIPsecRule",
                &[("DisplayName", &["x"]), ("InboundSecurity", &["Demand"])],
            ),
            call(
                "New-NetIPsecMainModeCryptoProposal",
                &[("Encryption", &["AESGCM256"])],
            ),
            call(
                "New-NetIPsecQuickModeCryptoProposal",
                &[
                    ("Encapsulation", &["ESP"]),
                    ("Encryption", &["AESGCM256"]),
                    ("ESPHash", &["AESGMAC128"]),
                ],
            ),
            call(
                "New-NetIPsecAuthProposal",
                &[
                    ("Machine", &[]),
                    ("Cert", &[]),
                    ("Authority", &["CN=CA, O=Org"]),
                ],
            ),
            call(
                "New-NetIPsecAuthProposal",
                &[
                    ("Machine", &[]),
                    ("Kerberos", &[]),
                    ("Authority", &["O=Org"]),
                ],
            ),
        ]);
        let rules: BTreeSet<&str> = v.iter().map(|v| v.rule.as_str()).collect();
        for expected in [
            "unknown-parameter",
            "save-has-no-whatif",
            "firewall-rule-removal-by-policy-store",
            "value-not-accepted",
            "main-mode-no-gcm",
            "quick-mode-gcm-with-matching-gmac",
            "authority-as-issuer",
            "no-parameter-set",
        ] {
            assert!(rules.contains(expected), "{expected} missing from {v:#?}");
        }
    }

    #[test]
    fn netsh_lines_are_read_and_checked() {
        let script = "netsh ipsec static add filterlist name=\"l\"\n\
            netsh ipsec static add filter filterlist=\"l\" srcaddr=10.0.0.1 srcmask=32 dstaddr=any protocol=ICMP srcport=0 dstport=445 mirrored=yes\n\
            netsh ipsec static add rule name=\"r\" policy=\"p\" filterlist=\"l\" filteraction=\"a\" kerberos=maybe rootca=\"CN=x certmap:no excludecaname:no\"\n";
        let calls = netsh_calls(script);
        assert_eq!(calls.len(), 3);
        let reg = netsh_calls(
            "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f >nul\n\
             reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IPSec /v AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 3 /f\n",
        );
        let v = netsh().check(&reg);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert_eq!(v[0].rule, "registry-value");
        assert_eq!(
            calls[2].first("rootca"),
            Some("CN=x certmap:no excludecaname:no")
        );
        let rules: BTreeSet<String> = netsh().check(&calls).into_iter().map(|v| v.rule).collect();
        for expected in [
            "netsh-filter-ports",
            "value-not-accepted",
            "netsh-objects-exist",
        ] {
            assert!(
                rules.contains(expected),
                "{expected} missing from {rules:?}"
            );
        }
    }
}
