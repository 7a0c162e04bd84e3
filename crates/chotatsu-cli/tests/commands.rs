//! `chotatsu rules`, `explain`, `init`, `extract`, and the command line itself.

mod common;

use common::{fixtures, run, run_stdin, temp_fixtures};
use insta::assert_snapshot;
use serde_json::Value;

#[test]
fn rules_lists_id_severity_and_title() {
    let r = run(&fixtures(), &["rules"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_snapshot!("rules", r.snapshot());
}

#[test]
fn rules_shows_severity_under_the_chosen_profile() {
    let line = |profile: &str| -> String {
        let r = run(&fixtures(), &["rules", "--profile", profile]);
        r.stdout.lines().find(|l| l.starts_with("cloud/on-premises")).unwrap().to_string()
    };
    assert!(line("low").contains(" info "), "{}", line("low"));
    assert!(line("standard").contains(" warning "));
    assert!(line("high").contains(" error "));
}

#[test]
fn rules_as_json() {
    let r = run(&fixtures(), &["rules", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["profile"], "standard");
    let ids: Vec<&str> = v["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"legal/contract-nonconformity") && ids.contains(&"chotatsu/suppression-reason"));
    assert_snapshot!("rules_json", r.snapshot());
}

#[test]
fn rules_without_a_config_lists_the_built_in_pack() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let n = v["rules"].as_array().unwrap().iter().filter(|r| r.get("engine").is_none()).count();
    assert_eq!(n, chotatsu_rule_count(), "every built-in rule");
}

/// The built-in rule files in `rules/` (one rule per `.yaml`).
fn chotatsu_rule_count() -> usize {
    fn walk(p: &std::path::Path) -> usize {
        std::fs::read_dir(p)
            .expect("rules/ is readable")
            .filter_map(Result::ok)
            .map(|e| {
                let p = e.path();
                if p.is_dir() { walk(&p) } else { usize::from(p.extension().is_some_and(|x| x == "yaml")) }
            })
            .sum()
    }
    walk(&common::workspace().join("rules"))
}

#[test]
fn explain_prints_rationale_references_model_clause_and_examples() {
    let r = run(&fixtures(), &["explain", "security/supply-chain"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("模範条項"));
    assert_snapshot!("explain", r.snapshot());
    let r = run(&fixtures(), &["explain", "chotatsu/suppression-reason"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("抑止コメント"));
}

#[test]
fn explain_unknown_id_suggests_the_closest() {
    let r = run(&fixtures(), &["explain", "legal/contract-nonconformance"]);
    assert_eq!(r.code, 2);
    assert_snapshot!("explain_unknown", r.snapshot());
}

#[test]
fn init_writes_a_commented_config_that_loads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_snapshot!("init", r.snapshot());
    let path = dir.path().join("chotatsu.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    for key in ["profile:", "builtin:", "packs:", "rules:", "include:", "exclude:"] {
        assert!(text.lines().any(|l| l.starts_with(key)), "{key} is set");
        assert!(text.lines().any(|l| l.starts_with("# ") && l.contains(key.trim_end_matches(':'))), "{key} documented");
    }
    // The written file loads without problems.
    let r = run(dir.path(), &["rules"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The commented examples are valid too: uncomment them (all but the pack folder, which does
    // not exist here) and load again.
    let uncommented: String = text
        .lines()
        .filter(|l| !l.contains("rules-local/"))
        .map(|l| match l.strip_prefix('#') {
            Some(rest) if rest.starts_with("  ") => rest.to_string(),
            _ if l.ends_with(": []") && !l.starts_with("packs") => l.trim_end_matches(" []").to_string(),
            _ if l.ends_with(": {}") => l.trim_end_matches(" {}").to_string(),
            _ => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect();
    assert!(uncommented.contains("\n  nfr/availability:\n"), "{uncommented}");
    let examples = tempfile::tempdir().unwrap();
    std::fs::write(examples.path().join("chotatsu.yaml"), &uncommented).unwrap();
    let r = run(examples.path(), &["rules"]);
    assert_eq!(r.code, 0, "{}\n{uncommented}", r.stderr);

    // Second time: refused, file unchanged.
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_snapshot!("init_exists", r.snapshot());
}

#[test]
fn extract_markdown_shows_outline_and_numbered_text() {
    let r = run(&fixtures(), &["extract", "specs/flawed.md"]);
    assert_eq!(r.code, 0);
    assert_snapshot!("extract_md", r.snapshot());
}

#[test]
fn extract_plain_text_shows_detected_headings() {
    let r = run(&fixtures(), &["extract", "specs/extracted.txt"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("文字コード: UTF-8"));
    assert_snapshot!("extract_txt", r.snapshot());
}

#[test]
fn extract_docx_shows_line_and_paragraph_numbers() {
    let dir = temp_fixtures();
    let bytes = common::docx(&[
        ("Title", "〇〇システム 調達仕様書"),
        ("Heading1", "第1章 概要"),
        ("", "本業務は〇〇を行う。"),
        ("Heading2", "1.1 目的"),
        ("", "受注者は、成果物の瑕疵担保責任を負う。"),
    ]);
    std::fs::write(dir.path().join("spec.docx"), bytes).unwrap();
    let r = run(dir.path(), &["extract", "spec.docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_snapshot!("extract_docx", r.snapshot());
}

#[test]
fn extract_names_the_assumed_encoding() {
    let sjis = encoding_rs::SHIFT_JIS.encode("仕様書\n受注者は報告すること。\n").0.into_owned();
    let r = run_stdin(&fixtures(), &["extract", "-", "--stdin-filename", "spec.txt"], &sjis);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("文字コード: Shift_JIS (CP932)"), "{}", r.stdout);
    assert!(r.stdout.contains("受注者は報告すること。"));
}

#[test]
fn extract_errors() {
    let dir = temp_fixtures();
    std::fs::write(dir.path().join("bad.docx"), "not a zip").unwrap();
    let r = run(dir.path(), &["extract", "bad.docx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.docx: 読めません"), "{}", r.stderr);
    let r = run(dir.path(), &["extract", "missing.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.md: 読めません"));
    let r = run(dir.path(), &["extract", "chotatsu.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("対応していない形式"));
}

#[test]
fn usage_errors_exit_with_2_and_help_with_0() {
    let f = fixtures();
    let r = run(&f, &["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'xml'"), "{}", r.stderr);
    let r = run(&f, &["check", "--fail-on", "never"]);
    assert_eq!(r.code, 2);
    let r = run(&f, &["frobnicate"]);
    assert_eq!(r.code, 2);
    let r = run(&f, &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Exit codes:"));
    let r = run(&f, &["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("chotatsu "));
}

#[test]
fn extract_every_word_and_encoded_text_fixture() {
    let root = common::workspace().canonicalize().unwrap();
    insta::glob!(root.join("fixtures"), "{docx/*.docx,text/*.txt}", |path| {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let r = run(&root, &["extract", &rel]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        insta::assert_snapshot!(r.snapshot());
    });
}
