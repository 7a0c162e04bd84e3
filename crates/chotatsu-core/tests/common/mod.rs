//! Shared helpers for core tests: a stable, readable rendering of findings for snapshots.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use chotatsu_core::{Diagnostic, Document, LintResult, Problem, RuleFile, RuleSet, Settings};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Load rules from inline YAML; panics with the rendered problems if any.
pub fn rules_from(yaml: &str) -> RuleSet {
    let (rules, problems) =
        RuleSet::load(&[RuleFile { name: "test.yaml".into(), text: yaml.into(), expected_id: None, trusted: false }]);
    assert!(problems.is_empty(), "{}", render_problems(&problems));
    rules
}

/// Parse a Markdown document and lint it with default settings.
pub fn lint_md(rules: &RuleSet, text: &str) -> (Document, LintResult) {
    let doc = chotatsu_core::parse("test.md", text.to_string(), chotatsu_core::Format::Markdown);
    let res = chotatsu_core::lint(&doc, rules, &Settings::default());
    (doc, res)
}

/// One block per finding: id, severity, line:col, bytes, the source line with the span underlined
/// (in characters), message, help, fixes as before → after.
pub fn render(doc: &Document, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    if diags.is_empty() {
        return "(no findings)\n".into();
    }
    for d in diags {
        let (line, col) = doc.line_col(d.span.start);
        let _ =
            writeln!(out, "{} [{}] {}:{} bytes {}..{}", d.rule, d.severity.name(), line, col, d.span.start, d.span.end);
        let lr = doc.lines.line_span(&doc.source, line - 1);
        let text = &doc.source[lr.clone()];
        let _ = writeln!(out, "  | {text}");
        let pre = doc.source[lr.start..d.span.start].chars().count();
        let end = d.span.end.min(lr.end).max(d.span.start);
        let len = doc.source[d.span.start..end].chars().count().max(1);
        let _ = writeln!(out, "  | {}{}", "　".repeat(pre), "＾".repeat(len));
        let _ = writeln!(out, "  = {}", d.message);
        if let Some(h) = &d.help {
            let _ = writeln!(out, "  help: {h}");
        }
        for l in &d.labels {
            let (ll, lc) = doc.line_col(l.span.start);
            let _ = writeln!(out, "  label {ll}:{lc}: {}", l.message);
        }
        for f in &d.fixes {
            let _ = writeln!(out, "  fix ({:?}): {}", f.applicability, f.title);
            for e in &f.edits {
                let _ = writeln!(out, "    {:?} -> {:?}", &doc.source[e.span.range()], e.replacement);
            }
        }
        if let Some(s) = &d.suppressed {
            let _ = writeln!(out, "  suppressed: {}", s.reason.as_deref().unwrap_or("(no reason)"));
        }
    }
    out
}

/// Render problems through miette without colour, at a fixed width.
pub fn render_problems(problems: &[Problem]) -> String {
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for p in problems {
        let _ = handler.render_report(&mut out, p);
        out.push('\n');
    }
    out
}
