//! End-to-end run over files, for profiling and for checking that an optimization changes no finding:
//! `cargo run --release -p chotatsu-core --example corpus -- [--dump OUT] [--repeat N] FILE_OR_DIR...`.
//!
//! Compiles the built-in pack once, then for each file: read bytes, decode, parse, normalize, match,
//! collect findings (what `chotatsu check` does per file, on one thread). `--dump` writes every
//! finding (file, span, rule, severity, message, help, fixes, suppression) and every policy point,
//! so that two builds can be compared with `cmp`. Under callgrind, use `--repeat 1`.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::cast_precision_loss)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut dump: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dump" => dump = Some(args.next().unwrap().into()),
            "--repeat" => repeat = args.next().unwrap().parse().unwrap(),
            _ => paths.push(a.into()),
        }
    }
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()).collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p);
        }
    }
    let t = Instant::now();
    let (rules, problems) = chotatsu_core::builtin::rules();
    assert!(problems.is_empty());
    let compile = t.elapsed();
    let settings = chotatsu_core::Settings::default();
    let mut out = String::new();
    let mut bytes = 0usize;
    let mut findings = 0usize;
    let t = Instant::now();
    for round in 0..repeat {
        for f in &files {
            let data = std::fs::read(f).unwrap();
            bytes += data.len();
            let name = f.to_string_lossy();
            let doc = match chotatsu_core::input::read(&name, &data) {
                Ok(input) => input.document,
                Err(e) => {
                    if round == 0 {
                        writeln!(out, "{name}\terror\t{e}").unwrap();
                    }
                    continue;
                }
            };
            let res = chotatsu_core::lint(&doc, &rules, &settings);
            findings += res.diagnostics.len();
            if round == 0 && dump.is_some() {
                for d in &res.diagnostics {
                    writeln!(
                        out,
                        "{name}\t{}..{}\t{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?}",
                        d.span.start,
                        d.span.end,
                        d.rule,
                        d.severity.name(),
                        d.message,
                        d.help,
                        d.labels,
                        d.fixes,
                        d.suppressed
                    )
                    .unwrap();
                }
                for p in &res.policy {
                    writeln!(out, "{name}\tpolicy\t{}\t{:?}", p.rule, p.status).unwrap();
                }
            }
        }
    }
    let lint = t.elapsed();
    if let Some(path) = dump {
        std::fs::write(path, out).unwrap();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} files, {mb:.1} MB: compile {compile:?}; read+parse+lint {lint:?} ({:.1} MB/s); {findings} findings",
        files.len() * repeat,
        mb / lint.as_secs_f64()
    );
}
