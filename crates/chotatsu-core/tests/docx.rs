//! Word files and encoded text files: what the linter sees in them, the same findings as the
//! Markdown original, and clear errors for hostile files.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{BlockKind, Document, Settings};
use common::root;
use std::fmt::Write as _;

fn read(rel: &str) -> Result<chotatsu_core::input::Input, chotatsu_core::input::InputError> {
    let bytes = std::fs::read(root().join(rel)).unwrap();
    chotatsu_core::input::read(rel, &bytes)
}

/// The extracted text with line and paragraph numbers, and the section outline.
fn extract(doc: &Document) -> String {
    let mut out = String::from("outline:\n");
    for s in &doc.sections {
        let depth = std::iter::successors(s.parent, |p| doc.sections[*p].parent).count();
        let _ = writeln!(out, "{}- {}", "  ".repeat(depth + 1), s.title);
    }
    out.push_str("text:\n");
    for (i, line) in doc.source.lines().enumerate() {
        let start = doc.lines.line_start(i);
        let block =
            doc.blocks.iter().find(|b| b.span.start <= start + line.len() && start <= b.span.end && !line.is_empty());
        let tag = block.map_or(String::new(), |b| {
            let kind = match b.kind {
                BlockKind::Heading(l) => format!("H{l}"),
                BlockKind::Paragraph => "P".into(),
                BlockKind::ListItem => "LI".into(),
                BlockKind::TableCell => "TD".into(),
                BlockKind::Quote => "Q".into(),
            };
            b.paragraph.map_or(kind.clone(), |p| format!("{kind} ¶{p}"))
        });
        let _ = writeln!(out, "{:>3} {tag:<8} {line}", i + 1);
    }
    out
}

#[test]
fn extracted_docx_and_text_fixtures() {
    insta::glob!(root().join("fixtures"), "{docx/*.docx,text/*.txt}", |path| {
        let rel = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        let input = read(&rel).unwrap();
        let mut out = format!(
            "encoding: {}{}\n",
            input.encoding.map_or("(docx)", |e| e.label()),
            if input.lossy { " (some bytes replaced)" } else { "" }
        );
        out.push_str(&extract(&input.document));
        insta::assert_snapshot!(out);
    });
}

#[test]
fn text_encodings_decode_to_the_same_text() {
    let utf8 = read("fixtures/text/spec-utf8.txt").unwrap().document.source;
    for rel in ["fixtures/text/spec-sjis.txt", "fixtures/text/spec-utf16le-bom.txt"] {
        let input = read(rel).unwrap();
        assert!(!input.lossy, "{rel}");
        assert_eq!(input.document.source.replace("\r\n", "\n"), utf8.replace("\r\n", "\n"), "{rel}");
    }
}

/// (rule, innermost section title) for every finding, sorted.
fn findings_by_section(doc: &Document) -> Vec<(String, String)> {
    let (rules, _) = chotatsu_core::builtin::rules();
    let res = chotatsu_core::lint(doc, &rules, &Settings::default());
    let mut out: Vec<(String, String)> = res
        .diagnostics
        .iter()
        .map(|d| {
            let section = doc
                .blocks
                .iter()
                .find(|b| b.span.start <= d.span.start && d.span.start <= b.span.end)
                .and_then(|b| b.section)
                .map_or(String::from("(none)"), |s| chotatsu_core::normalize::normalize(&doc.sections[s].title));
            (d.rule.clone(), section)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn docx_gives_the_same_findings_as_its_markdown_source() {
    let md = read("fixtures/docx/src/spec-pandoc.md").unwrap().document;
    let docx = read("fixtures/docx/spec-pandoc.docx").unwrap().document;
    let from_md = findings_by_section(&md);
    let from_docx = findings_by_section(&docx);
    assert_eq!(from_md, from_docx);
    let listing = from_md.iter().fold(String::new(), |mut out, (r, s)| {
        let _ = writeln!(out, "{r} @ {s}");
        out
    });
    insta::assert_snapshot!(listing);
}

#[test]
fn hostile_files_get_clear_errors() {
    let mut out = String::new();
    for name in
        ["billion-laughs", "empty", "legacy-word97", "renamed-pdf", "truncated", "zipbomb", "zipbomb-lying-sizes"]
    {
        let rel = format!("fixtures/docx/hostile/{name}.docx");
        let err = read(&rel).unwrap_err();
        let _ = writeln!(out, "{name}: {err}");
    }
    insta::assert_snapshot!(out);
}
