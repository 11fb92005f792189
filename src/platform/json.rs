//! Places in JSON state files, for the readers that take them (`nftables`,
//! `windows_state`): where serde_json stopped, and where a borrowed part lies.

use std::ops::Range;

/// The byte where serde_json stopped reading `text`.
pub(super) fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == e.line() {
            return offset + e.column().saturating_sub(1).min(line.len());
        }
        offset += line.len();
    }
    text.len()
}

/// Where `part`, borrowed from `text` (a `RawValue` of it), lies in it.
pub(super) fn span_of(text: &str, part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    start.min(text.len())..(start + part.len()).min(text.len())
}
