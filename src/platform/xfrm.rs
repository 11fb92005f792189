//! The Linux kernel's IPsec policy database (xfrm) as strongSwan's kernel-netlink backend
//! fills it: what a host's rules become there, how they are read back, and where the
//! kernel's copy differs from the plan.
//!
//! An xfrm selector holds one address prefix per end, one protocol and, per end, one port
//! with a mask (`p & mask == port`). strongSwan turns a traffic-selector port range into a
//! single port/mask pair by keeping the bits the two ends of the range share, so a range
//! that is not one aligned block is widened (1025-5000 becomes 0-8191). cordon therefore
//! writes every range as its exact blocks ([`crate::net::PortRange::blocks`]), and the lab
//! reads the kernel's policies back over netlink (iproute2 does not print port masks) and
//! compares them with [`planned`], selector by selector and priority by priority.
//!
//! Among the policies that match a packet in one direction, the kernel applies the one
//! with the lowest priority value; cordon gives every rule its own value, in plan order.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::net::{PortBlock, PortSet, Protocol, ip_protocol_name, ip_protocol_number_in};
use crate::policy::{Filter as _, IpsecRule, RuleAction, RuleSet};

/// The priority of a rule set's first rule; rule `i` gets `FIRST_PRIORITY + i`, so the
/// kernel's lowest-value-wins order is the plan's first-match order.
pub const FIRST_PRIORITY: u32 = 1000;

/// The direction a policy applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Packets arriving for this host.
    In,
    /// Packets this host sends.
    Out,
    /// Packets this host forwards (a host does not; strongSwan installs them anyway).
    Fwd,
}

impl Direction {
    fn from_kernel(dir: u8) -> Option<Self> {
        match dir {
            0 => Some(Direction::In),
            1 => Some(Direction::Out),
            2 => Some(Direction::Fwd),
            _ => None,
        }
    }

    /// `in`, `out`, `fwd`, as `ip xfrm policy` writes them.
    pub fn name(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Fwd => "fwd",
        }
    }
}

/// What the kernel does with a packet the policy matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Allowed without IPsec (a `pass` shunt).
    Pass,
    /// Dropped (a `drop` shunt).
    Block,
    /// Allowed only under an SA of this mode (a trap or installed CHILD_SA).
    Protect(Mode),
}

/// The encapsulation an IPsec policy's template asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Transport mode (host to host).
    Transport,
    /// Tunnel mode.
    Tunnel,
    /// Another mode (BEET, route optimisation).
    Other(u8),
}

/// The packets a policy matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Selector {
    /// Source prefix.
    pub src: IpNet,
    /// Destination prefix.
    pub dst: IpNet,
    /// IP protocol number; 0 = every protocol.
    pub proto: u8,
    /// Source port block (for ICMP, the type).
    pub sport: PortBlock,
    /// Destination port block (for ICMP, the code).
    pub dport: PortBlock,
}

impl Selector {
    /// Whether every packet `other` matches, this one matches too.
    pub fn covers(&self, other: &Selector) -> bool {
        let prefix = |a: &IpNet, b: &IpNet| a.contains(b);
        let block = |a: PortBlock, b: PortBlock| a.mask & !b.mask == 0 && a.contains(b.port);
        prefix(&self.src, &other.src)
            && prefix(&self.dst, &other.dst)
            && (self.proto == 0 || self.proto == other.proto)
            && block(self.sport, other.sport)
            && block(self.dport, other.dport)
    }

    /// Whether some packet matches both.
    pub fn intersects(&self, other: &Selector) -> bool {
        let prefix = |a: &IpNet, b: &IpNet| a.contains(b) || b.contains(a);
        let block = |a: PortBlock, b: PortBlock| {
            let common = a.mask & b.mask;
            a.port & common == b.port & common
        };
        prefix(&self.src, &other.src)
            && prefix(&self.dst, &other.dst)
            && (self.proto == 0 || other.proto == 0 || self.proto == other.proto)
            && block(self.sport, other.sport)
            && block(self.dport, other.dport)
    }

    /// The two halves of this selector along the first dimension in which `narrower` is
    /// narrower; `None` when it is nowhere narrower (or only in protocol, which does not
    /// halve).
    fn split_toward(&self, narrower: &Selector) -> Option<[Selector; 2]> {
        let halve_net = |n: &IpNet| -> Option<[IpNet; 2]> {
            let mut halves = n.subnets(n.prefix_len() + 1).ok()?;
            Some([halves.next()?, halves.next()?])
        };
        let halve_block = |b: PortBlock| -> Option<[PortBlock; 2]> {
            // The next bit below the mask's run of ones.
            let bit = (!b.mask).checked_shr(1).map(|m| !b.mask & !m)?;
            if bit == 0 {
                return None;
            }
            let mask = b.mask | bit;
            Some([
                PortBlock {
                    port: b.port & b.mask,
                    mask,
                },
                PortBlock {
                    port: (b.port & b.mask) | bit,
                    mask,
                },
            ])
        };
        if narrower.src.prefix_len() > self.src.prefix_len() {
            let [a, b] = halve_net(&self.src)?;
            return Some([Selector { src: a, ..*self }, Selector { src: b, ..*self }]);
        }
        if narrower.dst.prefix_len() > self.dst.prefix_len() {
            let [a, b] = halve_net(&self.dst)?;
            return Some([Selector { dst: a, ..*self }, Selector { dst: b, ..*self }]);
        }
        if narrower.sport.mask.count_ones() > self.sport.mask.count_ones() {
            let [a, b] = halve_block(self.sport)?;
            return Some([
                Selector { sport: a, ..*self },
                Selector { sport: b, ..*self },
            ]);
        }
        if narrower.dport.mask.count_ones() > self.dport.mask.count_ones() {
            let [a, b] = halve_block(self.dport)?;
            return Some([
                Selector { dport: a, ..*self },
                Selector { dport: b, ..*self },
            ]);
        }
        None
    }

    /// Whether the selector matches a packet.
    pub fn matches(&self, src: IpAddr, dst: IpAddr, proto: u8, sport: u16, dport: u16) -> bool {
        self.src.contains(&src)
            && self.dst.contains(&dst)
            && (self.proto == 0 || self.proto == proto)
            && self.sport.contains(sport)
            && self.dport.contains(dport)
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "src {} dst {}", self.src, self.dst)?;
        if self.proto != 0 {
            write!(f, " proto {}", ip_protocol_name(self.proto))?;
        }
        for (label, b) in [("sport", self.sport), ("dport", self.dport)] {
            if b.mask != 0 {
                let r = b.range();
                write!(f, " {label} {r}")?;
            }
        }
        Ok(())
    }
}

/// One entry of the policy database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Policy {
    /// Direction.
    pub dir: Direction,
    /// What it matches.
    pub selector: Selector,
    /// Lower values win.
    pub priority: u32,
    /// What it does.
    pub action: Action,
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Pass => "pass",
            Action::Block => "block",
            Action::Protect(Mode::Transport) => "ipsec transport",
            Action::Protect(Mode::Tunnel) => "ipsec tunnel",
            Action::Protect(Mode::Other(_)) => "ipsec",
        };
        write!(
            f,
            "{} {} priority {} {action}",
            self.dir.name(),
            self.selector,
            self.priority
        )
    }
}

/// The IP protocol number of a plan protocol, for the family of `net`.
fn proto_number(protocol: Protocol, net: &IpNet) -> u8 {
    ip_protocol(protocol, matches!(net, IpNet::V6(_)))
}

/// The IP protocol number a selector holds for a plan protocol (0 for any), in IPv6 or
/// IPv4.
pub fn ip_protocol(protocol: Protocol, v6: bool) -> u8 {
    protocol.number(v6).unwrap_or(0)
}

/// The prefixes of one end of a rule: every address of both families where it is open.
fn prefixes(set: &crate::net::AddrSet) -> Vec<IpNet> {
    if set.is_empty() || set.is_any() {
        vec![
            IpNet::V4(ipnet::Ipv4Net::default()),
            IpNet::V6(ipnet::Ipv6Net::default()),
        ]
    } else {
        set.prefixes().to_vec()
    }
}

/// The port blocks of one end of a rule (every port where the protocol has none).
fn blocks(protocol: Protocol, ports: &PortSet) -> Vec<PortBlock> {
    if !protocol.has_ports() || ports.is_empty() || ports.is_any() {
        vec![PortBlock::ANY]
    } else {
        ports.blocks()
    }
}

/// The selectors strongSwan installs for a tunnel-mode child on a gateway, from this
/// gateway's end: `out` from the local to the remote traffic selector, `in` and `fwd`
/// back (each pair of same-family prefixes, each pair of port blocks). The priorities
/// are charon's to compute, so they are not part of the plan.
pub fn child_selectors(
    local: &crate::net::AddrSet,
    remote: &crate::net::AddrSet,
    protocol: Protocol,
    local_ports: &PortSet,
    remote_ports: &PortSet,
) -> Vec<(Direction, Selector)> {
    let mut out = Vec::new();
    each_selector_pair(
        local,
        remote,
        protocol,
        local_ports,
        remote_ports,
        |outward, inward| {
            out.extend([
                (Direction::Out, outward),
                (Direction::In, inward),
                (Direction::Fwd, inward),
            ]);
        },
    );
    out
}

/// Every pair of same-family prefixes and port blocks of one end and the other, as the
/// selector of a packet from the local end and the one of its reply (what strongSwan
/// installs for a traffic selector pair).
fn each_selector_pair(
    local: &crate::net::AddrSet,
    remote: &crate::net::AddrSet,
    protocol: Protocol,
    local_ports: &PortSet,
    remote_ports: &PortSet,
    mut pair: impl FnMut(Selector, Selector),
) {
    let (local_blocks, remote_blocks) = (
        blocks(protocol, local_ports),
        blocks(protocol, remote_ports),
    );
    for l in prefixes(local) {
        for r in prefixes(remote) {
            if matches!(l, IpNet::V4(_)) != matches!(r, IpNet::V4(_)) {
                continue;
            }
            let proto = proto_number(protocol, &l);
            for &lb in &local_blocks {
                for &rb in &remote_blocks {
                    pair(
                        Selector {
                            src: l,
                            dst: r,
                            proto,
                            sport: lb,
                            dport: rb,
                        },
                        Selector {
                            src: r,
                            dst: l,
                            proto,
                            sport: rb,
                            dport: lb,
                        },
                    );
                }
            }
        }
    }
}

/// The kernel action of a plan rule.
fn action_of(rule: &IpsecRule) -> Action {
    match rule.action {
        RuleAction::Permit => Action::Pass,
        RuleAction::Block => Action::Block,
        RuleAction::Require | RuleAction::Request => Action::Protect(Mode::Transport),
    }
}

/// The in and out policies the plan's rules must become on a Linux host, each with the
/// index of its rule: every pair of same-family prefixes and every pair of port blocks of
/// a rule, at the rule's priority.
pub fn planned(set: &RuleSet) -> Vec<(usize, Policy)> {
    let mut out = Vec::new();
    each_planned(set, |i, policy| out.push((i, policy)));
    // Each rule's policies in order (the rules are in order already); equal entries are
    // alike in every way, so an unstable sort gives the same list.
    for rule in out.chunk_by_mut(|a, b| a.0 == b.0) {
        rule.sort_unstable();
    }
    out.dedup();
    out
}

/// Each policy of [`planned`] with its rule's index, as made: rule by rule, but neither
/// sorted nor rid of repeats (for a tally of them that needs no list).
pub fn each_planned(set: &RuleSet, mut policy: impl FnMut(usize, Policy)) {
    for (i, rule) in set.rules.iter().enumerate() {
        let priority = FIRST_PRIORITY + i as u32;
        let action = action_of(rule);
        each_selector_pair(
            rule.local(),
            rule.remote(),
            rule.protocol(),
            rule.local_ports(),
            rule.remote_ports(),
            |outward, inward| {
                for (dir, selector) in [(Direction::Out, outward), (Direction::In, inward)] {
                    policy(
                        i,
                        Policy {
                            dir,
                            selector,
                            priority,
                            action,
                        },
                    );
                }
            },
        );
    }
}

/// The policy that decides a packet in one direction: the matching one with the lowest
/// priority value. `None`: no policy matches, and the kernel lets the packet pass.
pub fn decide(
    policies: &[Policy],
    dir: Direction,
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    sport: u16,
    dport: u16,
) -> Option<&Policy> {
    policies
        .iter()
        .filter(|p| p.dir == dir && p.selector.matches(src, dst, proto, sport, dport))
        .min_by_key(|p| p.priority)
}

/// A difference between the kernel's policies and the plan's, on a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// A planned policy the kernel does not hold.
    Missing {
        /// The rule it belongs to.
        rule: usize,
        /// The planned policy.
        planned: Policy,
    },
    /// The kernel holds the planned selector at another priority or with another action.
    Changed {
        /// The rule the selector belongs to.
        rule: usize,
        /// The planned policy.
        planned: Policy,
        /// The kernel's.
        kernel: Policy,
    },
    /// A kernel policy matches packets that no planned policy of its rule matches.
    Wider {
        /// The rule whose priority it carries.
        rule: usize,
        /// The kernel's policy.
        kernel: Policy,
    },
    /// A kernel policy that no rule of the plan accounts for.
    Unplanned {
        /// The kernel's policy.
        kernel: Policy,
    },
}

impl Difference {
    /// The rule the difference concerns, if any.
    pub fn rule(&self) -> Option<usize> {
        match self {
            Difference::Missing { rule, .. }
            | Difference::Changed { rule, .. }
            | Difference::Wider { rule, .. } => Some(*rule),
            Difference::Unplanned { .. } => None,
        }
    }

    /// One line for a person, naming the rule.
    pub fn describe(&self, set: &RuleSet) -> String {
        let name = |i: usize| {
            set.rules.get(i).map_or_else(
                || format!("#{}", i + 1),
                |r| format!("{} `{}`", i + 1, r.name),
            )
        };
        match self {
            Difference::Missing { rule, planned } => {
                format!("rule {}: the kernel lacks {planned}", name(*rule))
            }
            Difference::Changed {
                rule,
                planned,
                kernel,
            } => format!(
                "rule {}: the kernel has {kernel}, the plan {planned}",
                name(*rule)
            ),
            Difference::Wider { rule, kernel } => format!(
                "rule {}: the kernel's {kernel} matches packets the rule does not (wider than the plan)",
                name(*rule)
            ),
            Difference::Unplanned { kernel } => {
                format!("the kernel has {kernel}, which no rule of the plan accounts for")
            }
        }
    }
}

/// Compares the kernel's in and out policies with the plan's (forward policies do not
/// decide a host's own traffic and are left out), as sets of packets: a rule may reach
/// the kernel as other prefixes than the plan's (two /32 peers for one /31) and still be
/// exact. Per rule and direction, every kernel selector at the rule's priority must lie
/// within the rule's planned selectors (else it is wider) with the rule's action, and
/// every planned selector must be covered by them (else it is missing, or sits at another
/// priority). Sorted; empty when they agree.
pub fn compare(planned: &[(usize, Policy)], kernel: &[Policy]) -> Vec<Difference> {
    use foldhash::{HashMap, HashSet};
    let kernel: Vec<&Policy> = kernel.iter().filter(|p| p.dir != Direction::Fwd).collect();
    let mut differences = Vec::new();
    let mut rules: Vec<(usize, u32, Action)> = planned
        .iter()
        .map(|(i, p)| (*i, p.priority, p.action))
        .collect();
    rules.sort();
    rules.dedup();
    let priorities: HashSet<u32> = rules.iter().map(|(_, p, _)| *p).collect();
    for k in &kernel {
        if !priorities.contains(&k.priority) {
            differences.push(Difference::Unplanned { kernel: **k });
        }
    }
    // Each side's policies by direction and priority, and by rule: found once, not per
    // rule (a host holds thousands).
    let mut kernel_at: HashMap<(Direction, u32), Vec<&Policy>> = HashMap::default();
    for k in &kernel {
        kernel_at.entry((k.dir, k.priority)).or_default().push(*k);
    }
    let mut planned_of: HashMap<(usize, Direction), Vec<&Policy>> = HashMap::default();
    for (i, p) in planned {
        planned_of.entry((*i, p.dir)).or_default().push(p);
    }
    let none: Vec<&Policy> = Vec::new();
    for &(rule, priority, action) in &rules {
        for dir in [Direction::In, Direction::Out] {
            let mine_policies = planned_of.get(&(rule, dir)).unwrap_or(&none);
            let mine: Vec<Selector> = mine_policies.iter().map(|p| p.selector).collect();
            let theirs = kernel_at.get(&(dir, priority)).unwrap_or(&none);
            // The common case, the kernel holding the rule's selectors exactly: settled
            // without comparing them pair by pair.
            let exact: HashSet<Selector> = mine.iter().copied().collect();
            if theirs.len() == exact.len()
                && theirs
                    .iter()
                    .all(|k| k.action == action && exact.contains(&k.selector))
            {
                continue;
            }
            for k in theirs {
                if k.action != action {
                    if let Some(p) = mine_policies
                        .iter()
                        .find(|p| p.selector.intersects(&k.selector))
                    {
                        differences.push(Difference::Changed {
                            rule,
                            planned: **p,
                            kernel: **k,
                        });
                    }
                } else if !exact.contains(&k.selector) && !covered(&k.selector, &mine) {
                    differences.push(Difference::Wider { rule, kernel: **k });
                }
            }
            let held: Vec<Selector> = theirs.iter().map(|k| k.selector).collect();
            // strongSwan installs a selector once: where an earlier rule with the same
            // action holds the same packets, the kernel keeps the earlier priority, and
            // the packets meet the same action as in the plan's first match. Those
            // earlier selectors are gathered only when a planned selector needs them.
            let earlier = |k: &Policy| k.dir == dir && k.priority < priority && k.action == action;
            let mut elsewhere_sets: Option<(Vec<Selector>, Vec<Selector>)> = None;
            let held_exact: HashSet<Selector> = held.iter().copied().collect();
            for p in mine_policies {
                if held_exact.contains(&p.selector) || covered(&p.selector, &held) {
                    continue;
                }
                let (in_kernel, in_plan) = elsewhere_sets.get_or_insert_with(|| {
                    (
                        kernel
                            .iter()
                            .filter(|k| earlier(k))
                            .map(|k| k.selector)
                            .collect(),
                        planned
                            .iter()
                            .filter(|(_, k)| earlier(k))
                            .map(|(_, k)| k.selector)
                            .collect(),
                    )
                });
                if covered(&p.selector, in_kernel) && covered(&p.selector, in_plan) {
                    continue;
                }
                let elsewhere = kernel.iter().find(|k| {
                    k.dir == dir
                        && k.priority != priority
                        && k.action == action
                        && k.selector.intersects(&p.selector)
                });
                differences.push(match elsewhere {
                    Some(k) => Difference::Changed {
                        rule,
                        planned: **p,
                        kernel: **k,
                    },
                    None => Difference::Missing { rule, planned: **p },
                });
            }
        }
    }
    differences.sort_by_key(|d| (d.rule(), format!("{d:?}")));
    differences.dedup();
    differences
}

/// Whether the union of `by` matches every packet `selector` matches. Every dimension is
/// an aligned block (a prefix, a port/mask), so halving the selector where a candidate is
/// narrower settles it.
pub fn covered(selector: &Selector, by: &[Selector]) -> bool {
    let relevant: Vec<Selector> = by
        .iter()
        .filter(|s| s.intersects(selector))
        .copied()
        .collect();
    if relevant.is_empty() {
        return false;
    }
    if relevant.iter().any(|s| s.covers(selector)) {
        return true;
    }
    for s in &relevant {
        if let Some([a, b]) = selector.split_toward(s) {
            return covered(&a, &relevant) && covered(&b, &relevant);
        }
    }
    false
}

/// Why a netlink dump could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// A message is cut short or its length is impossible.
    #[error("netlink message at byte {offset}: {what}")]
    Malformed {
        /// Where in the dump.
        offset: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// The kernel answered with an error.
    #[error("the kernel refused the policy dump: errno {0}")]
    Kernel(i32),
    /// The socket failed.
    #[error("netlink: {0}")]
    Io(#[from] std::io::Error),
}

const NLMSG_HEADER: usize = 16;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const XFRM_MSG_NEWPOLICY: u16 = 0x13;
const XFRM_MSG_GETPOLICY: u16 = 0x15;
/// `struct xfrm_userpolicy_info`: selector (56), lifetimes (64 + 32), priority, index,
/// dir, action, flags, share, padded to 8.
const USERPOLICY_INFO: usize = 168;
/// `struct xfrm_user_tmpl`.
const USER_TMPL: usize = 64;
const XFRMA_TMPL: u16 = 5;
const XFRM_POLICY_BLOCK: u8 = 1;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn address(b: &[u8], at: usize, family: u16, prefix: u8) -> Option<IpNet> {
    let raw: [u8; 16] = b.get(at..at + 16)?.try_into().ok()?;
    match family {
        2 => {
            let v4 = std::net::Ipv4Addr::new(raw[0], raw[1], raw[2], raw[3]);
            ipnet::Ipv4Net::new(v4, prefix).ok().map(IpNet::V4)
        }
        10 => ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(raw), prefix)
            .ok()
            .map(IpNet::V6),
        _ => None,
    }
}

/// Parses the messages of an `XFRM_MSG_GETPOLICY` dump (as [`read_kernel`] returns them)
/// into policies, in the kernel's order. Bytes are untrusted: a bad length is an error,
/// never a panic.
pub fn parse_dump(bytes: &[u8]) -> Result<Vec<Policy>, DumpError> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let malformed = |what| DumpError::Malformed { offset, what };
        let len = u32_at(bytes, offset).ok_or(malformed("header cut short"))? as usize;
        let kind = u16_at(bytes, offset + 4).ok_or(malformed("header cut short"))?;
        if len < NLMSG_HEADER || offset + len > bytes.len() {
            return Err(malformed("length outside the dump"));
        }
        let body = &bytes[offset + NLMSG_HEADER..offset + len];
        match kind {
            NLMSG_DONE => break,
            NLMSG_ERROR => {
                let errno = u32_at(body, 0).ok_or(malformed("error cut short"))? as i32;
                if errno != 0 {
                    return Err(DumpError::Kernel(-errno));
                }
            }
            // Directions 3-5 are per-socket policies (charon's own IKE sockets bypass
            // IPsec this way); they decide no other traffic.
            XFRM_MSG_NEWPOLICY if body.get(160).is_some_and(|dir| *dir >= 3) => {}
            XFRM_MSG_NEWPOLICY => {
                out.push(policy(body).ok_or(malformed("policy cut short or unknown"))?);
            }
            _ => {}
        }
        offset += (len + 3) & !3;
    }
    Ok(out)
}

fn policy(body: &[u8]) -> Option<Policy> {
    let family = u16_at(body, 40)?;
    let selector = Selector {
        dst: address(body, 0, family, *body.get(42)?)?,
        src: address(body, 16, family, *body.get(43)?)?,
        dport: PortBlock {
            port: be16_at(body, 32)?,
            mask: be16_at(body, 34)?,
        },
        sport: PortBlock {
            port: be16_at(body, 36)?,
            mask: be16_at(body, 38)?,
        },
        proto: *body.get(44)?,
    };
    let priority = u32_at(body, 152)?;
    let dir = Direction::from_kernel(*body.get(160)?)?;
    let kernel_action = *body.get(161)?;
    // Attributes follow the fixed part; a template makes it an IPsec policy.
    let mut mode = None;
    let mut at = USERPOLICY_INFO;
    while at + 4 <= body.len() {
        let len = usize::from(u16_at(body, at)?);
        let kind = u16_at(body, at + 2)? & 0x3fff;
        if len < 4 || at + len > body.len() {
            return None;
        }
        if kind == XFRMA_TMPL && len >= 4 + USER_TMPL {
            mode = Some(match *body.get(at + 4 + 48)? {
                0 => Mode::Transport,
                1 => Mode::Tunnel,
                m => Mode::Other(m),
            });
        }
        at += (len + 3) & !3;
    }
    let action = match (kernel_action, mode) {
        (XFRM_POLICY_BLOCK, _) => Action::Block,
        (_, Some(m)) => Action::Protect(m),
        (_, None) => Action::Pass,
    };
    Some(Policy {
        dir,
        selector,
        priority,
        action,
    })
}

/// The kernel's policies of the calling process's network namespace, as the raw messages
/// of a netlink dump (parse them with [`parse_dump`]).
pub fn read_kernel() -> Result<Vec<u8>, DumpError> {
    use std::io::Read as _;
    const AF_NETLINK: i32 = 16;
    const NETLINK_XFRM: i32 = 6;
    let socket = socket2::Socket::new(
        socket2::Domain::from(AF_NETLINK),
        socket2::Type::DGRAM, // netlink takes raw or datagram sockets alike
        Some(socket2::Protocol::from(NETLINK_XFRM)),
    )?;
    // The request: a header and an all-zero xfrm_userpolicy_id (the kernel ignores it
    // for a dump; iproute2 sends it too).
    let len = NLMSG_HEADER + 64;
    let mut request = Vec::with_capacity(len);
    request.extend_from_slice(&(len as u32).to_ne_bytes());
    request.extend_from_slice(&XFRM_MSG_GETPOLICY.to_ne_bytes());
    request.extend_from_slice(&(0x0001u16 | 0x0300).to_ne_bytes()); // REQUEST | DUMP
    request.extend_from_slice(&1u32.to_ne_bytes());
    request.extend_from_slice(&0u32.to_ne_bytes());
    request.resize(len, 0);
    socket.send(&request)?;
    let mut dump = Vec::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = (&socket).read(&mut buffer)?;
        let chunk = buffer.get(..n).unwrap_or(&[]);
        dump.extend_from_slice(chunk);
        // The dump ends with NLMSG_DONE (or an error) as the first message of a read.
        let mut at = 0;
        let mut done = n == 0;
        while at + NLMSG_HEADER <= chunk.len() {
            let len = u32_at(chunk, at).unwrap_or(0) as usize;
            let kind = u16_at(chunk, at + 4).unwrap_or(0);
            if kind == NLMSG_DONE || kind == NLMSG_ERROR {
                done = true;
            }
            if len < NLMSG_HEADER {
                break;
            }
            at += (len + 3) & !3;
        }
        if done {
            return Ok(dump);
        }
    }
}

/// A policy read from `ip xfrm policy` text, with where it is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The policy. A port iproute2 printed has the mask [`with_planned_masks`] gives it.
    pub policy: Policy,
    /// The byte range of its lines.
    pub span: std::ops::Range<usize>,
}

/// Why an `ip xfrm policy` listing cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct TextError {
    /// The offending line's byte range.
    pub span: std::ops::Range<usize>,
    /// What is wrong.
    pub what: String,
}

/// Reads the text `ip xfrm policy` prints (with or without `-s`, `-d`): one block per
/// policy, a header line `src A dst B [proto P] [sport N] [dport N] [type T] [code C]`,
/// then indented lines with `dir`, `action`, `priority` and the templates. Per-socket
/// policies (`socket in`) are left out, as in [`parse_dump`].
///
/// iproute2 prints a selector's port without its mask (and only when the mask is not
/// zero), so a port is read as exactly that port; [`with_planned_masks`] gives it the
/// planned mask where the rest of the policy is the plan's.
pub fn read_text(text: &str) -> Result<Vec<Listed>, TextError> {
    // Room for every policy at once: a host's listing holds thousands, and growing the
    // vector copies them into fresh pages again and again. A policy takes two lines of
    // more than 20 bytes each, and room never written to costs no memory.
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    each_listed(text, |listed| out.push(listed))?;
    Ok(out)
}

/// [`read_text`], each policy handed to `take` as it is read instead of collected: a
/// caller that only tallies a listing keeps none of it.
pub fn each_listed(text: &str, mut take: impl FnMut(Listed)) -> Result<(), TextError> {
    each_policy(text, |policy, span| {
        take(Listed {
            policy: *policy,
            span,
        })
    })
}

/// [`each_listed`], handing each policy over by reference with its lines' byte range: a
/// caller that only counts policies copies none (a listing holds millions).
pub fn each_policy(
    text: &str,
    take: impl FnMut(&Policy, std::ops::Range<usize>),
) -> Result<(), TextError> {
    read_lines::<true>(text, take)
}

/// [`read_text`] without the fixed steps: every line word by word. What the fixed steps
/// read must read alike this way; the drift fuzz target holds the two against each other
/// on any bytes.
#[doc(hidden)]
pub fn read_text_word_by_word(text: &str) -> Result<Vec<Listed>, TextError> {
    let mut out = Vec::new();
    read_lines::<false>(text, |policy, span| {
        out.push(Listed {
            policy: *policy,
            span,
        })
    })?;
    Ok(out)
}

/// The lines of a listing, each shape iproute2 prints read by fixed steps where `FIXED`,
/// any line word by word otherwise.
#[inline(always)]
fn read_lines<const FIXED: bool>(
    text: &str,
    mut take: impl FnMut(&Policy, std::ops::Range<usize>),
) -> Result<(), TextError> {
    // Bytes, not `str`: a listing holds millions of words, and every cut below is at
    // ASCII whitespace or a newline, so each word is UTF-8 on its own.
    let bytes = text.as_bytes();
    // The block being read is kept in place, not moved in and out of an `Option`.
    let nothing = IpNet::V4(ipnet::Ipv4Net::default());
    let mut block = Block::new(
        Selector {
            src: nothing,
            dst: nothing,
            proto: 0,
            sport: PortBlock::ANY,
            dport: PortBlock::ANY,
        },
        0..0,
    );
    let mut open = false;
    let mut offset = 0;
    let ends = memchr::memchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain((!bytes.ends_with(b"\n")).then_some(bytes.len()));
    for end in ends {
        let Some(line) = bytes.get(offset..end) else {
            break;
        };
        let content = line.trim_ascii_end();
        let span = offset..offset + content.len();
        offset = end;
        let trimmed = content.trim_ascii_start();
        let (Some(&first), false) = (line.first(), trimmed.is_empty()) else {
            continue;
        };
        let fail = |what: String| TextError {
            span: span.clone(),
            what,
        };
        if first != b' ' && first != b'\t' {
            if open && let Some(policy) = block.finish()? {
                take(&policy, block.span.clone());
            }
            let selector = match FIXED.then(|| canonical_header(trimmed)).flatten() {
                Some(selector) => selector,
                None => header(trimmed).map_err(fail)?,
            };
            block.start(selector, span);
            open = true;
            continue;
        }
        if !open {
            return Err(fail("an indented line before the first `src` line".into()));
        }
        block.span.end = span.end;
        if !(FIXED && block.read_canonical(trimmed)) {
            block.read_words(trimmed).map_err(fail)?;
        }
    }
    if open && let Some(policy) = block.finish()? {
        take(&policy, block.span.clone());
    }
    Ok(())
}

/// The words of a line, cut at ASCII whitespace (as `str::split_ascii_whitespace`, on
/// bytes).
struct Words<'a>(&'a [u8]);

impl<'a> Iterator for Words<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let start = self.0.iter().position(|b| !b.is_ascii_whitespace())?;
        let rest = self.0.get(start..)?;
        let len = rest
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(len);
        self.0 = after;
        Some(word)
    }
}

/// A word for an error message.
fn quoted(word: Option<&[u8]>) -> String {
    match word {
        Some(w) => format!("`{}`", String::from_utf8_lossy(w)),
        None => "nothing".into(),
    }
}

/// A policy's direction by the word iproute2 prints for it.
#[inline(always)]
fn direction_named(word: &[u8]) -> Option<Direction> {
    Some(match word {
        b"in" => Direction::In,
        b"out" => Direction::Out,
        b"fwd" => Direction::Fwd,
        _ => return None,
    })
}

/// Whether a policy's action word (`block` or `allow`) blocks.
#[inline(always)]
fn blocks_named(word: &[u8]) -> Option<bool> {
    match word {
        b"block" => Some(true),
        b"allow" => Some(false),
        _ => None,
    }
}

/// A template's mode by the word iproute2 prints for it (`ip/ipxfrm.c`,
/// `xfrm_id_info_print`; the numbers are the kernel's `XFRM_MODE_*`).
#[inline(always)]
fn mode_named(word: &[u8]) -> Option<Mode> {
    Some(match word {
        b"transport" => Mode::Transport,
        b"tunnel" => Mode::Tunnel,
        b"beet" => Mode::Other(4),
        b"ro" => Mode::Other(2),
        b"in_trigger" => Mode::Other(3),
        _ => return None,
    })
}

/// A number in decimal digits (nothing else: no sign, no spaces) that fits `T`.
#[inline(always)]
fn number<T: TryFrom<u64>>(word: &[u8]) -> Option<T> {
    T::try_from(crate::net::decimal(word)?).ok()
}

/// One policy's block, read so far.
#[derive(Clone, Debug, PartialEq)]
struct Block {
    selector: Selector,
    span: std::ops::Range<usize>,
    dir: Option<Direction>,
    socket: bool,
    priority: Option<u32>,
    block: bool,
    mode: Option<Mode>,
}

impl Block {
    fn new(selector: Selector, span: std::ops::Range<usize>) -> Self {
        Block {
            selector,
            span,
            dir: None,
            socket: false,
            priority: None,
            block: false,
            mode: None,
        }
    }

    /// Starts the next policy's block in this one's place.
    #[inline]
    fn start(&mut self, selector: Selector, span: std::ops::Range<usize>) {
        *self = Block::new(selector, span);
    }

    /// An indented line by fixed steps, for the lines iproute2 prints for charon's
    /// policies: `dir ...`, `tmpl src A dst B` and `proto P reqid N mode M`. False, with
    /// nothing read, for any other line.
    #[inline(always)]
    fn read_canonical(&mut self, line: &[u8]) -> bool {
        self.read_canonical_dir_line(line) || self.read_canonical_template_line(line)
    }

    /// A template's two lines as iproute2 prints them (single spaces; `ip/ipxfrm.c`,
    /// `xfrm_tmpl_print` and `xfrm_id_info_print`, which adds `spi` only when it is set or
    /// asked for): the first names its addresses, which the word-by-word reader passes
    /// over too; the second, `proto P reqid N mode M`, gives the mode. The same outcome as
    /// [`Block::read_words`]; false for any other line.
    #[inline(always)]
    fn read_canonical_template_line(&mut self, line: &[u8]) -> bool {
        if line.starts_with(b"tmpl ") {
            return true;
        }
        let mut c = Cursor(line);
        if !c.eat(b"proto ") {
            return false;
        }
        // The word-by-word reader takes the word after the first `mode` and cuts words at
        // any whitespace: the protocol must be neither `mode` nor hold other whitespace.
        let protocol = c
            .word()
            .is_some_and(|w| w != b"mode" && w.iter().all(u8::is_ascii_alphanumeric));
        if !protocol || !c.eat(b"reqid ") || c.word().and_then(number::<u32>).is_none() {
            return false;
        }
        if !c.eat(b"mode ") {
            return false;
        }
        let Some(mode) = mode_named(c.0) else {
            return false;
        };
        self.mode = Some(mode);
        true
    }

    /// Any indented line, read word by word.
    fn read_words(&mut self, line: &[u8]) -> Result<(), String> {
        let mut words = Words(line);
        match words.next() {
            Some(first @ (b"dir" | b"socket")) => {
                self.socket = first == b"socket";
                let word = words.next();
                self.dir = Some(word.and_then(direction_named).ok_or_else(|| {
                    format!(
                        "the direction is {} (iproute2 prints in, out or fwd)",
                        quoted(word)
                    )
                })?);
                while let Some(word) = words.next() {
                    match word {
                        b"action" => {
                            let word = words.next();
                            self.block = word.and_then(blocks_named).ok_or_else(|| {
                                format!(
                                    "the action is {} (iproute2 prints allow or block)",
                                    quoted(word)
                                )
                            })?;
                        }
                        b"priority" => {
                            let p = words.next().and_then(number);
                            self.priority = Some(p.ok_or_else(|| {
                                "`priority` without a number up to 4294967295".to_string()
                            })?);
                        }
                        _ => {}
                    }
                }
            }
            Some(b"proto") if words.any(|w| w == b"mode") => {
                let word = words.next();
                let mode = word.and_then(mode_named);
                self.mode =
                    Some(mode.ok_or_else(|| format!("the template's mode is {}", quoted(word)))?);
            }
            // Templates' addresses, levels, lifetimes, marks, interface ids, statistics.
            _ => {}
        }
        Ok(())
    }

    /// [`Block::read_words`] for a `dir` line exactly as iproute2 prints it (`dir D [action A]
    /// priority N [ptype main]`, single spaces): fixed steps, the same outcome. False,
    /// with nothing read, for any other line.
    #[inline(always)]
    fn read_canonical_dir_line(&mut self, line: &[u8]) -> bool {
        let mut c = Cursor(line);
        if !c.eat(b"dir ") {
            return false;
        }
        let Some(dir) = c.word().and_then(direction_named) else {
            return false;
        };
        let block = if c.eat(b"action ") {
            let Some(block) = c.word().and_then(blocks_named) else {
                return false;
            };
            Some(block)
        } else {
            None
        };
        if !c.eat(b"priority ") {
            return false;
        }
        let Some(priority) = c.word().and_then(number) else {
            return false;
        };
        if !(c.0.is_empty() || c.0 == b"ptype main") {
            return false;
        }
        self.socket = false;
        self.dir = Some(dir);
        if let Some(block) = block {
            self.block = block;
        }
        self.priority = Some(priority);
        true
    }

    /// The policy, or nothing for a per-socket one; an error points at the whole block.
    #[inline]
    fn finish(&self) -> Result<Option<Policy>, TextError> {
        let fail = |what: &str| TextError {
            span: self.span.clone(),
            what: what.into(),
        };
        let dir = self
            .dir
            .ok_or_else(|| fail("a policy without a `dir` line"))?;
        if self.socket {
            return Ok(None);
        }
        let priority = self
            .priority
            .ok_or_else(|| fail("a policy without a priority"))?;
        let action = match (self.block, self.mode) {
            (true, _) => Action::Block,
            (false, Some(m)) => Action::Protect(m),
            (false, None) => Action::Pass,
        };
        Ok(Some(Policy {
            dir,
            selector: self.selector,
            priority,
            action,
        }))
    }
}

/// A line read by fixed steps: the shapes iproute2 prints, single-spaced.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    /// Whether the rest starts with `literal`; if so, it is passed. (Of a length known
    /// when compiled: a compare of a few words, not a call to `memcmp`.)
    #[inline(always)]
    fn eat<const N: usize>(&mut self, literal: &[u8; N]) -> bool {
        match self.0.split_first_chunk::<N>() {
            Some((head, rest)) if head == literal => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    /// The bytes up to the next space (or the end), not empty; the space is passed.
    #[inline(always)]
    fn word(&mut self) -> Option<&'a [u8]> {
        let len = self
            .0
            .iter()
            .position(|&b| b == b' ')
            .unwrap_or(self.0.len());
        let (word, rest) = self.0.split_at(len);
        self.0 = rest.get(1..).unwrap_or_default();
        (!word.is_empty()).then_some(word)
    }

    /// [`prefix`] of the next word, truncated to its network (as the kernel holds a
    /// selector); an IPv4 prefix is read where it lies, in one pass, rather than first cut
    /// out as a word.
    #[inline(always)]
    fn prefix(&mut self) -> Option<IpNet> {
        let Some((address, rest)) = crate::net::leading_dotted_quad(self.0) else {
            return Some(prefix(self.word()?)?.trunc());
        };
        let (net, rest) = v4_prefix(address, rest)?;
        self.0 = match rest {
            [] => rest,
            [b' ', rest @ ..] => rest,
            _ => return None,
        };
        Some(IpNet::V4(net.trunc()))
    }
}

/// [`header`] for a line exactly as iproute2 prints it (`src A dst B [proto P] [sport N]
/// [dport N]`, or `type`/`code` for ICMP, single spaces): fixed steps instead of a search
/// word by word, and the same selector. `None` for any other line, which [`header`]
/// reads (or says what is wrong with).
#[inline(always)]
fn canonical_header(line: &[u8]) -> Option<Selector> {
    let mut c = Cursor(line);
    if !c.eat(b"src ") {
        return None;
    }
    let src = c.prefix()?;
    if !c.eat(b"dst ") {
        return None;
    }
    let dst = c.prefix()?;
    if matches!(src, IpNet::V4(_)) != matches!(dst, IpNet::V4(_)) {
        return None;
    }
    let proto = if c.eat(b"proto ") {
        ip_protocol_number_in(c.word()?)?
    } else {
        0
    };
    let (sport, dport) = if proto == 1 || proto == 58 {
        (
            canonical_port(&mut c, b"type ")?,
            canonical_port(&mut c, b"code ")?,
        )
    } else {
        (
            canonical_port(&mut c, b"sport ")?,
            canonical_port(&mut c, b"dport ")?,
        )
    };
    if !c.0.is_empty() {
        return None;
    }
    Some(Selector {
        src,
        dst,
        proto,
        sport,
        dport,
    })
}

/// A `key N` pair of a canonical header (`key` with its space), or any port where the
/// line does not have it.
#[inline(always)]
fn canonical_port<const N: usize>(c: &mut Cursor<'_>, key: &[u8; N]) -> Option<PortBlock> {
    if !c.eat(key) {
        return Some(PortBlock::ANY);
    }
    let port = number(c.word()?)?;
    Some(PortBlock { port, mask: 0xffff })
}

fn header(line: &[u8]) -> Result<Selector, String> {
    let mut words = Words(line);
    if words.next() != Some(b"src") {
        return Err("a policy starts with `src` (is this `ip xfrm policy` output?)".into());
    }
    // The line is `key value` pairs; the first `src` is taken.
    let (mut src, mut dst, mut proto) = (words.next(), None, None);
    let mut ports: [Option<&[u8]>; 4] = [None; 4]; // sport, dport, type, code
    while let Some(key) = words.next() {
        let value = words.next();
        let slot = match key {
            b"dst" => &mut dst,
            b"proto" => &mut proto,
            b"sport" => &mut ports[0],
            b"dport" => &mut ports[1],
            b"type" => &mut ports[2],
            b"code" => &mut ports[3],
            b"src" => &mut src,
            // dev, uid, and whatever later iproute2 prints.
            _ => continue,
        };
        if slot.is_none() {
            *slot = value;
        }
    }
    let net = |key: &str, v: Option<&[u8]>| -> Result<IpNet, String> {
        let v = v.ok_or_else(|| format!("a policy line without `{key}`"))?;
        prefix(v).ok_or_else(|| format!("`{key}` {} is not an address prefix", quoted(Some(v))))
    };
    let src = net("src", src)?;
    let dst = net("dst", dst)?;
    if matches!(src, IpNet::V4(_)) != matches!(dst, IpNet::V4(_)) {
        return Err("a selector with addresses of two families".into());
    }
    let proto = match proto {
        None => 0,
        Some(p) => ip_protocol_number_in(p)
            .ok_or_else(|| format!("unknown protocol {}", quoted(Some(p))))?,
    };
    let port = |key: &str, v: Option<&[u8]>| -> Result<PortBlock, String> {
        match v {
            None => Ok(PortBlock::ANY),
            Some(v) => number(v)
                .map(|port| PortBlock { port, mask: 0xffff })
                .ok_or_else(|| format!("`{key}` {} is not a number up to 65535", quoted(Some(v)))),
        }
    };
    // ICMP selectors carry the type and code where the ports would be.
    let (sport, dport) = if ports[2].is_some() || ports[3].is_some() {
        (port("type", ports[2])?, port("code", ports[3])?)
    } else {
        (port("sport", ports[0])?, port("dport", ports[1])?)
    };
    Ok(Selector {
        src: src.trunc(),
        dst: dst.trunc(),
        proto,
        sport,
        dport,
    })
}

/// What follows an IPv4 address in a prefix: nothing (the whole address), or `/` and a
/// length of one to three digits, as ipnet reads one, up to a space or the end; the
/// prefix, and the rest of the text.
#[inline(always)]
fn v4_prefix(address: std::net::Ipv4Addr, rest: &[u8]) -> Option<(ipnet::Ipv4Net, &[u8])> {
    let (length, rest) = match rest {
        [b'/', rest @ ..] => {
            let digits = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
            let (length, rest) = rest.split_at(digits);
            if !(1..=3).contains(&length.len()) {
                return None;
            }
            (number(length)?, rest)
        }
        rest => (32, rest),
    };
    Some((ipnet::Ipv4Net::new(address, length).ok()?, rest))
}

/// An address prefix as iproute2 prints one (`10.0.0.11/32`, `fe80::/64`), or an address
/// alone (all of it), read without ipnet's general parser: a listing holds millions.
fn prefix(text: &[u8]) -> Option<IpNet> {
    // A length of at most three digits, as ipnet reads one.
    let with_length = |address: IpAddr, length: &[u8]| match length.len() {
        1..=3 => IpNet::new(address, number(length)?).ok(),
        _ => None,
    };
    // IPv4, most of a listing, in one pass.
    if let Some((v4, rest)) = crate::net::leading_dotted_quad(text) {
        return match v4_prefix(v4, rest)? {
            (net, []) => Some(IpNet::V4(net)),
            _ => None,
        };
    }
    let (address, length) = match text.iter().position(|&b| b == b'/') {
        Some(i) => (text.get(..i)?, Some(text.get(i + 1..)?)),
        None => (text, None),
    };
    let address: IpAddr = std::str::from_utf8(address).ok()?.parse().ok()?;
    match length {
        None => Some(IpNet::from(address)),
        Some(length) => with_length(address, length),
    }
}

/// Policies as `ip xfrm policy` prints them (the form [`read_text`] reads): a port only
/// where its mask is not zero, and without the mask; ICMP's type and code where the ports
/// would be.
pub fn write_text(policies: &[Policy]) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    for p in policies {
        let s = &p.selector;
        let _ = write!(out, "src {} dst {} ", s.src, s.dst);
        if s.proto != 0 {
            let _ = write!(out, "proto {} ", ip_protocol_name(s.proto));
        }
        let (a, b) = if s.proto == 1 || s.proto == 58 {
            ("type", "code")
        } else {
            ("sport", "dport")
        };
        for (label, block) in [(a, s.sport), (b, s.dport)] {
            if let Some(port) = printed(block) {
                let _ = write!(out, "{label} {port} ");
            }
        }
        let _ = writeln!(out);
        let block = if p.action == Action::Block {
            "action block "
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\tdir {} {block}priority {} ptype main ",
            p.dir.name(),
            p.priority
        );
        if let Action::Protect(mode) = p.action {
            let mode = match mode {
                Mode::Transport => "transport",
                Mode::Tunnel => "tunnel",
                Mode::Other(_) => "beet",
            };
            let any = if matches!(s.src, IpNet::V4(_)) {
                "0.0.0.0"
            } else {
                "::"
            };
            let _ = writeln!(out, "\ttmpl src {any} dst {any}");
            let _ = writeln!(out, "\t\tproto esp reqid 1 mode {mode}");
        }
    }
    out
}

/// Gives every port read from text the mask of the planned policy it stands for: the
/// planned policy with the same direction, addresses, protocol, priority and action whose
/// block starts at that port. Where none does, the port stays exact.
pub fn with_planned_masks(listed: &mut [Listed], planned: &[(usize, Policy)]) {
    restore_masks(
        listed,
        planned
            .iter()
            .map(|(_, p)| (p.dir, Some((p.priority, p.action)), &p.selector)),
    );
}

/// [`with_planned_masks`] for a gateway's tunnel children, whose priorities charon
/// computes: the planned selector with the same direction, addresses and protocol whose
/// block starts at the printed port.
pub fn with_child_masks(listed: &mut [Listed], planned: &[(Direction, Selector)]) {
    restore_masks(listed, planned.iter().map(|(d, s)| (*d, None, s)));
}

/// A policy as `ip xfrm policy` prints it (every field but its ports' masks), packed in
/// fixed places of six words: two policies print alike exactly when their words are
/// equal, and six words hash in a few steps rather than a step per field. An IPv4
/// policy's addresses share the third word, and the last three are zero.
pub fn printed_words(p: &Policy) -> [u64; 6] {
    let (action, mode): (u64, u64) = match p.action {
        Action::Pass => (0, 0),
        Action::Block => (1, 0),
        Action::Protect(Mode::Transport) => (2, 0),
        Action::Protect(Mode::Tunnel) => (3, 0),
        Action::Protect(Mode::Other(m)) => (4, u64::from(m)),
    };
    let dir: u64 = match p.dir {
        Direction::In => 0,
        Direction::Out => 1,
        Direction::Fwd => 2,
    };
    let s = &p.selector;
    // A printed port in 17 bits: whether it is printed, and the port.
    let port = |b: PortBlock| printed(b).map_or(0, |port| (1 << 16) | u64::from(port));
    // A prefix's length in 9 bits: the family (IPv6 set), and the length.
    let shape = |n: &IpNet| match n {
        IpNet::V4(v4) => u64::from(v4.prefix_len()),
        IpNet::V6(v6) => (1 << 8) | u64::from(v6.prefix_len()),
    };
    let fields =
        dir | action << 2 | mode << 5 | u64::from(s.proto) << 13 | u64::from(p.priority) << 21;
    let shapes = port(s.sport) | port(s.dport) << 17 | shape(&s.src) << 34 | shape(&s.dst) << 43;
    match (s.src, s.dst) {
        (IpNet::V4(src), IpNet::V4(dst)) => [
            fields,
            shapes,
            u64::from(u32::from(src.addr())) << 32 | u64::from(u32::from(dst.addr())),
            0,
            0,
            0,
        ],
        (src, dst) => {
            let bits = |n: IpNet| match n {
                IpNet::V4(v4) => u128::from(u32::from(v4.addr())),
                IpNet::V6(v6) => u128::from(v6.addr()),
            };
            let (src, dst) = (bits(src), bits(dst));
            [
                fields,
                shapes,
                (src >> 64) as u64,
                src as u64,
                (dst >> 64) as u64,
                dst as u64,
            ]
        }
    }
}

/// What iproute2 shows of a policy (its ports without their masks), and, where the plan
/// gives them, its priority and action.
type Shown = (
    Direction,
    Option<(u32, Action)>,
    IpNet,
    IpNet,
    u8,
    Option<u16>,
    Option<u16>,
);

fn shown(dir: Direction, placed: Option<(u32, Action)>, s: &Selector) -> Shown {
    (
        dir,
        placed,
        s.src,
        s.dst,
        s.proto,
        printed(s.sport),
        printed(s.dport),
    )
}

fn restore_masks<'p>(
    listed: &mut [Listed],
    planned: impl Iterator<Item = (Direction, Option<(u32, Action)>, &'p Selector)>,
) {
    let mut twins: std::collections::HashMap<
        Shown,
        (PortBlock, PortBlock),
        foldhash::fast::RandomState,
    > = std::collections::HashMap::with_capacity_and_hasher(
        planned.size_hint().0,
        Default::default(),
    );
    let mut placed = false;
    for (dir, at, selector) in planned {
        placed |= at.is_some();
        twins
            .entry(shown(dir, at, selector))
            .or_insert((selector.sport, selector.dport));
    }
    for l in listed.iter_mut() {
        let p = &l.policy;
        let at = placed.then_some((p.priority, p.action));
        if let Some(&(sport, dport)) = twins.get(&shown(p.dir, at, &p.selector)) {
            l.policy.selector.sport = sport;
            l.policy.selector.dport = dport;
        }
    }
}

/// A port block as iproute2 prints it: the port, when the mask is not zero.
fn printed(b: PortBlock) -> Option<u16> {
    (b.mask != 0).then_some(b.port)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(port: u16, mask: u16) -> PortBlock {
        PortBlock { port, mask }
    }

    fn sel(sport: PortBlock, dport: PortBlock) -> Selector {
        Selector {
            src: "10.0.0.1/32".parse().unwrap(),
            dst: "10.0.0.2/32".parse().unwrap(),
            proto: 6,
            sport,
            dport,
        }
    }

    #[test]
    fn covers_compares_prefixes_protocols_and_port_blocks() {
        let wide = sel(PortBlock::ANY, block(0, 0xe000));
        let narrow = sel(block(40000, 0xffff), block(1025, 0xffff));
        assert!(wide.covers(&narrow));
        assert!(!narrow.covers(&wide));
        assert!(!sel(PortBlock::ANY, block(1024, 0xfc00)).covers(&wide));
    }

    #[test]
    fn the_lowest_priority_value_decides() {
        let mk = |priority, action, dport| Policy {
            dir: Direction::Out,
            selector: sel(PortBlock::ANY, dport),
            priority,
            action,
        };
        let policies = [
            mk(1005, Action::Protect(Mode::Transport), PortBlock::ANY),
            mk(1000, Action::Pass, block(445, 0xffff)),
        ];
        let d = |port| {
            decide(
                &policies,
                Direction::Out,
                "10.0.0.1".parse().unwrap(),
                "10.0.0.2".parse().unwrap(),
                6,
                40000,
                port,
            )
            .map(|p| p.action)
        };
        assert_eq!(d(445), Some(Action::Pass));
        assert_eq!(d(446), Some(Action::Protect(Mode::Transport)));
    }

    #[test]
    fn compare_reads_selectors_as_sets_of_packets() {
        let pol = |dst: &str, dport: PortBlock, priority, action| Policy {
            dir: Direction::Out,
            selector: Selector {
                dst: dst.parse().unwrap(),
                ..sel(PortBlock::ANY, dport)
            },
            priority,
            action,
        };
        let protect = Action::Protect(Mode::Transport);
        let planned = vec![
            (0, pol("10.0.0.2/31", block(445, 0xffff), 1000, protect)),
            (1, pol("10.0.0.0/24", PortBlock::ANY, 1001, Action::Pass)),
        ];
        // The same packets as two /32 selectors: exact.
        let same = [
            pol("10.0.0.2/32", block(445, 0xffff), 1000, protect),
            pol("10.0.0.3/32", block(445, 0xffff), 1000, protect),
            pol("10.0.0.0/24", PortBlock::ANY, 1001, Action::Pass),
        ];
        assert_eq!(compare(&planned, &same), vec![]);
        // A range rounded by the kernel: wider, naming the rule.
        let mut wider = same;
        wider[0].selector.dport = block(0, 0xfe00);
        let d = compare(&planned, &wider);
        assert!(
            d.iter()
                .any(|d| matches!(d, Difference::Wider { rule: 0, .. })),
            "{d:?}"
        );
        // The protect rule moved behind the exemption.
        let mut moved = same;
        moved[0].priority = 1002;
        moved[1].priority = 1002;
        let d = compare(&planned, &moved);
        assert!(
            d.iter()
                .any(|d| matches!(d, Difference::Changed { rule: 0, .. })),
            "{d:?}"
        );
        // One half gone: missing.
        let d = compare(&planned, &same[1..]);
        assert!(
            d.iter()
                .any(|d| matches!(d, Difference::Missing { rule: 0, .. })),
            "{d:?}"
        );
    }

    #[test]
    fn text_written_as_iproute2_prints_it_reads_back() {
        let planned = vec![
            (
                0,
                Policy {
                    dir: Direction::Out,
                    selector: sel(PortBlock::ANY, block(0, 0xe000)),
                    priority: 1000,
                    action: Action::Protect(Mode::Transport),
                },
            ),
            (
                1,
                Policy {
                    dir: Direction::In,
                    selector: sel(block(445, 0xffff), PortBlock::ANY),
                    priority: 1001,
                    action: Action::Block,
                },
            ),
        ];
        let policies: Vec<Policy> = planned.iter().map(|(_, p)| *p).collect();
        let text = write_text(&policies);
        let mut listed = read_text(&text).unwrap();
        // The mask of 0-8191 is not printed: read alone, the port is exact...
        assert_eq!(listed[0].policy.selector.dport, block(0, 0xffff));
        // ...and the plan's policy at the same place gives it back.
        with_planned_masks(&mut listed, &planned);
        let back: Vec<Policy> = listed.iter().map(|l| l.policy).collect();
        assert_eq!(back, policies);
        assert!(text[listed[1].span.clone()].contains("action block"));
    }

    #[test]
    fn a_dump_cut_anywhere_is_an_error_not_a_panic() {
        // One policy message as the kernel sends it, then DONE.
        let mut body = vec![0u8; USERPOLICY_INFO];
        body[0..4].copy_from_slice(&[10, 0, 0, 2]);
        body[16..20].copy_from_slice(&[10, 0, 0, 1]);
        body[32..34].copy_from_slice(&445u16.to_be_bytes());
        body[34..36].copy_from_slice(&0xffffu16.to_be_bytes());
        body[40..42].copy_from_slice(&2u16.to_ne_bytes());
        body[42] = 32;
        body[43] = 32;
        body[44] = 6;
        body[152..156].copy_from_slice(&1003u32.to_ne_bytes());
        body[160] = 1;
        let mut msg = Vec::new();
        msg.extend_from_slice(&((NLMSG_HEADER + body.len()) as u32).to_ne_bytes());
        msg.extend_from_slice(&XFRM_MSG_NEWPOLICY.to_ne_bytes());
        msg.extend_from_slice(&[0; 10]);
        msg.extend_from_slice(&body);
        let mut done = Vec::new();
        done.extend_from_slice(&(NLMSG_HEADER as u32 + 4).to_ne_bytes());
        done.extend_from_slice(&NLMSG_DONE.to_ne_bytes());
        done.extend_from_slice(&[0; 14]);
        let dump = [msg.clone(), done].concat();
        let policies = parse_dump(&dump).unwrap();
        assert_eq!(policies.len(), 1);
        assert_eq!(
            policies[0].to_string(),
            "out src 10.0.0.1/32 dst 10.0.0.2/32 proto tcp dport 445 priority 1003 pass"
        );
        for cut in 1..msg.len() {
            assert!(parse_dump(&msg[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn prefixes_read_as_ipnet_reads_them() {
        for text in [
            "10.0.0.11/32",
            "0.0.0.0/0",
            "10.0.0.0/8",
            "10.0.0.0/08",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "10.0.0/8",
            "fe80::/64",
            "::/0",
            "2001:db8::1/128",
            "2001:db8::1/129",
            "10.0.0.1",
            "fe80::1",
            "",
            "/8",
            "10.0.0.1/8/8",
        ] {
            let ipnet = text
                .parse::<IpNet>()
                .ok()
                .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from));
            assert_eq!(prefix(text.as_bytes()), ipnet, "{text:?}");
        }
    }

    /// Each header and indented line read by the fixed steps where they take it, and word
    /// by word: the two agree on every line (the indented lines of a block read one after
    /// another into the same block), and with `all`, the fixed steps take every header and
    /// `dir` line.
    fn read_both_ways(listing: &str, all: bool) {
        let fresh = || Block::new(sel(PortBlock::ANY, PortBlock::ANY), 0..0);
        let (mut fixed, mut general) = (fresh(), fresh());
        for line in listing.lines() {
            let trimmed = line.trim_ascii().as_bytes();
            if !line.starts_with([' ', '\t']) {
                let taken = canonical_header(trimmed);
                assert!(!all || taken.is_some(), "{line:?}");
                if let Some(taken) = taken {
                    assert_eq!(Ok(taken), header(trimmed), "{line:?}");
                }
                (fixed, general) = (fresh(), fresh());
                continue;
            }
            let before = fixed.clone();
            let taken = fixed.read_canonical(trimmed);
            assert!(
                !all || !(trimmed.starts_with(b"dir ") || trimmed.starts_with(b"tmpl ")) || taken,
                "{line:?}"
            );
            if taken {
                assert_eq!(general.read_words(trimmed), Ok(()), "{line:?}");
            } else {
                assert_eq!(fixed, before, "declined, yet read: {line:?}");
                let (a, b) = (fixed.read_words(trimmed), general.read_words(trimmed));
                assert_eq!(a.is_ok(), b.is_ok());
            }
            assert_eq!(fixed, general, "{line:?}");
        }
    }

    #[test]
    fn a_real_listing_reads_by_the_fixed_steps_as_word_by_word() {
        // `ip xfrm policy` (iproute2 6.1) of charon's policies in the host lab
        // (tests/data/xfrm/README.md).
        for listing in [
            include_str!("../../tests/data/xfrm/NYC-MP.xfrm"),
            include_str!("../../tests/data/xfrm/DC01.xfrm"),
        ] {
            read_both_ways(listing, true);
            assert!(!read_text(listing).unwrap().is_empty());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn lines_the_fixed_steps_take_read_alike_word_by_word(
            src in proptest::sample::select(vec!["10.0.0.1/32", "0.0.0.0/0", "fe80::/64", "10.0.0.1", "10.0.0.300/8", "10.0.0.0/33", "", "10.0.0.1/8/8", "10.0.0.01/8", "10.0.0.1/008", "10.0.0.1x/8", "10.0.0.1/", "10.0.0.1/+8"]),
            dst in proptest::sample::select(vec!["10.0.8.0/24", "::/0", "2001:db8::1/128", "x", "10.0.8.7/24", "10.0.8.0/8\t"]),
            proto in proptest::sample::select(vec!["", "proto tcp ", "proto udp ", "proto icmp ", "proto ipv6-icmp ", "proto 47 ", "proto bogus ", "proto  tcp "]),
            first in proptest::sample::select(vec!["", "sport 80 ", "type 8 ", "dport 1 ", "sport 65536 ", "sport +5 ", "dev eth0 ", "sport  80 "]),
            second in proptest::sample::select(vec!["", "dport 0 ", "code 0 ", "sport 2 ", "dport 65535 ", "dport x ", "uid 0 "]),
            dir in proptest::sample::select(vec!["in", "out", "fwd", "sideways", ""]),
            action in proptest::sample::select(vec!["", "action block ", "action allow ", "action maybe ", "action  block "]),
            priority in proptest::sample::select(vec!["priority 1000 ", "priority 4294967295 ", "priority 4294967296 ", "priority -1 ", "", "priority  7 "]),
            tail in proptest::sample::select(vec!["", "ptype main ", "ptype sub ", "share any ", "ptype main extra "]),
            lead in proptest::sample::select(vec!["dir ", "socket ", "dir  ", "tmpl "]),
            again in proptest::sample::select(vec!["", "\tdir in priority 5 ptype main\n", "\tdir out action allow priority 6\n", "\tproto esp reqid 1 mode tunnel\n"]),
            template in proptest::sample::select(vec!["", "\ttmpl src 0.0.0.0 dst 0.0.0.0\n", "\ttmpl\tsrc 1.2.3.4\n", "\t\tproto esp reqid 23 mode transport\n", "\t\tproto ah reqid 1 mode ro\n", "\t\tproto esp spi 0x10 reqid 2 mode tunnel\n", "\t\tproto esp\tmode beet reqid 1 mode tunnel\n", "\t\tproto esp reqid x mode tunnel\n", "\t\tproto esp reqid 4294967296 mode beet\n", "\t\tproto esp reqid 3 mode sideways\n", "\t\tproto comp reqid 3 mode in_trigger\n", "\t\tproto mode reqid 1 mode tunnel\n", "\t\tproto esp reqid 3 mode tunnel extra\n"]),
        ) {
            let listing = format!(
                "src {src} dst {dst} {proto}{first}{second}\n\t{lead}{dir} {action}{priority}{tail}\n{template}{again}"
            );
            read_both_ways(&listing, false);
        }

        #[test]
        #[allow(clippy::indexing_slicing)]
        fn policies_pack_alike_exactly_when_they_print_alike(
            first in proptest::array::uniform8(0usize..6),
            field in 0usize..9,
            value in 0usize..6,
        ) {
            // The second policy is the first with at most one field changed, so that
            // both outcomes come up often.
            let mut second = first;
            if let Some(f) = second.get_mut(field) {
                *f = value;
            }
            let nets = ["10.0.0.0/8", "10.0.0.0/16", "0.0.0.0/0", "::/0", "::a00:0/104", "ffff::/16"];
            let actions = [
                Action::Pass,
                Action::Block,
                Action::Protect(Mode::Transport),
                Action::Protect(Mode::Tunnel),
                Action::Protect(Mode::Other(2)),
                Action::Protect(Mode::Other(4)),
            ];
            let blocks = [PortBlock::ANY, block(80, 0xffff), block(80, 0xfff0), block(0, 0xffff)];
            let policy = |[d, a, pr, src, dst, proto, sp, dp]: [usize; 8]| Policy {
                dir: [Direction::In, Direction::Out, Direction::Fwd][d % 3],
                selector: Selector {
                    src: nets[src].parse().unwrap(),
                    dst: nets[dst].parse().unwrap(),
                    proto: [0, 6, 17, 1][proto % 4],
                    sport: blocks[sp % 4],
                    dport: blocks[dp % 4],
                },
                priority: [0, 1, 1000, u32::MAX][pr % 4],
                action: actions[a],
            };
            let (a, b) = (policy(first), policy(second));
            let printed = |p: &Policy| shown(p.dir, Some((p.priority, p.action)), &p.selector);
            proptest::prop_assert_eq!(printed_words(&a) == printed_words(&b), printed(&a) == printed(&b));
        }
    }
}
