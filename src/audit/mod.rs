//! The auditor: reads packet captures, builds conversations, and tells for each one
//! whether the traffic map explains it and whether it travelled as the policy requires.
//!
//! Takes the topology, its traffic map and capture files; returns an [`Audit`]. Reading
//! is `capture` (files → frames), `packet` (frame → addresses, ports, what it carries)
//! and `conversation` (packets → both-direction conversations); this module classifies.
//!
//! A conversation's ends are resolved to endpoints of the topology (a host by its exact
//! address, else the client group with the most specific subnet, else the Internet when
//! the address is outside every zone). The flow that explains it is looked up in an
//! index by endpoint pair (flows in policy order: exemptions first, as every host's rule
//! set orders them), then by protocol and destination port. ESP and ESP-in-UDP hide the
//! ports, so an encrypted conversation is judged by its address pair.

pub mod capture;
pub mod conversation;
pub mod packet;
pub mod segments;
pub mod zeek;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use std::borrow::Cow;

use foldhash::{HashMap, HashSet};
use serde::Serialize;

use crate::catalog::Path;
use crate::classify::{AddrRange, Classifier, Family, Header, ProtocolRange, Selector};
use crate::net::{PortRange, Protocol};
use crate::topology::{GatewayId, GroupId, HostId, Topology};
use crate::traffic::{Endpoint, FlowId, Protection, TrafficMap};

use capture::{CaptureError, CaptureReader, Frame, FrameSink};
use conversation::{Batcher, ConversationKey, ConversationStats, Conversations};
use packet::{Skip, proto};

/// The verdict on one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The policy requires encryption and the payload travelled in the clear.
    ViolationPlaintext,
    /// IKE between two addresses that never exchanged ESP: a failing negotiation.
    IkeWithoutEsp,
    /// Between known hosts, but no flow of the traffic map explains it.
    Unexpected,
    /// Required encryption, seen as ESP (or the IKE that set it up).
    OkEncrypted,
    /// Exempt by policy, seen in the clear.
    OkExempt,
    /// Neither end is a host or client group of the topology.
    Outside,
}

impl Verdict {
    /// Every verdict, worst first.
    pub const ALL: [Verdict; 6] = [
        Verdict::ViolationPlaintext,
        Verdict::IkeWithoutEsp,
        Verdict::Unexpected,
        Verdict::OkEncrypted,
        Verdict::OkExempt,
        Verdict::Outside,
    ];

    /// A stable kebab-case name.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::ViolationPlaintext => "violation-plaintext",
            Verdict::IkeWithoutEsp => "ike-without-esp",
            Verdict::Unexpected => "unexpected",
            Verdict::OkEncrypted => "ok-encrypted",
            Verdict::OkExempt => "ok-exempt",
            Verdict::Outside => "outside",
        }
    }
}

/// How a conversation travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Seen {
    /// Readable payload.
    Plaintext,
    /// Behind AH: authenticated, still readable.
    AuthenticatedOnly,
    /// ESP, IP protocol 50.
    Esp,
    /// ESP inside UDP 4500.
    EspInUdp,
    /// IKE only (UDP 500, or 4500 with the non-ESP marker).
    Ike,
}

impl Seen {
    /// A stable kebab-case name (serde's for the type).
    pub fn code(self) -> &'static str {
        match self {
            Seen::Plaintext => "plaintext",
            Seen::AuthenticatedOnly => "authenticated-only",
            Seen::Esp => "esp",
            Seen::EspInUdp => "esp-in-udp",
            Seen::Ike => "ike",
        }
    }
}

/// One conversation with its verdict.
#[derive(Clone, Debug)]
pub struct Classified {
    /// Who talked, on what.
    pub key: ConversationKey,
    /// What was counted.
    pub stats: ConversationStats,
    /// The verdict.
    pub verdict: Verdict,
    /// How it travelled.
    pub seen: Seen,
    /// The endpoint each end resolved to (`a`, `b`).
    pub ends: [Option<Endpoint>; 2],
    /// The flow of the traffic map that explains it, if one does.
    pub flow: Option<FlowId>,
    /// Which end opened it (0: `a`, 1: `b`), when the capture shows it.
    pub initiator: Option<u8>,
    /// Why the verdict ([`Classified::reason_text`] says it in a sentence).
    pub reason: Reason,
}

/// An end as a reason names it, written where the sentence is.
enum EndName<'t> {
    Named(&'t str),
    Address(IpAddr),
}

impl std::fmt::Display for EndName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndName::Named(name) => f.write_str(name),
            EndName::Address(ip) => ip.fmt(f),
        }
    }
}

/// Why a conversation got its verdict: the case of the rules it fell in. The sentence
/// ([`Classified::reason_text`]) is made from it and the conversation only where an output
/// shows it: a text report shows a few lines of 100,000 conversations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// ESP between two site gateways that a WAN link joins (`a`'s gateway first).
    Tunnel([GatewayId; 2]),
    /// IKE between them, and ESP after it.
    TunnelIke([GatewayId; 2]),
    /// IKE between them, and no ESP.
    TunnelDown([GatewayId; 2]),
    /// Readable traffic between them.
    ReadableOnWanLink([GatewayId; 2]),
    /// Neither end is a host or client group of the topology.
    Outside,
    /// ESP between ends that a flow to be encrypted joins.
    Esp,
    /// ESP between ends that no flow to be encrypted joins.
    EspNotNeeded,
    /// IKE, then ESP, between ends that a flow to be encrypted joins.
    IkeThenEsp,
    /// IKE and ESP between ends that no flow to be encrypted joins.
    IkeAndEspNotNeeded,
    /// IKE, and no ESP after it.
    IkeWithoutEsp,
    /// A flow to be encrypted, behind AH only.
    AuthenticatedOnly,
    /// A flow to be encrypted, in the clear.
    Plaintext,
    /// An exempt flow, in the clear.
    Exempt,
    /// Readable traffic that no flow explains.
    Unexplained,
}

impl Classified {
    /// Why the verdict, in a sentence: the topology and traffic map are those it was
    /// classified against.
    pub fn reason_text(&self, topo: &Topology, map: &TrafficMap) -> String {
        let mut out = String::new();
        self.write_reason_text(&mut out, topo, map);
        out
    }

    /// Appends [`Classified::reason_text`] to `out`.
    pub fn write_reason_text(&self, out: &mut String, topo: &Topology, map: &TrafficMap) {
        use std::fmt::Write as _;
        let gateways = |[ga, gb]: [GatewayId; 2]| {
            (
                topo.gateway(ga).name.as_str(),
                topo.gateway(gb).name.as_str(),
            )
        };
        let (na, nb) = (self.end_name(topo, 0), self.end_name(topo, 1));
        let s = &self.stats;
        // Writing to a String cannot fail.
        let _ = match self.reason {
            Reason::Tunnel(g) => {
                let (ga, gb) = gateways(g);
                write!(out, "the tunnel between gateways {ga} and {gb}")
            }
            Reason::TunnelIke(g) => {
                let (ga, gb) = gateways(g);
                write!(
                    out,
                    "IKE of the tunnel between gateways {ga} and {gb}, followed by ESP"
                )
            }
            Reason::TunnelDown(g) => {
                let (ga, gb) = gateways(g);
                write!(
                    out,
                    "IKE between gateways {ga} and {gb} and no ESP after it: the tunnel does not come up"
                )
            }
            Reason::ReadableOnWanLink(g) => {
                let (ga, gb) = gateways(g);
                write!(
                    out,
                    "readable traffic between gateways {ga} and {gb}: only IKE and ESP belong on their WAN link"
                )
            }
            Reason::Outside => {
                out.push_str("neither end is a host or client group of the topology");
                Ok(())
            }
            Reason::Esp => write!(out, "ESP between {na} and {nb}, as the policy requires"),
            Reason::EspNotNeeded => write!(
                out,
                "ESP between {na} and {nb}, but no flow of the traffic map needs \
                 encryption between them"
            ),
            Reason::IkeThenEsp => write!(out, "IKE between {na} and {nb}, followed by ESP"),
            Reason::IkeAndEspNotNeeded => write!(
                out,
                "IKE and ESP between {na} and {nb}, but no flow of the traffic map \
                 needs encryption between them"
            ),
            Reason::IkeWithoutEsp => {
                let _ = write!(out, "IKE between {na} and {nb} ({} packets", s.ike_packets);
                if s.keepalive_packets > 0 {
                    let _ = write!(out, ", and {} NAT-T keepalives", s.keepalive_packets);
                }
                write!(
                    out,
                    ") and no ESP after it: the negotiation fails (`cordon explain` tells why)"
                )
            }
            Reason::AuthenticatedOnly => write!(
                out,
                "the policy requires encryption between {na} and {nb}; AH \
                 authenticates but leaves the payload readable"
            ),
            Reason::Plaintext => write!(
                out,
                "the policy requires encryption between {na} and {nb}, and {} \
                 packets travelled in the clear",
                s.readable_packets()
            ),
            Reason::Exempt => {
                let why = self
                    .flow
                    .and_then(|id| map.flows.get(id.0 as usize))
                    .and_then(|f| map.reason(topo, f))
                    .unwrap_or_default();
                write!(out, "exempt: {why}")
            }
            Reason::Unexplained => write!(
                out,
                "no flow of the traffic map explains {} between {na} and {nb}: a role \
                 missing from the topology, or traffic that should not be there",
                protocol_name(self.key.family, self.key.protocol)
            ),
        };
    }

    /// One end's name as a reason gives it: its host or client group, else its address.
    fn end_name<'t>(&self, topo: &'t Topology, which: usize) -> EndName<'t> {
        match self.ends.get(which).copied().flatten() {
            Some(Endpoint::Internet) | None => EndName::Address(self.end(which).0),
            Some(x) => EndName::Named(crate::traffic::endpoint_name(topo, x)),
        }
    }

    /// One end of the conversation (0: `a`, 1: `b`): its address and port.
    pub fn end(&self, which: usize) -> (IpAddr, u16) {
        let (addr, port) = if which == 0 {
            (self.key.a, self.key.a_port)
        } else {
            (self.key.b, self.key.b_port)
        };
        (ip_of(self.key.family, addr), port)
    }
}

/// The longest original length cordon believes: libpcap's largest snapshot length
/// (`MAXIMUM_SNAPLEN`, 262144), which is also Wireshark's largest standard packet. tshark
/// 4.0 shows an original length of 0xFFFFFFF0 as 2147483647 bytes and its conversation
/// tables wrap it; cordon counts such a record as damaged, at its captured length.
pub const MAX_WIRE_LEN: u32 = 262_144;

/// What a capture read yielded besides conversations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Frames read.
    pub packets: u64,
    /// Bytes of the files read.
    pub file_bytes: u64,
    /// Bytes on the wire of all frames.
    pub wire_bytes: u64,
    /// Frames not counted, by reason.
    pub skipped: BTreeMap<Skip, u64>,
    /// Link types not read, with their frame counts.
    pub unknown_link_types: BTreeMap<u32, u64>,
    /// Frames whose record exceeds the interface's snapshot length (counted all the same).
    pub over_snaplen: u64,
    /// Frames whose original length exceeds [`MAX_WIRE_LEN`]: damaged records, counted at
    /// their captured length so that one cannot add gigabytes to the byte totals.
    pub absurd_wire_len: u64,
    /// pcapng frames of interfaces that were never described (not counted).
    pub unknown_interface: u64,
}

impl ReadStats {
    /// Adds what reading another capture yielded.
    pub fn add(&mut self, other: &ReadStats) {
        self.packets += other.packets;
        self.file_bytes += other.file_bytes;
        self.wire_bytes += other.wire_bytes;
        for (k, n) in &other.skipped {
            *self.skipped.entry(*k).or_default() += n;
        }
        for (k, n) in &other.unknown_link_types {
            *self.unknown_link_types.entry(*k).or_default() += n;
        }
        self.over_snaplen += other.over_snaplen;
        self.absurd_wire_len += other.absurd_wire_len;
        self.unknown_interface += other.unknown_interface;
    }
}

/// Whether a file starts as a pcap or pcapng file does.
fn looks_like_capture(path: &std::path::Path) -> bool {
    use std::io::Read as _;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && capture::is_capture_magic(u32::from_le_bytes(magic))
}

/// The capture files named: files as they are, directories as the captures directly in
/// them (files that start as pcap or pcapng do, whatever their names: tcpdump's rotated
/// files have none), by name; not recursive.
pub fn capture_files(
    named: &[std::path::PathBuf],
) -> Result<Vec<std::path::PathBuf>, CaptureError> {
    let mut out = Vec::new();
    for path in named {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let io = |source| CaptureError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()).map_err(io))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|p| p.is_file() && looks_like_capture(p))
            .collect();
        if files.is_empty() {
            return Err(CaptureError::Damaged {
                path: path.display().to_string(),
                offset: 0,
                what: "the directory holds no pcap or pcapng files".to_string(),
            });
        }
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

/// Reads several captures on `threads` threads, a large one on several (see
/// [`segments`]), and merges them in the order the files are given: the result is the
/// same for any thread count. `progress` is told how many more bytes were read, from any
/// thread. The first file (in the given order) that cannot be read is the error. Setting
/// `cancel` stops the reading soon (what was read so far comes back).
pub fn read_captures(
    paths: &[std::path::PathBuf],
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<(Conversations, ReadStats), CaptureError> {
    segments::read_captures_in_segments(paths, threads, segments::SEGMENT_BYTES, progress, cancel)
}

/// A file to read in stretches, open, with its length; `None` for what is no regular
/// file: a pipe has no offsets to cut at, and what planning read from it would be gone.
fn open_to_cut(path: &std::path::Path) -> Result<Option<(std::fs::File, u64)>, CaptureError> {
    let io = |source| CaptureError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    Ok(meta.is_file().then_some((file, meta.len())))
}

/// Reads one capture into a conversation table. `progress` is told the file offset now
/// and then.
pub fn read_capture(
    path: &std::path::Path,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
    progress: &mut dyn FnMut(u64),
) -> Result<(), CaptureError> {
    let mut reader = CaptureReader::open(path)?;
    read_frames(&mut reader, conversations, stats, progress)
}

/// Reads every frame of an open capture.
pub fn read_frames<R: std::io::Read>(
    reader: &mut CaptureReader<R>,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
    progress: &mut dyn FnMut(u64),
) -> Result<(), CaptureError> {
    let read = read_frames_unsettled(reader, conversations, stats, progress);
    conversations.settle_fragments();
    read
}

/// Reads every frame of a stretch of a capture, leaving later fragments whose first
/// fragment was not seen waiting (for the stretches after it).
fn read_frames_unsettled<R: std::io::Read>(
    reader: &mut CaptureReader<R>,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
    progress: &mut dyn FnMut(u64),
) -> Result<(), CaptureError> {
    let mut counter = Counter {
        conversations,
        batcher: Batcher::new(),
        stats,
        packet: packet::Packet::BLANK,
    };
    let read = reader.for_each_frame(&mut counter, progress);
    counter.batcher.flush(counter.conversations);
    stats.unknown_interface += reader.unknown_interface;
    stats.file_bytes += reader.bytes_read();
    read
}

/// Frames → packets → conversations, with the reading statistics.
struct Counter<'a> {
    conversations: &'a mut Conversations,
    batcher: Batcher,
    stats: &'a mut ReadStats,
    /// Every frame is parsed into this one packet.
    packet: packet::Packet,
}

impl FrameSink for Counter<'_> {
    #[inline(always)]
    fn frame(&mut self, frame: Frame<'_>) {
        self.stats.packets += 1;
        let mut wire_len = frame.wire_len;
        if wire_len > MAX_WIRE_LEN {
            wire_len = self.absurd(&frame);
        }
        self.stats.wire_bytes += u64::from(wire_len);
        if frame.over_snaplen {
            self.stats.over_snaplen += 1;
        }
        match packet::parse_into(frame.link, frame.data, &mut self.packet) {
            Ok(()) => self.batcher.add(
                self.conversations,
                &self.packet,
                wire_len,
                frame.timestamp_ns,
            ),
            Err(skip) => self.skipped(skip, frame.link),
        }
    }
}

impl Counter<'_> {
    /// A damaged record's length on the wire: what was captured of it.
    #[cold]
    fn absurd(&mut self, frame: &Frame<'_>) -> u32 {
        self.stats.absurd_wire_len += 1;
        u32::try_from(frame.data.len()).unwrap_or(MAX_WIRE_LEN)
    }

    #[cold]
    fn skipped(&mut self, skip: Skip, link: capture::LinkType) {
        *self.stats.skipped.entry(skip).or_default() += 1;
        if skip == Skip::UnknownLinkType {
            *self.stats.unknown_link_types.entry(link.0).or_default() += 1;
        }
    }
}

/// The audit of a set of captures.
#[derive(Clone, Debug)]
pub struct Audit {
    /// Every conversation, worst verdict first, then by first packet time.
    pub conversations: Vec<Classified>,
    /// What reading found.
    pub read: ReadStats,
}

impl Audit {
    /// Whether any conversation broke the policy (the exit status depends on it).
    pub fn has_violations(&self) -> bool {
        self.conversations
            .iter()
            .any(|c| c.verdict == Verdict::ViolationPlaintext)
    }
}

/// Addresses → endpoints, and endpoint pairs → flows.
pub struct FlowIndex<'a> {
    topo: &'a Topology,
    map: &'a TrafficMap,
    hosts: HashMap<(Family, u128), HostId>,
    groups: Classifier,
    group_of_selector: Vec<GroupId>,
    /// Each endpoint pair's flows, a stretch of `candidates`.
    pairs: HashMap<(Endpoint, Endpoint), Stretch>,
    /// The flows of every pair, each pair's in policy order: what matching a flow reads
    /// of it, kept together so that a match takes no trip into the traffic map.
    candidates: Vec<Candidate>,
    /// Gateways by WAN address, and the pairs a WAN link joins.
    gateways: HashMap<(Family, u128), crate::topology::GatewayId>,
    links: BTreeSet<(crate::topology::GatewayId, crate::topology::GatewayId)>,
}

impl<'a> FlowIndex<'a> {
    /// Builds the index: linear in hosts, group prefixes and flows.
    pub fn new(topo: &'a Topology, map: &'a TrafficMap) -> Self {
        let mut hosts = HashMap::default();
        for (i, h) in topo.hosts.iter().enumerate() {
            for a in &h.addresses {
                hosts.entry(addr_key(*a)).or_insert(HostId(i as u32));
            }
        }
        // The most specific subnet wins: selectors sorted by prefix length, longest first.
        let mut prefixes: Vec<(u8, usize, ipnet::IpNet)> = Vec::new();
        for (g, group) in topo.client_groups.iter().enumerate() {
            for p in group.subnets.prefixes() {
                prefixes.push((p.prefix_len(), g, *p));
            }
        }
        prefixes.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        let selectors: Vec<Selector> = prefixes
            .iter()
            .map(|(_, _, p)| {
                let (family, source) = AddrRange::of_prefix(p);
                Selector {
                    family,
                    source,
                    destination: AddrRange::any(family),
                    protocol: ProtocolRange::ANY,
                    source_ports: PortRange::new(0, 65535).unwrap_or(PortRange::single(0)),
                    destination_ports: PortRange::new(0, 65535).unwrap_or(PortRange::single(0)),
                }
            })
            .collect();
        let group_of_selector = prefixes
            .iter()
            .map(|(_, g, _)| GroupId(*g as u32))
            .collect();
        let (pairs, candidates) = index_pairs(map);
        let gateways = topo
            .gateways
            .iter()
            .enumerate()
            .map(|(i, g)| (addr_key(g.wan), crate::topology::GatewayId(i as u32)))
            .collect();
        let links = topo
            .wan_links
            .iter()
            .map(|l| {
                (
                    l.gateways[0].min(l.gateways[1]),
                    l.gateways[0].max(l.gateways[1]),
                )
            })
            .collect();
        FlowIndex {
            gateways,
            links,
            topo,
            map,
            hosts,
            groups: Classifier::new(&selectors),
            group_of_selector,
            pairs,
            candidates,
        }
    }

    /// The two gateways whose WAN addresses these are, when a WAN link joins them.
    pub fn tunnel_between(&self, family: Family, a: u128, b: u128) -> Option<[GatewayId; 2]> {
        let ga = *self.gateways.get(&(family, a))?;
        let gb = *self.gateways.get(&(family, b))?;
        self.links
            .contains(&(ga.min(gb), ga.max(gb)))
            .then_some([ga, gb])
    }

    /// The endpoints an address may stand for, most specific first.
    pub fn resolve(&self, family: Family, addr: u128) -> Vec<Endpoint> {
        if let Some(h) = self.hosts.get(&(family, addr)) {
            return vec![Endpoint::Host(*h)];
        }
        let mut out = Vec::with_capacity(2);
        let header = Header {
            family,
            source: addr,
            destination: 0,
            protocol: 0,
            source_port: 0,
            destination_port: 0,
        };
        if let Some(g) = self
            .groups
            .lookup(&header)
            .and_then(|i| self.group_of_selector.get(i))
        {
            out.push(Endpoint::Group(*g));
        }
        if self.topo.outside.contains(ip_of(family, addr)) {
            out.push(Endpoint::Internet);
        }
        out
    }

    /// The flows from `from` to `to`, in policy order.
    fn candidates_of(&self, from: Endpoint, to: Endpoint) -> &[Candidate] {
        self.pairs.get(&(from, to)).map_or(&[], |s| {
            self.candidates
                .get(s.start as usize..(s.start + s.len) as usize)
                .unwrap_or(&[])
        })
    }

    /// The flow that explains a readable packet from `from` to `to`, by policy order,
    /// and whether it must be encrypted.
    fn flow_for(
        &self,
        from: &[Endpoint],
        to: &[Endpoint],
        family: Family,
        protocol: u8,
        port: u16,
    ) -> Option<(bool, FlowId)> {
        let mut best: Option<(bool, FlowId)> = None;
        for f in from {
            for t in to {
                let hit = self.candidates_of(*f, *t).iter().find(|c| {
                    protocol_matches(c.protocol, family, protocol)
                        && (!c.protocol.has_ports() || self.map.port_set(c.ports).contains(port))
                });
                if let Some(c) = hit
                    && best.is_none_or(|b| (c.encrypt, c.id) < b)
                {
                    best = Some((c.encrypt, c.id));
                }
            }
        }
        best
    }

    /// A flow that requires encryption between the two ends, either way.
    fn encrypted_flow_between(&self, x: &[Endpoint], y: &[Endpoint]) -> Option<FlowId> {
        let mut found: Option<FlowId> = None;
        for a in x {
            for b in y {
                for (from, to) in [(*a, *b), (*b, *a)] {
                    let hit = self
                        .candidates_of(from, to)
                        .iter()
                        .find(|c| c.encrypt)
                        .map(|c| c.id);
                    found = match (found, hit) {
                        (Some(f), Some(h)) => Some(f.min(h)),
                        (f, h) => f.or(h),
                    };
                }
            }
        }
        found
    }
}

/// A stretch of [`FlowIndex::candidates`].
#[derive(Clone, Copy, Debug, Default)]
struct Stretch {
    start: u32,
    len: u32,
}

/// A flow as matching a conversation reads it.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    id: FlowId,
    protocol: Protocol,
    ports: crate::traffic::PortSetId,
    /// Whether the flow must be encrypted.
    encrypt: bool,
}

/// Each endpoint pair's flows in policy order (exemptions before encryption, then map
/// order), as stretches of one list.
fn index_pairs(map: &TrafficMap) -> (HashMap<(Endpoint, Endpoint), Stretch>, Vec<Candidate>) {
    let mut lists: HashMap<(Endpoint, Endpoint), Vec<Candidate>> = HashMap::default();
    for (i, f) in map.flows.iter().enumerate() {
        lists.entry((f.from, f.to)).or_default().push(Candidate {
            id: FlowId(i as u32),
            protocol: f.protocol,
            ports: f.ports,
            encrypt: f.protection == Protection::Encrypt,
        });
    }
    let mut pairs = HashMap::default();
    pairs.reserve(lists.len());
    let mut candidates = Vec::with_capacity(map.flows.len());
    for (pair, mut list) in lists {
        list.sort_by_key(|c| c.encrypt);
        let start = candidates.len() as u32;
        candidates.extend_from_slice(&list);
        pairs.insert(
            pair,
            Stretch {
                start,
                len: list.len() as u32,
            },
        );
    }
    (pairs, candidates)
}

fn protocol_matches(flow: Protocol, family: Family, seen: u8) -> bool {
    match flow {
        Protocol::Any => true,
        Protocol::Tcp => seen == proto::TCP,
        Protocol::Udp => seen == proto::UDP,
        Protocol::Esp => seen == proto::ESP,
        Protocol::Icmp => match family {
            Family::V4 => seen == proto::ICMP,
            Family::V6 => seen == proto::ICMPV6,
        },
    }
}

fn addr_key(a: IpAddr) -> (Family, u128) {
    match a {
        IpAddr::V4(v) => (Family::V4, u128::from(u32::from(v))),
        IpAddr::V6(v) => (Family::V6, u128::from(v)),
    }
}

/// An address of the capture as an `IpAddr`.
pub fn ip_of(family: Family, addr: u128) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(Ipv4Addr::from(u32::try_from(addr).unwrap_or(0))),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(addr)),
    }
}

/// Classifies every conversation, on every core; the order is by verdict (worst first),
/// then first packet, then key, whatever the thread count.
pub fn classify(
    topo: &Topology,
    map: &TrafficMap,
    conversations: &Conversations,
    read: ReadStats,
) -> Audit {
    use rayon::prelude::*;
    let index = FlowIndex::new(topo, map);
    // In the table's order: the result is sorted at the end, by a total order.
    let all = conversations.entries();
    // Address pairs that exchanged ESP (IP 50 or in UDP): IKE between them did its job.
    let esp_pairs: HashSet<(Family, u128, u128)> = all
        .iter()
        .filter(|(_, s)| s.esp_packets > 0)
        .map(|(k, _)| (k.family, k.a.min(k.b), k.a.max(k.b)))
        .collect();
    // Each address once (a host has many conversations), on every core. (Gathered in a
    // set: sorting both ends of 100,000 conversations to drop repeats took longer than
    // classifying them.)
    let addresses: HashSet<(Family, u128)> = all
        .iter()
        .flat_map(|(k, _)| [(k.family, k.a), (k.family, k.b)])
        .collect();
    let resolved: HashMap<(Family, u128), Vec<Endpoint>> = addresses
        .into_par_iter()
        .map(|(family, addr)| ((family, addr), index.resolve(family, addr)))
        .collect();
    let ctx = ClassifyCtx {
        index: &index,
        resolved: &resolved,
        esp_pairs: &esp_pairs,
    };
    let mut out: Vec<Classified> = all
        .par_iter()
        .map(|(key, stats)| ctx.one(*key, *stats))
        .collect();
    out.par_sort_unstable_by(|x, y| {
        (x.verdict, x.stats.first_ns, x.key).cmp(&(y.verdict, y.stats.first_ns, y.key))
    });
    Audit {
        conversations: out,
        read,
    }
}

/// What classifying one conversation reads.
struct ClassifyCtx<'a> {
    index: &'a FlowIndex<'a>,
    /// What every address of the conversations resolves to.
    resolved: &'a HashMap<(Family, u128), Vec<Endpoint>>,
    esp_pairs: &'a HashSet<(Family, u128, u128)>,
}

impl ClassifyCtx<'_> {
    /// One conversation's verdict, how it travelled, the flow that explains it and why.
    fn one(&self, key: ConversationKey, stats: ConversationStats) -> Classified {
        let known = |e: &[Endpoint]| {
            e.iter()
                .any(|x| matches!(x, Endpoint::Host(_) | Endpoint::Group(_)))
        };
        let resolved = |addr: u128| {
            self.resolved
                .get(&(key.family, addr))
                .map_or(&[][..], Vec::as_slice)
        };
        let (ea, eb) = (resolved(key.a), resolved(key.b));
        let seen = seen_of(&key, &stats);
        let c = Conversation {
            key: &key,
            stats: &stats,
            ends: [ea, eb],
            seen,
        };
        let (verdict, flow, reason) =
            if let Some(gateways) = self.index.tunnel_between(key.family, key.a, key.b) {
                let (verdict, reason) = self.on_wan_link(&c, gateways);
                (verdict, None, reason)
            } else if !known(ea) && !known(eb) {
                (Verdict::Outside, None, Reason::Outside)
            } else {
                match seen {
                    Seen::Esp | Seen::EspInUdp => self.encrypted(&c),
                    Seen::Ike => self.ike_only(&c),
                    Seen::Plaintext | Seen::AuthenticatedOnly => self.readable(&c),
                }
            };
        Classified {
            key,
            stats,
            verdict,
            seen,
            ends: [ea.first().copied(), eb.first().copied()],
            flow,
            initiator: stats.syn_from,
            reason,
        }
    }

    /// Between two site gateways' WAN addresses: only IKE and ESP belong there.
    fn on_wan_link(&self, c: &Conversation<'_>, gateways: [GatewayId; 2]) -> (Verdict, Reason) {
        match c.seen {
            Seen::Esp | Seen::EspInUdp => (Verdict::OkEncrypted, Reason::Tunnel(gateways)),
            Seen::Ike if self.esp_pairs.contains(&c.pair()) => {
                (Verdict::OkEncrypted, Reason::TunnelIke(gateways))
            }
            Seen::Ike => (Verdict::IkeWithoutEsp, Reason::TunnelDown(gateways)),
            Seen::Plaintext | Seen::AuthenticatedOnly => {
                (Verdict::Unexpected, Reason::ReadableOnWanLink(gateways))
            }
        }
    }

    /// ESP between two ends: fine if some flow between them must be encrypted.
    fn encrypted(&self, c: &Conversation<'_>) -> Judged {
        match self.index.encrypted_flow_between(c.ends[0], c.ends[1]) {
            Some(f) => (Verdict::OkEncrypted, Some(f), Reason::Esp),
            None => (Verdict::Unexpected, None, Reason::EspNotNeeded),
        }
    }

    /// IKE and nothing readable: fine when ESP followed between the same addresses.
    fn ike_only(&self, c: &Conversation<'_>) -> Judged {
        // The flow that needed the negotiation, if the map has one.
        let flow = self.index.encrypted_flow_between(c.ends[0], c.ends[1]);
        if !self.esp_pairs.contains(&c.pair()) {
            (Verdict::IkeWithoutEsp, flow, Reason::IkeWithoutEsp)
        } else if flow.is_some() {
            (Verdict::OkEncrypted, flow, Reason::IkeThenEsp)
        } else {
            (Verdict::Unexpected, flow, Reason::IkeAndEspNotNeeded)
        }
    }

    /// Readable traffic: a violation where the flow that explains it must be encrypted.
    fn readable(&self, c: &Conversation<'_>) -> Judged {
        let (key, stats) = (c.key, c.stats);
        let [ea, eb] = c.ends;
        // The opener's end is the flow's `from`. Without a SYN (a capture that starts
        // mid-stream), the end with the lower port is taken for the server first, the
        // other way round only when that explains nothing.
        let orientations: &[u8] = match stats.syn_from {
            Some(0) => &[0],
            Some(_) => &[1],
            None if key.a_port < key.b_port => &[1, 0],
            None => &[0, 1],
        };
        let best: Option<(bool, FlowId)> = orientations.iter().find_map(|&from| {
            let (src, dst, port) = if from == 0 {
                (ea, eb, key.b_port)
            } else {
                (eb, ea, key.a_port)
            };
            self.index
                .flow_for(src, dst, key.family, key.protocol, port)
        });
        let flow = best.map(|(_, id)| id);
        match best {
            Some((true, _)) if c.seen == Seen::AuthenticatedOnly => {
                (Verdict::ViolationPlaintext, flow, Reason::AuthenticatedOnly)
            }
            Some((true, _)) => (Verdict::ViolationPlaintext, flow, Reason::Plaintext),
            Some((false, _)) => (Verdict::OkExempt, flow, Reason::Exempt),
            None => (Verdict::Unexpected, flow, Reason::Unexplained),
        }
    }
}

/// A conversation being classified, with what its addresses resolved to.
struct Conversation<'c> {
    key: &'c ConversationKey,
    stats: &'c ConversationStats,
    ends: [&'c [Endpoint]; 2],
    seen: Seen,
}

impl Conversation<'_> {
    /// Its address pair, lower address first (as ESP is remembered).
    fn pair(&self) -> (Family, u128, u128) {
        let k = self.key;
        (k.family, k.a.min(k.b), k.a.max(k.b))
    }
}

/// A verdict, the flow that explains it, and why.
type Judged = (Verdict, Option<FlowId>, Reason);

/// How a conversation travelled, from what its packets carried.
fn seen_of(key: &ConversationKey, stats: &ConversationStats) -> Seen {
    let readable = stats.readable_packets() > 0;
    if stats.esp_packets > 0 {
        if key.protocol == proto::ESP {
            Seen::Esp
        } else {
            Seen::EspInUdp
        }
    } else if stats.ah_packets > 0 {
        Seen::AuthenticatedOnly
    } else if (stats.ike_packets > 0 || stats.keepalive_packets > 0) && !readable {
        Seen::Ike
    } else {
        Seen::Plaintext
    }
}

/// A protocol number as a name (`tcp`, `udp`, `icmp`, `esp`, ... or `ip-N`); only the
/// last is made (a JSON audit names every conversation's protocol).
pub fn protocol_name(family: Family, protocol: u8) -> Cow<'static, str> {
    Cow::Borrowed(match protocol {
        proto::TCP => "tcp",
        proto::UDP => "udp",
        proto::ICMP if family == Family::V4 => "icmp",
        proto::ICMPV6 if family == Family::V6 => "icmpv6",
        proto::ESP => "esp",
        proto::AH => "ah",
        proto::GRE => "gre",
        n => return Cow::Owned(format!("ip-{n}")),
    })
}

/// The path of the flow that explains a conversation, if any.
pub fn path_of(map: &TrafficMap, c: &Classified) -> Option<Path> {
    c.flow
        .and_then(|f| map.flows.get(f.0 as usize))
        .map(|f| f.path)
}
