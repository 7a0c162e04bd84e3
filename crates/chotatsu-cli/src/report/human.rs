//! The human format: miette's graphical report per finding, and a one-line summary.
//!
//! miette computes the `path:line:col` of its header from `SourceCode::read_span`. Its own
//! implementation for strings counts bytes and scans the text from the start for every finding, so
//! the document is wrapped in [`TextSource`], which answers from the document's line index with
//! character columns. miette then aligns the underline by display width (full-width characters take
//! two cells, tabs are expanded), so Japanese text lines up.

use super::{FileView, Summary, paragraph_of};
use crate::term::sanitize;
use chotatsu_core::TextSource;
use chotatsu_core::{Diagnostic as CoreDiagnostic, Severity};
use miette::{Diagnostic, GraphicalReportHandler, LabeledSpan, SourceCode, SourceSpan};
use std::fmt::{self, Write as _};

/// Renders findings for people.
pub(crate) struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub(crate) fn new(handler: GraphicalReportHandler) -> Self {
        Self { handler }
    }

    /// Every unsuppressed finding of a file, one report each.
    pub(crate) fn file(&self, v: &FileView<'_>) -> String {
        let text = sanitize(&v.doc.source);
        let src = TextSource { name: v.display, text: &text, lines: &v.doc.lines };
        let mut out = String::new();
        for d in v.result.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            let finding = Finding { d, src: &src, paragraph: paragraph_of(v.doc, d.span.start) };
            out.push_str(&crate::term::render(&self.handler, &finding));
            out.push('\n');
        }
        out
    }
}

/// The last line of a human report, e.g.
/// `12 件の指摘（エラー 1、警告 10、情報 1）、抑止 2 件、3 ファイル`.
pub(crate) fn summary_line(s: &Summary) -> String {
    let st = &s.stats;
    let mut line = format!(
        "{} 件の指摘（エラー {}、警告 {}、情報 {}）、抑止 {} 件、{} ファイル",
        st.findings(),
        st.errors,
        st.warnings,
        st.infos,
        st.suppressed,
        s.files
    );
    if st.fixed > 0 {
        let _ = write!(line, "、修正 {} 件", st.fixed);
    }
    if s.failed > 0 {
        let _ = write!(line, "、読めなかったファイル {} 件", s.failed);
    }
    line
}

/// A finding as a miette diagnostic: the rule id as its code.
struct Finding<'a> {
    d: &'a CoreDiagnostic,
    src: &'a TextSource<'a>,
    paragraph: Option<u32>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding").field("rule", &self.d.rule).finish_non_exhaustive()
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sanitize(&self.d.message))
    }
}

impl std::error::Error for Finding<'_> {}

impl Diagnostic for Finding<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let mut help = self.d.help.as_deref().map(sanitize).map(std::borrow::Cow::into_owned);
        if let Some(fix) = self.d.safe_fix() {
            let note = format!("--fix で修正できます: {}", sanitize(&fix.title));
            help = Some(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
        help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text_len = self.src.text.len();
        let clamp = |s: chotatsu_core::Span| -> SourceSpan {
            let start = s.start.min(text_len);
            (start, s.end.min(text_len).saturating_sub(start)).into()
        };
        let primary_label = self.paragraph.map(|p| format!("段落 {p}"));
        let mut labels = vec![LabeledSpan::new_primary_with_span(primary_label, clamp(self.d.span))];
        for l in &self.d.labels {
            labels.push(LabeledSpan::new_with_span(Some(sanitize(&l.message).into_owned()), clamp(l.span)));
        }
        Some(Box::new(labels.into_iter()))
    }
}
