//! Capture files as a stream of frames: classic pcap (either byte order, micro- or
//! nanosecond timestamps) and pcapng (several sections, several interfaces with their own
//! link types and timestamp resolutions).
//!
//! pcap-parser decodes the file header and the pcapng blocks (classic pcap records are
//! four words, read here directly); this module owns the buffering around them
//! (one reused buffer, refilled as the file is read, so memory does not grow with the
//! file) and the damage checks that must come before a length is trusted: a record or
//! block longer than [`MAX_RECORD`], a pcapng block length that is not a multiple of four
//! or disagrees with its trailer, a file that ends inside a record. Those are errors with
//! the byte offset; damage inside one packet is the packet parser's business.

use std::io::Read;

use pcap_parser::pcapng::Block;
use pcap_parser::traits::PcapNGPacketBlock;

/// The longest record or block cordon accepts (libpcap's own limit for most link types is
/// 256 KiB; pcapng blocks with large options stay well below this).
pub const MAX_RECORD: usize = 16 * 1024 * 1024;

/// Bytes asked of the kernel per read. A copy this size stays in the core's cache for the
/// parser that follows; measured here, reads of 256 KiB and more cost four times as much
/// system time as reads of 128 KiB (the size `cat` uses).
const READ_CHUNK: usize = 128 * 1024;
const SHB_MAGIC: u32 = 0x0A0D_0D0A;
/// Classic pcap's magic numbers as read little-endian: micro- and nanosecond timestamps,
/// in either byte order.
const PCAP_MAGICS: [u32; 4] = [0xa1b2_c3d4, 0xa1b2_3c4d, 0xd4c3_b2a1, 0x4d3c_b2a1];

/// Whether a file's first four bytes (read little-endian) start a pcap or pcapng file.
pub fn is_capture_magic(first_word: u32) -> bool {
    first_word == SHB_MAGIC || PCAP_MAGICS.contains(&first_word)
}
const EPB_TYPE: u32 = 6;
const SPB_TYPE: u32 = 3;
/// An enhanced packet block without packet data or options: type, length, interface,
/// two timestamp words, captured and original length, trailing length.
const EPB_MIN_LEN: usize = 32;

/// What went wrong with a capture file as a whole.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a capture, or is damaged where no packet can be recovered from.
    #[error("{path}: byte {offset}: {what}")]
    Damaged {
        /// The file.
        path: String,
        /// Where the damage starts.
        offset: u64,
        /// What is wrong, and what to do.
        what: String,
    },
}

/// A link-layer header type (LINKTYPE_* numbers of the pcap and pcapng formats).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkType(pub u32);

/// One captured packet.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// How the packet's bytes begin.
    pub link: LinkType,
    /// Capture time, nanoseconds since the Unix epoch.
    pub timestamp_ns: u64,
    /// The packet's length on the wire (may exceed the bytes captured).
    pub wire_len: u32,
    /// The captured bytes.
    pub data: &'a [u8],
    /// Whether the record holds more bytes than the interface's snapshot length allows.
    pub over_snaplen: bool,
}

/// What the frames of a capture are handed to. A trait rather than a closure so that an
/// implementation marked `#[inline(always)]` is compiled into the read loop.
pub trait FrameSink {
    /// Takes one frame.
    fn frame(&mut self, frame: Frame<'_>);
}

/// A pcapng block's frame: its type, its section's byte order, its length.
#[derive(Clone, Copy)]
struct BlockHeader {
    block_type: u32,
    big_endian: bool,
    len: usize,
}

/// A packet of a pcapng block, its bytes as a range of the reader's buffer (the block
/// parser cannot hand out a slice that outlives its borrow of the reader).
struct BlockPacket {
    link: LinkType,
    timestamp_ns: u64,
    wire_len: u32,
    data: std::ops::Range<usize>,
    over_snaplen: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Interface {
    link: LinkType,
    snaplen: u32,
    /// Timestamp units per second.
    resolution: u64,
    /// Seconds added to every timestamp.
    offset_s: i64,
}

/// How a reader interprets what follows: the file's form, byte order and interfaces. A
/// stretch of a file read on its own starts from a guess of it, proven by the stretch
/// before (see [`super::segments`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Pcap {
        big_endian: bool,
        nanoseconds: bool,
        interface: Interface,
    },
    PcapNg {
        big_endian: bool,
        interfaces: Vec<Interface>,
    },
}

/// A record or block boundary is taken to be found when this many records or blocks
/// follow one another from it, each plausible on its own.
const BOUNDARY_CHAIN: usize = 8;

impl Format {
    /// Where in `window` (which starts at file offset `window_at`) the first record or
    /// block seems to begin, judged by the records that follow it: a guess, which the
    /// stretch before proves or refutes by ending exactly there. A chain that ends
    /// exactly at the end of the file (`file_len`) counts as whole.
    ///
    /// A classic pcap record header holds nothing fixed, so records read a few bytes off
    /// their boundaries can look plausible (the fraction read as seconds, the captured
    /// length as the fraction...); the seconds must be within a year of `first_seconds`,
    /// the first record's, which such a shifted read's are not.
    pub(super) fn boundary_in(
        &self,
        window: &[u8],
        window_at: u64,
        file_len: u64,
        first_seconds: Option<u32>,
    ) -> Option<usize> {
        let at_file_end = |i: usize| window_at + i as u64 == file_len;
        let chain = |first: usize, next: &dyn Fn(usize) -> Option<usize>| {
            let mut i = first;
            for _ in 0..BOUNDARY_CHAIN {
                if at_file_end(i) {
                    return true;
                }
                match next(i) {
                    Some(n) => i = n,
                    None => return false,
                }
            }
            true
        };
        match self {
            Format::Pcap {
                big_endian,
                nanoseconds,
                interface,
            } => {
                let word = |b: &[u8]| {
                    let w: [u8; 4] = b.try_into().unwrap_or([0; 4]);
                    if *big_endian {
                        u32::from_be_bytes(w)
                    } else {
                        u32::from_le_bytes(w)
                    }
                };
                let fraction_limit = if *nanoseconds {
                    1_000_000_000
                } else {
                    1_000_000
                };
                let longest = if interface.snaplen > 0 {
                    (interface.snaplen as usize).min(MAX_RECORD)
                } else {
                    MAX_RECORD
                };
                let seconds = |i: usize| window.get(i..i + 4).map(word);
                let record = |i: usize| -> Option<usize> {
                    let h = window.get(i..i + 16)?;
                    let (fraction, caplen, wire) = (
                        word(&h[4..8]),
                        word(&h[8..12]) as usize,
                        word(&h[12..16]) as usize,
                    );
                    (fraction < fraction_limit && caplen <= longest && caplen <= wire)
                        .then_some(i + 16 + caplen)
                };
                (0..window.len()).find(|&first| {
                    let Some(t0) = seconds(first) else {
                        return false;
                    };
                    if first_seconds.is_some_and(|f| f.abs_diff(t0) > 366 * 86_400) {
                        return false;
                    }
                    // Packets of one capture are close in time: a day apart at most.
                    let near = |i: usize| seconds(i).is_some_and(|t| t.abs_diff(t0) <= 86_400);
                    chain(first, &|i| record(i).filter(|_| near(i)))
                })
            }
            Format::PcapNg { big_endian, .. } => {
                let word = |i: usize| {
                    let w: [u8; 4] = window.get(i..i + 4)?.try_into().ok()?;
                    Some(if *big_endian {
                        u32::from_be_bytes(w)
                    } else {
                        u32::from_le_bytes(w)
                    })
                };
                let block = |i: usize| -> Option<usize> {
                    let (kind, len) = (word(i)?, word(i + 4)? as usize);
                    let known = matches!(kind, 1..=6 | 0xA | SHB_MAGIC);
                    (known
                        && (12..=MAX_RECORD).contains(&len)
                        && len.is_multiple_of(4)
                        && word(i + len - 4)? as usize == len)
                        .then_some(i + len)
                };
                let skip = (4 - (window_at % 4) as usize) % 4;
                (skip..window.len())
                    .step_by(4)
                    .find(|&first| chain(first, &block))
            }
        }
    }
}

impl Format {
    /// A header word in the file's byte order.
    pub(super) fn word(&self, bytes: [u8; 4]) -> u32 {
        match self {
            Format::Pcap {
                big_endian: true, ..
            }
            | Format::PcapNg {
                big_endian: true, ..
            } => u32::from_be_bytes(bytes),
            _ => u32::from_le_bytes(bytes),
        }
    }
}

/// Frames of a capture file, read through one buffer.
pub struct CaptureReader<R> {
    input: R,
    path: String,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// File offset of `buf[0]`.
    base: u64,
    /// File offset where this reader started (0, or a stretch's start).
    origin: u64,
    eof: bool,
    /// Bytes asked of the input per read: [`READ_CHUNK`], or less for a short stretch.
    chunk: usize,
    format: Format,
    /// Frames of pcapng interfaces that were never described.
    pub unknown_interface: u64,
}

impl CaptureReader<std::fs::File> {
    /// Opens a capture file and reads its header.
    pub fn open(path: &std::path::Path) -> Result<Self, CaptureError> {
        let file = std::fs::File::open(path).map_err(|source| CaptureError::Io {
            path: path.display().to_string(),
            source,
        })?;
        CaptureReader::new(file, &path.display().to_string())
    }
}

impl<R: Read> CaptureReader<R> {
    /// Reads the header of a capture from any reader; `path` names it in errors.
    pub fn new(input: R, path: &str) -> Result<Self, CaptureError> {
        let mut r = CaptureReader {
            input,
            path: path.to_string(),
            buf: vec![0; 2 * READ_CHUNK],
            start: 0,
            end: 0,
            base: 0,
            origin: 0,
            eof: false,
            chunk: READ_CHUNK,
            format: Format::PcapNg {
                big_endian: false,
                interfaces: Vec::new(),
            },
            unknown_interface: 0,
        };
        if !r.fill(4)? {
            return Err(r.damaged(
                0,
                "the file is shorter than any capture header (4 bytes): it is empty or cut",
            ));
        }
        let magic = r.bytes(0, 4);
        let le = u32::from_le_bytes([magic[0], magic[1], magic[2], magic[3]]);
        match le {
            magic if PCAP_MAGICS.contains(&magic) => {
                if !r.fill(24)? {
                    return Err(r.damaged(0, "the file ends inside the 24-byte pcap header"));
                }
                let header = pcap_parser::parse_pcap_header(r.bytes(0, 24))
                    .map_err(|_| r.damaged(0, "the pcap header cannot be decoded"))?
                    .1;
                r.format = Format::Pcap {
                    big_endian: header.is_bigendian(),
                    nanoseconds: header.is_nanosecond_precision(),
                    interface: Interface {
                        link: LinkType(header.network.0 as u32),
                        snaplen: header.snaplen,
                        resolution: 0,
                        offset_s: 0,
                    },
                };
                r.start += 24;
            }
            SHB_MAGIC => {}
            0xa1b2_cd34 | 0x34cd_b2a1 => {
                return Err(r.damaged(
                    0,
                    "this is Alexey Kuznetsov's modified pcap format, which cordon does not \
                     read: convert it with `editcap -F pcap IN OUT`",
                ));
            }
            other => {
                return Err(r.damaged(
                    0,
                    &format!(
                        "not a pcap or pcapng file (it starts with 0x{other:08x}; pcap starts \
                         with a1b2c3d4 or a1b23c4d in either byte order, pcapng with 0a0d0d0a)"
                    ),
                ));
            }
        }
        Ok(r)
    }

    /// How far into the file the reader is.
    pub fn position(&self) -> u64 {
        self.base + self.start as u64
    }

    /// Bytes this reader has gone through (of a whole file, or of its stretch).
    pub fn bytes_read(&self) -> u64 {
        self.position() - self.origin
    }

    /// A reader of a stretch of `len` bytes of a file that starts at byte `base` (a record
    /// or block boundary), read as `format` says.
    pub(super) fn resume(input: R, path: &str, format: Format, base: u64, len: u64) -> Self {
        // A short stretch gets a buffer its size (its reads need no more).
        let chunk = usize::try_from(len).map_or(READ_CHUNK, |n| n.clamp(64, READ_CHUNK));
        CaptureReader {
            input,
            path: path.to_string(),
            buf: vec![0; 2 * chunk],
            start: 0,
            end: 0,
            base,
            origin: base,
            eof: false,
            chunk,
            format,
            unknown_interface: 0,
        }
    }

    /// The reader's interpretation of what follows.
    pub(super) fn format(&self) -> &Format {
        &self.format
    }

    /// Reads the blocks before the first packet (a pcapng file's section header and
    /// interface descriptions; nothing in classic pcap, whose header `new` read).
    pub(super) fn preamble(&mut self) -> Result<(), CaptureError> {
        let Format::PcapNg { .. } = self.format else {
            return Ok(());
        };
        while self.fill(8)? {
            let big_endian = matches!(
                self.format,
                Format::PcapNg {
                    big_endian: true,
                    ..
                }
            );
            if matches!(self.u32_at(0, big_endian), EPB_TYPE | SPB_TYPE) {
                break;
            }
            self.pcapng_block()?;
        }
        Ok(())
    }

    fn damaged(&self, at: usize, what: &str) -> CaptureError {
        CaptureError::Damaged {
            path: self.path.clone(),
            offset: self.base + (self.start + at) as u64,
            what: what.to_string(),
        }
    }

    #[inline]
    fn bytes(&self, from: usize, len: usize) -> &[u8] {
        self.buf
            .get(self.start + from..self.start + from + len)
            .unwrap_or(&[])
    }

    /// A header word (0 past the end: callers fill first).
    #[inline]
    fn u32_at(&self, from: usize, big_endian: bool) -> u32 {
        let a: [u8; 4] = self.bytes(from, 4).try_into().unwrap_or([0; 4]);
        if big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    }

    /// Makes `n` bytes from `start` available; `false` when the file ends before them.
    #[inline]
    fn fill(&mut self, n: usize) -> Result<bool, CaptureError> {
        if self.end - self.start >= n {
            return Ok(true);
        }
        self.refill(n)
    }

    #[cold]
    fn refill(&mut self, n: usize) -> Result<bool, CaptureError> {
        while self.end - self.start < n {
            if self.eof {
                return Ok(false);
            }
            if self.buf.len() - self.end < self.chunk {
                // Slide what is left (part of one record) to the front, growing only for a
                // record larger than the buffer (bounded by MAX_RECORD, checked by the
                // callers).
                self.buf.copy_within(self.start..self.end, 0);
                self.base += self.start as u64;
                self.end -= self.start;
                self.start = 0;
                let need = (self.end + self.chunk).max(n);
                if self.buf.len() < need {
                    self.buf.resize(need, 0);
                }
            }
            let until = (self.end + self.chunk).min(self.buf.len());
            let free = &mut self.buf[self.end..until];
            match self.input.read(free) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(CaptureError::Io {
                        path: self.path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(true)
    }

    /// Hands every frame to `sink`, to the end of the file, and tells `progress` the file
    /// position after each read. Classic pcap records are walked in a loop over what the
    /// buffer holds, its state in registers: this is the path of a large capture.
    pub fn for_each_frame(
        &mut self,
        sink: &mut impl FrameSink,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), CaptureError> {
        match self.format {
            Format::Pcap {
                big_endian: false,
                nanoseconds,
                interface,
            } => self.pcap_records::<false>(nanoseconds, interface, sink, progress),
            Format::Pcap {
                big_endian: true,
                nanoseconds,
                interface,
            } => self.pcap_records::<true>(nanoseconds, interface, sink, progress),
            Format::PcapNg { .. } => self.pcapng_blocks(sink, progress),
        }
    }

    fn pcapng_blocks(
        &mut self,
        sink: &mut impl FrameSink,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), CaptureError> {
        let mut since_report = 0u32;
        while self.fill(1)? {
            if let Some(frame) = self.pcapng_block()? {
                // Re-borrow: the block parser returned offsets, not a slice.
                sink.frame(Frame {
                    link: frame.link,
                    timestamp_ns: frame.timestamp_ns,
                    wire_len: frame.wire_len,
                    data: self.buf.get(frame.data.clone()).unwrap_or(&[]),
                    over_snaplen: frame.over_snaplen,
                });
            }
            since_report += 1;
            if since_report == 1 << 12 {
                since_report = 0;
                progress(self.position());
            }
        }
        progress(self.position());
        Ok(())
    }

    fn pcap_records<const BIG_ENDIAN: bool>(
        &mut self,
        nanoseconds: bool,
        interface: Interface,
        sink: &mut impl FrameSink,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), CaptureError> {
        let word = |h: &[u8; 16], at: usize| {
            let w = [h[at], h[at + 1], h[at + 2], h[at + 3]];
            if BIG_ENDIAN {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        let fraction_scale = if nanoseconds { 1 } else { 1000 };
        let snaplen = interface.snaplen as usize;
        loop {
            let held = self.buf.get(self.start..self.end).unwrap_or(&[]);
            let mut rest = held;
            while let Some((header, body)) = rest.split_first_chunk::<16>() {
                let caplen = word(header, 8) as usize;
                // A record that does not fit, or is too long, is left to
                // `buffer_pcap_record`, which refills or says what is wrong.
                if caplen > MAX_RECORD {
                    break;
                }
                let Some(data) = body.get(..caplen) else {
                    break;
                };
                sink.frame(Frame {
                    link: interface.link,
                    timestamp_ns: u64::from(word(header, 0)) * 1_000_000_000
                        + u64::from(word(header, 4)) * fraction_scale,
                    wire_len: word(header, 12),
                    data,
                    over_snaplen: snaplen > 0 && caplen > snaplen,
                });
                rest = body.get(caplen..).unwrap_or(&[]);
            }
            self.start += held.len() - rest.len();
            progress(self.position());
            if !self.buffer_pcap_record(BIG_ENDIAN)? {
                return Ok(());
            }
        }
    }

    #[inline]
    /// Makes the next record whole in the buffer, or says what is wrong with it; `false`
    /// at the end of the file.
    #[cold]
    fn buffer_pcap_record(&mut self, big_endian: bool) -> Result<bool, CaptureError> {
        if !self.fill(1)? {
            return Ok(false);
        }
        if !self.fill(16)? {
            return Err(self.damaged(
                0,
                &format!(
                    "the file ends inside a 16-byte record header ({} bytes left): it was cut \
                     while being written; `editcap` can keep the packets before this point",
                    self.end - self.start
                ),
            ));
        }
        let caplen = self.u32_at(8, big_endian) as usize;
        if caplen > MAX_RECORD {
            return Err(self.damaged(
                0,
                &format!(
                    "a record claims {caplen} captured bytes (more than {MAX_RECORD}): the file \
                     is corrupt from here on"
                ),
            ));
        }
        if !self.fill(16 + caplen)? {
            return Err(self.damaged(
                0,
                &format!(
                    "the file ends inside a packet record ({} of {} bytes): it was cut while \
                     being written; `editcap` can keep the packets before this point",
                    self.end - self.start,
                    16 + caplen
                ),
            ));
        }
        Ok(true)
    }

    /// Reads one pcapng block; a packet comes back with its bytes as a range of `buf`.
    fn pcapng_block(&mut self) -> Result<Option<BlockPacket>, CaptureError> {
        let Some(header) = self.frame_pcapng_block()? else {
            return Ok(None);
        };
        if header.block_type == EPB_TYPE {
            self.check_enhanced_packet_block(header)?;
        }
        let packet = self.decode_pcapng_block(header)?;
        self.start += header.len;
        Ok(packet)
    }

    /// Makes the next pcapng block whole in the buffer and checks its frame: byte order
    /// (a section header sets its own), length, trailing length. `None` outside a pcapng
    /// file.
    fn frame_pcapng_block(&mut self) -> Result<Option<BlockHeader>, CaptureError> {
        if !self.fill(12)? {
            return Err(self.damaged(
                0,
                "the file ends inside a pcapng block header: it was cut while being written",
            ));
        }
        let Format::PcapNg { big_endian, .. } = self.format else {
            return Ok(None);
        };
        let block_type = self.u32_at(0, big_endian);
        let big_endian = if block_type == SHB_MAGIC {
            // A new section sets its own byte order with its byte-order magic.
            match self.u32_at(8, false) {
                0x1A2B_3C4D => false,
                0x4D3C_2B1A => true,
                bom => {
                    return Err(self.damaged(
                        8,
                        &format!("a section header has byte-order magic 0x{bom:08x}, not 1a2b3c4d"),
                    ));
                }
            }
        } else {
            big_endian
        };
        let len = self.u32_at(4, big_endian) as usize;
        if len < 12 || !len.is_multiple_of(4) || len > MAX_RECORD {
            return Err(self.damaged(
                4,
                &format!(
                    "a pcapng block (type 0x{block_type:08x}) claims a length of {len} bytes; a \
                     block length is a multiple of 4 between 12 and {MAX_RECORD}: the file is \
                     corrupt from here on"
                ),
            ));
        }
        if !self.fill(len)? {
            return Err(self.damaged(
                0,
                &format!(
                    "the file ends inside a pcapng block ({} of {len} bytes): it was cut while \
                     being written",
                    self.end - self.start
                ),
            ));
        }
        let trailer = self.u32_at(len - 4, big_endian) as usize;
        if trailer != len {
            return Err(self.damaged(
                len - 4,
                &format!(
                    "a pcapng block's trailing length ({trailer}) disagrees with its leading \
                     length ({len}): the file is corrupt from here on"
                ),
            ));
        }
        Ok(Some(BlockHeader {
            block_type,
            big_endian,
            len,
        }))
    }

    /// Says, in tshark's terms, what is wrong with an enhanced packet block too short for
    /// what it claims (the block parser only fails).
    fn check_enhanced_packet_block(&self, header: BlockHeader) -> Result<(), CaptureError> {
        let BlockHeader {
            big_endian, len, ..
        } = header;
        if len < EPB_MIN_LEN {
            return Err(self.damaged(
                4,
                &format!(
                    "an enhanced packet block of {len} bytes is shorter than the smallest one \
                     ({EPB_MIN_LEN}): the file is corrupt from here on"
                ),
            ));
        }
        let caplen = self.u32_at(20, big_endian) as usize;
        if len < EPB_MIN_LEN + caplen.next_multiple_of(4) {
            return Err(self.damaged(
                20,
                &format!(
                    "the total block length {len} of an enhanced packet block is too small for \
                     its {caplen} bytes of packet data (tshark: \"pcapng: total block length \
                     {len} of an EPB is too small for {caplen} bytes of packet data\"): the \
                     file is corrupt from here on"
                ),
            ));
        }
        Ok(())
    }

    /// Decodes a whole pcapng block (framed by [`Self::frame_pcapng_block`]): a section
    /// or an interface updates what later blocks are read with; a packet comes back.
    fn decode_pcapng_block(
        &mut self,
        header: BlockHeader,
    ) -> Result<Option<BlockPacket>, CaptureError> {
        let BlockHeader {
            block_type,
            big_endian,
            len,
        } = header;
        let start = self.start;
        let block_bytes = self.buf.get(start..start + len).unwrap_or(&[]);
        let parsed = if big_endian {
            pcap_parser::pcapng::parse_block_be(block_bytes)
        } else {
            pcap_parser::pcapng::parse_block_le(block_bytes)
        };
        let block = match parsed {
            Ok((_, b)) => b,
            Err(_) => {
                return Err(self.damaged(
                    0,
                    &format!("a pcapng block (type 0x{block_type:08x}) cannot be decoded"),
                ));
            }
        };
        let data_at = |data: &[u8]| (data.as_ptr() as usize) - (block_bytes.as_ptr() as usize);
        let result = match block {
            Block::SectionHeader(_) => {
                self.format = Format::PcapNg {
                    big_endian,
                    interfaces: Vec::new(),
                };
                None
            }
            Block::InterfaceDescription(idb) => {
                // The timestamp options are decoded here: pcap-parser 0.17 ignores the
                // power-of-two form of if_tsresol and reads if_tsoffset little-endian in
                // every section.
                let (resolution, offset_s) = match timestamp_options(block_bytes, big_endian) {
                    Ok(t) => t,
                    Err(what) => return Err(self.damaged(0, &what)),
                };
                let interface = Interface {
                    link: LinkType(idb.linktype.0 as u32),
                    snaplen: idb.snaplen,
                    resolution,
                    offset_s,
                };
                if let Format::PcapNg { interfaces, .. } = &mut self.format {
                    interfaces.push(interface);
                }
                None
            }
            Block::EnhancedPacket(epb) => {
                let Format::PcapNg { interfaces, .. } = &self.format else {
                    return Ok(None);
                };
                match interfaces.get(epb.if_id as usize) {
                    None => {
                        self.unknown_interface += 1;
                        None
                    }
                    Some(i) => {
                        let data = epb.packet_data();
                        let units = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                        Some(BlockPacket {
                            link: i.link,
                            timestamp_ns: to_nanoseconds(units, i.resolution, i.offset_s),
                            wire_len: epb.origlen,
                            data: start + data_at(data)..start + data_at(data) + data.len(),
                            over_snaplen: i.snaplen > 0 && epb.caplen > i.snaplen,
                        })
                    }
                }
            }
            Block::SimplePacket(spb) => {
                let Format::PcapNg { interfaces, .. } = &self.format else {
                    return Ok(None);
                };
                match interfaces.first() {
                    None => {
                        self.unknown_interface += 1;
                        None
                    }
                    Some(i) => {
                        // A simple packet holds min(original length, snaplen) bytes.
                        let mut data = spb.packet_data();
                        if i.snaplen > 0 && data.len() > i.snaplen as usize {
                            data = data.get(..i.snaplen as usize).unwrap_or(data);
                        }
                        Some(BlockPacket {
                            link: i.link,
                            timestamp_ns: 0,
                            wire_len: spb.origlen,
                            data: start + data_at(data)..start + data_at(data) + data.len(),
                            over_snaplen: false,
                        })
                    }
                }
            }
            _ => None,
        };
        Ok(result)
    }
}

/// pcapng option codes of an interface description (RFC draft "PCAP Next Generation
/// Dump File Format", section "Interface Description Block").
const OPT_ENDOFOPT: u16 = 0;
const IF_TSRESOL: u16 = 9;
const IF_TSOFFSET: u16 = 14;

/// An interface description's timestamp units per second (`if_tsresol`: 10^-n, or 2^-n
/// when its high bit is set; microseconds without it) and offset in seconds
/// (`if_tsoffset`, a signed 64-bit number in the section's byte order; 0 without it).
/// A resolution no 64-bit count can hold is an error, not a silent default.
fn timestamp_options(block: &[u8], big_endian: bool) -> Result<(u64, i64), String> {
    let u16_at = |at: usize| {
        block.get(at..at + 2).map(|b| {
            let b = [b[0], b[1]];
            if big_endian {
                u16::from_be_bytes(b)
            } else {
                u16::from_le_bytes(b)
            }
        })
    };
    let (mut resolution, mut offset_s) = (1_000_000u64, 0i64);
    // Type, length, link type, reserved, snap length: options start at byte 16 and end
    // before the trailing length.
    let mut at = 16;
    let end = block.len().saturating_sub(4);
    while at + 4 <= end {
        let (Some(code), Some(len)) = (u16_at(at), u16_at(at + 2)) else {
            break;
        };
        let len = usize::from(len);
        let value = block.get(at + 4..at + 4 + len).ok_or_else(|| {
            format!("an interface description's option {code} runs past the end of its block")
        })?;
        match code {
            OPT_ENDOFOPT => break,
            IF_TSRESOL => {
                let &[r] = value else {
                    return Err(format!("if_tsresol has {len} bytes, not 1"));
                };
                let exponent = u32::from(r & 0x7f);
                let base: u64 = if r & 0x80 != 0 { 2 } else { 10 };
                resolution = base.checked_pow(exponent).ok_or_else(|| {
                    format!(
                        "if_tsresol 0x{r:02x} means {base}^-{exponent} s, finer than a 64-bit \
                         count of units per second can hold; cordon cannot place this \
                         interface's packets in time"
                    )
                })?;
            }
            IF_TSOFFSET => {
                let Ok(bytes) = <[u8; 8]>::try_from(value) else {
                    return Err(format!("if_tsoffset has {len} bytes, not 8"));
                };
                offset_s = if big_endian {
                    i64::from_be_bytes(bytes)
                } else {
                    i64::from_le_bytes(bytes)
                };
            }
            _ => {}
        }
        at += 4 + len.next_multiple_of(4);
    }
    Ok((resolution, offset_s))
}

/// Timestamp units (at `resolution` per second) plus an offset in seconds, as nanoseconds
/// since the epoch (saturating; a negative time is 0).
fn to_nanoseconds(units: u64, resolution: u64, offset_s: i64) -> u64 {
    let resolution = u128::from(resolution.max(1));
    let ns = u128::from(units) * 1_000_000_000 / resolution;
    let ns = i128::try_from(ns).unwrap_or(i128::MAX) + i128::from(offset_s) * 1_000_000_000;
    u64::try_from(ns.max(0)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records of Ethernet-like frames of varied length, `step` timestamp units apart
    /// (the closer, the likelier a shifted read looks plausible), after a file header:
    /// the file and where each record starts.
    fn pcap_records(nanoseconds: bool, big_endian: bool, step: u32) -> (Vec<u8>, Vec<usize>) {
        let w = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut file = vec![0u8; 24];
        let mut starts = Vec::new();
        let per_second = if nanoseconds {
            1_000_000_000
        } else {
            1_000_000
        };
        for i in 0..300u32 {
            starts.push(file.len());
            let units = i * step;
            let caplen = 60 + (i * 37) % 140;
            file.extend_from_slice(&w(1_700_000_000 + units / per_second));
            file.extend_from_slice(&w(units % per_second));
            file.extend_from_slice(&w(caplen));
            file.extend_from_slice(&w(caplen));
            let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x45, 0];
            frame.resize(caplen as usize, (i % 251) as u8);
            file.extend_from_slice(&frame);
        }
        (file, starts)
    }

    #[test]
    fn a_guessed_boundary_is_the_next_true_one_even_for_packets_close_in_time() {
        for (nanoseconds, big_endian) in
            [(false, false), (true, false), (false, true), (true, true)]
        {
            for step in [1, 1000] {
                let (file, starts) = pcap_records(nanoseconds, big_endian, step);
                let format = Format::Pcap {
                    big_endian,
                    nanoseconds,
                    interface: Interface {
                        link: LinkType(1),
                        snaplen: 65_535,
                        resolution: 0,
                        offset_s: 0,
                    },
                };
                let first = Some(1_700_000_000);
                let len = file.len() as u64;
                for cut in (24..file.len()).step_by(3) {
                    let guess = format
                        .boundary_in(&file[cut..], cut as u64, len, first)
                        .map(|i| cut + i);
                    let truth = starts.iter().copied().find(|&s| s >= cut);
                    assert_eq!(
                        guess, truth,
                        "cut at {cut} (ns {nanoseconds}, big-endian {big_endian}, step {step})"
                    );
                }
            }
        }
    }

    /// An interface description block with these options (code, value), in either order.
    fn idb(options: &[(u16, Vec<u8>)], big_endian: bool) -> Vec<u8> {
        let w16 = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut body = Vec::new();
        body.extend_from_slice(&w16(1));
        body.extend_from_slice(&w16(0));
        body.extend_from_slice(&[0; 4]);
        for (code, value) in options {
            body.extend_from_slice(&w16(*code));
            body.extend_from_slice(&w16(value.len() as u16));
            body.extend_from_slice(value);
            body.resize(body.len().next_multiple_of(4), 0);
        }
        body.extend_from_slice(&[0; 4]);
        let mut block = vec![0; 8];
        block.extend_from_slice(&body);
        block.extend_from_slice(&[0; 4]);
        block
    }

    #[test]
    fn interface_timestamp_options_in_both_forms_and_byte_orders() {
        assert_eq!(
            timestamp_options(&idb(&[], false), false),
            Ok((1_000_000, 0))
        );
        assert_eq!(
            timestamp_options(&idb(&[(IF_TSRESOL, vec![0x8a])], false), false),
            Ok((1024, 0)),
            "2^-10"
        );
        assert_eq!(
            timestamp_options(&idb(&[(IF_TSRESOL, vec![9])], true), true),
            Ok((1_000_000_000, 0))
        );
        let offset = -3_600i64;
        for be in [false, true] {
            let bytes = if be {
                offset.to_be_bytes()
            } else {
                offset.to_le_bytes()
            };
            assert_eq!(
                timestamp_options(&idb(&[(IF_TSOFFSET, bytes.to_vec())], be), be),
                Ok((1_000_000, offset)),
                "big-endian: {be}"
            );
        }
        assert!(timestamp_options(&idb(&[(IF_TSRESOL, vec![0x80 | 64])], false), false).is_err());
        assert!(timestamp_options(&idb(&[(IF_TSRESOL, vec![20])], false), false).is_err());
    }

    #[test]
    fn pcapng_resolutions_convert_to_nanoseconds() {
        assert_eq!(to_nanoseconds(1_500_000, 1_000_000, 0), 1_500_000_000);
        assert_eq!(to_nanoseconds(3, 1_000_000_000, 1), 1_000_000_003);
        assert_eq!(to_nanoseconds(1, 1 << 10, 0), 976_562);
        assert_eq!(to_nanoseconds(5, 1, -10), 0);
    }
}
