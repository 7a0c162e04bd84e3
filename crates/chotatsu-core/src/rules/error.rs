//! Problems found while loading rule files and configuration, as miette diagnostics that name the
//! file, the line and the column, and say what to write instead.

use crate::source_code::OwnedTextSource;
use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use serde_saphyr::Spanned;
use std::fmt;
use std::sync::Arc;

/// One problem in a rule or config file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Stable, searchable code such as `chotatsu::rule::invalid_regex`.
    pub code: &'static str,
    /// What is wrong (Japanese).
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Display name of the file.
    pub file: String,
    /// The file's text, with character columns for reports.
    pub source: Arc<OwnedTextSource>,
    /// Where, as a byte span, with a label.
    pub at: Option<(SourceSpan, String)>,
}

impl Problem {
    /// Start a problem in `file` (whose text is `source`).
    pub fn new(code: &'static str, message: impl Into<String>, file: &SourceFile) -> Self {
        Self {
            code,
            message: message.into(),
            help: None,
            file: file.name.clone(),
            source: file.named.clone(),
            at: None,
        }
    }

    /// Add help.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Point at a byte span with a label.
    #[must_use]
    pub fn at(mut self, start: usize, len: usize, label: impl Into<String>) -> Self {
        self.at = Some(((start, len).into(), label.into()));
        self
    }

    /// Point at a value read from YAML.
    #[must_use]
    pub fn at_value<T>(self, value: &Spanned<T>, label: impl Into<String>) -> Self {
        let (start, len) = spanned_range(value);
        self.at(start, len, label)
    }

    /// 1-based line and column (in characters) of the problem, if it has a position.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (span, _) = self.at.as_ref()?;
        let lc = self.source.lines().line_col(self.source.text(), span.offset(), crate::ColumnUnit::Char);
        Some((lc.line + 1, lc.col + 1))
    }
}

/// Byte offset and length of a YAML value.
pub(crate) fn spanned_range<T>(value: &Spanned<T>) -> (usize, usize) {
    let span = value.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    (start, len)
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, label) = self.at.as_ref()?;
        let label = (!label.is_empty()).then(|| label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, *span))))
    }
}

/// A file being loaded: its name and text, shared by every problem found in it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name.
    pub name: String,
    /// Text.
    pub text: Arc<str>,
    pub(crate) named: Arc<OwnedTextSource>,
}

impl SourceFile {
    /// Wrap a file's name and text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let name = name.into();
        let text: Arc<str> = text.into();
        let named = Arc::new(OwnedTextSource::new(name.clone(), text.clone()));
        Self { name, text, named }
    }
}

/// Turn a YAML deserialization error into a problem, with "did you mean" help for misspelt keys.
fn from_yaml_error(err: &serde_saphyr::Error, file: &SourceFile, known_keys: &[&str]) -> Problem {
    let raw = err.to_string();
    let message = raw.lines().next().unwrap_or("").trim().to_string();
    let mut p = Problem::new("chotatsu::yaml", format!("YAML を読めません: {message}"), file);
    if let Some(field) = between(&message, "unknown field `", "`") {
        p = unknown_key(field, file, known_keys);
    } else if let Some(field) = between(&message, "missing field `", "`") {
        p.code = "chotatsu::missing_key";
        p.message = format!("必須のキー「{field}」がありません");
        p.help = Some(format!("「{field}: ...」を追加してください（docs/rule-format.md を参照）"));
    }
    if let Some(loc) = err.location() {
        let span = loc.span();
        let start = span
            .byte_offset()
            .map_or_else(|| offset_of_line_col(file, loc.line() as usize, loc.column() as usize), |b| b as usize);
        let len = span.byte_len().unwrap_or(0) as usize;
        p = p.at(start.min(file.text.len()), len, "ここ");
    }
    p
}

/// A key that is not one of `known_keys` (without its position).
fn unknown_key(field: &str, file: &SourceFile, known_keys: &[&str]) -> Problem {
    let mut p = Problem::new("chotatsu::unknown_key", format!("「{field}」というキーは使えません"), file);
    p.help = Some(match did_you_mean(field, known_keys) {
        Some(s) => format!("「{s}」の誤りではありませんか。使えるキー: {}", known_keys.join(", ")),
        None => format!("使えるキー: {}", known_keys.join(", ")),
    });
    p
}

/// [`from_yaml_error`], except that when the top-level mapping has keys that are not among
/// `known_keys`, every one of them is reported (the typed reading stops at the first).
pub(crate) fn from_yaml_error_all(err: &serde_saphyr::Error, file: &SourceFile, known_keys: &[&str]) -> Vec<Problem> {
    let unknown: Vec<Problem> = crate::yaml::top_level_keys(&file.text)
        .iter()
        .filter(|k| !known_keys.contains(&k.value.as_str()))
        .map(|k| {
            let (start, len) = spanned_range(k);
            unknown_key(&k.value, file, known_keys).at(start.min(file.text.len()), len, "ここ")
        })
        .collect();
    if unknown.is_empty() { vec![from_yaml_error(err, file, known_keys)] } else { unknown }
}

fn offset_of_line_col(file: &SourceFile, line: usize, col: usize) -> usize {
    file.named.lines().offset(
        file.named.text(),
        crate::LineCol { line: line.saturating_sub(1), col: col.saturating_sub(1) },
        crate::ColumnUnit::Char,
    )
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
