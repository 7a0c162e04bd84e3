//! Minimal driver for development: `cargo run -p chotatsu-core --example lint -- FILE...`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

fn main() {
    let (rules, problems) = chotatsu_core::builtin::rules();
    for p in &problems {
        println!("RULE PROBLEM {}: {} {:?} {:?} {:?}", p.file, p.message, p.line_col(), p.help, p.code);
    }
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = chotatsu_core::parse(&path, text, chotatsu_core::Format::from_path(&path));
        let res = chotatsu_core::lint(&doc, &rules, &chotatsu_core::Settings::default());
        for d in &res.diagnostics {
            let (l, c) = doc.line_col(d.span.start);
            println!(
                "{path}:{l}:{c} {} {} {} [{}]{}",
                d.severity.name(),
                d.rule,
                d.message,
                &doc.source[d.span.range()],
                if d.suppressed.is_some() { " (suppressed)" } else { "" }
            );
        }
    }
}
