//! `--fix`: apply safe fixes in place.
//!
//! - The new text is written to a temporary file in the target's folder, then renamed over it, so a
//!   reader never sees half a file. A symbolic link is written through: its target is replaced, the
//!   link stays.
//! - The file keeps its permissions, its line endings (edits never touch them) and its encoding:
//!   UTF-8 (with or without BOM), UTF-16 with BOM, or Shift_JIS when the original bytes round-trip
//!   through the decoder and the new text can be encoded; otherwise the file is left alone with a
//!   message saying why.
//! - A file without fixes is never written.

use chotatsu_core::input::docx::TextEncoding;
use chotatsu_core::{Diagnostic, Document, Edit};
use std::io::Write as _;
use std::path::Path;

/// One edit that `--fix` made, for the report.
#[derive(Debug, Clone)]
pub(crate) struct Applied {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) before: String,
    pub(crate) after: String,
    pub(crate) rule: String,
}

/// The edits `apply_fixes` applies, in the same order and with the same overlap rule.
pub(crate) fn applied_edits(doc: &Document, diags: &[Diagnostic]) -> Vec<Applied> {
    let mut edits: Vec<(&Edit, &str)> = diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .filter_map(|d| d.safe_fix().map(|f| (f, d.rule.as_str())))
        .flat_map(|(f, rule)| f.edits.iter().map(move |e| (e, rule)))
        .collect();
    edits.sort_by_key(|(e, _)| (e.span.start, e.span.end));
    let mut at = 0;
    let mut out = Vec::new();
    for (e, rule) in edits {
        if e.span.start < at || e.span.end > doc.source.len() {
            continue;
        }
        let (Some(before), true) = (doc.source.get(e.span.range()), doc.source.is_char_boundary(e.span.start)) else {
            continue;
        };
        let (line, column) = doc.line_col(e.span.start);
        out.push(Applied {
            line,
            column,
            before: before.to_string(),
            after: e.replacement.clone(),
            rule: rule.to_string(),
        });
        at = e.span.end;
    }
    out
}

/// Encode `text` as the file was encoded. `original` is the file's bytes, used to check that a
/// Shift_JIS file round-trips before it is rewritten.
pub(crate) fn encode(
    text: &str,
    encoding: TextEncoding,
    original: &[u8],
    decoded_original: &str,
) -> Result<Vec<u8>, String> {
    match encoding {
        TextEncoding::Utf8 => Ok(text.as_bytes().to_vec()),
        TextEncoding::Utf8Bom => {
            let mut v = b"\xEF\xBB\xBF".to_vec();
            v.extend_from_slice(text.as_bytes());
            Ok(v)
        }
        TextEncoding::Utf16Le => {
            let mut v = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            Ok(v)
        }
        TextEncoding::Utf16Be => {
            let mut v = vec![0xFE, 0xFF];
            for u in text.encode_utf16() {
                v.extend_from_slice(&u.to_be_bytes());
            }
            Ok(v)
        }
        TextEncoding::ShiftJis => {
            let enc = encoding_rs::SHIFT_JIS;
            let (back, _, unmappable) = enc.encode(decoded_original);
            if unmappable || back.as_ref() != original {
                return Err(
                    "Shift_JIS の元のバイト列を復元できない文字（機種依存文字など）を含むため、書き換えません。UTF-8 に変換してから --fix を使ってください"
                        .into(),
                );
            }
            let (bytes, _, unmappable) = enc.encode(text);
            if unmappable {
                return Err(
                    "修正後の文字を Shift_JIS で表せないため、書き換えません。UTF-8 に変換してから --fix を使ってください"
                        .into(),
                );
            }
            Ok(bytes.into_owned())
        }
    }
}

/// Temporary files are named `.chotatsu-fix-<pid>-<random>` in the folder of the file they replace.
const TEMP_PREFIX: &str = ".chotatsu-fix-";

/// Replace a file's contents atomically, keeping its permissions; through a symbolic link, the
/// link's target is replaced.
///
/// A run killed between creating its temporary file and the rename leaves the original file and a
/// temporary file; the next run that writes in that folder removes it (see [`remove_stale_temps`]).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().ok_or_else(|| std::io::Error::other("no parent folder"))?;
    let perms = std::fs::metadata(&target)?.permissions();
    remove_stale_temps(dir);
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut tmp = tempfile::Builder::new().prefix(&prefix).tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), perms)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Remove temporary files left in `dir` by runs that were killed: `.chotatsu-fix-<pid>-…` whose
/// process no longer exists. Only where `/proc` tells which processes run (Linux); elsewhere they
/// stay, harmless and clearly named. Failures are ignored: this is housekeeping.
fn remove_stale_temps(dir: &Path) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if pid != me && !alive && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_bom_round_trip() {
        let text = "瑕疵\r\n𠮷";
        let le = encode(text, TextEncoding::Utf16Le, &[], "").unwrap();
        assert_eq!(&le[..2], &[0xFF, 0xFE]);
        let (back, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&le[2..]);
        assert_eq!(back, text);
        let be = encode(text, TextEncoding::Utf16Be, &[], "").unwrap();
        let (back, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(&be[2..]);
        assert_eq!(back, text);
        assert_eq!(encode("a", TextEncoding::Utf8Bom, &[], "").unwrap(), b"\xEF\xBB\xBFa");
    }

    #[test]
    fn shift_jis_refuses_what_cannot_round_trip() {
        let original = encoding_rs::SHIFT_JIS.encode("瑕疵担保責任").0.into_owned();
        let out = encode("契約不適合責任", TextEncoding::ShiftJis, &original, "瑕疵担保責任").unwrap();
        assert_eq!(encoding_rs::SHIFT_JIS.decode(&out).0, "契約不適合責任");
        assert!(encode("𠮷", TextEncoding::ShiftJis, &original, "瑕疵担保責任").is_err());
    }
}
