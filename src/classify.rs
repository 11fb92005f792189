//! First-match packet classification: given selectors in priority order (source and
//! destination address ranges, protocol, source and destination port ranges), find the
//! first one a packet header matches, without scanning them all.
//!
//! This module owns the lookup structure only; what a selector means (a host's IPsec
//! rule, a ClassBench filter) belongs to its caller. It depends on nothing else in cordon.
//!
//! The structure is a decision tree in the manner of HyperSplit (Qi et al., 2009): each
//! inner node halves one dimension at the rule boundary that best balances the rules on
//! both sides, and each leaf holds at most [`LEAF_SIZE`] rules, scanned in priority order.
//! Two cuts keep the tree small where rules overlap heavily (firewall sets full of
//! wildcards): a node drops every rule below the first one that covers the node's whole
//! box, because no packet that reaches the node can get past that rule; and a node whose
//! rules cannot be separated any further becomes a leaf. Addresses are `u128` so that IPv4
//! and IPv6 share one tree; the family is folded into the protocol dimension, so that an
//! IPv6 range can never match an IPv4 header. A tree of IPv4 rules only is then compiled
//! to 32 bits. A lookup steps down without branching on the cut (the two children sit
//! side by side), tests a leaf's hull before its rules, and tests a rule with one
//! comparison per dimension.

use crate::net::PortRange;

/// How many rules a leaf holds at most before the builder tries to split it.
pub const LEAF_SIZE: usize = 16;

/// A tree never gets deeper than this; a node at this depth becomes a leaf whatever it
/// holds (a guard against pathological inputs, not a tuning knob).
const MAX_DEPTH: usize = 48;

/// An address family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IPv4: addresses are the 32-bit value.
    V4,
    /// IPv6: addresses are the 128-bit value.
    V6,
}

impl Family {
    fn base(self) -> u128 {
        match self {
            Family::V4 => 0,
            Family::V6 => 256,
        }
    }
}

/// An inclusive range of addresses of one family, as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AddrRange {
    /// The lowest address.
    pub first: u128,
    /// The highest address.
    pub last: u128,
}

impl AddrRange {
    /// Every address of the family.
    pub fn any(family: Family) -> Self {
        AddrRange {
            first: 0,
            last: match family {
                Family::V4 => u128::from(u32::MAX),
                Family::V6 => u128::MAX,
            },
        }
    }

    /// The addresses of a prefix, with its family.
    pub fn of_prefix(net: &ipnet::IpNet) -> (Family, Self) {
        match net {
            ipnet::IpNet::V4(n) => (
                Family::V4,
                AddrRange {
                    first: u128::from(u32::from(n.network())),
                    last: u128::from(u32::from(n.broadcast())),
                },
            ),
            ipnet::IpNet::V6(n) => (
                Family::V6,
                AddrRange {
                    first: u128::from(n.network()),
                    last: u128::from(n.broadcast()),
                },
            ),
        }
    }
}

/// An inclusive range of IP protocol numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtocolRange {
    /// The lowest protocol number.
    pub first: u8,
    /// The highest protocol number.
    pub last: u8,
}

impl ProtocolRange {
    /// Every protocol.
    pub const ANY: ProtocolRange = ProtocolRange {
        first: 0,
        last: 255,
    };

    /// Exactly one protocol.
    pub fn exactly(protocol: u8) -> Self {
        ProtocolRange {
            first: protocol,
            last: protocol,
        }
    }
}

/// One rule's match condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Selector {
    /// The family of both addresses.
    pub family: Family,
    /// Source addresses.
    pub source: AddrRange,
    /// Destination addresses.
    pub destination: AddrRange,
    /// IP protocols.
    pub protocol: ProtocolRange,
    /// Source ports (any for protocols without ports).
    pub source_ports: PortRange,
    /// Destination ports.
    pub destination_ports: PortRange,
}

/// The fields of a packet that selectors look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// The family of both addresses.
    pub family: Family,
    /// Source address as an integer.
    pub source: u128,
    /// Destination address as an integer.
    pub destination: u128,
    /// IP protocol number.
    pub protocol: u8,
    /// Source port (0 for protocols without ports).
    pub source_port: u16,
    /// Destination port (0 for protocols without ports).
    pub destination_port: u16,
}

const DIMS: usize = 5;

/// A selector as five inclusive integer ranges: source, destination, family+protocol,
/// source port, destination port.
#[derive(Clone, Copy, Debug)]
struct Boxed {
    lo: [u128; DIMS],
    hi: [u128; DIMS],
}

impl Boxed {
    fn of(s: &Selector) -> Self {
        let base = s.family.base();
        Boxed {
            lo: [
                s.source.first,
                s.destination.first,
                base + u128::from(s.protocol.first),
                u128::from(s.source_ports.start()),
                u128::from(s.destination_ports.start()),
            ],
            hi: [
                s.source.last,
                s.destination.last,
                base + u128::from(s.protocol.last),
                u128::from(s.source_ports.end()),
                u128::from(s.destination_ports.end()),
            ],
        }
    }

    /// A bit for each address dimension the rule spans half of or more. (Categories by
    /// protocol and port width too were measured: more trees, slower lookups, no gain.)
    fn wide_dims(&self) -> u8 {
        // Half of the family's address space (the protocol dimension tells the family).
        let full = if self.lo[2] < 256 {
            u128::from(u32::MAX)
        } else {
            u128::MAX
        };
        let mut bits = 0;
        for d in 0..2 {
            if self.hi[d] - self.lo[d] >= full / 2 {
                bits |= 1 << d;
            }
        }
        bits
    }

    fn everything() -> Self {
        Boxed {
            lo: [0; DIMS],
            hi: [u128::MAX, u128::MAX, 511, 65535, 65535],
        }
    }

    #[inline]
    fn contains(&self, point: &[u128; DIMS]) -> bool {
        (0..DIMS).all(|d| self.lo[d] <= point[d] && point[d] <= self.hi[d])
    }

    fn covers(&self, other: &Boxed) -> bool {
        (0..DIMS).all(|d| self.lo[d] <= other.lo[d] && other.hi[d] <= self.hi[d])
    }

    fn overlaps(&self, other: &Boxed) -> bool {
        (0..DIMS).all(|d| self.lo[d] <= other.hi[d] && other.lo[d] <= self.hi[d])
    }
}

fn point(h: &Header) -> [u128; DIMS] {
    [
        h.source,
        h.destination,
        h.family.base() + u128::from(h.protocol),
        u128::from(h.source_port),
        u128::from(h.destination_port),
    ]
}

/// The width a tree's addresses are held in: a tree of IPv4 rules only is compiled to
/// 32 bits (a node of 16 bytes instead of 48, a leaf rule of 32 instead of 80: a lookup
/// reads a third of the memory, and compares single words).
trait Width: Copy + Ord + std::fmt::Debug {
    /// `v` in this width; values beyond it (only the "everything" bound of a tree of
    /// IPv4 rules) saturate, which keeps every comparison with a 32-bit point the same.
    fn of(v: u128) -> Self;
    /// `self - other`, wrapping.
    fn minus(self, other: Self) -> Self;
}

impl Width for u32 {
    fn of(v: u128) -> Self {
        u32::try_from(v).unwrap_or(u32::MAX)
    }
    #[inline(always)]
    fn minus(self, other: Self) -> Self {
        self.wrapping_sub(other)
    }
}

impl Width for u128 {
    fn of(v: u128) -> Self {
        v
    }
    #[inline(always)]
    fn minus(self, other: Self) -> Self {
        self.wrapping_sub(other)
    }
}

/// A rule inside a leaf, packed: leaves are scanned, so a rule should take few cache
/// lines. Each dimension is its first value and how many follow (`x` is inside when
/// `x - first`, wrapping, is at most that: one comparison, not two). The protocol and
/// port dimensions fit in 16 bits.
#[derive(Clone, Copy, Debug)]
struct LeafRule<W> {
    /// Source and destination addresses.
    address_first: [W; 2],
    address_span: [W; 2],
    /// Protocol (with the family's base), source port, destination port.
    small_first: [u16; 3],
    small_span: [u16; 3],
    /// The rule's priority: its index in the caller's list.
    index: u32,
}

impl LeafRule<u128> {
    fn of(b: &Boxed, index: u32) -> Self {
        let small = |v: u128| u16::try_from(v).unwrap_or(u16::MAX);
        let small_first = [small(b.lo[2]), small(b.lo[3]), small(b.lo[4])];
        let small_last = [small(b.hi[2]), small(b.hi[3]), small(b.hi[4])];
        LeafRule {
            address_first: [b.lo[0], b.lo[1]],
            address_span: [b.hi[0] - b.lo[0], b.hi[1] - b.lo[1]],
            small_first,
            small_span: [0, 1, 2].map(|d| small_last[d] - small_first[d]),
            index,
        }
    }

    fn narrow<W: Width>(&self) -> LeafRule<W> {
        let first = self.address_first.map(W::of);
        let last = [0, 1].map(|d| W::of(self.address_first[d] + self.address_span[d]));
        LeafRule {
            address_first: first,
            address_span: [0, 1].map(|d| last[d].minus(first[d])),
            small_first: self.small_first,
            small_span: self.small_span,
            index: self.index,
        }
    }
}

impl<W: Width> LeafRule<W> {
    #[inline]
    fn contains(&self, p: &PointOf<W>) -> bool {
        // Counted as integers, not `&&`: five comparisons and one branch, rather than up
        // to five branches that a scan over a leaf mispredicts.
        let outside = u8::from(p.dims[0].minus(self.address_first[0]) > self.address_span[0])
            | u8::from(p.dims[1].minus(self.address_first[1]) > self.address_span[1])
            | u8::from(p.small[0].wrapping_sub(self.small_first[0]) > self.small_span[0])
            | u8::from(p.small[1].wrapping_sub(self.small_first[1]) > self.small_span[1])
            | u8::from(p.small[2].wrapping_sub(self.small_first[2]) > self.small_span[2]);
        outside == 0
    }
}

/// A header as a tree of one width sees it: five dimensions for the inner nodes, and the
/// three small ones again in 16 bits for the leaves.
struct PointOf<W> {
    dims: [W; DIMS],
    small: [u16; 3],
}

/// A header as the trees see it: in 128 bits, and in 32 bits when it is IPv4.
struct Point {
    wide: PointOf<u128>,
    narrow: Option<PointOf<u32>>,
}

impl Point {
    #[inline]
    fn of(h: &Header) -> Self {
        let proto = h.family.base() as u16 + u16::from(h.protocol);
        let small = [proto, h.source_port, h.destination_port];
        Point {
            wide: PointOf {
                dims: point(h),
                small,
            },
            narrow: (h.family == Family::V4).then(|| PointOf {
                dims: [
                    u32::of(h.source),
                    u32::of(h.destination),
                    u32::from(proto),
                    u32::from(h.source_port),
                    u32::from(h.destination_port),
                ],
                small,
            }),
        }
    }
}

/// A tree node. Inner: `dim`/`threshold`, children `a` (≤ threshold) and `b` (>).
/// Leaf: `leaf_rules[a..b]`, the leaf's hull first, then its rules in priority order.
#[derive(Clone, Copy, Debug)]
struct Node<W> {
    threshold: W,
    a: u32,
    b: u32,
    dim: u8,
    leaf: bool,
}

impl Node<u128> {
    const BLANK: Self = Node {
        threshold: 0,
        a: 0,
        b: 0,
        dim: 0,
        leaf: true,
    };
}

/// A tree's nodes and leaves, in one width.
#[derive(Clone, Debug)]
struct Compiled<W> {
    nodes: Vec<Node<W>>,
    leaf_rules: Vec<LeafRule<W>>,
}

impl Compiled<u128> {
    fn narrow<W: Width>(&self) -> Compiled<W> {
        Compiled {
            nodes: self
                .nodes
                .iter()
                .map(|n| Node {
                    threshold: W::of(n.threshold),
                    a: n.a,
                    b: n.b,
                    dim: n.dim,
                    leaf: n.leaf,
                })
                .collect(),
            leaf_rules: self.leaf_rules.iter().map(LeafRule::narrow).collect(),
        }
    }
}

impl<W: Width> Compiled<W> {
    /// The better of `found` and this tree's first match.
    #[inline]
    fn lookup(&self, p: &PointOf<W>, found: u32) -> u32 {
        let mut n = 0usize;
        while let Some(node) = self.nodes.get(n) {
            if node.leaf {
                let Some((hull, rules)) = self
                    .leaf_rules
                    .get(node.a as usize..node.b as usize)
                    .and_then(|leaf| leaf.split_first())
                else {
                    break;
                };
                // Most leaves a header reaches hold nothing it matches (its match is in
                // another tree): one test against their hull spares scanning them.
                if hull.index >= found || !hull.contains(p) {
                    break;
                }
                for r in rules {
                    if r.index >= found {
                        break;
                    }
                    if r.contains(p) {
                        return r.index;
                    }
                }
                break;
            }
            // The children are side by side (b = a + 1): the step is arithmetic, not a
            // branch the processor would mispredict half of the time.
            n = node.a as usize + usize::from(p.dims[node.dim as usize] > node.threshold);
        }
        found
    }

    /// Adds this tree's sizes to `s`.
    fn add_sizes(&self, s: &mut Stats) {
        let leaves = || self.nodes.iter().filter(|n| n.leaf);
        s.nodes += self.nodes.len();
        // Every leaf's first entry is its hull, not a rule.
        s.leaf_entries += self.leaf_rules.len() - leaves().count();
        s.largest_leaf = s.largest_leaf.max(
            leaves()
                .map(|n| (n.b - n.a) as usize - 1)
                .max()
                .unwrap_or(0),
        );
        s.bytes += self.nodes.len() * std::mem::size_of::<Node<W>>()
            + self.leaf_rules.len() * std::mem::size_of::<LeafRule<W>>();
    }
}

/// A tree compiled to the narrowest width its rules allow.
#[derive(Clone, Debug)]
enum Shape {
    Narrow(Compiled<u32>),
    Wide(Compiled<u128>),
}

/// Sizes of a built classifier, for benchmarks and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Selectors given.
    pub rules: usize,
    /// Trees (one per category of wide dimensions).
    pub trees: usize,
    /// Tree nodes (inner and leaves).
    pub nodes: usize,
    /// Rule copies held by leaves (≥ rules that can match anything; replication shows here).
    pub leaf_entries: usize,
    /// The deepest leaf.
    pub depth: usize,
    /// The most rules one leaf holds (a lookup scans at most this many per tree).
    pub largest_leaf: usize,
    /// Bytes held by the structure.
    pub bytes: usize,
}

/// A first-match classifier over selectors in priority order.
///
/// Rules that are wide in a dimension (half of it or more, a wildcard typically) are
/// copied into both halves of every cut of that dimension: one tree over ClassBench's
/// fw1_10k, where most rules have one wildcard address, held 64 million rule copies in
/// 11 GB. So rules are first sorted into categories by which address they are wide in (as
/// EffiCuts does), one tree per category (at most four); a lookup asks the trees in order of their best rule and stops as
/// soon as no remaining tree can hold an earlier match.
#[derive(Clone, Debug)]
pub struct Classifier {
    trees: Vec<Tree>,
    rules: usize,
}

impl Classifier {
    /// Builds the trees. Selector `i` has priority `i` (0 is the highest).
    pub fn new(selectors: &[Selector]) -> Self {
        let boxes: Vec<Boxed> = selectors.iter().map(Boxed::of).collect();
        let mut categories: std::collections::BTreeMap<u8, Vec<u32>> = Default::default();
        for (i, b) in boxes.iter().enumerate() {
            categories.entry(b.wide_dims()).or_default().push(i as u32);
        }
        let mut trees: Vec<Tree> = categories
            .into_values()
            .map(|rules| Tree::new(&boxes, rules))
            .collect();
        trees.sort_by_key(|t| t.best);
        Classifier {
            trees,
            rules: selectors.len(),
        }
    }

    /// The index of the first selector the header matches.
    #[inline]
    pub fn lookup(&self, header: &Header) -> Option<usize> {
        let p = Point::of(header);
        let mut found = u32::MAX;
        for tree in &self.trees {
            // Trees are in order of their best rule: once a match beats it, stop.
            if found < tree.best {
                break;
            }
            found = tree.lookup(&p, found);
        }
        (found != u32::MAX).then_some(found as usize)
    }

    /// Sizes of the structure.
    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            rules: self.rules,
            trees: self.trees.len(),
            nodes: 0,
            leaf_entries: 0,
            depth: 0,
            largest_leaf: 0,
            bytes: 0,
        };
        for t in &self.trees {
            match &t.shape {
                Shape::Narrow(c) => c.add_sizes(&mut s),
                Shape::Wide(c) => c.add_sizes(&mut s),
            }
            s.depth = s.depth.max(t.depth);
        }
        s
    }
}

/// One decision tree over a category of rules.
#[derive(Clone, Debug)]
struct Tree {
    shape: Shape,
    depth: usize,
    /// The highest-priority (lowest) rule index in the tree.
    best: u32,
}

impl Tree {
    fn new(boxes: &[Boxed], all: Vec<u32>) -> Self {
        let best = all.first().copied().unwrap_or(u32::MAX);
        let ipv4_only = all.iter().all(|&r| boxes[r as usize].hi[2] < 256);
        let mut c = Compiled {
            nodes: vec![Node::BLANK],
            leaf_rules: Vec::new(),
        };
        let mut deepest = 0;
        // Explicit stack: (node index to fill, its box, its rules, depth).
        let mut stack = vec![(0usize, Boxed::everything(), all, 0usize)];
        while let Some((at, region, mut rules, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            if let Some(k) = rules
                .iter()
                .position(|&r| boxes[r as usize].covers(&region))
            {
                rules.truncate(k + 1);
            }
            let split = if rules.len() <= LEAF_SIZE || depth >= MAX_DEPTH {
                None
            } else {
                best_split(boxes, &rules, &region)
            };
            match split {
                None => {
                    let a = c.leaf_rules.len() as u32;
                    c.leaf_rules.push(hull(boxes, &rules));
                    c.leaf_rules
                        .extend(rules.iter().map(|&r| LeafRule::of(&boxes[r as usize], r)));
                    c.nodes[at] = Node {
                        leaf: true,
                        dim: 0,
                        threshold: 0,
                        a,
                        b: c.leaf_rules.len() as u32,
                    };
                }
                Some((dim, threshold)) => {
                    let mut left_box = region;
                    left_box.hi[dim] = threshold;
                    let mut right_box = region;
                    right_box.lo[dim] = threshold + 1;
                    let left: Vec<u32> = rules
                        .iter()
                        .copied()
                        .filter(|&r| boxes[r as usize].overlaps(&left_box))
                        .collect();
                    let right: Vec<u32> = rules
                        .into_iter()
                        .filter(|&r| boxes[r as usize].overlaps(&right_box))
                        .collect();
                    let a = c.nodes.len();
                    c.nodes.push(Node::BLANK);
                    c.nodes.push(Node::BLANK);
                    c.nodes[at] = Node {
                        leaf: false,
                        dim: dim as u8,
                        threshold,
                        a: a as u32,
                        b: a as u32 + 1,
                    };
                    stack.push((a + 1, right_box, right, depth + 1));
                    stack.push((a, left_box, left, depth + 1));
                }
            }
        }
        Tree {
            shape: if ipv4_only {
                Shape::Narrow(c.narrow())
            } else {
                Shape::Wide(c)
            },
            depth: deepest,
            best,
        }
    }

    /// The better of `found` and this tree's first match.
    #[inline]
    fn lookup(&self, p: &Point, found: u32) -> u32 {
        match (&self.shape, &p.narrow) {
            (Shape::Narrow(c), Some(narrow)) => c.lookup(narrow, found),
            // An IPv6 header matches no rule of an IPv4 tree.
            (Shape::Narrow(_), None) => found,
            (Shape::Wide(c), _) => c.lookup(&p.wide, found),
        }
    }
}

/// A leaf's first entry: the smallest box around its rules, with the index of its best
/// rule (`u32::MAX` for a leaf without rules, which then matches nothing).
fn hull(boxes: &[Boxed], rules: &[u32]) -> LeafRule<u128> {
    let Some(&best) = rules.first() else {
        return LeafRule::of(&Boxed::everything(), u32::MAX);
    };
    let mut around = boxes[best as usize];
    for &r in rules {
        let b = &boxes[r as usize];
        for d in 0..DIMS {
            around.lo[d] = around.lo[d].min(b.lo[d]);
            around.hi[d] = around.hi[d].max(b.hi[d]);
        }
    }
    LeafRule::of(&around, best)
}

/// The first selector a header matches, by scanning them all: the definition the tree
/// must agree with.
pub fn linear_lookup(selectors: &[Selector], header: &Header) -> Option<usize> {
    let p = point(header);
    selectors.iter().position(|s| Boxed::of(s).contains(&p))
}

/// The dimension and threshold that best separate `rules` inside `region`: the one whose
/// larger side holds the fewest rules (ties: fewest copies in all). `None` when no cut
/// leaves fewer rules on both sides than there are now.
fn best_split(boxes: &[Boxed], rules: &[u32], region: &Boxed) -> Option<(usize, u128)> {
    let n = rules.len();
    let mut best: Option<(usize, usize, usize, u128)> = None; // (max, sum, dim, t)
    let mut los: Vec<u128> = Vec::with_capacity(n);
    let mut his: Vec<u128> = Vec::with_capacity(n);
    for dim in 0..DIMS {
        los.clear();
        his.clear();
        for &r in rules {
            let b = &boxes[r as usize];
            los.push(b.lo[dim].max(region.lo[dim]));
            his.push(b.hi[dim].min(region.hi[dim]));
        }
        los.sort_unstable();
        his.sort_unstable();
        // Cutting at t sends [lo, t] left and [t + 1, hi] right: the useful cuts are just
        // below a rule's start and at a rule's end.
        let mut candidates: Vec<u128> = los
            .iter()
            .filter(|&&lo| lo > region.lo[dim])
            .map(|&lo| lo - 1)
            .chain(his.iter().copied().filter(|&hi| hi < region.hi[dim]))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for &t in &candidates {
            let left = los.partition_point(|&lo| lo <= t);
            let right = n - his.partition_point(|&hi| hi <= t);
            if left.max(right) >= n {
                continue;
            }
            let key = (left.max(right), left + right);
            if best.is_none_or(|(m, s, _, _)| key < (m, s)) {
                best = Some((key.0, key.1, dim, t));
            }
        }
    }
    best.map(|(_, _, dim, t)| (dim, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(src: (u128, u128), dst: (u128, u128), proto: Option<u8>, dport: (u16, u16)) -> Selector {
        Selector {
            family: Family::V4,
            source: AddrRange {
                first: src.0,
                last: src.1,
            },
            destination: AddrRange {
                first: dst.0,
                last: dst.1,
            },
            protocol: proto.map_or(ProtocolRange::ANY, ProtocolRange::exactly),
            source_ports: PortRange::new(0, 65535).unwrap_or(PortRange::single(0)),
            destination_ports: PortRange::new(dport.0, dport.1).unwrap_or(PortRange::single(0)),
        }
    }

    fn hdr(family: Family, src: u128, dst: u128, proto: u8, dport: u16) -> Header {
        Header {
            family,
            source: src,
            destination: dst,
            protocol: proto,
            source_port: 40000,
            destination_port: dport,
        }
    }

    #[test]
    fn first_match_wins_and_families_never_mix() {
        let rules = vec![
            sel((10, 10), (20, 20), Some(6), (445, 445)),
            sel((0, 100), (0, 100), None, (0, 65535)),
        ];
        let c = Classifier::new(&rules);
        assert_eq!(c.lookup(&hdr(Family::V4, 10, 20, 6, 445)), Some(0));
        assert_eq!(c.lookup(&hdr(Family::V4, 10, 20, 6, 80)), Some(1));
        assert_eq!(c.lookup(&hdr(Family::V4, 101, 20, 6, 80)), None);
        assert_eq!(c.lookup(&hdr(Family::V6, 10, 20, 6, 445)), None);
    }

    #[test]
    fn agrees_with_the_linear_scan_on_many_overlapping_rules() {
        // Deterministic pseudo-random rules with wildcards, nested ranges and duplicates.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut rules = Vec::new();
        for _ in 0..400 {
            let a = u128::from(next() % 64);
            let b = a + u128::from(next() % 32);
            let c = u128::from(next() % 64);
            let d = if next() % 4 == 0 {
                255
            } else {
                c + u128::from(next() % 8)
            };
            let p = (next() % 1000) as u16;
            let proto = match next() % 3 {
                0 => None,
                1 => Some(6),
                _ => Some(17),
            };
            rules.push(sel((a, b), (c, d), proto, (p, p + (next() % 50) as u16)));
        }
        let c = Classifier::new(&rules);
        for _ in 0..20_000 {
            let h = hdr(
                Family::V4,
                u128::from(next() % 100),
                u128::from(next() % 260),
                if next() % 2 == 0 { 6 } else { 17 },
                (next() % 1100) as u16,
            );
            assert_eq!(c.lookup(&h), linear_lookup(&rules, &h), "{h:?}");
        }
        let s = c.stats();
        assert!(s.nodes > 1 && s.depth > 0, "{s:?}");
    }

    #[test]
    fn an_empty_rule_list_matches_nothing() {
        let c = Classifier::new(&[]);
        assert_eq!(c.lookup(&hdr(Family::V4, 1, 2, 6, 80)), None);
    }
}
