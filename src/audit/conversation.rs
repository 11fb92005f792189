//! Conversations: packets grouped by protocol and both ends (address and port), both
//! directions merged, as `tshark -z conv` does. Memory grows with the number of
//! conversations, never with the number of packets.
//!
//! Later IP fragments carry no ports; they are counted in the conversation of their first
//! fragment (found by source, destination, protocol and datagram id), whichever was
//! captured first: fragments that arrive before their first one wait for it. Those whose
//! first fragment never comes are counted, at the end of the capture, in a port-less
//! conversation of the address pair.

use foldhash::HashMap;

use crate::classify::Family;

use super::packet::{Carried, Packet, TCP_ACK, TCP_SYN, proto};

/// A conversation's identity, with the lower (address, port) end first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConversationKey {
    /// Address family.
    pub family: Family,
    /// IP protocol number.
    pub protocol: u8,
    /// The lower end's address.
    pub a: u128,
    /// The lower end's port (0 without ports).
    pub a_port: u16,
    /// The higher end's address.
    pub b: u128,
    /// The higher end's port.
    pub b_port: u16,
}

impl std::hash::Hash for ConversationKey {
    /// Three words instead of six fields: the key is hashed once per packet.
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u128(self.a);
        state.write_u128(self.b);
        state.write_u64(
            u64::from(self.a_port)
                | u64::from(self.b_port) << 16
                | u64::from(self.protocol) << 32
                | u64::from(self.family == Family::V6) << 40,
        );
    }
}

/// What was seen of a conversation.
///
/// Laid out in this order (`repr(C)`): what every packet or record changes first, the
/// counts most conversations keep at zero after. Adding a record to a large table then
/// writes one stretch of the entry, not all of it (a conn.log of 100,000 conversations:
/// 5% less time, interleaved runs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct ConversationStats {
    /// Packets from `a` to `b`, and from `b` to `a`.
    pub packets: [u64; 2],
    /// Bytes on the wire (frame lengths), likewise.
    pub bytes: [u64; 2],
    /// First and last capture time, nanoseconds since the epoch.
    pub first_ns: u64,
    /// Last capture time.
    pub last_ns: u64,
    /// Which end sent a SYN without ACK (0: a, 1: b), if any did.
    pub syn_from: Option<u8>,
    /// Packets that were ESP (IP 50) or ESP in UDP.
    pub esp_packets: u64,
    /// IKE packets (UDP 500, or 4500 with the non-ESP marker).
    pub ike_packets: u64,
    /// NAT-T keepalives (UDP 4500, the one byte 0xFF): they keep a NAT mapping open and
    /// say nothing about a negotiation.
    pub keepalive_packets: u64,
    /// Packets behind AH only (readable).
    pub ah_packets: u64,
    /// IP fragments counted here.
    pub fragments: u64,
}

impl ConversationStats {
    /// All packets, both directions.
    pub fn total_packets(&self) -> u64 {
        self.packets[0].saturating_add(self.packets[1])
    }

    /// All bytes, both directions.
    pub fn total_bytes(&self) -> u64 {
        self.bytes[0].saturating_add(self.bytes[1])
    }

    /// Packets whose payload anyone on the path could read.
    pub fn readable_packets(&self) -> u64 {
        self.total_packets()
            .saturating_sub(self.esp_packets)
            .saturating_sub(self.ike_packets)
            .saturating_sub(self.keepalive_packets)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FragmentKey {
    family: Family,
    source: u128,
    destination: u128,
    protocol: u8,
    id: u32,
}

/// Bound on remembered first fragments: enough for any real reassembly window, and a
/// capture of nothing but fragments cannot grow it without limit.
const MAX_FRAGMENTS: usize = 1 << 16;

/// An IPv4 conversation's identity in two words: each end as address << 16 | port, the
/// lower end first, and the protocol in the low byte of the second word. Ordering the
/// ends is one comparison, hashing two words, comparing two words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct V4Key(u64, u64);

impl V4Key {
    /// The key of a conversation between two IPv4 ends, and whether `from` is its lower
    /// end (as for [`ConversationKey`], ends compare by address, then port).
    #[inline(always)]
    pub fn between(from: (u32, u16), to: (u32, u16), protocol: u8) -> (Self, bool) {
        let from = V4Key::end(u128::from(from.0), from.1);
        let to = V4Key::end(u128::from(to.0), to.1);
        if from <= to {
            (V4Key::new(from, to, protocol), true)
        } else {
            (V4Key::new(to, from, protocol), false)
        }
    }

    /// One end (an IPv4 address, held in the low 32 bits, and a port) as a word.
    #[inline]
    fn end(address: u128, port: u16) -> u64 {
        (address as u64 & 0xFFFF_FFFF) << 16 | u64::from(port)
    }

    #[inline]
    fn new(lower: u64, higher: u64, protocol: u8) -> Self {
        V4Key(lower, higher << 8 | u64::from(protocol))
    }

    /// The key of an IPv4 packet, and the packet's direction (0: from the lower end).
    #[inline(always)]
    fn of_packet(p: &Packet) -> (Self, usize) {
        // An IPv4 packet's addresses are held in the low 32 bits.
        let (key, from_lower) = V4Key::between(
            (p.source as u32, p.source_port),
            (p.destination as u32, p.destination_port),
            p.protocol,
        );
        (key, usize::from(!from_lower))
    }

    fn conversation_key(self) -> ConversationKey {
        ConversationKey {
            family: Family::V4,
            protocol: self.1 as u8,
            a: u128::from(self.0 >> 16),
            a_port: self.0 as u16,
            b: u128::from(self.1 >> 24),
            b_port: (self.1 >> 8) as u16,
        }
    }

    /// The key of an IPv4 conversation.
    pub fn of(key: &ConversationKey) -> Self {
        V4Key::new(
            V4Key::end(key.a, key.a_port),
            V4Key::end(key.b, key.b_port),
            key.protocol,
        )
    }
}

/// The conversation table.
#[derive(Default)]
pub struct Conversations {
    /// IPv4 conversations (most packets) by their compact key → index into `entries`.
    v4: HashMap<V4Key, u32>,
    /// IPv6 conversations → index into `entries`.
    v6: HashMap<ConversationKey, u32>,
    entries: Vec<(ConversationKey, ConversationStats)>,
    fragments: HashMap<FragmentKey, ConversationKey>,
    /// Later fragments whose first fragment has not been seen yet: when the first of them
    /// came (a count), their port-less key, whether their source is its `a` end, and their
    /// counts as sent by their source (direction 0).
    waiting: HashMap<FragmentKey, (u64, ConversationKey, bool, ConversationStats)>,
    /// Datagrams that started waiting so far: orders what waits by capture order.
    waited: u64,
}

impl ConversationStats {
    fn opened(timestamp_ns: u64) -> Self {
        ConversationStats {
            first_ns: timestamp_ns,
            last_ns: timestamp_ns,
            ..ConversationStats::default()
        }
    }

    /// What one packet (not a later fragment) says of its conversation.
    #[inline(always)]
    fn of_packet(dir: usize, p: &Packet, wire_len: u32, timestamp_ns: u64) -> Self {
        let mut stats = ConversationStats::opened(timestamp_ns);
        stats.count(dir, p, wire_len, timestamp_ns);
        stats
    }

    /// Counts a packet (all of it but a later fragment, which has no transport header).
    #[inline(always)]
    fn count(&mut self, dir: usize, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        self.packets[dir & 1] += 1;
        self.bytes[dir & 1] += u64::from(wire_len);
        self.first_ns = self.first_ns.min(timestamp_ns);
        self.last_ns = self.last_ns.max(timestamp_ns);
        // Additions rather than a branch on what the packet carries: the mix is
        // unpredictable packet to packet.
        let carried = p.carried;
        self.esp_packets += u64::from(matches!(carried, Carried::Esp | Carried::EspInUdp));
        self.ike_packets += u64::from(carried == Carried::Ike);
        self.keepalive_packets += u64::from(carried == Carried::Keepalive);
        self.ah_packets += u64::from(carried == Carried::AuthenticatedOnly);
        if p.protocol == proto::TCP && p.tcp_flags & (TCP_SYN | TCP_ACK) == TCP_SYN {
            self.syn_from.get_or_insert(dir as u8);
        }
    }

    /// The same counts seen from the other end.
    fn reversed(&self) -> Self {
        ConversationStats {
            packets: [self.packets[1], self.packets[0]],
            bytes: [self.bytes[1], self.bytes[0]],
            syn_from: self.syn_from.map(|d| d ^ 1),
            ..*self
        }
    }

    /// Adds what was seen later of the same conversation.
    #[inline]
    fn merge(&mut self, later: &ConversationStats) {
        // Saturating: a conn.log's counts are the log writer's word, not packets seen.
        for dir in 0..2 {
            self.packets[dir] = self.packets[dir].saturating_add(later.packets[dir]);
            self.bytes[dir] = self.bytes[dir].saturating_add(later.bytes[dir]);
        }
        self.first_ns = self.first_ns.min(later.first_ns);
        self.last_ns = self.last_ns.max(later.last_ns);
        self.syn_from = self.syn_from.or(later.syn_from);
        // Adding zeros changes nothing, and skipping them leaves the entry's far end alone.
        let rare = later.esp_packets
            | later.ike_packets
            | later.keepalive_packets
            | later.ah_packets
            | later.fragments;
        if rare == 0 {
            return;
        }
        self.esp_packets = self.esp_packets.saturating_add(later.esp_packets);
        self.ike_packets = self.ike_packets.saturating_add(later.ike_packets);
        self.keepalive_packets = self
            .keepalive_packets
            .saturating_add(later.keepalive_packets);
        self.ah_packets = self.ah_packets.saturating_add(later.ah_packets);
        self.fragments = self.fragments.saturating_add(later.fragments);
    }
}

impl Conversations {
    /// An empty table.
    pub fn new() -> Self {
        Conversations::default()
    }

    /// An empty table with room for `n` conversations (IPv4's, which most are).
    pub fn with_capacity(n: usize) -> Self {
        let mut table = Conversations::default();
        table.v4.reserve(n);
        table.entries.reserve(n);
        table
    }

    /// Counts one packet of `wire_len` bytes captured at `timestamp_ns`. (A large capture
    /// goes through a [`Batcher`] instead: the same counts, faster.)
    pub fn add(&mut self, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        if is_plain_v4(p) {
            let (key, dir) = V4Key::of_packet(p);
            self.merge_v4(
                key,
                &ConversationStats::of_packet(dir, p, wire_len, timestamp_ns),
            );
        } else {
            self.add_slow(p, wire_len, timestamp_ns);
        }
    }

    /// Adds a run of packets of one IPv4 conversation, opening it if it is new.
    #[inline]
    fn merge_v4(&mut self, key: V4Key, run: &ConversationStats) {
        merge_into(
            &mut self.v4,
            &mut self.entries,
            key,
            key.conversation_key(),
            run,
        );
    }

    /// IPv6 packets and IP fragments.
    #[inline(never)]
    fn add_slow(&mut self, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        let fragment_key = p.fragment.map(|f| FragmentKey {
            family: p.family,
            source: p.source,
            destination: p.destination,
            protocol: p.protocol,
            id: f.id,
        });
        let later_fragment = p.fragment.is_some_and(|f| !f.first);
        if let (true, Some(fk)) = (later_fragment, fragment_key)
            && !self.fragments.contains_key(&fk)
        {
            self.wait_for_first(fk, p, wire_len, timestamp_ns);
            return;
        }
        let (key, from_a) = match (later_fragment, fragment_key) {
            (true, Some(fk)) => match self.fragments.get(&fk) {
                Some(k) => (*k, k.a == p.source),
                None => key_of(p),
            },
            _ => key_of(p),
        };
        if let (false, Some(fk)) = (later_fragment, fragment_key) {
            if self.fragments.len() >= MAX_FRAGMENTS {
                self.fragments.clear();
            }
            self.fragments.insert(fk, key);
        }
        let dir = usize::from(!from_a);
        let mut stats = if later_fragment {
            later_fragment_stats(dir, wire_len, timestamp_ns)
        } else {
            ConversationStats::of_packet(dir, p, wire_len, timestamp_ns)
        };
        if p.fragment.is_some() {
            stats.fragments += 1;
        }
        if let (false, Some(fk)) = (later_fragment, fragment_key)
            && let Some((_, _, _, waited)) = self.waiting.remove(&fk)
        {
            // The fragments that came first, in this conversation, and first in it; they
            // were sent by this fragment's source.
            let mut earlier = if from_a { waited } else { waited.reversed() };
            earlier.merge(&stats);
            stats = earlier;
        }
        self.merge_any(key, &stats);
    }

    /// Counts a later fragment whose first fragment has not been seen (yet).
    fn wait_for_first(&mut self, fk: FragmentKey, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        if self.waiting.len() >= MAX_FRAGMENTS {
            // A capture of nothing but stray fragments: count what waits now.
            self.settle_fragments();
        }
        let (key, from_a) = key_of(p);
        let mut stats = later_fragment_stats(0, wire_len, timestamp_ns);
        stats.fragments = 1;
        match self.waiting.get_mut(&fk) {
            Some((_, _, _, s)) => s.merge(&stats),
            None => {
                self.waited += 1;
                self.waiting.insert(fk, (self.waited, key, from_a, stats));
            }
        }
    }

    /// Counts the fragments whose first fragment never came, each in a port-less
    /// conversation of its address pair, in the order they were captured. Called at the
    /// end of a capture.
    pub fn settle_fragments(&mut self) {
        let mut waiting: Vec<(u64, ConversationKey, bool, ConversationStats)> =
            self.waiting.drain().map(|(_, v)| v).collect();
        waiting.sort_unstable_by_key(|(seq, ..)| *seq);
        for (_, key, from_a, stats) in waiting {
            let stats = if from_a { stats } else { stats.reversed() };
            self.merge_any(key, &stats);
        }
    }

    /// Adds a run to its conversation, IPv4 or IPv6.
    fn merge_any(&mut self, key: ConversationKey, stats: &ConversationStats) {
        // Every IPv4 conversation lives in the compact index, whichever way its packets
        // come.
        if key.family == Family::V4 {
            self.merge_v4(V4Key::of(&key), stats);
            return;
        }
        self.merge_v6(key, stats);
    }

    /// Adds a run of packets of one IPv6 conversation, opening it if it is new.
    fn merge_v6(&mut self, key: ConversationKey, run: &ConversationStats) {
        merge_into(&mut self.v6, &mut self.entries, key, key, run);
    }

    /// How many conversations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds what another source (a Zeek conn.log record) saw of one conversation.
    pub fn add_seen(&mut self, key: ConversationKey, stats: &ConversationStats) {
        self.merge_any(key, stats);
    }

    /// Adds runs of IPv4 conversations, in order: their conversations are looked up back
    /// to back first (in a large table each lookup is a trip to memory, and independent
    /// trips overlap), then counted. `found` is room for the lookups.
    pub fn add_v4_batch(
        &mut self,
        runs: &[(V4Key, ConversationStats)],
        found: &mut Vec<Option<u32>>,
    ) {
        found.clear();
        found.extend(runs.iter().map(|(key, _)| self.v4.get(key).copied()));
        for ((key, run), found) in runs.iter().zip(found.iter()) {
            match found.and_then(|at| self.entries.get_mut(at as usize)) {
                Some((_, s)) => s.merge(run),
                // New, or opened by an earlier run of this batch.
                None => self.merge_v4(*key, run),
            }
        }
    }

    /// Adds the conversations of a table read from a later capture: as if its packets
    /// had been read into this one after this one's (fragments are joined within each
    /// capture).
    pub fn absorb(&mut self, later: Conversations) {
        for (key, stats) in &later.entries {
            self.merge_any(*key, stats);
        }
    }

    /// Adds the table of the next stretch of the same capture, read on its own (and not
    /// settled): the result is the table one reader would have made of both stretches.
    /// Later fragments that wait there join the conversation of a first fragment seen
    /// here; those that wait here join one whose first fragment came there; the rest keep
    /// waiting, in capture order. (Only the bounds on remembered fragments can make a
    /// difference, and only with more than 65,536 fragmented datagrams in flight.)
    pub fn append(&mut self, later: Conversations) {
        if self.entries.is_empty() && self.waiting.is_empty() && self.fragments.is_empty() {
            let waited = self.waited;
            *self = later;
            self.waited += waited;
            return;
        }
        let Conversations {
            entries,
            fragments,
            waiting,
            waited,
            ..
        } = later;
        for (key, stats) in &entries {
            self.merge_any(*key, stats);
        }
        // What waited here and found its first fragment there.
        let found: Vec<FragmentKey> = self
            .waiting
            .keys()
            .filter(|fk| fragments.contains_key(fk))
            .copied()
            .collect();
        for fk in found {
            if let (Some((_, _, _, stats)), Some(key)) =
                (self.waiting.remove(&fk), fragments.get(&fk))
            {
                self.join_first(fk, *key, stats);
            }
        }
        // What waited there: for a first fragment seen here, or still.
        let mut still: Vec<(FragmentKey, (u64, ConversationKey, bool, ConversationStats))> =
            waiting.into_iter().collect();
        still.sort_unstable_by_key(|(_, (seq, ..))| *seq);
        for (fk, (seq, key, from_a, stats)) in still {
            if let Some(first) = self.fragments.get(&fk).copied() {
                self.join_first(fk, first, stats);
            } else if let Some((_, _, _, s)) = self.waiting.get_mut(&fk) {
                s.merge(&stats);
            } else {
                self.waiting
                    .insert(fk, (self.waited + seq, key, from_a, stats));
            }
        }
        self.waited += waited;
        if self.waiting.len() > MAX_FRAGMENTS {
            self.settle_fragments();
        }
        if self.fragments.len() + fragments.len() > MAX_FRAGMENTS {
            self.fragments = fragments;
        } else {
            self.fragments.extend(fragments);
        }
    }

    /// Counts later fragments (as sent by their source) in the conversation of their
    /// first fragment.
    fn join_first(&mut self, fk: FragmentKey, key: ConversationKey, sent: ConversationStats) {
        let stats = if key.a == fk.source {
            sent
        } else {
            sent.reversed()
        };
        self.merge_any(key, &stats);
    }

    /// The conversations, in the order they were first seen.
    pub fn entries(&self) -> &[(ConversationKey, ConversationStats)] {
        &self.entries
    }

    /// The conversations in a deterministic order (by key).
    pub fn sorted(&self) -> Vec<(ConversationKey, ConversationStats)> {
        let mut v = self.entries.clone();
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    }
}

/// Adds a run to the conversation `index` finds under `k`, or opens it as `key`.
fn merge_into<K: Eq + std::hash::Hash>(
    index: &mut HashMap<K, u32>,
    entries: &mut Vec<(ConversationKey, ConversationStats)>,
    k: K,
    key: ConversationKey,
    run: &ConversationStats,
) {
    let next = entries.len() as u32;
    let at = *index.entry(k).or_insert(next);
    if at == next {
        entries.push((key, *run));
    } else if let Some((_, s)) = entries.get_mut(at as usize) {
        s.merge(run);
    }
}

/// Counts a packet into the run being counted if it is of the same conversation; else
/// starts a new run with it and returns the finished one.
#[inline(always)]
fn extend_run<K: PartialEq>(
    current: &mut Option<(K, ConversationStats)>,
    key: K,
    dir: usize,
    p: &Packet,
    wire_len: u32,
    timestamp_ns: u64,
) -> Option<(K, ConversationStats)> {
    match current {
        Some((k, stats)) if *k == key => {
            stats.count(dir, p, wire_len, timestamp_ns);
            None
        }
        _ => current.replace((
            key,
            ConversationStats::of_packet(dir, p, wire_len, timestamp_ns),
        )),
    }
}

/// Runs of packets waiting for the table: at most this many.
const RUNS: usize = 16;

/// Packets on their way to a [`Conversations`] table, in capture order.
///
/// Consecutive packets of one conversation (a TCP window, a request and its reply) are
/// counted together as a run; finished IPv4 runs wait in a batch (IPv6 runs, rarer, go
/// to the table at once). In a large capture the
/// table does not fit in the processor's caches and finding a conversation is a trip to
/// memory: looking up a batch's conversations back to back makes those trips together
/// instead of one after another. The counts are those of [`Conversations::add`] packet
/// by packet (a test holds the two to it); call [`Batcher::flush`] before reading the
/// table.
pub struct Batcher {
    /// The run being counted.
    current: Option<(V4Key, ConversationStats)>,
    /// The IPv6 run being counted (IPv6 runs go to the table one by one).
    current_v6: Option<(ConversationKey, ConversationStats)>,
    /// Finished runs, and where their conversations were found.
    runs: Vec<(V4Key, ConversationStats)>,
    found: Vec<Option<u32>>,
}

impl Default for Batcher {
    fn default() -> Self {
        Batcher {
            current: None,
            current_v6: None,
            runs: Vec::with_capacity(RUNS),
            found: Vec::with_capacity(RUNS),
        }
    }
}

impl Batcher {
    /// Nothing waiting.
    pub fn new() -> Self {
        Batcher::default()
    }

    /// Counts one packet into `table` (now or at a later flush).
    #[inline(always)]
    pub fn add(&mut self, table: &mut Conversations, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        if !is_plain_v4(p) {
            self.add_other(table, p, wire_len, timestamp_ns);
            return;
        }
        let (key, dir) = V4Key::of_packet(p);
        if let Some(done) = extend_run(&mut self.current, key, dir, p, wire_len, timestamp_ns) {
            self.runs.push(done);
            if self.runs.len() == RUNS {
                self.merge_runs(table);
            }
        }
    }

    /// IPv6 packets and IP fragments.
    #[inline(never)]
    fn add_other(
        &mut self,
        table: &mut Conversations,
        p: &Packet,
        wire_len: u32,
        timestamp_ns: u64,
    ) {
        if p.fragment.is_some() {
            // A fragment may join a conversation that waits here: what waits goes first.
            self.flush(table);
            table.add_slow(p, wire_len, timestamp_ns);
            return;
        }
        let (key, from_a) = key_of(p);
        let dir = usize::from(!from_a);
        if let Some((done, run)) =
            extend_run(&mut self.current_v6, key, dir, p, wire_len, timestamp_ns)
        {
            table.merge_v6(done, &run);
        }
    }

    /// Puts everything waiting into `table`.
    pub fn flush(&mut self, table: &mut Conversations) {
        if let Some(done) = self.current.take() {
            self.runs.push(done);
        }
        self.merge_runs(table);
        if let Some((key, run)) = self.current_v6.take() {
            table.merge_v6(key, &run);
        }
    }

    #[inline(never)]
    fn merge_runs(&mut self, table: &mut Conversations) {
        table.add_v4_batch(&self.runs, &mut self.found);
        self.runs.clear();
    }
}

/// A later fragment counted in direction `dir`: it has no transport header to say more.
fn later_fragment_stats(dir: usize, wire_len: u32, timestamp_ns: u64) -> ConversationStats {
    let mut stats = ConversationStats::opened(timestamp_ns);
    stats.packets[dir & 1] += 1;
    stats.bytes[dir & 1] += u64::from(wire_len);
    stats
}

/// Whether a packet takes the fast path: IPv4, not a fragment.
#[inline(always)]
fn is_plain_v4(p: &Packet) -> bool {
    p.family == Family::V4 && p.fragment.is_none()
}

/// The key of a packet and whether its source is the key's `a` end.
#[inline]
fn key_of(p: &Packet) -> (ConversationKey, bool) {
    let src = (p.source, p.source_port);
    let dst = (p.destination, p.destination_port);
    let (lo, hi, from_a) = if src <= dst {
        (src, dst, true)
    } else {
        (dst, src, false)
    };
    (
        ConversationKey {
            family: p.family,
            protocol: p.protocol,
            a: lo.0,
            a_port: lo.1,
            b: hi.0,
            b_port: hi.1,
        },
        from_a,
    )
}

#[cfg(test)]
mod tests {
    use super::super::packet::Fragment;
    use super::*;

    fn packet(src: u128, dst: u128, sport: u16, dport: u16, fragment: Option<Fragment>) -> Packet {
        Packet {
            family: Family::V4,
            source: src,
            destination: dst,
            protocol: proto::UDP,
            source_port: sport,
            destination_port: dport,
            tcp_flags: 0,
            carried: Carried::Plain,
            fragment,
        }
    }

    #[test]
    fn merging_adds_every_count_even_one_alone() {
        let rare: [fn(&mut ConversationStats) -> &mut u64; 5] = [
            |s| &mut s.esp_packets,
            |s| &mut s.ike_packets,
            |s| &mut s.keepalive_packets,
            |s| &mut s.ah_packets,
            |s| &mut s.fragments,
        ];
        for (i, field) in rare.iter().enumerate() {
            let mut later = ConversationStats::default();
            *field(&mut later) = 3;
            let mut sum = ConversationStats::opened(5);
            sum.merge(&later);
            sum.merge(&later);
            assert_eq!(*field(&mut sum), 6, "count {i}");
        }
        let later = ConversationStats {
            syn_from: Some(1),
            ..ConversationStats::default()
        };
        let mut sum = ConversationStats::default();
        sum.merge(&later);
        assert_eq!(sum.syn_from, Some(1));
    }

    #[test]
    fn both_directions_meet_in_one_conversation() {
        let mut c = Conversations::new();
        c.add(&packet(2, 1, 40000, 53, None), 100, 5);
        c.add(&packet(1, 2, 53, 40000, None), 300, 9);
        let all = c.sorted();
        assert_eq!(all.len(), 1);
        let (k, s) = all[0];
        assert_eq!((k.a, k.a_port, k.b, k.b_port), (1, 53, 2, 40000));
        assert_eq!(s.packets, [1, 1]);
        assert_eq!(s.bytes, [300, 100]);
        assert_eq!((s.first_ns, s.last_ns), (5, 9));
    }

    #[test]
    fn later_fragments_join_their_first_fragment() {
        let mut c = Conversations::new();
        let first = Fragment { id: 7, first: true };
        let later = Fragment {
            id: 7,
            first: false,
        };
        c.add(&packet(1, 2, 1000, 2000, Some(first)), 1500, 1);
        c.add(&packet(1, 2, 0, 0, Some(later)), 600, 2);
        // A later fragment whose first was never seen gets a port-less conversation.
        c.add(
            &packet(
                1,
                2,
                0,
                0,
                Some(Fragment {
                    id: 8,
                    first: false,
                }),
            ),
            600,
            3,
        );
        c.settle_fragments();
        let all = c.sorted();
        assert_eq!(all.len(), 2);
        let with_ports = all.iter().find(|(k, _)| k.b_port == 2000).unwrap();
        assert_eq!(
            (with_ports.1.total_packets(), with_ports.1.fragments),
            (2, 2)
        );
    }

    #[test]
    fn fragments_captured_before_their_first_join_it_in_both_families() {
        for family in [Family::V4, Family::V6] {
            let at = |src, dst, sport, dport, id, first| Packet {
                family,
                ..packet(src, dst, sport, dport, Some(Fragment { id, first }))
            };
            let mut c = Conversations::new();
            // The later fragments of datagram 7 (from 2 to 1) arrive first, then its
            // first fragment with the ports; the reply is not fragmented.
            c.add(&at(2, 1, 0, 0, 7, false), 600, 1);
            c.add(&at(2, 1, 0, 0, 7, false), 600, 2);
            c.add(&at(2, 1, 4500, 4500, 7, true), 1500, 3);
            c.add(
                &Packet {
                    family,
                    ..packet(1, 2, 4500, 4500, None)
                },
                100,
                4,
            );
            c.settle_fragments();
            let all = c.sorted();
            assert_eq!(all.len(), 1, "{family:?}: {all:?}");
            let (k, s) = all[0];
            assert_eq!((k.a_port, k.b_port), (4500, 4500));
            assert_eq!(s.packets, [1, 3], "{family:?}");
            assert_eq!(s.bytes, [100, 2700]);
            assert_eq!(s.fragments, 3);
            assert_eq!(s.first_ns, 1, "the first packet seen");
        }
    }
}
