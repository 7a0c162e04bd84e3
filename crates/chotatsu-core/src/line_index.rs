//! Byte offset ⇄ line/column conversions.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (the LSP rule). Columns come in three units: bytes
//! (UTF-8), characters (the CLI's 1-based columns are this plus one) and UTF-16 code units (the LSP
//! default). 𠮷 is 4 bytes, 1 character and 2 UTF-16 units; a kanji is 3 bytes, 1 character and 1 unit.

/// The unit in which a column is counted.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (characters).
    Char,
}

/// A 0-based line and a 0-based column in some [`ColumnUnit`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line.
    pub line: usize,
    /// 0-based column.
    pub col: usize,
}

/// Line starts of one text, built once per text version.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    ascii: bool,
}

impl LineIndex {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut from = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            let mut i = from + found;
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            starts.push(i + 1);
            from = i + 1;
        }
        Self { starts, len: text.len(), ascii: text.is_ascii() }
    }

    /// Number of lines (a text ending with a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based `line` starts; the text length past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of `line`'s content, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(text.len());
        let b = text.as_bytes();
        if end > start && b.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Line and column of byte `offset`. An offset inside a character counts from that
    /// character's start; one past the text is clamped to the end.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let before = &text[start..offset];
        let col = if self.ascii || unit == ColumnUnit::Utf8 {
            before.len()
        } else if unit == ColumnUnit::Utf16 {
            before.chars().map(char::len_utf16).sum()
        } else {
            before.chars().count()
        };
        LineCol { line, col }
    }

    /// Byte offset of a line and column. A column past the line's end is clamped to the end (before
    /// the line break); a column inside a character (a UTF-16 surrogate pair, a UTF-8 sequence)
    /// lands on that character's start; a line past the end gives the text's length.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let span = self.line_span(text, pos.line);
        let line = &text[span.clone()];
        if self.ascii {
            return span.start + pos.col.min(line.len());
        }
        let mut walked = 0;
        for (i, c) in line.char_indices() {
            let w = match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if walked + w > pos.col {
                return span.start + i;
            }
            walked += w;
        }
        span.end
    }
}

/// The largest char boundary at or before `i`.
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_from_the_design() {
        let text = "前の行\r\n𠮷田は瑕疵担保責任を負う。\r\n";
        let idx = LineIndex::new(text);
        let start = text.find("瑕疵").unwrap();
        let end = start + "瑕疵担保責任".len();
        let line_start = idx.line_start(1);
        assert_eq!(start - line_start, 10);
        assert_eq!(end - line_start, 28);
        assert_eq!(idx.line_col(text, start, ColumnUnit::Char), LineCol { line: 1, col: 3 });
        assert_eq!(idx.line_col(text, end, ColumnUnit::Char), LineCol { line: 1, col: 9 });
        assert_eq!(idx.line_col(text, start, ColumnUnit::Utf16), LineCol { line: 1, col: 4 });
        assert_eq!(idx.line_col(text, end, ColumnUnit::Utf16), LineCol { line: 1, col: 10 });
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 4 }, ColumnUnit::Utf16), start);
        // inside the surrogate pair of 𠮷: clamp to its start
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 1 }, ColumnUnit::Utf16), line_start);
        // past the end of the line: clamp before the CRLF
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 99 }, ColumnUnit::Utf16), idx.line_span(text, 1).end);
    }

    #[test]
    fn lone_cr_and_crlf_are_line_breaks() {
        let text = "a\rb\r\nc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, text.find('c').unwrap(), ColumnUnit::Char).line, 2);
        assert_eq!(idx.line_col(text, text.find('d').unwrap(), ColumnUnit::Char).line, 3);
    }
}
