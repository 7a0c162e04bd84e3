//! The normalized view of a document's prose, with an exact map back to the source.
//!
//! Rules match this view, never the raw text, so that `９９．９９％` and `99.99%`, `ｻｰﾊﾞ` and `サーバ`,
//! `サプライ\nチェーン` and `サプライチェーン`, `セキュリティ・バイ・デザイン` and `セキュリティバイデザイン`
//! are the same to a pattern. The folding rules are listed in `docs/rule-format.md`.
//!
//! The map is a list of segments: a *verbatim* segment is a run copied byte for byte from a
//! contiguous source range; any other segment is one normalized character produced from a source
//! range of possibly different length. Deleted characters (spaces between Japanese characters,
//! middle dots, word-final long vowels) leave a gap in source offsets between two segments, so a
//! match that spans them maps to a source span that includes them.

use crate::span::Span;
use std::ops::Range;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Seg {
    /// Normalized byte offset where the segment starts (it ends where the next one starts).
    norm: usize,
    src_start: usize,
    src_end: usize,
    verbatim: bool,
}

/// Normalized text plus its map to source byte offsets.
#[derive(Clone, Debug, Default)]
pub struct NormText {
    text: String,
    segs: Vec<Seg>,
}

impl NormText {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Normalized length in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the view is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn seg_at(&self, n: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.norm <= n);
        i.checked_sub(1).and_then(|i| self.segs.get(i))
    }

    /// Source offset of the character that starts at normalized offset `n`.
    pub fn source_start(&self, n: usize) -> usize {
        start_in(self.seg_at(n), n)
    }

    /// Source offset just past the character that ends at normalized offset `n` (exclusive end).
    pub fn source_end(&self, n: usize) -> usize {
        match n.checked_sub(1) {
            Some(last) => end_in(self.seg_at(last), n),
            None => self.source_start(0),
        }
    }

    /// The source span of a normalized range. An empty range maps to an empty span.
    pub fn to_source(&self, range: Range<usize>) -> Span {
        if range.start >= range.end {
            return Span::empty(self.source_start(range.start));
        }
        Span::new(self.source_start(range.start), self.source_end(range.end))
    }

    /// A cursor that maps normalized ranges given in increasing order (as the sentences of a
    /// document come) with a few steps forward each, instead of two binary searches.
    pub(crate) fn cursor(&self) -> MapCursor<'_> {
        MapCursor { norm: self, start: 0, end: 0 }
    }

    /// The segments as `(normalized range, source span, verbatim)` triples, for tests and `extract`.
    pub fn segments(&self) -> impl Iterator<Item = (Range<usize>, Span, bool)> + '_ {
        self.segs.iter().enumerate().map(|(i, s)| {
            let end = self.segs.get(i + 1).map_or(self.text.len(), |n| n.norm);
            (s.norm..end, Span::new(s.src_start, s.src_end), s.verbatim)
        })
    }
}

/// See [`NormText::cursor`]: the same answers as [`NormText::to_source`], for ranges in any order,
/// fastest for ranges in increasing order.
#[derive(Debug)]
pub(crate) struct MapCursor<'a> {
    norm: &'a NormText,
    /// Segment indices where the last start and the last end were found.
    start: usize,
    end: usize,
}

impl MapCursor<'_> {
    /// What [`NormText::to_source`] gives.
    pub(crate) fn source_span(&mut self, range: Range<usize>) -> Span {
        let segs = &self.norm.segs;
        // `NormText::seg_at`'s answer, from a cursor.
        let seg_at = |at: &mut usize, n: usize| {
            crate::span::partition_point_from(segs, at, |s| s.norm <= n).checked_sub(1).map(|i| &segs[i])
        };
        let start = start_in(seg_at(&mut self.start, range.start), range.start);
        if range.start >= range.end {
            return Span::empty(start);
        }
        // A non-empty range ends after its start, so `range.end - 1` is its last byte.
        Span::new(start, end_in(seg_at(&mut self.end, range.end - 1), range.end))
    }
}

/// The source offset of the character that starts at normalized offset `n`, in segment `seg` (the
/// one holding `n`).
fn start_in(seg: Option<&Seg>, n: usize) -> usize {
    match seg {
        Some(seg) if seg.verbatim => seg.src_start + (n - seg.norm),
        Some(seg) => seg.src_start,
        None => 0,
    }
}

/// The source offset just past the character that ends at normalized offset `n`, in segment `seg`
/// (the one holding `n - 1`).
fn end_in(seg: Option<&Seg>, n: usize) -> usize {
    match seg {
        Some(seg) if seg.verbatim => seg.src_start + (n - seg.norm),
        Some(seg) => seg.src_end,
        None => 0,
    }
}

/// Builds a [`NormText`] from pieces of source text, block by block.
#[derive(Debug, Default)]
pub struct NormBuilder {
    out: NormText,
    /// Source range of pending whitespace, and whether it is exactly one ASCII space.
    pending_ws: Option<(usize, usize, bool)>,
    /// Last emitted character of the current block.
    last: Option<char>,
    /// The last emitted character is a long-vowel mark that follows katakana.
    trailing_long_vowel: bool,
}

impl NormBuilder {
    /// A new, empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder with room for about `len` bytes of normalized text.
    pub fn with_capacity(len: usize) -> Self {
        let mut b = Self::default();
        b.out.text.reserve(len);
        b.out.segs.reserve(len / 32);
        b
    }

    /// Current normalized length.
    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    /// Whether nothing was emitted yet.
    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    /// Append `text`, found at `src` in the source. With `verbatim`, `text` is exactly the source
    /// slice at `src` and each character maps to its own bytes; otherwise (an entity, an escape)
    /// every character maps to the whole of `src`.
    pub fn push(&mut self, text: &str, src: Span, verbatim: bool) {
        if !(verbatim && text.len() == src.len()) {
            for c in text.chars() {
                self.push_char(c, src.start, src.end, false);
            }
            return;
        }
        // Most characters are copied as they are. While nothing is pending (no whitespace, no
        // word-final long vowel), a run of such characters is appended in one go: exactly what
        // `push_char` would do for each of them.
        let mut i = 0;
        while i < text.len() {
            if self.pending_ws.is_none() && !self.trailing_long_vowel {
                let rest = &text[i..];
                let run = inert_prefix(rest);
                if run > 0 {
                    self.emit_run(&rest[..run], src.start + i);
                    i += run;
                    continue;
                }
            }
            let Some(c) = text[i..].chars().next() else { break };
            let s = src.start + i;
            self.push_char(c, s, s + c.len_utf8(), true);
            i += c.len_utf8();
        }
    }

    /// Append characters that map to themselves, found at `s` in the source (see [`is_inert`]).
    fn emit_run(&mut self, run: &str, s: usize) {
        let e = s + run.len();
        let norm = self.out.text.len();
        self.out.text.push_str(run);
        self.last = run.chars().next_back();
        match self.out.segs.last_mut() {
            Some(seg) if seg.verbatim && seg.src_end == s => seg.src_end = e,
            _ => self.out.segs.push(Seg { norm, src_start: s, src_end: e, verbatim: true }),
        }
    }

    /// End the current block: resolve pending state and append a line feed, mapped to an empty span
    /// at `src_end`, so that `.` in a pattern never crosses blocks.
    pub fn end_block(&mut self, src_end: usize) {
        self.finish_word();
        self.pending_ws = None;
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.emit('\n', src_end, src_end, false);
        }
        self.last = None;
    }

    /// The normalized text, without a trailing block separator.
    pub fn finish(mut self) -> NormText {
        self.finish_word();
        self.out
    }

    fn finish_word(&mut self) {
        if self.trailing_long_vowel {
            self.pop_last();
            self.trailing_long_vowel = false;
        }
    }

    fn push_char(&mut self, c: char, s: usize, e: usize, verbatim: bool) {
        if is_space(c) {
            self.pending_ws = Some(match self.pending_ws {
                Some((ps, _, _)) => (ps, e, false),
                None => (s, e, verbatim && c == ' '),
            });
            return;
        }
        if is_middle_dot(c) {
            return;
        }
        if let Some(mark) = sound_mark(c) {
            if let Some(prev) = self.last
                && let Some(composed) = compose(prev, mark)
                && self.pending_ws.is_none()
                && let Some(start) = self.pop_last()
            {
                self.emit_resolved(composed, start, e, false);
                return;
            }
            let standalone = if mark == Mark::Voiced { '゛' } else { '゜' };
            self.emit_resolved(standalone, s, e, verbatim && c == standalone);
            return;
        }
        let mapped = self.map_char(c);
        self.emit_resolved(mapped, s, e, verbatim && mapped == c);
    }

    fn map_char(&self, c: char) -> char {
        if is_dash_like(c) && self.last.is_some_and(is_katakana) && self.pending_ws.is_none() {
            return 'ー';
        }
        if let Some(k) = halfwidth_katakana(c) {
            return k;
        }
        match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '〜' => '~',
            _ => c,
        }
    }

    fn emit_resolved(&mut self, m: char, s: usize, e: usize, verbatim: bool) {
        if let Some((ps, pe, single_space)) = self.pending_ws.take()
            && let Some(last) = self.last
            && !is_japanese(last)
            && !is_japanese(m)
            && m != '%'
        {
            self.finish_word();
            self.emit(' ', ps, pe, single_space);
        }
        if self.trailing_long_vowel && !is_katakana(m) {
            self.finish_word();
        }
        self.trailing_long_vowel = false;
        let was_katakana = self.last.is_some_and(is_katakana);
        self.emit(m, s, e, verbatim);
        if m == 'ー' && was_katakana {
            self.trailing_long_vowel = true;
        }
    }

    fn emit(&mut self, c: char, s: usize, e: usize, verbatim: bool) {
        let norm = self.out.text.len();
        self.out.text.push(c);
        self.last = Some(c);
        if verbatim
            && let Some(seg) = self.out.segs.last_mut()
            && seg.verbatim
            && seg.src_end == s
        {
            seg.src_end = e;
            return;
        }
        self.out.segs.push(Seg { norm, src_start: s, src_end: e, verbatim });
    }

    /// Remove the last emitted character; returns the source offset where it started.
    fn pop_last(&mut self) -> Option<usize> {
        let c = self.out.text.pop()?;
        let len = c.len_utf8();
        let seg = self.out.segs.last_mut()?;
        let start;
        if seg.verbatim && self.out.text.len() > seg.norm {
            seg.src_end -= len;
            start = seg.src_end;
        } else {
            start = seg.src_start;
            self.out.segs.pop();
        }
        self.last = self.out.text.chars().next_back().filter(|&c| c != '\n');
        Some(start)
    }
}

/// Normalize a literal phrase the way document text is normalized.
pub fn normalize(text: &str) -> String {
    let mut b = NormBuilder::new();
    b.push(text, Span::new(0, text.len()), true);
    b.finish().text
}

/// Normalize the literal characters of a regular expression written by a rule author: fold
/// full-width letters and digits, escape full-width symbols that fold to regex syntax (`（` becomes
/// `\(`), fold half-width katakana, drop middle dots, and drop a katakana word's final long vowel when
/// it is followed by something other than a quantifier. ASCII (the regex syntax) is left alone.
pub fn normalize_regex(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let run = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        if run == 0 {
            continue;
        }
        let (japanese, after) = rest.split_at(run);
        let mut folded = normalize(japanese);
        // A quantifier after a word-final long vowel applies to the vowel: keep it.
        if after.starts_with(['?', '*', '+', '{'])
            && japanese.ends_with(|c| is_dash_like(c) || c == 'ー')
            && !folded.ends_with('ー')
        {
            folded.push('ー');
        }
        out.push_str(&regex::escape(&folded));
        rest = after;
    }
    out
}

/// A character that `push_char` emits unchanged when nothing is pending: not whitespace, not a
/// middle dot, sound mark or dash, not half-width katakana or a full-width ASCII form, not `〜`.
fn is_inert(c: char) -> bool {
    match c {
        ' ' | '\t' | '\n' | '\r' => false,
        _ if c.is_ascii() => true,
        // Hiragana, katakana letters (not ・ or ー), CJK ideographs: the bulk of a spec.
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' => true,
        _ => {
            !is_space(c)
                && !is_middle_dot(c)
                && sound_mark(c).is_none()
                && !is_dash_like(c)
                && halfwidth_katakana(c).is_none()
                && !('\u{FF01}'..='\u{FF5E}').contains(&c)
                && c != '〜'
        }
    }
}

/// [`inert_prefix`]'s answer for a lead byte: the length of a character that is inert whatever its
/// other bytes are, 0 for one that never is (ASCII whitespace), or one of these markers.
const ASK: u8 = 0xFF;
const LEAD_E2: u8 = 0xFE;
const LEAD_E3: u8 = 0xFD;

const LEAD: [u8; 256] = {
    let mut t = [ASK; 256];
    let mut x = 0;
    while x < 256 {
        t[x] = match x as u8 {
            b' ' | b'\t' | b'\n' | b'\r' => 0,
            0x00..=0x7F => 1,
            0xC3..=0xDF => 2,
            0xE0 | 0xE1 | 0xE4..=0xEE => 3,
            0xE2 => LEAD_E2,
            0xE3 => LEAD_E3,
            0xF0..=0xF4 => 4,
            // C2 (no-break space, ·) and EF (full-width forms, half-width katakana, BOM): decoded.
            _ => ASK,
        };
        x += 1;
    }
    t
};

/// The characters `E3 8x yy` (x = 0..=3) that are not inert, as bit `yy & 0x3F` of entry `x`: U+3000
/// (ideographic space), 〜; U+3099 and U+309A (combining sound marks), ゛゜; ・ and ー. Every other
/// character from E3 (kana, CJK punctuation, U+3100–U+3FFF) is.
const SPECIAL_E3: [u64; 4] =
    [1 << 0x00 | 1 << 0x1C, 0, 1 << 0x19 | 1 << 0x1A | 1 << 0x1B | 1 << 0x1C, 1 << 0x3B | 1 << 0x3C];

/// Length in bytes of the longest prefix of `s` made of [`is_inert`] characters. The bulk of a spec
/// (ASCII, kana, CJK ideographs, symbols from U+2000) is recognized from its bytes with a table
/// lookup or two; characters led by C2 or EF are decoded and asked.
fn inert_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        let len = match LEAD[usize::from(lead)] {
            0 => return i,
            LEAD_E3 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(&second), Some(&third))
                    if second <= 0x83 && SPECIAL_E3[usize::from(second & 3)] >> (third & 0x3F) & 1 == 1 =>
                {
                    return i;
                }
                _ => 3,
            },
            // U+200B (zero-width space), the dashes U+2010–U+2015 and U+2212 (minus) are not inert.
            LEAD_E2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x8B | 0x90..=0x95)) | (Some(0x88), Some(0x92)) => return i,
                _ => 3,
            },
            ASK => match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_inert(c) => c.len_utf8(),
                _ => return i,
            },
            n => usize::from(n),
        };
        i += len;
    }
    b.len()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{3000}' | '\u{00A0}' | '\u{FEFF}' | '\u{200B}')
}

fn is_middle_dot(c: char) -> bool {
    matches!(c, '・' | '･' | '·')
}

fn is_dash_like(c: char) -> bool {
    matches!(c, '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '－' | 'ｰ' | 'ー')
}

/// Katakana letters and the long-vowel mark.
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ')
}

/// Characters next to which spaces and line breaks are dropped.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{2460}'..='\u{24FF}' // circled numbers
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}' // CJK punctuation: 。、「」々〆
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3200}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF5F}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Mark {
    Voiced,
    SemiVoiced,
}

fn sound_mark(c: char) -> Option<Mark> {
    match c {
        'ﾞ' | '゛' | '\u{3099}' => Some(Mark::Voiced),
        'ﾟ' | '゜' | '\u{309A}' => Some(Mark::SemiVoiced),
        _ => None,
    }
}

fn compose(base: char, mark: Mark) -> Option<char> {
    const VOICEABLE: &str = "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ";
    const SEMI: &str = "はひふへほハヒフヘホ";
    let code = base as u32;
    match mark {
        Mark::Voiced if base == 'ウ' => Some('ヴ'),
        Mark::Voiced if VOICEABLE.contains(base) => char::from_u32(code + 1),
        Mark::SemiVoiced if SEMI.contains(base) => char::from_u32(code + 2),
        _ => None,
    }
}

fn halfwidth_katakana(c: char) -> Option<char> {
    const TABLE: [char; 61] = [
        '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ',
        'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト',
        'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ',
        'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
    ];
    let code = c as u32;
    if (0xFF61..=0xFF9D).contains(&code) { TABLE.get((code - 0xFF61) as usize).copied() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm_and_map(text: &str) -> (String, Vec<(String, String)>) {
        let mut b = NormBuilder::new();
        b.push(text, Span::new(0, text.len()), true);
        let n = b.finish();
        let map = n.segments().map(|(r, s, _)| (n.as_str()[r].to_string(), text[s.range()].to_string())).collect();
        (n.as_str().to_string(), map)
    }

    proptest::proptest! {
        /// The cursor gives `to_source`'s answers, for ranges in increasing order and in any order.
        #[test]
        fn map_cursor_is_to_source(
            s in "[a-z 　\t\n・ー−ｰｱﾞﾟ゛ぁ-んァ-ヺ０Ａ亜一、。「」（）%％]{0,60}",
            cuts in proptest::collection::vec((0usize..200, 0usize..40), 0..30),
        ) {
            let mut b = NormBuilder::new();
            b.push(&s, Span::new(0, s.len()), true);
            b.end_block(s.len());
            b.push("ｻｰﾊﾞｰ", Span::new(s.len(), s.len()), false);
            let n = b.finish();
            let len = n.len() + 2;
            let mut ranges: Vec<Range<usize>> = cuts.iter().map(|&(a, l)| (a % len)..(a % len + l).min(len)).collect();
            let mut cursor = n.cursor();
            for r in &ranges {
                proptest::prop_assert_eq!(cursor.source_span(r.clone()), n.to_source(r.clone()), "{:?}", r);
            }
            ranges.sort_by_key(|r| (r.start, r.end));
            let mut cursor = n.cursor();
            for r in &ranges {
                proptest::prop_assert_eq!(cursor.source_span(r.clone()), n.to_source(r.clone()), "{:?}", r);
            }
        }

        #[test]
        fn inert_prefix_is_the_run_of_inert_characters(
            s in "[a-z 　\t\n・ー−－ｰｱﾞﾟ゛ぁ-ゖ゗゘ァ-ヺヽ〜～０Ａ亜一丁伀俿倀鿿龠豈㐀𠮷、。〃《「」『』【】〒〓（）%％]{0,40}"
        ) {
            let expected = s.char_indices().find(|&(_, c)| !is_inert(c)).map_or(s.len(), |(n, _)| n);
            proptest::prop_assert_eq!(inert_prefix(&s), expected);
        }
    }

    /// Every character, on its own and before an inert one: the byte tables agree with decoding.
    #[test]
    fn inert_prefix_stops_where_decoding_would() {
        for c in (0..=0x0010_FFFF).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let expected = if is_inert(c) { s.len() } else { 0 };
            assert_eq!(inert_prefix(&s), expected, "{c:?}");
        }
    }

    #[test]
    fn folds_as_documented() {
        assert_eq!(normalize("９９．９９％"), "99.99%");
        assert_eq!(normalize("サプライ\nチェーン"), "サプライチェーン");
        assert_eq!(normalize("サプライ チェーン"), "サプライチェーン");
        assert_eq!(normalize("セキュリティ・バイ・デザイン"), "セキュリティバイデザイン");
        assert_eq!(normalize("ｾｷｭﾘﾃｨ･ﾊﾞｲ･ﾃﾞｻﾞｲﾝ"), "セキュリティバイデザイン");
        assert_eq!(normalize("サーバー"), "サーバ");
        assert_eq!(normalize("サーバーを"), "サーバを");
        assert_eq!(normalize("ユーザーズ"), "ユーザーズ");
        assert_eq!(normalize("サ−バ"), "サーバ");
        assert_eq!(normalize("2021 年 9 月"), "2021年9月");
        assert_eq!(normalize("Windows\n  Server"), "Windows Server");
        assert_eq!(normalize("ＲＴＯ　は　２時間"), "RTOは2時間");
        assert_eq!(normalize("99.99 %"), "99.99%");
    }

    #[test]
    fn regex_literals_are_folded_but_syntax_is_kept() {
        assert_eq!(normalize_regex("稼働率（\\d+）"), "稼働率\\(\\d+\\)");
        assert_eq!(normalize_regex("(サーバー|ユーザー)"), "(サーバ|ユーザ)");
        assert_eq!(normalize_regex("セキュリティ・バイ"), "セキュリティバイ");
        assert_eq!(normalize_regex("ｻｰﾊﾞ?"), "サーバ?");
    }

    #[test]
    fn map_points_back_to_exact_source() {
        let (n, map) = norm_and_map("稼働率は９９．９％、ｻｰﾊﾞｰ");
        assert_eq!(n, "稼働率は99.9%、サーバ");
        insta::assert_debug_snapshot!(map, @r#"
        [
            (
                "稼働率は",
                "稼働率は",
            ),
            (
                "9",
                "９",
            ),
            (
                "9",
                "９",
            ),
            (
                ".",
                "．",
            ),
            (
                "9",
                "９",
            ),
            (
                "%",
                "％",
            ),
            (
                "、",
                "、",
            ),
            (
                "サ",
                "ｻ",
            ),
            (
                "ー",
                "ｰ",
            ),
            (
                "バ",
                "ﾊ\u{ff9e}",
            ),
        ]
        "#);
    }
}
