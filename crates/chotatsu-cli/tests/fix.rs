//! `chotatsu check --fix`: safe fixes written in place, atomically, in the file's own encoding.

mod common;

use common::{run, temp_fixtures};
use insta::assert_snapshot;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Set a file's modification time into the past, so that any rewrite shows.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::now() - Duration::from_hours(1);
    let f = std::fs::File::options().write(true).open(path).expect("fixture file opens");
    f.set_modified(old).expect("mtime can be set");
    std::fs::metadata(path).and_then(|m| m.modified()).expect("mtime readable")
}

#[test]
fn fix_rewrites_only_files_with_fixes_atomically_and_says_what_changed() {
    let dir = temp_fixtures();
    let root = dir.path();
    let flawed = root.join("specs/flawed.md");
    std::fs::set_permissions(&flawed, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mtimes: Vec<(String, SystemTime)> = ["specs/clean.md", "specs/extracted.txt", "specs/high-profile.md"]
        .iter()
        .map(|p| ((*p).to_string(), age(&root.join(p))))
        .collect();
    let inode_before = std::fs::metadata(&flawed).unwrap().ino();
    let before = std::fs::read_to_string(&flawed).unwrap();

    let r = run(root, &["check", "specs", "--fix"]);
    assert_eq!(r.code, 1, "warnings remain");
    assert_snapshot!("fix_first_run", r.snapshot());

    let after = std::fs::read_to_string(&flawed).unwrap();
    assert_eq!(after, before.replace("瑕疵担保責任", "契約不適合責任"));
    let meta = std::fs::metadata(&flawed).unwrap();
    assert_ne!(meta.ino(), inode_before, "replaced by rename, not rewritten in place");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "permissions kept");
    for (p, t) in &mtimes {
        assert_eq!(std::fs::metadata(root.join(p)).unwrap().modified().unwrap(), *t, "{p} untouched");
    }
    let leftovers: Vec<_> = std::fs::read_dir(root.join("specs"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".chotatsu-fix"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");

    // Second run: nothing left to fix, nothing written.
    let t_flawed = age(&flawed);
    let t_wide = age(&root.join("specs/wide.md"));
    let r2 = run(root, &["check", "specs", "--fix"]);
    assert_eq!(r2.code, 1);
    assert!(!r2.stderr.contains("修正:"), "{}", r2.stderr);
    assert!(!r2.stdout.contains("修正"), "{}", r2.stdout);
    assert_eq!(std::fs::metadata(&flawed).unwrap().modified().unwrap(), t_flawed);
    assert_eq!(std::fs::metadata(root.join("specs/wide.md")).unwrap().modified().unwrap(), t_wide);
    assert_eq!(std::fs::read_to_string(&flawed).unwrap(), after);
}

#[test]
fn fix_keeps_crlf_line_ends_and_the_utf8_bom() {
    let dir = temp_fixtures();
    let path = dir.path().join("specs/crlf.md");
    let text = "# 仕様書\r\n\r\n受注者は瑕疵担保責任を負う。\r\n瑕疵担保の期間は1年とする。\r\n";
    std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
    let r = run(dir.path(), &["check", "specs/crlf.md", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&path).unwrap();
    let expected = text.replace("瑕疵担保責任", "契約不適合責任").replace("瑕疵担保", "契約不適合責任");
    assert_eq!(bytes, [b"\xEF\xBB\xBF".as_slice(), expected.as_bytes()].concat());
}

#[test]
fn fix_writes_shift_jis_and_utf16_back_in_their_encoding() {
    let dir = temp_fixtures();
    let text = "〇〇業務 仕様書\r\n\r\n第１章 概要\r\n受注者は、瑕疵担保責任を負う。\r\n";
    let fixed = text.replace("瑕疵担保責任", "契約不適合責任");
    let sjis = |s: &str| encoding_rs::SHIFT_JIS.encode(s).0.into_owned();
    let utf16le = |s: &str| {
        let mut v = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    };
    std::fs::write(dir.path().join("specs/sjis.txt"), sjis(text)).unwrap();
    std::fs::write(dir.path().join("specs/utf16.txt"), utf16le(text)).unwrap();
    let r = run(dir.path(), &["check", "specs/sjis.txt", "specs/utf16.txt", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(dir.path().join("specs/sjis.txt")).unwrap(), sjis(&fixed));
    assert_eq!(std::fs::read(dir.path().join("specs/utf16.txt")).unwrap(), utf16le(&fixed));
    assert_snapshot!("fix_encodings", r.snapshot());
}

#[test]
fn fix_refuses_shift_jis_that_would_not_round_trip() {
    let dir = temp_fixtures();
    // 0xED40 is an NEC-selected IBM extension (纊): it decodes, but encodes back as 0xFB9C.
    let mut bytes = encoding_rs::SHIFT_JIS.encode("受注者は、瑕疵担保責任を負う。").0.into_owned();
    bytes.extend_from_slice(b"\xED\x40\r\n");
    let path = dir.path().join("specs/nec.txt");
    std::fs::write(&path, &bytes).unwrap();
    let r = run(dir.path(), &["check", "specs/nec.txt", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "left alone");
    assert_snapshot!("fix_sjis_refused", r.snapshot());
}

#[test]
fn fix_writes_through_a_symbolic_link() {
    let dir = temp_fixtures();
    let target = dir.path().join("specs/flawed.md");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let r = run(dir.path(), &["check", "link.md", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    assert!(std::fs::read_to_string(&target).unwrap().contains("成果物の契約不適合責任を負う"));
}

#[test]
fn fix_refuses_docx() {
    let dir = temp_fixtures();
    let path = dir.path().join("specs/spec.docx");
    let bytes = common::docx(&[("Title", "調達仕様書"), ("", "受注者は、瑕疵担保責任を負う。")]);
    std::fs::write(&path, &bytes).unwrap();
    let r = run(dir.path(), &["check", "specs/spec.docx", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "untouched");
    assert!(r.stdout.contains("legal/contract-nonconformity"), "still reported");
    assert_snapshot!("fix_docx_refused", r.snapshot());
}
