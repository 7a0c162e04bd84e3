//! Rough engine throughput on a file: `cargo run --release -p chotatsu-core --example throughput -- FILE [REPEAT]`.
//! The benchmarks (`cargo bench`) are the reference; this is a quick look while developing.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::cast_precision_loss)]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: throughput FILE [REPEAT]");
    let repeat: usize = args.next().map_or(1, |r| r.parse().unwrap());
    let text = std::fs::read_to_string(&path).unwrap().repeat(repeat);
    let t = Instant::now();
    let (rules, _) = chotatsu_core::builtin::rules();
    let load = t.elapsed();
    let t = Instant::now();
    let doc = chotatsu_core::parse(&path, text, chotatsu_core::Format::from_path(&path));
    let parse = t.elapsed();
    let t = Instant::now();
    let res = chotatsu_core::lint(&doc, &rules, &chotatsu_core::Settings::default());
    let lint = t.elapsed();
    let mb = doc.source.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB: rules {load:?}, parse+normalize {parse:?} ({:.0} MB/s), lint {lint:?} ({:.0} MB/s), {} findings",
        mb / parse.as_secs_f64(),
        mb / lint.as_secs_f64(),
        res.diagnostics.len()
    );
}
