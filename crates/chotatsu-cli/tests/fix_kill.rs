//! `--fix` is crash-safe: a run killed at any moment (SIGKILL, no chance to clean up) leaves the
//! original file or the fixed one, never a mix or a truncated file, and the temporary files that
//! killed runs leave behind are clearly named and removed by the next run that writes there.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chotatsu-fix-"))
        .collect()
}

/// A small xorshift generator, seeded from the clock (printed on failure).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_fix_killed_at_random_moments_leaves_the_original_or_the_fixed_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.md");
    let original =
        "# 仕様書\n\n".to_string() + &"受注者は、納入した成果物について瑕疵担保責任を負うこと。\n".repeat(8_000);
    let fixed = original.replace("瑕疵担保責任", "契約不適合責任");
    std::fs::write(&file, &original).unwrap();

    // One full run, to learn how long it takes on this machine.
    let args = ["check", "big.md", "--fix", "--select", "legal", "--quiet"];
    let t0 = Instant::now();
    let r = common::run(dir.path(), &args);
    let full = t0.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&file).unwrap() == fixed);

    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut rng = Rng(seed);
    let (mut saw_original, mut saw_fixed, mut killed) = (0, 0, 0);
    for _ in 0..10 {
        std::fs::write(&file, &original).unwrap();
        // Most kills land late in the run, where the temporary file is written and renamed.
        let millis = full.as_millis() as u64;
        let at = Duration::from_millis(millis / 2 + rng.next() % (millis * 3 / 5 + 1));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chotatsu"))
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let now = std::fs::read(&file).unwrap();
        if now == original.as_bytes() {
            saw_original += 1;
        } else if now == fixed.as_bytes() {
            saw_fixed += 1;
        } else {
            panic!(
                "seed {seed}: killed after {at:?}, the file is neither the original nor the fixed text ({} bytes)",
                now.len()
            );
        }
        for t in temps(dir.path()) {
            assert!(t.starts_with(".chotatsu-fix-") && t.len() > ".chotatsu-fix-".len(), "{t}");
        }
    }
    eprintln!("seed {seed}: full run {full:?}; {killed} killed, {saw_original} original, {saw_fixed} fixed");
    assert!(killed > 0, "seed {seed}: no run was killed, the test proved nothing");

    // The next run that writes in the folder removes what killed runs left.
    std::fs::write(&file, &original).unwrap();
    let r = common::run(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&file).unwrap() == fixed.as_bytes());
    assert_eq!(temps(dir.path()), Vec::<String>::new(), "seed {seed}: temporary files left");
}

#[test]
fn a_stale_temporary_file_of_a_dead_process_is_removed_and_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.md"), "受注者は瑕疵担保責任を負う。\n").unwrap();
    // A pid that cannot be running (above the kernel's pid_max limit) and one that is: ours.
    let dead = dir.path().join(".chotatsu-fix-4294967295-abc123");
    let live = dir.path().join(format!(".chotatsu-fix-{}-abc123", std::process::id()));
    let unrelated = dir.path().join(".chotatsu-fix-notes");
    for p in [&dead, &live, &unrelated] {
        std::fs::write(p, "x").unwrap();
    }
    let r = common::run(dir.path(), &["check", "spec.md", "--fix", "--select", "legal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dead.exists(), "left by a dead process: removed");
    assert!(live.exists(), "a running process's file is kept");
    assert!(unrelated.exists(), "not one of ours: kept");
}
