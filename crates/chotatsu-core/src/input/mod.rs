//! Readers that turn input into a [`Document`].

pub mod docx;
pub mod markdown;
pub mod plain;

use crate::document::{BlockKind, DocBuilder, Document, Format};
use crate::span::Span;
use docx::{DocxBlockKind, DocxError, DocxLimits, TextEncoding};
use std::fmt;

/// A document read from bytes, with what was assumed about it.
#[derive(Debug)]
pub struct Input {
    /// The document.
    pub document: Document,
    /// The text encoding assumed (`None` for DOCX, which is always UTF-8 XML).
    pub encoding: Option<TextEncoding>,
    /// Some bytes could not be decoded and were replaced with U+FFFD.
    pub lossy: bool,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A `.docx` file that is not a readable Word package.
    Docx(DocxError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Docx(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Read a file's bytes: `.docx` as a Word package, anything else as text in the format its name
/// implies (Markdown for `.md` and `.markdown`, plain text otherwise), decoded from UTF-8, UTF-16
/// with BOM or Shift_JIS.
pub fn read(name: &str, bytes: &[u8]) -> Result<Input, InputError> {
    let format = Format::from_path(name);
    if format == Format::Docx {
        let text = docx::read_docx(bytes, &DocxLimits::default()).map_err(InputError::Docx)?;
        return Ok(Input { document: from_docx(name, &text), encoding: None, lossy: false });
    }
    let (text, encoding, lossy) = docx::decode_text(bytes);
    Ok(Input { document: crate::parse(name, text, format), encoding: Some(encoding), lossy })
}

/// Build a document from extracted DOCX paragraphs. The source text is one paragraph per line, the
/// visible list number in front (`第1章 調達案件の概要`), as `chotatsu extract` prints it. Headings
/// come from styles and outline levels; a document without heading styles falls back to the
/// numbering detector of the plain-text reader.
pub fn from_docx(name: &str, text: &docx::DocxText) -> Document {
    let mut source = String::new();
    let mut lines: Vec<(Span, usize)> = Vec::new();
    for (i, p) in text.paragraphs.iter().enumerate() {
        // A table of contents repeats the headings with page numbers: not prose, and it would be
        // taken for headings by the numbering detector.
        if p.style.as_deref().is_some_and(is_toc_style) {
            continue;
        }
        let start = source.len();
        if let Some(n) = &p.number {
            source.push_str(n);
            source.push(' ');
        }
        // Soft line breaks inside a paragraph stay line breaks here; the normalizer joins them.
        source.push_str(&p.text);
        lines.push((Span::new(start, source.len()), i));
        source.push('\n');
    }
    let styled = text.paragraphs.iter().any(|p| p.heading_level.is_some());
    let mut b = DocBuilder::new(source.len());
    let mut levels = plain::Levels::default();
    for (n, (span, i)) in lines.iter().enumerate() {
        let p = &text.paragraphs[*i];
        let line = &source[span.range()];
        let kind = match (p.heading_level, p.kind) {
            (Some(l), _) => BlockKind::Heading(l.clamp(1, 6)),
            (None, DocxBlockKind::TableCell) => BlockKind::TableCell,
            (None, _) if styled => BlockKind::Paragraph,
            (None, _) => {
                let shape = if n == 0 && plain::is_title_line(line) {
                    plain::LineShape::Heading(plain::Style::Title)
                } else {
                    plain::classify(line)
                };
                match shape {
                    plain::LineShape::Heading(style) => BlockKind::Heading(levels.level(style)),
                    plain::LineShape::Item => BlockKind::ListItem,
                    plain::LineShape::Text => BlockKind::Paragraph,
                }
            }
        };
        b.begin(kind);
        b.set_paragraph(u32::try_from(n + 1).unwrap_or(u32::MAX));
        b.text(line, *span, true);
        b.end();
    }
    b.finish(name.to_string(), Format::Docx, source)
}

fn is_toc_style(style: &str) -> bool {
    let s = style.trim().to_ascii_lowercase();
    s.starts_with("toc") || s.starts_with("contents") || style.starts_with("目次")
}

#[cfg(test)]
mod tests {
    use super::docx::{DocxBlockKind, DocxParagraph, DocxText};

    fn para(text: &str, style: Option<&str>, heading_level: Option<u8>) -> DocxParagraph {
        DocxParagraph {
            text: text.into(),
            kind: DocxBlockKind::Body,
            heading_level,
            style: style.map(str::to_string),
            number: None,
        }
    }

    #[test]
    fn table_of_contents_is_not_linted_and_numbers_are_shown() {
        let mut numbered = para("調達案件の概要", Some("Heading 1"), Some(1));
        numbered.number = Some("第1章".into());
        let text = DocxText {
            paragraphs: vec![
                para("第1章 調達案件の概要\t1", Some("toc 1"), None),
                numbered,
                para("本書は仕様を定める。", None, None),
            ],
        };
        let doc = super::from_docx("t.docx", &text);
        assert_eq!(doc.source, "第1章 調達案件の概要\n本書は仕様を定める。\n");
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.blocks[1].paragraph, Some(2));
    }
}
