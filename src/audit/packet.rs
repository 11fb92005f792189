//! One captured frame, read as a zero-copy view: the link layer (Ethernet with 802.1Q and
//! QinQ tags, Linux cooked SLL and SLL2, raw IPv4/IPv6, BSD loopback), IPv4 (options,
//! fragments) or IPv6 (extension headers, fragments), and what rides on it: TCP and UDP
//! ports, ICMP, ESP and its SPI, AH, GRE, IKE on UDP 500 and UDP 4500 (where the 4-byte
//! zero non-ESP marker tells IKE from ESP in UDP, RFC 3948).
//!
//! Hand-written rather than etherparse: the auditor needs the NAT-T marker, SLL2 and the
//! null link type, and a reason for every packet it cannot read, at a few nanoseconds a
//! packet. Every read is bounds-checked; a short or inconsistent header is a [`Skip`].

use crate::classify::Family;

use super::capture::LinkType;

/// Why a packet was not counted in any conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// The record holds no bytes.
    ZeroLength,
    /// A link type cordon does not read.
    UnknownLinkType,
    /// Not IP (ARP, LLDP, spanning tree...): not damage, just not audited.
    NotIp,
    /// A header is cut short by the end of the captured bytes.
    Truncated,
    /// A header contradicts itself (IP version, header length).
    Malformed,
}

impl Skip {
    /// A stable kebab-case name.
    pub fn code(self) -> &'static str {
        match self {
            Skip::ZeroLength => "zero-length",
            Skip::UnknownLinkType => "unknown-link-type",
            Skip::NotIp => "not-ip",
            Skip::Truncated => "truncated",
            Skip::Malformed => "malformed",
        }
    }
}

/// What a packet carries, as far as IPsec is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Carried {
    /// A payload that anyone on the path can read.
    Plain,
    /// ESP (IP protocol 50).
    Esp,
    /// ESP inside UDP 4500 (NAT traversal).
    EspInUdp,
    /// IKE on UDP 500, or on UDP 4500 after the non-ESP marker.
    Ike,
    /// A NAT-T keepalive (one 0xFF byte on UDP 4500).
    Keepalive,
    /// The transport travels behind AH: authenticated, still readable.
    AuthenticatedOnly,
}

/// Where an IP fragment belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fragment {
    /// The datagram's identification (IPv4: 16 bits; IPv6: 32 bits).
    pub id: u32,
    /// Whether this is the first fragment (the one with the transport header).
    pub first: bool,
}

/// The fields of a packet the auditor needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packet {
    /// Address family.
    pub family: Family,
    /// Source address (IPv4 as its 32-bit value).
    pub source: u128,
    /// Destination address.
    pub destination: u128,
    /// The transport protocol number (after IPv6 extension headers and AH).
    pub protocol: u8,
    /// Source port (0 when there is none or it is not in this fragment).
    pub source_port: u16,
    /// Destination port.
    pub destination_port: u16,
    /// TCP flags (0 for other protocols).
    pub tcp_flags: u8,
    /// What it carries.
    pub carried: Carried,
    /// Set when the packet is an IP fragment.
    pub fragment: Option<Fragment>,
}

impl Packet {
    /// A packet with nothing read yet, for [`parse_into`] to fill.
    pub const BLANK: Packet = Packet {
        family: Family::V4,
        source: 0,
        destination: 0,
        protocol: 0,
        source_port: 0,
        destination_port: 0,
        tcp_flags: 0,
        carried: Carried::Plain,
        fragment: None,
    };
}

/// IP protocol numbers used here.
pub mod proto {
    /// ICMP.
    pub const ICMP: u8 = 1;
    /// TCP.
    pub const TCP: u8 = 6;
    /// UDP.
    pub const UDP: u8 = 17;
    /// GRE.
    pub const GRE: u8 = 47;
    /// ESP.
    pub const ESP: u8 = 50;
    /// AH.
    pub const AH: u8 = 51;
    /// ICMPv6.
    pub const ICMPV6: u8 = 58;
}

/// TCP SYN.
pub const TCP_SYN: u8 = 0x02;
/// TCP ACK.
pub const TCP_ACK: u8 = 0x10;

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86DD;

#[inline]
fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    let b: [u8; 2] = d.get(at..at + 2)?.try_into().ok()?;
    Some(u16::from_be_bytes(b))
}

#[inline]
fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = d.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// Reads a frame of the given link type.
pub fn parse(link: LinkType, data: &[u8]) -> Result<Packet, Skip> {
    let mut p = Packet::BLANK;
    parse_into(link, data, &mut p)?;
    Ok(p)
}

/// Reads a frame of the given link type into `p` (whose fields are all overwritten on
/// success). The read loop keeps one `Packet` and parses every frame into it: the packet
/// is written where it is used, not built and then moved.
#[inline(always)]
pub fn parse_into(link: LinkType, data: &[u8], p: &mut Packet) -> Result<(), Skip> {
    if data.is_empty() {
        return Err(Skip::ZeroLength);
    }
    // Ethernet first: nearly every capture, and the same answer for every frame of one.
    let (ethertype, rest) = if link.0 == 1 {
        ethernet(data)?
    } else {
        other_link(link, data)?
    };
    match ethertype {
        ETHERTYPE_IPV4 => ipv4(rest, p),
        ETHERTYPE_IPV6 => ipv6(rest, p),
        _ => Err(Skip::NotIp),
    }
}

/// The link layers other than Ethernet: the ethertype of what they carry, and where it
/// starts.
fn other_link(link: LinkType, data: &[u8]) -> Result<(u16, &[u8]), Skip> {
    Ok(match link.0 {
        // Raw IP (LINKTYPE_RAW, and DLT_RAW's values on some systems).
        101 | 12 | 14 => (ip_version(data)?, data),
        228 => (ETHERTYPE_IPV4, data),
        229 => (ETHERTYPE_IPV6, data),
        // Linux cooked capture v1: protocol at 14, header 16 bytes.
        113 => (u16_at(data, 14).ok_or(Skip::Truncated)?, tail(data, 16)?),
        // Linux cooked capture v2: protocol at 0, header 20 bytes.
        276 => (u16_at(data, 0).ok_or(Skip::Truncated)?, tail(data, 20)?),
        // BSD loopback: a 4-byte address family, in the capturing host's byte order (0) or
        // network order (108).
        0 | 108 => {
            let b = data.get(..4).ok_or(Skip::Truncated)?;
            let le = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let be = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            let family = if link.0 == 108 || le > 0xFFFF { be } else { le };
            let ethertype = match family {
                2 => ETHERTYPE_IPV4,
                // AF_INET6 differs between BSDs and Linux.
                10 | 24 | 28 | 30 => ETHERTYPE_IPV6,
                _ => return Err(Skip::NotIp),
            };
            (ethertype, tail(data, 4)?)
        }
        _ => return Err(Skip::UnknownLinkType),
    })
}

#[inline]
fn tail(data: &[u8], from: usize) -> Result<&[u8], Skip> {
    data.get(from..).ok_or(Skip::Truncated)
}

fn ip_version(data: &[u8]) -> Result<u16, Skip> {
    match data.first().map(|b| b >> 4) {
        Some(4) => Ok(ETHERTYPE_IPV4),
        Some(6) => Ok(ETHERTYPE_IPV6),
        Some(_) => Err(Skip::Malformed),
        None => Err(Skip::Truncated),
    }
}

#[inline(always)]
fn ethernet(data: &[u8]) -> Result<(u16, &[u8]), Skip> {
    let mut at = 12;
    let mut ethertype = u16_at(data, at).ok_or(Skip::Truncated)?;
    if ethertype == ETHERTYPE_IPV4 {
        return Ok((ethertype, tail(data, 14)?));
    }
    // 802.1Q, 802.1ad (QinQ) and the old 0x9100: skip up to a few tags.
    let mut tags = 0;
    while matches!(ethertype, 0x8100 | 0x88A8 | 0x9100) {
        tags += 1;
        if tags > 4 {
            return Err(Skip::Malformed);
        }
        at += 4;
        ethertype = u16_at(data, at).ok_or(Skip::Truncated)?;
    }
    Ok((ethertype, tail(data, at + 2)?))
}

#[inline(always)]
fn ipv4(d: &[u8], p: &mut Packet) -> Result<(), Skip> {
    let first = *d.first().ok_or(Skip::Truncated)?;
    if first >> 4 != 4 {
        return Err(Skip::Malformed);
    }
    let ihl = usize::from(first & 0x0F) * 4;
    if ihl < 20 {
        return Err(Skip::Malformed);
    }
    // One bounds check for the fixed header; its fields are read from the array.
    let (Some(h), true) = (d.first_chunk::<20>(), d.len() >= ihl) else {
        return Err(Skip::Truncated);
    };
    let total = usize::from(u16::from_be_bytes([h[2], h[3]]));
    if total < ihl {
        return Err(Skip::Malformed);
    }
    // Ethernet pads short frames; a snapshot length cuts long ones.
    let d_end = total.min(d.len());
    let flags_offset = u16::from_be_bytes([h[6], h[7]]);
    let more = flags_offset & 0x2000 != 0;
    let offset = flags_offset & 0x1FFF;
    let fragment = (more || offset != 0).then(|| Fragment {
        id: u32::from(u16::from_be_bytes([h[4], h[5]])),
        first: offset == 0,
    });
    let protocol = h[9];
    let source = u128::from(u32::from_be_bytes([h[12], h[13], h[14], h[15]]));
    let destination = u128::from(u32::from_be_bytes([h[16], h[17], h[18], h[19]]));
    let payload = d.get(ihl..d_end).unwrap_or(&[]);
    *p = Packet {
        family: Family::V4,
        source,
        destination,
        protocol,
        source_port: 0,
        destination_port: 0,
        tcp_flags: 0,
        carried: Carried::Plain,
        fragment,
    };
    if offset == 0 {
        transport(p, payload, protocol, 0)?;
    }
    Ok(())
}

#[inline]
fn ipv6(d: &[u8], p: &mut Packet) -> Result<(), Skip> {
    let first = *d.first().ok_or(Skip::Truncated)?;
    if first >> 4 != 6 {
        return Err(Skip::Malformed);
    }
    if d.len() < 40 {
        return Err(Skip::Truncated);
    }
    let payload_len = usize::from(u16_at(d, 4).ok_or(Skip::Truncated)?);
    let mut next = *d.get(6).ok_or(Skip::Truncated)?;
    let addr = |at: usize| -> Result<u128, Skip> {
        let b = d.get(at..at + 16).ok_or(Skip::Truncated)?;
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        Ok(u128::from_be_bytes(a))
    };
    let source = addr(8)?;
    let destination = addr(24)?;
    // A jumbogram says 0; then the captured bytes are all there is.
    let end = if payload_len == 0 {
        d.len()
    } else {
        (40 + payload_len).min(d.len())
    };
    let mut rest = d.get(40..end).unwrap_or(&[]);
    let mut fragment = None;
    let mut carried = Carried::Plain;
    // Extension headers; a bound keeps crafted chains from looping.
    for _ in 0..16 {
        match next {
            // Hop-by-hop, routing, destination options, mobility, HIP, shim6.
            0 | 43 | 60 | 135 | 139 | 140 => {
                let len = (usize::from(*rest.get(1).ok_or(Skip::Truncated)?) + 1) * 8;
                next = *rest.first().ok_or(Skip::Truncated)?;
                rest = rest.get(len..).ok_or(Skip::Truncated)?;
            }
            44 => {
                let off = u16_at(rest, 2).ok_or(Skip::Truncated)?;
                let id = u32_at(rest, 4).ok_or(Skip::Truncated)?;
                let f = Fragment {
                    id,
                    first: off >> 3 == 0,
                };
                fragment = Some(f);
                next = *rest.first().ok_or(Skip::Truncated)?;
                rest = rest.get(8..).ok_or(Skip::Truncated)?;
                if !f.first {
                    break;
                }
            }
            proto::AH => {
                let len = (usize::from(*rest.get(1).ok_or(Skip::Truncated)?) + 2) * 4;
                next = *rest.first().ok_or(Skip::Truncated)?;
                rest = rest.get(len..).ok_or(Skip::Truncated)?;
                carried = Carried::AuthenticatedOnly;
            }
            _ => break,
        }
    }
    *p = Packet {
        family: Family::V6,
        source,
        destination,
        protocol: next,
        source_port: 0,
        destination_port: 0,
        tcp_flags: 0,
        carried,
        fragment,
    };
    if fragment.is_none_or(|f| f.first) {
        transport(p, rest, next, 0)?;
    }
    Ok(())
}

/// Fills in ports and what the payload carries. `depth` bounds AH in AH.
#[inline(always)]
fn transport(p: &mut Packet, payload: &[u8], protocol: u8, depth: u8) -> Result<(), Skip> {
    p.protocol = protocol;
    match protocol {
        proto::TCP => {
            let ports = payload.first_chunk::<4>().ok_or(Skip::Truncated)?;
            p.source_port = u16::from_be_bytes([ports[0], ports[1]]);
            p.destination_port = u16::from_be_bytes([ports[2], ports[3]]);
            p.tcp_flags = payload.get(13).copied().unwrap_or(0);
        }
        proto::UDP => {
            let ports = payload.first_chunk::<4>().ok_or(Skip::Truncated)?;
            p.source_port = u16::from_be_bytes([ports[0], ports[1]]);
            p.destination_port = u16::from_be_bytes([ports[2], ports[3]]);
            let body = payload.get(8..).unwrap_or(&[]);
            if p.source_port == 4500 || p.destination_port == 4500 {
                p.carried = match body {
                    [0xFF] => Carried::Keepalive,
                    [0, 0, 0, 0, ..] => Carried::Ike,
                    [] => Carried::Plain,
                    _ => Carried::EspInUdp,
                };
            } else if p.source_port == 500 || p.destination_port == 500 {
                p.carried = Carried::Ike;
            }
        }
        proto::ESP => p.carried = Carried::Esp,
        proto::AH if depth < 4 => behind_ah(p, payload, depth)?,
        _ => {}
    }
    Ok(())
}

/// What travels behind an AH header: readable, unless it is ESP.
#[inline(never)]
fn behind_ah(p: &mut Packet, payload: &[u8], depth: u8) -> Result<(), Skip> {
    let next = *payload.first().ok_or(Skip::Truncated)?;
    let len = (usize::from(*payload.get(1).ok_or(Skip::Truncated)?) + 2) * 4;
    let inner = payload.get(len..).ok_or(Skip::Truncated)?;
    p.carried = Carried::AuthenticatedOnly;
    transport(p, inner, next, depth + 1)?;
    p.carried = if p.protocol == proto::ESP {
        Carried::Esp
    } else {
        Carried::AuthenticatedOnly
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eth(ethertype: u16, body: &[u8]) -> Vec<u8> {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&ethertype.to_be_bytes());
        f.extend_from_slice(body);
        f
    }

    fn ipv4_udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
        let total = 20 + 8 + payload.len();
        let mut p = vec![
            0x45,
            0,
            (total >> 8) as u8,
            total as u8,
            0,
            1,
            0,
            0,
            64,
            17,
            0,
            0,
        ];
        p.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        p.extend_from_slice(&sport.to_be_bytes());
        p.extend_from_slice(&dport.to_be_bytes());
        p.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(payload);
        p
    }

    #[test]
    fn nat_t_marker_separates_ike_from_esp() {
        let ike = parse(
            LinkType(1),
            &eth(0x0800, &ipv4_udp(4500, 4500, &[0, 0, 0, 0, 1, 2])),
        );
        assert_eq!(ike.map(|p| p.carried), Ok(Carried::Ike));
        let esp = parse(
            LinkType(1),
            &eth(0x0800, &ipv4_udp(4500, 4500, &[0x04, 0x88, 0, 1, 9])),
        );
        assert_eq!(esp.map(|p| p.carried), Ok(Carried::EspInUdp));
        let ka = parse(LinkType(1), &eth(0x0800, &ipv4_udp(4500, 4500, &[0xFF])));
        assert_eq!(ka.map(|p| p.carried), Ok(Carried::Keepalive));
        let ike500 = parse(LinkType(1), &eth(0x0800, &ipv4_udp(500, 500, &[1; 28])));
        assert_eq!(ike500.map(|p| p.carried), Ok(Carried::Ike));
    }

    #[test]
    fn vlan_tags_and_cooked_captures_reach_the_same_packet() {
        let ip = ipv4_udp(53, 40000, b"x");
        let plain = parse(LinkType(1), &eth(0x0800, &ip)).unwrap();
        let mut qinq = vec![0u8; 12];
        qinq.extend_from_slice(&[0x88, 0xA8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00]);
        qinq.extend_from_slice(&ip);
        assert_eq!(parse(LinkType(1), &qinq), Ok(plain));
        let mut sll = vec![0u8; 14];
        sll.extend_from_slice(&0x0800u16.to_be_bytes());
        sll.extend_from_slice(&ip);
        assert_eq!(parse(LinkType(113), &sll), Ok(plain));
        let mut sll2 = 0x0800u16.to_be_bytes().to_vec();
        sll2.extend_from_slice(&[0; 18]);
        sll2.extend_from_slice(&ip);
        assert_eq!(parse(LinkType(276), &sll2), Ok(plain));
        let mut null = 2u32.to_le_bytes().to_vec();
        null.extend_from_slice(&ip);
        assert_eq!(parse(LinkType(0), &null), Ok(plain));
        assert_eq!(parse(LinkType(101), &ip), Ok(plain));
        assert_eq!(plain.source_port, 53);
    }

    #[test]
    fn damage_is_a_reason_not_a_panic() {
        assert_eq!(parse(LinkType(1), &[]), Err(Skip::ZeroLength));
        assert_eq!(parse(LinkType(1), &[0; 5]), Err(Skip::Truncated));
        assert_eq!(parse(LinkType(1), &eth(0x0806, &[0; 28])), Err(Skip::NotIp));
        assert_eq!(parse(LinkType(147), &[1, 2, 3]), Err(Skip::UnknownLinkType));
        assert_eq!(
            parse(LinkType(1), &eth(0x0800, &[0x43; 30])),
            Err(Skip::Malformed)
        );
        let mut short = ipv4_udp(1, 2, b"");
        short.truncate(22);
        assert_eq!(parse(LinkType(101), &short), Err(Skip::Truncated));
    }

    #[test]
    fn later_ipv4_fragments_have_no_ports() {
        let mut ip = ipv4_udp(1000, 2000, &[7; 16]);
        ip[6] = 0x00;
        ip[7] = 0x02; // offset 16 bytes, last fragment
        let p = parse(LinkType(101), &ip).unwrap();
        assert_eq!(
            p.fragment,
            Some(Fragment {
                id: 1,
                first: false
            })
        );
        assert_eq!((p.source_port, p.destination_port), (0, 0));
    }
}
