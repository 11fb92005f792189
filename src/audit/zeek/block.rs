//! A TSV conn.log read a buffer at a time: every separator and newline of the buffer found
//! in one pass (SIMD compares, 64 bytes at a time), then each record's fields taken by
//! their column's place among them, without a search per line or per field, and a
//! record's seven counts parsed together, two to a SIMD register. A record
//! this way cannot read as the general reader would (a header, a JSON line, a short line,
//! a field in another notation, an IPv6 or damaged one) goes to the general reader, which
//! reads it, or says where and why it cannot; so both ways give the same conversations
//! and the same errors (a property test holds them to it).

use std::cell::Cell;
use std::net::Ipv4Addr;

use super::super::ReadStats;
use super::super::capture::CaptureError;
use super::super::conversation::{Conversations, V4Key};
use super::super::packet::proto;
use super::{
    Columns, DURATION, FIELDS, Fields, HISTORY, IP_PROTO, LogReader, ORIG_H, ORIG_IP_BYTES, ORIG_P,
    ORIG_PKTS, PROTO, RESP_H, RESP_IP_BYTES, RESP_P, RESP_PKTS, TS, UNREAD, fill_stats,
};
use crate::net::{decimal, dotted_quad};

/// A column that the log's `#fields` does not have.
const ABSENT: u8 = u8::MAX;

/// Where the fields cordon reads are, for a log this reader can take: a one-byte
/// separator other than a line's end, and a one-byte `#unset_field` that no field this
/// reader reads can hold as a value (not a digit, a dot, or the `S` of a history), so
/// that a field reads as a value or as unset the same way to both readers.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    separator: u8,
    unset: u8,
    /// The column of each field of [`FIELDS`], or [`ABSENT`].
    column_of: [u8; FIELDS.len()],
    /// Columns up to the last one read: a record with fewer goes to the general reader.
    width: usize,
}

impl Layout {
    /// The layout of a log with these header lines, if this reader can take it.
    pub(super) fn of(separator: u8, unset: &str, columns: Option<&Columns>) -> Option<Layout> {
        let columns = columns?;
        let &[unset] = unset.as_bytes() else {
            return None;
        };
        if unset.is_ascii_digit() || matches!(unset, b'.' | b'S') {
            return None;
        }
        if matches!(separator, b'\n' | b'\r') || columns.slot_at.len() > usize::from(ABSENT) {
            return None;
        }
        let mut column_of = [ABSENT; FIELDS.len()];
        for (column, &slot) in (0u8..).zip(&columns.slot_at) {
            if slot != UNREAD {
                *column_of.get_mut(usize::from(slot))? = column;
            }
        }
        Some(Layout {
            separator,
            unset,
            column_of,
            width: columns.slot_at.len(),
        })
    }
}

/// Where a stretch's separators and newlines are: each one's place, in order, and the
/// newlines' places again. Places are written eight at a time past what is found, so
/// each list keeps room beyond it and says how much of it is found.
///
/// `ends` starts with [`BEFORE_BLOCK`], the place of a newline just before the stretch,
/// and keeps room for [`PLACES_PER_LINE`] after any place: so every field of a line,
/// the first too, is found between two places (the one before it, plus one, and its
/// own) within a window of fixed size, which a column (a byte) indexes without a bounds
/// check or a case for the first field.
#[derive(Default)]
pub(super) struct Structure {
    ends: Vec<Place>,
    found: usize,
    newlines: Vec<Place>,
    lines: usize,
}

/// A byte's place in a stretch of at most [`MAX_STRETCH`] bytes. Two bytes, not four:
/// eight places are one SIMD register, added to and stored at once.
type Place = u16;

/// The longest stretch indexed at once: every place in it is below [`BEFORE_BLOCK`].
pub(super) const MAX_STRETCH: usize = Place::MAX as usize;

/// The place "before the stretch", at -1: one past it, wrapping, is the stretch's start.
const BEFORE_BLOCK: Place = Place::MAX;

/// The places a line's window holds: the one before its first field, and one for each
/// column a [`Layout`] can name (fewer than 256).
const PLACES_PER_LINE: usize = 257;

/// For each byte of a mask, the places (0 to 7) of its set bits, lowest first; zeros
/// after them, which are written and then overwritten. A table look-up and one SIMD
/// add place a byte's bits, where finding them one by one took a dependent chain of
/// instructions per bit (a quarter of the one-core run).
const BIT_PLACES: [[Place; 8]; 256] = {
    let mut table = [[0; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let (mut bit, mut n) = (0, 0);
        while bit < 8 {
            if byte >> bit & 1 == 1 {
                table[byte][n] = bit as Place;
                n += 1;
            }
            bit += 1;
        }
        byte += 1;
    }
    table
};

/// For each byte, how many bits it has set (`count_ones` is a dozen instructions on
/// CPUs without POPCNT, which the baseline x86-64 target allows).
const BIT_COUNTS: [u8; 256] = {
    let mut counts = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        counts[byte] = (byte as u32).count_ones() as u8;
        byte += 1;
    }
    counts
};

impl Structure {
    /// Finds the separators and newlines of `block` (at most [`MAX_STRETCH`] bytes).
    fn index(&mut self, block: &[u8], separator: u8) {
        // Room for every byte, a block's worth of places written past the last, and a
        // line's window from any place.
        let room = 1 + block.len() + 72 + PLACES_PER_LINE;
        if self.ends.len() < room {
            self.ends.resize(room, 0);
            self.newlines.resize(room, 0);
        }
        if let Some(first) = self.ends.first_mut() {
            *first = BEFORE_BLOCK;
        }
        self.found = 0;
        self.lines = 0;
        let wanted = wide::u8x16::splat(separator);
        let newline = wide::u8x16::splat(b'\n');
        let mut blocks = block.chunks_exact(64);
        let mut at: Place = 0;
        for chunk in blocks.by_ref() {
            let (mut any, mut lines) = (0u64, 0u64);
            for (k, lane) in chunk.chunks_exact(16).enumerate() {
                let lane = wide::u8x16::new(lane.try_into().unwrap_or([0; 16]));
                let separators = lane.cmp_eq(wanted).move_mask() as u16;
                let newlines = lane.cmp_eq(newline).move_mask() as u16;
                any |= u64::from(separators | newlines) << (16 * k);
                lines |= u64::from(newlines) << (16 * k);
            }
            self.push(any, lines, at);
            at = at.wrapping_add(64);
        }
        let (mut any, mut lines) = (0u64, 0u64);
        for (i, &b) in blocks.remainder().iter().enumerate() {
            any |= u64::from(b == separator || b == b'\n') << i;
            lines |= u64::from(b == b'\n') << i;
        }
        self.push(any, lines, at);
    }

    /// Adds the places of the set bits of `any` (bit i: byte `at + i`), and of those of
    /// `lines` (the newlines among them). Each byte of `any` writes eight places whether
    /// it has that many or not (what is past its count is overwritten next): a branch on
    /// how many there are would be mispredicted block after block. The first newline is
    /// written likewise.
    #[inline(always)]
    fn push(&mut self, any: u64, lines: u64, at: Place) {
        if let Some(out) = self.newlines.get_mut(self.lines) {
            *out = at.wrapping_add(lines.trailing_zeros() as Place);
        }
        self.lines += usize::from(lines != 0);
        let mut later = lines & lines.wrapping_sub(1);
        while later != 0 {
            if let Some(out) = self.newlines.get_mut(self.lines) {
                *out = at.wrapping_add(later.trailing_zeros() as Place);
            }
            self.lines += 1;
            later &= later - 1;
        }
        let Some(out) = self.ends.get_mut(1 + self.found..1 + self.found + 72) else {
            return;
        };
        let mut base = wide::u16x8::splat(at);
        let mut written = 0;
        for byte in any.to_le_bytes() {
            let places = base + wide::u16x8::from(BIT_PLACES[usize::from(byte)]);
            // Before the eighth byte at most 56 places are written: the mask changes
            // nothing, and bounds the index for the compiler.
            let from = written & 63;
            if let Some(to) = out.get_mut(from..from + 8) {
                to.copy_from_slice(&places.to_array());
            }
            written += usize::from(BIT_COUNTS[usize::from(byte)]);
            base += wide::u16x8::splat(8);
        }
        self.found += written;
    }

    /// The places found.
    fn ends(&self) -> &[Place] {
        self.ends.get(1..1 + self.found).unwrap_or(&[])
    }

    /// The window of the line whose first field is the `first`th place found: the place
    /// before that field, then the line's places, then what follows them.
    fn window(&self, first: usize) -> Option<&[Place; PLACES_PER_LINE]> {
        self.ends
            .get(first..first + PLACES_PER_LINE)?
            .try_into()
            .ok()
    }

    /// The newlines found.
    fn newlines(&self) -> &[Place] {
        self.newlines.get(..self.lines).unwrap_or(&[])
    }
}

/// One record's line: the buffer, its window of places ([`Structure::window`]), and how
/// many fields it has (the last ends at the line's newline).
struct Line<'a> {
    block: &'a [u8],
    places: &'a [Place; PLACES_PER_LINE],
    fields: usize,
}

impl Line<'_> {
    /// Where the line starts.
    #[inline(always)]
    fn start(&self) -> usize {
        self.places[0].wrapping_add(1) as usize
    }

    /// Where the field in `column` starts and ends in the buffer (past the line's fields,
    /// a place of a later line, which the caller does not ask for).
    #[inline(always)]
    fn span(&self, column: u8) -> (usize, usize) {
        let k = usize::from(column);
        let start = self.places[k].wrapping_add(1) as usize;
        (start, self.places[k + 1] as usize)
    }
}

impl LogReader<'_> {
    /// Reads the whole lines of `block` (it ends with a newline).
    pub(super) fn read_block(
        &mut self,
        block: &[u8],
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<(), CaptureError> {
        let mut from = 0;
        while from < block.len() {
            from += self.read_lines_of(block.get(from..).unwrap_or(&[]), conversations, stats)?;
        }
        Ok(())
    }

    /// Reads the lines of `block` up to its end, up to a header line (which can change
    /// the separator the block was searched for) and that line, or as far as one
    /// [`Structure`] can index; returns the bytes read.
    fn read_lines_of(
        &mut self,
        block: &[u8],
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<usize, CaptureError> {
        let Some(layout) = self.layout.clone() else {
            // Lines this reader cannot take, until a header line says otherwise.
            return self.general_line(block, conversations, stats);
        };
        // The lines that end within the longest stretch a place can address; a line
        // longer than that (no conn.log record is) goes to the general reader.
        let block = match block.get(..MAX_STRETCH) {
            None => block,
            Some(head) => match memchr::memrchr(b'\n', head) {
                Some(last) => head.get(..=last).unwrap_or(head),
                None => return self.general_line(block, conversations, stats),
            },
        };
        let mut structure = std::mem::take(&mut self.structure);
        structure.index(block, layout.separator);
        let result = if layout.column_of == ZeekConnLog::COLUMNS {
            self.read_indexed(
                block,
                &layout,
                ZeekConnLog,
                &structure,
                conversations,
                stats,
            )
        } else {
            let columns = layout.column_of;
            self.read_indexed(block, &layout, &columns, &structure, conversations, stats)
        };
        self.structure = structure;
        result
    }

    /// The first line of `block` through the general reader (a header line there may
    /// give a layout).
    fn general_line(
        &mut self,
        block: &[u8],
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<usize, CaptureError> {
        let end = memchr::memchr(b'\n', block).map_or(block.len(), |i| i + 1);
        let line = block.get(..end).unwrap_or(block);
        self.whole_line(line, conversations, stats)?;
        Ok(end)
    }

    fn read_indexed(
        &mut self,
        block: &[u8],
        layout: &Layout,
        placement: impl Placement,
        structure: &Structure,
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Result<usize, CaptureError> {
        let ends = structure.ends();
        let (mut start, mut first_end) = (0usize, 0usize);
        // Fields of the last line: most often those of the next.
        let mut fields = 0usize;
        for &newline in structure.newlines() {
            let line_end = match ends.get(first_end + fields.saturating_sub(1)) {
                Some(&e) if e == newline && fields > 0 => first_end + fields - 1,
                _ => {
                    let rest = ends.get(first_end..).unwrap_or(&[]);
                    first_end + rest.partition_point(|&e| e < newline)
                }
            };
            fields = line_end + 1 - first_end;
            let newline = newline as usize;
            let read = match structure.window(first_end) {
                Some(places) => {
                    let line = Line {
                        block,
                        places,
                        fields,
                    };
                    self.record(&line, layout, placement, conversations, stats)
                }
                None => None,
            };
            match read {
                Some(()) => {
                    self.line_no += 1;
                    self.offset += (newline + 1 - start) as u64;
                }
                None => {
                    let whole = block.get(start..=newline).unwrap_or(&[]);
                    self.whole_line(whole, conversations, stats)?;
                    if whole.first() == Some(&b'#') {
                        // The header may have changed how the rest reads.
                        return Ok(newline + 1);
                    }
                }
            }
            start = newline + 1;
            first_end = line_end + 1;
        }
        Ok(block.len())
    }

    /// A record read as the general reader reads it and counted, if it is one this reader
    /// takes.
    #[inline(always)]
    fn record(
        &mut self,
        line: &Line<'_>,
        layout: &Layout,
        placement: impl Placement,
        conversations: &mut Conversations,
        stats: &mut ReadStats,
    ) -> Option<()> {
        // The general reader takes headers, JSON, short lines and lines ending in CR.
        let start = line.start();
        let first = *line.block.get(start)?;
        if first == b'#' || first == b'{' || line.fields < layout.width {
            return None;
        }
        let newline = *line.places.get(line.fields)? as usize;
        if newline > start && line.block.get(newline - 1) == Some(&b'\r') {
            return None;
        }
        let r = Taken {
            line,
            placement,
            unset: layout.unset,
            last_seconds: &self.last_seconds,
        };
        // Unset, the ends and the protocol read as neither an address nor a protocol name.
        let (orig_start, orig_end) = r.set(ORIG_H)?;
        let (resp_start, resp_end) = r.set(RESP_H)?;
        let orig = self.addresses.read(line.block, orig_start, orig_end)?;
        let resp = self.addresses.read(line.block, resp_start, resp_end)?;
        let (proto_start, proto_end) = r.set(PROTO)?;
        let (protocol, has_ports) = transport(line.block, proto_start, proto_end)?;
        // Unset, the history has no SYN, as a history without one.
        let history = match r.span(HISTORY)? {
            Some((start, end)) => Some(line.block.get(start..end)?),
            None => None,
        };
        let [
            orig_p,
            resp_p,
            ip_proto,
            orig_pkts,
            resp_pkts,
            orig_ip_bytes,
            resp_ip_bytes,
        ] = match r.short_counts() {
            Some(counts) => counts,
            None => {
                let mut counts = [None; COUNTS.len()];
                for (count, slot) in counts.iter_mut().zip(COUNTS) {
                    *count = r.count(slot)?;
                }
                counts
            }
        };
        let f = Fields {
            ts: r.seconds(TS)?,
            duration: r.seconds(DURATION)?,
            orig_h: None,
            resp_h: None,
            orig_p,
            resp_p,
            // Read above, as the protocol's number.
            proto: None,
            ip_proto,
            history,
            pkts: [orig_pkts, resp_pkts],
            ip_bytes: [orig_ip_bytes, resp_ip_bytes],
        };
        // As `protocol_and_ports` gives them.
        let port = |p: Option<u64>| match has_ports {
            true => u16::try_from(p.unwrap_or(0)).unwrap_or(0),
            false => 0,
        };
        let (orig_p, resp_p) = (port(orig_p), port(resp_p));
        let (key, from_a) = V4Key::between((orig.into(), orig_p), (resp.into(), resp_p), protocol);
        if self.v4_batch.is_full() {
            self.flush(conversations);
        }
        let (slot_key, seen) = self.v4_batch.next_slot();
        let bytes = fill_stats(&f, protocol, (orig_p, resp_p), from_a, seen).ok()?;
        *slot_key = key;
        stats.packets = stats.packets.saturating_add(seen.total_packets());
        stats.wire_bytes = stats.wire_bytes.saturating_add(bytes);
        self.v4_batch.keep();
        Some(())
    }
}

/// The IP protocol of a record whose `proto` at `start..end` of `text` is `tcp`, `udp`
/// or `icmp` (an IPv4 record's), and whether its ports are ports (ICMP's are not), as
/// [`super::protocol_and_ports`] reads them; `None` for any other, which goes to the
/// general reader. Compared as one word, where a match on the text compared it byte by
/// byte twice.
#[inline(always)]
fn transport(text: &[u8], start: usize, end: usize) -> Option<(u8, bool)> {
    const TCP: u32 = u32::from_le_bytes(*b"tcp\0");
    const UDP: u32 = u32::from_le_bytes(*b"udp\0");
    const ICMP: u32 = u32::from_le_bytes(*b"icmp");
    let word = u32::from_le_bytes(text.get(start..start + 4)?.try_into().ok()?);
    match (end.checked_sub(start)?, word) {
        (3, w) if w & 0x00FF_FFFF == TCP => Some((proto::TCP, true)),
        (3, w) if w & 0x00FF_FFFF == UDP => Some((proto::UDP, true)),
        (4, ICMP) => Some((proto::ICMP, false)),
        _ => None,
    }
}

/// Which column holds each field of [`FIELDS`] ([`ABSENT`] for none): a layout's own
/// columns, or those of the conn.log Zeek writes, which are constants where a record is
/// read (a column looked up and tested for absence per field took a tenth of a record's
/// instructions).
trait Placement: Copy {
    /// The column of field `slot`.
    fn column(self, slot: usize) -> u8;
}

impl Placement for &[u8; FIELDS.len()] {
    #[inline(always)]
    fn column(self, slot: usize) -> u8 {
        self.get(slot).copied().unwrap_or(ABSENT)
    }
}

/// The columns of the conn.log Zeek writes by default (7.1 on, whose NEWS adds `ip_proto`
/// as the last column; later columns, such as a `community_id`, change none of them).
#[derive(Clone, Copy)]
struct ZeekConnLog;

impl ZeekConnLog {
    const COLUMNS: [u8; FIELDS.len()] = [0, 2, 3, 4, 5, 6, 8, 15, 16, 18, 17, 19, 21];
}

impl Placement for ZeekConnLog {
    #[inline(always)]
    fn column(self, slot: usize) -> u8 {
        Self::COLUMNS.get(slot).copied().unwrap_or(ABSENT)
    }
}

/// The fields of one record, as the layout places them.
struct Taken<'a, P> {
    line: &'a Line<'a>,
    placement: P,
    /// The log's one-byte `#unset_field`.
    unset: u8,
    /// The whole seconds of the last `ts` and `duration`.
    last_seconds: &'a [LastSeconds; 2],
}

impl<P: Placement> Taken<'_, P> {
    /// Where a field lies in the buffer (unset or not); `None` inside when it is absent,
    /// `None` outside when the line lacks the column.
    #[inline(always)]
    fn span(&self, slot: usize) -> Option<Option<(usize, usize)>> {
        let column = self.placement.column(slot);
        if column == ABSENT {
            return Some(None);
        }
        Some(Some(self.line.span(column)))
    }

    /// Whether the field at `start..end` is the log's unset mark.
    #[cold]
    fn is_unset(&self, start: usize, end: usize) -> bool {
        end == start + 1 && self.line.block.get(start) == Some(&self.unset)
    }

    /// A count field, `None` inside when absent or unset (one to the general reader);
    /// `None` outside for a value the general reader would read another way (or refuse),
    /// which sends the record there.
    #[inline(always)]
    fn count(&self, slot: usize) -> Option<Option<u64>> {
        self.number(slot, |text, start, end| {
            digits_ending_at(text, end, end - start)
        })
    }

    /// A number field read by `read` (from the buffer and the field's start and end),
    /// `None` inside when absent or unset; `None` outside when `read` cannot read it and
    /// it is not the unset mark.
    #[inline(always)]
    fn number(
        &self,
        slot: usize,
        read: impl Fn(&[u8], usize, usize) -> Option<u64>,
    ) -> Option<Option<u64>> {
        let Some((start, end)) = self.span(slot)? else {
            return Some(None);
        };
        match read(self.line.block, start, end) {
            Some(n) => Some(Some(n)),
            None => self.is_unset(start, end).then_some(None),
        }
    }

    /// The [`COUNTS`] of a record whose counts are all absent or of one to eight digits,
    /// read together, two to a SIMD register ([`short_counts`]); `None` for any other
    /// record, whose counts [`Taken::count`] reads one by one.
    #[inline(always)]
    fn short_counts(&self) -> Option<[Option<u64>; COUNTS.len()]> {
        let mut fits = true;
        let [a, b, c, d, e, f, g] = COUNTS;
        // Spelled out, where a map over the slots was not inlined.
        let words = [
            self.digits_word(a, &mut fits),
            self.digits_word(b, &mut fits),
            self.digits_word(c, &mut fits),
            self.digits_word(d, &mut fits),
            self.digits_word(e, &mut fits),
            self.digits_word(f, &mut fits),
            self.digits_word(g, &mut fits),
        ];
        if !fits {
            return None;
        }
        let digits = |k: usize| words[k].unwrap_or(ZERO_DIGITS);
        let n = short_counts(&[
            digits(0),
            digits(1),
            digits(2),
            digits(3),
            digits(4),
            digits(5),
            digits(6),
            ZERO_DIGITS,
        ])?;
        let count = |k: usize| words[k].map(|_| n[k]);
        Some([
            count(0),
            count(1),
            count(2),
            count(3),
            count(4),
            count(5),
            count(6),
        ])
    }

    /// The count at `slot` as a word of digits ([`digits_word`]), `None` when it is
    /// absent; clears `fits` when the line lacks it or it is not one to eight bytes.
    #[inline(always)]
    fn digits_word(&self, slot: usize, fits: &mut bool) -> Option<u64> {
        match self.span(slot) {
            Some(Some((start, end))) => {
                let word = digits_word(self.line.block, end, end.wrapping_sub(start));
                *fits &= word.is_some();
                Some(word.unwrap_or(ZERO_DIGITS))
            }
            Some(None) => None,
            None => {
                *fits = false;
                None
            }
        }
    }

    /// A time or interval field (`ts` or `duration`), likewise.
    #[inline(always)]
    fn seconds(&self, slot: usize) -> Option<Option<u64>> {
        let last = self.last_seconds.get(usize::from(slot == DURATION))?;
        self.number(
            slot,
            #[inline(always)]
            |text, start, end| microseconds_ending_at(text, start, end, last),
        )
    }

    /// A field that must be set for this reader (the general one refuses it unset).
    #[inline(always)]
    fn set(&self, slot: usize) -> Option<(usize, usize)> {
        self.span(slot)?
    }
}

/// A text of fewer than 16 bytes as two words that two texts share only when they are
/// the same: the bytes, and the length plus one in the top byte (so no text is all
/// zeros, an empty slot).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ShortText([u64; 2]);

/// For each length below 16, which bits of the two words a text of that length fills;
/// taking them from a table replaces shifts by a variable amount across two words.
const SHORT_TEXT_MASKS: [[u64; 2]; 16] = {
    let mut masks = [[0u64; 2]; 16];
    let mut len = 0;
    while len < 16 {
        let low = if len >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * len)) - 1
        };
        let high = if len <= 8 {
            0
        } else {
            (1u64 << (8 * (len - 8))) - 1
        };
        masks[len] = [low, high];
        len += 1;
    }
    masks
};

impl ShortText {
    /// The `len` bytes of `text` from `start`, unless they are 16 or more, or 16 bytes
    /// cannot be loaded from `start`.
    #[inline(always)]
    fn at(text: &[u8], start: usize, len: usize) -> Option<ShortText> {
        let [low_mask, high_mask] = *SHORT_TEXT_MASKS.get(len)?;
        let window = text.get(start..start + 16)?;
        let (low, high) = window.split_at(8);
        let low = u64::from_le_bytes(low.try_into().ok()?);
        let high = u64::from_le_bytes(high.try_into().ok()?);
        Some(ShortText([
            low & low_mask,
            high & high_mask | (len as u64 + 1) << 56,
        ]))
    }

    /// A slot among `1 << log2` for this text.
    #[inline(always)]
    fn slot(self, log2: u32) -> usize {
        ((self.0[0] ^ self.0[1]).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - log2)) as usize
    }
}

/// Dotted quads read before, by their text: a log names the same hosts again and again,
/// and a hit is a load and a compare where reading is a branch per byte. A miss is read
/// and takes the slot of its text's hash.
pub(super) struct AddressCache {
    /// The text and the address it reads as.
    slots: Vec<AddressSlot>,
}

/// A remembered text and its address, on a half cache line of its own: slots of 24
/// bytes straddled two lines one time in three, two trips for one look-up.
#[derive(Clone, Copy, Default)]
#[repr(align(32))]
struct AddressSlot(ShortText, u32);

/// Texts remembered: 8,192 slots of 32 bytes, 256 KiB, which stays in a core's L2 cache.
/// (The benchmark's 1,000-host hierarchy: with 4,096 slots, reading the dotted quads
/// that collided took 2.5% of the process's time, with 8,192 0.7%; the whole
/// `cordon audit --zeek` on one core took 1.21 s in place of 1.28 s, interleaved runs.)
const ADDRESS_SLOTS_LOG2: u32 = 13;

impl Default for AddressCache {
    fn default() -> Self {
        AddressCache {
            slots: vec![AddressSlot::default(); 1 << ADDRESS_SLOTS_LOG2],
        }
    }
}

impl AddressCache {
    /// The dotted quad at `start..end` of `text`, if it is one.
    #[inline(always)]
    fn read(&mut self, text: &[u8], start: usize, end: usize) -> Option<Ipv4Addr> {
        let Some(key) = ShortText::at(text, start, end.checked_sub(start)?) else {
            return dotted_quad(text.get(start..end)?);
        };
        let slot = self.slots.get_mut(key.slot(ADDRESS_SLOTS_LOG2))?;
        if slot.0 == key {
            return Some(Ipv4Addr::from(slot.1));
        }
        let address = dotted_quad(text.get(start..end)?)?;
        *slot = AddressSlot(key, u32::from(address));
        Some(address)
    }
}

/// The count fields of a record, in the order [`Taken::short_counts`] gives them.
const COUNTS: [usize; 7] = [
    ORIG_P,
    RESP_P,
    IP_PROTO,
    ORIG_PKTS,
    RESP_PKTS,
    ORIG_IP_BYTES,
    RESP_IP_BYTES,
];

/// Eight `0` digits: a word that reads as 0.
const ZERO_DIGITS: u64 = 0x3030_3030_3030_3030;

/// The 1 to 8 bytes ending at `end` of `text` as a word of eight would-be digits, the
/// bytes before them `0`s (the earliest byte the lowest); `None` for another length, or
/// fewer than eight bytes before `end`.
#[inline(always)]
fn digits_word(text: &[u8], end: usize, len: usize) -> Option<u64> {
    let keep = *LAST_BYTES.get(len).filter(|&&keep| keep != 0)?;
    let bytes = text.get(end.checked_sub(8)?..end)?;
    let word = u64::from_le_bytes(bytes.try_into().ok()?);
    Some(word & keep | ZERO_DIGITS & !keep)
}

/// For each length up to 8, the bits of a word that its last `len` bytes fill (none for
/// 0, which is no number).
const LAST_BYTES: [u64; 9] = {
    let mut masks = [0u64; 9];
    let mut len = 1;
    while len <= 8 {
        masks[len] = u64::MAX << (8 * (8 - len));
        len += 1;
    }
    masks
};

/// The numbers that eight words of eight would-be digits ([`digits_word`]) write, two
/// to a SIMD register; `None` if a byte of any of them is not a digit. (The steps of
/// [`eight_digits_ending_at`], the last multiplications done as two
/// multiply-and-add-pairs of 16-bit lanes: read one by one, the seven counts of a record
/// took more instructions than the rest of it.)
#[inline(always)]
fn short_counts(words: &[u64; 8]) -> Option<[u64; 8]> {
    use wide::{i16x8, u16x8, u64x2};
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let (zeros, high, six, threes) = (
        u64x2::splat(ZERO_DIGITS),
        u64x2::splat(HIGH_NIBBLES),
        u64x2::splat(0x0606_0606_0606_0606),
        u64x2::splat(0x3333_3333_3333_3333),
    );
    let pair_bytes = u64x2::splat(0x0000_00FF_0000_00FF);
    // Per 64-bit lane: the four pairs of digits into two quads, then the quads into one.
    let pairs_into_quads = i16x8::from([100, 1, 100, 1, 100, 1, 100, 1]);
    let quads_into_number = i16x8::from([10_000, 1, 0, 0, 10_000, 1, 0, 0]);
    let mut wrong = u64x2::splat(0);
    let mut numbers = [0u64; 8];
    let (pairs_in, _) = words.as_chunks::<2>();
    let (pairs_out, _) = numbers.as_chunks_mut::<2>();
    for (&[first, second], out) in pairs_in.iter().zip(pairs_out) {
        let word = u64x2::from([first, second]);
        wrong |= (word & high | ((word + six) & high) >> 4) ^ threes;
        let v = word - zeros;
        // Each byte times ten (no byte carries: a digit times ten is under 256), plus the
        // next: the even bytes hold pairs of digits.
        let tens: u64x2 = bytemuck::cast(bytemuck::cast::<u64x2, u16x8>(v) * u16x8::splat(10));
        let v = tens + (v >> 8);
        let pairs = v & pair_bytes | ((v >> 16) & pair_bytes) << 16;
        let quads: u64x2 =
            bytemuck::cast(bytemuck::cast::<u64x2, i16x8>(pairs).dot(pairs_into_quads));
        let joined = bytemuck::cast::<u64x2, i16x8>(quads | quads >> 16);
        let number: [u32; 4] = bytemuck::cast(joined.dot(quads_into_number));
        *out = [u64::from(number[0]), u64::from(number[2])];
    }
    let wrong = wrong.to_array();
    (wrong[0] | wrong[1] == 0).then_some(numbers)
}

/// The number that the `len` digits ending at `end` of `text` write, as
/// [`decimal`] reads it (`None` if one is not a digit), eight digits at a time.
#[inline(always)]
fn digits_ending_at(text: &[u8], end: usize, len: usize) -> Option<u64> {
    match len {
        1..=8 => eight_digits_ending_at(text, end, len),
        9..=16 => {
            let high = eight_digits_ending_at(text, end - 8, len - 8)?;
            Some(high * 100_000_000 + eight_digits_ending_at(text, end, 8)?)
        }
        _ => decimal(text.get(end.checked_sub(len)?..end)?),
    }
}

/// The whole seconds of a time field last read, by their text ([`ShortText`]) and
/// as a number: records come in time order, so most share
/// their seconds with the record before.
pub(super) type LastSeconds = Cell<(ShortText, u64)>;

/// Seconds with six decimals at `start..end` of `text`, as
/// [`super::microseconds_as_zeek_writes`] reads them; the whole seconds taken from `last`
/// when their text is the same.
#[inline(always)]
fn microseconds_ending_at(
    text: &[u8],
    start: usize,
    end: usize,
    last: &LastSeconds,
) -> Option<u64> {
    let len = end - start;
    if !(8..=18).contains(&len) || text.get(end - 7) != Some(&b'.') {
        return None;
    }
    let digits = len - 7;
    let seconds = match ShortText::at(text, start, digits) {
        Some(key) => match last.get() {
            (seen, seconds) if seen == key => seconds,
            _ => {
                let seconds = digits_ending_at(text, end - 7, digits)?;
                last.set((key, seconds));
                seconds
            }
        },
        None => digits_ending_at(text, end - 7, digits)?,
    };
    let micros = eight_digits_ending_at(text, end, 6)?;
    seconds
        .checked_mul(1_000_000_000)?
        .checked_add(micros * 1000)
}

/// Up to eight digits (`len`, 1 to 8) ending at `end`, read as one word: the bytes before
/// them in the word read as zeros. `None` if fewer than eight bytes come before `end` (the
/// caller then reads them one by one) or a byte is not a digit.
#[inline(always)]
fn eight_digits_ending_at(text: &[u8], end: usize, len: usize) -> Option<u64> {
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let Some(word) = digits_word(text, end, len) else {
        return decimal(text.get(end.checked_sub(len)?..end)?);
    };
    // A digit is 0x30..=0x39: high nibble 3, and still 3 once 6 is added; both tests in
    // one compare. (A carry out of a byte comes only from one whose high nibble is F,
    // which the first test refuses whatever the carry does.)
    let added = word.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES;
    if word & HIGH_NIBBLES | added >> 4 != 0x3333_3333_3333_3333 {
        return None;
    }
    // Pairs, then fours, then all eight, each step one multiply (the first digit is the
    // lowest byte).
    let v = word - ZERO_DIGITS;
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let pairs = v & 0x0000_00FF_0000_00FF;
    let next = (v >> 16) & 0x0000_00FF_0000_00FF;
    let v = pairs
        .wrapping_mul(100 + (1_000_000 << 32))
        .wrapping_add(next.wrapping_mul(1 + (10_000 << 32)))
        >> 32;
    Some(v & 0xFFFF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::super::super::conversation::ConversationStats;
    use super::super::{ConversationKey, Header};
    use super::*;
    use proptest::prelude::*;

    type Read = Result<(Vec<(ConversationKey, ConversationStats)>, ReadStats), String>;

    /// The sorted table and counts that `read` leaves, or its error's text.
    fn table_of(
        read: impl FnOnce(&mut Conversations, &mut ReadStats) -> Result<(), CaptureError>,
    ) -> Read {
        let mut table = Conversations::new();
        let mut stats = ReadStats::default();
        read(&mut table, &mut stats).map_err(|e| e.to_string())?;
        Ok((table.sorted(), stats))
    }

    /// A log read line by line by the general reader alone: what the buffer reader must
    /// give.
    fn read_by_lines(text: &[u8]) -> Read {
        table_of(|table, stats| super::super::read_conn_log_by_lines(text, "t", table, stats))
    }

    /// The same log through the reader users run (buffers of `capacity` bytes).
    fn read_by_blocks(text: &[u8], capacity: usize) -> Read {
        let input = std::io::BufReader::with_capacity(capacity, text);
        table_of(|table, stats| super::super::read_lines(input, "t", table, stats))
    }

    const HEADER: &str = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount\n";

    /// A count as logs write it (the unset mark some logs below choose among them).
    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => "[0-9]{1,7}",
            3 => "[0-9]{8,14}",
            1 => "[0-9]{15,19}",
            1 => Just("-".to_string()),
            1 => Just("5".to_string()),
        ]
    }

    fn seconds() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "1[0-9]{9}\\.[0-9]{6}",
            2 => "[0-9]{1,3}\\.[0-9]{6}",
            1 => "[0-9]{1,11}(\\.[0-9]{0,9})?",
            1 => Just("-".to_string()),
            1 => Just("1.5e9".to_string()),
        ]
    }

    /// Both ends, of one family.
    fn ends() -> impl Strategy<Value = (String, String)> {
        let v4 = (0u8..4, 0u8..3, any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("10.{a}{b}.{c}.{d}"));
        prop_oneof![
            9 => (v4.clone(), v4),
            1 => (0u8..3, 0u8..3).prop_map(|(a, b)| (format!("2001:db8::{a}"), format!("2001:db8::{b}"))),
        ]
    }

    /// A record; now and then one of its fields damaged, or the line short of columns.
    fn record() -> impl Strategy<Value = String> {
        let proto = prop_oneof![
            6 => Just(("tcp", "6")), 3 => Just(("udp", "17")), 1 => Just(("icmp", "1")),
            1 => Just(("unknown_transport", "50")), 1 => Just(("tcp", "-")),
        ];
        let counts = (number(), number(), number(), number(), number(), number());
        let history = prop_oneof![Just("ShADadFf"), Just("D"), Just("-"), Just(""), Just("S")];
        let ending = prop_oneof![8 => Just(""), 1 => Just("\r"), 1 => Just("\textra")];
        let damage = prop_oneof![
            30 => Just(None),
            1 => (0usize..22, "[-0-9a-f.x :]{0,4}").prop_map(Some),
            1 => Just(Some((21, "(empty)".to_string()))),
        ];
        (
            seconds(),
            ends(),
            proto,
            seconds(),
            history,
            counts,
            ending,
            (damage, 0usize..30),
        )
            .prop_map(
                |(ts, (oh, rh), (proto, ip), duration, history, c, ending, (damage, cut))| {
                    let (op, rp, op_, rp_, ob, rb) = c;
                    let mut fields = vec![
                        ts.as_str(),
                        "Cx",
                        &oh,
                        &op,
                        &rh,
                        &rp,
                        proto,
                        "-",
                        &duration,
                        "0",
                        "0",
                        "SF",
                        "T",
                        "T",
                        "0",
                        history,
                        &op_,
                        &ob,
                        &rp_,
                        &rb,
                        "-",
                        ip,
                    ];
                    if let Some((at, value)) = &damage {
                        fields[*at] = value.as_str();
                    }
                    if cut < fields.len() && cut % 7 == 0 {
                        fields.truncate(cut);
                    }
                    format!("{}{ending}", fields.join("\t"))
                },
            )
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            60 => record(),
            1 => Just(String::new()),
            1 => Just("{\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"proto\":\"udp\",\"orig_pkts\":1,\"resp_pkts\":0}".to_string()),
            1 => Just("#unset_field\t-".to_string()),
            1 => Just("#unset_field\t(none)".to_string()),
            1 => Just("#unset_field\t5".to_string()),
            1 => Just("#unset_field\tS".to_string()),
            1 => Just("#separator ,".to_string()),
            1 => Just("#separator \\x09".to_string()),
            1 => Just("#fields\tid.orig_h\tid.resp_h\tproto\torig_pkts\tresp_pkts".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any log, read a buffer at a time (buffers of any size, lines split across
        /// them), gives the conversations, counts and errors of the general reader
        /// reading it line by line.
        #[test]
        fn buffers_read_as_lines_read_one_by_one(
            lines in proptest::collection::vec(line(), 0..60),
            capacity in prop_oneof![Just(64 * 1024), 16usize..400],
            final_newline in any::<bool>(),
        ) {
            let mut text = HEADER.to_string();
            text.push_str(&lines.join("\n"));
            if final_newline {
                text.push('\n');
            }
            let want = read_by_lines(text.as_bytes());
            let got = read_by_blocks(text.as_bytes(), capacity);
            prop_assert_eq!(got, want);
        }

        /// Digits read a word at a time are the digits read one by one, wherever they
        /// lie (fewer than eight bytes before them too).
        #[test]
        fn digits_read_at_once_are_digits_read_one_by_one(
            before in "[0-9a-z\t]{0,10}",
            field in "[0-9]{0,20}|[0-9/:a ]{0,9}",
        ) {
            let text = format!("{before}{field}");
            let end = text.len();
            prop_assert_eq!(
                digits_ending_at(text.as_bytes(), end, field.len()),
                decimal(field.as_bytes())
            );
            // Read twice: the second time the whole seconds come from the first.
            let dotted = format!("{before}{field}.123456\t0123456789abcdef");
            let end = dotted.len() - 17;
            let last = LastSeconds::default();
            for _ in 0..2 {
                prop_assert_eq!(
                    microseconds_ending_at(dotted.as_bytes(), before.len(), end, &last),
                    super::super::microseconds_as_zeek_writes(&dotted.as_bytes()[before.len()..end])
                );
            }
        }

        /// Counts read together are the counts read one by one: any that is not one to
        /// eight digits makes them all unread together.
        #[test]
        fn counts_read_together_are_counts_read_one_by_one(
            fields in proptest::collection::vec("[0-9]{1,8}|[0-9]{0,3}[-/:a ][0-9]{0,3}", 8),
        ) {
            let text = format!("0123456789\t{}\t", fields.join("\t"));
            let mut words = [ZERO_DIGITS; 8];
            let mut end = 10;
            for (word, field) in words.iter_mut().zip(&fields) {
                end += 1 + field.len();
                *word = digits_word(text.as_bytes(), end, field.len()).unwrap_or(0);
            }
            let one_by_one: Option<Vec<u64>> =
                fields.iter().map(|f| decimal(f.as_bytes())).collect();
            prop_assert_eq!(short_counts(&words).map(Vec::from), one_by_one);
        }

        /// Addresses found in the cache are the addresses read, for texts that share
        /// slots and texts that are not addresses.
        #[test]
        fn cached_addresses_are_the_addresses_read(
            texts in proptest::collection::vec("[0-9.]{0,16}|10\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", 1..200),
            rounds in 1usize..4,
        ) {
            let mut cache = AddressCache::default();
            for _ in 0..rounds {
                for t in &texts {
                    let text = format!("{t}\t0123456789abcdef");
                    prop_assert_eq!(cache.read(text.as_bytes(), 0, t.len()), dotted_quad(t.as_bytes()));
                }
            }
        }
    }

    #[test]
    fn an_unset_mark_that_could_be_a_value_reads_as_unset() {
        // `5` as a count and `S` as a history are unset to the general reader, under
        // these marks: the buffer reader must not read them as values.
        for (mark, field, value) in [("5", 16, "5"), ("S", 15, "S")] {
            let mut fields: Vec<&str> = "1700000000.000001\tC1\t10.0.0.10\t1025\t10.0.16.10\t445\ttcp\t-\t0.000031\t1\t3\tSF\tT\tT\t0\tD\t2\t41\t8\t45\t-\t6".split('\t').collect();
            fields[field] = value;
            let text = format!("{HEADER}#unset_field\t{mark}\n{}\n", fields.join("\t"));
            let want = read_by_lines(text.as_bytes());
            assert!(want.is_ok(), "{want:?}");
            assert_eq!(
                read_by_blocks(text.as_bytes(), 64 * 1024),
                want,
                "unset mark {mark}"
            );
        }
    }

    #[test]
    fn buffers_longer_than_a_stretch_read_as_lines_read_one_by_one() {
        // Places are two bytes: a buffer is indexed a stretch at a time, cut at a line's
        // end, and a line longer than a stretch goes to the general reader whole.
        let record = |k: usize, uid: &str| {
            format!(
                "1700000000.{k:06}\t{uid}\t10.0.{}.{}\t{}\t10.1.0.1\t443\ttcp\t-\t0.000031\t1\t3\tSF\tT\tT\t0\tShADadFf\t{}\t41\t8\t45\t-\t6\n",
                k / 250,
                k % 250,
                1024 + k,
                1 + k % 7,
            )
        };
        let mut text = HEADER.to_string();
        for k in 0..3_000 {
            text.push_str(&record(k, "C1"));
        }
        let long_uid = "C".repeat(MAX_STRETCH + 10);
        text.push_str(&record(3_000, &long_uid));
        for k in 3_001..3_500 {
            text.push_str(&record(k, "C1"));
        }
        assert!(text.len() > 3 * MAX_STRETCH);
        let want = read_by_lines(text.as_bytes());
        let (table, stats) = want.clone().unwrap();
        // 3,500 records, each of its own conversation: 8 packets back, 1 to 7 sent.
        assert_eq!((table.len(), stats.packets), (3_500, 3_500 * 8 + 14_000));
        for capacity in [128 * 1024, MAX_STRETCH, MAX_STRETCH + 1, 300 * 1024] {
            assert_eq!(
                read_by_blocks(text.as_bytes(), capacity),
                want,
                "buffers of {capacity} bytes"
            );
        }
    }

    #[test]
    fn zeeks_own_conn_log_reads_with_its_columns_as_constants() {
        // A conn.log Zeek wrote (its test suite's baseline, times unmasked): its header
        // gives the columns the reader holds as constants, and its records read through
        // them as the general reader reads them.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/zeek/wikipedia.conn.log"
        );
        let text = std::fs::read_to_string(path)
            .unwrap()
            .replace("XXXXXXXXXX.XXXXXX", "1362692526.869344");
        let header_end = text.find("\n1362692526").unwrap() + 1;
        let mut reader = LogReader::new("t", Header::default());
        let (mut table, mut stats) = (Conversations::new(), ReadStats::default());
        reader
            .read_block(&text.as_bytes()[..header_end], &mut table, &mut stats)
            .unwrap();
        let layout = reader.layout.clone().unwrap();
        assert_eq!(layout.column_of, ZeekConnLog::COLUMNS);
        let want = read_by_lines(text.as_bytes());
        assert!(want.as_ref().is_ok_and(|(t, _)| t.len() > 10), "{want:?}");
        assert_eq!(read_by_blocks(text.as_bytes(), 64 * 1024), want);
    }

    #[test]
    fn the_bench_record_is_read_by_the_buffer_reader() {
        // The shape of record the benchmark times: it must not fall back.
        let text = format!(
            "{HEADER}1700000000.000001\tC1\t10.0.0.10\t1025\t10.0.16.10\t445\ttcp\t-\t0.000031\t1\t3\tSF\tT\tT\t0\tShADadFf\t2\t41\t8\t45\t-\t6\n"
        );
        let mut table = Conversations::new();
        let mut stats = ReadStats::default();
        let mut reader = LogReader::new("t", Header::default());
        let bytes = text.as_bytes();
        let header_end = HEADER.len();
        reader
            .read_block(&bytes[..header_end], &mut table, &mut stats)
            .unwrap();
        assert!(reader.layout.is_some(), "the header gives a layout");
        let layout = reader.layout.clone().unwrap();
        let mut structure = Structure::default();
        let record = &bytes[header_end..];
        structure.index(record, layout.separator);
        let line = Line {
            block: record,
            places: structure.window(0).unwrap(),
            fields: structure.ends().len(),
        };
        assert_eq!(
            reader.record(&line, &layout, ZeekConnLog, &mut table, &mut stats),
            Some(())
        );
        reader.flush(&mut table);
        let (key, s) = table.sorted()[0];
        assert_eq!(
            (key.a_port, key.b_port, s.packets, s.bytes),
            (1025, 445, [2, 8], [41, 45])
        );
        assert_eq!(
            (s.first_ns, s.last_ns, s.syn_from),
            (
                1_700_000_000_000_001_000,
                1_700_000_000_000_032_000,
                Some(0)
            )
        );
    }
}
