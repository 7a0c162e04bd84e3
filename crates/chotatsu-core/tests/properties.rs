//! Property tests: the normalizer's map, line/column conversions.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use chotatsu_core::normalize::NormBuilder;
use chotatsu_core::{ColumnUnit, LineCol, LineIndex, Span};
use proptest::prelude::*;

/// Text made of the characters that matter: kanji, kana, half-width kana and sound marks, full-width
/// and ASCII letters and digits, middle dots, long vowels and dashes, spaces, line breaks, 𠮷.
fn spec_text() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "稼働率はサーバーｻｰﾊﾞﾟﾞ９９．％99.9%Ａa ・･ー－‐―\n\r\t　𠮷「」。、オンプレミスセキュリティ〜".chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..80).prop_map(|v| v.into_iter().collect())
}

fn build(text: &str, split: usize) -> chotatsu_core::NormText {
    let mut b = NormBuilder::new();
    let mut cut = split.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    b.push(&text[..cut], Span::new(0, cut), true);
    b.end_block(cut);
    b.push(&text[cut..], Span::new(cut, text.len()), true);
    b.finish()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_normalized_range_maps_to_a_valid_monotonic_source_span(text in spec_text(), split in 0usize..200) {
        let norm = build(&text, split);
        let n = norm.as_str();
        let boundaries: Vec<usize> = n.char_indices().map(|(i, _)| i).chain([n.len()]).collect();
        let mut last_start = 0;
        for (k, &i) in boundaries.iter().enumerate() {
            if i < n.len() {
                let start = norm.source_start(i);
                prop_assert!(text.is_char_boundary(start) && start <= text.len());
                prop_assert!(start >= last_start, "source starts must not go backwards");
                last_start = start;
            }
            for &j in &boundaries[k..] {
                let span = norm.to_source(i..j);
                prop_assert!(span.start <= span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
        // Verbatim segments are byte-for-byte copies of their source.
        for (r, s, verbatim) in norm.segments() {
            if verbatim {
                prop_assert_eq!(&n[r], &text[s.range()]);
            }
        }
    }

    #[test]
    fn line_col_round_trips_in_every_unit(text in spec_text(), offset in 0usize..400) {
        let idx = LineIndex::new(&text);
        let mut o = offset.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        // An offset on a line break's second byte (the LF of CRLF) maps to the line end.
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let lc = idx.line_col(&text, o, unit);
            let back = idx.offset(&text, lc, unit);
            let line_end = idx.line_span(&text, lc.line).end;
            prop_assert_eq!(back, o.min(line_end), "unit {:?} at {} -> {:?}", unit, o, lc);
        }
        // Positions past the end of a line clamp instead of failing.
        let lc = LineCol { line: idx.line_of(o), col: 10_000 };
        prop_assert_eq!(idx.offset(&text, lc, ColumnUnit::Utf16), idx.line_span(&text, lc.line).end);
    }
}
