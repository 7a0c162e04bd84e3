//! Hostile input that the core must survive with a clear result: alias bombs, deep nesting, NUL
//! bytes, lone CR, huge single lines, empty input.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{Format, Settings};
use std::fmt::Write as _;

fn alias_bomb(levels: usize) -> String {
    let mut s =
        String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..levels {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        let _ = writeln!(s, "a{i}: &a{i} [{refs}]");
    }
    s
}

#[test]
fn alias_bomb_in_front_matter_is_refused() {
    let doc = format!("---\n{}chotatsu:\n  profile: high\n---\n本文。\n", alias_bomb(9));
    let doc = chotatsu_core::parse("bomb.md", doc, Format::Markdown);
    let (rules, _) = chotatsu_core::builtin::rules();
    let res = chotatsu_core::lint(&doc, &rules, &Settings::default());
    let fm: Vec<_> = res.diagnostics.iter().filter(|d| d.rule == "chotatsu/front-matter").collect();
    assert_eq!(fm.len(), 1, "{:#?}", res.diagnostics);
    assert!(fm[0].message.contains("budget") || fm[0].message.contains("alias"), "{}", fm[0].message);
}

#[test]
fn alias_bomb_in_config_is_refused() {
    let text = format!("{}profile: high\n", alias_bomb(9));
    let problems = chotatsu_core::Config::parse("chotatsu.yaml", &text).unwrap_err();
    assert_eq!(problems.len(), 1);
}

#[test]
fn deep_nesting_nul_bytes_and_odd_line_breaks() {
    let (rules, _) = chotatsu_core::builtin::rules();
    let deep_list: String = (0..10_000).fold(String::new(), |mut s, i| {
        let _ = writeln!(s, "{}- 項目", "  ".repeat(i % 200));
        s
    });
    let deep_quote = format!("{}瑕疵担保責任\n", ">".repeat(10_000));
    let nul = "稼働率は\u{0}99.999%とする。\r瑕疵担保責任\r\n".to_string();
    for (name, text, fmt) in [
        ("deep-list.md", deep_list, Format::Markdown),
        ("deep-quote.md", deep_quote, Format::Markdown),
        ("nul.txt", nul.clone(), Format::PlainText),
        ("nul.md", nul, Format::Markdown),
        ("empty.md", String::new(), Format::Markdown),
        ("empty.txt", String::new(), Format::PlainText),
        ("bom.md", "\u{feff}# 題\n\n瑕疵担保責任\n".to_string(), Format::Markdown),
    ] {
        let doc = chotatsu_core::parse(name, text, fmt);
        let res = chotatsu_core::lint(&doc, &rules, &Settings::default());
        for d in &res.diagnostics {
            assert!(doc.source.is_char_boundary(d.span.start) && doc.source.is_char_boundary(d.span.end), "{name}");
            assert!(d.span.end <= doc.source.len(), "{name}");
        }
        if name.starts_with("deep-quote") || name.starts_with("nul") || name.starts_with("bom") {
            assert!(
                res.diagnostics.iter().any(|d| d.rule == "legal/contract-nonconformity"),
                "{name}: {:#?}",
                res.diagnostics
            );
        }
    }
}

#[test]
fn a_large_single_line_is_linted_in_one_pass() {
    let rules = common::rules_from(
        "id: t/vague\ntitle: 例\nrationale: 例。\nreferences: [{title: 例}]\nkind: forbid\nseverity: info\nmatch: {any: [適切に]}\nwhen: {regex: 'こと。'}\nmessage: 具体的に。\n",
    );
    let line = "受注者は本業務を適切に実施すること。".repeat(200_000); // about 10 MB, one line
    let doc = chotatsu_core::parse("long.txt", line, Format::PlainText);
    let res = chotatsu_core::lint(&doc, &rules, &Settings::default());
    assert_eq!(res.diagnostics.len(), 200_000);
    let last = res.diagnostics.last().unwrap();
    assert_eq!(&doc.source[last.span.range()], "適切に");
}
