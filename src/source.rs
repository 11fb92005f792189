//! Source files that user input came from, and spans into them.
//!
//! Owns the text of every file a diagnostic may point into (the topology, a catalog
//! overlay, the built-in files), so that any later stage can name file, line and column.
//! Depends on nothing else in cordon.

use std::ops::Range;

/// Which loaded file a span points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range in one loaded file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offsets into the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// One loaded file: the name shown to the user and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it, or a `(built in)` name.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// Byte offset of the start of every line, for line lookups by binary search; found
    /// when a span is first located (drift loads hundreds of megabytes of state and
    /// points into a few places of it).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of lines `first..=last` (0-based), without the final newline.
    pub fn lines_range(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let starts = self.line_starts();
        let start = starts.get(first).copied().unwrap_or(self.text.len());
        let end = starts
            .get(last + 1)
            .map_or(self.text.len(), |&next| next.saturating_sub(1));
        start..end.max(start)
    }
}

/// Every file loaded for one run.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        });
        id
    }

    /// Puts the text of a file added without it (a state file, read later and kept only
    /// where something points into it).
    pub fn fill(&mut self, id: FileId, text: String) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            f.text = text;
            f.line_starts = std::sync::OnceLock::new();
        }
    }

    /// The file behind an id; ids only come from [`SourceMap::add`] on this map.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// 1-based line and column (in characters) of a span's start.
    pub fn line_col(&self, span: &Span) -> (usize, usize) {
        let Some(file) = self.file(span.file) else {
            return (1, 1);
        };
        let offset = span.range.start.min(file.text.len());
        let line = file.line_index(offset);
        let line_start = file.line_starts().get(line).copied().unwrap_or(0);
        let col = file
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line + 1, col)
    }

    /// `file:line:col` of a span (tests compare places with it).
    #[cfg(test)]
    pub fn locate(&self, span: &Span) -> String {
        let (line, col) = self.line_col(span);
        let name = self.file(span.file).map_or("?", |f| f.name.as_str());
        format!("{name}:{line}:{col}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let mut map = SourceMap::new();
        let id = map.add("t.toml", "a = 1\nbé = 2\n");
        assert_eq!(map.line_col(&Span::new(id, 0..1)), (1, 1));
        assert_eq!(map.line_col(&Span::new(id, 6..7)), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(map.line_col(&Span::new(id, 10..11)), (2, 4));
        assert_eq!(map.locate(&Span::new(id, 10..11)), "t.toml:2:4");
    }
}
