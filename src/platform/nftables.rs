//! A deployed nftables ruleset, read from `nft -j list ruleset` (the JSON schema of
//! libnftables-json(5)), and how netfilter decides a routed packet, or one for the host
//! itself, with it.
//!
//! A routed packet meets the prerouting, forward and postrouting hooks, one for the host
//! the prerouting and input hooks, one the host sends the output and postrouting hooks;
//! on each, netfilter runs every base chain of the packet's family (an `inet` table's for
//! both), lowest priority first. A packet must be accepted by each of them (an `accept`
//! ends one chain, a `drop` or `reject` ends them all), and a chain that no rule decides
//! applies its policy. Within a chain the first rule whose every match holds decides:
//! `jump` runs another chain and comes back, `goto` does not come back. cordon reads the
//! matches its own rulesets write and the ones an administrator most often adds
//! (addresses, prefixes, ranges and sets; the transport protocol; ports; connection
//! state; whether a packet came out of IPsec or is routed into it, which a gateway's
//! rules test; the loopback device); a rule on anything else (another interface name, a
//! mark, a verdict map) is an error naming the rule, because guessing whether it matches
//! would be guessing what the firewall does. A NAT chain's source NAT in postrouting
//! decides nothing and is allowed; destination NAT is refused. Tables that routed packets
//! never meet (`bridge`, `arp`, `netdev`), and an `inet` table's chains on the ingress
//! hook, are listed, their rules counted and not read ([`Ruleset::unevaluated`]).
//!
//! The hook paths are netfilter's (nftables wiki, "Netfilter hooks"): traffic to the host
//! sees prerouting and input, traffic it generates output and postrouting, forwarded
//! traffic prerouting, forward and postrouting; the ingress hook (Linux 4.2, `netdev`
//! family; `inet` from 5.10) is attached to one network interface and runs before
//! prerouting.
//!
//! The IPsec matches, as the kernel and nftables define them: `meta ipsec` (alias `meta
//! secpath`) holds for a packet that carries a secpath, i.e. came in through IPsec and was
//! decrypted here; `rt ipsec` holds for a packet whose route has an xfrm transform attached
//! (`skb->dst->xfrm`, `NFT_RT_XFRM`), i.e. one the kernel will encrypt (netfilter-devel,
//! "ipsec matching" series by Florian Westphal, 2018; Linux commit 02b408fae3d5).

use std::fmt::Write as _;
use std::net::IpAddr;
use std::ops::Range;

use ipnet::IpNet;
use serde_json::Value;
use serde_json::value::RawValue;

use super::json::{error_offset, span_of};
use crate::net::{AddrSet, PortRange, PortSet, Protocol, ip_protocol_name, ip_protocol_number};

/// A packet crossing a firewall: its first packet, so connection state `new`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crossing {
    /// Source address.
    pub source: IpAddr,
    /// Destination address.
    pub destination: IpAddr,
    /// Protocol.
    pub protocol: Protocol,
    /// Source port (0 without ports).
    pub source_port: u16,
    /// Destination port (0 without ports).
    pub destination_port: u16,
    /// It came in through IPsec and was decrypted on this host (it has a secpath).
    pub decrypted: bool,
    /// The kernel routes it into an IPsec transform (it will leave encrypted).
    pub to_encrypt: bool,
    /// It belongs to a connection conntrack already tracks (`established`), rather than
    /// opening one (`new`).
    pub established: bool,
}

impl Crossing {
    /// The first packet of a connection that is no IPsec's business on this host.
    pub fn opening(
        source: IpAddr,
        destination: IpAddr,
        protocol: Protocol,
        source_port: u16,
        destination_port: u16,
    ) -> Self {
        Crossing {
            source,
            destination,
            protocol,
            source_port,
            destination_port,
            decrypted: false,
            to_encrypt: false,
            established: false,
        }
    }
}

/// What a rule or a chain does with a packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Passes this chain.
    Accept,
    /// Dropped (`drop` or `reject`).
    Drop,
    /// Runs the named chain, then comes back.
    Jump(String),
    /// Runs the named chain and does not come back.
    Goto(String),
    /// Back to the calling chain.
    Return,
}

/// Which end of a packet a match reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// `saddr`, `sport`.
    Source,
    /// `daddr`, `dport`.
    Destination,
}

/// One condition of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The address family (`ip` or `ip6` in an `inet` table, `meta nfproto`).
    Family {
        /// IPv6 rather than IPv4.
        v6: bool,
    },
    /// The transport protocol, by IP protocol number.
    Protocol(Vec<u8>),
    /// An address of one end.
    Address(End, AddrSet),
    /// A port of one end.
    Port(End, PortSet),
    /// The connection-tracking state, by name (`new`, `established`, ...).
    State(Vec<String>),
    /// `meta ipsec` (`meta secpath`): whether the packet came out of IPsec here.
    Decrypted(bool),
    /// `rt ipsec`: whether the packet's route leads into IPsec.
    RoutedToIpsec(bool),
    /// The loopback device as the packet's way in or out (`iif "lo"`, `oifname "lo"`):
    /// never that of a packet from or to the network.
    Loopback,
}

/// A condition, maybe negated (`!=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// What is tested.
    pub condition: Condition,
    /// Whether the test is `!=`.
    pub negated: bool,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The kernel's handle.
    pub handle: u64,
    /// The rule's comment (cordon writes the plan rule's name there).
    pub comment: Option<String>,
    /// Where the rule is in the file.
    pub span: Range<usize>,
    /// Its matches, all of which must hold.
    pub matches: Vec<Match>,
    /// Its verdict; `None` for a rule that only counts or logs.
    pub verdict: Option<Verdict>,
    /// The chain a `jump` or `goto` goes to (an index into [`Ruleset::chains`]), found
    /// when the listing is read.
    pub target: Option<usize>,
}

/// One chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The table's family (`inet`, `ip`, `ip6`, ...).
    pub family: String,
    /// The table.
    pub table: String,
    /// The chain.
    pub name: String,
    /// The hook of a base chain.
    pub hook: Option<String>,
    /// The priority of a base chain.
    pub priority: i64,
    /// The policy of a base chain: whether what no rule decides is accepted.
    pub accepts_by_default: bool,
    /// A `type nat` chain: its rules translate source addresses after the filter hooks
    /// and decide nothing; they are checked (destination NAT and drops are refused), not
    /// kept.
    pub nat: bool,
    /// Rules in order (none for a chain cordon does not evaluate).
    pub rules: Vec<Rule>,
    /// Rules not read: those of a chain cordon does not evaluate ([`Chain::is_evaluated`],
    /// [`Ruleset::unevaluated`]).
    pub unread: usize,
    /// Where the chain is declared.
    pub span: Range<usize>,
}

/// A ruleset as `nft -j list ruleset` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ruleset {
    /// Every chain, in the listing's order.
    pub chains: Vec<Chain>,
}

/// A place in a ruleset: chain and rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleRef {
    /// Index into [`Ruleset::chains`].
    pub chain: usize,
    /// Index into the chain's rules; `None` for the chain's policy.
    pub rule: Option<usize>,
}

/// Why an `nft -j` listing cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct ReadError {
    /// Byte range of the offending object.
    pub span: Range<usize>,
    /// What is wrong and how to fix it.
    pub what: String,
}

/// How deep `jump` may nest before the listing is refused (the kernel allows 16 levels).
const MAX_DEPTH: usize = 16;

#[derive(serde::Deserialize)]
struct Listing<'a> {
    #[serde(borrow)]
    nftables: Vec<&'a RawValue>,
}

/// Reads `nft -j list ruleset` output.
pub fn read(text: &str) -> Result<Ruleset, ReadError> {
    let listing: Listing<'_> = serde_json::from_str(text).map_err(|e| ReadError {
        span: error_offset(text, &e)..error_offset(text, &e),
        what: format!("not the JSON of `nft -j list ruleset`: {e}"),
    })?;
    let mut out = Ruleset::default();
    // Rules are read once their chain is known: a NAT chain's are read otherwise.
    let mut rules: Vec<(String, String, String, Value, Range<usize>)> = Vec::new();
    for raw in listing.nftables {
        let span = span_of(text, raw.get());
        let fail = |what: String| ReadError {
            span: span.clone(),
            what,
        };
        let value: Value =
            serde_json::from_str(raw.get()).map_err(|e| fail(format!("unreadable object: {e}")))?;
        let Some((kind, body)) = value.as_object().and_then(|o| o.iter().next()) else {
            return Err(fail(
                "each element of `nftables` is an object with one key".into(),
            ));
        };
        match kind.as_str() {
            "chain" => out.chains.push(chain(body, span.clone()).map_err(fail)?),
            "rule" => {
                let (family, table, chain) = owner(body).map_err(&fail)?;
                rules.push((family, table, chain, body.clone(), span.clone()));
            }
            // Tables, sets, maps, counters, limits and the metainfo decide nothing by
            // themselves; a rule that uses a named set is refused where it does.
            _ => {}
        }
    }
    for (family, table, chain, body, span) in rules {
        let Some(c) = out
            .chains
            .iter_mut()
            .find(|c| c.family == family && c.table == table && c.name == chain)
        else {
            return Err(ReadError {
                span,
                what: format!(
                    "a rule of chain `{family} {table} {chain}`, which the listing does not declare"
                ),
            });
        };
        let fail = |what: String| ReadError {
            span: span.clone(),
            what,
        };
        // A table that routed packets never meet decides none of them, and an ingress
        // chain sees one device's packets, which cordon cannot tell apart: their rules
        // (layer 2 matches, device names) are counted, not read, and reported as not
        // evaluated rather than refused.
        if !c.is_evaluated() {
            c.unread += 1;
        } else if c.nat {
            nat_rule(&body, c).map_err(fail)?;
        } else {
            c.rules.push(rule(&body, span.clone()).map_err(fail)?);
        }
    }
    if let Some(c) = out.chains.iter().find(|c| c.nat && !c.accepts_by_default) {
        return Err(ReadError {
            span: c.span.clone(),
            what: format!(
                "NAT chain `{} {} {}` has the policy drop: it drops every new connection it does not translate, which cordon does not evaluate",
                c.family, c.table, c.name
            ),
        });
    }
    resolve_jumps(&mut out)?;
    Ok(out)
}

fn string(body: &Value, key: &str) -> Result<String, String> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("`{key}` is missing or not a string"))
}

fn owner(body: &Value) -> Result<(String, String, String), String> {
    Ok((
        string(body, "family")?,
        string(body, "table")?,
        string(body, "chain")?,
    ))
}

fn chain(body: &Value, span: Range<usize>) -> Result<Chain, String> {
    let policy = body
        .get("policy")
        .and_then(Value::as_str)
        .unwrap_or("accept");
    let accepts_by_default = match policy {
        "accept" => true,
        "drop" => false,
        other => return Err(format!("chain policy `{other}`: nft knows accept and drop")),
    };
    Ok(Chain {
        family: string(body, "family")?,
        table: string(body, "table")?,
        name: string(body, "name")?,
        hook: body.get("hook").and_then(Value::as_str).map(str::to_string),
        priority: body.get("prio").and_then(Value::as_i64).unwrap_or(0),
        accepts_by_default,
        nat: body.get("type").and_then(Value::as_str) == Some("nat"),
        rules: Vec::new(),
        unread: 0,
        span,
    })
}

/// A rule of a `type nat` chain, checked to decide nothing cordon must evaluate: source
/// NAT (`snat`, `masquerade`) in postrouting happens after the forward and input hooks
/// have decided, and a NAT statement ends its chain with the verdict of
/// `nf_nat_setup_info`, accept (Linux net/netfilter/nft_nat.c, `nft_nat_eval`; a drop
/// only when no address or port is left to map to), so such a chain changes no
/// destination and drops nothing cordon could plan for. Destination NAT (`dnat`, `redirect`) changes what the forward hook sees,
/// a drop or a jump decides: those are refused, naming the rule. Its matches are not read
/// (an interface name, which cordon does not know, is usual there).
fn nat_rule(body: &Value, chain: &Chain) -> Result<(), String> {
    let handle = body.get("handle").and_then(Value::as_u64).unwrap_or(0);
    let exprs = body
        .get("expr")
        .and_then(Value::as_array)
        .ok_or("a rule without `expr`")?;
    for e in exprs {
        let Some((kind, _)) = e.as_object().and_then(|o| o.iter().next()) else {
            return Err(format!(
                "rule {handle}: an expression that is not an object"
            ));
        };
        match kind.as_str() {
            "match" | "counter" | "log" | "limit" | "accept" | "continue" | "return" => {}
            "snat" | "masquerade" if chain.hook.as_deref() == Some("postrouting") => {}
            "dnat" | "redirect" => {
                return Err(format!(
                    "rule {handle}: a `{kind}` statement changes the destination before the forward hook; cordon cannot hold flows against translated addresses"
                ));
            }
            other => {
                return Err(format!(
                    "rule {handle}: a `{other}` statement in NAT chain `{}`; cordon reads source NAT (snat, masquerade) in postrouting, and counters, logs and accept",
                    chain.name
                ));
            }
        }
    }
    Ok(())
}

fn rule(body: &Value, span: Range<usize>) -> Result<Rule, String> {
    let handle = body.get("handle").and_then(Value::as_u64).unwrap_or(0);
    let comment = body
        .get("comment")
        .and_then(Value::as_str)
        .map(str::to_string);
    let exprs = body
        .get("expr")
        .and_then(Value::as_array)
        .ok_or("a rule without `expr`")?;
    let mut matches = Vec::new();
    let mut verdict = None;
    let refuse = |what: &str| {
        format!(
            "rule {handle}: {what}; cordon reads matches on addresses, protocols, ports and connection state, and the verdicts accept, drop, reject, jump, goto and return"
        )
    };
    for e in exprs {
        let Some((kind, arg)) = e.as_object().and_then(|o| o.iter().next()) else {
            return Err(refuse("an expression that is not an object"));
        };
        if verdict.is_some() {
            // Statements after the verdict never run.
            continue;
        }
        match kind.as_str() {
            "match" => matches.extend(read_match(arg).map_err(|w| refuse(&w))?),
            "accept" => verdict = Some(Verdict::Accept),
            "drop" | "reject" => verdict = Some(Verdict::Drop),
            "return" => verdict = Some(Verdict::Return),
            "jump" | "goto" => {
                let target = arg
                    .get("target")
                    .and_then(Value::as_str)
                    .ok_or_else(|| refuse(&format!("`{kind}` without a target")))?
                    .to_string();
                verdict = Some(if kind == "jump" {
                    Verdict::Jump(target)
                } else {
                    Verdict::Goto(target)
                });
            }
            // Statements that count, log or annotate: the packet goes on.
            "counter" | "log" | "limit" | "notrack" | "continue" => {}
            other => return Err(refuse(&format!("a `{other}` statement"))),
        }
    }
    Ok(Rule {
        handle,
        comment,
        span,
        matches,
        verdict,
        target: None,
    })
}

/// Reads one `match` expression: the conditions it sets (a port match also sets its
/// protocol, as nft does with an implicit dependency).
fn read_match(arg: &Value) -> Result<Vec<Match>, String> {
    let op = arg.get("op").and_then(Value::as_str).unwrap_or("==");
    let negated = match op {
        "==" | "in" => false,
        "!=" => true,
        other => return Err(format!("a match with operator `{other}`")),
    };
    let left = arg.get("left").ok_or("a match without `left`")?;
    let right = arg.get("right").ok_or("a match without `right`")?;
    let m = |condition| Match { condition, negated };
    if let Some(p) = left.get("payload") {
        let protocol = p.get("protocol").and_then(Value::as_str).unwrap_or("");
        let field = p.get("field").and_then(Value::as_str).unwrap_or("");
        let end = match field {
            "saddr" | "sport" => Some(End::Source),
            "daddr" | "dport" => Some(End::Destination),
            _ => None,
        };
        return match (protocol, field, end) {
            ("ip" | "ip6", "saddr" | "daddr", Some(end)) => {
                let v6 = protocol == "ip6";
                Ok(vec![
                    Match {
                        condition: Condition::Family { v6 },
                        negated: false,
                    },
                    m(Condition::Address(end, addresses(right, v6)?)),
                ])
            }
            ("ip", "protocol", _) | ("ip6", "nexthdr", _) => {
                Ok(vec![m(Condition::Protocol(protocols(right)?))])
            }
            ("tcp" | "udp" | "th", "sport" | "dport", Some(end)) => {
                let implied = match protocol {
                    "tcp" => vec![6],
                    "udp" => vec![17],
                    // `th` reads the ports of whatever transport carries them.
                    _ => vec![6, 17],
                };
                Ok(vec![
                    Match {
                        condition: Condition::Protocol(implied),
                        negated: false,
                    },
                    m(Condition::Port(end, ports(right)?)),
                ])
            }
            _ => Err(format!("a match on `{protocol} {field}`")),
        };
    }
    if let Some(meta) = left.get("meta") {
        let key = meta.get("key").and_then(Value::as_str).unwrap_or("");
        return match key {
            "l4proto" => Ok(vec![m(Condition::Protocol(protocols(right)?))]),
            "ipsec" | "secpath" => Ok(vec![m(Condition::Decrypted(boolean(right)?))]),
            "iif" | "iifname" | "oif" | "oifname" => match right.as_str() {
                Some("lo") => Ok(vec![m(Condition::Loopback)]),
                _ => Err(format!(
                    "a match on `meta {key}` {}: cordon does not know the host's interfaces",
                    short(right)
                )),
            },
            "nfproto" => {
                let v6 = match right.as_str() {
                    Some("ipv4") => false,
                    Some("ipv6") => true,
                    _ => return Err("`meta nfproto` other than ipv4 or ipv6".into()),
                };
                Ok(vec![m(Condition::Family { v6 })])
            }
            other => Err(format!("a match on `meta {other}`")),
        };
    }
    if let Some(rt) = left.get("rt") {
        let key = rt.get("key").and_then(Value::as_str).unwrap_or("");
        if key != "ipsec" {
            return Err(format!("a match on `rt {key}`"));
        }
        return Ok(vec![m(Condition::RoutedToIpsec(boolean(right)?))]);
    }
    if let Some(ct) = left.get("ct") {
        let key = ct.get("key").and_then(Value::as_str).unwrap_or("");
        if key != "state" {
            return Err(format!("a match on `ct {key}`"));
        }
        let states = elements(right)
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("a `ct state` that is not a list of names")?;
        return Ok(vec![m(Condition::State(states))]);
    }
    Err(format!("a match on `{}`", short(left)))
}

/// `exists` / `missing`, which the listing gives as `true` / `false`.
fn boolean(right: &Value) -> Result<bool, String> {
    match right {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "exists" => Ok(true),
        Value::String(s) if s == "missing" => Ok(false),
        other => Err(format!(
            "`{}` where nft has exists or missing",
            short(other)
        )),
    }
}

fn short(v: &Value) -> String {
    let mut s = v.to_string();
    if s.len() > 60 {
        let cut = (0..=60).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// The elements of a right-hand side: a set, an anonymous list, or one value.
fn elements(right: &Value) -> Vec<&Value> {
    if let Some(set) = right.get("set").and_then(Value::as_array) {
        return set.iter().collect();
    }
    if let Some(list) = right.as_array() {
        return list.iter().collect();
    }
    vec![right]
}

fn addresses(right: &Value, v6: bool) -> Result<AddrSet, String> {
    let mut prefixes = Vec::new();
    for e in elements(right) {
        let parse = |v: &Value| -> Result<IpAddr, String> {
            let s = v.as_str().ok_or("an address that is not a string")?;
            if s.starts_with('@') {
                return Err(format!(
                    "a named set `{s}` (list it with the rule's values instead)"
                ));
            }
            let a: IpAddr = s.parse().map_err(|_| format!("`{s}` is not an address"))?;
            if a.is_ipv6() != v6 {
                return Err(format!("`{s}` is not an address of this family"));
            }
            Ok(a)
        };
        if let Some(p) = e.get("prefix") {
            let addr = parse(p.get("addr").unwrap_or(&Value::Null))?;
            let len = p
                .get("len")
                .and_then(Value::as_u64)
                .and_then(|l| u8::try_from(l).ok())
                .ok_or("a prefix without a length")?;
            let net = IpNet::new(addr, len).map_err(|_| format!("/{len} is too long"))?;
            prefixes.push(net.trunc());
        } else if let Some(r) = e.get("range").and_then(Value::as_array) {
            let (Some(a), Some(b)) = (r.first(), r.get(1)) else {
                return Err("a range without two ends".into());
            };
            prefixes.extend(range_prefixes(parse(a)?, parse(b)?)?);
        } else {
            let a = parse(e)?;
            prefixes.push(IpNet::from(a));
        }
    }
    Ok(AddrSet::from_prefixes(prefixes))
}

fn range_prefixes(a: IpAddr, b: IpAddr) -> Result<Vec<IpNet>, String> {
    match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) if a <= b => {
            Ok(ipnet::Ipv4Subnets::new(a, b, 0).map(IpNet::V4).collect())
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if a <= b => {
            Ok(ipnet::Ipv6Subnets::new(a, b, 0).map(IpNet::V6).collect())
        }
        _ => Err(format!("the range {a}-{b} is empty or mixes families")),
    }
}

fn ports(right: &Value) -> Result<PortSet, String> {
    let port = |v: &Value| -> Result<u16, String> {
        v.as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .ok_or_else(|| format!("`{}` is not a port number", short(v)))
    };
    let mut ranges = Vec::new();
    for e in elements(right) {
        if let Some(r) = e.get("range").and_then(Value::as_array) {
            let (Some(a), Some(b)) = (r.first(), r.get(1)) else {
                return Err("a port range without two ends".into());
            };
            let (a, b) = (port(a)?, port(b)?);
            ranges.push(
                PortRange::new(a, b).ok_or_else(|| format!("the port range {a}-{b} is empty"))?,
            );
        } else {
            ranges.push(PortRange::single(port(e)?));
        }
    }
    Ok(PortSet::from_ranges(ranges))
}

fn protocols(right: &Value) -> Result<Vec<u8>, String> {
    elements(right)
        .into_iter()
        .map(|v| {
            let number = match (v.as_str(), v.as_u64()) {
                (Some(name), _) => ip_protocol_number(name),
                (_, Some(n)) => u8::try_from(n).ok(),
                _ => None,
            };
            number.ok_or_else(|| format!("the protocol `{}`", short(v)))
        })
        .collect()
}

/// How many rule visits one packet may cost through jumps before a listing is refused: a
/// ruleset whose chains jump to each other many times over fans out exponentially.
const MAX_VISITS: u64 = 1_000_000;

/// Every `jump` and `goto` names a chain of its table (resolved into the rule), they nest no
/// deeper than the kernel allows and never in a loop, and a packet's walk stays bounded.
fn resolve_jumps(set: &mut Ruleset) -> Result<(), ReadError> {
    for i in 0..set.chains.len() {
        for r in 0..set.chains[i].rules.len() {
            let rule = &set.chains[i].rules[r];
            let Some(Verdict::Jump(t) | Verdict::Goto(t)) = &rule.verdict else {
                continue;
            };
            let Some(target) = set.target(i, t) else {
                return Err(ReadError {
                    span: rule.span.clone(),
                    what: format!(
                        "rule {} jumps to `{t}`, which table `{}` does not have",
                        rule.handle, set.chains[i].table
                    ),
                });
            };
            set.chains[i].rules[r].target = Some(target);
        }
    }
    // Per chain: the rule visits a packet can cost in it (jumps included), found once.
    let mut visits: Vec<Option<u64>> = vec![None; set.chains.len()];
    for i in 0..set.chains.len() {
        let cost = set.visits(i, 0, &mut visits, &mut vec![false; set.chains.len()]);
        let refuse = |what: String| ReadError {
            span: set.chains[i].span.clone(),
            what,
        };
        match cost {
            None => {
                return Err(refuse(format!(
                    "chain `{}` jumps deeper than {MAX_DEPTH} chains, or in a loop, which nft refuses",
                    set.chains[i].name
                )));
            }
            Some(n) if n > MAX_VISITS => {
                return Err(refuse(format!(
                    "chain `{}` jumps to other chains so many times over that one packet costs more than {MAX_VISITS} rule visits; cordon does not evaluate it",
                    set.chains[i].name
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

impl Ruleset {
    /// The chains cordon does not evaluate ([`Chain::is_evaluated`]: every chain of a
    /// `bridge`, `arp` or `netdev` table, an `inet` table's ingress chains), by table: its
    /// family, name and those chains, in the listing's order.
    pub fn unevaluated(&self) -> Vec<(&str, &str, Vec<&Chain>)> {
        let mut tables: Vec<(&str, &str, Vec<&Chain>)> = Vec::new();
        for c in self.chains.iter().filter(|c| !c.is_evaluated()) {
            match tables
                .iter_mut()
                .find(|(family, table, _)| *family == c.family && *table == c.table)
            {
                Some((_, _, chains)) => chains.push(c),
                None => tables.push((&c.family, &c.table, vec![c])),
            }
        }
        tables
    }

    fn target(&self, from: usize, name: &str) -> Option<usize> {
        let c = self.chains.get(from)?;
        self.chains
            .iter()
            .position(|d| d.family == c.family && d.table == c.table && d.name == name)
    }

    /// The rule visits of a packet's walk through `chain` at most, jumps included;
    /// `None` past [`MAX_DEPTH`] levels or in a loop. `done` keeps each chain's answer.
    fn visits(
        &self,
        chain: usize,
        level: usize,
        done: &mut [Option<u64>],
        on_path: &mut [bool],
    ) -> Option<u64> {
        if let Some(n) = done.get(chain).copied().flatten() {
            return Some(n);
        }
        if level > MAX_DEPTH || on_path.get(chain).copied().unwrap_or(true) {
            return None;
        }
        on_path[chain] = true;
        let mut total: u64 = 0;
        for r in &self.chains[chain].rules {
            total = total.saturating_add(1);
            if let Some(t) = r.target {
                let inner = self.visits(t, level + 1, done, on_path)?;
                total = total.saturating_add(inner);
            }
        }
        on_path[chain] = false;
        done[chain] = Some(total);
        Some(total)
    }

    /// The base chains of a hook, in the order netfilter runs them.
    fn base_chains(&self, hook: &str) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.chains.len())
            .filter(|&i| self.chains[i].hook.as_deref() == Some(hook))
            .collect();
        out.sort_by_key(|&i| (self.chains[i].priority, i));
        out
    }

    /// What netfilter does with a packet this host routes on: the base chains of the
    /// prerouting, forward and postrouting hooks in turn. Whether it passes, and the rule
    /// (or chain policy) that dropped it, or else the one that accepted it last on the
    /// forward hook; `None` when no base chain is on that hook (netfilter then accepts).
    pub fn forward(&self, packet: &Crossing) -> (bool, Option<RuleRef>) {
        self.through(&["prerouting", "forward", "postrouting"], "forward", packet)
    }

    /// What netfilter does with a packet addressed to this host: the prerouting and
    /// input hooks, as [`Ruleset::forward`] says it.
    pub fn input(&self, packet: &Crossing) -> (bool, Option<RuleRef>) {
        self.through(&["prerouting", "input"], "input", packet)
    }

    /// What netfilter does with a packet this host sends: the output and postrouting
    /// hooks, as [`Ruleset::forward`] says it.
    pub fn output(&self, packet: &Crossing) -> (bool, Option<RuleRef>) {
        self.through(&["output", "postrouting"], "output", packet)
    }

    fn through(&self, hooks: &[&str], main: &str, packet: &Crossing) -> (bool, Option<RuleRef>) {
        let mut decided = None;
        for hook in hooks {
            let (accepted, by) = self.hook(hook, packet);
            if !accepted {
                return (false, by);
            }
            if *hook == main {
                decided = by;
            }
        }
        (true, decided)
    }

    fn hook(&self, hook: &str, packet: &Crossing) -> (bool, Option<RuleRef>) {
        let mut last = None;
        for base in self.base_chains(hook) {
            if !family_applies(&self.chains[base].family, packet) {
                continue;
            }
            let (accepted, by) = self.run(base, packet, 0);
            last = Some(by);
            if !accepted {
                return (false, last);
            }
        }
        (true, last)
    }

    /// Runs a base chain: whether it accepts, and what decided.
    fn run(&self, chain: usize, packet: &Crossing, depth: usize) -> (bool, RuleRef) {
        match self.walk(chain, packet, depth) {
            Walk::Decided(accepted, by) => (accepted, by),
            Walk::Fell => (
                self.chains[chain].accepts_by_default,
                RuleRef { chain, rule: None },
            ),
        }
    }

    fn walk(&self, chain: usize, packet: &Crossing, depth: usize) -> Walk {
        if depth > MAX_DEPTH {
            return Walk::Fell;
        }
        let c = &self.chains[chain];
        for (i, r) in c.rules.iter().enumerate() {
            if !r.matches.iter().all(|m| m.holds(packet)) {
                continue;
            }
            let here = RuleRef {
                chain,
                rule: Some(i),
            };
            match &r.verdict {
                None => {}
                Some(Verdict::Accept) => return Walk::Decided(true, here),
                Some(Verdict::Drop) => return Walk::Decided(false, here),
                Some(Verdict::Return) => return Walk::Fell,
                Some(Verdict::Jump(_)) => {
                    if let Some(t) = r.target
                        && let Walk::Decided(a, by) = self.walk(t, packet, depth + 1)
                    {
                        return Walk::Decided(a, by);
                    }
                }
                Some(Verdict::Goto(_)) => {
                    return match r.target {
                        Some(t) => self.walk(t, packet, depth + 1),
                        None => Walk::Fell,
                    };
                }
            }
        }
        Walk::Fell
    }

    /// The rule a place names.
    pub fn rule(&self, at: RuleRef) -> Option<&Rule> {
        self.chains.get(at.chain)?.rules.get(at.rule?)
    }

    /// A place as a person reads it: `rule 7 "exempt-external-1" of chain inet cordon
    /// forward`, or the chain's policy.
    pub fn describe(&self, at: RuleRef) -> String {
        let Some(c) = self.chains.get(at.chain) else {
            return "no chain".into();
        };
        let chain = format!("chain `{} {} {}`", c.family, c.table, c.name);
        match self.rule(at) {
            Some(r) => {
                let mut s = format!("rule {}", r.handle);
                if let Some(comment) = &r.comment {
                    let _ = write!(s, " \"{comment}\"");
                }
                let _ = write!(s, " of {chain}");
                s
            }
            None => format!(
                "the {} policy of {chain}",
                if c.accepts_by_default {
                    "accept"
                } else {
                    "drop"
                }
            ),
        }
    }
}

enum Walk {
    Decided(bool, RuleRef),
    Fell,
}

impl Chain {
    /// Whether cordon evaluates this chain: one of a table that sees routed IP packets
    /// ([`routes_ip`]), not on the ingress hook, which an `inet` table has too since Linux
    /// 5.10 (nftables wiki, "List of updates since Linux kernel 3.13"; the kernel handles
    /// it as a `netdev` ingress chain, commit d3519cb "netfilter: nf_tables: add inet
    /// ingress support"): the packets of one device, before routing.
    pub fn is_evaluated(&self) -> bool {
        routes_ip(&self.family) && self.hook.as_deref() != Some("ingress")
    }

    /// Whether this is a base chain of the forward hook that routed IP packets meet.
    pub fn filters_forwarded(&self) -> bool {
        self.hook.as_deref() == Some("forward") && routes_ip(&self.family)
    }
}

/// Whether tables of a family see routed IP packets: `inet`, `ip` and `ip6` do; `bridge`
/// and `arp` tables see bridged frames and ARP, and a `netdev` table hooks one device's
/// ingress before routing, which cordon does not evaluate (it does not know which device
/// a packet arrives on).
pub fn routes_ip(family: &str) -> bool {
    matches!(family, "inet" | "ip" | "ip6")
}

/// Whether a table's chains on the routing hooks see a routed IP packet: `inet` both
/// families, `ip` and `ip6` their own (see [`routes_ip`]).
fn family_applies(family: &str, packet: &Crossing) -> bool {
    match family {
        "inet" => true,
        "ip" => packet.source.is_ipv4(),
        "ip6" => packet.source.is_ipv6(),
        _ => false,
    }
}

impl Match {
    fn holds(&self, p: &Crossing) -> bool {
        let v6 = p.source.is_ipv6();
        let yes = match &self.condition {
            Condition::Family { v6: want } => *want == v6,
            Condition::Protocol(list) => p.protocol.number(v6).is_some_and(|n| list.contains(&n)),
            Condition::Address(End::Source, set) => set.contains(p.source),
            Condition::Address(End::Destination, set) => set.contains(p.destination),
            Condition::Port(end, set) => {
                p.protocol.has_ports()
                    && set.contains(match end {
                        End::Source => p.source_port,
                        End::Destination => p.destination_port,
                    })
            }
            Condition::State(states) => {
                let state = if p.established { "established" } else { "new" };
                states.iter().any(|s| s == state)
            }
            Condition::Decrypted(b) => p.decrypted == *b,
            Condition::RoutedToIpsec(b) => p.to_encrypt == *b,
            Condition::Loopback => false,
        };
        yes != self.negated
    }
}

impl Rule {
    /// What the rule matches, in nft's words.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for m in &self.matches {
            let not = if m.negated { "!= " } else { "" };
            let part = match &m.condition {
                Condition::Family { .. } => continue,
                Condition::Protocol(list) => {
                    let names: Vec<String> = list.iter().map(|n| ip_protocol_name(*n)).collect();
                    format!("l4proto {not}{}", names.join(","))
                }
                Condition::Address(end, set) => format!(
                    "{} {not}{set}",
                    if *end == End::Source {
                        "saddr"
                    } else {
                        "daddr"
                    }
                ),
                Condition::Port(end, set) => format!(
                    "{} {not}{set}",
                    if *end == End::Source {
                        "sport"
                    } else {
                        "dport"
                    }
                ),
                Condition::State(s) => format!("ct state {not}{}", s.join(",")),
                Condition::Decrypted(b) => format!("meta ipsec {not}{}", exists(*b)),
                Condition::RoutedToIpsec(b) => format!("rt ipsec {not}{}", exists(*b)),
                Condition::Loopback => format!("interface {not}lo"),
            };
            parts.push(part);
        }
        let verdict = match &self.verdict {
            None => "continue".to_string(),
            Some(Verdict::Accept) => "accept".into(),
            Some(Verdict::Drop) => "drop".into(),
            Some(Verdict::Return) => "return".into(),
            Some(Verdict::Jump(t)) => format!("jump {t}"),
            Some(Verdict::Goto(t)) => format!("goto {t}"),
        };
        parts.push(verdict);
        parts.join(" ")
    }
}

fn exists(b: bool) -> &'static str {
    if b { "exists" } else { "missing" }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = r#"{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
 {"table": {"family": "inet", "name": "cordon", "handle": 2}},
 {"chain": {"family": "inet", "table": "cordon", "name": "forward", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
 {"chain": {"family": "inet", "table": "cordon", "name": "admin", "handle": 9}},
 {"rule": {"family": "inet", "table": "cordon", "chain": "forward", "handle": 2, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}},
 {"rule": {"family": "inet", "table": "cordon", "chain": "forward", "handle": 3, "expr": [{"jump": {"target": "admin"}}]}},
 {"rule": {"family": "inet", "table": "cordon", "chain": "forward", "handle": 5, "comment": "ike", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.0", "len": 24}}}}, {"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": {"set": [500, {"range": [4500, 4501]}]}}}, {"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}},
 {"rule": {"family": "inet", "table": "cordon", "chain": "admin", "handle": 10, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"accept": null}]}}
]}"#;

    fn crossing(src: &str, dst: &str, protocol: Protocol, port: u16) -> Crossing {
        Crossing::opening(
            src.parse().unwrap(),
            dst.parse().unwrap(),
            protocol,
            50000,
            port,
        )
    }

    #[test]
    fn first_match_with_jumps_and_the_policy() {
        let set = read(LISTING).unwrap();
        let (ok, by) = set.forward(&crossing("10.0.0.9", "10.1.0.1", Protocol::Udp, 4501));
        assert!(ok);
        assert_eq!(set.rule(by.unwrap()).unwrap().handle, 5);
        // The jump's chain accepts ssh from anywhere.
        let (ok, by) = set.forward(&crossing("10.9.0.9", "10.1.0.1", Protocol::Tcp, 22));
        assert!(ok);
        assert_eq!(
            set.describe(by.unwrap()),
            "rule 10 of chain `inet cordon admin`"
        );
        // Nothing else: the drop policy.
        let (ok, by) = set.forward(&crossing("10.9.0.9", "10.1.0.1", Protocol::Udp, 500));
        assert!(!ok);
        assert_eq!(
            set.describe(by.unwrap()),
            "the drop policy of chain `inet cordon forward`"
        );
    }

    #[test]
    fn unknown_matches_and_bad_json_are_located_errors() {
        let e = read(&LISTING.replace(
            "\"ct\": {\"key\": \"state\"}",
            "\"ct\": {\"key\": \"mark\"}",
        ))
        .unwrap_err();
        assert!(e.what.contains("ct mark"), "{e}");
        assert!(LISTING[e.span.clone()].contains("\"handle\": 2"));
        let e = read("{\"nftables\": [").unwrap_err();
        assert!(e.what.contains("not the JSON"), "{e}");
        let e =
            read(&LISTING.replace("\"target\": \"admin\"", "\"target\": \"nowhere\"")).unwrap_err();
        assert!(e.what.contains("nowhere"), "{e}");
    }

    /// A listing of `n` chains where each jumps `fan` times to the next (and the last,
    /// with `back`, to the first).
    fn jumps(n: usize, fan: usize, back: bool) -> String {
        let mut items = vec![r#"{"chain": {"family": "inet", "table": "t", "name": "c0", "hook": "forward", "prio": 0, "policy": "drop"}}"#.to_string()];
        for i in 1..n {
            items.push(format!(
                r#"{{"chain": {{"family": "inet", "table": "t", "name": "c{i}"}}}}"#
            ));
        }
        for i in 0..n {
            let next = if i + 1 < n {
                i + 1
            } else if back {
                0
            } else {
                continue;
            };
            for _ in 0..fan {
                items.push(format!(r#"{{"rule": {{"family": "inet", "table": "t", "chain": "c{i}", "expr": [{{"jump": {{"target": "c{next}"}}}}]}}}}"#));
            }
        }
        format!("{{\"nftables\": [{}]}}", items.join(", "))
    }

    #[test]
    fn loops_deep_jumps_and_exponential_fan_out_are_refused() {
        assert!(read(&jumps(5, 2, false)).is_ok());
        let e = read(&jumps(3, 1, true)).unwrap_err();
        assert!(e.what.contains("in a loop"), "{e}");
        let e = read(&jumps(MAX_DEPTH + 3, 1, false)).unwrap_err();
        assert!(e.what.contains("deeper"), "{e}");
        // 12 levels of 4 jumps each: 4^12 walks of one packet.
        let e = read(&jumps(12, 4, false)).unwrap_err();
        assert!(e.what.contains("rule visits"), "{e}");
    }

    /// A gateway's chains as `nft -j list ruleset` (nftables 1.0.6) lists what cordon
    /// writes: `meta secpath` comes back as `meta ipsec`, `exists`/`missing` as booleans.
    const GATEWAY: &str = r#"{"nftables": [
 {"chain": {"family": "inet", "table": "g", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
 {"chain": {"family": "inet", "table": "g", "name": "forward", "handle": 2, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
 {"rule": {"family": "inet", "table": "g", "chain": "input", "handle": 4, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iif"}}, "right": "lo"}}, {"accept": null}]}},
 {"rule": {"family": "inet", "table": "g", "chain": "input", "handle": 7, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "203.0.113.2"}}, {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": "esp"}}, {"accept": null}]}},
 {"rule": {"family": "inet", "table": "g", "chain": "forward", "handle": 11, "comment": "c01 fail closed", "expr": [{"match": {"op": "==", "left": {"rt": {"key": "ipsec"}}, "right": false}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 445}}, {"drop": null}]}},
 {"rule": {"family": "inet", "table": "g", "chain": "forward", "handle": 13, "comment": "c01 fail closed", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "ipsec"}}, "right": false}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "sport"}}, "right": 445}}, {"drop": null}]}},
 {"rule": {"family": "inet", "table": "g", "chain": "forward", "handle": 20, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}},
 {"rule": {"family": "inet", "table": "g", "chain": "forward", "handle": 30, "comment": "c01", "expr": [{"match": {"op": "==", "left": {"rt": {"key": "ipsec"}}, "right": true}}, {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 445}}, {"accept": null}]}}
]}"#;

    #[test]
    fn ipsec_matches_decide_as_the_kernel_marks_packets() {
        let set = read(GATEWAY).unwrap();
        let out = crossing("10.30.0.10", "192.168.50.10", Protocol::Tcp, 445);
        let handle = |verdict: (bool, Option<RuleRef>)| {
            (
                verdict.0,
                verdict.1.and_then(|r| set.rule(r)).map(|r| r.handle),
            )
        };
        // Routed into IPsec: the child's accept; in the clear: its fail-closed drop.
        let tunnelled = Crossing {
            to_encrypt: true,
            ..out
        };
        assert_eq!(handle(set.forward(&tunnelled)), (true, Some(30)));
        assert_eq!(handle(set.forward(&out)), (false, Some(11)));
        // A later packet in the clear meets the drop above the conntrack accept; through
        // IPsec the conntrack accept passes it.
        let later = Crossing {
            established: true,
            ..out
        };
        assert_eq!(handle(set.forward(&later)), (false, Some(11)));
        let later_tunnelled = Crossing {
            to_encrypt: true,
            ..later
        };
        assert_eq!(handle(set.forward(&later_tunnelled)), (true, Some(20)));
        // The reply: decrypted it passes (established), in the clear it is dropped.
        let reply = Crossing {
            source: out.destination,
            destination: out.source,
            source_port: 445,
            destination_port: 50000,
            established: true,
            ..out
        };
        assert_eq!(handle(set.forward(&reply)), (false, Some(13)));
        let decrypted = Crossing {
            decrypted: true,
            ..reply
        };
        assert_eq!(handle(set.forward(&decrypted)), (true, Some(20)));
        // The input hook: ESP from the peer passes; nothing comes in on loopback.
        let esp = Crossing::opening(
            "203.0.113.2".parse().unwrap(),
            "203.0.113.1".parse().unwrap(),
            Protocol::Esp,
            0,
            0,
        );
        assert_eq!(handle(set.input(&esp)), (true, Some(7)));
        let other = Crossing {
            source: "198.51.100.7".parse().unwrap(),
            ..esp
        };
        assert_eq!(handle(set.input(&other)), (false, None));
        assert_eq!(
            set.rule(RuleRef {
                chain: 1,
                rule: Some(0)
            })
            .unwrap()
            .summary(),
            "rt ipsec missing l4proto tcp dport 445 drop"
        );
    }

    #[test]
    fn interfaces_other_than_loopback_and_odd_ipsec_values_are_refused() {
        let e = read(&GATEWAY.replace("\"right\": \"lo\"", "\"right\": \"ipsec0\"")).unwrap_err();
        assert!(
            e.what.contains("meta iif") && e.what.contains("interfaces"),
            "{e}"
        );
        assert!(GATEWAY[e.span.clone()].contains("\"handle\": 4"));
        let e = read(&GATEWAY.replacen("\"right\": false", "\"right\": 3", 1)).unwrap_err();
        assert!(e.what.contains("exists or missing"), "{e}");
        let e = read(&GATEWAY.replace(
            "{\"rt\": {\"key\": \"ipsec\"}}",
            "{\"rt\": {\"key\": \"mtu\"}}",
        ))
        .unwrap_err();
        assert!(e.what.contains("rt mtu"), "{e}");
    }

    #[test]
    fn source_nat_in_postrouting_is_read_and_destination_nat_refused() {
        // As nftables 1.0.6 lists `oifname "eth0" masquerade` and a snat in a NAT table.
        let nat = r#"{"chain": {"family": "ip", "table": "nat", "name": "postrouting", "handle": 1, "type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}},
 {"rule": {"family": "ip", "table": "nat", "chain": "postrouting", "handle": 3, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "eth0"}}, {"masquerade": null}]}},
 {"rule": {"family": "ip", "table": "nat", "chain": "postrouting", "handle": 4, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.0", "len": 8}}}}, {"snat": {"addr": "203.0.113.9"}}]}},"#;
        let with_nat = LISTING.replacen(" {\"table\"", &format!(" {nat}\n {{\"table\""), 1);
        let set = read(&with_nat).unwrap();
        // The forward decisions are those of the filter table alone.
        let plain = read(LISTING).unwrap();
        for (src, proto, port) in [
            ("10.0.0.9", Protocol::Udp, 4501),
            ("10.9.0.9", Protocol::Tcp, 22),
            ("10.9.0.9", Protocol::Udp, 500),
        ] {
            let c = crossing(src, "10.1.0.1", proto, port);
            assert_eq!(set.forward(&c).0, plain.forward(&c).0, "{src} {port}");
        }
        let nat_chain = set.chains.iter().find(|c| c.nat).unwrap();
        assert!(nat_chain.rules.is_empty());
        // Destination NAT changes what the forward hook sees: refused, at its rule.
        let dnat = with_nat.replace(
            "{\"snat\": {\"addr\": \"203.0.113.9\"}}",
            "{\"dnat\": {\"addr\": \"10.0.0.5\", \"port\": 80}}",
        );
        let e = read(&dnat).unwrap_err();
        assert!(
            e.what.contains("`dnat`") && e.what.contains("destination"),
            "{e}"
        );
        assert!(dnat[e.span.clone()].contains("\"handle\": 4"));
        // A drop in a NAT chain, and a NAT chain whose policy drops: refused.
        let e = read(&with_nat.replace("{\"masquerade\": null}", "{\"drop\": null}")).unwrap_err();
        assert!(e.what.contains("`drop`"), "{e}");
        let e = read(&with_nat.replacen("\"policy\": \"accept\"", "\"policy\": \"drop\"", 1))
            .unwrap_err();
        assert!(e.what.contains("policy drop"), "{e}");
    }

    #[test]
    fn routed_packets_meet_prerouting_and_postrouting_too_and_bridge_tables_not_at_all() {
        let extra = r#"{"chain": {"family": "inet", "table": "raw", "name": "pre", "handle": 1, "type": "filter", "hook": "prerouting", "prio": -300, "policy": "accept"}},
 {"rule": {"family": "inet", "table": "raw", "chain": "pre", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "10.0.0.66"}}, {"drop": null}]}},
 {"chain": {"family": "bridge", "table": "br", "name": "fwd", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},"#;
        let set =
            read(&LISTING.replacen(" {\"table\"", &format!(" {extra}\n {{\"table\""), 1)).unwrap();
        // Dropped in prerouting, before the forward hook would have passed it.
        let spoofed = crossing("10.0.0.66", "10.1.0.1", Protocol::Udp, 500);
        let (ok, by) = set.forward(&spoofed);
        assert!(!ok);
        assert_eq!(set.rule(by.unwrap()).unwrap().handle, 2);
        let (ok, _) = set.input(&spoofed);
        assert!(!ok);
        // Passed: the forward hook's rule is the one named, not a later hook's policy;
        // the bridge table's drop policy concerns bridged frames, not routed packets.
        let (ok, by) = set.forward(&crossing("10.0.0.9", "10.1.0.1", Protocol::Udp, 500));
        assert!(ok);
        assert_eq!(set.rule(by.unwrap()).unwrap().handle, 5);
    }

    #[test]
    fn tables_routed_packets_never_meet_are_counted_not_read() {
        // As nft 1.0.6 lists them: an inet table's ingress chain and a netdev ingress
        // chain, each with a layer-2 match, and a bridge table; cordon reads no match of
        // any.
        let extra = r#"{"table": {"family": "inet", "name": "early", "handle": 9}},
 {"chain": {"family": "inet", "table": "early", "name": "ing", "handle": 1, "type": "filter", "hook": "ingress", "prio": 0, "policy": "accept"}},
 {"rule": {"family": "inet", "table": "early", "chain": "ing", "handle": 2, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "lo"}}, {"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "saddr"}}, "right": "00:11:22:33:44:55"}}, {"drop": null}]}},
 {"rule": {"family": "inet", "table": "early", "chain": "ing", "handle": 3, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "10.9.9.9"}}, {"drop": null}]}},
 {"chain": {"family": "netdev", "table": "edge", "name": "ingress", "handle": 1, "type": "filter", "hook": "ingress", "prio": 0, "policy": "accept"}},
 {"rule": {"family": "netdev", "table": "edge", "chain": "ingress", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "saddr"}}, "right": "00:11:22:33:44:55"}}, {"drop": null}]}},
 {"rule": {"family": "netdev", "table": "edge", "chain": "ingress", "handle": 3, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "10.9.9.9"}}, {"drop": null}]}},
 {"chain": {"family": "bridge", "table": "br", "name": "forward", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
 {"rule": {"family": "bridge", "table": "br", "chain": "forward", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "type"}}, "right": "arp"}}, {"accept": null}]}},"#;
        let plain = read(LISTING).unwrap();
        let set =
            read(&LISTING.replacen(" {\"table\"", &format!(" {extra}\n {{\"table\""), 1)).unwrap();
        let tables = set.unevaluated();
        let summary: Vec<String> = tables
            .iter()
            .flat_map(|(family, table, chains)| {
                chains
                    .iter()
                    .map(move |c| format!("{family} {table} {} {}", c.name, c.unread))
            })
            .collect();
        assert_eq!(
            summary,
            [
                "inet early ing 2",
                "netdev edge ingress 2",
                "bridge br forward 1"
            ]
        );
        assert!(
            tables
                .iter()
                .all(|(_, _, chains)| chains.iter().all(|c| c.rules.is_empty()))
        );
        assert!(plain.unevaluated().is_empty());
        // Routed packets are decided as without those tables.
        for (from, to) in [("10.9.9.9", "10.1.0.1"), ("10.0.0.9", "10.1.0.1")] {
            for port in [500, 4500, 445] {
                let packet = crossing(from, to, Protocol::Udp, port);
                assert_eq!(
                    set.forward(&packet).0,
                    plain.forward(&packet).0,
                    "{from} {port}"
                );
                assert_eq!(
                    set.input(&packet).0,
                    plain.input(&packet).0,
                    "{from} {port}"
                );
            }
        }
    }

    #[test]
    fn packets_the_host_sends_meet_the_output_and_postrouting_hooks() {
        let extra = r#"{"chain": {"family": "inet", "table": "out", "name": "output", "handle": 1, "type": "filter", "hook": "output", "prio": 0, "policy": "drop"}},
 {"rule": {"family": "inet", "table": "out", "chain": "output", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 500}}, {"accept": null}]}},"#;
        let plain = read(LISTING).unwrap();
        let set =
            read(&LISTING.replacen(" {\"table\"", &format!(" {extra}\n {{\"table\""), 1)).unwrap();
        let ike = crossing("10.0.0.9", "10.1.0.1", Protocol::Udp, 500);
        let nat_t = crossing("10.0.0.9", "10.1.0.1", Protocol::Udp, 4500);
        assert!(plain.output(&nat_t).0);
        assert_eq!(
            set.output(&ike),
            (
                true,
                Some(RuleRef {
                    chain: 0,
                    rule: Some(0)
                })
            )
        );
        assert_eq!(
            set.output(&nat_t),
            (
                false,
                Some(RuleRef {
                    chain: 0,
                    rule: None
                })
            )
        );
        // Routed packets and packets for the host do not meet it.
        assert_eq!(set.forward(&nat_t).0, plain.forward(&nat_t).0);
        assert_eq!(set.input(&nat_t).0, plain.input(&nat_t).0);
    }
}
