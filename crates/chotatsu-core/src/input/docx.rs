//! Reading Word `.docx` packages and decoding plain-text files.
//!
//! [`read_docx`] turns the bytes of a `.docx` file into a flat list of
//! paragraphs ([`DocxText`]): the body first (table cells and text boxes in
//! document order), then footnotes, then endnotes. Every paragraph carries the
//! heading level and list number that Word would show, as far as they can be
//! recovered from `word/styles.xml` and `word/numbering.xml`.
//!
//! What is read, in short:
//!
//! * runs in order; `w:tab`/`w:ptab` become `'\t'`, `w:br` and `w:cr` become
//!   `'\n'` (page and column breaks become nothing), `w:noBreakHyphen` becomes
//!   `'-'`, `w:sym` becomes its character unless it is a private-use symbol-font
//!   glyph;
//! * text inside hyperlinks, content controls (`w:sdtContent`, including
//!   placeholder text that is showing), smart tags, custom XML and simple fields;
//! * tracked changes as if accepted: insertions and move destinations are kept,
//!   deletions and move sources are dropped, a paragraph whose mark was deleted
//!   is joined to the next paragraph, and a table row whose deletion is tracked
//!   is dropped;
//! * fields: the result is kept, the code (`w:instrText`, and everything between
//!   `begin` and `separate`) is dropped;
//! * text boxes (`w:txbxContent`) are read as separate paragraphs of kind
//!   [`DocxBlockKind::TextBox`], placed before the paragraph that anchors them;
//!   of `mc:AlternateContent` only `mc:Fallback` is read, so a text box is not
//!   read twice;
//! * dropped: drawings other than text boxes, embedded objects, equations
//!   (OMML), field codes, comments, ruby (furigana) readings, text hidden with
//!   `w:vanish`, headers and footers, and paragraphs that are empty or only
//!   white space after extraction (they still advance list counters).
//!
//! Hostile input: the entry count is checked from the ZIP end-of-central-directory
//! record before anything else is read, each part is decompressed through a
//! reader that stops one byte past the limit, DTDs are refused (so no entity can
//! be expanded), unknown entity references are errors, and the XML nesting depth
//! is capped. Nothing here panics on malformed input.
//!
//! [`decode_text`] decodes plain-text files the way they arrive in Japanese
//! offices: UTF-8 (with or without BOM), UTF-16 with BOM, else `Shift_JIS` (CP932).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{Cursor, Read};

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use zip::ZipArchive;
use zip::result::ZipError;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// Limits applied while reading a `.docx` package, so that a hostile file ends
/// in a [`DocxError`] instead of exhausting memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxLimits {
    /// Most entries (files and folders) the ZIP package may list. Checked from
    /// the end-of-central-directory record before any entry is parsed.
    pub max_entries: usize,
    /// Most bytes one part may decompress to. Only the parts that are read
    /// count (relationships, document, styles, numbering, footnotes, endnotes);
    /// images and other media are never decompressed.
    pub max_entry_bytes: u64,
    /// Most bytes all the parts that are read may decompress to together.
    pub max_total_bytes: u64,
    /// Deepest element nesting accepted in an XML part.
    pub max_xml_depth: usize,
}

impl Default for DocxLimits {
    /// 10,000 entries, 64 MiB per part, 256 MiB in all, nesting depth 512.
    fn default() -> Self {
        Self {
            max_entries: 10_000,
            max_entry_bytes: 64 * 1024 * 1024,
            max_total_bytes: 256 * 1024 * 1024,
            max_xml_depth: 512,
        }
    }
}

/// Where a paragraph of a `.docx` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocxBlockKind {
    /// The main flow of the document body.
    Body,
    /// A paragraph inside a table cell (at any table nesting depth).
    TableCell,
    /// A paragraph of a footnote (`word/footnotes.xml`).
    Footnote,
    /// A paragraph of an endnote (`word/endnotes.xml`).
    Endnote,
    /// A paragraph inside a text box (`w:txbxContent`) in the body.
    TextBox,
}

/// One paragraph of extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxParagraph {
    /// The visible text of the runs, in order: tabs as `'\t'`, soft line breaks
    /// (`w:br`, `w:cr`) as `'\n'`. The list number is not included (see
    /// [`number`](Self::number)). Never empty or only white space. In notes,
    /// the space or tab that follows the note mark is removed.
    pub text: String,
    /// Where the paragraph comes from.
    pub kind: DocxBlockKind,
    /// Heading level 1–9: from the paragraph's own `w:outlineLvl`, else from its
    /// style (through `basedOn` chains): the style's outline level, or a name
    /// such as `heading 1`, `Heading 1`, `見出し 1`, `見出し１`; `Title`, `表題`
    /// and `タイトル` count as level 1. `None` for body text.
    pub heading_level: Option<u8>,
    /// Display name of the paragraph style (`w:pStyle`), or its id when
    /// `word/styles.xml` does not define it. `None` without `w:pStyle`.
    pub style: Option<String>,
    /// The list number Word shows in front of the paragraph, e.g. `第1章`,
    /// `1.2`, `(ア)` or `①`, rebuilt from `word/numbering.xml` (the level text
    /// template with each `%n` formatted). `None` when the paragraph is not in a
    /// numbered list, is a bullet, or uses a number format not handled here.
    pub number: Option<String>,
}

/// The text of a `.docx` file: body paragraphs, then footnotes, then endnotes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxText {
    /// The paragraphs in reading order.
    pub paragraphs: Vec<DocxParagraph>,
}

/// Why a `.docx` file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// The bytes are not a ZIP package at all.
    NotZip,
    /// The file is password-protected: an encrypted Office file (a CFB
    /// container holding `EncryptedPackage`) or a ZIP with encrypted entries.
    Encrypted,
    /// A recognised file of another kind (legacy `.doc`, PDF, RTF, an
    /// `OpenDocument` text, an empty file, ...); the text says which and what to do.
    NotOoxml(String),
    /// A required part is missing from an otherwise valid package.
    MissingPart(&'static str),
    /// A size limit of [`DocxLimits`] was exceeded (a zip bomb, or a
    /// pathologically nested XML part).
    TooLarge {
        /// What went over the limit, e.g. `decompressed size of word/document.xml (bytes)`.
        what: String,
        /// The limit, in the unit named by `what`.
        limit: u64,
    },
    /// The package lists more entries than [`DocxLimits::max_entries`].
    TooManyEntries {
        /// Entries the package declares.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A part is not well-formed XML, or uses a DTD or an undefined entity.
    Xml {
        /// The part, e.g. `word/document.xml`.
        part: String,
        /// What is wrong and where.
        message: String,
    },
    /// An I/O error while reading the package.
    Io(String),
    /// The ZIP package is truncated or damaged (missing end-of-central-directory
    /// record, bad checksum, unsupported compression, ...).
    Corrupt(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotZip => f.write_str(
                "not a .docx file: the content is not a ZIP package; save the document as \
                 Word .docx (.docx ファイルではありません。Word 文書 (.docx) 形式で保存してください)",
            ),
            Self::Encrypted => f.write_str(
                "the .docx is password-protected or encrypted; remove the password and save it \
                 again (パスワードで保護された文書は読めません。パスワードを解除して保存し直してください)",
            ),
            Self::NotOoxml(what) => write!(f, "not a .docx file: {what}"),
            Self::MissingPart(part) => write!(
                f,
                "the .docx package has no {part}; the file is damaged or not a Word document \
                 (必要な部品 {part} がありません。ファイルが壊れているか Word 文書ではありません)"
            ),
            Self::TooLarge { what, limit } => write!(
                f,
                "{what} exceeds the limit of {limit}; the file is damaged or built to exhaust \
                 memory, like a zip bomb (上限を超えています。壊れたファイルか圧縮爆弾の可能性があります)"
            ),
            Self::TooManyEntries { count, limit } => write!(
                f,
                "the .docx package lists {count} entries, more than the limit of {limit} \
                 (ZIP のエントリ数が上限を超えています)"
            ),
            Self::Xml { part, message } => {
                write!(f, "malformed XML in {part}: {message} ({part} の XML が壊れています)")
            }
            Self::Io(message) => {
                write!(f, "I/O error while reading the .docx: {message} (読み込みエラー)")
            }
            Self::Corrupt(message) => write!(
                f,
                "the .docx file is damaged or truncated: {message} \
                 (ファイルが壊れているか、途中で切れています)"
            ),
        }
    }
}

impl std::error::Error for DocxError {}

/// The encoding [`decode_text`] assumed for a plain-text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (`EF BB BF`), as Windows Notepad used to save.
    Utf8Bom,
    /// UTF-16 little endian with a byte order mark (`FF FE`).
    Utf16Le,
    /// UTF-16 big endian with a byte order mark (`FE FF`).
    Utf16Be,
    /// `Shift_JIS` as Windows writes it (CP932 / Windows-31J, which includes NEC
    /// and IBM extensions such as `①` and `髙`).
    ShiftJis,
}

impl TextEncoding {
    /// A short human-readable name, e.g. `"UTF-8"` or `"Shift_JIS (CP932)"`.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (BOM)",
            Self::Utf16Le => "UTF-16LE (BOM)",
            Self::Utf16Be => "UTF-16BE (BOM)",
            Self::ShiftJis => "Shift_JIS (CP932)",
        }
    }
}

// ---------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------

/// Decodes a plain-text file and tells which encoding was assumed.
///
/// In order: a UTF-8 BOM, a UTF-16 LE or BE BOM, then valid UTF-8, else
/// `Shift_JIS` in its Windows form (CP932; `encoding_rs::SHIFT_JIS` is
/// Windows-31J). Bytes that are neither valid UTF-8 nor valid `Shift_JIS` are
/// decoded as UTF-8 when the rest is mostly well-formed UTF-8 (say, a file cut
/// in the middle of a character) and as `Shift_JIS` otherwise.
///
/// Undecodable bytes become U+FFFD; the returned `bool` is `true` when that
/// happened. The BOM is not part of the returned text; line ends are kept as
/// they are.
#[must_use]
pub fn decode_text(bytes: &[u8]) -> (String, TextEncoding, bool) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = String::from_utf8_lossy(rest);
        let had_errors = matches!(text, Cow::Owned(_));
        return (text.into_owned(), TextEncoding::Utf8Bom, had_errors);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, had_errors) = UTF_16LE.decode_without_bom_handling(rest);
        return (text.into_owned(), TextEncoding::Utf16Le, had_errors);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, had_errors) = UTF_16BE.decode_without_bom_handling(rest);
        return (text.into_owned(), TextEncoding::Utf16Be, had_errors);
    }
    // Validation is most of the cost of reading a file; most specs are valid UTF-8.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return (text.to_owned(), TextEncoding::Utf8, false);
    }
    let (sjis, sjis_errors) = SHIFT_JIS.decode_without_bom_handling(bytes);
    if !sjis_errors {
        return (sjis.into_owned(), TextEncoding::ShiftJis, false);
    }
    // Neither decodes cleanly. Well-formed multi-byte UTF-8 sequences almost
    // never occur by chance in Shift_JIS text, so many of them and few broken
    // ones mean a damaged UTF-8 file rather than a Shift_JIS one.
    let (mut good, mut bad) = (0_usize, 0_usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    if good > bad.saturating_mul(4) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        (text, TextEncoding::Utf8, true)
    } else {
        (sjis.into_owned(), TextEncoding::ShiftJis, true)
    }
}

// ---------------------------------------------------------------------------
// Package level
// ---------------------------------------------------------------------------

const LEGACY_DOC: &str = "this is a legacy Word 97-2003 .doc file (or another OLE compound \
    file); open it in Word and save it as .docx (Word 97-2003 形式の .doc ファイルです。\
    Word で開いて .docx 形式で保存し直してください)";
const EMPTY_FILE: &str = "the file is empty (0 bytes) (空のファイルです)";

const MAIN_DOCUMENT: &str = "word/document.xml";
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";
const REL_STYLES: &str = "/styles";
const REL_NUMBERING: &str = "/numbering";
const REL_FOOTNOTES: &str = "/footnotes";
const REL_ENDNOTES: &str = "/endnotes";

/// Reads the text of a `.docx` file.
///
/// See the [module documentation](self) for what is read and what is
/// dropped. The main document part is found through `_rels/.rels` (falling
/// back to `word/document.xml`); styles, numbering, footnotes and endnotes
/// through the document's relationships (falling back to the usual `word/`
/// paths). Missing styles, numbering, footnotes or endnotes are not errors.
///
/// # Errors
///
/// A [`DocxError`] when the bytes are not a readable Word package: not a ZIP
/// ([`DocxError::NotZip`]), another kind of file such as a legacy `.doc`, a PDF
/// or an empty file ([`DocxError::NotOoxml`]), password-protected
/// ([`DocxError::Encrypted`]), over a limit ([`DocxError::TooLarge`],
/// [`DocxError::TooManyEntries`]), damaged or truncated
/// ([`DocxError::Corrupt`]), without a document part
/// ([`DocxError::MissingPart`]), or with malformed XML ([`DocxError::Xml`]).
pub fn read_docx(bytes: &[u8], limits: &DocxLimits) -> Result<DocxText, DocxError> {
    sniff(bytes)?;
    let declared = declared_entry_count(bytes).ok_or_else(|| {
        DocxError::Corrupt(
            "no ZIP end-of-central-directory record was found, so the file is truncated or not \
             a ZIP package"
                .to_owned(),
        )
    })?;
    check_entry_count(declared, limits)?;
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error("", &e))?;
    check_entry_count(u64::try_from(archive.len()).unwrap_or(u64::MAX), limits)?;
    let mut package = Package { archive, limits: *limits, total: 0 };

    let mut document_path = package.main_document_path()?;
    let mut document = package.read_text(&document_path)?;
    if document.is_none() && document_path != MAIN_DOCUMENT {
        // A relationship to a part that is not there: try the usual name.
        MAIN_DOCUMENT.clone_into(&mut document_path);
        document = package.read_text(&document_path)?;
    }
    let Some(document) = document else {
        return Err(package.explain_missing_document());
    };
    let rels_path = rels_path_for(&document_path);
    let rels = match package.read_text(&rels_path)? {
        Some(text) => parse_relationships(&text, &rels_path, limits)?,
        None => Vec::new(),
    };
    let base = parent_dir(&document_path);
    let part_path = |suffix: &str, fallback: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(suffix))
            .map_or_else(|| fallback.to_owned(), |r| resolve_target(base, &r.target))
    };
    let styles_path = part_path(REL_STYLES, "word/styles.xml");
    let numbering_path = part_path(REL_NUMBERING, "word/numbering.xml");
    let footnotes_path = part_path(REL_FOOTNOTES, "word/footnotes.xml");
    let endnotes_path = part_path(REL_ENDNOTES, "word/endnotes.xml");

    let styles = match package.read_text(&styles_path)? {
        Some(text) => parse_styles(&text, &styles_path, limits)?,
        None => Styles::default(),
    };
    let numbering = match package.read_text(&numbering_path)? {
        Some(text) => parse_numbering(&text, &numbering_path, limits)?,
        None => Numbering::default(),
    };
    let footnotes = package.read_text(&footnotes_path)?;
    let endnotes = package.read_text(&endnotes_path)?;

    let mut extractor =
        Extractor { styles: &styles, numbering: &numbering, counters: HashMap::new(), paragraphs: Vec::new() };
    extractor.run(&document, &document_path, DocxBlockKind::Body, limits)?;
    if let Some(text) = footnotes {
        extractor.run(&text, &footnotes_path, DocxBlockKind::Footnote, limits)?;
    }
    if let Some(text) = endnotes {
        extractor.run(&text, &endnotes_path, DocxBlockKind::Endnote, limits)?;
    }
    Ok(DocxText { paragraphs: extractor.paragraphs })
}

/// Recognises files that are clearly not a `.docx` before any ZIP parsing.
fn sniff(bytes: &[u8]) -> Result<(), DocxError> {
    const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.is_empty() {
        return Err(DocxError::NotOoxml(EMPTY_FILE.to_owned()));
    }
    if bytes.starts_with(b"PK") {
        return Ok(());
    }
    if bytes.starts_with(CFB_MAGIC) {
        // A password-protected .docx is a CFB file holding an
        // "EncryptedPackage" stream; directory names are UTF-16LE.
        let marker: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(DocxError::Encrypted);
        }
        return Err(DocxError::NotOoxml(LEGACY_DOC.to_owned()));
    }
    let head = bytes.get(..1024).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"%PDF") {
        return Err(DocxError::NotOoxml(
            "this is a PDF file; chotatsu reads the Word .docx (or Markdown/text) source, not a \
             PDF (PDF ファイルです。元の Word 文書 (.docx) を指定してください)"
                .to_owned(),
        ));
    }
    if trimmed.starts_with(b"{\\rtf") {
        return Err(DocxError::NotOoxml(
            "this is an RTF file; open it in Word and save it as .docx \
             (RTF ファイルです。Word で .docx 形式で保存し直してください)"
                .to_owned(),
        ));
    }
    if trimmed.starts_with(b"<") {
        let lower = head.to_ascii_lowercase();
        let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
        let what = if contains(b"w:worddocument") || contains(b"pkg:package") {
            "this is a Word XML (flat XML) document, not a .docx package; save it as .docx \
             (Word XML 形式です。.docx 形式で保存し直してください)"
        } else if contains(b"<html") || contains(b"<!doctype html") {
            "this is an HTML file, not a .docx package (HTML ファイルです)"
        } else {
            "this is an XML or text file, not a .docx package (.docx ファイルではありません)"
        };
        return Err(DocxError::NotOoxml(what.to_owned()));
    }
    Err(DocxError::NotZip)
}

fn check_entry_count(count: u64, limits: &DocxLimits) -> Result<(), DocxError> {
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    if count > limits.max_entries {
        return Err(DocxError::TooManyEntries { count, limit: limits.max_entries });
    }
    Ok(())
}

/// The total entry count declared by the ZIP end-of-central-directory record
/// (or its ZIP64 form), found without parsing the central directory.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const EOCD64_LOCATOR: &[u8] = b"PK\x06\x07";
    const EOCD64: &[u8] = b"PK\x06\x06";
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    let pos = (first..=last).rev().find(|&i| bytes.get(i..i + 4) == Some(EOCD))?;
    let entries = read_u16(bytes, pos + 10)?;
    let cd_offset = read_u32(bytes, pos + 16)?;
    if entries != u16::MAX && cd_offset != u32::MAX {
        return Some(u64::from(entries));
    }
    let zip64 = || {
        let locator = pos.checked_sub(20)?;
        if bytes.get(locator..locator + 4) != Some(EOCD64_LOCATOR) {
            return None;
        }
        let record = usize::try_from(read_u64(bytes, locator + 8)?).ok()?;
        if bytes.get(record..record.checked_add(4)?) != Some(EOCD64) {
            return None;
        }
        read_u64(bytes, record.checked_add(32)?)
    };
    Some(zip64().unwrap_or(u64::from(entries)))
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(b.try_into().ok()?))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(b.try_into().ok()?))
}

fn zip_error(part: &str, error: &ZipError) -> DocxError {
    let text = error.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return DocxError::Encrypted;
    }
    let damaged = |kind| {
        matches!(
            kind,
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
        )
    };
    match error {
        ZipError::Io(io) if !damaged(io.kind()) => {
            DocxError::Io(if part.is_empty() { text } else { format!("{part}: {text}") })
        }
        _ if part.is_empty() => DocxError::Corrupt(text),
        _ => DocxError::Corrupt(format!("{part}: {text}")),
    }
}

/// An open package plus the running count of decompressed bytes.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: DocxLimits,
    total: u64,
}

impl Package<'_> {
    /// Reads one part as bytes, enforcing the size limits; `None` if absent.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let remaining = self.limits.max_total_bytes.saturating_sub(self.total);
        let cap = self.limits.max_entry_bytes.min(remaining);
        let over = |total: bool| {
            if total {
                DocxError::TooLarge {
                    what: "total decompressed size of the parts read (bytes)".to_owned(),
                    limit: self.limits.max_total_bytes,
                }
            } else {
                DocxError::TooLarge {
                    what: format!("decompressed size of {name} (bytes)"),
                    limit: self.limits.max_entry_bytes,
                }
            }
        };
        let declared = {
            let raw = self.archive.by_index_raw(index).map_err(|e| zip_error(name, &e))?;
            if raw.encrypted() {
                return Err(DocxError::Encrypted);
            }
            raw.size()
        };
        if declared > cap {
            return Err(over(declared <= self.limits.max_entry_bytes));
        }
        let entry = self.archive.by_index(index).map_err(|e| zip_error(name, &e))?;
        let Some(data) = read_capped(entry, cap).map_err(|e| zip_error(name, &ZipError::Io(e)))? else {
            return Err(over(self.limits.max_entry_bytes > cap));
        };
        self.total = self.total.saturating_add(u64::try_from(data.len()).unwrap_or(u64::MAX));
        Ok(Some(data))
    }

    /// Reads one XML part as text (BOM-aware; UTF-8 unless a UTF-16 BOM says otherwise).
    fn read_text(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        Ok(self.read(name)?.map(|bytes| xml_bytes_to_string(&bytes)))
    }

    /// The main document part named by `_rels/.rels`, or `word/document.xml`.
    fn main_document_path(&mut self) -> Result<String, DocxError> {
        let Some(text) = self.read_text("_rels/.rels")? else {
            return Ok(MAIN_DOCUMENT.to_owned());
        };
        let rels = parse_relationships(&text, "_rels/.rels", &self.limits)?;
        let Some(rel) = rels.iter().find(|r| r.kind.ends_with(REL_OFFICE_DOCUMENT)) else {
            return Ok(MAIN_DOCUMENT.to_owned());
        };
        let path = resolve_target("", &rel.target);
        if path.starts_with("xl/") || path.starts_with("ppt/") {
            let what = if path.starts_with("xl/") {
                "an Excel workbook (Excel ブックです)"
            } else {
                "a PowerPoint presentation (PowerPoint ファイルです)"
            };
            return Err(DocxError::NotOoxml(format!(
                "this is {what}, not a Word document; chotatsu reads .docx files"
            )));
        }
        Ok(path)
    }

    /// The error for a package without its main document part.
    fn explain_missing_document(&mut self) -> DocxError {
        if let Ok(Some(mime)) = self.read("mimetype")
            && mime.starts_with(b"application/vnd.oasis.opendocument")
        {
            return DocxError::NotOoxml(
                "this is an OpenDocument file (.odt); save it as Word .docx \
                 (OpenDocument 形式です。.docx 形式で保存し直してください)"
                    .to_owned(),
            );
        }
        if self.archive.index_for_name("[Content_Types].xml").is_none() {
            return DocxError::NotOoxml(
                "this is a ZIP archive but not an Office Open XML package \
                 (Office 文書ではない ZIP ファイルです)"
                    .to_owned(),
            );
        }
        DocxError::MissingPart(MAIN_DOCUMENT)
    }
}

/// Reads at most `cap` bytes; `Ok(None)` if the reader has more than that.
/// The buffer never grows past `cap` bytes of capacity.
fn read_capped(mut reader: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut data: Vec<u8> = Vec::new();
    let mut chunk = vec![0_u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(Some(data)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let needed = data.len().saturating_add(n);
        if needed > cap {
            return Ok(None);
        }
        if needed > data.capacity() {
            let target = data.capacity().saturating_mul(2).max(needed).min(cap);
            data.reserve_exact(target - data.len());
        }
        data.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
}

/// Turns the bytes of an XML part into text: BOM sniffing for UTF-16, else
/// UTF-8 (invalid sequences replaced).
fn xml_bytes_to_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------
// Relationships and part names
// ---------------------------------------------------------------------------

struct Relationship {
    kind: String,
    target: String,
}

fn parse_relationships(text: &str, part: &str, limits: &DocxLimits) -> Result<Vec<Relationship>, DocxError> {
    let mut rels = Vec::new();
    walk_xml(text, part, limits.max_xml_depth, |event| {
        if let XmlEvent::Open { name, start, .. } = event
            && name == b"Relationship"
            && attr(start, b"TargetMode").as_deref() != Some("External")
            && let (Some(kind), Some(target)) = (attr(start, b"Type"), attr(start, b"Target"))
        {
            rels.push(Relationship { kind, target });
        }
        Ok(Flow::Continue)
    })?;
    Ok(rels)
}

/// `word/document.xml` -> `word/_rels/document.xml.rels`.
fn rels_path_for(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

fn parent_dir(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Resolves a relationship target against the folder of its source part into
/// a ZIP entry name (no leading slash, `.` and `..` removed).
fn resolve_target(base_dir: &str, target: &str) -> String {
    let (start, rest) = match target.strip_prefix('/') {
        Some(absolute) => ("", absolute),
        None => (base_dir, target),
    };
    let mut segments: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

// ---------------------------------------------------------------------------
// XML walking
// ---------------------------------------------------------------------------

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The namespaces that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// `WordprocessingML` (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Anything else.
    Other,
}

fn classify(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if ns.0 == W_NS || ns.0 == W_NS_STRICT => Ns::W,
        ResolveResult::Bound(ns) if ns.0 == MC_NS => Ns::Mc,
        // Tolerate packages that use the usual prefixes without declaring them.
        ResolveResult::Unknown(prefix) if prefix.as_slice() == b"w" => Ns::W,
        ResolveResult::Unknown(prefix) if prefix.as_slice() == b"mc" => Ns::Mc,
        _ => Ns::Other,
    }
}

/// What a visitor wants after an element opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Visit the children and the closing event.
    Continue,
    /// Skip the element's whole subtree, including its closing event.
    Skip,
}

enum XmlEvent<'e, 'i> {
    Open { ns: Ns, name: &'e [u8], start: &'e BytesStart<'i> },
    Close { ns: Ns, name: &'e [u8] },
    Text(&'e str),
}

fn xml_error(part: &str, position: u64, error: &quick_xml::Error) -> DocxError {
    DocxError::Xml { part: part.to_owned(), message: format!("{error} (at byte {position})") }
}

/// Streams the elements and text of an XML part to `visit`.
///
/// Refuses DTDs, fails on undefined entities (quick-xml only knows the five
/// predefined ones and character references), enforces `max_depth`, and skips
/// `mc:Choice` so that only `mc:Fallback` of `mc:AlternateContent` is seen.
fn walk_xml<F>(text: &str, part: &str, max_depth: usize, mut visit: F) -> Result<(), DocxError>
where
    F: FnMut(XmlEvent<'_, '_>) -> Result<Flow, DocxError>,
{
    let mut reader = NsReader::from_str(text);
    let mut depth = 0_usize;
    let mut skip_at: Option<usize> = None;
    let too_deep = || DocxError::TooLarge {
        what: format!("XML element nesting depth of {part}"),
        limit: u64::try_from(max_depth).unwrap_or(u64::MAX),
    };
    loop {
        let next = reader.read_resolved_event().map(|(resolved, event)| (classify(&resolved), event));
        let (ns, event) = match next {
            Ok(next) => next,
            Err(e) => return Err(xml_error(part, reader.error_position(), &e)),
        };
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > max_depth {
                    return Err(too_deep());
                }
                if skip_at.is_some() {
                    continue;
                }
                let local = start.local_name();
                let name = local.as_ref();
                let flow = if ns == Ns::Mc && name == b"Choice" {
                    Flow::Skip
                } else {
                    visit(XmlEvent::Open { ns, name, start: &start })?
                };
                if flow == Flow::Skip {
                    skip_at = Some(depth);
                }
            }
            Event::Empty(start) => {
                if depth + 1 > max_depth {
                    return Err(too_deep());
                }
                let local = start.local_name();
                let name = local.as_ref();
                if skip_at.is_some() || (ns == Ns::Mc && name == b"Choice") {
                    continue;
                }
                let open = XmlEvent::Open { ns, name, start: &start };
                if visit(open)? == Flow::Continue {
                    visit(XmlEvent::Close { ns, name })?;
                }
            }
            Event::End(end) => {
                let closing = depth;
                depth = depth.saturating_sub(1);
                match skip_at {
                    Some(at) if at == closing => skip_at = None,
                    Some(_) => {}
                    None => {
                        let local = end.local_name();
                        visit(XmlEvent::Close { ns, name: local.as_ref() })?;
                    }
                }
            }
            Event::Text(content) if skip_at.is_none() => {
                let text = content.unescape().map_err(|e| xml_error(part, reader.buffer_position(), &e))?;
                visit(XmlEvent::Text(&normalize_eol(&text)))?;
            }
            Event::CData(content) if skip_at.is_none() => {
                let text = content
                    .decode()
                    .map_err(|e| xml_error(part, reader.buffer_position(), &quick_xml::Error::from(e)))?;
                visit(XmlEvent::Text(&normalize_eol(&text)))?;
            }
            Event::DocType(_) => {
                return Err(DocxError::Xml {
                    part: part.to_owned(),
                    message: "a DOCTYPE declaration is not allowed in an Office Open XML part \
                              (possible entity-expansion attack)"
                        .to_owned(),
                });
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// XML 1.0 end-of-line handling (`\r\n` and lone `\r` become `\n`).
fn normalize_eol(text: &str) -> Cow<'_, str> {
    if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(text) }
}

/// The unescaped value of the attribute with this local name.
fn attr(start: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    start.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| {
        match a.unescape_value() {
            Ok(value) => value.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        }
    })
}

fn attr_u32(start: &BytesStart<'_>, local: &[u8]) -> Option<u32> {
    attr(start, local)?.trim().parse().ok()
}

fn attr_u8(start: &BytesStart<'_>, local: &[u8]) -> Option<u8> {
    attr(start, local)?.trim().parse().ok()
}

/// An OOXML on/off property (`<w:vanish/>`, `w:val="false"`, ...).
fn on_off(start: &BytesStart<'_>) -> bool {
    !matches!(attr(start, b"val").as_deref(), Some("false" | "0" | "off" | "none"))
}

// ---------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct StyleDef {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleDef>,
    /// Normalised display name -> style id.
    by_name: HashMap<String, String>,
}

/// How far `basedOn` chains are followed (Word itself stops well before).
const MAX_STYLE_CHAIN: usize = 32;

impl Styles {
    /// The style a `w:pStyle` value refers to: by id, else by display name.
    fn lookup(&self, reference: &str) -> Option<(&str, &StyleDef)> {
        if let Some((id, def)) = self.by_id.get_key_value(reference) {
            return Some((id.as_str(), def));
        }
        let id = self.by_name.get(&normalize_style_name(reference))?;
        self.by_id.get_key_value(id).map(|(id, def)| (id.as_str(), def))
    }

    fn display_name(&self, reference: &str) -> String {
        match self.lookup(reference) {
            Some((id, def)) => def.name.clone().unwrap_or_else(|| id.to_owned()),
            None => reference.to_owned(),
        }
    }

    /// Heading level of a paragraph style, following `basedOn`.
    fn heading_level(&self, reference: &str) -> Option<u8> {
        let mut current = reference;
        for _ in 0..MAX_STYLE_CHAIN {
            let Some((_, def)) = self.lookup(current) else {
                // Unknown style: its id may still say what it is ("Heading1").
                return heading_level_from_name(current);
            };
            if let Some(outline) = def.outline {
                return level_from_outline(outline);
            }
            if let Some(level) = def.name.as_deref().and_then(heading_level_from_name) {
                return Some(level);
            }
            current = def.based_on.as_deref()?;
        }
        None
    }

    /// The numbering a style brings, following `basedOn`: `numId` and `ilvl`
    /// are inherited separately, as Word does. Also returns the style's id.
    fn numbering(&self, reference: &str) -> Option<(Option<u32>, Option<u8>, &str)> {
        let (own_id, mut def) = self.lookup(reference)?;
        let (mut num_id, mut ilvl) = (None, None);
        for _ in 0..MAX_STYLE_CHAIN {
            num_id = num_id.or(def.num_id);
            ilvl = ilvl.or(def.ilvl);
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            let Some((_, parent)) = def.based_on.as_deref().and_then(|b| self.lookup(b)) else {
                break;
            };
            def = parent;
        }
        Some((num_id, ilvl, own_id))
    }
}

fn level_from_outline(outline: u8) -> Option<u8> {
    // 0-8 are levels 1-9; 9 is "body text".
    (outline < 9).then_some(outline + 1)
}

/// Lower case, no spaces (ASCII or ideographic), full-width digits as ASCII,
/// and only the first of comma-separated aliases.
fn normalize_style_name(name: &str) -> String {
    let first = name.split(',').next().unwrap_or(name);
    first
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `heading 1`, `Heading1`, `見出し 1`, `見出し１`, `Title`, `表題`, `タイトル`.
fn heading_level_from_name(name: &str) -> Option<u8> {
    let normalized = normalize_style_name(name);
    if matches!(normalized.as_str(), "title" | "表題" | "タイトル") {
        return Some(1);
    }
    let digits = normalized.strip_prefix("heading").or_else(|| normalized.strip_prefix("見出し"))?;
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

fn parse_styles(text: &str, part: &str, limits: &DocxLimits) -> Result<Styles, DocxError> {
    let mut styles = Styles::default();
    let mut current: Option<(String, StyleDef)> = None;
    walk_xml(text, part, limits.max_xml_depth, |event| {
        match event {
            XmlEvent::Open { ns: Ns::W, name, start } => match name {
                b"style" => {
                    current = attr(start, b"styleId").map(|id| (id, StyleDef::default()));
                }
                // Formatting before a tracked change is not the current style.
                b"pPrChange" | b"rPrChange" => return Ok(Flow::Skip),
                _ => {
                    if let Some((_, def)) = current.as_mut() {
                        match name {
                            b"name" => def.name = attr(start, b"val"),
                            b"basedOn" => def.based_on = attr(start, b"val"),
                            b"outlineLvl" => def.outline = attr_u8(start, b"val"),
                            b"numId" => def.num_id = attr_u32(start, b"val"),
                            b"ilvl" => def.ilvl = attr_u8(start, b"val"),
                            _ => {}
                        }
                    }
                }
            },
            XmlEvent::Close { ns: Ns::W, name } if name == b"style" => {
                if let Some((id, def)) = current.take() {
                    if let Some(display) = &def.name {
                        styles.by_name.entry(normalize_style_name(display)).or_insert_with(|| id.clone());
                    }
                    styles.by_id.insert(id, def);
                }
            }
            _ => {}
        }
        Ok(Flow::Continue)
    })?;
    Ok(styles)
}

// ---------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: Option<String>,
    text: Option<String>,
    is_legal: bool,
    restart: Option<u32>,
    style: Option<String>,
}

#[derive(Debug, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    num_style_link: Option<String>,
}

#[derive(Debug, Default)]
struct LevelOverride {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Default)]
struct NumDef {
    abstract_id: Option<u32>,
    overrides: [Option<LevelOverride>; LEVELS],
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, NumDef>,
}

/// Where in `numbering.xml` the parser is.
enum NumberingScope {
    None,
    Abstract(u32, AbstractNum),
    Num(u32, NumDef),
}

fn parse_numbering(text: &str, part: &str, limits: &DocxLimits) -> Result<Numbering, DocxError> {
    let mut numbering = Numbering::default();
    let mut scope = NumberingScope::None;
    // (ilvl, level being defined, inside a w:lvlOverride)
    let mut level: Option<(usize, Level)> = None;
    let mut override_ilvl: Option<usize> = None;
    walk_xml(text, part, limits.max_xml_depth, |event| {
        match event {
            XmlEvent::Open { ns: Ns::W, name, start } => match name {
                b"abstractNum" => {
                    if let Some(id) = attr_u32(start, b"abstractNumId") {
                        scope = NumberingScope::Abstract(id, AbstractNum::default());
                    }
                }
                b"num" => {
                    if let Some(id) = attr_u32(start, b"numId") {
                        scope = NumberingScope::Num(id, NumDef::default());
                    }
                }
                b"lvlOverride" => {
                    override_ilvl = attr_u8(start, b"ilvl").map(usize::from).filter(|&i| i < LEVELS);
                    if let (NumberingScope::Num(_, num), Some(i)) = (&mut scope, override_ilvl)
                        && let Some(slot) = num.overrides.get_mut(i)
                    {
                        *slot = Some(LevelOverride::default());
                    }
                }
                b"lvl" => {
                    level =
                        attr_u8(start, b"ilvl").map(usize::from).filter(|&i| i < LEVELS).map(|i| (i, Level::default()));
                }
                _ => numbering_property(name, start, &mut scope, &mut level, override_ilvl),
            },
            XmlEvent::Close { ns: Ns::W, name } => match name {
                b"lvl" => {
                    if let Some((ilvl, def)) = level.take() {
                        store_level(&mut scope, override_ilvl, ilvl, def);
                    }
                }
                b"lvlOverride" => override_ilvl = None,
                b"abstractNum" | b"num" => match std::mem::replace(&mut scope, NumberingScope::None) {
                    NumberingScope::Abstract(id, def) => {
                        numbering.abstracts.insert(id, def);
                    }
                    NumberingScope::Num(id, def) => {
                        numbering.nums.insert(id, def);
                    }
                    NumberingScope::None => {}
                },
                _ => {}
            },
            _ => {}
        }
        Ok(Flow::Continue)
    })?;
    Ok(numbering)
}

/// Handles the leaf elements of `numbering.xml`.
fn numbering_property(
    name: &[u8],
    start: &BytesStart<'_>,
    scope: &mut NumberingScope,
    level: &mut Option<(usize, Level)>,
    override_ilvl: Option<usize>,
) {
    if let Some((_, def)) = level.as_mut() {
        match name {
            b"start" => def.start = attr_u32(start, b"val"),
            b"numFmt" => def.format = attr(start, b"val"),
            b"lvlText" => def.text = attr(start, b"val"),
            b"lvlRestart" => def.restart = attr_u32(start, b"val"),
            b"isLgl" => def.is_legal = on_off(start),
            b"pStyle" => def.style = attr(start, b"val"),
            _ => {}
        }
        return;
    }
    match (name, scope) {
        (b"numStyleLink", NumberingScope::Abstract(_, def)) => {
            def.num_style_link = attr(start, b"val");
        }
        (b"abstractNumId", NumberingScope::Num(_, def)) => {
            def.abstract_id = attr_u32(start, b"val");
        }
        (b"startOverride", NumberingScope::Num(_, def)) => {
            let slot = override_ilvl.and_then(|i| def.overrides.get_mut(i));
            if let Some(Some(over)) = slot {
                over.start = attr_u32(start, b"val");
            }
        }
        _ => {}
    }
}

fn store_level(scope: &mut NumberingScope, override_ilvl: Option<usize>, ilvl: usize, def: Level) {
    match scope {
        NumberingScope::Abstract(_, abstract_num) => {
            if let Some(slot) = abstract_num.levels.get_mut(ilvl) {
                *slot = Some(def);
            }
        }
        NumberingScope::Num(_, num) => {
            let slot = override_ilvl.and_then(|i| num.overrides.get_mut(i));
            if let Some(Some(over)) = slot {
                over.level = Some(def);
            }
        }
        NumberingScope::None => {}
    }
}

/// Which list a counter belongs to: Word continues lists across `w:num`s that
/// share an abstract definition, unless a `w:num` overrides levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(u32),
    Num(u32),
}

type Counters = HashMap<ListKey, [Option<u32>; LEVELS]>;

impl Numbering {
    /// The abstract definition behind a `w:num`, following `w:numStyleLink`
    /// through numbering styles.
    fn abstract_for(&self, num_id: u32, styles: &Styles) -> Option<(u32, &AbstractNum)> {
        let mut abstract_id = self.nums.get(&num_id)?.abstract_id?;
        for _ in 0..MAX_STYLE_CHAIN {
            let def = self.abstracts.get(&abstract_id)?;
            match &def.num_style_link {
                Some(link) if def.levels.iter().all(Option::is_none) => {
                    let linked_num = styles.numbering(link)?.0?;
                    abstract_id = self.nums.get(&linked_num)?.abstract_id?;
                }
                _ => return Some((abstract_id, def)),
            }
        }
        None
    }

    /// Advances the counters for one numbered paragraph and renders its number.
    fn next_number(
        &self,
        styles: &Styles,
        counters: &mut Counters,
        num_id: u32,
        ilvl: Option<u8>,
        style_id: Option<&str>,
    ) -> Option<String> {
        if num_id == 0 {
            return None; // numbering explicitly removed
        }
        let num = self.nums.get(&num_id)?;
        let (abstract_id, abstract_num) = self.abstract_for(num_id, styles)?;
        let ilvl = match ilvl {
            Some(i) => usize::from(i),
            None => style_id
                .and_then(|id| {
                    abstract_num.levels.iter().position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(id))
                })
                .unwrap_or(0),
        };
        if ilvl >= LEVELS {
            return None;
        }
        let level = |i: usize| -> Option<&Level> {
            num.overrides
                .get(i)
                .and_then(|o| o.as_ref())
                .and_then(|o| o.level.as_ref())
                .or_else(|| abstract_num.levels.get(i).and_then(Option::as_ref))
        };
        let start = |i: usize| -> u32 {
            num.overrides
                .get(i)
                .and_then(|o| o.as_ref())
                .and_then(|o| o.start)
                .or_else(|| level(i).and_then(|l| l.start))
                .unwrap_or(0)
        };
        let key = if num.overrides.iter().all(Option::is_none) {
            ListKey::Abstract(abstract_id)
        } else {
            ListKey::Num(num_id)
        };
        let values = counters.entry(key).or_insert([None; LEVELS]);
        let current = match values.get(ilvl).copied().flatten() {
            Some(previous) => previous.saturating_add(1),
            None => start(ilvl),
        };
        if let Some(slot) = values.get_mut(ilvl) {
            *slot = Some(current);
        }
        for deeper in ilvl + 1..LEVELS {
            // Restart unless w:lvlRestart says "never" (0) or names a level
            // above the one just used.
            let restart = level(deeper).and_then(|l| l.restart);
            let resets = restart.is_none_or(|n| n != 0 && u32::try_from(ilvl).is_ok_and(|i| i < n));
            if let (true, Some(slot)) = (resets, values.get_mut(deeper)) {
                *slot = None;
            }
        }
        let snapshot = *values;
        let def = level(ilvl)?;
        let format = def.format.as_deref().unwrap_or("decimal");
        if format == "bullet" {
            return None;
        }
        let template = def.text.as_deref()?;
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let referenced =
                (c == '%').then(|| chars.peek().and_then(|d| d.to_digit(10))).flatten().filter(|d| (1..=9).contains(d));
            let Some(digit) = referenced else {
                out.push(c);
                continue;
            };
            chars.next();
            let index = usize::try_from(digit - 1).ok()?;
            let value = snapshot.get(index).copied().flatten().unwrap_or_else(|| start(index));
            let format = if def.is_legal {
                "decimal"
            } else {
                level(index).and_then(|l| l.format.as_deref()).unwrap_or("decimal")
            };
            out.push_str(&format_number(value, format)?);
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// Renders a counter in a `w:numFmt`; `None` for formats not handled here.
fn format_number(n: u32, format: &str) -> Option<String> {
    const AIUEO: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
    const AIUEO_HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
    const IROHA: &str =
        "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
    const IROHA_HALF: &str = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ";
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
    let cyclic = |set: &str| {
        let len = u32::try_from(set.chars().count()).ok()?;
        let index = usize::try_from(n.checked_sub(1)? % len).ok()?;
        set.chars().nth(index).map(String::from)
    };
    match format {
        "decimal" | "decimalHalfWidth" => Some(n.to_string()),
        "decimalZero" => Some(format!("{n:02}")),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c))
                .collect(),
        ),
        "upperLetter" | "lowerLetter" => {
            let index = n.checked_sub(1)?;
            let letter = char::from_u32(u32::from('A') + index % 26)?;
            let count = usize::try_from(index / 26 + 1).ok()?.min(64);
            let text = letter.to_string().repeat(count);
            Some(if format == "lowerLetter" { text.to_ascii_lowercase() } else { text })
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).map(|r| r.to_ascii_lowercase()),
        "aiueoFullWidth" => cyclic(AIUEO),
        "aiueo" => cyclic(AIUEO_HALF),
        "irohaFullWidth" => cyclic(IROHA),
        "iroha" => cyclic(IROHA_HALF),
        "ideographTraditional" => cyclic(STEMS),
        "ideographZodiac" => cyclic(BRANCHES),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Some(enclosed_circle(n)),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488).or_else(|| Some(format!("{n}."))),
        "decimalEnclosedParen" => enclosed(n, 0x2474).or_else(|| Some(format!("({n})"))),
        "japaneseCounting" | "chineseCounting" | "chineseCountingThousand" => kanji_counting(n),
        "ideographDigital" | "japaneseDigitalTenThousand" => Some(
            n.to_string()
                .chars()
                .filter_map(|c| c.to_digit(10))
                .filter_map(|d| "〇一二三四五六七八九".chars().nth(usize::try_from(d).ok()?))
                .collect(),
        ),
        "none" => Some(String::new()),
        _ => None,
    }
}

/// ⒈..⒛ or ⑴..⒇ style characters for 1-20.
fn enclosed(n: u32, first: u32) -> Option<String> {
    (1..=20).contains(&n).then(|| char::from_u32(first + n - 1).map(String::from)).flatten()
}

/// ①..⑳, ㉑..㉟, ㊱..㊿, then plain digits as Word does.
fn enclosed_circle(n: u32) -> String {
    let code = match n {
        1..=20 => Some(0x2460 + n - 1),
        21..=35 => Some(0x3251 + n - 21),
        36..=50 => Some(0x32B1 + n - 36),
        _ => None,
    };
    code.and_then(char::from_u32).map_or_else(|| n.to_string(), String::from)
}

fn roman(n: u32) -> Option<String> {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return None;
    }
    let mut rest = n;
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while rest >= value {
            out.push_str(symbol);
            rest -= value;
        }
    }
    Some(out)
}

/// 一, 十, 十一, 二十, 百, 千二百三十四 (1-9999).
fn kanji_counting(n: u32) -> Option<String> {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| usize::try_from(d).ok().and_then(|d| DIGITS.get(d).copied());
    if n == 0 {
        return Some("〇".to_owned());
    }
    if n > 9999 {
        return None;
    }
    let mut out = String::new();
    for (unit, name) in [(1000, '千'), (100, '百'), (10, '十')] {
        let d = n / unit % 10;
        if d > 1 {
            out.push(digit(d)?);
        }
        if d > 0 {
            out.push(name);
        }
    }
    if !n.is_multiple_of(10) {
        out.push(digit(n % 10)?);
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Document, footnotes and endnotes
// ---------------------------------------------------------------------------

/// Open elements that later events depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    ParagraphMarkProps,
    NumberingProps,
    Run { hidden: bool },
    RunProps,
    Text,
    Row { deleted: bool },
    RowProps,
    Cell,
    TextBox,
    Other,
}

/// A paragraph being collected.
#[derive(Debug, Default)]
struct ParagraphBuilder {
    text: String,
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    mark_deleted: bool,
}

/// State shared across the parts of one document.
struct Extractor<'s> {
    styles: &'s Styles,
    numbering: &'s Numbering,
    counters: Counters,
    paragraphs: Vec<DocxParagraph>,
}

/// State of one part while it is walked.
struct PartState {
    base_kind: DocxBlockKind,
    stack: Vec<Tag>,
    open: Vec<ParagraphBuilder>,
    /// One entry per open field: `true` while in its code (before `separate`).
    fields: Vec<bool>,
    fields_in_code: usize,
    cells: usize,
    text_boxes: usize,
    /// Open table rows whose deletion is tracked (their text is dropped).
    deleted_rows: usize,
    /// Text of paragraphs whose mark was deleted, to be joined to the next one.
    carried: Option<(DocxBlockKind, String)>,
}

impl Extractor<'_> {
    fn run(&mut self, text: &str, part: &str, base_kind: DocxBlockKind, limits: &DocxLimits) -> Result<(), DocxError> {
        let mut state = PartState {
            base_kind,
            stack: Vec::new(),
            open: Vec::new(),
            fields: Vec::new(),
            fields_in_code: 0,
            cells: 0,
            text_boxes: 0,
            deleted_rows: 0,
            carried: None,
        };
        walk_xml(text, part, limits.max_xml_depth, |event| {
            Ok(match event {
                XmlEvent::Open { ns, name, start } => state.open_element(ns, name, start),
                XmlEvent::Close { .. } => {
                    self.close_element(&mut state);
                    Flow::Continue
                }
                XmlEvent::Text(text) => {
                    if state.stack.last() == Some(&Tag::Text) {
                        state.push_run_text(text, 2);
                    }
                    Flow::Continue
                }
            })
        })?;
        // A truncated part may leave paragraphs open; keep what they hold.
        while !state.stack.is_empty() {
            self.close_element(&mut state);
        }
        if let Some((kind, text)) = state.carried.take() {
            self.emit(kind, text, None, None, None);
        }
        Ok(())
    }

    fn close_element(&mut self, state: &mut PartState) {
        match state.stack.pop() {
            Some(Tag::Paragraph) => {
                if let Some(builder) = state.open.pop() {
                    let kind = state.kind();
                    self.finish_paragraph(state, builder, kind);
                }
            }
            Some(Tag::Cell) => state.cells = state.cells.saturating_sub(1),
            Some(Tag::TextBox) => state.text_boxes = state.text_boxes.saturating_sub(1),
            Some(Tag::Row { deleted: true }) => {
                state.deleted_rows = state.deleted_rows.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, state: &mut PartState, builder: ParagraphBuilder, kind: DocxBlockKind) {
        if builder.mark_deleted {
            // Accepting the deletion of a paragraph mark joins the paragraph
            // to the next one, which keeps its own properties.
            let carried = match state.carried.take() {
                Some((previous_kind, mut text)) if previous_kind == kind => {
                    text.push_str(&builder.text);
                    text
                }
                Some((previous_kind, text)) => {
                    self.emit(previous_kind, text, None, None, None);
                    builder.text
                }
                None => builder.text,
            };
            state.carried = Some((kind, carried));
            return;
        }
        let mut text = builder.text;
        match state.carried.take() {
            Some((previous_kind, mut previous)) if previous_kind == kind => {
                previous.push_str(&text);
                text = previous;
            }
            Some((previous_kind, previous)) => self.emit(previous_kind, previous, None, None, None),
            None => {}
        }
        let style_numbering = builder.style.as_deref().and_then(|s| self.styles.numbering(s));
        let num_id = builder.num_id.or(style_numbering.and_then(|(id, _, _)| id));
        let ilvl = builder.ilvl.or(style_numbering.and_then(|(_, ilvl, _)| ilvl));
        let style_id = style_numbering.map(|(_, _, id)| id);
        let number = num_id
            .and_then(|num_id| self.numbering.next_number(self.styles, &mut self.counters, num_id, ilvl, style_id));
        let heading_level = match builder.outline {
            Some(outline) => level_from_outline(outline),
            None => builder.style.as_deref().and_then(|s| self.styles.heading_level(s)),
        };
        let style = builder.style.as_deref().map(|s| self.styles.display_name(s));
        self.emit(kind, text, heading_level, style, number);
    }

    fn emit(
        &mut self,
        kind: DocxBlockKind,
        text: String,
        heading_level: Option<u8>,
        style: Option<String>,
        number: Option<String>,
    ) {
        if text.trim().is_empty() {
            return;
        }
        // Writers separate the note mark from the note text with a space or tab.
        let text = match kind {
            DocxBlockKind::Footnote | DocxBlockKind::Endnote => text.trim_start_matches([' ', '\t']).to_owned(),
            _ => text,
        };
        self.paragraphs.push(DocxParagraph { text, kind, heading_level, style, number });
    }
}

impl PartState {
    fn kind(&self) -> DocxBlockKind {
        if self.text_boxes > 0 {
            DocxBlockKind::TextBox
        } else if self.cells > 0 && self.base_kind == DocxBlockKind::Body {
            DocxBlockKind::TableCell
        } else {
            self.base_kind
        }
    }

    /// The open element `up` levels above the top of the stack (1 = parent
    /// of an element about to be pushed).
    fn ancestor(&self, up: usize) -> Option<Tag> {
        self.stack.len().checked_sub(up).and_then(|i| self.stack.get(i)).copied()
    }

    /// Appends run content if the run at `run_up` levels above is visible and
    /// no field code is open.
    fn push_run_text(&mut self, text: &str, run_up: usize) {
        let visible = matches!(self.ancestor(run_up), Some(Tag::Run { hidden: false }));
        if !visible || self.fields_in_code > 0 || self.deleted_rows > 0 {
            return;
        }
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.text.push_str(text);
        }
    }

    fn open_element(&mut self, ns: Ns, name: &[u8], start: &BytesStart<'_>) -> Flow {
        if ns != Ns::W {
            self.stack.push(Tag::Other);
            return Flow::Continue;
        }
        let parent = self.ancestor(1);
        let in_run = matches!(parent, Some(Tag::Run { .. }));
        let tag = match name {
            b"p" => {
                self.open.push(ParagraphBuilder::default());
                Tag::Paragraph
            }
            b"pPr" if parent == Some(Tag::Paragraph) => Tag::ParagraphProps,
            b"numPr" if parent == Some(Tag::ParagraphProps) => Tag::NumberingProps,
            b"rPr" if parent == Some(Tag::ParagraphProps) => Tag::ParagraphMarkProps,
            b"rPr" if in_run => Tag::RunProps,
            b"r" => Tag::Run { hidden: false },
            b"t" if in_run => Tag::Text,
            b"tr" => Tag::Row { deleted: false },
            b"trPr" if matches!(parent, Some(Tag::Row { .. })) => Tag::RowProps,
            b"tc" => {
                self.cells += 1;
                Tag::Cell
            }
            b"txbxContent" => {
                self.text_boxes += 1;
                Tag::TextBox
            }
            b"del" | b"moveFrom" => {
                if parent == Some(Tag::ParagraphMarkProps) {
                    if let Some(paragraph) = self.open.last_mut() {
                        paragraph.mark_deleted = true;
                    }
                } else if parent == Some(Tag::RowProps) {
                    let row = self.stack.len().checked_sub(2).and_then(|i| self.stack.get_mut(i));
                    if let Some(Tag::Row { deleted: deleted @ false }) = row {
                        *deleted = true;
                        self.deleted_rows += 1;
                    }
                }
                return Flow::Skip;
            }
            b"footnote" | b"endnote" => {
                let special = attr(start, b"type");
                if matches!(special.as_deref(), Some("separator" | "continuationSeparator" | "continuationNotice")) {
                    return Flow::Skip;
                }
                Tag::Other
            }
            // Deleted text, field codes, superseded formatting, ruby readings,
            // content-control properties, embedded objects, section properties.
            b"delText" | b"delInstrText" | b"instrText" | b"pPrChange" | b"rPrChange" | b"sectPrChange"
            | b"tblPrChange" | b"tblPrExChange" | b"trPrChange" | b"tcPrChange" | b"numberingChange" | b"rt"
            | b"sdtPr" | b"sdtEndPr" | b"object" | b"sectPr" => return Flow::Skip,
            _ => {
                self.leaf(name, start, parent, in_run);
                Tag::Other
            }
        };
        self.stack.push(tag);
        Flow::Continue
    }

    /// Elements that only matter through their attributes.
    fn leaf(&mut self, name: &[u8], start: &BytesStart<'_>, parent: Option<Tag>, in_run: bool) {
        match (name, parent) {
            (b"pStyle", Some(Tag::ParagraphProps)) => {
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.style = attr(start, b"val");
                }
            }
            (b"outlineLvl", Some(Tag::ParagraphProps)) => {
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.outline = attr_u8(start, b"val");
                }
            }
            (b"numId", Some(Tag::NumberingProps)) => {
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.num_id = attr_u32(start, b"val");
                }
            }
            (b"ilvl", Some(Tag::NumberingProps)) => {
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.ilvl = attr_u8(start, b"val");
                }
            }
            (b"vanish", Some(Tag::RunProps)) => {
                let hidden = on_off(start);
                let run = self.stack.len().checked_sub(2).and_then(|i| self.stack.get_mut(i));
                if let Some(Tag::Run { hidden: h }) = run {
                    *h = hidden;
                }
            }
            _ if in_run => self.run_content(name, start),
            _ => {}
        }
    }

    /// Run content other than `w:t`.
    fn run_content(&mut self, name: &[u8], start: &BytesStart<'_>) {
        match name {
            b"tab" | b"ptab" => self.push_run_text("\t", 1),
            // Page and column breaks end no line of text.
            b"br" if !matches!(attr(start, b"type").as_deref(), Some("page" | "column")) => {
                self.push_run_text("\n", 1);
            }
            b"cr" => self.push_run_text("\n", 1),
            b"noBreakHyphen" => self.push_run_text("-", 1),
            b"sym" => {
                let code = attr(start, b"char").and_then(|c| u32::from_str_radix(&c, 16).ok());
                // Symbol fonts use the private-use area; those glyphs have no
                // meaningful text, so only real characters are kept.
                if let Some(c) = code.filter(|c| !(0xE000..=0xF8FF).contains(c)).and_then(char::from_u32) {
                    self.push_run_text(c.encode_utf8(&mut [0; 4]), 1);
                }
            }
            b"fldChar" => match attr(start, b"fldCharType").as_deref() {
                Some("begin") => {
                    self.fields.push(true);
                    self.fields_in_code += 1;
                }
                Some("separate") => {
                    if let Some(in_code) = self.fields.last_mut()
                        && *in_code
                    {
                        *in_code = false;
                        self.fields_in_code = self.fields_in_code.saturating_sub(1);
                    }
                }
                Some("end") => {
                    let closed_in_code = usize::from(self.fields.pop() == Some(true));
                    self.fields_in_code = self.fields_in_code.saturating_sub(closed_in_code);
                }
                _ => {}
            },
            _ => {}
        }
    }
}
