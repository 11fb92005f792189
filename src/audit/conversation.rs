//! Conversations: packets grouped by protocol and both ends (address and port), both
//! directions merged, as `tshark -z conv` does. Memory grows with the number of
//! conversations, never with the number of packets.
//!
//! Later IP fragments carry no ports; they are counted in the conversation of their first
//! fragment (found by source, destination, protocol and datagram id), or, when the first
//! fragment was not seen, in a port-less conversation of the address pair.

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConversationStats {
    /// Packets from `a` to `b`, and from `b` to `a`.
    pub packets: [u64; 2],
    /// Bytes on the wire (frame lengths), likewise.
    pub bytes: [u64; 2],
    /// First and last capture time, nanoseconds since the epoch.
    pub first_ns: u64,
    /// Last capture time.
    pub last_ns: u64,
    /// Packets that were ESP (IP 50) or ESP in UDP.
    pub esp_packets: u64,
    /// IKE packets (UDP 500, or 4500 with the non-ESP marker) and NAT-T keepalives.
    pub ike_packets: u64,
    /// Packets behind AH only (readable).
    pub ah_packets: u64,
    /// IP fragments counted here.
    pub fragments: u64,
    /// Which end sent a SYN without ACK (0: a, 1: b), if any did.
    pub syn_from: Option<u8>,
    /// Which end sent the first packet seen.
    pub first_from: u8,
}

impl ConversationStats {
    /// All packets, both directions.
    pub fn total_packets(&self) -> u64 {
        self.packets[0] + self.packets[1]
    }

    /// All bytes, both directions.
    pub fn total_bytes(&self) -> u64 {
        self.bytes[0] + self.bytes[1]
    }

    /// Packets whose payload anyone on the path could read.
    pub fn readable_packets(&self) -> u64 {
        self.total_packets()
            .saturating_sub(self.esp_packets + self.ike_packets)
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

/// The conversation table.
#[derive(Default)]
pub struct Conversations {
    /// Key → index into `entries`.
    index: HashMap<ConversationKey, u32>,
    entries: Vec<(ConversationKey, ConversationStats)>,
    /// The conversation of the previous packet: packets come in bursts (a TCP window, a
    /// request and its reply), so most packets skip the hash lookup.
    last: Option<u32>,
    fragments: HashMap<FragmentKey, ConversationKey>,
}

impl Conversations {
    /// An empty table.
    pub fn new() -> Self {
        Conversations::default()
    }

    /// Counts one packet of `wire_len` bytes captured at `timestamp_ns`.
    #[inline]
    pub fn add(&mut self, p: &Packet, wire_len: u32, timestamp_ns: u64) {
        let fragment_key = p.fragment.map(|f| FragmentKey {
            family: p.family,
            source: p.source,
            destination: p.destination,
            protocol: p.protocol,
            id: f.id,
        });
        let later_fragment = p.fragment.is_some_and(|f| !f.first);
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
        let at = match self.last {
            Some(i) if self.entries.get(i as usize).is_some_and(|(k, _)| *k == key) => i,
            _ => {
                let next = self.entries.len() as u32;
                let i = *self.index.entry(key).or_insert(next);
                if i == next {
                    self.entries.push((
                        key,
                        ConversationStats {
                            first_ns: timestamp_ns,
                            last_ns: timestamp_ns,
                            first_from: dir as u8,
                            ..ConversationStats::default()
                        },
                    ));
                }
                self.last = Some(i);
                i
            }
        };
        let Some((_, s)) = self.entries.get_mut(at as usize) else {
            return;
        };
        s.packets[dir] += 1;
        s.bytes[dir] += u64::from(wire_len);
        s.first_ns = s.first_ns.min(timestamp_ns);
        s.last_ns = s.last_ns.max(timestamp_ns);
        if p.fragment.is_some() {
            s.fragments += 1;
        }
        if later_fragment {
            return;
        }
        match p.carried {
            Carried::Esp | Carried::EspInUdp => s.esp_packets += 1,
            Carried::Ike | Carried::Keepalive => s.ike_packets += 1,
            Carried::AuthenticatedOnly => s.ah_packets += 1,
            Carried::Plain => {}
        }
        if p.protocol == proto::TCP && p.tcp_flags & (TCP_SYN | TCP_ACK) == TCP_SYN {
            s.syn_from.get_or_insert(dir as u8);
        }
    }

    /// How many conversations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The conversations in a deterministic order (by key).
    pub fn sorted(&self) -> Vec<(ConversationKey, ConversationStats)> {
        let mut v = self.entries.clone();
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    }
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
        assert_eq!((s.first_ns, s.last_ns, s.first_from), (5, 9, 1));
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
        let all = c.sorted();
        assert_eq!(all.len(), 2);
        let with_ports = all.iter().find(|(k, _)| k.b_port == 2000).unwrap();
        assert_eq!(
            (with_ports.1.total_packets(), with_ports.1.fragments),
            (2, 2)
        );
    }
}
