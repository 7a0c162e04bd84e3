//! End-to-end tests: the real `chotatsu-lsp` binary over stdio.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;

use common::{Client, action_edits, apply_edits, file_uri, push_caps};
use serde_json::{Value, json};
use std::time::Duration;

const RULE: &str = "legal/contract-nonconformity";
/// CRLF line endings, and 𠮷 (outside the BMP: 4 bytes, 2 UTF-16 units) before the finding.
const DOC: &str = "# 調達仕様書\r\n\r\n𠮷田は瑕疵担保責任を負う。\r\n";
const URI: &str = "file:///tmp/chotatsu-lsp-test/spec.md";

fn findings<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == rule).collect()
}

fn range(sl: u64, sc: u64, el: u64, ec: u64) -> Value {
    json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } })
}

#[test]
fn version_flag() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chotatsu-lsp")).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("chotatsu-lsp {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn initialize_capabilities() {
    let (c, mut result) = Client::initialized(push_caps(), Value::Null, None);
    result["serverInfo"]["version"] = json!("[version]");
    insta::assert_json_snapshot!("capabilities_utf16", result);
    assert!(c.shutdown().success());
}

#[test]
fn utf16_range_hover_code_action_and_change() {
    let (mut c, init) = Client::initialized(push_caps(), Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.open(URI, "markdown", 1, DOC);
    let diags = c.diagnostics(URI, Some(1));
    let found = findings(&diags, RULE);
    assert_eq!(found.len(), 1, "{diags:#?}");
    let d = found[0].clone();
    // 𠮷 counts 2 UTF-16 units: 瑕疵担保責任 is at 4..10 on line 2.
    assert_eq!(d["range"], range(2, 4, 2, 10));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "chotatsu");
    assert!(d["message"].as_str().unwrap().contains("契約不適合責任"));
    assert_eq!(
        d["codeDescription"]["href"],
        "https://github.com/chotatsu/chotatsu/blob/main/docs/rules.md#legal-contract-nonconformity"
    );

    // Hover on 担 (inside the finding).
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 7 } }),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains(RULE), "{md}");
    assert!(md.contains("改正前の民法の用語"), "title missing: {md}");
    assert!(md.contains("民法の一部を改正する法律"), "references missing: {md}");
    assert_eq!(hover["range"], range(2, 4, 2, 10));
    // Hover before 𠮷 finds nothing.
    let none = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 0 } }),
    );
    assert!(none.is_null());

    // Code action: the substitution.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": range(2, 5, 2, 5),
            "context": { "diagnostics": [d], "only": ["quickfix"] }
        }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("契約不適合責任"))
        .unwrap_or_else(|| panic!("no substitution among {actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["edit"]["documentChanges"][0]["textDocument"]["version"], 1);
    let edits = action_edits(fix);
    let fixed = apply_edits(DOC, &edits);
    assert_eq!(fixed, "# 調達仕様書\r\n\r\n𠮷田は契約不適合責任を負う。\r\n");
    assert!(actions.iter().any(|a| a["title"].as_str().unwrap().contains("抑止")));

    // The editor applies it: an incremental change clears the finding.
    let changes: Vec<Value> = edits.iter().map(|e| json!({ "range": e["range"], "text": e["newText"] })).collect();
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": changes }),
    );
    let diags = c.diagnostics(URI, Some(2));
    assert!(findings(&diags, RULE).is_empty(), "{diags:#?}");
    assert!(c.shutdown().success());
}

#[test]
fn utf8_positions_when_offered() {
    let mut caps = push_caps();
    caps["general"] = json!({ "positionEncodings": ["utf-8", "utf-16"] });
    let (mut c, init) = Client::initialized(caps, Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.open(URI, "markdown", 1, DOC);
    let diags = c.diagnostics(URI, Some(1));
    let found = findings(&diags, RULE);
    // Bytes: 𠮷 4 + 田 3 + は 3 = 10; six kanji of 3 bytes end at 28.
    assert_eq!(found[0]["range"], range(2, 10, 2, 28));
    // An incremental edit in bytes: replace 瑕疵担保責任.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [{ "range": range(2, 10, 2, 28), "text": "契約不適合責任" }] }),
    );
    let diags = c.diagnostics(URI, Some(2));
    assert!(findings(&diags, RULE).is_empty(), "{diags:#?}");
    assert!(c.shutdown().success());
}

#[test]
fn suppression_and_fix_all_actions() {
    let text = "# 調達仕様書\n\n- 受注者は瑕疵担保責任を負う。\n  瑕疵担保期間は1年とする。\n";
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.open(URI, "markdown", 1, text);
    let diags = c.diagnostics(URI, Some(1));
    assert_eq!(findings(&diags, RULE).len(), 2, "{diags:#?}");

    // Suppress the second (an indented continuation line): the comment keeps the indent.
    let second = findings(&diags, RULE)[1].clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": second["range"],
                "context": { "diagnostics": [second] } }),
    );
    let suppress =
        actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().contains("抑止")).cloned().unwrap();
    let suppressed = apply_edits(text, &action_edits(&suppress));
    assert_eq!(
        suppressed,
        "# 調達仕様書\n\n- 受注者は瑕疵担保責任を負う。\n  <!-- chotatsu-disable-next-line legal/contract-nonconformity -- 理由を記入してください -->\n  瑕疵担保期間は1年とする。\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": suppressed }] }),
    );
    let diags = c.diagnostics(URI, Some(2));
    assert_eq!(findings(&diags, RULE).len(), 1, "{diags:#?}");

    // Fix all, asked for as a source action.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": text }] }),
    );
    c.diagnostics(URI, Some(3));
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 0, 0),
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.chotatsu");
    let all = apply_edits(text, &action_edits(&actions[0]));
    assert_eq!(all, "# 調達仕様書\n\n- 受注者は契約不適合責任を負う。\n  契約不適合責任の期間は1年とする。\n");
    assert!(c.shutdown().success());
}

#[test]
fn related_information_and_model_clause_on_a_flawed_spec() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/specs/flawed-spec.md")).unwrap();
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.open(URI, "markdown", 1, &text);
    let diags = c.diagnostics(URI, Some(1));
    // Labels become related information (a justify rule points at its section's heading).
    let related: Vec<&Value> = diags.iter().filter_map(|d| d["relatedInformation"].as_array()).flatten().collect();
    assert!(!related.is_empty(), "no relatedInformation: {diags:#?}");
    assert_eq!(related[0]["location"]["uri"], URI);
    assert!(related[0]["message"].as_str().unwrap().contains("理由"), "{related:#?}");
    // Any require finding whose action inserts a model clause.
    let mut inserted = false;
    for d in &diags {
        let actions = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": d["range"],
                    "context": { "diagnostics": [d], "only": ["quickfix"] } }),
        );
        if let Some(a) =
            actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().starts_with("模範条項を"))
        {
            assert_eq!(a["isPreferred"], false);
            let after = apply_edits(&text, &action_edits(a));
            assert!(after.len() > text.len());
            inserted = true;
            break;
        }
    }
    assert!(inserted, "no model clause action on flawed-spec.md: {diags:#?}");
    assert!(c.shutdown().success());
}

#[test]
fn pull_diagnostics() {
    let mut caps = push_caps();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let (mut c, _) = Client::initialized(caps, Value::Null, None);
    c.open(URI, "markdown", 1, DOC);
    let report = c.request("textDocument/diagnostic", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert_eq!(findings(items, RULE)[0]["range"], range(2, 4, 2, 10));
    let again = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI }, "previousResultId": report["resultId"] }),
    );
    assert_eq!(again["kind"], "unchanged");
    // A pulling client gets no pushed diagnostics (it would show them twice).
    assert!(
        c.try_wait_notification("textDocument/publishDiagnostics", &|p| p["uri"] == URI, Duration::from_millis(500))
            .is_none()
    );
    // Unknown document: an empty report.
    let unknown = c.request("textDocument/diagnostic", json!({ "textDocument": { "uri": "file:///nowhere.md" } }));
    assert_eq!(unknown["items"], json!([]));
    assert!(c.shutdown().success());
}

fn outline(s: &Value, depth: usize, out: &mut Vec<String>) {
    for sym in s.as_array().into_iter().flatten() {
        out.push(format!(
            "{}{} @{}",
            "  ".repeat(depth),
            sym["name"].as_str().unwrap(),
            sym["selectionRange"]["start"]["line"]
        ));
        outline(&sym["children"], depth + 1, out);
    }
}

#[test]
fn document_symbols_are_the_outline() {
    let text = "# 調達仕様書\n\n## 1. 概要\n\n本文。\n\n### 1.1 目的\n\n本文。\n\n## 2. 要件\n\n本文。\n";
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.open(URI, "markdown", 1, text);
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let mut lines = Vec::new();
    outline(&symbols, 0, &mut lines);
    assert_eq!(lines, ["調達仕様書 @0", "  1. 概要 @2", "    1.1 目的 @6", "  2. 要件 @10"]);
    assert!(c.shutdown().success());
}

#[test]
fn client_settings_turn_rules_off_and_change_levels() {
    // initializationOptions
    let opts = json!({ "rules": { RULE: "off" }, "failLevel": "error" });
    let (mut c, _) = Client::initialized(push_caps(), opts, None);
    c.open(URI, "markdown", 1, DOC);
    assert!(findings(&c.diagnostics(URI, Some(1)), RULE).is_empty());
    assert!(c.shutdown().success());

    // workspace/configuration, pulled after `initialized` and on didChangeConfiguration
    let mut caps = push_caps();
    caps["workspace"]["configuration"] = json!(true);
    let mut c = Client::spawn();
    c.configuration = json!({ "profile": "high", "rules": { RULE: "info" } });
    c.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": caps }));
    c.notify("initialized", json!({}));
    c.open(URI, "markdown", 1, DOC);
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == RULE && d["severity"] == 3))
    });
    c.configuration = json!({ "rules": { RULE: "warning" } });
    c.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == RULE && d["severity"] == 2))
    });
    assert!(c.shutdown().success());
}

fn has_rule(p: &Value, rule: &str) -> bool {
    p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == rule))
}

#[test]
fn config_reload_and_bad_config_keep_last_good_rules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("仕様書")).unwrap();
    // A Japanese folder and a space: the URI is percent-encoded both ways.
    let spec = root.join("仕様書/調達 仕様書.md");
    std::fs::write(&spec, DOC).unwrap();
    let cfg = root.join("chotatsu.yaml");
    let spec_uri = file_uri(&spec);
    let cfg_uri = file_uri(&cfg);
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, Some(&file_uri(&root)));
    c.open(&spec_uri, "markdown", 1, DOC);
    assert_eq!(findings(&c.diagnostics(&spec_uri, Some(1)), RULE).len(), 1);
    // The server registered its file watcher dynamically.
    assert!(
        c.server_requests.iter().any(|r| r["method"] == "client/registerCapability"
            && r["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"),
        "{:#?}",
        c.server_requests
    );

    // A new chotatsu.yaml turns the rule off.
    std::fs::write(&cfg, format!("rules:\n  {RULE}: off\n")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": cfg_uri, "type": 1 }] }));
    c.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == spec_uri.as_str() && !has_rule(p, RULE));

    // Changed: now a warning.
    std::fs::write(&cfg, format!("rules:\n  {RULE}: warning\n")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": cfg_uri, "type": 2 }] }));
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == spec_uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == RULE && d["severity"] == 2))
    });

    // Broken: a diagnostic on the config file, a message, and the last good rules stay.
    std::fs::write(&cfg, format!("rules:\n  {RULE}: warning\nprofil: high\n")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": cfg_uri, "type": 2 }] }));
    let on_cfg = c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == cfg_uri.as_str() && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let d = &on_cfg["diagnostics"][0];
    assert_eq!(d["code"], "chotatsu::unknown_key");
    assert_eq!(d["range"]["start"]["line"], 2, "{d:#?}");
    assert!(d["message"].as_str().unwrap().contains("profile"), "{d:#?}");
    let msg = c.wait_notification("window/showMessage", |_| true);
    assert_eq!(msg["type"], 1);
    // Still serving, still with the last good rules (the rule is a warning, not an error).
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": spec_uri, "version": 2 },
                "contentChanges": [{ "range": range(0, 0, 0, 0), "text": "\r\n" }] }),
    );
    let diags = c.diagnostics(&spec_uri, Some(2));
    assert_eq!(findings(&diags, RULE)[0]["severity"], 2, "{diags:#?}");

    // Fixed: the config file's diagnostics are cleared.
    std::fs::write(&cfg, format!("rules:\n  {RULE}: info\n")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": cfg_uri, "type": 2 }] }));
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == cfg_uri.as_str() && p["diagnostics"] == json!([])
    });
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == spec_uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == RULE && d["severity"] == 3))
    });

    // Deleted: back to the built-in defaults (an error).
    std::fs::remove_file(&cfg).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": cfg_uri, "type": 3 }] }));
    c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == spec_uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == RULE && d["severity"] == 1))
    });
    assert!(c.shutdown().success());
}

#[test]
fn bad_config_at_start_and_bad_rule_pack() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let spec = root.join("spec.md");
    let cfg = root.join("chotatsu.yaml");
    std::fs::create_dir_all(root.join("pack/nfr")).unwrap();
    let rule = root.join("pack/nfr/example.yaml");
    std::fs::write(&cfg, "packs: [pack]\nrules:\n  nosuch/rule: off\n").unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rule-files/invalid-regex.yaml"), &rule).unwrap();
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, Some(&file_uri(&root)));
    c.open(&file_uri(&spec), "markdown", 1, DOC);
    // The broken rule file and the unknown selector are shown on their files.
    let on_rule = c.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == file_uri(&rule).as_str());
    assert_eq!(on_rule["diagnostics"][0]["severity"], 1, "{on_rule:#?}");
    let on_cfg = c.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == file_uri(&cfg).as_str());
    assert_eq!(on_cfg["diagnostics"][0]["code"], "chotatsu::config::unknown_rule");
    assert_eq!(on_cfg["diagnostics"][0]["severity"], 2);
    c.wait_notification("window/showMessage", |m| m["type"] == 1);
    // The document is still linted with the rules that loaded.
    let diags = c.diagnostics(&file_uri(&spec), Some(1));
    assert_eq!(findings(&diags, RULE).len(), 1);
    assert!(c.shutdown().success());
}

#[test]
fn bad_requests_do_not_stop_the_server() {
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    // Not JSON.
    c.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    // JSON, but not JSON-RPC, with an id: answered with an error under that id.
    c.send(&json!({ "id": 77, "hello": "world" }));
    let resp = c.wait_response(&json!(77));
    assert_eq!(resp["error"]["code"], -32600, "{resp}");
    // No Content-Length.
    c.send_raw(b"X-Nothing: 1\r\n\r\n");
    // Unknown method.
    let resp = c.request_full("chotatsu/nothing", json!({}));
    assert_eq!(resp["error"]["code"], -32601);
    // Bad params.
    let resp = c.request_full("textDocument/hover", json!({ "nope": 1 }));
    assert_eq!(resp["error"]["code"], -32602);
    // Unknown documents: ignored or empty answers.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nowhere.md", "version": 2 },
                "contentChanges": [{ "range": range(0, 0, 0, 0), "text": "x" }] }),
    );
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere.md" }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(hover.is_null());
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": "file:///nowhere.md" }, "range": range(0, 0, 0, 0),
                "context": { "diagnostics": [] } }),
    );
    assert!(actions.is_null());
    // Out-of-range edits are clamped: past the last line appends, past a line's end goes to its end,
    // inside the surrogate pair of 𠮷 lands before it.
    c.open(URI, "markdown", 1, DOC);
    c.diagnostics(URI, Some(1));
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [
            { "range": range(999, 5, 1000, 0), "text": "末尾。" },
            { "range": range(0, 500, 0, 600), "text": "（案）" },
            { "range": range(2, 1, 2, 1), "text": "＊" },
            { "range": range(2, 9, 2, 3), "text": "" }
        ] }),
    );
    let diags = c.diagnostics(URI, Some(2));
    // The reversed range 9..3 (after ＊ at 0) deleted 田は瑕疵担保: the finding is gone.
    assert!(findings(&diags, RULE).is_empty(), "{diags:#?}");
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(symbols[0]["name"], "調達仕様書（案）");
    // Hover far out of range.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 4_000_000_000u64, "character": 4_000_000_000u64 } }),
    );
    assert!(hover.is_null());
    assert!(c.alive());
    assert!(c.shutdown().success());
}

#[test]
fn huge_document_gets_a_notice_not_a_hang() {
    let big = "本システムは、受注者が適切に運用すること。\n".repeat(300_000); // about 18 MB
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.open(URI, "markdown", 1, &big);
    let diags = c.diagnostics(URI, Some(1));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "chotatsu/too-large");
    assert!(c.shutdown().success());
}

#[test]
fn rapid_changes_publish_in_version_order_and_drop_stale_runs() {
    let (mut c, _) = Client::initialized(push_caps(), json!({ "debounceMs": 300 }), None);
    c.open(URI, "markdown", 1, DOC);
    c.diagnostics(URI, Some(1));
    for v in 2..=11 {
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": v },
                    "contentChanges": [{ "range": range(3, 0, 3, 0), "text": "瑕疵担保責任。\r\n" }] }),
        );
    }
    let last = c.diagnostics(URI, Some(11));
    assert_eq!(findings(&last, RULE).len(), 11);
    let stale: Vec<&Value> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .collect();
    assert!(stale.is_empty(), "published for intermediate versions: {stale:#?}");
    assert!(c.shutdown().success());
}

#[test]
fn plaintext_documents_and_close() {
    let uri = "file:///tmp/chotatsu-lsp-test/spec.txt";
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.open(uri, "plaintext", 1, "第１章　概要\r\n𠮷田は瑕疵担保責任を負う。\r\n");
    let diags = c.diagnostics(uri, Some(1));
    assert_eq!(findings(&diags, RULE)[0]["range"], range(1, 4, 1, 10));
    // Not ours: a Rust file is ignored.
    c.open("file:///tmp/x.rs", "rust", 1, "fn main() {}");
    c.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    let cleared = c.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert!(c.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    c.notify("exit", Value::Null);
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_server_even_with_requests_pending() {
    // `initialized` makes the server ask the client to register a file watcher; this client never
    // answers, then goes away.
    let (mut c, _) = Client::initialized(push_caps(), Value::Null, None);
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(1));
}

/// The test hook that makes handlers panic (see `TEST_PANIC_ENV` in `src/server.rs`).
const PANIC_HOOK: (&str, &str) = ("CHOTATSU_LSP_TEST_PANIC", "1");
const PANIC_COMMAND: &str = "chotatsu.debug.panic";
const PANIC_NOTIFICATION: &str = "$/chotatsu/debugPanic";

/// The document is still served after a panic: hover (through the session lock the panic poisoned)
/// and a change that is linted and published.
fn still_serving(c: &mut Client, version: i64) {
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 7 } }),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains(RULE), "{hover:#?}");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{ "range": range(2, 4, 2, 10), "text": "契約不適合責任" }] }),
    );
    let diags = c.diagnostics(URI, Some(version));
    assert!(findings(&diags, RULE).is_empty(), "{diags:#?}");
    assert!(c.alive());
}

#[test]
fn a_panicking_request_is_answered_with_an_internal_error_and_the_server_keeps_serving() {
    let (mut c, init) = Client::initialized_with_env(&[PANIC_HOOK], push_caps(), Value::Null, None);
    assert_eq!(init["capabilities"]["executeCommandProvider"]["commands"], json!([PANIC_COMMAND]));
    c.open(URI, "markdown", 1, DOC);
    assert_eq!(findings(&c.diagnostics(URI, Some(1)), RULE).len(), 1);

    let resp = c.request_full("workspace/executeCommand", json!({ "command": PANIC_COMMAND, "arguments": [] }));
    assert_eq!(resp["error"]["code"], -32603, "{resp}");
    let message = resp["error"]["message"].as_str().unwrap();
    assert!(message.contains("workspace/executeCommand"), "{message}");
    assert!(message.contains("deliberate panic"), "{message}");
    // Logged, and shown once.
    let log = c.wait_notification("window/logMessage", |m| {
        m["type"] == 1 && m["message"].as_str().is_some_and(|t| t.contains("deliberate panic"))
    });
    assert!(log["message"].as_str().unwrap().contains("workspace/executeCommand"), "{log:#?}");
    let shown = c.wait_notification("window/showMessage", |m| m["type"] == 1);
    assert!(shown["message"].as_str().unwrap().contains("deliberate panic"), "{shown:#?}");
    // The default panic hook wrote the panic to stderr (stdout carries only messages, as the
    // responses above show).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !c.stderr.lock().unwrap().iter().any(|l| l.contains("panicked at")) {
        assert!(std::time::Instant::now() < deadline, "no panic on stderr: {:#?}", c.stderr.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }

    // A second panic: answered and logged again, not shown again.
    let resp = c.request_full("workspace/executeCommand", json!({ "command": PANIC_COMMAND }));
    assert_eq!(resp["error"]["code"], -32603, "{resp}");
    c.wait_notification("window/logMessage", |m| m["message"].as_str().is_some_and(|t| t.contains("deliberate panic")));
    assert!(c.try_wait_notification("window/showMessage", &|_| true, Duration::from_millis(300)).is_none());

    still_serving(&mut c, 2);
    // An unknown command is still just unknown.
    let resp = c.request_full("workspace/executeCommand", json!({ "command": "chotatsu.nothing" }));
    assert_eq!(resp["error"]["code"], -32601, "{resp}");
    assert!(c.shutdown().success());
}

#[test]
fn a_panicking_notification_does_not_stop_the_server() {
    let (mut c, _) = Client::initialized_with_env(&[PANIC_HOOK], push_caps(), Value::Null, None);
    c.open(URI, "markdown", 1, DOC);
    c.diagnostics(URI, Some(1));
    c.notify(PANIC_NOTIFICATION, Value::Null);
    let log = c.wait_notification("window/logMessage", |m| {
        m["type"] == 1 && m["message"].as_str().is_some_and(|t| t.contains(PANIC_NOTIFICATION))
    });
    assert!(log["message"].as_str().unwrap().contains("deliberate panic"), "{log:#?}");
    c.wait_notification("window/showMessage", |m| m["type"] == 1);
    // No response for a notification (a stray one would be a message with an id and no method).
    assert!(!c.backlog.iter().any(|m| m.get("method").is_none()), "{:#?}", c.backlog);
    still_serving(&mut c, 2);
    assert!(c.shutdown().success());
}

#[test]
fn the_panic_hooks_are_unknown_without_the_environment_variable() {
    let (mut c, init) = Client::initialized(push_caps(), Value::Null, None);
    assert!(init["capabilities"].get("executeCommandProvider").is_none(), "{init:#?}");
    c.open(URI, "markdown", 1, DOC);
    c.diagnostics(URI, Some(1));
    let resp = c.request_full("workspace/executeCommand", json!({ "command": PANIC_COMMAND }));
    assert_eq!(resp["error"]["code"], -32601, "{resp}");
    assert!(resp["error"]["message"].as_str().unwrap().contains("unknown command"), "{resp}");
    c.notify(PANIC_NOTIFICATION, Value::Null);
    let panicked = |m: &Value| m["message"].as_str().is_some_and(|t| t.contains("panic"));
    assert!(c.try_wait_notification("window/logMessage", &panicked, Duration::from_millis(300)).is_none());
    assert!(c.try_wait_notification("window/showMessage", &|_| true, Duration::from_millis(100)).is_none());
    still_serving(&mut c, 2);
    assert!(!c.stderr.lock().unwrap().iter().any(|l| l.contains("panicked")), "{:#?}", c.stderr.lock().unwrap());
    assert!(c.shutdown().success());
}
