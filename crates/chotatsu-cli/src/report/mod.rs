//! Output formats. Each file's part of a report is rendered on the worker thread that linted it
//! (so that the document can be dropped right away); the main thread writes the parts in path
//! order as they become ready, then the closing part with the summary.

pub(crate) mod csv;
pub(crate) mod github;
pub(crate) mod html;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;

use crate::cli::Format;
use chotatsu_core::input::docx::TextEncoding;
use chotatsu_core::{Diagnostic, Document, LintResult, RuleSet, Severity, Span};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One linted file, as the renderers see it.
pub(crate) struct FileView<'a> {
    /// Path as shown.
    pub(crate) display: &'a str,
    /// The document (for DOCX, the extracted text).
    pub(crate) doc: &'a Document,
    /// Findings and review sheet.
    pub(crate) result: &'a LintResult,
    /// The rules it was linted with.
    pub(crate) rules: &'a RuleSet,
    /// The text encoding assumed (`None` for DOCX).
    pub(crate) encoding: Option<TextEncoding>,
}

/// 1-based line and column (in characters) of a span's start and end.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

impl Pos {
    pub(crate) fn of(doc: &Document, span: Span) -> Self {
        let (line, column) = doc.line_col(span.start);
        let (end_line, end_column) = doc.line_col(span.end);
        Self { line, column, end_line, end_column }
    }
}

/// The DOCX paragraph (1-based) that holds a byte offset, for DOCX documents.
pub(crate) fn paragraph_of(doc: &Document, offset: usize) -> Option<u32> {
    let i = doc.blocks.partition_point(|b| b.span.start <= offset).checked_sub(1)?;
    doc.blocks[i].paragraph
}

/// Counts for summaries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) suppressed: usize,
    /// Safe fixes applied by `--fix`.
    pub(crate) fixed: usize,
    /// Unsuppressed findings per rule id: errors, warnings, infos.
    pub(crate) per_rule: BTreeMap<String, [usize; 3]>,
}

impl Stats {
    pub(crate) fn of(diags: &[Diagnostic]) -> Self {
        let mut s = Self::default();
        for d in diags {
            if d.suppressed.is_some() {
                s.suppressed += 1;
                continue;
            }
            let slot = match d.severity {
                Severity::Error => {
                    s.errors += 1;
                    0
                }
                Severity::Warning => {
                    s.warnings += 1;
                    1
                }
                Severity::Info => {
                    s.infos += 1;
                    2
                }
            };
            s.per_rule.entry(d.rule.clone()).or_default()[slot] += 1;
        }
        s
    }

    pub(crate) fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    pub(crate) fn add(&mut self, other: &Self) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.suppressed += other.suppressed;
        self.fixed += other.fixed;
        for (k, v) in &other.per_rule {
            let e = self.per_rule.entry(k.clone()).or_default();
            for (a, b) in e.iter_mut().zip(v) {
                *a += b;
            }
        }
    }
}

/// A file's part of the report.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    /// Text for the report (empty for HTML, whose parts are kept in `html`).
    pub(crate) body: String,
    /// Counts.
    pub(crate) stats: Stats,
    /// For HTML: the file's section and its summary-table numbers.
    pub(crate) html: Option<html::FilePart>,
    /// The file could not be read or linted.
    pub(crate) failed: bool,
}

/// Whole-run totals.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub(crate) stats: Stats,
    /// Files linted.
    pub(crate) files: usize,
    /// Files that could not be read.
    pub(crate) failed: usize,
}

/// Renders one file's part; shared by the worker threads.
pub(crate) struct Renderer {
    pub(crate) format: Format,
    pub(crate) human: human::Human,
    pub(crate) sarif: sarif::RuleIndex,
}

impl Renderer {
    /// The part of a linted file.
    pub(crate) fn file(&self, v: &FileView<'_>, fixed: usize) -> Chunk {
        let mut stats = Stats::of(&v.result.diagnostics);
        stats.fixed = fixed;
        let mut chunk = Chunk { stats, ..Chunk::default() };
        match self.format {
            Format::Human => chunk.body = self.human.file(v),
            Format::Json => chunk.body = json::file(v),
            Format::Sarif => chunk.body = self.sarif.results(v),
            Format::Github => chunk.body = github::file(v),
            Format::Csv => chunk.body = csv::file(v),
            Format::Html => chunk.html = Some(html::file(v, &chunk.stats)),
        }
        chunk
    }

    /// The part of a file that could not be read.
    pub(crate) fn error(&self, display: &str, message: &str) -> Chunk {
        let body = match self.format {
            Format::Json => json::error(display, message),
            Format::Github => github::error(display, message),
            Format::Human | Format::Sarif | Format::Csv | Format::Html => String::new(),
        };
        Chunk {
            body,
            html: (self.format == Format::Html).then(|| html::error_part(display, message)),
            failed: true,
            ..Chunk::default()
        }
    }
}

/// Writes the parts of a report in order, then its end.
pub(crate) struct Emitter {
    format: Format,
    written: usize,
    html: Vec<html::FilePart>,
    errors: Vec<(String, String)>,
    quiet: bool,
    html_title: String,
}

impl Emitter {
    pub(crate) fn new(format: Format, quiet: bool) -> Self {
        Self { format, written: 0, html: Vec::new(), errors: Vec::new(), quiet, html_title: String::new() }
    }

    /// Title of the HTML report (the paths linted).
    pub(crate) fn set_html_title(&mut self, title: String) {
        self.html_title = title;
    }

    /// The opening part.
    pub(crate) fn begin(&mut self, out: &mut dyn Write, renderer: &Renderer) -> io::Result<()> {
        match self.format {
            Format::Json => out.write_all(b"{\n  \"version\": 1,\n  \"files\": ["),
            Format::Sarif => out.write_all(renderer.sarif.header().as_bytes()),
            Format::Csv => out.write_all(csv::header().as_bytes()),
            Format::Human | Format::Github | Format::Html => Ok(()),
        }
    }

    /// A file's part.
    pub(crate) fn push(
        &mut self,
        out: &mut dyn Write,
        display: &str,
        chunk: Chunk,
        error: Option<&str>,
    ) -> io::Result<()> {
        if let Some(e) = error {
            self.errors.push((display.to_string(), e.to_string()));
        }
        if let Some(part) = chunk.html {
            self.html.push(part);
        }
        if chunk.body.is_empty() {
            return Ok(());
        }
        match self.format {
            Format::Json | Format::Sarif => {
                if self.written > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"\n")?;
                out.write_all(chunk.body.as_bytes())?;
            }
            _ => out.write_all(chunk.body.as_bytes())?,
        }
        self.written += 1;
        Ok(())
    }

    /// The closing part.
    pub(crate) fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        match self.format {
            Format::Human => {
                if !self.quiet {
                    writeln!(out, "{}", human::summary_line(summary))?;
                }
            }
            Format::Json => {
                if self.written > 0 {
                    out.write_all(b"\n  ")?;
                }
                out.write_all(json::footer(summary).as_bytes())?;
            }
            Format::Sarif => {
                let end = sarif::RuleIndex::footer(self.written > 0, &self.errors);
                out.write_all(end.as_bytes())?;
            }
            Format::Github | Format::Csv => {}
            Format::Html => {
                let parts = std::mem::take(&mut self.html);
                html::write_report(out, &self.html_title, &parts, summary)?;
            }
        }
        out.flush()
    }
}
