//! Terminal concerns: colour, width, miette handlers, and keeping control characters from the
//! linted files out of the terminal.

use chotatsu_core::Problem;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use std::io::IsTerminal;

/// Width used when the output is not a terminal, so that reports are the same everywhere.
pub(crate) const DEFAULT_WIDTH: usize = 100;

/// Whether to colour a stream: not with `--no-color`, not with `NO_COLOR` set to anything
/// non-empty, not when the stream is not a terminal.
pub(crate) fn use_color(no_color_flag: bool, is_terminal: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !no_color_env && is_terminal
}

/// Whether standard error is a terminal.
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Whether standard output is a terminal.
pub(crate) fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// The width of the terminal, or [`DEFAULT_WIDTH`].
pub(crate) fn width(is_terminal: bool) -> usize {
    if is_terminal {
        terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0).max(40))
    } else {
        DEFAULT_WIDTH
    }
}

/// A miette graphical handler, with or without colour.
pub(crate) fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false)
}

/// Render a diagnostic to a string.
pub(crate) fn render(handler: &GraphicalReportHandler, d: &dyn Diagnostic) -> String {
    let mut out = String::new();
    if handler.render_report(&mut out, d).is_err() {
        // A span outside the text: fall back to the message alone.
        out = format!("  × {d}\n");
    }
    out
}

/// Render a rule or config problem: `file:line:col` with character columns (core's problems carry
/// a source that counts characters).
pub(crate) fn render_problem(handler: &GraphicalReportHandler, problem: &Problem) -> String {
    render(handler, problem)
}

/// Replace control characters (other than tab and line breaks) with `?`, byte for byte, so that
/// a linted file cannot send escape sequences to the terminal and byte offsets stay valid.
pub(crate) fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if bad(c) {
            for _ in 0..c.len_utf8() {
                out.push('?');
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_byte_offsets() {
        let s = "a\u{1b}[31mb\u{85}c\td";
        let t = sanitize(s);
        assert_eq!(t.len(), s.len());
        assert_eq!(t, "a?[31mb??c\td");
        assert!(matches!(sanitize("普通の文"), std::borrow::Cow::Borrowed(_)));
    }
}
