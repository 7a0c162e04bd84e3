//! SARIF 2.1.0, as GitHub code scanning and the SARIF Multitool's validator accept it.
//!
//! - One run. `tool.driver.rules` lists every rule of every rule set used in the run (not those that
//!   `--select` / `--ignore` leave out), plus the engine's own rules, with the rule docs as help
//!   text and Markdown.
//! - `run.columnKind` is `unicodeCodePoints`: columns count characters (1-based), as in the other
//!   formats, not UTF-16 code units.
//! - `partialFingerprints["chotatsu/v1"]` is a hash of the rule id, the matched text (normalized as
//!   the rules see it) and its occurrence index in the file, so that a finding keeps its identity
//!   when lines are added above it.
//! - Suppressed findings carry `suppressions` with the reason as `justification`.
//! - Files that could not be read are `toolExecutionNotifications` of the invocation.

use super::{FileView, Pos, paragraph_of};
use crate::paths::path_uri;
use chotatsu_core::rules::docs::explain_markdown;
use chotatsu_core::rules::schema::Level;
use chotatsu_core::{Profile, RuleSet, Severity};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The rules of a run, in the order of `tool.driver.rules`.
pub(crate) struct RuleIndex {
    entries: Vec<Value>,
    index: HashMap<String, usize>,
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "none",
        Level::Info => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn severity_level(s: Severity) -> &'static str {
    match s {
        Severity::Info => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

impl RuleIndex {
    /// Index the rules of every rule set (first definition of an id wins), then the engine's rules.
    pub(crate) fn new(sets: &[&RuleSet], profile: Profile) -> Self {
        let mut entries = Vec::new();
        let mut index = HashMap::new();
        for set in sets {
            for r in &set.rules {
                if index.contains_key(&r.id) {
                    continue;
                }
                let level = r.level(profile);
                let markdown = explain_markdown(r, true);
                let text = help_text(r);
                index.insert(r.id.clone(), entries.len());
                entries.push(json!({
                    "id": r.id,
                    "shortDescription": {"text": r.title},
                    "fullDescription": {"text": r.rationale.trim()},
                    "help": {"text": text.trim_end(), "markdown": markdown.trim_end()},
                    "defaultConfiguration": {
                        "enabled": level != Level::Off,
                        "level": level_name(level),
                    },
                    "properties": {"tags": [r.area()]},
                }));
            }
        }
        for (id, severity, title) in chotatsu_core::suppress::ENGINE_RULES {
            if index.contains_key(*id) {
                continue;
            }
            index.insert((*id).to_string(), entries.len());
            entries.push(json!({
                "id": id,
                "shortDescription": {"text": title},
                "fullDescription": {"text": format!("{title}（chotatsu のエンジンが検査します）")},
                "help": {"text": title, "markdown": title},
                "defaultConfiguration": {"level": severity_level(*severity)},
                "properties": {"tags": ["chotatsu"]},
            }));
        }
        Self { entries, index }
    }

    /// Everything up to the opening bracket of `results`.
    pub(crate) fn header(&self) -> String {
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
        });
        let driver = json!({
            "name": "chotatsu",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": self.entries,
        });
        let driver = indent(&pretty(&driver), "        ");
        let mut head = pretty(&doc);
        // Drop the closing brace of the top object and continue it by hand.
        head.truncate(head.trim_end().len() - 1);
        let head = head.trim_end().to_string();
        format!(
            "{head},\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {}\n      }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            driver.trim_start()
        )
    }

    /// The results of one file (without the surrounding brackets).
    pub(crate) fn results(&self, v: &FileView<'_>) -> String {
        let uri = path_uri(v.display);
        let mut seen: HashMap<(&str, String), usize> = HashMap::new();
        let mut parts: Vec<String> = Vec::new();
        for d in &v.result.diagnostics {
            let matched = v.doc.source.get(d.span.range()).unwrap_or("");
            let norm = chotatsu_core::normalize::normalize(matched);
            let n = seen.entry((d.rule.as_str(), norm.clone())).or_insert(0);
            let occurrence = *n;
            *n += 1;
            let fingerprint = fingerprint(&d.rule, &norm, occurrence);
            let p = Pos::of(v.doc, d.span);
            let mut region = Map::new();
            region.insert("startLine".into(), p.line.into());
            region.insert("startColumn".into(), p.column.into());
            region.insert("endLine".into(), p.end_line.into());
            region.insert("endColumn".into(), p.end_column.into());
            if !matched.is_empty() {
                region.insert("snippet".into(), json!({"text": matched}));
            }
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push('\n');
                message.push_str(h);
            }
            let mut result = Map::new();
            result.insert("ruleId".into(), d.rule.clone().into());
            if let Some(i) = self.index.get(&d.rule) {
                result.insert("ruleIndex".into(), (*i).into());
            }
            result.insert("level".into(), severity_level(d.severity).into());
            result.insert("message".into(), json!({"text": message}));
            result.insert(
                "locations".into(),
                json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region,
                    }
                }]),
            );
            result.insert("partialFingerprints".into(), json!({"chotatsu/v1": fingerprint}));
            if let Some(s) = &d.suppressed {
                let mut sup = Map::new();
                sup.insert("kind".into(), "inSource".into());
                sup.insert("status".into(), "accepted".into());
                if let Some(r) = &s.reason {
                    sup.insert("justification".into(), r.clone().into());
                }
                result.insert("suppressions".into(), json!([sup]));
            }
            let mut props = Map::new();
            props.insert("profile".into(), v.result.profile.name().into());
            if let Some(para) = paragraph_of(v.doc, d.span.start) {
                props.insert("paragraph".into(), para.into());
            }
            result.insert("properties".into(), Value::Object(props));
            parts.push(indent(&pretty(&Value::Object(result)), "        "));
        }
        parts.join(",\n")
    }

    /// Everything after the last result: the invocation, with files that could not be read.
    pub(crate) fn footer(any_results: bool, errors: &[(String, String)]) -> String {
        let notifications: Vec<Value> = errors
            .iter()
            .map(|(path, message)| {
                json!({
                    "level": "error",
                    "message": {"text": format!("{path}: {message}")},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(path)}}}],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        });
        let inv = indent(&pretty(&invocation), "        ");
        let open = if any_results { "\n      " } else { "" };
        format!("{open}],\n      \"invocations\": [\n{inv}\n      ]\n    }}\n  ]\n}}\n")
    }
}

/// The rule docs as plain text: title, rationale, references with their addresses.
fn help_text(r: &chotatsu_core::Rule) -> String {
    let mut text = format!("{}\n\n{}", r.title, r.rationale.trim());
    if !r.references.is_empty() {
        text.push_str("\n\n根拠:");
        for reference in &r.references {
            text.push_str("\n- ");
            text.push_str(&reference.title);
            for part in [&reference.section, &reference.date, &reference.url].into_iter().flatten() {
                text.push(' ');
                text.push_str(part);
            }
        }
    }
    text
}

/// `sha256(rule \0 normalized text \0 occurrence)`, first 32 hex digits.
fn fingerprint(rule: &str, norm: &str, occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(norm.as_bytes());
    h.update([0]);
    h.update(occurrence.to_string().as_bytes());
    let digest = h.finalize();
    digest.iter().take(16).fold(String::with_capacity(32), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into())
}

fn indent(text: &str, pad: &str) -> String {
    text.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_depends_on_text_and_occurrence_not_position() {
        let a = fingerprint("legal/x", "瑕疵担保責任", 0);
        assert_eq!(a, fingerprint("legal/x", "瑕疵担保責任", 0));
        assert_ne!(a, fingerprint("legal/x", "瑕疵担保責任", 1));
        assert_ne!(a, fingerprint("legal/y", "瑕疵担保責任", 0));
        assert_eq!(a.len(), 32);
    }
}
