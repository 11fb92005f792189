//! Network vocabulary shared by every stage: protocols, port ranges and sets, and address
//! sets built from prefixes.
//!
//! This module owns no stage logic and depends on nothing else in cordon. Every set type
//! keeps a canonical form (sorted, merged) so that equal sets compare equal and render the
//! same way everywhere, which the byte-identical outputs rely on.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Serialize, Serializer};

/// The IP protocol a flow, a filter or a firewall rule speaks.
///
/// `Icmp` means ICMP for IPv4 and ICMPv6 for IPv6, as the catalog's `icmp` rows do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// Every protocol (a filter that matches the whole address pair).
    Any,
    /// IP protocol 50, IPsec Encapsulating Security Payload.
    Esp,
    /// ICMP (IPv4) and ICMPv6 (IPv6).
    Icmp,
    /// IP protocol 6.
    Tcp,
    /// IP protocol 17.
    Udp,
}

impl Protocol {
    /// The lower-case name used in every output (`tcp`, `udp`, `icmp`, `esp`, `any`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Any => "any",
            Protocol::Esp => "esp",
            Protocol::Icmp => "icmp",
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }

    /// Whether the protocol has port numbers at all.
    pub fn has_ports(self) -> bool {
        match self {
            Protocol::Tcp | Protocol::Udp => true,
            Protocol::Any | Protocol::Esp | Protocol::Icmp => false,
        }
    }

    /// The IP protocol number in IPv6 or IPv4 (ICMP is 58 or 1); `None` for any.
    pub fn number(self, v6: bool) -> Option<u8> {
        match self {
            Protocol::Any => None,
            Protocol::Esp => Some(50),
            Protocol::Icmp => Some(if v6 { 58 } else { 1 }),
            Protocol::Tcp => Some(6),
            Protocol::Udp => Some(17),
        }
    }
}

/// An IP protocol number by the name iproute2 and nft print (`/etc/protocols`: `tcp`,
/// `ipv6-icmp`), or written as a number.
pub fn ip_protocol_number(name: &str) -> Option<u8> {
    ip_protocol_number_in(name.as_bytes())
}

/// [`ip_protocol_number`] of a name's bytes: compared as bytes, a name costs a few word
/// compares (a kernel listing names a protocol in most of its millions of policies).
#[inline(always)]
pub fn ip_protocol_number_in(name: &[u8]) -> Option<u8> {
    Some(match name {
        b"icmp" => 1,
        b"tcp" => 6,
        b"udp" => 17,
        b"gre" => 47,
        b"esp" => 50,
        b"ah" => 51,
        b"ipv6-icmp" | b"icmpv6" => 58,
        b"sctp" => 132,
        n => std::str::from_utf8(n).ok()?.parse().ok()?,
    })
}

/// The name iproute2 and nft print for an IP protocol number, or the number.
pub fn ip_protocol_name(number: u8) -> String {
    match number {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        47 => "gre".into(),
        50 => "esp".into(),
        51 => "ah".into(),
        58 => "ipv6-icmp".into(),
        132 => "sctp".into(),
        n => n.to_string(),
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Protocol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// An inclusive range of port numbers, `start <= end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    start: u16,
    end: u16,
}

impl PortRange {
    /// A range; `None` when `start > end`.
    pub fn new(start: u16, end: u16) -> Option<Self> {
        (start <= end).then_some(PortRange { start, end })
    }

    /// A single port.
    pub fn single(port: u16) -> Self {
        PortRange {
            start: port,
            end: port,
        }
    }

    /// The first port of the range.
    pub fn start(self) -> u16 {
        self.start
    }

    /// The last port of the range.
    pub fn end(self) -> u16 {
        self.end
    }

    /// Whether `port` lies in the range.
    pub fn contains(self, port: u16) -> bool {
        self.start <= port && port <= self.end
    }
}

impl PortRange {
    /// The range as the kernel can hold it: the fewest port/mask blocks whose union is
    /// exactly the range (an xfrm selector carries one port and one mask, so a range that
    /// is not one aligned block needs several selectors).
    pub fn blocks(self) -> Vec<PortBlock> {
        let mut out = Vec::new();
        let (mut start, end) = (u32::from(self.start), u32::from(self.end));
        while start <= end {
            // The largest aligned block that starts here and ends at or before `end`.
            let mut size = if start == 0 {
                1u32 << 16
            } else {
                1u32 << start.trailing_zeros()
            };
            while start + size - 1 > end {
                size >>= 1;
            }
            // `size` is a power of two at most 2^16, so the mask fits 16 bits.
            let mask = (!(size - 1) & 0xffff) as u16;
            out.push(PortBlock {
                port: start as u16,
                mask,
            });
            start += size;
        }
        out
    }
}

/// An aligned block of ports as an xfrm selector holds it: the ports `p` with
/// `p & mask == port`. `mask` is a run of leading ones; 0 means every port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortBlock {
    /// The first port (its bits outside the mask are zero).
    pub port: u16,
    /// Which bits of a port must equal `port`'s.
    pub mask: u16,
}

impl PortBlock {
    /// Every port.
    pub const ANY: PortBlock = PortBlock { port: 0, mask: 0 };

    /// The block as a range of ports.
    pub fn range(self) -> PortRange {
        PortRange {
            start: self.port & self.mask,
            end: (self.port & self.mask) | !self.mask,
        }
    }

    /// Whether `port` lies in the block.
    pub fn contains(self, port: u16) -> bool {
        port & self.mask == self.port & self.mask
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// Why a port text did not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// Not a number, or not in 0..=65535.
    #[error("`{0}` is not a port number (0-65535)")]
    NotAPort(String),
    /// A range whose start lies above its end.
    #[error("the range `{0}` starts above its end")]
    Reversed(String),
}

impl std::str::FromStr for PortRange {
    type Err = PortError;

    /// Parses `445` or `49152-65535`.
    fn from_str(text: &str) -> Result<Self, PortError> {
        let number = |t: &str| {
            t.trim()
                .parse::<u16>()
                .map_err(|_| PortError::NotAPort(text.to_string()))
        };
        match text.split_once('-') {
            None => number(text).map(PortRange::single),
            Some((a, b)) => PortRange::new(number(a)?, number(b)?)
                .ok_or_else(|| PortError::Reversed(text.to_string())),
        }
    }
}

/// A set of ports in canonical form: sorted, non-overlapping, non-adjacent ranges.
/// The empty set means "every port" only where a type says so (see [`PortSet::any`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortSet {
    ranges: Vec<PortRange>,
}

impl PortSet {
    /// Every port, 0-65535.
    pub fn any() -> Self {
        PortSet {
            ranges: vec![PortRange {
                start: 0,
                end: u16::MAX,
            }],
        }
    }

    /// No port at all (for protocols without ports).
    pub fn none() -> Self {
        PortSet::default()
    }

    /// The canonical set covering all the given ranges.
    pub fn from_ranges(ranges: impl IntoIterator<Item = PortRange>) -> Self {
        let mut all: Vec<PortRange> = ranges.into_iter().collect();
        all.sort_unstable();
        let mut merged: Vec<PortRange> = Vec::with_capacity(all.len());
        for r in all {
            match merged.last_mut() {
                Some(last) if u32::from(r.start) <= u32::from(last.end) + 1 => {
                    last.end = last.end.max(r.end);
                }
                _ => merged.push(r),
            }
        }
        PortSet { ranges: merged }
    }

    /// The ranges, sorted.
    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    /// Whether the set holds no port.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether the set holds every port.
    pub fn is_any(&self) -> bool {
        self.ranges
            == [PortRange {
                start: 0,
                end: u16::MAX,
            }]
    }

    /// Whether `port` is in the set.
    pub fn contains(&self, port: u16) -> bool {
        let i = self.ranges.partition_point(|r| r.end < port);
        self.ranges.get(i).is_some_and(|r| r.contains(port))
    }

    /// Whether the two sets share a port.
    pub fn intersects(&self, other: &PortSet) -> bool {
        let (mut a, mut b) = (
            self.ranges.iter().peekable(),
            other.ranges.iter().peekable(),
        );
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            if x.end < y.start {
                a.next();
            } else if y.end < x.start {
                b.next();
            } else {
                return true;
            }
        }
        false
    }

    /// Whether every port of `self` is in `other`.
    pub fn is_subset(&self, other: &PortSet) -> bool {
        self.ranges.iter().all(|r| {
            let i = other.ranges.partition_point(|o| o.end < r.start);
            other
                .ranges
                .get(i)
                .is_some_and(|o| o.start <= r.start && r.end <= o.end)
        })
    }

    /// The union of two sets.
    pub fn union(&self, other: &PortSet) -> PortSet {
        PortSet::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// The ports in both sets.
    pub fn intersection(&self, other: &PortSet) -> PortSet {
        self.difference(&self.difference(other))
    }

    /// The ports of `self` that are not in `other`.
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let mut out = Vec::new();
        for r in &self.ranges {
            let mut start = u32::from(r.start);
            let end = u32::from(r.end);
            for o in &other.ranges {
                let (os, oe) = (u32::from(o.start), u32::from(o.end));
                if oe < start || os > end {
                    continue;
                }
                if os > start {
                    out.extend(PortRange::new(start as u16, (os - 1) as u16));
                }
                start = oe + 1;
                if start > end {
                    break;
                }
            }
            if start <= end {
                out.extend(PortRange::new(start as u16, end as u16));
            }
        }
        PortSet::from_ranges(out)
    }

    /// The set as exact port/mask blocks ([`PortRange::blocks`] of every range).
    pub fn blocks(&self) -> Vec<PortBlock> {
        self.ranges.iter().flat_map(|r| r.blocks()).collect()
    }

    /// How many ports the set holds.
    pub fn len(&self) -> u32 {
        self.ranges
            .iter()
            .map(|r| u32::from(r.end) - u32::from(r.start) + 1)
            .sum()
    }
}

impl fmt::Display for PortSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ranges.is_empty() {
            return f.write_str("-");
        }
        if self.is_any() {
            return f.write_str("any");
        }
        for (i, r) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl Serialize for PortSet {
    /// A list of strings, `"445"` or `"49152-65535"`; empty for protocols without ports.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.ranges.iter().map(|r| r.to_string()))
    }
}

/// A set of addresses as canonical prefixes (aggregated, sorted, IPv4 before IPv6).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AddrSet {
    /// Shared: rule sets clone the same large sets (the exemption list of every domain
    /// controller, a group's peers) thousands of times, and lookups stay in cache when
    /// the clones are one copy.
    prefixes: std::sync::Arc<[IpNet]>,
}

/// An address as a sortable number: IPv4 before IPv6.
fn addr_key(a: IpAddr) -> (bool, u128) {
    match a {
        IpAddr::V4(v4) => (false, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (true, u128::from(v6)),
    }
}

/// A canonical prefix's family, first and last address as numbers.
fn prefix_bounds(p: &IpNet) -> (bool, u128, u128) {
    let (family, first) = addr_key(p.addr());
    let host_bits = u32::from(p.max_prefix_len() - p.prefix_len());
    let size_less_one = 1u128.checked_shl(host_bits).map_or(u128::MAX, |s| s - 1);
    (family, first, first.saturating_add(size_less_one))
}

impl AddrSet {
    /// Every IPv4 and IPv6 address.
    pub fn any() -> Self {
        AddrSet::from_prefixes([any_v4(), any_v6()])
    }

    /// The canonical set covering all the given prefixes (host bits are cleared).
    pub fn from_prefixes(prefixes: impl IntoIterator<Item = IpNet>) -> Self {
        let all: Vec<IpNet> = prefixes.into_iter().map(|p| p.trunc()).collect();
        if all.len() <= 1 {
            // One prefix is canonical already; aggregation would only allocate.
            return AddrSet {
                prefixes: all.into(),
            };
        }
        let mut prefixes = IpNet::aggregate(&all);
        prefixes.sort_unstable();
        AddrSet {
            prefixes: prefixes.into(),
        }
    }

    /// Every address of one family.
    pub fn whole_family(v6: bool) -> Self {
        AddrSet::from_prefixes([if v6 { any_v6() } else { any_v4() }])
    }

    /// The set's addresses of one family.
    pub fn of_family(&self, v6: bool) -> Self {
        AddrSet::from_prefixes(
            self.prefixes
                .iter()
                .copied()
                .filter(|p| matches!(p, IpNet::V6(_)) == v6),
        )
    }

    /// The set of single addresses.
    pub fn from_addrs(addrs: impl IntoIterator<Item = IpAddr>) -> Self {
        AddrSet::from_prefixes(addrs.into_iter().map(IpNet::from))
    }

    /// The prefixes, sorted.
    pub fn prefixes(&self) -> &[IpNet] {
        &self.prefixes
    }

    /// Whether the set holds every IPv4 and every IPv6 address.
    pub fn is_any(&self) -> bool {
        *self.prefixes == [any_v4(), any_v6()]
    }

    /// Whether the set holds no address.
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// Whether `addr` is in the set. The prefixes are sorted and disjoint, so the only
    /// candidate is the last one that starts at or before `addr`. Every prefix is
    /// truncated (canonical), so its address is its first address: no mask is computed
    /// while searching, which is what rule lookups spend their time on.
    pub fn contains(&self, addr: IpAddr) -> bool {
        let (family, target) = addr_key(addr);
        let i = self
            .prefixes
            .partition_point(|p| addr_key(p.addr()) <= (family, target));
        let Some(p) = i.checked_sub(1).and_then(|i| self.prefixes.get(i)) else {
            return false;
        };
        let (p_family, start) = addr_key(p.addr());
        let host_bits = u32::from(p.max_prefix_len() - p.prefix_len());
        p_family == family && (target - start).checked_shr(host_bits).unwrap_or(0) == 0
    }

    /// Whether every address of `self` is in `other` (both are canonical, so each prefix
    /// of `self` lies inside one prefix of `other`).
    pub fn is_subset(&self, other: &AddrSet) -> bool {
        self.prefixes.iter().all(|p| {
            other
                .prefixes
                .iter()
                .any(|o| o.contains(&p.network()) && o.contains(&p.broadcast()))
        })
    }

    /// Whether the two sets share an address. Both are sorted and disjoint, so each
    /// prefix of the smaller set has two candidates in the larger one, found by binary
    /// search: the last prefix that starts at or before it (which may hold it) and the
    /// next one (which it may hold).
    pub fn intersects(&self, other: &AddrSet) -> bool {
        let (small, large) = if self.prefixes.len() <= other.prefixes.len() {
            (self, other)
        } else {
            (other, self)
        };
        small.prefixes.iter().any(|p| {
            let (family, first, last) = prefix_bounds(p);
            let i = large
                .prefixes
                .partition_point(|o| addr_key(o.addr()) <= (family, first));
            let holds_it = i
                .checked_sub(1)
                .and_then(|j| large.prefixes.get(j))
                .is_some_and(|o| {
                    let (f, _, o_last) = prefix_bounds(o);
                    f == family && first <= o_last
                });
            let held = large.prefixes.get(i).is_some_and(|o| {
                let (f, o_first) = addr_key(o.addr());
                f == family && o_first <= last
            });
            holds_it || held
        })
    }

    /// The lowest and highest address of the set as numbers, IPv4 below IPv6.
    pub fn span(&self) -> Option<(u128, u128)> {
        let key = |a: IpAddr| match a {
            IpAddr::V4(v4) => u128::from(u32::from(v4)),
            IpAddr::V6(v6) => u128::from(v6).saturating_add(1 << 32),
        };
        let lo = self.prefixes.first()?;
        let hi = self.prefixes.last()?;
        Some((key(lo.network()), key(hi.broadcast())))
    }

    /// Every address not in the set, as the fewest prefixes.
    pub fn complement(&self) -> AddrSet {
        let mut v4_gaps: Vec<(u32, u32)> = Vec::new();
        let mut next4: Option<u32> = Some(0);
        let mut v6_gaps: Vec<(u128, u128)> = Vec::new();
        let mut next6: Option<u128> = Some(0);
        // The prefixes are sorted and disjoint, so one pass finds the gaps.
        for p in self.prefixes.iter() {
            match p {
                IpNet::V4(n) => {
                    let (lo, hi) = (u32::from(n.network()), u32::from(n.broadcast()));
                    if let Some(start) = next4
                        && start < lo
                    {
                        v4_gaps.push((start, lo - 1));
                    }
                    next4 = hi.checked_add(1);
                }
                IpNet::V6(n) => {
                    let (lo, hi) = (u128::from(n.network()), u128::from(n.broadcast()));
                    if let Some(start) = next6
                        && start < lo
                    {
                        v6_gaps.push((start, lo - 1));
                    }
                    next6 = hi.checked_add(1);
                }
            }
        }
        if let Some(start) = next4 {
            v4_gaps.push((start, u32::MAX));
        }
        if let Some(start) = next6 {
            v6_gaps.push((start, u128::MAX));
        }
        let v4 = v4_gaps
            .into_iter()
            .flat_map(|(a, b)| ipnet::Ipv4Subnets::new(a.into(), b.into(), 0).map(IpNet::V4));
        let v6 = v6_gaps
            .into_iter()
            .flat_map(|(a, b)| ipnet::Ipv6Subnets::new(a.into(), b.into(), 0).map(IpNet::V6));
        AddrSet::from_prefixes(v4.chain(v6))
    }

    /// The addresses in both sets. Canonical prefixes either nest or are disjoint, so
    /// each shared part is the smaller of two nesting prefixes.
    pub fn intersection(&self, other: &AddrSet) -> AddrSet {
        let mut out = Vec::new();
        for p in self.prefixes.iter() {
            for o in other.prefixes.iter() {
                if o.contains(&p.network()) && o.contains(&p.broadcast()) {
                    out.push(*p);
                } else if p.contains(&o.network()) && p.contains(&o.broadcast()) {
                    out.push(*o);
                }
            }
        }
        AddrSet::from_prefixes(out)
    }

    /// The addresses of `self` that are not in `other`.
    pub fn difference(&self, other: &AddrSet) -> AddrSet {
        self.intersection(&other.complement())
    }

    /// The union of two sets.
    pub fn union(&self, other: &AddrSet) -> AddrSet {
        AddrSet::from_prefixes(self.prefixes.iter().chain(other.prefixes.iter()).copied())
    }
}

impl fmt::Display for AddrSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        for (i, p) in self.prefixes.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", display_prefix(p))?;
        }
        Ok(())
    }
}

impl Serialize for AddrSet {
    /// A list of CIDR strings; a single address keeps its `/32` or `/128`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.prefixes.iter().map(|p| p.to_string()))
    }
}

/// A prefix as a person writes it: single addresses without their full-length mask.
pub fn display_prefix(p: &IpNet) -> String {
    if p.prefix_len() == p.max_prefix_len() {
        p.addr().to_string()
    } else {
        p.to_string()
    }
}

/// A prefix as ipnet displays it (`10.0.0.0/24`, `fe80::/64`); an IPv4 one written digit
/// by digit, without the formatting machinery (emitted files hold millions).
pub fn prefix_text(p: &IpNet) -> String {
    let mut text = String::with_capacity(18);
    push_prefix(&mut text, p);
    text
}

/// [`prefix_text`], written at the end of `text`.
pub fn push_prefix(text: &mut String, p: &IpNet) {
    let IpNet::V4(v4) = p else {
        use std::fmt::Write as _;
        let _ = write!(text, "{p}");
        return;
    };
    for (k, octet) in v4.addr().octets().into_iter().enumerate() {
        if k > 0 {
            text.push('.');
        }
        push_decimal(text, octet);
    }
    text.push('/');
    push_decimal(text, v4.prefix_len());
}

/// A byte's decimal digits, without leading zeros.
fn push_decimal(text: &mut String, n: u8) {
    if n >= 100 {
        text.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        text.push(char::from(b'0' + n / 10 % 10));
    }
    text.push(char::from(b'0' + n % 10));
}

fn any_v4() -> IpNet {
    IpNet::V4(ipnet::Ipv4Net::default())
}

fn any_v6() -> IpNet {
    IpNet::V6(ipnet::Ipv6Net::default())
}

/// The value of 1 to 19 decimal digits (nothing else: no sign, no spaces), read by a
/// plain loop: the readers of large texts (conn.log, kernel policy listings) call it for
/// every number, most of them a few digits long.
#[inline(always)]
pub fn decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut n = 0u64;
    for &b in digits {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * 10 + u64::from(digit);
    }
    Some(n)
}

/// An IPv4 address in dotted-quad form, read as `Ipv4Addr::from_str` reads it but in one
/// pass (conn.logs and kernel listings hold millions); `None` for anything else, which the
/// general parser then reads.
pub fn dotted_quad(text: &[u8]) -> Option<std::net::Ipv4Addr> {
    match leading_dotted_quad(text)? {
        (address, []) => Some(address),
        _ => None,
    }
}

/// [`dotted_quad`] at the start of `text`, up to the first byte that is neither a digit
/// nor a dot, and what follows it (`10.0.0.0/24` is `10.0.0.0` and `/24`): a prefix read
/// in one pass.
pub fn leading_dotted_quad(text: &[u8]) -> Option<(std::net::Ipv4Addr, &[u8])> {
    // One pass: each digit into the octet being read, each dot to the next octet.
    let mut octets = [0u8; 4];
    let (mut which, mut value, mut digits, mut leading_zero) = (0usize, 0u16, 0u8, false);
    let mut end = text.len();
    for (i, &b) in text.iter().enumerate() {
        if b == b'.' {
            if digits == 0 || which == 3 {
                return None;
            }
            octets[which] = u8::try_from(value).ok()?;
            (which, value, digits, leading_zero) = (which + 1, 0, 0, false);
            continue;
        }
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            end = i;
            break;
        }
        if digits == 3 || leading_zero {
            return None;
        }
        leading_zero = digits == 0 && d == 0;
        value = value * 10 + u16::from(d);
        digits += 1;
    }
    if digits == 0 || which != 3 {
        return None;
    }
    octets[3] = u8::try_from(value).ok()?;
    Some((std::net::Ipv4Addr::from(octets), text.get(end..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &[&str]) -> PortSet {
        PortSet::from_ranges(text.iter().map(|t| t.parse::<PortRange>().unwrap()))
    }

    #[test]
    fn port_ranges_parse_and_reject() {
        assert_eq!("445".parse::<PortRange>(), Ok(PortRange::single(445)));
        assert_eq!(
            "1025-5000".parse::<PortRange>().unwrap().to_string(),
            "1025-5000"
        );
        assert!(matches!(
            "5000-1025".parse::<PortRange>(),
            Err(PortError::Reversed(_))
        ));
        assert!(matches!(
            "70000".parse::<PortRange>(),
            Err(PortError::NotAPort(_))
        ));
        assert!(matches!(
            "http".parse::<PortRange>(),
            Err(PortError::NotAPort(_))
        ));
    }

    #[test]
    fn port_blocks_are_exact_and_fewest() {
        let blocks = |t: &str| t.parse::<PortRange>().unwrap().blocks();
        assert_eq!(blocks("0-65535"), vec![PortBlock::ANY]);
        assert_eq!(
            blocks("445"),
            vec![PortBlock {
                port: 445,
                mask: 0xffff
            }]
        );
        // The measured case: strongSwan held 1025-5000 as one block, 0/0xe000 (0-8191).
        let b = blocks("1025-5000");
        assert!(
            b.iter()
                .all(|b| b.range().start() >= 1025 && b.range().end() <= 5000)
        );
        assert_eq!(
            b.iter()
                .map(|b| b.range())
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum::<u32>(),
            3976
        );
        assert_eq!(blocks("5000-5100").len(), 7);
        assert_eq!(
            blocks("49152-65535"),
            vec![PortBlock {
                port: 49152,
                mask: 0xc000
            }]
        );
    }

    proptest::proptest! {
        /// Prefixes written digit by digit read as ipnet displays them.
        #[test]
        fn prefix_text_is_ipnets_display(address in proptest::prelude::any::<u32>(), len in 0u8..=32) {
            let net = IpNet::V4(
                ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(address), len).unwrap(),
            );
            proptest::prop_assert_eq!(prefix_text(&net), net.to_string());
            let v6 = IpNet::V6(ipnet::Ipv6Net::new(u128::from(address).into(), len).unwrap());
            proptest::prop_assert_eq!(prefix_text(&v6), v6.to_string());
        }

        #[test]
        fn port_blocks_cover_the_range_exactly(a in 0u16.., b in 0u16..) {
            let r = PortRange::new(a.min(b), a.max(b)).unwrap();
            let blocks = r.blocks();
            // Disjoint, in order, adjacent, each aligned: their union is the range.
            let mut next = u32::from(r.start());
            for b in &blocks {
                let br = b.range();
                proptest::prop_assert_eq!(u32::from(br.start()), next);
                proptest::prop_assert_eq!(b.port & !b.mask, 0);
                proptest::prop_assert!(b.mask.leading_ones() + b.mask.trailing_zeros() == 16);
                next = u32::from(br.end()) + 1;
            }
            proptest::prop_assert_eq!(next, u32::from(r.end()) + 1);
            // A range needs at most two blocks per bit of the port.
            proptest::prop_assert!(blocks.len() <= 32);
        }

        #[test]
        fn address_sets_search_as_a_scan_would(
            a in proptest::collection::vec((0u32.., 0u8..=32, proptest::bool::ANY), 0..12),
            b in proptest::collection::vec((0u32.., 0u8..=32, proptest::bool::ANY), 0..12),
            probes in proptest::collection::vec((0u32.., proptest::bool::ANY), 1..8),
        ) {
            // Small addresses in a few blocks so that prefixes nest and touch; both
            // families, /0 included.
            let net = |(bits, len, v6): (u32, u8, bool)| -> IpNet {
                let bits = bits & 0xC000_00FF;
                if v6 {
                    ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(u128::from(bits) << 96), len * 4).unwrap().into()
                } else {
                    ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(bits), len).unwrap().into()
                }
            };
            let x = AddrSet::from_prefixes(a.into_iter().map(net));
            let y = AddrSet::from_prefixes(b.into_iter().map(net));
            let naive = x.prefixes().iter().any(|p| {
                y.prefixes().iter().any(|o| o.contains(&p.network()) || p.contains(&o.network()))
            });
            proptest::prop_assert_eq!(x.intersects(&y), naive);
            proptest::prop_assert_eq!(y.intersects(&x), naive);
            for (bits, v6) in probes {
                let addr = net((bits, 32, v6)).addr();
                let naive = x.prefixes().iter().any(|p| p.contains(&addr));
                proptest::prop_assert_eq!(x.contains(addr), naive);
            }
        }
    }

    #[test]
    fn port_sets_merge_overlapping_and_adjacent_ranges() {
        let s = set(&["445", "135", "136-140", "49152-65535", "50000-50010"]);
        assert_eq!(s.to_string(), "135-140,445,49152-65535");
        assert!(s.contains(137) && s.contains(65535) && !s.contains(141));
        assert!(set(&["0-65535"]).is_any());
        assert_eq!(set(&["1-2"]).union(&set(&["3"])), set(&["1-3"]));
        assert!(set(&["80", "443"]).intersects(&set(&["400-500"])));
        assert!(set(&["445"]).is_subset(&set(&["135", "400-500"])));
        assert!(!set(&["445", "600"]).is_subset(&set(&["400-500"])));
        assert!(!set(&["80", "443"]).intersects(&set(&["81-442", "444"])));
    }

    #[test]
    fn addr_sets_aggregate_and_order_v4_before_v6() {
        let a = AddrSet::from_prefixes(
            ["fd00::/64", "10.0.1.0/24", "10.0.0.0/24", "10.0.0.5/32"]
                .iter()
                .map(|t| t.parse::<IpNet>().unwrap()),
        );
        assert_eq!(a.to_string(), "10.0.0.0/23,fd00::/64");
        assert!(a.contains("10.0.1.9".parse().unwrap()));
        assert!(AddrSet::any().is_any());
        let inside = AddrSet::from_prefixes(
            ["10.0.0.0/8", "fd00::/8"]
                .iter()
                .map(|t| t.parse::<IpNet>().unwrap()),
        );
        let outside = inside.complement();
        assert!(!outside.contains("10.1.2.3".parse().unwrap()));
        assert!(
            outside.contains("11.0.0.1".parse().unwrap())
                && outside.contains("9.255.255.255".parse().unwrap())
        );
        assert!(
            outside.contains("2001:db8::1".parse().unwrap())
                && !outside.contains("fd12::1".parse().unwrap())
        );
        assert_eq!(outside.union(&inside), AddrSet::any());
        assert_eq!(AddrSet::default().complement(), AddrSet::any());
        assert!(AddrSet::any().complement().is_empty());
        let a = AddrSet::from_prefixes(["10.1.2.0/24"].iter().map(|t| t.parse::<IpNet>().unwrap()));
        assert!(a.is_subset(&inside) && !inside.is_subset(&a) && a.intersects(&inside));
        assert!(!a.intersects(&outside));
        assert_eq!(
            AddrSet::from_addrs(["10.1.1.1".parse().unwrap()]).to_string(),
            "10.1.1.1"
        );
    }

    proptest::proptest! {
        #[test]
        fn addr_set_contains_agrees_with_a_linear_scan(nets in proptest::collection::vec((0u32..64, 24u8..=32), 0..20), probe in 0u32..64) {
            let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0));
            let prefixes: Vec<IpNet> = nets.iter().map(|&(n, len)| IpNet::V4(ipnet::Ipv4Net::new((base + n * 64).into(), len).unwrap())).collect();
            let set = AddrSet::from_prefixes(prefixes.clone());
            let addr = IpAddr::V4((base + probe * 64 + 3).into());
            proptest::prop_assert_eq!(set.contains(addr), prefixes.iter().any(|p| p.trunc().contains(&addr)));
        }

        #[test]
        fn port_set_contains_exactly_the_union(ranges in proptest::collection::vec((0u16..200, 0u16..20), 0..12), probe in 0u16..230) {
            let rs: Vec<PortRange> = ranges.iter().map(|&(a, w)| PortRange::new(a, a + w).unwrap()).collect();
            let s = PortSet::from_ranges(rs.clone());
            proptest::prop_assert_eq!(s.contains(probe), rs.iter().any(|r| r.contains(probe)));
            proptest::prop_assert!(s.ranges().windows(2).all(|w| u32::from(w[0].end()) + 1 < u32::from(w[1].start())));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_short_text_of_digits_and_dots_reads_as_the_standard_parser_reads_it(
            text in "[0-9.]{0,17}|[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}[ /a]?",
        ) {
            proptest::prop_assert_eq!(
                dotted_quad(text.as_bytes()),
                text.parse::<std::net::Ipv4Addr>().ok(),
                "{:?}", text
            );
        }

        #[test]
        fn every_address_written_out_reads_back(address in proptest::prelude::any::<u32>()) {
            let address = std::net::Ipv4Addr::from(address);
            proptest::prop_assert_eq!(dotted_quad(address.to_string().as_bytes()), Some(address));
        }
    }

    #[test]
    fn dotted_quads_read_as_the_standard_parser_reads_them() {
        for text in [
            "10.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1..2.3",
            "a.b.c.d",
            "",
            "1.2.3.4 ",
            "fe80::1",
            "00.1.2.3",
            "1.2.3.04",
            "1.2.3.40",
            "255.255.255.256",
            "1.2.3.4.",
            ".1.2.3",
            "1.2.3.4000",
            "1.2.3.-4",
            "1.2.3.4\n",
            "1.2.3.\u{e9}",
            "9.9.9.9\u{0}",
            "1.2.3.+4",
            "0.0.0.00",
            "100.200.250.255",
            "1000.2.3.4",
        ] {
            assert_eq!(
                dotted_quad(text.as_bytes()),
                text.parse::<std::net::Ipv4Addr>().ok(),
                "{text:?}"
            );
        }
    }
}
