//! The SARIF output validates with Microsoft's SARIF Multitool (`validate` verb).
//!
//! The validator is the npm package `@microsoft/sarif-multitool`, pinned in `tests/sarif/package.json`
//! and `package-lock.json`. Install it with `npm ci --prefix crates/chotatsu-cli/tests/sarif`
//! (`.ci/run` does). Set `SARIF_MULTITOOL` to use another copy. These tests are `#[ignore]`d so that
//! `cargo test --workspace` needs only the Rust toolchain; `.ci/run` runs them with `--ignored`, and
//! then they fail, they do not skip, when the validator is missing.

mod common;

use common::{fixtures, run, temp_fixtures};
use serde_json::Value;
use std::path::PathBuf;

fn multitool() -> PathBuf {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return PathBuf::from(p);
    }
    let local = common::tests_dir().join("sarif/node_modules/.bin/sarif-multitool");
    assert!(
        local.exists(),
        "SARIF Multitool not found at {}.\nInstall it with:\n    npm ci --prefix crates/chotatsu-cli/tests/sarif\n\
         (or set SARIF_MULTITOOL to the path of a `sarif-multitool` executable).",
        local.display()
    );
    local
}

/// Validate a SARIF file; returns the validator's findings (level, rule id, message).
fn validate(sarif: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("chotatsu.sarif");
    let output = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).expect("SARIF written");
    let out = std::process::Command::new(multitool())
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .args(["--log", "ForceOverwrite"])
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .output()
        .expect("the SARIF Multitool runs");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "validator failed:\n{log}");
    let text = std::fs::read_to_string(&output).unwrap_or_else(|e| panic!("no validation log ({e}):\n{log}"));
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("validation log is JSON");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    v["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let level = r["level"].as_str().unwrap_or("warning").to_string();
            let id = r["ruleId"].as_str().unwrap_or("").to_string();
            // Messages are templates in the rule's messageStrings; show the template and arguments.
            let template = rules
                .iter()
                .find(|x| x["id"] == r["ruleId"])
                .and_then(|x| x["messageStrings"][r["message"]["id"].as_str().unwrap_or("")]["text"].as_str())
                .unwrap_or("");
            (level, id, format!("{template} {}", r["message"]["arguments"]))
        })
        .collect()
}

#[test]
#[ignore = "needs the SARIF Multitool (npm ci --prefix crates/chotatsu-cli/tests/sarif); .ci/run runs it with --ignored"]
fn sarif_output_passes_the_sarif_multitool_validator() {
    // Findings, suppressed findings (waiver and comment), and an unreadable file's notification.
    let dir = temp_fixtures();
    std::fs::write(dir.path().join("specs/broken.docx"), "not a zip").unwrap();
    std::fs::write(dir.path().join("specs/日本語 名.md"), "# 仕様書\n\n瑕疵担保責任を負う。\n").unwrap();
    let r = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 2, "the broken file makes it 2: {}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["suppressions"][0]["justification"].is_string()));
    assert!(results.iter().any(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "specs/%E6%97%A5%E6%9C%AC%E8%AA%9E%20%E5%90%8D.md"));
    let problems = validate(&r.stdout);
    let serious: Vec<_> = problems.iter().filter(|(level, _, _)| level != "note").collect();
    assert!(serious.is_empty(), "the validator reports:\n{serious:#?}");
}

#[test]
#[ignore = "needs the SARIF Multitool (npm ci --prefix crates/chotatsu-cli/tests/sarif); .ci/run runs it with --ignored"]
fn sarif_of_a_clean_run_and_of_the_built_in_rules_validates() {
    let r = run(&fixtures(), &["check", "specs/clean.md", "--format", "sarif"]);
    assert_eq!(r.code, 0);
    let problems = validate(&r.stdout);
    assert!(problems.iter().all(|(l, _, _)| l == "note"), "{problems:#?}");
    // The built-in rules' help texts and descriptions, as GitHub code scanning would read them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.md"), "# 調達仕様書\n\n受注者は瑕疵担保責任を負う。\n").unwrap();
    let r = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let problems = validate(&r.stdout);
    assert!(problems.iter().all(|(l, _, _)| l == "note"), "{problems:#?}");
}

#[test]
#[ignore = "needs the SARIF Multitool (npm ci --prefix crates/chotatsu-cli/tests/sarif); .ci/run runs it with --ignored"]
fn the_validator_does_report_problems() {
    // Guards the harness above: a log with an error and a warning must come back with both.
    let bad = r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a/b","name":"a/b"}]}},
        "results":[{"ruleId":"a/b","message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":0}}}]}]}]}"#;
    let problems = validate(bad);
    let levels: Vec<&str> = problems.iter().map(|(l, _, _)| l.as_str()).collect();
    assert!(levels.contains(&"error") && levels.contains(&"warning"), "{problems:#?}");
}
