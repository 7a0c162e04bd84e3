//! `chotatsu.yaml` and the settings a lint run uses.
//!
//! Precedence, weakest first: built-in defaults, `chotatsu.yaml`, the document's front matter
//! (`chotatsu: {profile: ...}`), then the command line (`--profile`). [`Settings::profile_forced`]
//! marks a profile that came from the command line.

use crate::rules::error::{Problem, SourceFile, did_you_mean, from_yaml_error_all};
use crate::rules::schema::{Level, ProfileName, QuantityLit};
use crate::rules::{Limit, Profile, Rule, RuleSet};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};

/// The file name looked for, walking up from a linted file.
pub const CONFIG_FILE: &str = "chotatsu.yaml";

/// `chotatsu.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "chotatsu configuration")]
pub struct RawConfig {
    /// `low`, `standard` (default) or `high`.
    #[serde(default)]
    #[schemars(with = "Option<ProfileName>")]
    pub profile: Option<Spanned<String>>,
    /// Whether the built-in pack is on (default true).
    #[serde(default)]
    pub builtin: Option<bool>,
    /// Extra rule files or folders, relative to this file.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub packs: Vec<Spanned<String>>,
    /// Per rule id or area: `off`, `info`, `warning`, `error`, or `{severity, limit}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawOverride>")]
    pub rules: BTreeMap<String, Spanned<RawOverride>>,
    /// Globs of files to lint when a folder is given (default: `**/*.md`, `**/*.markdown`, `**/*.txt`, `**/*.docx`).
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files to skip.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A rule override: a level, or `{severity, limit}`.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum RawOverride {
    /// A level.
    Level(Level),
    /// A level and threshold limits.
    Detailed(RawDetailed),
}

/// The long form of a rule override.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDetailed {
    /// Level.
    #[serde(default)]
    pub severity: Option<Level>,
    /// Limit per profile, for threshold rules.
    #[serde(default)]
    pub limit: BTreeMap<ProfileName, QuantityLit>,
}

impl<'de> Deserialize<'de> for RawOverride {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawOverride;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`off`, `info`, `warning`, `error`, or `{severity: ..., limit: {...}}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawOverride, E> {
                Level::parse(v)
                    .map(RawOverride::Level)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawOverride, E> {
                if v {
                    Err(E::invalid_value(serde::de::Unexpected::Bool(v), &self))
                } else {
                    Ok(RawOverride::Level(Level::Off))
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawOverride, A::Error> {
                RawDetailed::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawOverride::Detailed)
            }
        }
        d.deserialize_any(V)
    }
}

/// Per-rule levels and limits from configuration.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Selector (id or area) → level; a more specific selector wins.
    pub levels: Vec<(String, Level)>,
    /// Rule id → limit per profile (`None` keeps the rule's).
    pub limits: HashMap<String, [Option<Limit>; 3]>,
}

/// What a lint run needs besides the document and the rules.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Profile from configuration or the command line.
    pub profile: Profile,
    /// The profile came from the command line: it beats the document's front matter.
    pub profile_forced: bool,
    /// Levels and limits per rule.
    pub overrides: Overrides,
    /// Run only these rules (ids or areas), if set.
    pub select: Option<Vec<String>>,
    /// Never run these rules (ids or areas).
    pub ignore: Vec<String>,
}

/// Whether `selector` (an id or an area) covers rule `id`.
pub fn selector_matches(selector: &str, id: &str) -> bool {
    id == selector || (id.starts_with(selector) && id.as_bytes().get(selector.len()) == Some(&b'/'))
}

impl Settings {
    /// Whether the rule runs at all (select / ignore).
    pub fn selected(&self, id: &str) -> bool {
        if self.ignore.iter().any(|s| selector_matches(s, id)) {
            return false;
        }
        self.select.as_ref().is_none_or(|sel| sel.iter().any(|s| selector_matches(s, id)))
    }

    /// The configured level for a rule, if any: the most specific selector wins.
    pub fn level_override(&self, id: &str) -> Option<Level> {
        self.overrides
            .levels
            .iter()
            .filter(|(s, _)| selector_matches(s, id))
            .max_by_key(|(s, _)| s.len())
            .map(|(_, l)| *l)
    }

    /// The limit for a rule under a profile, if configured.
    pub fn limit_override(&self, id: &str, profile: Profile) -> Option<&Limit> {
        self.overrides.limits.get(id).and_then(|l| l[profile as usize].as_ref())
    }
}

/// A loaded `chotatsu.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Settings for lint runs.
    pub settings: Settings,
    /// Built-in pack on.
    pub builtin: bool,
    /// Extra packs, as written (relative to the config file).
    pub packs: Vec<String>,
    /// Include globs.
    pub include: Vec<String>,
    /// Exclude globs.
    pub exclude: Vec<String>,
    selectors: Vec<(String, usize, usize)>,
    file: Option<SourceFile>,
}

const CONFIG_KEYS: &[&str] = &["profile", "builtin", "packs", "rules", "include", "exclude"];

impl Config {
    /// The configuration used when there is no file.
    pub fn builtin_default() -> Self {
        Self { builtin: true, ..Self::default() }
    }

    /// Parse `chotatsu.yaml`. All problems are returned at once.
    pub fn parse(name: &str, text: &str) -> Result<Self, Vec<Problem>> {
        let file = SourceFile::new(name, text);
        let raw: RawConfig = crate::yaml::from_str(text).map_err(|e| from_yaml_error_all(&e, &file, CONFIG_KEYS))?;
        let mut problems = Vec::new();
        let mut cfg = Self::builtin_default();
        if let Some(p) = &raw.profile {
            match ProfileName::parse(&p.value) {
                Some(profile) => cfg.settings.profile = profile,
                None => problems.push(
                    Problem::new(
                        "chotatsu::config::bad_profile",
                        format!("プロファイル「{}」はありません", p.value),
                        &file,
                    )
                    .at_value(p, "ここ")
                    .help("low, standard, high のいずれかを書いてください"),
                ),
            }
        }
        cfg.builtin = raw.builtin.unwrap_or(true);
        cfg.packs = raw.packs.iter().map(|p| p.value.clone()).collect();
        cfg.include = raw.include;
        cfg.exclude = raw.exclude;
        for pattern in cfg.include.iter().chain(&cfg.exclude) {
            if let Err(e) = globset::Glob::new(pattern) {
                problems.push(
                    Problem::new(
                        "chotatsu::config::bad_glob",
                        format!("glob「{pattern}」を解釈できません: {e}"),
                        &file,
                    )
                    .help("**/*.md のように書いてください"),
                );
            }
        }
        for (selector, value) in &raw.rules {
            let (start, len) = crate::rules::error::spanned_range(value);
            cfg.selectors.push((selector.clone(), start, len));
            match &value.value {
                RawOverride::Level(l) => cfg.settings.overrides.levels.push((selector.clone(), *l)),
                RawOverride::Detailed(RawDetailed { severity, limit }) => {
                    if let Some(l) = severity {
                        cfg.settings.overrides.levels.push((selector.clone(), *l));
                    }
                    if !limit.is_empty() {
                        let mut limits: [Option<Limit>; 3] = [None, None, None];
                        for (profile, lit) in limit {
                            match Limit::parse(lit, None) {
                                Some(l) => limits[*profile as usize] = Some(l),
                                None => problems.push(
                                    Problem::new(
                                        "chotatsu::config::bad_limit",
                                        format!("{selector} の limit の値を数量として読めません"),
                                        &file,
                                    )
                                    .at_value(value, "ここ")
                                    .help("\"99.95%\"、\"4時間\"、\"10世代\" のように単位付きで書いてください"),
                                ),
                            }
                        }
                        cfg.settings.overrides.limits.insert(selector.clone(), limits);
                    }
                }
            }
        }
        cfg.file = Some(file);
        if problems.is_empty() { Ok(cfg) } else { Err(problems) }
    }

    /// Problems that need the rules to see: selectors that name no rule, limits on rules that are
    /// not thresholds or whose unit differs.
    pub fn check_against(&self, rules: &RuleSet) -> Vec<Problem> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        let ids: Vec<&str> = rules.ids().collect();
        let mut problems = Vec::new();
        for (selector, start, len) in &self.selectors {
            if rules.knows(selector) {
                if let Some(limits) = self.settings.overrides.limits.get(selector)
                    && let Some(rule) = rules.get(selector)
                    && let Some(msg) = limit_mismatch(rule, limits)
                {
                    problems.push(Problem::new("chotatsu::config::bad_limit", msg, file).at(*start, *len, "ここ"));
                }
                continue;
            }
            let help = match did_you_mean(selector, &ids) {
                Some(s) => {
                    format!("「{s}」の誤りではありませんか。`chotatsu rules` で一覧を見られます")
                }
                None => "`chotatsu rules` でルール ID の一覧を見られます".to_string(),
            };
            problems.push(
                Problem::new(
                    "chotatsu::config::unknown_rule",
                    format!("「{selector}」という ID または分野のルールはありません"),
                    file,
                )
                .at(*start, *len, "ここ")
                .help(help),
            );
        }
        problems
    }
}

fn limit_mismatch(rule: &Rule, limits: &[Option<Limit>; 3]) -> Option<String> {
    let dim = rule.checks.iter().find_map(|c| match &c.kind {
        crate::rules::CheckKind::Threshold { limits, .. } => limits.iter().flatten().next().map(|l| l.quantity.dim),
        _ => None,
    });
    let Some(dim) = dim else {
        return Some(format!("{} はしきい値のルールではないので limit は指定できません", rule.id));
    };
    limits
        .iter()
        .flatten()
        .find(|l| l.quantity.dim != dim)
        .map(|l| format!("{} の limit「{}」の単位が違います（{dim}で書いてください）", rule.id, l.text))
}
