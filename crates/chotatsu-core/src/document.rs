//! The document model: blocks, sections and sentences, each with a byte span into the source and a
//! range in the normalized view.

use crate::line_index::LineIndex;
use crate::normalize::{NormBuilder, NormText};
use crate::span::Span;
use std::ops::Range;

/// The format a document was read from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// CommonMark with tables, read through pulldown-cmark.
    Markdown,
    /// Plain text, as typed or as extracted from PDF: headings are recognized by their numbering.
    PlainText,
    /// A Word `.docx` package; the source text is the extracted text, one paragraph per line.
    Docx,
}

impl Format {
    /// Guess the format from a file name: `.md`/`.markdown` are Markdown, `.docx` is DOCX, anything
    /// else is plain text.
    pub fn from_path(path: &str) -> Self {
        let ext = std::path::Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
            Self::Markdown
        } else if ext.eq_ignore_ascii_case("docx") {
            Self::Docx
        } else {
            Self::PlainText
        }
    }

    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::PlainText => "text",
            Self::Docx => "docx",
        }
    }
}

/// What a block of prose is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading with its level (1 = top).
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// The text of a list item.
    ListItem,
    /// One table cell.
    TableCell,
    /// A paragraph inside a block quote.
    Quote,
}

/// A unit of prose: a heading, a paragraph, a list item's text, a table cell.
#[derive(Clone, Debug)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Source bytes from its first to its last character.
    pub span: Span,
    /// Its range in the normalized view (without the separating line feed).
    pub norm: Range<usize>,
    /// The innermost section it belongs to (a heading belongs to the section it opens).
    pub section: Option<usize>,
    /// 1-based paragraph number in a DOCX package; `None` for other formats.
    pub paragraph: Option<u32>,
    /// For a table cell: the row it belongs to (cells of one row share it). A check whose scope is
    /// `paragraph` looks at the whole row, so a value and its reason may sit in adjacent cells.
    pub row: Option<u32>,
}

/// A heading and everything up to the next heading of the same or a higher level.
#[derive(Clone, Debug)]
pub struct Section {
    /// Heading text as written (inline markup removed, whitespace trimmed).
    pub title: String,
    /// Heading level, 1 = top.
    pub level: u8,
    /// Index of the heading block.
    pub heading: usize,
    /// Source bytes from the heading to the end of the section.
    pub span: Span,
    /// Normalized range from the heading to the end of the section.
    pub norm: Range<usize>,
    /// Enclosing section.
    pub parent: Option<usize>,
}

/// A sentence: ends at 。！？ (or a `.` after Japanese text) or at the end of its block.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Normalized range.
    pub norm: Range<usize>,
    /// Source span.
    pub span: Span,
    /// Index of its block.
    pub block: usize,
}

/// An HTML comment (`<!-- ... -->`), where suppressions live.
#[derive(Clone, Debug)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
    /// The whole comment in the source.
    pub span: Span,
}

/// A parsed document. All spans are byte ranges into `source`.
#[derive(Clone, Debug)]
pub struct Document {
    /// Display name (usually a path).
    pub name: String,
    /// Input format.
    pub format: Format,
    /// The text linted: the file's text, or a DOCX package's extracted text.
    pub source: String,
    /// Line starts of `source`.
    pub lines: LineIndex,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Sections in document order (parents before children).
    pub sections: Vec<Section>,
    /// Sentences in document order.
    pub sentences: Vec<Sentence>,
    /// The normalized view of all blocks, one line feed between blocks.
    pub norm: NormText,
    /// Ranges of the normalized view inside 「」 and 『』 (outermost only, sorted).
    pub quotes: Vec<Range<usize>>,
    /// HTML comments in source order.
    pub comments: Vec<Comment>,
    /// YAML front matter (Markdown only): the YAML text's span in `source`.
    pub front_matter: Option<Span>,
}

impl Document {
    /// The document's title block: its first heading.
    pub fn title(&self) -> Option<&Block> {
        self.blocks.iter().find(|b| matches!(b.kind, BlockKind::Heading(_)))
    }

    /// Normalized text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.norm.as_str()[block.norm.clone()]
    }

    /// Index of the block whose normalized range contains `n`.
    pub fn block_at(&self, n: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.norm.start <= n);
        let i = i.checked_sub(1)?;
        (n <= self.blocks[i].norm.end).then_some(i)
    }

    /// The normalized range of the "paragraph" around block `i`: the block itself, or for a table
    /// cell the whole row.
    pub fn paragraph_range(&self, i: usize) -> Range<usize> {
        let block = &self.blocks[i];
        let Some(row) = block.row else { return block.norm.clone() };
        let same = |b: &Block| b.row == Some(row);
        let first = self.blocks[..i].iter().rposition(|b| !same(b)).map_or(0, |p| p + 1);
        let last = self.blocks[i..].iter().position(|b| !same(b)).map_or(self.blocks.len(), |p| i + p) - 1;
        self.blocks[first].norm.start..self.blocks[last].norm.end
    }

    /// Index of the sentence whose normalized range contains `n`.
    pub fn sentence_at(&self, n: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.norm.start <= n);
        let i = i.checked_sub(1)?;
        (n <= self.sentences[i].norm.end).then_some(i)
    }

    /// Whether normalized range `r` lies inside 「」 or 『』.
    pub fn is_quoted(&self, r: &Range<usize>) -> bool {
        let i = self.quotes.partition_point(|q| q.start <= r.start);
        i.checked_sub(1).is_some_and(|i| r.end <= self.quotes[i].end)
    }

    /// The 1-based line and 1-based character column of a byte offset, as the CLI prints them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let lc = self.lines.line_col(&self.source, offset, crate::ColumnUnit::Char);
        (lc.line + 1, lc.col + 1)
    }
}

/// Assembles a [`Document`] from blocks of source text; shared by every input format.
#[derive(Debug)]
pub(crate) struct DocBuilder {
    norm: NormBuilder,
    blocks: Vec<Block>,
    titles: Vec<String>,
    cur: Option<Open>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) front_matter: Option<Span>,
}

#[derive(Debug)]
struct Open {
    kind: BlockKind,
    start: Option<usize>,
    end: usize,
    norm_start: usize,
    title: String,
    paragraph: Option<u32>,
    row: Option<u32>,
}

impl DocBuilder {
    /// A builder for a source of about `source_len` bytes (the normalized text is about as long).
    pub(crate) fn new(source_len: usize) -> Self {
        // A block every hundred bytes or so in a typical spec: room for most documents' blocks at once.
        Self {
            norm: NormBuilder::with_capacity(source_len),
            blocks: Vec::with_capacity(source_len / 96),
            titles: Vec::with_capacity(source_len / 96),
            cur: None,
            comments: Vec::new(),
            front_matter: None,
        }
    }

    pub(crate) fn is_open(&self) -> bool {
        self.cur.is_some()
    }

    /// Start a block (ending any open one).
    pub(crate) fn begin(&mut self, kind: BlockKind) {
        self.end();
        self.cur = Some(Open {
            kind,
            start: None,
            end: 0,
            norm_start: self.norm.len(),
            title: String::new(),
            paragraph: None,
            row: None,
        });
    }

    pub(crate) fn set_row(&mut self, row: u32) {
        if let Some(open) = &mut self.cur {
            open.row = Some(row);
        }
    }

    pub(crate) fn set_paragraph(&mut self, n: u32) {
        if let Some(open) = &mut self.cur {
            open.paragraph = Some(n);
        }
    }

    /// Add text found at `src` to the open block (see [`NormBuilder::push`]).
    pub(crate) fn text(&mut self, text: &str, src: Span, verbatim: bool) {
        let Some(open) = &mut self.cur else { return };
        if open.start.is_none() && !text.trim().is_empty() {
            let lead = text.len() - text.trim_start().len();
            open.start = Some(if verbatim { src.start + lead } else { src.start });
        }
        if !text.trim().is_empty() {
            let trail = text.len() - text.trim_end().len();
            open.end = if verbatim { src.end - trail } else { src.end };
        }
        if matches!(open.kind, BlockKind::Heading(_)) {
            open.title.push_str(text);
        }
        self.norm.push(text, src, verbatim);
    }

    /// End the open block, if any. A block with no normalized text is dropped.
    pub(crate) fn end(&mut self) {
        let Some(open) = self.cur.take() else { return };
        let Some(start) = open.start else { return };
        if self.norm.len() == open.norm_start {
            return;
        }
        self.norm.end_block(open.end);
        // `end_block` first drops a word-final ー (`サーバー` → `サーバ`: the text can get shorter), then
        // appends the one-byte block separator; the block's text ends just before that separator.
        // Reading the length before `end_block` left the range past a dropped ー (a panic on any block
        // ending in such a word, `# サーバー`).
        let norm_end = self.norm.len().saturating_sub(1).max(open.norm_start);
        self.blocks.push(Block {
            kind: open.kind,
            span: Span::new(start, open.end),
            norm: open.norm_start..norm_end,
            section: None,
            paragraph: open.paragraph,
            row: open.row,
        });
        // Only headings have a title; their whitespace is collapsed.
        let title = if open.title.is_empty() {
            String::new()
        } else {
            open.title.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        self.titles.push(title);
    }

    pub(crate) fn finish(mut self, name: String, format: Format, source: String) -> Document {
        self.end();
        let norm = self.norm.finish();
        let total_norm = norm.len();
        let mut blocks = self.blocks;
        // Sections.
        let mut sections: Vec<Section> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        for (i, (block, title)) in blocks.iter_mut().zip(&mut self.titles).enumerate() {
            if let BlockKind::Heading(level) = block.kind {
                while let Some(&top) = stack.last() {
                    if sections[top].level < level {
                        break;
                    }
                    sections[top].norm.end = block.norm.start;
                    sections[top].span.end = block.span.start;
                    stack.pop();
                }
                sections.push(Section {
                    title: std::mem::take(title),
                    level,
                    heading: i,
                    span: Span::new(block.span.start, source.len()),
                    norm: block.norm.start..total_norm,
                    parent: stack.last().copied(),
                });
                stack.push(sections.len() - 1);
            }
            block.section = stack.last().copied();
        }
        // Sentences and quotes.
        let text = norm.as_str();
        // About one sentence every fifty bytes of normalized text.
        let mut sentences = Vec::with_capacity(text.len() / 48);
        let mut quotes = Vec::new();
        // Sentences come in order: their source spans are found by a cursor over the map.
        let mut map = norm.cursor();
        let mut open = Vec::new();
        for (bi, block) in blocks.iter().enumerate() {
            split_sentences(text, block.norm.clone(), &mut quotes, &mut open, |r| {
                sentences.push(Sentence { span: map.source_span(r.clone()), norm: r, block: bi });
            });
        }
        Document {
            name,
            format,
            lines: LineIndex::new(&source),
            source,
            blocks,
            sections,
            sentences,
            norm,
            quotes,
            comments: self.comments,
            front_matter: self.front_matter,
        }
    }
}

/// A bracket over this many bytes without its closing bracket (broken extracted text) is forgotten.
const MAX_BRACKET: usize = 300;

/// Finds the characters [`split_sentences`] looks at: `()!?.` and 。「」『』【】 (`E3 80 xx`). Bytes
/// are searched, not characters walked: an ASCII byte is never inside another character and `E3`
/// never continues one, so `.` and `(` can be searched for with the byte `80` (the second byte of
/// 。 and the brackets) in one SIMD pass, and the rarer `)!?` in another. Each pass's next position
/// is kept until the scan goes past it.
struct Marks<'a> {
    b: &'a [u8],
    /// Next `80`, `.` or `(` at or after the last search's start, and next `)`, `!` or `?`.
    common: Option<usize>,
    rare: Option<usize>,
}

impl<'a> Marks<'a> {
    fn new(b: &'a [u8]) -> Self {
        Self { b, common: memchr::memchr3(0x80, b'.', b'(', b), rare: memchr::memchr3(b')', b'!', b'?', b) }
    }

    /// The first character looked at that starts at or after `at` (a character boundary): its
    /// position, the character and its length in bytes.
    fn next(&mut self, mut at: usize) -> Option<(usize, char, usize)> {
        let b = self.b;
        loop {
            if self.common.is_some_and(|p| p < at) {
                self.common = b.get(at..).and_then(|rest| memchr::memchr3(0x80, b'.', b'(', rest)).map(|p| p + at);
            }
            if self.rare.is_some_and(|p| p < at) {
                self.rare = b.get(at..).and_then(|rest| memchr::memchr3(b')', b'!', b'?', rest)).map(|p| p + at);
            }
            let p = match (self.common, self.rare) {
                (Some(c), Some(r)) => c.min(r),
                (Some(p), None) | (None, Some(p)) => p,
                (None, None) => return None,
            };
            let x = b[p];
            if x != 0x80 {
                return Some((p, char::from(x), 1));
            }
            // A `80` after `E3` is the second byte of a character from U+3000–U+303F.
            if p > at && b[p - 1] == 0xE3 {
                let c = match b.get(p + 1) {
                    Some(0x82) => Some('。'),
                    Some(0x8C) => Some('「'),
                    Some(0x8D) => Some('」'),
                    Some(0x8E) => Some('『'),
                    Some(0x8F) => Some('』'),
                    Some(0x90) => Some('【'),
                    Some(0x91) => Some('】'),
                    _ => None,
                };
                if let Some(c) = c {
                    return Some((p - 1, c, 3));
                }
            }
            at = p + 1;
        }
    }
}

/// Split a block into sentences. A sentence ends at 。!? (or a `.` after Japanese text, not before a
/// digit) outside brackets, together with the closing brackets right after it: a 。 inside
/// （計画停止を除く。） or 「...。」 does not end the sentence.
///
/// Only a few characters matter, all ASCII or in U+3000–U+303F (three bytes starting `E3 80`): they
/// are found with byte searches ([`Marks`]) and only they are looked at.
///
/// The same pass finds the quotations: ranges inside 「」 and 『』 (outermost only, no distance limit),
/// pushed to `quotes`.
///
/// `open` is room for the open brackets, so that a document's blocks share one.
fn split_sentences(
    text: &str,
    block: Range<usize>,
    quotes: &mut Vec<Range<usize>>,
    open: &mut Vec<usize>,
    mut out: impl FnMut(Range<usize>),
) {
    let s = &text[block.clone()];
    let b = s.as_bytes();
    let mut start = 0;
    // Quotation depth and where the outermost one opened.
    let (mut depth, mut quote_start) = (0usize, 0usize);
    let mut quote = |bracket: char, at: usize| match bracket {
        '「' | '『' => {
            if depth == 0 {
                quote_start = at;
            }
            depth += 1;
        }
        '」' | '』' if depth > 0 => {
            depth -= 1;
            if depth == 0 {
                quotes.push(block.start + quote_start..block.start + at + 3);
            }
        }
        _ => {}
    };
    // Opening brackets not closed yet, by position; those older than MAX_BRACKET bytes (counted from
    // each character looked at) are dropped.
    open.clear();
    // After a sentence end, the closing brackets that follow it are taken into the sentence without
    // being looked at: `skipped` is where they end and `ended` the sentence-ending character, which is
    // then the previous character (and the last one `open` was pruned at).
    let mut skipped: Option<(usize, usize, char)> = None;
    let mut marks = Marks::new(b);
    let mut i = 0;
    while let Some((at, c, len)) = marks.next(i) {
        i = at;
        // The previous character, and pruning as it was done at it.
        let prev = match skipped {
            Some((at, ended_at, ended)) if at == i => Some((ended_at, ended)),
            _ => s[..i].chars().next_back().map(|p| (i - p.len_utf8(), p)),
        };
        if let Some((p, _)) = prev {
            open.retain(|&o| p - o <= MAX_BRACKET);
        }
        quote(c, i);
        match c {
            '(' | '「' | '『' | '【' => open.push(i),
            ')' | '」' | '』' | '】' => {
                open.pop();
            }
            _ => {}
        }
        open.retain(|&o| i - o <= MAX_BRACKET);
        let ends = open.is_empty()
            && match c {
                '。' | '!' | '?' => true,
                '.' => {
                    prev.is_some_and(|(_, p)| crate::normalize::is_japanese(p))
                        && !b.get(i + 1).is_some_and(u8::is_ascii_digit)
                }
                _ => false,
            };
        if !ends {
            i += len;
            continue;
        }
        let mut end = i + len;
        loop {
            let closer = match b.get(end..end + 1) {
                Some(b")") => 1,
                _ => match b.get(end..end + 3) {
                    Some([0xE3, 0x80, third @ (0x8D | 0x8F)]) => {
                        quote(if *third == 0x8D { '」' } else { '』' }, end);
                        3
                    }
                    Some([0xE3, 0x80, 0x91] | [0xEF, 0xBC, 0x89]) => 3,
                    _ => 0,
                },
            };
            if closer == 0 {
                break;
            }
            end += closer;
        }
        if end > start {
            out(block.start + start..block.start + end);
        }
        start = end;
        skipped = Some((end, i, c));
        i = end;
    }
    if start < s.len() {
        out(block.start + start..block.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The character-by-character versions the byte scanners replace.
    fn split_sentences_reference(text: &str, block: Range<usize>, mut out: impl FnMut(Range<usize>)) {
        let s = &text[block.clone()];
        let mut start = 0;
        let mut chars = s.char_indices().peekable();
        let mut prev: Option<char> = None;
        // Brackets: a 。 inside （計画停止を除く。） or 「...。」 does not end the sentence. An opening
        // bracket that is not closed within MAX_BRACKET bytes (broken extracted text) is forgotten.
        let mut open: Vec<usize> = Vec::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '(' | '「' | '『' | '【' => open.push(i),
                ')' | '」' | '』' | '】' => {
                    open.pop();
                }
                _ => {}
            }
            open.retain(|&o| i - o <= MAX_BRACKET);
            let ends = open.is_empty()
                && match c {
                    '。' | '!' | '?' => true,
                    '.' => {
                        prev.is_some_and(crate::normalize::is_japanese)
                            && !chars.peek().is_some_and(|(_, n)| n.is_ascii_digit())
                    }
                    _ => false,
                };
            prev = Some(c);
            if ends {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = chars.peek() {
                    if matches!(n, '」' | '』' | ')' | '）' | '】') {
                        end = j + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if end > start {
                    out(block.start + start..block.start + end);
                }
                start = end;
            }
        }
        if start < s.len() {
            out(block.start + start..block.end);
        }
    }

    fn find_quotes_reference(text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
        let s = &text[block.clone()];
        let mut depth = 0usize;
        let mut open_at = 0;
        for (i, c) in s.char_indices() {
            match c {
                '「' | '『' => {
                    if depth == 0 {
                        open_at = i;
                    }
                    depth += 1;
                }
                '」' | '』' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(block.start + open_at..block.start + i + c.len_utf8());
                    }
                }
                _ => {}
            }
        }
    }

    fn sentences(f: impl FnOnce(&str, Range<usize>, &mut dyn FnMut(Range<usize>)), text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        f(text, 0..text.len(), &mut |r| out.push(r));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn byte_scanners_agree_with_the_reference(
            parts in prop::collection::vec(prop::sample::select(vec![
                "。", "!", "?", ".", "(", ")", "「", "」", "『", "』", "【", "】", "）", "、", "あ", "ア", "漢",
                "a", "1", " ", "〜", "・", "x", "。」", "。)",
                // Characters with a byte 80 that are not marks: 一 (E4 B8 80), 䀂 (E4 80 82), 　, 、.
                "一", "䀂", "　", "、",
            ]), 0..60),
            filler in 0usize..400,
            at in 0usize..60,
        ) {
            let mut parts: Vec<String> = parts.into_iter().map(str::to_string).collect();
            // Long runs, so that brackets go stale.
            parts.insert(at.min(parts.len()), "字".repeat(filler / 3));
            let text = parts.concat();
            let mut q1 = Vec::new();
            let new = sentences(|t, r, o| split_sentences(t, r, &mut q1, &mut Vec::new(), o), &text);
            let old = sentences(|t, r, o| split_sentences_reference(t, r, o), &text);
            prop_assert_eq!(new, old);
            let mut q2 = Vec::new();
            find_quotes_reference(&text, 0..text.len(), &mut q2);
            prop_assert_eq!(q1, q2);
        }
    }
}
