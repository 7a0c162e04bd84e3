//! Helpers for tests that run the real `chotatsu` binary.
// Test helpers: a failed file operation is a broken test environment, so they unwrap.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `crates/chotatsu-cli/tests/fixtures`: small specs and a rule pack of their own, so that these
/// snapshots do not change when the built-in rules are tuned.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, for a snapshot.
    pub fn snapshot(&self) -> String {
        format!("exit code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}", self.code, self.stdout, self.stderr)
    }
}

/// A command for the binary, in `cwd`, without the environment that changes its output.
pub fn command(cwd: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_chotatsu"));
    cmd.current_dir(cwd).env_remove("NO_COLOR").env_remove("CI").env_remove("COLUMNS");
    cmd
}

/// Run the binary in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = command(cwd).args(args).output().expect("the binary runs");
    finish(out)
}

/// Run the binary in `cwd` with `stdin` as standard input.
pub fn run_stdin(cwd: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let out = command(cwd).args(args).write_stdin(stdin.to_vec()).output().expect("the binary runs");
    finish(out)
}

fn finish(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Copy a folder recursively (regular files only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the fixtures (specs, pack, chotatsu.yaml), for tests that change files.
pub fn temp_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["chotatsu.yaml", "pack", "specs"] {
        let from = fixtures().join(name);
        if from.is_dir() {
            copy_dir(&from, &dir.path().join(name));
        } else {
            std::fs::copy(&from, dir.path().join(name)).unwrap();
        }
    }
    dir
}

/// A minimal Word package: each paragraph is `(style id or "", text)`.
pub fn docx(paragraphs: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (style, text) in paragraphs {
        body.push_str("<w:p>");
        if !style.is_empty() {
            let _ = write!(body, "<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
        }
        let _ = write!(body, "<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in
            [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", &document)]
        {
            zip.start_file(name, opts).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// Display width in a terminal as miette computes it: tabs to the next multiple of 4, non-ASCII
/// text in these fixtures (kanji, kana, full-width forms, 𠮷) two cells.
pub fn cells(s: &str) -> usize {
    let mut col = 0;
    for c in s.chars() {
        col += match c {
            '\t' => 4 - col % 4,
            c if c.is_ascii() => 1,
            _ => 2,
        };
    }
    col
}

/// `crates/chotatsu-cli/tests`.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}
