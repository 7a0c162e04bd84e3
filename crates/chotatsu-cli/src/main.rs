//! `chotatsu`: the command-line front end of chotatsu-core.
//!
//! Owns everything the core does not: arguments (clap), reading files and walking folders
//! (ignore), configuration discovery, parallel linting (rayon), terminal output (miette), the
//! report formats, `--fix` and the exit codes. All output goes through explicit `io::Write`
//! handles.

mod check;
mod cli;
mod commands;
mod configs;
mod fix;
mod paths;
mod report;
mod term;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match &cli.command {
        cli::Command::Check(args) => check::run(args, &mut out),
        cli::Command::Rules(args) => commands::rules(args, &mut out),
        cli::Command::Explain(args) => commands::explain(args, &mut out),
        cli::Command::Init(args) => commands::init(args, &mut out),
        cli::Command::Extract(args) => commands::extract(args, &mut out),
    };
    let _ = out.flush();
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
