//! Capture files written for tests and benchmarks: pcap and pcapng containers by hand (the
//! formats are a few fixed headers), packets with etherparse's builder, so that the
//! packets cordon parses were made by someone else's code.
#![allow(dead_code)]

use etherparse::{IpNumber, PacketBuilder, VlanId};

const MAC_A: [u8; 6] = [2, 0, 0, 0, 0, 1];
const MAC_B: [u8; 6] = [2, 0, 0, 0, 0, 2];

/// A classic pcap header (little-endian unless `big_endian`; µs unless `nanos`).
pub fn pcap_header(link: u32, nanos: bool, big_endian: bool) -> Vec<u8> {
    let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
    let fields: [u32; 5] = [0, 0, 0, 262_144, link];
    let mut out = Vec::new();
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    out.extend_from_slice(&u32b(magic));
    out.extend_from_slice(&u16b(2));
    out.extend_from_slice(&u16b(4));
    out.extend_from_slice(&u32b(fields[0]));
    out.extend_from_slice(&u32b(fields[1]));
    out.extend_from_slice(&u32b(fields[3]));
    out.extend_from_slice(&u32b(fields[4]));
    out
}

/// One pcap record.
pub fn pcap_record(out: &mut Vec<u8>, ts_ns: u64, data: &[u8], nanos: bool, big_endian: bool) {
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let frac = if nanos {
        ts_ns % 1_000_000_000
    } else {
        ts_ns % 1_000_000_000 / 1000
    };
    out.extend_from_slice(&u32b((ts_ns / 1_000_000_000) as u32));
    out.extend_from_slice(&u32b(frac as u32));
    out.extend_from_slice(&u32b(data.len() as u32));
    out.extend_from_slice(&u32b(data.len() as u32));
    out.extend_from_slice(data);
}

/// A number in the section's byte order.
fn ordered<const N: usize>(le: [u8; N], big_endian: bool) -> [u8; N] {
    let mut b = le;
    if big_endian {
        b.reverse();
    }
    b
}

fn pcapng_block(out: &mut Vec<u8>, block_type: u32, body: &[u8], big_endian: bool) {
    let pad = (4 - body.len() % 4) % 4;
    let len = (12 + body.len() + pad) as u32;
    out.extend_from_slice(&ordered(block_type.to_le_bytes(), big_endian));
    out.extend_from_slice(&ordered(len.to_le_bytes(), big_endian));
    out.extend_from_slice(body);
    out.extend(std::iter::repeat_n(0u8, pad));
    out.extend_from_slice(&ordered(len.to_le_bytes(), big_endian));
}

/// A pcapng section header (little-endian).
pub fn pcapng_section(out: &mut Vec<u8>) {
    pcapng_section_in(out, false);
}

/// A pcapng section header in either byte order: every later block of the section is
/// written in it.
pub fn pcapng_section_in(out: &mut Vec<u8>, big_endian: bool) {
    let mut body = Vec::new();
    body.extend_from_slice(&ordered(0x1A2B_3C4Du32.to_le_bytes(), big_endian));
    body.extend_from_slice(&ordered(1u16.to_le_bytes(), big_endian));
    body.extend_from_slice(&ordered(0u16.to_le_bytes(), big_endian));
    body.extend_from_slice(&(-1i64).to_le_bytes());
    pcapng_block(out, 0x0A0D_0D0A, &body, big_endian);
}

/// An interface description; `tsresol` is the if_tsresol option (6 = µs when absent).
pub fn pcapng_interface(out: &mut Vec<u8>, link: u16, tsresol: Option<u8>) {
    let options: Vec<(u16, Vec<u8>)> = tsresol.map(|r| (9, vec![r])).into_iter().collect();
    pcapng_interface_with(out, link, &options, false);
}

/// An interface description with these options (code, value), in the section's byte
/// order.
pub fn pcapng_interface_with(
    out: &mut Vec<u8>,
    link: u16,
    options: &[(u16, Vec<u8>)],
    big_endian: bool,
) {
    let mut body = Vec::new();
    body.extend_from_slice(&ordered(link.to_le_bytes(), big_endian));
    body.extend_from_slice(&[0, 0]);
    body.extend_from_slice(&[0, 0, 0, 0]);
    if !options.is_empty() {
        for (code, value) in options {
            body.extend_from_slice(&ordered(code.to_le_bytes(), big_endian));
            body.extend_from_slice(&ordered((value.len() as u16).to_le_bytes(), big_endian));
            body.extend_from_slice(value);
            body.resize(body.len().next_multiple_of(4), 0);
        }
        body.extend_from_slice(&[0, 0, 0, 0]);
    }
    pcapng_block(out, 1, &body, big_endian);
}

/// An enhanced packet block; `ts` is in the interface's units.
pub fn pcapng_packet(out: &mut Vec<u8>, interface: u32, ts: u64, data: &[u8]) {
    pcapng_packet_in(out, interface, ts, data, false);
}

/// An enhanced packet block in the section's byte order.
pub fn pcapng_packet_in(out: &mut Vec<u8>, interface: u32, ts: u64, data: &[u8], big_endian: bool) {
    let mut body = Vec::new();
    let w32 = |v: u32| ordered(v.to_le_bytes(), big_endian);
    body.extend_from_slice(&w32(interface));
    body.extend_from_slice(&w32((ts >> 32) as u32));
    body.extend_from_slice(&w32(ts as u32));
    body.extend_from_slice(&w32(data.len() as u32));
    body.extend_from_slice(&w32(data.len() as u32));
    body.extend_from_slice(data);
    body.extend(std::iter::repeat_n(0u8, (4 - data.len() % 4) % 4));
    pcapng_block(out, 6, &body, big_endian);
}

/// An address of either family.
#[derive(Clone, Copy, Debug)]
pub enum Addr {
    V4([u8; 4]),
    V6([u8; 16]),
}

/// What a synthetic packet carries.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// TCP with these flags (`syn`).
    Tcp { syn: bool },
    /// UDP.
    Udp,
    /// ESP with this SPI (raw IP protocol 50).
    Esp { spi: u32 },
    /// UDP 4500 carrying ESP (no non-ESP marker).
    EspInUdp { spi: u32 },
    /// UDP 4500 carrying IKE (after the non-ESP marker).
    IkeInUdp,
}

/// An Ethernet frame (optionally 802.1Q-tagged) between two addresses.
pub fn frame(
    src: Addr,
    dst: Addr,
    sport: u16,
    dport: u16,
    kind: Kind,
    vlan: Option<u16>,
    payload_len: usize,
) -> Vec<u8> {
    let eth = PacketBuilder::ethernet2(MAC_A, MAC_B);
    let mut payload = vec![0x5Au8; payload_len];
    let (kind, ip_payload) = match kind {
        Kind::EspInUdp { spi } => {
            payload.splice(0..4.min(payload.len()), spi.to_be_bytes());
            (Kind::Udp, payload)
        }
        Kind::IkeInUdp => {
            payload.splice(0..4.min(payload.len()), [0, 0, 0, 0]);
            (Kind::Udp, payload)
        }
        Kind::Esp { spi } => {
            payload.splice(0..4.min(payload.len()), spi.to_be_bytes());
            (kind, payload)
        }
        k => (k, payload),
    };
    let mut out = Vec::new();
    macro_rules! finish {
        ($ip:expr) => {{
            let ip = $ip;
            match kind {
                Kind::Tcp { syn } => {
                    let t = ip.tcp(sport, dport, 1, 65535);
                    let t = if syn { t.syn() } else { t.ack(1) };
                    t.write(&mut out, &ip_payload).unwrap();
                }
                Kind::Udp => ip.udp(sport, dport).write(&mut out, &ip_payload).unwrap(),
                _ => ip.write(&mut out, IpNumber(50), &ip_payload).unwrap(),
            }
        }};
    }
    match (src, dst, vlan) {
        (Addr::V4(s), Addr::V4(d), None) => finish!(eth.ipv4(s, d, 64)),
        (Addr::V4(s), Addr::V4(d), Some(v)) => {
            finish!(eth.single_vlan(VlanId::try_new(v).unwrap()).ipv4(s, d, 64))
        }
        (Addr::V6(s), Addr::V6(d), None) => finish!(eth.ipv6(s, d, 64)),
        (Addr::V6(s), Addr::V6(d), Some(v)) => {
            finish!(eth.single_vlan(VlanId::try_new(v).unwrap()).ipv6(s, d, 64))
        }
        _ => panic!("mixed families"),
    }
    out
}
