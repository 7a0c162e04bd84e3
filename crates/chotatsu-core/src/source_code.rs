//! Texts as miette source code with character columns.
//!
//! miette's own `SourceCode` for strings counts columns in bytes, which is wrong after Japanese
//! text (`chotatsu.yaml:2:35` where the author counts 27), and scans the text from its start for
//! every report. These answer from a [`LineIndex`] instead.

use crate::line_index::{ColumnUnit, LineIndex};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// A borrowed text with its line index.
#[derive(Clone, Copy, Debug)]
pub struct TextSource<'a> {
    /// Display name (a path).
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
    /// Its line index.
    pub lines: &'a LineIndex,
}

impl<'s> TextSource<'s> {
    fn span_contents(
        &self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<MietteSpanContents<'s>, MietteError> {
        let start = span.offset();
        let end = start.checked_add(span.len()).ok_or(MietteError::OutOfBounds)?;
        let bytes = self.text.as_bytes();
        if end > bytes.len() {
            return Err(MietteError::OutOfBounds);
        }
        let lines = self.lines;
        let first = lines.line_of(start);
        if before == 0 && after == 0 {
            // The span itself: miette takes the header's line and column from this.
            let lc = lines.line_col(self.text, start, ColumnUnit::Char);
            return Ok(MietteSpanContents::new_named(
                self.name.to_string(),
                &bytes[start..end],
                *span,
                lc.line,
                lc.col,
                lines.line_of(end) - first + 1,
            ));
        }
        let last = lines.line_of(end.saturating_sub(1).max(start));
        let ctx_first = first.saturating_sub(before);
        let ctx_last = (last + after).min(lines.line_count().saturating_sub(1));
        let data_start = lines.line_start(ctx_first).min(bytes.len());
        let data_end = lines.line_start(ctx_last + 1).clamp(data_start, bytes.len());
        Ok(MietteSpanContents::new_named(
            self.name.to_string(),
            &bytes[data_start..data_end],
            (data_start, data_end - data_start).into(),
            ctx_first,
            0,
            ctx_last - ctx_first + 1,
        ))
    }
}

impl SourceCode for TextSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(self.span_contents(span, context_lines_before, context_lines_after)?))
    }
}

/// An owned text with its line index, shared cheaply between the problems found in one file.
#[derive(Clone, Debug)]
pub struct OwnedTextSource {
    name: String,
    text: Arc<str>,
    lines: LineIndex,
}

impl OwnedTextSource {
    /// Index `text`.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        let lines = LineIndex::new(&text);
        Self { name: name.into(), text, lines }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    fn borrowed(&self) -> TextSource<'_> {
        TextSource { name: &self.name, text: &self.text, lines: &self.lines }
    }
}

impl SourceCode for OwnedTextSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(self.borrowed().span_contents(span, context_lines_before, context_lines_after)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_characters() {
        let text: Arc<str> = "profile: 標準\nrules:\n  日本語のキー: offf\n".into();
        let src = OwnedTextSource::new("chotatsu.yaml", text.clone());
        let at = text.find("offf").unwrap();
        let contents = src.read_span(&(at, 4).into(), 0, 0).unwrap();
        assert_eq!((contents.line(), contents.column()), (2, 10));
    }
}
