//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// chotatsu: a linter for Japanese government procurement specifications (調達仕様書).
#[derive(Debug, Parser)]
#[command(name = "chotatsu", version, about, long_about = None)]
#[command(after_help = "\
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration, rule-file or input errors (the other files are still linted)

Settings precedence, weakest first: built-in defaults, chotatsu.yaml, the document's front matter
(`chotatsu: {profile: high}`), then the command line (`--profile standard` beats the front matter).")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint files and folders (.md, .markdown, .txt, .docx); `-` reads standard input.
    Check(CheckArgs),
    /// List the rules with their severity under a profile.
    Rules(RulesArgs),
    /// Explain a rule: rationale, references, model clause, examples.
    Explain(ExplainArgs),
    /// Write a commented chotatsu.yaml in the current folder.
    Init(InitArgs),
    /// Print the text and the section outline that the linter sees in a file.
    Extract(ExtractArgs),
}

/// Output formats of `check`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Source excerpts with the span underlined, and a summary line.
    Human,
    /// One JSON document (schema version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One row per finding, UTF-8 with BOM for Excel.
    Csv,
    /// One self-contained HTML report with review sheets, for the PMO.
    Html,
}

/// Profiles, as on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileArg {
    /// Small internal systems.
    Low,
    /// Most systems (default).
    Standard,
    /// Systems with a large social impact.
    High,
}

impl ProfileArg {
    pub(crate) fn to_core(self) -> chotatsu_core::Profile {
        match self {
            Self::Low => chotatsu_core::Profile::Low,
            Self::Standard => chotatsu_core::Profile::Standard,
            Self::High => chotatsu_core::Profile::High,
        }
    }
}

/// The lowest severity that makes `check` exit with 1.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Any finding.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

impl FailOn {
    pub(crate) fn severity(self) -> chotatsu_core::Severity {
        match self {
            Self::Info => chotatsu_core::Severity::Info,
            Self::Warning => chotatsu_core::Severity::Warning,
            Self::Error => chotatsu_core::Severity::Error,
        }
    }
}

/// Options shared by the commands that load configuration and rules.
#[derive(Debug, Args, Clone)]
pub(crate) struct ConfigArgs {
    /// Use this configuration file instead of looking for chotatsu.yaml next to each file.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Profile (beats chotatsu.yaml and the document's front matter).
    #[arg(long, value_enum)]
    pub(crate) profile: Option<ProfileArg>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to lint (default: the current folder); `-` for standard input.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Exit with 1 when there is a finding at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,
    /// Apply safe fixes (term substitutions) in place.
    #[arg(long)]
    pub(crate) fix: bool,
    /// Run only these rules (ids or areas, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub(crate) select: Vec<String>,
    /// Do not run these rules (ids or areas, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub(crate) ignore: Vec<String>,
    /// Name (and so format and configuration) of the text read from `-`.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Print the findings only: no summary, no progress bar, no fix notes.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// No colours (also when NO_COLOR is set or the output is not a terminal).
    #[arg(long)]
    pub(crate) no_color: bool,
}

/// Output formats of `rules`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// An aligned table.
    Human,
    /// A JSON array.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Rule id, e.g. legal/contract-nonconformity.
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to write chotatsu.yaml into (default: the current folder).
    #[arg(value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// The file (`-` for standard input).
    pub(crate) file: PathBuf,
    /// Name (and so format) of the text read from `-`.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<PathBuf>,
}
