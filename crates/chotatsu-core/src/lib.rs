//! chotatsu-core: the library behind the `chotatsu` linter for Japanese government procurement
//! specifications (調達仕様書).
//!
//! Data flow: input (Markdown, plain text, DOCX) → [`Document`] (blocks, sections, sentences, byte
//! spans) → normalized view ([`NormText`], with a map back to source bytes) → [`lint`] with a
//! compiled [`RuleSet`] → [`Diagnostic`]s. Everything here is sync and pure: no file system, no
//! terminal, no threads. Reading files and printing are the front ends' business.

pub mod builtin;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod input;
pub mod line_index;
pub mod matcher;
pub mod normalize;
pub mod quantity;
pub mod rules;
pub mod source_code;
pub mod span;
pub mod suppress;
mod yaml;

pub use config::{Config, Settings};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity, Suppression, apply_fixes, safe_edits};
pub use document::{Block, BlockKind, Document, Format, Section, Sentence};
pub use engine::{LintResult, PolicyPoint, PolicyStatus, lint};
pub use line_index::{ColumnUnit, LineCol, LineIndex};
pub use normalize::NormText;
pub use rules::error::{Problem, SourceFile};
pub use rules::{Profile, Rule, RuleFile, RuleSet};
pub use source_code::{OwnedTextSource, TextSource};
pub use span::Span;

/// Parse text in a format. DOCX input goes through [`input::read`] instead, which takes bytes.
pub fn parse(name: &str, text: String, format: Format) -> Document {
    match format {
        Format::Markdown => input::markdown::parse(name, text),
        Format::PlainText | Format::Docx => input::plain::parse(name, text),
    }
}
