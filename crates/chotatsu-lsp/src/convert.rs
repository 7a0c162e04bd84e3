//! Core types → LSP types. Every position goes through core's [`LineIndex`] in the negotiated
//! [`ColumnUnit`]; nothing here counts characters on its own.

use chotatsu_core::rules::docs::{anchor, explain_markdown};
use chotatsu_core::{
    Applicability, ColumnUnit, Diagnostic, Document, Edit, LineCol, LineIndex, Problem, RuleSet, Severity, Span,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr as _;
use tower_lsp_server::lsp_types as lsp;

/// `source` of every diagnostic.
pub(crate) const SOURCE: &str = "chotatsu";

/// Where rule documentation lives unless the client says otherwise (`docsBaseUrl`): core's link
/// to the generated `docs/rules.md` (the CLI's SARIF output uses the same).
pub(crate) const DOCS_BASE: &str = chotatsu_core::rules::docs::DOCS_URL;

/// The code action kind of "fix all".
pub(crate) const FIX_ALL: &str = "source.fixAll.chotatsu";

/// Text of the reason placeholder in an inserted suppression comment.
pub(crate) const REASON_PLACEHOLDER: &str = "理由を記入してください";

/// The LSP name of a column unit.
pub(crate) fn encoding_kind(unit: ColumnUnit) -> lsp::PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => lsp::PositionEncodingKind::UTF8,
        ColumnUnit::Utf16 => lsp::PositionEncodingKind::UTF16,
        ColumnUnit::Char => lsp::PositionEncodingKind::UTF32,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// LSP position of a byte offset.
pub(crate) fn position(text: &str, index: &LineIndex, offset: usize, unit: ColumnUnit) -> lsp::Position {
    let lc = index.line_col(text, offset, unit);
    lsp::Position::new(to_u32(lc.line), to_u32(lc.col))
}

/// LSP range of a byte span.
pub(crate) fn range(text: &str, index: &LineIndex, span: Span, unit: ColumnUnit) -> lsp::Range {
    lsp::Range::new(position(text, index, span.start, unit), position(text, index, span.end, unit))
}

/// Byte offset of an LSP position; out-of-range positions are clamped (see [`LineIndex::offset`]).
pub(crate) fn offset(text: &str, index: &LineIndex, pos: lsp::Position, unit: ColumnUnit) -> usize {
    let lc = LineCol { line: pos.line as usize, col: pos.character as usize };
    index.offset(text, lc, unit)
}

/// Byte span of an LSP range, ordered.
pub(crate) fn span(text: &str, index: &LineIndex, r: lsp::Range, unit: ColumnUnit) -> Span {
    Span::new(offset(text, index, r.start, unit), offset(text, index, r.end, unit))
}

pub(crate) fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// The documentation link of a rule: `base#` + core's anchor for it (`legal-contract-nonconformity`),
/// or `base#engine` for the engine's own checks, which share one section.
pub(crate) fn rule_href(base: &str, rule: &str) -> Option<lsp::Uri> {
    let anchor = if rule.starts_with("chotatsu/") { "engine".to_string() } else { anchor(rule) };
    lsp::Uri::from_str(&format!("{base}#{anchor}")).ok()
}

/// A finding as an LSP diagnostic.
pub(crate) fn diagnostic(
    d: &Diagnostic,
    doc: &Document,
    uri: &lsp::Uri,
    unit: ColumnUnit,
    docs_base: &str,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range(&doc.source, &doc.lines, l.span, unit)),
            message: l.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: range(&doc.source, &doc.lines, d.span, unit),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.clone())),
        code_description: rule_href(docs_base, &d.rule).map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A problem in a rule or config file as an LSP diagnostic on that file. Help goes into the
/// message: there is no hover on those files.
pub(crate) fn problem(p: &Problem, unit: ColumnUnit, severity: lsp::DiagnosticSeverity) -> lsp::Diagnostic {
    let text = p.source.text();
    let index = p.source.lines();
    let range = match &p.at {
        Some((at, _)) => self::range(text, index, Span::new(at.offset(), at.offset() + at.len()), unit),
        None => lsp::Range::default(),
    };
    let mut message = p.message.clone();
    if let Some((_, label)) = &p.at
        && !label.is_empty()
        && label != "ここ"
    {
        let _ = write!(message, "（{label}）");
    }
    if let Some(help) = &p.help {
        let _ = write!(message, "\n{help}");
    }
    lsp::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(p.code.into())),
        source: Some(SOURCE.into()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// Hover Markdown for the findings at one place: each message and help, then each rule's
/// explanation (title, rationale, references, model clause) once.
pub(crate) fn hover_markdown(findings: &[&Diagnostic], rules: &RuleSet) -> String {
    let mut out = String::new();
    for d in findings {
        let _ = writeln!(out, "**{}** `{}`\n", d.message.trim(), d.rule);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{}\n", help.trim());
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for d in findings {
        if seen.contains(&d.rule.as_str()) {
            continue;
        }
        seen.push(&d.rule);
        out.push_str("---\n\n");
        if let Some(rule) = rules.get(&d.rule) {
            out.push_str(&explain_markdown(rule, false));
        } else if let Some((id, _, title)) =
            chotatsu_core::suppress::ENGINE_RULES.iter().find(|(id, _, _)| *id == d.rule)
        {
            let _ = writeln!(out, "### `{id}`: {title}\n\nchotatsu 本体の検査です。");
        }
    }
    out.trim_end().to_string()
}

/// The section outline as nested document symbols.
pub(crate) fn symbols(doc: &Document, unit: ColumnUnit) -> Vec<lsp::DocumentSymbol> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.sections.len()];
    let mut top = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
        match s.parent {
            Some(p) if p < i => children[p].push(i),
            _ => top.push(i),
        }
    }
    top.iter().map(|&i| symbol(doc, i, &children, unit)).collect()
}

fn symbol(doc: &Document, i: usize, children: &[Vec<usize>], unit: ColumnUnit) -> lsp::DocumentSymbol {
    let s = &doc.sections[i];
    let heading = doc.blocks.get(s.heading).map_or(s.span, |b| b.span);
    let whole = Span::new(s.span.start.min(heading.start), s.span.end.max(heading.end));
    let name = if s.title.trim().is_empty() { "（見出しなし）".to_string() } else { s.title.clone() };
    let kids: Vec<lsp::DocumentSymbol> = children[i].iter().map(|&c| symbol(doc, c, children, unit)).collect();
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    lsp::DocumentSymbol {
        name,
        detail: Some(format!("H{}", s.level)),
        kind: lsp::SymbolKind::STRING,
        tags: None,
        deprecated: None,
        range: range(&doc.source, &doc.lines, whole, unit),
        selection_range: range(&doc.source, &doc.lines, heading, unit),
        children: (!kids.is_empty()).then_some(kids),
    }
}

/// A core edit as an LSP text edit.
pub(crate) fn text_edit(doc: &Document, e: &Edit, unit: ColumnUnit) -> lsp::TextEdit {
    lsp::TextEdit::new(range(&doc.source, &doc.lines, e.span, unit), e.replacement.clone())
}

/// An edit that inserts `<!-- chotatsu-disable-next-line RULE -- 理由 -->` on its own line before
/// the line where the finding starts, indented like that line and with its line ending.
pub(crate) fn suppression_edit(doc: &Document, d: &Diagnostic, unit: ColumnUnit) -> lsp::TextEdit {
    let line = doc.lines.line_of(d.span.start);
    let content = doc.lines.line_span(&doc.source, line);
    let text = doc.source.get(content.clone()).unwrap_or("");
    let indent: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let after = doc.source.get(content.end..).unwrap_or("");
    let eol = if after.starts_with("\r\n") {
        "\r\n"
    } else if after.starts_with('\r') {
        "\r"
    } else {
        "\n"
    };
    let at = content.start + indent.len();
    lsp::TextEdit::new(
        range(&doc.source, &doc.lines, Span::empty(at), unit),
        format!("<!-- chotatsu-disable-next-line {} -- {REASON_PLACEHOLDER} -->{eol}{indent}", d.rule),
    )
}

/// Wrap edits to one document, versioned when the client supports `documentChanges`.
pub(crate) fn workspace_edit(uri: &lsp::Uri, version: Option<i32>, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    match version {
        Some(v) => lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: Some(v) },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }])),
            ..lsp::WorkspaceEdit::default()
        },
        None => {
            lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..lsp::WorkspaceEdit::default() }
        }
    }
}

/// Whether an action of `kind` was asked for (`only` absent, equal, or a parent kind).
pub(crate) fn wanted(only: Option<&[lsp::CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o || (kind.starts_with(o) && kind.as_bytes().get(o.len()) == Some(&b'.'))
        })
    })
}

/// Whether a fix is a model-clause insertion rather than a substitution.
pub(crate) fn is_safe(a: Applicability) -> bool {
    a == Applicability::Safe
}
