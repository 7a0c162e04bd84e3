//! How paths are shown: relative to the current folder where possible, with `/` separators.

use std::fmt::Write as _;
use std::path::{Component, Path};

/// A path as shown in reports: relative to the current folder when it lies below it, without a
/// leading `./`, with `/` between components.
pub(crate) fn display_path(path: &Path) -> String {
    let rel = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// A relative path as a URI reference (RFC 3986): every byte outside the unreserved set and `/`
/// percent-encoded. An absolute path becomes a `file://` URI.
pub(crate) fn path_uri(display: &str) -> String {
    let mut out = String::new();
    if display.starts_with('/') {
        out.push_str("file://");
    }
    for b in display.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_strips_dot_and_joins_with_slashes() {
        assert_eq!(display_path(Path::new("./a/b.md")), "a/b.md");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("../x/仕様書.md")), "../x/仕様書.md");
    }

    #[test]
    fn uri_percent_encodes_non_ascii_and_spaces() {
        assert_eq!(path_uri("specs/a b.md"), "specs/a%20b.md");
        assert_eq!(path_uri("仕様.md"), "%E4%BB%95%E6%A7%98.md");
        assert_eq!(path_uri("/tmp/x.md"), "file:///tmp/x.md");
    }
}
