//! The built-in rule pack, embedded at compile time so that the binaries work with no files.

use crate::rules::{RuleFile, RuleSet};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The built-in rule files, named `rules/<area>/<name>.yaml`.
pub fn rule_files() -> Vec<RuleFile> {
    BUILTIN
        .iter()
        .map(|(rel, text)| RuleFile {
            name: format!("rules/{rel}"),
            text: (*text).to_string(),
            expected_id: rel.strip_suffix(".yaml").map(str::to_string),
            trusted: true,
        })
        .collect()
}

/// Load the built-in pack alone.
pub fn rules() -> (RuleSet, Vec<crate::rules::error::Problem>) {
    RuleSet::load(&rule_files())
}
