//! Findings.

use crate::span::Span;

/// How serious a finding is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational.
    Info,
    /// A warning.
    Warning,
    /// An error.
    Error,
}

impl Severity {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// Parse a lowercase name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Info, Self::Warning, Self::Error].into_iter().find(|l| l.name() == s)
    }
}

/// A secondary span with a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: String,
}

/// Whether a fix may be applied without a person reading it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// `--fix` applies it (a term substitution).
    Safe,
    /// Offered in editors only (a model clause to read and adapt).
    Suggested,
}

/// One text edit: replace `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Source bytes replaced.
    pub span: Span,
    /// New text.
    pub replacement: String,
}

/// A fix: edits sorted by position, non-overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for a menu.
    pub title: String,
    /// Safe or only suggested.
    pub applicability: Applicability,
    /// The edits.
    pub edits: Vec<Edit>,
}

/// Why a finding is suppressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The reason given (`None`: none was given, itself a finding).
    pub reason: Option<String>,
    /// Where: a comment, or `None` for a front-matter waiver.
    pub comment: Option<Span>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule id (`area/name`), or `chotatsu/...` for the engine's own checks.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Message (Japanese).
    pub message: String,
    /// Primary span in the source.
    pub span: Span,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// What to write instead.
    pub help: Option<String>,
    /// Fixes.
    pub fixes: Vec<Fix>,
    /// Set when a suppression comment or a waiver covers it; kept for reports.
    pub suppressed: Option<Suppression>,
}

impl Diagnostic {
    /// The first safe fix.
    pub fn safe_fix(&self) -> Option<&Fix> {
        self.fixes.iter().find(|f| f.applicability == Applicability::Safe)
    }
}

/// The edits of the safe fixes of unsuppressed findings, sorted by position, with every edit that
/// overlaps an earlier one dropped: what `--fix` and an editor's "fix all" apply.
pub fn safe_edits(diagnostics: &[Diagnostic]) -> Vec<&Edit> {
    let mut edits: Vec<&Edit> = diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none())
        .filter_map(Diagnostic::safe_fix)
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut at = 0;
    edits.retain(|e| {
        let keep = e.span.start >= at;
        if keep {
            at = e.span.end;
        }
        keep
    });
    edits
}

/// Apply [`safe_edits`] to `source`. Returns the new text and the number of edits applied; an edit
/// outside the text or off a character boundary is skipped.
pub fn apply_fixes(source: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    let mut applied = 0;
    for e in safe_edits(diagnostics) {
        let (Some(keep), true) = (source.get(at..e.span.start), source.is_char_boundary(e.span.end)) else {
            continue;
        };
        out.push_str(keep);
        out.push_str(&e.replacement);
        at = e.span.end;
        applied += 1;
    }
    out.push_str(source.get(at..).unwrap_or(""));
    (out, applied)
}
