//! The HTML report in a real browser (Debian's chromium, headless).
//!
//! Needs `apt-get install -y chromium fonts-noto-cjk`, so it is ignored by default; run it with
//! `cargo test -p chotatsu-cli --test html -- --ignored`. `tests/html/render.sh` renders the same
//! report to a PNG to look at.

mod common;

use common::{fixtures, run};
use std::process::Command;

fn chromium() -> std::path::PathBuf {
    for c in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if std::path::Path::new(c).exists() {
            return c.into();
        }
    }
    panic!("chromium not found: apt-get install -y chromium fonts-noto-cjk");
}

#[test]
#[ignore = "needs Debian's chromium; run with --ignored"]
fn html_report_renders_and_prints_one_spec_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let r = run(&fixtures(), &["check", "specs", "--format", "html", "--output", html.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let profile = tempfile::tempdir().unwrap();
    let base = |c: &mut Command| {
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    // The DOM after load: everything is there, nothing was added or blocked.
    let mut c = Command::new(chromium());
    base(&mut c);
    let out = c.arg("--dump-dom").arg(format!("file://{}", html.display())).output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("調達仕様書 審査レポート"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dom.matches("<section class=\"spec\"").count(), 5);
    // Print: the print CSS starts each spec on a new page, so at least 1 + 5 pages.
    let pdf = dir.path().join("report.pdf");
    let mut c = Command::new(chromium());
    base(&mut c);
    let out = c
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let bytes =
        std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let pages = bytes
        .windows(b"/Type /Page\n".len())
        .filter(|w| w.starts_with(b"/Type /Page") && !w.starts_with(b"/Type /Pages"))
        .count();
    assert!(pages >= 6, "{pages} pages");
}
