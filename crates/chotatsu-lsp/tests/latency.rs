//! didChange → publishDiagnostics latency on a ~300 KB Japanese spec (ignored by default; run with
//! `cargo test -p chotatsu-lsp --release --test latency -- --ignored --nocapture`).
#![allow(clippy::unwrap_used, clippy::print_stdout)] // a measurement, printed

mod common;

use common::{Client, push_caps};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const RUNS: usize = 50;

/// A ~300 KB spec: one fixture repeated.
fn spec(fixture: &str) -> String {
    let path = format!("{}/../../fixtures/specs/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let one = std::fs::read_to_string(path).unwrap();
    let mut text = String::new();
    while text.len() < 300 * 1024 {
        text.push_str(&one);
        text.push('\n');
    }
    text
}

fn stats(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    // Nearest-rank percentile over the sorted samples, `p` in percent.
    let at = |p: usize| ms[(ms.len() - 1) * p / 100];
    format!("n={} min={:.1} median={:.1} p90={:.1} max={:.1} ms", ms.len(), at(0), at(50), at(90), at(100))
}

fn measure(fixture: &str, debounce_ms: u64) {
    let text = spec(fixture);
    let lines = text.lines().count();
    let uri = "file:///tmp/chotatsu-latency/spec.md";
    let mut c = Client::spawn_with_env(&[("CHOTATSU_LSP_LOG", "debug")]);
    c.request(
        "initialize",
        json!({ "processId": null, "capabilities": push_caps(),
                "initializationOptions": { "debounceMs": debounce_ms } }),
    );
    c.notify("initialized", json!({}));
    let t = Instant::now();
    c.open(uri, "markdown", 1, &text);
    let first = c.diagnostics(uri, Some(1));
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut samples = Vec::with_capacity(RUNS);
    let mut findings = 0;
    for i in 0..RUNS {
        let version = i64::try_from(i).unwrap() + 2;
        // Type a sentence in the middle of the document, then take it out again.
        let line = lines / 2;
        let change = if i % 2 == 0 {
            json!({ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                    "text": "受注者は瑕疵担保責任を負う。" })
        } else {
            json!({ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 14 } },
                    "text": "" })
        };
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        let d: Vec<Value> = c.diagnostics(uri, Some(version));
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        findings = d.len();
        std::thread::sleep(Duration::from_millis(20));
    }
    // The server's own view (CHOTATSU_LSP_LOG=debug): from didChange handled to publish written.
    let server: Vec<f64> = c
        .stderr
        .lock()
        .unwrap()
        .iter()
        .filter(|l| !l.contains(" v1:"))
        .filter_map(|l| l.split("published after ").nth(1))
        .filter_map(|ms| ms.trim_end_matches(" ms").parse().ok())
        .collect();
    println!(
        "{fixture} ×n, debounce {debounce_ms} ms, {} KB, {lines} lines, {} findings on open ({findings} after the last change); didOpen → publish {open_ms:.1} ms",
        text.len() / 1024,
        first.len(),
    );
    println!("  didChange → publishDiagnostics received and parsed by the client: {}", stats(samples));
    println!("  didChange handled → publishDiagnostics handed to the transport (server log): {}", stats(server));
    assert!(c.shutdown().success());
}

/// The part of the latency that is core's: parse + lint of the same text, in process.
fn core_only(fixture: &str) {
    let text = spec(fixture);
    let (rules, _) = chotatsu_core::builtin::rules();
    let settings = chotatsu_core::Settings::default();
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let doc = chotatsu_core::parse("spec.md", text.clone(), chotatsu_core::Format::Markdown);
        let r = chotatsu_core::lint(&doc, &rules, &settings);
        std::hint::black_box(r);
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{fixture} ×n, core parse + lint alone: {}", stats(samples));
}

#[test]
#[ignore = "measurement; run in release with --ignored --nocapture"]
fn did_change_to_publish_latency() {
    for fixture in ["flawed-spec.md", "clean-spec.md"] {
        core_only(fixture);
        measure(fixture, 0);
    }
    measure("flawed-spec.md", 100);
}
