//! The document model, rendered: blocks with their kinds and spans, the section tree, sentences.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{Document, Format};
use insta::assert_snapshot;
use std::fmt::Write as _;

fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "sections:");
    for s in &doc.sections {
        let depth = std::iter::successors(s.parent, |p| doc.sections[*p].parent).count();
        let _ = writeln!(
            out,
            "{}- [{}] {} (bytes {}..{})",
            "  ".repeat(depth + 1),
            s.level,
            s.title,
            s.span.start,
            s.span.end
        );
    }
    let _ = writeln!(out, "blocks:");
    for b in &doc.blocks {
        let _ = writeln!(
            out,
            "  {:?} {}..{} section={:?}: {}",
            b.kind,
            b.span.start,
            b.span.end,
            b.section,
            doc.block_text(b)
        );
    }
    let _ = writeln!(out, "sentences:");
    for s in &doc.sentences {
        let _ = writeln!(out, "  {}..{}: {:?}", s.span.start, s.span.end, &doc.source[s.span.range()]);
    }
    out
}

#[test]
fn markdown_model() {
    let text = "---\ntitle: x\n---\n# 〇〇システム調達仕様書\n\n## 1. 調達案件の概要\n\n本書は、**〇〇システム**の設計・開発に係る仕様を定める。稼働率は９９．９％とする！\n\n- 項目ア：ISMAP登録\n- 項目イ\n  1. 入れ子\n\n| 項目 | 値 |\n|---|---|\n| 稼働率 | 99.9% |\n\n> 引用文。\n\n```\nコードは対象外。\n```\n\n<!-- chotatsu-disable-next-line nfr -- 理由 -->\n### 1.1 背景\n\n段落の途中で\n改行した文。次の文。\n";
    let doc = chotatsu_core::parse("t.md", text.to_string(), Format::Markdown);
    assert_eq!(doc.comments.len(), 1);
    assert!(doc.front_matter.is_some());
    assert_snapshot!(outline(&doc));
}

#[test]
fn extracted_plain_text_model() {
    let text = "〇〇システム調達仕様書\n\n第1章　調達案件の概要\n１．調達の背景\n本システムはサプライ\nチェーン・リスクに対応する。稼働率は\n９９．９９％以上とすること。\n（１）受注者は、関係法令を遵守すること。\n（２）受注者は、成果物を電子データにより提出すること。\n２．作業の実施内容\nア　設計\n①基本設計\n2021 年 9 月のデジタル庁の発足後、「重点\n計画」が策定された。\n\n第2章　再委託\n再委託に関する事項\n";
    let doc = chotatsu_core::parse("t.txt", text.to_string(), Format::PlainText);
    assert_snapshot!(outline(&doc));
}

#[test]
fn normalized_view_and_map() {
    let text = "# 題\n\nｻｰﾊﾞｰは　２４時間３６５日\n稼働し、セキュリティ・バイ・デザイン。\n";
    let doc = chotatsu_core::parse("t.md", text.to_string(), Format::Markdown);
    let mut out = String::new();
    let _ = writeln!(out, "{:?}", doc.norm.as_str());
    for (r, s, verbatim) in doc.norm.segments() {
        let _ = writeln!(
            out,
            "{:?} <- {:?}{}",
            &doc.norm.as_str()[r],
            &doc.source[s.range()],
            if verbatim { "" } else { " (folded)" }
        );
    }
    assert_snapshot!(out);
}
