//! Zeek's `conn.log` as conversations: the TSV form (its `#separator`, `#unset_field` and
//! `#fields` header, columns found by name) and the JSON form (one object a line, unset
//! fields left out), plain or gzip-compressed, read as a stream through one reused line
//! buffer. Each record becomes what a capture's conversation would have been: its ends,
//! packets and IP bytes each way, its first and last time, and what it carried, as far as
//! a log can say (docs/audit.md lists what it cannot).
//!
//! What the record's fields mean comes from Zeek's `Conn::Info` (base/protocols/conn):
//! `orig` is the end that opened the connection; `proto` is `tcp`, `udp`, `icmp` or
//! `unknown_transport` (any other IP protocol, ESP among them, with its number in
//! `ip_proto` and no ports); ICMP "ports" are the message type and code.

use std::io::{BufRead, BufReader, Read};
use std::net::IpAddr;
use std::path::Path;

use super::ReadStats;
use super::capture::CaptureError;
use super::conversation::{ConversationKey, ConversationStats, Conversations, V4Key};
use super::packet::proto;
use crate::classify::Family;
use crate::net::decimal;

mod block;

/// The largest packet or byte count cordon believes of one record (2^48: more than a
/// year of 10 Gb/s); larger is damage, and sums of believable counts cannot overflow.
const MAX_COUNT: u64 = 1 << 48;

/// Bytes asked of the kernel per read: as for captures, larger reads cost more system
/// time per byte here (see `capture::READ_CHUNK`).
const READ_CHUNK: usize = 128 * 1024;

/// The longest line cordon reads: a conn.log record is a few hundred bytes.
const MAX_LINE: usize = 1 << 20;

/// The fields cordon reads, in the order of [`FIELDS`].
const TS: usize = 0;
const ORIG_H: usize = 1;
const ORIG_P: usize = 2;
const RESP_H: usize = 3;
const RESP_P: usize = 4;
const PROTO: usize = 5;
const DURATION: usize = 6;
const HISTORY: usize = 7;
const ORIG_PKTS: usize = 8;
const RESP_PKTS: usize = 9;
const ORIG_IP_BYTES: usize = 10;
const RESP_IP_BYTES: usize = 11;
const IP_PROTO: usize = 12;
const FIELDS: [&str; 13] = [
    "ts",
    "id.orig_h",
    "id.orig_p",
    "id.resp_h",
    "id.resp_p",
    "proto",
    "duration",
    "history",
    "orig_pkts",
    "resp_pkts",
    "orig_ip_bytes",
    "resp_ip_bytes",
    "ip_proto",
];
/// Without these a record says nothing cordon can use.
const REQUIRED: [usize; 5] = [ORIG_H, RESP_H, PROTO, ORIG_PKTS, RESP_PKTS];

/// Where the fields cordon reads are among the `#fields` columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Columns {
    /// The index into [`FIELDS`] of each column up to the last one read, [`UNREAD`] for
    /// the others.
    slot_at: Vec<u8>,
}

/// A column cordon does not read.
const UNREAD: u8 = u8::MAX;

/// One TSV record: its line, and where in it each field cordon reads lies.
struct Record<'a> {
    text: &'a [u8],
    /// Each field's start and end, at its index in [`FIELDS`].
    spans: [(u32, u32); FIELDS.len()],
    /// Which fields the line has and sets, a bit each.
    set: u32,
}

impl<'a> Record<'a> {
    /// Where a field lies in the line, unless it is unset or absent.
    #[inline(always)]
    fn span(&self, slot: usize) -> Option<(usize, usize)> {
        let (start, end) = *self.spans.get(slot)?;
        (self.set & 1 << slot != 0).then_some((start as usize, end as usize))
    }

    /// A field's bytes, unless it is unset or absent.
    #[inline(always)]
    fn field(&self, slot: usize) -> Option<&'a [u8]> {
        let (start, end) = self.span(slot)?;
        self.text.get(start..end)
    }
}

/// The JSON form's record: the fields cordon reads, each absent when Zeek left it unset.
#[derive(serde::Deserialize)]
struct JsonRecord {
    ts: Option<f64>,
    #[serde(rename = "id.orig_h")]
    orig_h: Option<String>,
    #[serde(rename = "id.orig_p")]
    orig_p: Option<u64>,
    #[serde(rename = "id.resp_h")]
    resp_h: Option<String>,
    #[serde(rename = "id.resp_p")]
    resp_p: Option<u64>,
    proto: Option<String>,
    duration: Option<f64>,
    history: Option<String>,
    orig_pkts: Option<u64>,
    resp_pkts: Option<u64>,
    orig_ip_bytes: Option<u64>,
    resp_ip_bytes: Option<u64>,
    ip_proto: Option<u64>,
}

/// Reads a conn.log file (TSV or JSON, plain or gzip) into the conversation table.
pub fn read_conn_log(
    path: &Path,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
) -> Result<(), CaptureError> {
    let file = std::fs::File::open(path).map_err(|source| CaptureError::Io {
        path: path.display().to_string(),
        source,
    })?;
    read_conn_log_from(file, &path.display().to_string(), conversations, stats)
}

/// Reads a conn.log from any reader, gzip-compressed or not; `name` names it in errors.
pub fn read_conn_log_from<R: Read>(
    input: R,
    name: &str,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
) -> Result<(), CaptureError> {
    let mut head = BufReader::with_capacity(READ_CHUNK, input);
    let gzip = head
        .fill_buf()
        .map_err(|source| CaptureError::Io {
            path: name.to_string(),
            source,
        })?
        .starts_with(&[0x1f, 0x8b]);
    if gzip {
        let inner = BufReader::with_capacity(READ_CHUNK, flate2::read::MultiGzDecoder::new(head));
        read_lines(inner, name, conversations, stats)
    } else {
        read_lines(head, name, conversations, stats)
    }
}

/// Reads an uncompressed log line by line with the general reader alone: what the buffer
/// reader (`block`) must give, conversations, counts and errors alike. The fuzz target
/// and the property tests hold the two to it.
#[doc(hidden)]
pub fn read_conn_log_by_lines(
    text: &[u8],
    name: &str,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
) -> Result<(), CaptureError> {
    let mut reader = LogReader::new(name, Header::default());
    for line in text.split_inclusive(|b| *b == b'\n') {
        reader.whole_line(line, conversations, stats)?;
    }
    reader.flush(conversations);
    stats.file_bytes += reader.offset;
    Ok(())
}

/// The size of a stretch of an uncompressed log read on its own.
pub const LOG_SEGMENT_BYTES: u64 = 128 << 20;

/// Reads several conn.logs on `threads` threads, an uncompressed one cut into stretches
/// of `segment_bytes` at line starts (the cuts depend on the file alone, so the result is
/// the same for any thread count), and adds them to `conversations` in the order given.
/// Each stretch starts with the header the log's first lines declare; the stretch before
/// proves it by ending with the same one. A log where that fails (a header mid-file), or
/// a stretch with an error, is read again whole by one reader, which gives the error at
/// its line. Gzip-compressed logs are read whole. Stops early once `cancel` is set.
pub fn read_conn_logs(
    paths: &[std::path::PathBuf],
    threads: usize,
    segment_bytes: u64,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<(), CaptureError> {
    use rayon::prelude::*;
    // Made for the first log read in stretches (one thread reads every log whole).
    let mut pool: Option<rayon::ThreadPool> = None;
    for path in paths {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        // On one thread a log is read whole: stretches only add tables to merge (and the
        // result is the same).
        let planned = if threads > 1 {
            plan_log(path, segment_bytes.max(1))?
        } else {
            None
        };
        let Some((stretches, header)) = planned else {
            read_conn_log(path, conversations, stats)?;
            continue;
        };
        if pool.is_none() {
            let built = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| CaptureError::Io {
                    path: String::new(),
                    source: std::io::Error::other(e),
                })?;
            pool = Some(built);
        }
        let Some(pool) = pool.as_ref() else {
            continue;
        };
        // A few stretches per thread at a time: memory holds a few tables. The log's
        // own table joins the rest once every stretch is proven.
        let mut log_table = Conversations::new();
        let mut log_stats = ReadStats::default();
        let mut proven = true;
        for window in stretches.chunks(2 * threads.max(1)) {
            // A stretch's table starts as large as the log's so far (most logs repeat
            // their conversations all along).
            let capacity = log_table.len();
            let read: Vec<Result<(Conversations, ReadStats, Header), CaptureError>> =
                pool.install(|| {
                    window
                        .par_iter()
                        .map(|&(start, end)| read_stretch(path, start, end, &header, capacity))
                        .collect()
                });
            for r in read {
                match r {
                    Ok((table, s, after)) if proven && after == header => {
                        if log_table.is_empty() {
                            log_table = table;
                        } else {
                            log_table.absorb(table);
                        }
                        log_stats.add(&s);
                    }
                    _ => proven = false,
                }
            }
            if !proven || cancel.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
        }
        if proven {
            if conversations.is_empty() {
                *conversations = log_table;
            } else {
                conversations.absorb(log_table);
            }
            stats.add(&log_stats);
        } else {
            read_conn_log(path, conversations, stats)?;
        }
    }
    Ok(())
}

/// Where an uncompressed log's stretches start and end (each at a line start), and the
/// header its first lines declare; `None` for a gzip-compressed log.
#[allow(clippy::type_complexity)]
fn plan_log(
    path: &Path,
    segment_bytes: u64,
) -> Result<Option<(Vec<(u64, u64)>, Header)>, CaptureError> {
    use std::os::unix::fs::FileExt;
    let io = |source| CaptureError::Io {
        path: path.display().to_string(),
        source,
    };
    let Some((file, len)) = super::open_to_cut(path)? else {
        return Ok(None);
    };
    let mut head = BufReader::with_capacity(64 * 1024, &file);
    if head.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]) {
        return Ok(None);
    }
    // The header: the lines before the first record.
    let mut header_lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = head
            .by_ref()
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
            .map_err(io)?;
        if n == 0 || !line.starts_with(b"#") {
            break;
        }
        header_lines.extend_from_slice(&line);
    }
    let mut ignored = (Conversations::new(), ReadStats::default());
    let Ok(header) = read_lines_from(
        BufReader::new(header_lines.as_slice()),
        &path.display().to_string(),
        Header::default(),
        &mut ignored.0,
        &mut ignored.1,
    ) else {
        // A header one reader rejects: it says why, at its line.
        return Ok(None);
    };
    let mut cuts = vec![0u64];
    let mut cut = segment_bytes;
    while cut.saturating_add(segment_bytes / 2) < len {
        // The line start at or after the cut: after the newline that ends the line the
        // cut falls in.
        let mut window = vec![0u8; 64 * 1024];
        let mut at = cut - 1;
        let start = loop {
            let n = file.read_at(&mut window, at).map_err(io)?;
            if n == 0 {
                break None;
            }
            if let Some(i) = memchr::memchr(b'\n', &window[..n]) {
                break Some(at + i as u64 + 1);
            }
            at += n as u64;
        };
        match start {
            Some(s) if s < len && s > cuts.last().copied().unwrap_or(0) => cuts.push(s),
            _ => {}
        }
        cut = cut.saturating_add(segment_bytes);
    }
    let stretches = cuts
        .iter()
        .enumerate()
        .map(|(k, &start)| (start, cuts.get(k + 1).copied().unwrap_or(len)))
        .collect();
    Ok(Some((stretches, header)))
}

/// One stretch of an uncompressed log, read from `header` on.
fn read_stretch(
    path: &Path,
    start: u64,
    end: u64,
    header: &Header,
    capacity: usize,
) -> Result<(Conversations, ReadStats, Header), CaptureError> {
    use std::io::Seek;
    let name = path.display().to_string();
    let io = |source| CaptureError::Io {
        path: name.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    file.seek(std::io::SeekFrom::Start(start)).map_err(io)?;
    let input = BufReader::with_capacity(READ_CHUNK, file.take(end - start));
    let mut table = Conversations::with_capacity(capacity);
    let mut stats = ReadStats::default();
    let start_header = if start == 0 {
        Header::default()
    } else {
        header.clone()
    };
    let after = read_lines_from(input, &name, start_header, &mut table, &mut stats)?;
    Ok((table, stats, after))
}

/// Reads the lines of an uncompressed conn.log, in the reader's buffer where they are
/// whole there (a line that spans two fills is gathered apart).
fn read_lines<R: Read>(
    input: BufReader<R>,
    name: &str,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
) -> Result<(), CaptureError> {
    read_lines_from(input, name, Header::default(), conversations, stats).map(|_| ())
}

/// Reads lines as `header` says to start with; returns the header in force at the end.
fn read_lines_from<R: Read>(
    mut input: BufReader<R>,
    name: &str,
    header: Header,
    conversations: &mut Conversations,
    stats: &mut ReadStats,
) -> Result<Header, CaptureError> {
    let mut reader = LogReader::new(name, header);
    let io = |source| CaptureError::Io {
        path: name.to_string(),
        source,
    };
    let mut spanning: Vec<u8> = Vec::new();
    loop {
        let held = input.fill_buf().map_err(io)?;
        if held.is_empty() {
            break;
        }
        let mut rest = held;
        if !spanning.is_empty() {
            match memchr::memchr(b'\n', rest) {
                Some(i) => {
                    spanning.extend_from_slice(&rest[..=i]);
                    rest = &rest[i + 1..];
                    reader.whole_line(&spanning, conversations, stats)?;
                    spanning.clear();
                }
                None => {
                    spanning.extend_from_slice(rest);
                    rest = &[];
                }
            }
        }
        if let Some(i) = memchr::memrchr(b'\n', rest) {
            reader.read_block(&rest[..=i], conversations, stats)?;
            rest = &rest[i + 1..];
        }
        // The start of a line that a later fill ends.
        spanning.extend_from_slice(rest);
        if spanning.len() > MAX_LINE {
            reader.line_no += 1;
            return Err(reader.error(0, "a line longer than 1 MiB: this is not a conn.log"));
        }
        let n = held.len();
        input.consume(n);
    }
    if !spanning.is_empty() {
        reader.whole_line(&spanning, conversations, stats)?;
    }
    reader.flush(conversations);
    stats.file_bytes += reader.offset;
    Ok(Header {
        separator: reader.separator,
        unset: reader.unset,
        columns: reader.columns,
    })
}

/// Records whose conversations are looked up together (see
/// [`Conversations::add_v4_batch`]).
const BATCH: usize = 32;

/// IPv4 records waiting to go to the table: [`BATCH`] slots, written where they stay.
/// (A record's counts made elsewhere and copied in cost a stall: a copy reads them 16
/// bytes at a time right after they were written a field at a time, and a load that
/// spans several fresh stores waits for them to reach the cache.)
struct V4Batch {
    slots: Box<[(V4Key, ConversationStats); BATCH]>,
    filled: usize,
}

impl Default for V4Batch {
    fn default() -> Self {
        V4Batch {
            slots: Box::new([(V4Key::default(), ConversationStats::default()); BATCH]),
            filled: 0,
        }
    }
}

impl V4Batch {
    #[inline(always)]
    fn is_full(&self) -> bool {
        self.filled >= BATCH
    }

    /// The first free slot (the last when full: the caller flushes first), to be
    /// written whole and then kept, or left to the next record.
    #[inline(always)]
    fn next_slot(&mut self) -> (&mut V4Key, &mut ConversationStats) {
        let (key, stats) = &mut self.slots[self.filled.min(BATCH - 1)];
        (key, stats)
    }

    /// Keeps the slot [`V4Batch::next_slot`] gave.
    #[inline(always)]
    fn keep(&mut self) {
        self.filled = (self.filled + 1).min(BATCH);
    }

    /// Adds a record made elsewhere (the general reader's).
    fn push(&mut self, key: V4Key, stats: ConversationStats) {
        let (slot_key, slot_stats) = self.next_slot();
        (*slot_key, *slot_stats) = (key, stats);
        self.keep();
    }

    fn records(&self) -> &[(V4Key, ConversationStats)] {
        &self.slots[..self.filled]
    }

    fn clear(&mut self) {
        self.filled = 0;
    }
}

/// How a TSV log's lines are read, as its header lines say: what a stretch of the log
/// read on its own must start from (and the stretch before must end with).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Header {
    separator: u8,
    unset: String,
    columns: Option<Columns>,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            separator: b'\t',
            unset: "-".to_string(),
            columns: None,
        }
    }
}

struct LogReader<'n> {
    name: &'n str,
    separator: u8,
    unset: String,
    columns: Option<Columns>,
    /// How the header lines so far let a buffer be read at once, if they do.
    layout: Option<block::Layout>,
    /// The separators and newlines of the buffer being read (kept for its memory).
    structure: block::Structure,
    addresses: block::AddressCache,
    /// The whole seconds of the last `ts` and `duration` read (by the buffer reader).
    last_seconds: [block::LastSeconds; 2],
    line_no: u64,
    /// Byte offset of the current line.
    offset: u64,
    /// Records of IPv4 conversations read, waiting to go to the table together (an IPv6
    /// one goes at once, after them: records go to the table in the order they come).
    v4_batch: V4Batch,
    /// Room for the table to say where a batch's conversations are.
    found: Vec<Option<u32>>,
}

/// The fields cordon reads, out of a TSV line split in one pass over its separators (only
/// as far as the last column read).
#[inline(always)]
fn split<'a>(text: &'a [u8], separator: u8, unset: &[u8], c: &Columns) -> Record<'a> {
    let mut spans = [(0u32, 0u32); FIELDS.len()];
    let mut set = split_fields(text, separator, &c.slot_at, &mut spans);
    let mut found = set;
    while found != 0 {
        let slot = found.trailing_zeros() as usize;
        if let Some(&(start, end)) = spans.get(slot)
            && is_unset(text.get(start as usize..end as usize).unwrap_or(&[]), unset)
        {
            set &= !(1 << slot);
        }
        found &= found - 1;
    }
    Record { text, spans, set }
}

/// Puts where each column that `slot_at` reads starts and ends into `spans` at its slot,
/// 64 bytes at a time: the block's separators found at once as a bit mask (SIMD
/// compares), rather than a search per field (the fields are a few bytes long). Returns
/// the slots it filled, as bits.
#[inline(always)]
fn split_fields(
    text: &[u8],
    separator: u8,
    slot_at: &[u8],
    spans: &mut [(u32, u32); FIELDS.len()],
) -> u32 {
    let wanted = wide::u8x16::splat(separator);
    let mut found = 0u32;
    let mut column = 0usize;
    let mut start = 0u32;
    // The columns that the separators of `mask` (bit i: byte `at + i`) end; false once
    // past the last column read.
    let mut take = |mut mask: u64, at: u32| {
        while mask != 0 {
            let end = at + mask.trailing_zeros();
            let Some(&slot) = slot_at.get(column) else {
                return false;
            };
            if let Some(span) = spans.get_mut(usize::from(slot)) {
                *span = (start, end);
                found |= 1 << slot;
            }
            column += 1;
            start = end + 1;
            mask &= mask - 1;
        }
        true
    };
    let mut blocks = text.chunks_exact(64);
    let mut at = 0u32;
    for block in blocks.by_ref() {
        if !take(byte_mask(block, wanted), at) {
            return found;
        }
        at += 64;
    }
    let rest = blocks.remainder();
    let lanes = rest.chunks_exact(16);
    let tail_at = rest.len() - lanes.remainder().len();
    let mut mask = 0u64;
    for (i, b) in (tail_at..).zip(lanes.remainder()) {
        mask |= u64::from(*b == separator) << i;
    }
    // The line's end ends its last column, as a separator would (the remainder is
    // shorter than a block).
    mask |= 1 << rest.len();
    let mask = mask | byte_mask(rest, wanted);
    take(mask, at);
    found
}

/// Whether a field is the log's `#unset_field` (most often one byte, compared as one).
#[inline(always)]
fn is_unset(field: &[u8], unset: &[u8]) -> bool {
    match (field, unset) {
        ([f], [u]) => f == u,
        _ => field.len() == unset.len() && field == unset,
    }
}

/// Bit i set where byte i of a block of up to 64 bytes is `wanted` (splat in every lane),
/// for its whole 16-byte lanes.
#[inline(always)]
fn byte_mask(block: &[u8], wanted: wide::u8x16) -> u64 {
    let mut mask = 0u64;
    for (k, lane) in block.chunks_exact(16).enumerate() {
        let lane: [u8; 16] = lane.try_into().unwrap_or([0; 16]);
        let found = wide::u8x16::new(lane).cmp_eq(wanted).move_mask();
        mask |= u64::from(found as u16) << (16 * k);
    }
    mask
}

impl<'n> LogReader<'n> {
    /// A reader of the log `name`, starting with `header` in force.
    fn new(name: &'n str, header: Header) -> Self {
        LogReader {
            name,
            layout: block::Layout::of(header.separator, &header.unset, header.columns.as_ref()),
            separator: header.separator,
            unset: header.unset,
            columns: header.columns,
            structure: block::Structure::default(),
            addresses: block::AddressCache::default(),
            last_seconds: Default::default(),
            line_no: 0,
            offset: 0,
            v4_batch: V4Batch::default(),
            found: Vec::with_capacity(BATCH),
        }
    }

    /// One line with its newline (none at the end of the file).
    #[inline]
    fn whole_line(
        &mut self,
        line: &[u8],
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<(), CaptureError> {
        self.line_no += 1;
        if line.len() > MAX_LINE {
            return Err(self.error(0, "a line longer than 1 MiB: this is not a conn.log"));
        }
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        self.line(text, conversations, stats)?;
        self.offset += line.len() as u64;
        Ok(())
    }

    /// Counts a record: into the batch, which goes to the table when full.
    #[inline(always)]
    fn add(&mut self, seen: Seen, conversations: &mut Conversations, stats: &mut ReadStats) {
        stats.packets = stats.packets.saturating_add(seen.stats.total_packets());
        stats.wire_bytes = stats.wire_bytes.saturating_add(seen.bytes);
        if seen.key.family == Family::V4 {
            if self.v4_batch.is_full() {
                self.flush(conversations);
            }
            self.v4_batch.push(V4Key::of(&seen.key), seen.stats);
        } else {
            self.flush(conversations);
            conversations.add_seen(seen.key, &seen.stats);
        }
    }

    fn flush(&mut self, conversations: &mut Conversations) {
        conversations.add_v4_batch(self.v4_batch.records(), &mut self.found);
        self.v4_batch.clear();
    }

    fn error(&self, column: usize, what: &str) -> CaptureError {
        CaptureError::Damaged {
            path: self.name.to_string(),
            offset: self.offset + column as u64,
            what: format!("line {}: {what}", self.line_no),
        }
    }

    fn line(
        &mut self,
        text: &[u8],
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<(), CaptureError> {
        match text.first() {
            None => Ok(()),
            Some(b'#') => {
                self.header(text)?;
                self.layout = block::Layout::of(self.separator, &self.unset, self.columns.as_ref());
                Ok(())
            }
            Some(b'{') => {
                let r: JsonRecord = serde_json::from_slice(text).map_err(|e| {
                    self.error(
                        e.column().saturating_sub(1),
                        &format!("not a conn.log JSON record: {e}"),
                    )
                })?;
                let seen = self.seen_json(&r)?;
                self.add(seen, conversations, stats);
                Ok(())
            }
            Some(_) => {
                let Some(columns) = &self.columns else {
                    return Err(self.error(
                        0,
                        "a record before the #fields header: a TSV conn.log starts with \
                         Zeek's header lines (#separator ... #fields ... #types)",
                    ));
                };
                let unset = self.unset.as_bytes();
                let record = split(text, self.separator, unset, columns);
                let seen = self.seen(&record)?;
                self.add(seen, conversations, stats);
                Ok(())
            }
        }
    }

    /// `#separator \x09`, `#unset_field -`, `#fields ts uid ...`; the rest is ignored.
    fn header(&mut self, text: &[u8]) -> Result<(), CaptureError> {
        let text = std::str::from_utf8(text)
            .map_err(|_| self.error(0, "a header line that is not UTF-8"))?;
        if let Some(sep) = text.strip_prefix("#separator ") {
            let sep = sep.trim();
            self.separator = match sep.strip_prefix("\\x") {
                Some(hex) => u8::from_str_radix(hex, 16).ok(),
                None if sep.len() == 1 => sep.bytes().next(),
                None => None,
            }
            .ok_or_else(|| self.error(11, &format!("a separator `{sep}` cordon cannot read")))?;
            return Ok(());
        }
        let sep = char::from(self.separator);
        let mut parts = text.split(sep);
        match parts.next() {
            Some("#unset_field") => {
                self.unset = parts.next().unwrap_or("-").to_string();
            }
            Some("#path") => {
                if let Some(path) = parts.next()
                    && path != "conn"
                {
                    return Err(self.error(
                        6,
                        &format!("this is Zeek's {path}.log; cordon reads conn.log"),
                    ));
                }
            }
            Some("#fields") => {
                let mut column_of = [None; FIELDS.len()];
                for (column, field) in parts.enumerate() {
                    let Some(slot) = FIELDS.iter().position(|f| *f == field) else {
                        continue;
                    };
                    if column_of[slot].replace(column).is_some() {
                        return Err(self.error(
                            0,
                            &format!("#fields names `{field}` twice: which column is it?"),
                        ));
                    }
                }
                for need in REQUIRED {
                    if column_of[need].is_none() {
                        return Err(self.error(
                            0,
                            &format!(
                                "#fields has no `{}`: cordon needs the ends, the protocol \
                                 and the packet counts of every connection",
                                FIELDS[need]
                            ),
                        ));
                    }
                }
                // Columns past the last one read are not split out.
                let width = column_of.iter().flatten().max().map_or(0, |c| c + 1);
                let mut slot_at = vec![UNREAD; width];
                for (slot, column) in (0u8..).zip(column_of) {
                    if let Some(at) = column.and_then(|c| slot_at.get_mut(c)) {
                        *at = slot;
                    }
                }
                self.columns = Some(Columns { slot_at });
            }
            _ => {}
        }
        Ok(())
    }

    /// A count field (decimal digits).
    #[inline]
    fn count(&self, field: &str, value: Option<&[u8]>) -> Result<Option<u64>, CaptureError> {
        let Some(v) = value else {
            return Ok(None);
        };
        match decimal(v) {
            Some(n) => Ok(Some(n)),
            None => Err(self.not_a_number(field, v)),
        }
    }

    /// A time or interval field (seconds with a decimal fraction, as Zeek writes them)
    /// as nanoseconds, read exactly; another notation goes through a float.
    #[inline]
    fn seconds(&self, field: &str, value: Option<&[u8]>) -> Result<Option<u64>, CaptureError> {
        let Some(v) = value else {
            return Ok(None);
        };
        let (whole, fraction) = match v.iter().position(|&b| b == b'.') {
            Some(i) => (&v[..i], &v[i + 1..]),
            None => (v, &b""[..]),
        };
        // Eleven digits of seconds and nine of fraction: past 2554 (eleven digits can say
        // 5138) nanoseconds overflow 64 bits, and such a time goes the float way below,
        // which saturates.
        if whole.len() <= 11 && fraction.len() <= 9 {
            let frac = match fraction.len() {
                0 => Some(0),
                n => decimal(fraction).map(|f| f * 10u64.pow(9 - n as u32)),
            };
            if let (Some(seconds), Some(frac)) = (decimal(whole), frac)
                && let Some(ns) = seconds
                    .checked_mul(1_000_000_000)
                    .and_then(|ns| ns.checked_add(frac))
            {
                return Ok(Some(ns));
            }
        }
        self.seconds_in_other_notation(field, v)
    }

    /// Seconds written another way (an exponent, more digits than nanoseconds hold):
    /// read as a float.
    #[cold]
    fn seconds_in_other_notation(
        &self,
        field: &str,
        v: &[u8],
    ) -> Result<Option<u64>, CaptureError> {
        std::str::from_utf8(v)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .map(|x| Some(seconds_to_ns(x)))
            .ok_or_else(|| self.not_a_number(field, v))
    }

    fn not_a_number(&self, field: &str, v: &[u8]) -> CaptureError {
        self.error(
            0,
            &format!(
                "`{field}` is `{}`, not a number",
                String::from_utf8_lossy(v)
            ),
        )
    }

    #[inline(always)]
    fn seen(&self, r: &Record<'_>) -> Result<Seen, CaptureError> {
        self.build(Fields {
            ts: self.seconds_at(r, TS)?,
            duration: self.seconds_at(r, DURATION)?,
            orig_h: r.field(ORIG_H),
            resp_h: r.field(RESP_H),
            orig_p: self.count_at(r, ORIG_P)?,
            resp_p: self.count_at(r, RESP_P)?,
            proto: r.field(PROTO),
            ip_proto: self.count_at(r, IP_PROTO)?,
            history: r.field(HISTORY),
            pkts: [self.count_at(r, ORIG_PKTS)?, self.count_at(r, RESP_PKTS)?],
            ip_bytes: [
                self.count_at(r, ORIG_IP_BYTES)?,
                self.count_at(r, RESP_IP_BYTES)?,
            ],
        })
    }

    /// A count field of a TSV record.
    #[inline(always)]
    fn count_at(&self, r: &Record<'_>, slot: usize) -> Result<Option<u64>, CaptureError> {
        self.number_at(r, slot, decimal, Self::count)
    }

    /// A time or interval field of a TSV record: as Zeek writes them (six decimals) read
    /// in place; any other way as [`LogReader::seconds`] reads it.
    #[inline(always)]
    fn seconds_at(&self, r: &Record<'_>, slot: usize) -> Result<Option<u64>, CaptureError> {
        self.number_at(r, slot, microseconds_as_zeek_writes, Self::seconds)
    }

    /// A number field of a TSV record: read in place by `usual` (the form Zeek writes),
    /// any other way by `other` (which reads the unset mark, other notations, or says
    /// what is wrong).
    #[inline(always)]
    fn number_at(
        &self,
        r: &Record<'_>,
        slot: usize,
        usual: fn(&[u8]) -> Option<u64>,
        other: SlowNumber<'n>,
    ) -> Result<Option<u64>, CaptureError> {
        let Some((start, end)) = r.span(slot) else {
            return Ok(None);
        };
        match r.text.get(start..end).and_then(usual) {
            Some(n) => Ok(Some(n)),
            None => other(self, FIELDS[slot], r.text.get(start..end)),
        }
    }

    fn seen_json(&self, r: &JsonRecord) -> Result<Seen, CaptureError> {
        self.build(Fields {
            ts: r.ts.filter(|x| x.is_finite()).map(seconds_to_ns),
            duration: r.duration.filter(|x| x.is_finite()).map(seconds_to_ns),
            orig_h: r.orig_h.as_deref().map(str::as_bytes),
            resp_h: r.resp_h.as_deref().map(str::as_bytes),
            orig_p: r.orig_p,
            resp_p: r.resp_p,
            proto: r.proto.as_deref().map(str::as_bytes),
            ip_proto: r.ip_proto,
            history: r.history.as_deref().map(str::as_bytes),
            pkts: [r.orig_pkts, r.resp_pkts],
            ip_bytes: [r.orig_ip_bytes, r.resp_ip_bytes],
        })
    }

    /// A record's conversation and what it saw.
    #[inline(always)]
    fn build(&self, f: Fields<'_>) -> Result<Seen, CaptureError> {
        let addr = |name: &str, v: Option<&[u8]>| -> Result<IpAddr, CaptureError> {
            let v = v.ok_or_else(|| self.error(0, &format!("`{name}` is unset")))?;
            crate::net::dotted_quad(v)
                .map(IpAddr::V4)
                .or_else(|| std::str::from_utf8(v).ok()?.parse().ok())
                .ok_or_else(|| {
                    self.error(
                        0,
                        &format!(
                            "`{name}` is `{}`, not an IP address",
                            String::from_utf8_lossy(v)
                        ),
                    )
                })
        };
        let (orig, resp) = (addr("id.orig_h", f.orig_h)?, addr("id.resp_h", f.resp_h)?);
        self.build_between(orig, resp, &f)
    }

    /// [`LogReader::build`] once the two ends' addresses are read.
    #[inline(always)]
    fn build_between(
        &self,
        orig: IpAddr,
        resp: IpAddr,
        f: &Fields<'_>,
    ) -> Result<Seen, CaptureError> {
        let mut seen = Seen {
            key: ConversationKey {
                family: Family::V4,
                protocol: 0,
                a: 0,
                a_port: 0,
                b: 0,
                b_port: 0,
            },
            stats: ConversationStats::default(),
            bytes: 0,
        };
        seen.bytes = fill(orig, resp, f, &mut seen.key, &mut seen.stats)
            .map_err(|what| self.error(0, &what))?;
        Ok(seen)
    }
}

/// A record's conversation into `key` and what it saw into `stats` (in place: a record's
/// way to the table is its hottest path), given its two ends' addresses; returns the IP
/// bytes it saw, or what is wrong with it.
#[inline(always)]
fn fill(
    orig: IpAddr,
    resp: IpAddr,
    f: &Fields<'_>,
    key: &mut ConversationKey,
    stats: &mut ConversationStats,
) -> Result<u64, String> {
    let family = match (orig, resp) {
        (IpAddr::V4(_), IpAddr::V4(_)) => Family::V4,
        (IpAddr::V6(_), IpAddr::V6(_)) => Family::V6,
        _ => return Err("the two ends are of different address families".to_string()),
    };
    let (protocol, orig_p, resp_p) = protocol_and_ports(f, family)?;
    let (orig_n, resp_n) = (ip_number(orig), ip_number(resp));
    let from_a = (orig_n, orig_p) <= (resp_n, resp_p);
    key.family = family;
    key.protocol = protocol;
    if from_a {
        (key.a, key.a_port, key.b, key.b_port) = (orig_n, orig_p, resp_n, resp_p);
    } else {
        (key.a, key.a_port, key.b, key.b_port) = (resp_n, resp_p, orig_n, orig_p);
    }
    fill_stats(f, protocol, (orig_p, resp_p), from_a, stats)
}

/// A record's IP protocol number and its ends' ports (none but TCP's and UDP's).
#[inline(always)]
fn protocol_and_ports(f: &Fields<'_>, family: Family) -> Result<(u8, u16, u16), String> {
    let port = |p: Option<u64>| u16::try_from(p.unwrap_or(0)).unwrap_or(0);
    let (protocol, ports) = match f.proto.unwrap_or(b"-") {
        b"tcp" => (proto::TCP, true),
        b"udp" => (proto::UDP, true),
        // ICMP's "ports" are its type and code: a capture's ICMP conversation has none.
        b"icmp" if family == Family::V4 => (proto::ICMP, false),
        b"icmp" => (proto::ICMPV6, false),
        b"unknown_transport" => {
            let n = f
                .ip_proto
                .and_then(|n| u8::try_from(n).ok())
                .ok_or("an unknown_transport record without its ip_proto number")?;
            (n, false)
        }
        other => {
            return Err(format!(
                "`proto` is `{}`; conn.log has tcp, udp, icmp and unknown_transport",
                String::from_utf8_lossy(other)
            ));
        }
    };
    Ok(if ports {
        (protocol, port(f.orig_p), port(f.resp_p))
    } else {
        (protocol, 0, 0)
    })
}

/// What a record saw into `stats`, its originator the conversation's `a` end when
/// `from_a`; returns the IP bytes it saw, or what is wrong with its counts.
#[inline(always)]
fn fill_stats(
    f: &Fields<'_>,
    protocol: u8,
    (orig_p, resp_p): (u16, u16),
    from_a: bool,
    stats: &mut ConversationStats,
) -> Result<u64, String> {
    let pkts = [f.pkts[0].unwrap_or(0), f.pkts[1].unwrap_or(0)];
    let bytes = [f.ip_bytes[0].unwrap_or(0), f.ip_bytes[1].unwrap_or(0)];
    if pkts.iter().chain(&bytes).any(|&n| n > MAX_COUNT) {
        return Err(implausible(pkts, bytes));
    }
    let (orig_dir, resp_dir) = if from_a { (0, 1) } else { (1, 0) };
    let (mut packets, mut wire_bytes) = ([0; 2], [0; 2]);
    (packets[orig_dir], packets[resp_dir]) = (pkts[0], pkts[1]);
    (wire_bytes[orig_dir], wire_bytes[resp_dir]) = (bytes[0], bytes[1]);
    let first = f.ts.unwrap_or(0);
    let total = pkts[0] + pkts[1];
    let (mut esp, mut ike, mut ah) = (0, 0, 0);
    if protocol == proto::ESP {
        esp = total;
    } else if protocol == proto::AH {
        ah = total;
    } else if protocol == proto::UDP && (orig_p == 500 || resp_p == 500) {
        ike = total;
    } else if protocol == proto::UDP && (orig_p == 4500 || resp_p == 4500) {
        // IKE and ESP share UDP 4500 and a log does not tell them apart: both are
        // encrypted, so the conversation counts as ESP in UDP.
        esp = total;
    }
    // Every field, written where `stats` lies (see [`V4Batch`]).
    *stats = ConversationStats {
        packets,
        bytes: wire_bytes,
        first_ns: first,
        last_ns: first.saturating_add(f.duration.unwrap_or(0)),
        // The originator opened it with a SYN when its history has one (a capture that
        // starts mid-stream has none, and neither has the record).
        syn_from: (protocol == proto::TCP && f.history.is_some_and(|h| h.contains(&b'S')))
            .then_some(orig_dir as u8),
        esp_packets: esp,
        ike_packets: ike,
        keepalive_packets: 0,
        ah_packets: ah,
        fragments: 0,
    };
    Ok(bytes[0] + bytes[1])
}

/// What is wrong with a record's counts, one of which is past [`MAX_COUNT`].
#[cold]
fn implausible(pkts: [u64; 2], bytes: [u64; 2]) -> String {
    let named = [
        ("orig_pkts", pkts[0]),
        ("resp_pkts", pkts[1]),
        ("orig_ip_bytes", bytes[0]),
        ("resp_ip_bytes", bytes[1]),
    ];
    let (name, n) = named
        .into_iter()
        .find(|&(_, n)| n > MAX_COUNT)
        .unwrap_or(named[0]);
    format!("`{name}` is {n}, more than 2^48: not a count Zeek writes")
}

/// How [`LogReader`] reads a number field in a form other than Zeek's usual one: from the
/// field's name and text.
type SlowNumber<'n> = fn(&LogReader<'n>, &str, Option<&[u8]>) -> Result<Option<u64>, CaptureError>;

/// The fields of a record, whichever form it came in.
struct Fields<'a> {
    /// Nanoseconds since the epoch.
    ts: Option<u64>,
    /// Nanoseconds.
    duration: Option<u64>,
    orig_h: Option<&'a [u8]>,
    resp_h: Option<&'a [u8]>,
    orig_p: Option<u64>,
    resp_p: Option<u64>,
    proto: Option<&'a [u8]>,
    ip_proto: Option<u64>,
    history: Option<&'a [u8]>,
    pkts: [Option<u64>; 2],
    ip_bytes: [Option<u64>; 2],
}

/// What one record saw.
struct Seen {
    key: ConversationKey,
    stats: ConversationStats,
    bytes: u64,
}

/// Seconds with six decimals (`1700000000.123456`, as Zeek writes times and intervals) as
/// nanoseconds; `None` for any other notation, which [`LogReader::seconds`] reads.
#[inline(always)]
fn microseconds_as_zeek_writes(v: &[u8]) -> Option<u64> {
    let dot = v.len().checked_sub(7)?;
    if v.len() > 18 || dot == 0 || v.get(dot) != Some(&b'.') {
        return None;
    }
    let seconds = decimal(v.get(..dot)?)?;
    let micros = decimal(v.get(dot + 1..)?)?;
    seconds
        .checked_mul(1_000_000_000)?
        .checked_add(micros * 1000)
}

/// Seconds as nanoseconds, to the microsecond Zeek writes: rounding there undoes the
/// binary fraction (1362692526.869344 is 1362692526.86934399... as a double).
fn seconds_to_ns(s: f64) -> u64 {
    // `as` saturates a float; the product saturates too.
    ((s.max(0.0) * 1e6).round() as u64).saturating_mul(1000)
}

fn ip_number(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader() -> LogReader<'static> {
        LogReader::new("t", Header::default())
    }

    #[test]
    fn times_past_what_64_bits_of_nanoseconds_hold_saturate() {
        let reader = reader();
        // Found by the fuzzer: eleven digits of seconds overflowed the exact path.
        for (text, want) in [
            ("99999999999.000000", u64::MAX),
            ("18446744073.709551", 18_446_744_073_709_551_000),
            ("18446744074.000000", u64::MAX),
            ("1362692526.869344", 1_362_692_526_869_344_000),
        ] {
            assert_eq!(
                reader.seconds("ts", Some(text.as_bytes())).ok().flatten(),
                Some(want),
                "{text}"
            );
        }
    }

    #[test]
    fn a_count_past_what_zeek_writes_is_named_with_its_line() {
        let header = "#separator \\x09\n#fields\tid.orig_h\tid.resp_h\tproto\torig_pkts\tresp_pkts\torig_ip_bytes\tresp_ip_bytes\n";
        for (counts, named) in [
            (
                "1\t2\t40\t281474976710657",
                "`resp_ip_bytes` is 281474976710657",
            ),
            (
                "281474976710657\t2\t40\t281474976710657",
                "`orig_pkts` is 281474976710657",
            ),
        ] {
            let text = format!(
                "{header}10.0.0.1\t10.0.0.2\ttcp\t1\t1\t40\t40\n10.0.0.1\t10.0.0.2\ttcp\t{counts}\n"
            );
            let mut table = Conversations::new();
            let mut stats = ReadStats::default();
            let err = read_conn_log_from(text.as_bytes(), "t", &mut table, &mut stats)
                .expect_err("a count past 2^48");
            let message = err.to_string();
            assert!(
                message.contains(named) && message.contains("line 4"),
                "{message}"
            );
        }
    }

    #[test]
    fn a_field_named_twice_in_the_header_is_refused() {
        let mut reader = reader();
        let err = reader
            .header(b"#fields\tts\tid.orig_h\tid.resp_h\tproto\torig_pkts\tresp_pkts\tts")
            .expect_err("a duplicate column");
        assert!(err.to_string().contains("names `ts` twice"), "{err}");
    }

    proptest::proptest! {
        /// Any line, split at once block by block, gives the fields a plain split by the
        /// separator gives, for any choice of columns (and unset ones left out).
        #[test]
        fn lines_split_in_blocks_give_the_fields_a_plain_split_gives(
            cells in proptest::collection::vec("[-0-9a-z.]{0,12}", 1..40),
            read in proptest::collection::vec(proptest::option::of(0usize..40), FIELDS.len()),
            separator in proptest::sample::select(vec![b'\t', b',', b'|', 0u8]),
        ) {
            let mut line = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    line.push(separator);
                }
                line.extend_from_slice(cell.as_bytes());
            }
            // Each field at most once, as the header allows.
            let mut slot_at = Vec::new();
            for (slot, column) in (0u8..).zip(&read) {
                if let Some(c) = column {
                    if slot_at.len() <= *c {
                        slot_at.resize(c + 1, UNREAD);
                    }
                    if slot_at[*c] == UNREAD {
                        slot_at[*c] = slot;
                    }
                }
            }
            let columns = Columns { slot_at: slot_at.clone() };
            let record = split(&line, separator, b"-", &columns);
            let plain: Vec<&[u8]> = line.split(|b| *b == separator).collect();
            for (column, slot) in slot_at.iter().enumerate() {
                if *slot == UNREAD {
                    continue;
                }
                let want = plain.get(column).copied().filter(|f| *f != b"-");
                proptest::prop_assert_eq!(record.field(usize::from(*slot)), want);
            }
        }

        /// Times and counts read in place give what the general readers give.
        #[test]
        fn numbers_read_in_place_are_the_numbers_read_whole(
            whole in "[0-9]{0,12}",
            fraction in "[0-9]{0,10}",
            dot in proptest::bool::ANY,
            before in "[0-9a-z\t]{0,9}",
        ) {
            let reader = reader();
            let field = if dot { format!("{whole}.{fraction}") } else { whole.clone() };
            let text = format!("{before}{field}");
            let start = before.len();
            let record = Record {
                text: text.as_bytes(),
                spans: [(start as u32, text.len() as u32); FIELDS.len()],
                set: u32::MAX,
            };
            proptest::prop_assert_eq!(
                reader.seconds_at(&record, TS).ok(),
                reader.seconds("ts", Some(field.as_bytes())).ok()
            );
            proptest::prop_assert_eq!(
                reader.count_at(&record, ORIG_PKTS).ok(),
                field.parse::<u64>().ok().filter(|_| field.len() <= 19).map(Some)
            );
        }
    }
}
