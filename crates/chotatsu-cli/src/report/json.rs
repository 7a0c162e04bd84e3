//! The JSON format, version 1 (documented in `crates/chotatsu-cli/JSON.md`).
//!
//! The document is written in parts, file by file, so that nothing but counts is kept until the
//! end: `{"version": 1, "files": [` + one object per file + `], "summary": {...}}`.

use super::{FileView, Pos, Summary, paragraph_of};
use chotatsu_core::{Applicability, Diagnostic, Document, Fix, Span};
use serde::Serialize;

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'static str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(flatten)]
    range: JsonRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<u32>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    range: JsonRange,
    replacement: &'a str,
}

/// A span as 1-based line/column (characters) and as bytes.
#[derive(Serialize)]
struct JsonRange {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

impl JsonRange {
    fn of(doc: &Document, span: Span) -> Self {
        let p = Pos::of(doc, span);
        Self {
            line: p.line,
            column: p.column,
            end_line: p.end_line,
            end_column: p.end_column,
            byte_start: span.start,
            byte_end: span.end,
        }
    }
}

fn fix_of<'a>(doc: &Document, d: &'a Diagnostic) -> Option<JsonFix<'a>> {
    let fix: &Fix = d.safe_fix().or_else(|| d.fixes.first())?;
    Some(JsonFix {
        title: &fix.title,
        applicability: match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Suggested => "suggested",
        },
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit { range: JsonRange::of(doc, e.span), replacement: &e.replacement })
            .collect(),
    })
}

fn diagnostic<'a>(v: &FileView<'_>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.name(),
        message: &d.message,
        range: JsonRange::of(v.doc, d.span),
        paragraph: paragraph_of(v.doc, d.span.start),
        help: d.help.as_deref(),
        fix: fix_of(v.doc, d),
    }
}

/// Indent every line of a pretty-printed value (JSON strings never hold a raw line break).
fn indented(value: &impl Serialize, indent: &str) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
    out
}

/// One file's object.
pub(crate) fn file(v: &FileView<'_>) -> String {
    let (suppressed, shown): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        v.result.diagnostics.iter().partition(|d| d.suppressed.is_some());
    let f = JsonFile {
        path: v.display,
        error: None,
        profile: Some(v.result.profile.name()),
        diagnostics: shown.into_iter().map(|d| diagnostic(v, d)).collect(),
        suppressed: suppressed
            .into_iter()
            .map(|d| JsonSuppressed {
                diagnostic: diagnostic(v, d),
                reason: d.suppressed.as_ref().and_then(|s| s.reason.as_deref()),
            })
            .collect(),
    };
    indented(&f, "    ")
}

/// The object of a file that could not be read.
pub(crate) fn error(display: &str, message: &str) -> String {
    let f = JsonFile {
        path: display,
        error: Some(message),
        profile: None,
        diagnostics: Vec::new(),
        suppressed: Vec::new(),
    };
    indented(&f, "    ")
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

/// `],` + the summary + `}`.
pub(crate) fn footer(s: &Summary) -> String {
    let summary = JsonSummary {
        files: s.files,
        errors: s.stats.errors,
        warnings: s.stats.warnings,
        infos: s.stats.infos,
        suppressed: s.stats.suppressed,
    };
    let body = indented(&summary, "  ");
    format!("],\n  \"summary\": {}\n}}\n", body.trim_start())
}
