//! `chotatsu check`: formats, exit codes, options and error paths, on the binary.

mod common;

use common::{Run, cells, fixtures, run, run_stdin, temp_fixtures};
use insta::assert_snapshot;
use serde_json::Value;

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", r.stdout))
}

// ---------------------------------------------------------------- formats

#[test]
fn human_report_of_the_fixture_specs() {
    let r = run(&fixtures(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains('\u{1b}'), "no colour when stdout is not a terminal");
    assert!(r.stdout.ends_with("10 件の指摘（エラー 3、警告 6、情報 1）、抑止 2 件、5 ファイル\n"), "{}", r.stdout);
    assert_snapshot!("human", r.snapshot());
}

#[test]
fn underline_is_aligned_after_full_width_text_surrogate_pairs_and_tabs() {
    let r = run(&fixtures(), &["check", "specs/wide.md", "--select", "legal,wording"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let src = lines.iter().position(|l| l.contains("瑕疵担保責任を負う")).expect("source line shown");
    // miette expands the tab to spaces; the text before the finding is "𠮷田\tＡＢＣ（全角）の仕様では、".
    let shown = lines[src];
    let under = lines[src + 1];
    let gutter = shown.find("│ ").unwrap() + "│ ".len();
    let text_before = &shown[gutter..shown.find("瑕疵").unwrap()];
    let under_gutter = under.find("· ").unwrap() + "· ".len();
    let marks = &under[under_gutter..];
    let pad = marks.find('─').unwrap();
    assert_eq!(cells(&marks[..pad]), cells(text_before), "underline starts under 瑕:\n{shown}\n{under}");
    assert_eq!(marks.trim().chars().count(), cells("瑕疵担保責任"), "underline covers the six kanji");
    assert_eq!(cells(&shown[..gutter]), cells(&under[..under_gutter]), "same gutter width");
    // Columns count characters: 𠮷 is one.
    assert!(r.stdout.contains("[specs/wide.md:3:17]"), "{}", r.stdout);
    assert!(r.stdout.contains("[specs/wide.md:5:10]"), "{}", r.stdout);
    assert_snapshot!("human_wide", r.snapshot());
}

#[test]
fn json_report() {
    let r = run(&fixtures(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "files in path order");
    let count = |sev: &str| {
        files.iter().flat_map(|f| f["diagnostics"].as_array().unwrap()).filter(|d| d["severity"] == sev).count()
    };
    assert_eq!(v["summary"]["errors"], count("error"));
    assert_eq!(v["summary"]["warnings"], count("warning"));
    assert_eq!(v["summary"]["infos"], count("info"));
    let suppressed: usize = files.iter().map(|f| f["suppressed"].as_array().unwrap().len()).sum();
    assert_eq!(v["summary"]["suppressed"], suppressed);
    assert_eq!(v["summary"]["files"], files.len());
    // Character columns: 瑕 in "𠮷田\tＡＢＣ（全角）の仕様では、瑕疵担保責任" is the 17th character.
    let wide = files.iter().find(|f| f["path"] == "specs/wide.md").unwrap();
    let diag =
        wide["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "legal/contract-nonconformity").unwrap();
    assert_eq!(
        (diag["line"].as_u64(), diag["column"].as_u64(), diag["end_column"].as_u64()),
        (Some(3), Some(17), Some(23))
    );
    let text = std::fs::read_to_string(fixtures().join("specs/wide.md")).unwrap();
    let start = usize::try_from(diag["byte_start"].as_u64().unwrap()).unwrap();
    let end = usize::try_from(diag["byte_end"].as_u64().unwrap()).unwrap();
    assert_eq!(&text[start..end], "瑕疵担保責任");
    assert_snapshot!("json", r.snapshot());
}

#[test]
fn sarif_report() {
    let r = run(&fixtures(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1);
    let v = json(&r);
    let run0 = &v["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for res in run0["results"].as_array().unwrap() {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"], "ruleIndex points at the rule");
        assert!(res["partialFingerprints"]["chotatsu/v1"].as_str().unwrap().len() == 32);
    }
    assert_snapshot!("sarif", r.snapshot());
}

#[test]
fn sarif_fingerprints_survive_lines_added_above() {
    let dir = temp_fixtures();
    let first = run(dir.path(), &["check", "specs/flawed.md", "--format", "sarif"]);
    let path = dir.path().join("specs/flawed.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let shifted = text.replacen("## 1. 非機能要件", "## 0. はじめに\n\n前書きを追加した。\n\n## 1. 非機能要件", 1);
    std::fs::write(&path, shifted).unwrap();
    let second = run(dir.path(), &["check", "specs/flawed.md", "--format", "sarif"]);
    let prints = |r: &Run| -> Vec<(String, String, u64)> {
        json(r)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|res| {
                (
                    res["ruleId"].as_str().unwrap().to_string(),
                    res["partialFingerprints"]["chotatsu/v1"].as_str().unwrap().to_string(),
                    res["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (prints(&first), prints(&second));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, &x.1), (&y.0, &y.1), "same rule and fingerprint");
    }
    assert!(a.iter().zip(&b).any(|(x, y)| x.2 != y.2), "lines did move");
    // Two hits of the same text in one file get different fingerprints.
    let mut fps: Vec<&String> = a.iter().map(|x| &x.1).collect();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), a.len());
}

#[test]
fn github_annotations() {
    let r = run(&fixtures(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    for line in r.stdout.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
    }
    assert_snapshot!("github", r.snapshot());
}

#[test]
fn csv_has_a_bom_a_header_and_one_row_per_finding() {
    let r = run(&fixtures(), &["check", "--format", "csv"]);
    assert_eq!(r.code, 1);
    let body = r.stdout.strip_prefix('\u{feff}').expect("UTF-8 BOM first, for Excel");
    let rows: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows[0], "path,line,column,end_line,end_column,paragraph,severity,rule,message,help,suppressed,reason");
    assert_eq!(rows.len() - 1, 10 + 2, "10 findings and 2 suppressed ones");
    assert!(!body.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    // Shown with LF line ends so that the snapshot file is plain text.
    let r = Run { stdout: body.replace("\r\n", "\n"), ..r };
    assert_snapshot!("csv", r.snapshot());
}

fn strip_style(html: &str) -> String {
    let start = html.find("<style>").expect("inline CSS");
    let end = html.find("</style>").expect("inline CSS ends") + "</style>".len();
    format!("{}<style>…</style>{}", &html[..start], &html[end..])
}

#[test]
fn html_report_is_self_contained() {
    let r = run(&fixtures(), &["check", "--format", "html"]);
    assert_eq!(r.code, 1);
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no script");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "no remote resources");
    assert!(!html.contains("<link"), "no external stylesheet");
    assert_eq!(html.matches("<svg").count(), 2, "two inline charts");
    for status in ["充足", "未充足", "免除", "対象外"] {
        assert!(html.contains(&format!("\">{status}</span>")), "review sheet shows {status}");
    }
    assert!(html.contains("別紙「情報セキュリティ要件書」で規定するため"), "waiver reason shown");
    assert!(html.contains("@media print"));
    let r = Run { stdout: strip_style(&r.stdout), ..r };
    assert_snapshot!("html", r.snapshot());
}

#[test]
fn html_escapes_document_text() {
    let dir = temp_fixtures();
    std::fs::write(
        dir.path().join("specs/evil.md"),
        "# 仕様書 <img src=x onerror=alert(1)>\n\n「<script>alert('x')</script>」の瑕疵担保責任を負う。\n",
    )
    .unwrap();
    let r = run(dir.path(), &["check", "specs/evil.md", "--format", "html"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("<script"), "{}", r.stdout);
    assert!(!r.stdout.contains("<img"));
    assert!(r.stdout.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

// ---------------------------------------------------------------- exit codes and options

#[test]
fn exit_codes_follow_fail_on() {
    let f = fixtures();
    let code = |args: &[&str]| run(&f, args).code;
    assert_eq!(code(&["check", "specs/clean.md"]), 0, "no finding");
    assert_eq!(code(&["check", "specs/flawed.md"]), 1, "errors and warnings");
    // extracted.txt has one warning and nothing else.
    assert_eq!(code(&["check", "specs/extracted.txt"]), 1);
    assert_eq!(code(&["check", "specs/extracted.txt", "--fail-on", "error"]), 0);
    assert_eq!(code(&["check", "specs/extracted.txt", "--fail-on", "warning"]), 1);
    // Only the info finding of flawed.md.
    let info_only = ["check", "specs/flawed.md", "--select", "wording", "--ignore", "legal"];
    let r = run(&f, &[&info_only[..], &["--fail-on", "warning", "--format", "json"]].concat());
    assert_eq!(r.code, 1, "適宜 is a warning");
    assert_eq!(code(&[&info_only[..], &["--fail-on", "error"]].concat()), 0);
    // Suppressed findings never count: flawed.md's suppressed vague term is a warning.
    assert_eq!(code(&["check", "specs/clean.md", "--fail-on", "info"]), 0);
    assert_eq!(code(&["check", "specs/flawed.md", "--select", "security", "--fail-on", "info"]), 0);
}

#[test]
fn select_and_ignore_take_ids_and_areas() {
    let f = fixtures();
    let rules_of = |args: &[&str]| -> Vec<String> {
        let r = run(&f, &[&["check", "--format", "json"], args].concat());
        let mut ids: Vec<String> = json(&r)["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(rules_of(&["--select", "legal"]), ["legal/contract-nonconformity"]);
    assert_eq!(rules_of(&["--select", "nfr/availability,cloud"]), ["cloud/on-premises", "nfr/availability"]);
    assert_eq!(
        rules_of(&["--ignore", "legal", "--ignore", "wording/vague-term"]),
        ["cloud/on-premises", "nfr/availability", "security/supply-chain"]
    );
}

#[test]
fn rules_ruled_out_on_the_command_line_stay_known() {
    // `--select` / `--ignore` leave the other rules out of the matcher; a configuration, a
    // suppression comment or an `--ignore` that names one of them is still valid.
    let dir = temp_fixtures();
    std::fs::write(dir.path().join("chotatsu.yaml"), "rules:\n  nfr/availability: info\n  cloud: warning\n").unwrap();
    std::fs::write(
        dir.path().join("specs/left-out.md"),
        "# 仕様\n\n<!-- chotatsu-disable-next-line wording/vague-term -- 審査済み -->\n受注者は、適宜報告すること。\n\n受注者は、成果物の瑕疵担保責任を負う。\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["check", "specs/left-out.md", "--select", "legal", "--ignore", "security", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let report = json(&r);
    let rules: Vec<&str> =
        report["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["legal/contract-nonconformity"]);
}

#[test]
fn unknown_selector_is_a_usage_error_with_a_suggestion() {
    let r = run(&fixtures(), &["check", "--select", "nfr/availabilty"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert_snapshot!("unknown_select", r.snapshot());
}

#[test]
fn profile_on_the_command_line_beats_front_matter_and_config() {
    let f = fixtures();
    // extracted.txt: 稼働率９９．９９％ is above the standard limit (99.9%), not above high's (99.99%).
    assert_eq!(run(&f, &["check", "specs/extracted.txt"]).code, 1);
    assert_eq!(run(&f, &["check", "specs/extracted.txt", "--profile", "high"]).code, 0);
    // high-profile.md says `profile: high` in its front matter: quiet, unless --profile standard.
    let r = run(&f, &["check", "specs/high-profile.md", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(json(&r)["files"][0]["profile"], "high");
    let r = run(&f, &["check", "specs/high-profile.md", "--profile", "standard", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r)["files"][0]["profile"], "standard");
    assert_eq!(json(&r)["files"][0]["diagnostics"][0]["rule"], "nfr/availability");
    // Severity per profile: cloud/on-premises is info under low, error under high.
    let sev = |p: &str| {
        let r = run(&f, &["check", "specs/flawed.md", "--select", "cloud", "--format", "json", "--profile", p]);
        json(&r)["files"][0]["diagnostics"][0]["severity"].as_str().unwrap().to_string()
    };
    assert_eq!((sev("low"), sev("standard"), sev("high")), ("info".into(), "warning".into(), "error".into()));
}

#[test]
fn quiet_prints_findings_only() {
    let r = run(&fixtures(), &["check", "specs/extracted.txt", "--quiet"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("件の指摘"), "no summary line");
    assert!(r.stdout.contains("nfr/availability"));
    assert!(r.stderr.is_empty());
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let r = run(&fixtures(), &["check", "specs/flawed.md", "--format", "json", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("に書き出しました: 6 件の指摘（エラー 2、警告 3、情報 1）、抑止 2 件、1 ファイル"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 2);
    // A report left in the linted folder by the previous run is not linted.
    let dir = temp_fixtures();
    for _ in 0..2 {
        let r = run(dir.path(), &["check", "specs", "--output", "specs/report.txt"]);
        assert_eq!(r.code, 1);
    }
    let report = std::fs::read_to_string(dir.path().join("specs/report.txt")).unwrap();
    assert!(report.ends_with("、5 ファイル\n"), "{report}");
}

#[test]
fn config_option_replaces_discovery() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixtures().join("pack"), &dir.path().join("pack"));
    // Only the legal rule, and as a warning.
    std::fs::write(
        dir.path().join("strict.yaml"),
        "builtin: false\npacks: [pack/legal/contract-nonconformity.yaml]\nrules:\n  legal/contract-nonconformity: warning\n",
    )
    .unwrap();
    let cfg = dir.path().join("strict.yaml");
    let r = run(&fixtures(), &["check", "specs/flawed.md", "--config", cfg.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let legal: Vec<&Value> = diags.iter().filter(|d| d["rule"] == "legal/contract-nonconformity").collect();
    assert_eq!(legal.len(), 2);
    assert!(legal.iter().all(|d| d["severity"] == "warning"), "level from the config");
    // The waiver and the suppression comment in flawed.md name rules this config does not have.
    let others: Vec<&str> =
        diags.iter().map(|d| d["rule"].as_str().unwrap()).filter(|r| !r.starts_with("legal/")).collect();
    assert_eq!(others, ["chotatsu/unknown-rule", "chotatsu/unknown-rule"]);
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    // `script` gives the binary a pseudo-terminal.
    let has_script = std::process::Command::new("script").arg("--version").output().is_ok();
    assert!(has_script, "`script` (util-linux) is needed for this test: apt-get install bsdutils");
    let bin = env!("CARGO_BIN_EXE_chotatsu");
    let tty = |extra: &str, env: &[(&str, &str)]| -> String {
        let cmd = format!("{bin} check specs/flawed.md --select legal {extra}");
        let out = std::process::Command::new("script")
            .current_dir(fixtures())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .envs(env.iter().copied())
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(tty("", &[]).contains('\u{1b}'), "coloured on a terminal");
    assert!(!tty("--no-color", &[]).contains("\u{1b}["), "--no-color");
    assert!(!tty("", &[("NO_COLOR", "1")]).contains("\u{1b}["), "NO_COLOR");
}

#[test]
fn progress_bar_only_on_a_terminal_outside_ci_and_not_quiet() {
    let bin = env!("CARGO_BIN_EXE_chotatsu");
    let dir = temp_fixtures();
    for i in 0..8 {
        std::fs::copy(dir.path().join("specs/flawed.md"), dir.path().join(format!("specs/copy-{i}.md"))).unwrap();
    }
    // stderr on a pseudo-terminal, stdout to /dev/null.
    let stderr_on_tty = |extra: &str, env: &[(&str, &str)]| -> String {
        let out = std::process::Command::new("script")
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .envs(env.iter().copied())
            .args(["-qec", &format!("{bin} check specs {extra} > /dev/null"), "/dev/null"])
            .output()
            .expect("`script` (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(stderr_on_tty("", &[]).contains("/13"), "a bar counting 13 files");
    assert!(!stderr_on_tty("", &[("CI", "true")]).contains("/13"), "not in CI");
    assert!(!stderr_on_tty("--quiet", &[]).contains("/13"), "not with --quiet");
    // Not a terminal: nothing on stderr at all.
    let r = run(dir.path(), &["check", "specs"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn no_files_found_is_said_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 0);
    assert_snapshot!("no_files", r.snapshot());
}

// ---------------------------------------------------------------- error paths

#[test]
fn bad_config_is_reported_with_its_position_and_files_are_still_linted() {
    // The broken chotatsu.yaml is replaced by the built-in defaults; the output then depends on the
    // built-in rules, so only stderr is pinned.
    let dir = common::tests_dir().join("broken/config");
    let r = run(&dir, &["check", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("[chotatsu.yaml:5:1]"), "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["files"][0]["path"], "spec.md");
    assert!(!v["files"][0]["diagnostics"].as_array().unwrap().is_empty(), "linted with the defaults");
    assert_snapshot!("bad_config_stderr", r.stderr);
}

#[test]
fn bad_rule_pack_points_at_file_line_column_and_the_good_rules_still_run() {
    let r = run(&common::tests_dir().join("broken/pack"), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("[rules/wording/bad-regex.yaml:6:10]"), "{}", r.stderr);
    assert!(r.stdout.contains("legal/contract-nonconformity"), "the good rule ran");
    assert_snapshot!("bad_pack", r.snapshot());
}

#[test]
fn unreadable_file_is_reported_and_the_others_are_linted() {
    let dir = temp_fixtures();
    std::fs::write(dir.path().join("specs/broken.docx"), "これは Word ファイルではない").unwrap();
    let r = run(dir.path(), &["check", "specs"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("specs/broken.docx: 読めません"), "{}", r.stderr);
    assert!(r.stdout.contains("、5 ファイル、読めなかったファイル 1 件"), "{}", r.stdout);
    assert_snapshot!("unreadable", r.snapshot());
    let r = run(dir.path(), &["check", "specs", "--format", "json"]);
    assert_eq!(r.code, 2);
    let v = json(&r);
    let broken = v["files"].as_array().unwrap().iter().find(|f| f["path"] == "specs/broken.docx").unwrap();
    assert!(broken["error"].as_str().unwrap().starts_with("読めません"));
    assert_eq!(v["summary"]["files"], 5);
}

#[test]
fn unsupported_or_missing_files_named_explicitly_are_errors() {
    let dir = temp_fixtures();
    std::fs::write(dir.path().join("notes.pdf"), "%PDF-1.7").unwrap();
    let r = run(dir.path(), &["check", "notes.pdf", "missing.md", "specs/clean.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .ends_with("0 件の指摘（エラー 0、警告 0、情報 0）、抑止 0 件、1 ファイル、読めなかったファイル 2 件\n")
    );
    assert_snapshot!("unsupported_and_missing", r.snapshot());
}

#[test]
fn walking_respects_gitignore_and_config_globs_but_named_files_are_always_linted() {
    let dir = temp_fixtures();
    let root = dir.path();
    std::fs::create_dir_all(root.join("specs/drafts")).unwrap();
    std::fs::create_dir_all(root.join("specs/old")).unwrap();
    std::fs::copy(root.join("specs/flawed.md"), root.join("specs/drafts/draft.md")).unwrap();
    std::fs::copy(root.join("specs/flawed.md"), root.join("specs/old/old.md")).unwrap();
    std::fs::write(root.join("specs/notes.yaml"), "not a spec").unwrap();
    std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    let cfg = std::fs::read_to_string(root.join("chotatsu.yaml")).unwrap() + "exclude: [\"specs/old/**\"]\n";
    std::fs::write(root.join("chotatsu.yaml"), cfg).unwrap();
    let paths = |args: &[&str]| -> Vec<String> {
        let r = run(root, &[&["check", "--format", "json"], args].concat());
        json(&r)["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(
        paths(&[]),
        ["specs/clean.md", "specs/extracted.txt", "specs/flawed.md", "specs/high-profile.md", "specs/wide.md"]
    );
    assert_eq!(paths(&["specs/old/old.md", "specs/drafts/draft.md"]), ["specs/drafts/draft.md", "specs/old/old.md"]);
    let with_include = std::fs::read_to_string(root.join("chotatsu.yaml")).unwrap() + "include: [\"**/*.txt\"]\n";
    std::fs::write(root.join("chotatsu.yaml"), with_include).unwrap();
    assert_eq!(paths(&["specs"]), ["specs/extracted.txt"]);
}

#[test]
fn stdin_uses_the_given_name_for_format_config_and_display() {
    let text = "# 仕様書\n\n受注者は瑕疵担保責任を負う。\n".as_bytes();
    let r = run_stdin(&fixtures(), &["check", "-", "--stdin-filename", "specs/from-editor.md"], text);
    assert_eq!(r.code, 1);
    assert_snapshot!("stdin", r.snapshot());
    // Without a name: shown as <stdin>, read as Markdown, configuration of the current folder.
    let r = run_stdin(&fixtures(), &["check", "-", "--format", "json"], text);
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 2, "legal and supply-chain from the test pack");
}

#[test]
fn fix_on_stdin_is_refused() {
    let r = run_stdin(&fixtures(), &["check", "-", "--fix"], b"x");
    assert_eq!(r.code, 2);
    assert_snapshot!("stdin_fix", r.snapshot());
}

#[test]
fn docx_findings_carry_paragraph_numbers() {
    let dir = temp_fixtures();
    let bytes = common::docx(&[
        ("Title", "〇〇システム 調達仕様書"),
        ("Heading1", "第1章 概要"),
        ("", "本業務は〇〇を行う。"),
        ("", "受注者は、成果物の瑕疵担保責任を負う。"),
    ]);
    std::fs::write(dir.path().join("specs/spec.docx"), bytes).unwrap();
    let r = run(dir.path(), &["check", "specs/spec.docx", "--select", "legal", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = &json(&r)["files"][0]["diagnostics"][0];
    assert_eq!(d["paragraph"], 4);
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(4), Some(10)));
    let r = run(dir.path(), &["check", "specs/spec.docx", "--select", "legal"]);
    assert_snapshot!("docx_human", r.snapshot());
}

#[test]
fn shift_jis_text_is_decoded_and_columns_count_characters() {
    let dir = temp_fixtures();
    let (bytes, _, bad) =
        encoding_rs::SHIFT_JIS.encode("〇〇業務 仕様書\n\n第１章 概要\n受注者は、瑕疵担保責任を負う。\n");
    assert!(!bad);
    std::fs::write(dir.path().join("specs/sjis.txt"), &bytes).unwrap();
    let r = run(dir.path(), &["check", "specs/sjis.txt", "--select", "legal", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let d = &json(&r)["files"][0]["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(4), Some(6)));
}

#[test]
fn repository_fixtures_can_be_checked() {
    // The shared fixtures change with the built-in rules; check the run, not the findings.
    let root = common::workspace();
    let r = run(&root, &["check", "fixtures/", "--format", "json"]);
    assert!(r.code == 1 || r.code == 2, "{}", r.stderr);
    let v = json(&r);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"fixtures/specs/flawed-spec.md"), "{paths:?}");
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted");
    // Every file that could not be read is named on stderr.
    for f in v["files"].as_array().unwrap().iter().filter(|f| f.get("error").is_some()) {
        assert!(r.stderr.contains(f["path"].as_str().unwrap()));
    }
}

#[test]
fn output_is_the_same_on_every_run() {
    let a = run(&fixtures(), &["check", "--format", "json"]);
    let b = run(&fixtures(), &["check", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn hostile_word_files_are_named_and_the_others_are_still_linted() {
    // The repository's hostile fixtures: zip bombs (honest and lying sizes), entity expansion,
    // a truncated package, a legacy .doc and a PDF renamed .docx, an empty file.
    let root = common::workspace();
    let hostile = root.join("fixtures/docx/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|e| format!("fixtures/docx/hostile/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "{names:?}");
    let mut args = vec!["check", "--format", "json", "--select", "legal"];
    args.extend(names.iter().map(String::as_str));
    args.push("fixtures/docx/spec-pandoc.docx");
    let r = run(&root, &args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v = json(&r);
    for name in &names {
        let file = v["files"].as_array().unwrap().iter().find(|f| f["path"] == name.as_str()).unwrap();
        assert!(file["error"].as_str().is_some_and(|e| e.starts_with("読めません")), "{name}: {file}");
        assert!(r.stderr.contains(name.as_str()), "{name} is not named on stderr:\n{}", r.stderr);
    }
    assert_eq!(v["summary"]["files"], 1, "the good file is linted");
    let mut report: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| Some(format!("{}: {}", f["path"].as_str()?, f["error"].as_str()?)))
        .collect();
    report.sort();
    assert_snapshot!("hostile_docx", report.join("\n"));
}
