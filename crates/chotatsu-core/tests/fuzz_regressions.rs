//! The fuzz targets' inputs replayed on stable: every file under `fuzz/regressions/<target>/` (a
//! small seed corpus plus each minimized crasher the fuzzers found) goes through the same check as
//! the target of that name. The checks live in `fuzz/src/lib.rs`, shared with `cargo fuzz`.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

#[allow(unreachable_pub, dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod checks;

use std::path::PathBuf;

fn replay(target: &str, check: fn(&[u8])) {
    replay_dir("regressions", target, check);
}

fn replay_dir(folder: &str, target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(folder).join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "fuzz regression {} failed", f.display());
    }
}

#[test]
fn markdown() {
    replay("markdown", checks::check_markdown);
}

#[test]
fn plain() {
    replay("plain", checks::check_plain);
}

#[test]
fn decode() {
    replay("decode", checks::check_decode);
}

#[test]
fn docx() {
    replay("docx", checks::check_docx);
}

#[test]
fn rule_file() {
    replay("rule_file", checks::check_rule_file);
}

#[test]
fn config() {
    replay("config", checks::check_config);
}

#[test]
fn normalize() {
    replay("normalize", checks::check_normalize);
}

#[test]
fn lsp_edits() {
    replay("lsp_edits", checks::check_lsp_edits);
}
