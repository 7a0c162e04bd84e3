//! GitHub Actions workflow commands: one annotation per unsuppressed finding.
//!
//! `::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`. Severity `info`
//! becomes `notice`. Following the runner's escaping: `%`, `\r`, `\n` in the message, and also `:`
//! and `,` in the properties.

use super::{FileView, Pos};
use chotatsu_core::Severity;
use std::fmt::Write as _;

/// Escape the message part of a workflow command.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Annotations of one file.
pub(crate) fn file(v: &FileView<'_>) -> String {
    let mut out = String::new();
    for d in v.result.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let p = Pos::of(v.doc, d.span);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push('\n');
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(v.display),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&d.rule),
            escape_data(&message)
        );
    }
    out
}

/// The annotation of a file that could not be read.
pub(crate) fn error(display: &str, message: &str) -> String {
    format!(
        "::error file={},title={}::{}\n",
        escape_property(display),
        escape_property("chotatsu"),
        escape_data(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_runner() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
