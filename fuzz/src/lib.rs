//! The checks behind chotatsu's fuzz targets, shared with the stable regression test
//! (`crates/chotatsu-core/tests/fuzz_regressions.rs` includes this file with `#[path]`), so that a
//! committed crasher is replayed through exactly the code that found it.
//!
//! Each `check_*` function takes arbitrary bytes and panics when an invariant does not hold.
//! Nothing here may depend on anything but `chotatsu_core` and `std`.

use chotatsu_core::input::docx::{DocxLimits, read_docx};
use chotatsu_core::normalize::NormBuilder;
use chotatsu_core::{
    ColumnUnit, Config, Document, Format, LineCol, LineIndex, Problem, RuleFile, RuleSet, Settings, Span,
};
use std::sync::OnceLock;

/// The built-in pack, compiled once per process.
fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| chotatsu_core::builtin::rules().0)
}

fn assert_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(span.end <= text.len(), "{what}: span {span:?} past the end ({})", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Every span a document and its findings expose is an in-bounds char-boundary range of its source;
/// the safe fixes apply; the normalized view maps back inside the source.
fn check_document(doc: &Document, rules: &RuleSet) {
    let src = doc.source.as_str();
    for b in &doc.blocks {
        assert_span(src, b.span, "block");
        assert!(b.norm.start <= b.norm.end && b.norm.end <= doc.norm.len(), "block norm range");
    }
    for s in &doc.sections {
        assert_span(src, s.span, "section");
        assert!(s.heading < doc.blocks.len(), "section heading index");
    }
    for s in &doc.sentences {
        assert_span(src, s.span, "sentence");
        assert!(s.block < doc.blocks.len(), "sentence block index");
    }
    for c in &doc.comments {
        assert_span(src, c.span, "comment");
    }
    if let Some(fm) = doc.front_matter {
        assert_span(src, fm, "front matter");
    }
    let n = doc.norm.as_str();
    for (r, s, verbatim) in doc.norm.segments() {
        assert_span(src, s, "norm segment");
        if verbatim {
            assert_eq!(&n[r], &src[s.range()], "verbatim segment differs from its source");
        }
    }
    let res = chotatsu_core::lint(doc, rules, &Settings::default());
    for d in &res.diagnostics {
        assert_span(src, d.span, &d.rule);
        for l in &d.labels {
            assert_span(src, l.span, &d.rule);
        }
        for f in &d.fixes {
            for e in &f.edits {
                assert_span(src, e.span, &d.rule);
            }
        }
        if let Some(c) = d.suppressed.as_ref().and_then(|s| s.comment) {
            assert_span(src, c, "suppression comment");
        }
        let _ = doc.line_col(d.span.start);
    }
    let _ = chotatsu_core::apply_fixes(src, &res.diagnostics);
}

/// Markdown model: parse, lint with the built-in rules, check every span.
pub fn check_markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = chotatsu_core::parse("fuzz.md", text, Format::Markdown);
    check_document(&doc, builtin());
}

/// Plain-text model and heading detector: parse, lint with the built-in rules, check every span.
pub fn check_plain(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = chotatsu_core::parse("fuzz.txt", text, Format::PlainText);
    check_document(&doc, builtin());
}

/// Text decoding (UTF-8, UTF-16 with BOM, Shift_JIS) through `input::read`, then the plain model.
pub fn check_decode(data: &[u8]) {
    let input = chotatsu_core::input::read("fuzz.txt", data).expect("text input never fails");
    check_document(&input.document, builtin());
}

/// DOCX reader with the default limits; a package it accepts becomes a document that lints cleanly.
pub fn check_docx(data: &[u8]) {
    let Ok(text) = read_docx(data, &DocxLimits::default()) else {
        return;
    };
    let doc = chotatsu_core::input::from_docx("fuzz.docx", &text);
    check_document(&doc, builtin());
}

fn check_problems(problems: &[Problem], text: &str) {
    for p in problems {
        if let Some((span, _)) = &p.at {
            let end = span.offset() + span.len();
            assert!(end <= text.len(), "{}: problem span {span:?} past the end ({})", p.code, text.len());
            assert!(
                text.is_char_boundary(span.offset()) && text.is_char_boundary(end),
                "{}: problem span {span:?} not on char boundaries",
                p.code
            );
        }
        let _ = p.line_col();
    }
}

/// A small document on which fuzzed rules run.
const SAMPLE: &str = "# 第1章 調達案件の概要\n\n稼働率は99.99%以上とし、瑕疵担保責任を負うこと。サーバーは適切に設置すること。\n\n1. ｻｰﾊﾞ室\n2. クラウド・バイ・デフォルト\n";

/// Rule-file loader: any text gives rules and problems, never a panic; problems point inside the
/// file; the rules that load can lint a document.
pub fn check_rule_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = RuleFile { name: "fuzz/rule.yaml".into(), text: text.clone(), expected_id: None, trusted: false };
    let (rules, problems) = RuleSet::load(&[file]);
    check_problems(&problems, &text);
    let doc = chotatsu_core::parse("sample.md", SAMPLE.to_string(), Format::Markdown);
    check_document(&doc, &rules);
}

/// Config loader: any text gives a config or problems that point inside the file.
pub fn check_config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match Config::parse("chotatsu.yaml", &text) {
        Ok(cfg) => check_problems(&cfg.check_against(builtin()), &text),
        Err(problems) => check_problems(&problems, &text),
    }
}

/// Split `data` into a control prefix and a text: the first byte says how many control bytes follow.
fn split_control(data: &[u8]) -> (&[u8], String) {
    let Some((&n, rest)) = data.split_first() else {
        return (&[], String::new());
    };
    let n = usize::from(n % 32).min(rest.len());
    (&rest[..n], String::from_utf8_lossy(&rest[n..]).into_owned())
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Normalizer offset map: the text is cut into pieces at control-chosen points; each piece is
/// pushed verbatim, or as a replacement (an entity: other text mapped to the whole piece), and
/// blocks end between some pieces. Every normalized character boundary maps to a char-boundary
/// source offset, starts never go backwards, `to_source` gives valid ordered spans, and verbatim
/// segments are copies of their source.
pub fn check_normalize(data: &[u8]) {
    let (control, text) = split_control(data);
    let mut b = NormBuilder::new();
    let mut at = 0;
    for (k, &c) in control.iter().enumerate() {
        let len = usize::from(c >> 2) * 3;
        let end = floor_boundary(&text, at + len.max(1));
        if end <= at && k + 1 < control.len() {
            continue;
        }
        let piece = &text[at..end];
        match c & 3 {
            0 | 1 => b.push(piece, Span::new(at, end), true),
            2 => {
                let replacement: String = piece.chars().rev().take(3).collect();
                b.push(&replacement, Span::new(at, end), false);
            }
            _ => {
                b.push(piece, Span::new(at, end), true);
                b.end_block(end);
            }
        }
        at = end;
    }
    if at < text.len() {
        b.push(&text[at..], Span::new(at, text.len()), true);
    }
    let norm = b.finish();
    let n = norm.as_str();
    let boundaries: Vec<usize> = n.char_indices().map(|(i, _)| i).chain([n.len()]).collect();
    let mut last_start = 0;
    for &i in &boundaries {
        if i < n.len() {
            let start = norm.source_start(i);
            assert!(start <= text.len() && text.is_char_boundary(start), "source_start({i}) = {start}");
            assert!(start >= last_start, "source starts go backwards at {i}: {start} < {last_start}");
            last_start = start;
        }
        let end = norm.source_end(i);
        assert!(end <= text.len() && text.is_char_boundary(end), "source_end({i}) = {end}");
    }
    // All pairs on short texts; on long ones, each boundary with its neighbours and the ends.
    let pairs: Vec<(usize, usize)> = if boundaries.len() <= 64 {
        boundaries.iter().enumerate().flat_map(|(k, &i)| boundaries[k..].iter().map(move |&j| (i, j))).collect()
    } else {
        boundaries.windows(3).flat_map(|w| [(w[0], w[1]), (w[0], w[2]), (0, w[1]), (w[1], n.len())]).collect()
    };
    for (i, j) in pairs {
        let span = norm.to_source(i..j);
        assert_span(&text, span, "to_source");
    }
    for (r, s, verbatim) in norm.segments() {
        assert_span(&text, s, "segment");
        if verbatim {
            assert_eq!(&n[r], &text[s.range()], "verbatim segment differs from its source");
        }
    }
}

/// The reference for LSP positions: lines end at `\n`, `\r\n` or a lone `\r`; a line past the end
/// is the text's end; a column past the line's content clamps to it; a column inside a character
/// (half a surrogate pair) lands on that character's start.
fn reference_offset(text: &str, line: usize, col: usize) -> usize {
    let mut starts = vec![0];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        if b[i] == b'\n' || b[i] == b'\r' {
            starts.push(i + 1);
        }
        i += 1;
    }
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let mut end = starts.get(line + 1).copied().unwrap_or(text.len());
    let content = &text[start..end];
    end = start + content.trim_end_matches('\n').trim_end_matches('\r').len();
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        units += c.len_utf16();
        if units > col {
            return start + i;
        }
    }
    end
}

/// LSP-style incremental edits. The server (`chotatsu-lsp`'s `Session::change`, not reachable from
/// outside its binary crate) converts each UTF-16 range with `LineIndex::offset`, checks char
/// boundaries, `replace_range`s and rebuilds the index. This replays that contract on random edits
/// and compares every step with an independent reference; it also checks that UTF-16 positions of
/// offsets round-trip.
pub fn check_lsp_edits(data: &[u8]) {
    let (control, mut text) = split_control(data);
    let inserts = ["", "a", "\n", "\r\n", "\r", "𠮷", "瑕疵", "ｻｰﾊﾞ\r", "\u{feff}"];
    let mut index = LineIndex::new(&text);
    for e in control.chunks_exact(5) {
        let (l1, c1, l2, c2) =
            (usize::from(e[0] % 8), usize::from(e[1] % 24), usize::from(e[2] % 8), usize::from(e[3] % 24));
        let ins = inserts[usize::from(e[4]) % inserts.len()];
        // Client ranges may come reversed; the server's `Span::new` orders them, as here.
        let (start, end) = ((l1, c1), (l2, c2));
        let s = index.offset(&text, LineCol { line: start.0, col: start.1 }, ColumnUnit::Utf16);
        let t = index.offset(&text, LineCol { line: end.0, col: end.1 }, ColumnUnit::Utf16);
        assert_eq!(s, reference_offset(&text, start.0, start.1), "start of {start:?} in {text:?}");
        assert_eq!(t, reference_offset(&text, end.0, end.1), "end of {end:?} in {text:?}");
        let span = Span::new(s, t);
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "offsets on char boundaries");
        text.replace_range(span.range(), ins);
        index = LineIndex::new(&text);
    }
    // The final index round-trips every char boundary through UTF-16 line/column.
    for (o, _) in text.char_indices().chain([(text.len(), ' ')]).take(4096) {
        let lc = index.line_col(&text, o, ColumnUnit::Utf16);
        let back = index.offset(&text, lc, ColumnUnit::Utf16);
        let line_end = index.line_span(&text, lc.line).end;
        assert_eq!(back, o.min(line_end), "round trip of {o} via {lc:?}");
        assert_eq!(back, reference_offset(&text, lc.line, lc.col), "reference at {lc:?}");
    }
}
