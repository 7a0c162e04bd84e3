//! CSV: one row per finding (suppressed ones too, marked), UTF-8 with a byte order mark so that
//! Excel opens Japanese text correctly, CRLF line ends and RFC 4180 quoting.

use super::{FileView, Pos, paragraph_of};

const COLUMNS: &[&str] = &[
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "paragraph",
    "severity",
    "rule",
    "message",
    "help",
    "suppressed",
    "reason",
];

/// Quote a field when it holds a comma, a quote, a line break or leading/trailing space.
pub(crate) fn field(s: &str) -> String {
    let needs = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if needs { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn row(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// BOM and header row.
pub(crate) fn header() -> String {
    let cols: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    format!("\u{feff}{}", row(&cols))
}

/// The rows of one file.
pub(crate) fn file(v: &FileView<'_>) -> String {
    let mut out = String::new();
    for d in &v.result.diagnostics {
        let p = Pos::of(v.doc, d.span);
        out.push_str(&row(&[
            v.display.to_string(),
            p.line.to_string(),
            p.column.to_string(),
            p.end_line.to_string(),
            p.end_column.to_string(),
            paragraph_of(v.doc, d.span.start).map_or_else(String::new, |n| n.to_string()),
            d.severity.name().to_string(),
            d.rule.clone(),
            d.message.clone(),
            d.help.clone().unwrap_or_default(),
            if d.suppressed.is_some() { "true" } else { "false" }.to_string(),
            d.suppressed.as_ref().and_then(|s| s.reason.clone()).unwrap_or_default(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("瑕疵担保責任"), "瑕疵担保責任");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
