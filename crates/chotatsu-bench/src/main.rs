//! `chotatsu-bench`: write a generated corpus of procurement specs to a directory.
//!
//! ```text
//! chotatsu-bench [--size-mb MB] [--files N] [--seed N] [--format md|txt] [--flaws PERCENT] OUT_DIR
//! ```
//!
//! `--size-mb` is the total size (default 10), split evenly over `--files` (default 100) files named
//! `spec-00001.md`, ... The same arguments always write the same bytes.

use chotatsu_bench::{Format, Options, corpus};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: chotatsu-bench [--size-mb MB] [--files N] [--seed N] [--format md|txt] [--flaws PERCENT] OUT_DIR";

fn parse_args() -> Result<(Options, PathBuf), String> {
    let mut opts = Options { total_bytes: 10_000_000, files: 100, ..Options::default() };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--size-mb" => {
                let mb: f64 = value("--size-mb")?.parse().map_err(|e| format!("--size-mb: {e}"))?;
                if !(mb > 0.0 && mb < 100_000.0) {
                    return Err("--size-mb must be between 0 and 100000".into());
                }
                #[allow(clippy::cast_sign_loss)]
                let bytes = (mb * 1e6).round() as usize;
                opts.total_bytes = bytes;
            }
            "--files" => opts.files = value("--files")?.parse().map_err(|e| format!("--files: {e}"))?,
            "--seed" => opts.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--flaws" => opts.flaw_percent = value("--flaws")?.parse().map_err(|e| format!("--flaws: {e}"))?,
            "--format" => {
                let f = value("--format")?;
                opts.format = Format::parse(&f).ok_or_else(|| format!("--format: unknown format {f:?} (md or txt)"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            a if a.starts_with('-') => return Err(format!("unknown option {a}")),
            a => out = Some(PathBuf::from(a)),
        }
    }
    if opts.files == 0 {
        return Err("--files must be at least 1".into());
    }
    let out = out.ok_or("missing OUT_DIR")?;
    Ok((opts, out))
}

fn main() -> ExitCode {
    let mut stderr = std::io::stderr();
    let (opts, dir) = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            if !e.is_empty() {
                let _ = writeln!(stderr, "chotatsu-bench: {e}");
            }
            let _ = writeln!(stderr, "{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        let _ = writeln!(stderr, "chotatsu-bench: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut total = 0usize;
    for (name, text) in corpus(&opts) {
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, &text) {
            let _ = writeln!(stderr, "chotatsu-bench: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        total += text.len();
    }
    let _ = writeln!(std::io::stdout(), "wrote {} files, {total} bytes to {}", opts.files, dir.display());
    ExitCode::SUCCESS
}
