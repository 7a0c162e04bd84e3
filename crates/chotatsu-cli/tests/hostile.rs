//! Hostile and odd input through the binary: invalid UTF-8, a BOM with CRLF and lone CR line breaks,
//! a 50 MB single line, a user rule whose regex would compile to a huge automaton. Each gets a
//! correct result or a clear error, never a panic.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;

use common::run;
use serde_json::Value;
use std::time::{Duration, Instant};

fn json(r: &common::Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}\n{}", r.stdout, r.stderr))
}

/// `(rule, line, column)` of every finding of the first file.
fn findings(v: &Value) -> Vec<(String, u64, u64)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

fn no_panic(r: &common::Run) {
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_ne!(r.code, 101, "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_read_lossily_and_linted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "受注者は瑕疵担保責任を負う。".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\xfe\x80 broken\n\xc3\n");
    bytes.extend_from_slice("成果物の瑕疵担保責任。\n".as_bytes());
    std::fs::write(dir.path().join("bad.txt"), &bytes).unwrap();
    let r = run(dir.path(), &["check", "bad.txt", "--select", "legal", "--format", "json"]);
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = findings(&json(&r));
    assert!(f.contains(&("legal/contract-nonconformity".into(), 1, 5)), "{f:?}");
    assert!(f.contains(&("legal/contract-nonconformity".into(), 3, 5)), "{f:?}");
    assert!(r.stderr.contains("bad.txt") && r.stderr.contains("U+FFFD"), "the lossy decoding is said:\n{}", r.stderr);
}

#[test]
fn bom_crlf_and_lone_cr_give_the_right_lines_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}# 瑕疵担保責任の扱い\r\n\r\n受注者は\r瑕疵担保責任を負う。\r\n\r\n- 項目\r  瑕疵担保責任\n";
    std::fs::write(dir.path().join("odd.md"), text).unwrap();
    let r = run(dir.path(), &["check", "odd.md", "--select", "legal", "--format", "json"]);
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = findings(&json(&r));
    let rule = "legal/contract-nonconformity".to_string();
    assert_eq!(
        f,
        vec![(rule.clone(), 1, 3), (rule.clone(), 4, 1), (rule, 7, 3)],
        "BOM not a column; CR and CRLF end lines"
    );
}

#[test]
fn a_50_mb_single_line_is_linted_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "受注者は本業務を誠実に実施する。";
    let n = 50 * 1024 * 1024 / unit.len();
    let mut line = unit.repeat(n);
    line.push_str("受注者は瑕疵担保責任を負う。");
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let t = Instant::now();
    let r = run(dir.path(), &["check", "long.txt", "--select", "legal", "--format", "json"]);
    let took = t.elapsed();
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let col = (n * unit.chars().count() + "受注者は".chars().count() + 1) as u64;
    assert_eq!(findings(&json(&r)), vec![("legal/contract-nonconformity".to_string(), 1, col)]);
    // A debug build on a shared machine: generous, but a quadratic pass would take hours.
    assert!(took < Duration::from_mins(5), "took {took:?}");
}

#[test]
fn a_user_regex_that_would_compile_to_a_huge_automaton_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chotatsu.yaml"), "builtin: false\npacks: [pack]\n").unwrap();
    std::fs::create_dir_all(dir.path().join("pack/nfr")).unwrap();
    let huge = std::fs::read_to_string(common::workspace().join("fixtures/rule-files/huge-regex.yaml")).unwrap();
    std::fs::write(dir.path().join("pack/nfr/example.yaml"), huge).unwrap();
    std::fs::write(dir.path().join("spec.md"), "# 仕様書\n\n本文。\n").unwrap();
    let t = Instant::now();
    let r = run(dir.path(), &["check", "spec.md"]);
    no_panic(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("example.yaml"), "names the file:\n{}", r.stderr);
    assert!(r.stderr.contains("chotatsu::rule::"), "says what is wrong:\n{}", r.stderr);
    assert!(t.elapsed() < Duration::from_mins(1), "refused quickly, not after compiling");
}

#[test]
fn fix_leaves_a_file_with_invalid_utf8_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "受注者は瑕疵担保責任を負う。".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\xfe\x80\n");
    let path = dir.path().join("bad.md");
    std::fs::write(&path, &bytes).unwrap();
    let r = run(dir.path(), &["check", "bad.md", "--fix", "--select", "legal"]);
    no_panic(&r);
    assert_eq!(r.code, 2, "a refused fix is an error:\n{}", r.stderr);
    assert!(r.stderr.contains("復号できないバイト"), "{}", r.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "not rewritten with U+FFFD");
}
