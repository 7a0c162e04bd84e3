//! Finding and loading `chotatsu.yaml` (and the rule packs it names) through core's loaders, and the
//! settings the client sends.

use chotatsu_core::config::CONFIG_FILE;
use chotatsu_core::rules::schema::Level;
use chotatsu_core::{Config, Problem, Profile, RuleFile, RuleSet, Settings};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Rules and settings ready for lint runs.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The compiled rules.
    pub(crate) rules: Arc<RuleSet>,
    /// Settings from the config file (client settings are applied on top per run).
    pub(crate) settings: Settings,
}

/// What loading one config file produced.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Rules and settings, `None` when the config file itself cannot be read or parsed.
    pub(crate) loaded: Option<Loaded>,
    /// Whether something was wrong enough to keep the last good rules instead.
    pub(crate) broken: bool,
    /// Problems that make it broken (config syntax, rule files).
    pub(crate) errors: Vec<Problem>,
    /// Problems that do not (a selector that names no rule, a misplaced limit).
    pub(crate) warnings: Vec<Problem>,
    /// Files and folders whose change should reload this config: the file and its packs.
    pub(crate) watched: Vec<PathBuf>,
}

/// The nearest `chotatsu.yaml` at or above `dir`, not above the workspace folder that contains
/// `dir` (if one does).
pub(crate) fn nearest(dir: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let boundary = roots.iter().filter(|r| dir.starts_with(r)).max_by_key(|r| r.components().count());
    for d in dir.ancestors() {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if boundary.is_some_and(|b| d == b.as_path()) {
            break;
        }
    }
    None
}

/// Load a config file and its rule packs. `builtin` gives the compiled built-in pack, reused when
/// the config adds no packs.
pub(crate) fn load(path: &Path, builtin: &dyn Fn() -> Arc<RuleSet>) -> Outcome {
    let name = path.to_string_lossy().into_owned();
    let mut watched = vec![path.to_path_buf()];
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            let problem = Problem::new(
                "chotatsu::config::unreadable",
                format!("設定ファイルを読めません: {e}"),
                &chotatsu_core::SourceFile::new(name, ""),
            );
            return Outcome { loaded: None, broken: true, errors: vec![problem], warnings: Vec::new(), watched };
        }
    };
    let config = match Config::parse(&name, &text) {
        Ok(c) => c,
        Err(errors) => {
            return Outcome { loaded: None, broken: true, errors, warnings: Vec::new(), watched };
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut errors = Vec::new();
    let rules = if config.builtin && config.packs.is_empty() {
        builtin()
    } else {
        let mut files = if config.builtin { chotatsu_core::builtin::rule_files() } else { Vec::new() };
        for pack in &config.packs {
            let at = dir.join(pack);
            // Compared with the paths of file events, which carry no `..`.
            let at = at.canonicalize().unwrap_or(at);
            watched.push(at.clone());
            match pack_files(&at) {
                Ok(mut found) => files.append(&mut found),
                Err(e) => errors.push(
                    Problem::new(
                        "chotatsu::config::missing_pack",
                        format!("ルールパック「{pack}」を読めません: {e}"),
                        &chotatsu_core::SourceFile::new(name.clone(), text.as_str()),
                    )
                    .help("packs には設定ファイルからの相対パスで、ルールファイルかフォルダーを書いてください"),
                ),
            }
        }
        let (rules, mut problems) = RuleSet::load(&files);
        errors.append(&mut problems);
        Arc::new(rules)
    };
    let warnings = config.check_against(&rules);
    Outcome {
        broken: !errors.is_empty(),
        loaded: Some(Loaded { rules, settings: config.settings }),
        errors,
        warnings,
        watched,
    }
}

/// Rule files of a pack: one file, or every `*.yaml` under a folder (`area/name.yaml` must hold the
/// rule `area/name`).
fn pack_files(at: &Path) -> std::io::Result<Vec<RuleFile>> {
    if at.is_file() {
        return Ok(vec![RuleFile {
            name: at.to_string_lossy().into_owned(),
            text: std::fs::read_to_string(at)?,
            expected_id: None,
            trusted: false,
        }]);
    }
    let mut paths = Vec::new();
    collect_yaml(at, &mut paths, 0)?;
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let rel = p.strip_prefix(at).unwrap_or(&p).to_string_lossy().replace('\\', "/");
        // The same rule as the CLI: the path inside the pack, without `.yaml`, is the id.
        let expected_id = rel.strip_suffix(".yaml").filter(|id| !id.is_empty()).map(str::to_string);
        files.push(RuleFile {
            name: p.to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p)?,
            expected_id,
            trusted: false,
        });
    }
    Ok(files)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 16 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Settings from the client (`initializationOptions` or the `chotatsu` section of
/// `workspace/configuration`). Unknown keys are ignored; `failLevel` is accepted and ignored (the
/// editor shows every finding).
#[derive(Clone, Debug)]
pub(crate) struct ClientSettings {
    /// Profile, beating `chotatsu.yaml` (a document's front matter still beats it).
    pub(crate) profile: Option<Profile>,
    /// Rule id or area → level, beating `chotatsu.yaml`.
    pub(crate) rules: Vec<(String, Level)>,
    /// Quiet time after a change before linting.
    pub(crate) debounce: Duration,
    /// Base URL of the rule documentation.
    pub(crate) docs_base: Arc<str>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            profile: None,
            rules: Vec::new(),
            debounce: Duration::from_millis(100),
            docs_base: crate::convert::DOCS_BASE.into(),
        }
    }
}

impl ClientSettings {
    /// Read settings; returns them and a warning per value that could not be used.
    pub(crate) fn from_json(value: &serde_json::Value) -> (Self, Vec<String>) {
        let mut s = Self::default();
        let mut warnings = Vec::new();
        let value = value.get("chotatsu").unwrap_or(value);
        if let Some(p) = value.get("profile").filter(|p| !p.is_null()) {
            match p.as_str().map(str::trim) {
                Some("" | "auto") => {}
                Some(name) => match Profile::parse(name) {
                    Some(profile) => s.profile = Some(profile),
                    None => warnings.push(format!("profile「{name}」はありません（low, standard, high）")),
                },
                None => warnings.push("profile は文字列で指定してください".into()),
            }
        }
        if let Some(rules) = value.get("rules").and_then(serde_json::Value::as_object) {
            for (selector, level) in rules {
                let parsed = match level {
                    serde_json::Value::String(l) => Level::parse(l.trim()),
                    serde_json::Value::Bool(false) => Some(Level::Off),
                    _ => None,
                };
                match parsed {
                    Some(l) => s.rules.push((selector.clone(), l)),
                    None => warnings.push(format!(
                        "rules.{selector} の値 {level} は off, info, warning, error のいずれかにしてください"
                    )),
                }
            }
        }
        if let Some(ms) = value.get("debounceMs").and_then(serde_json::Value::as_u64) {
            s.debounce = Duration::from_millis(ms.min(5_000));
        }
        if let Some(base) =
            value.get("docsBaseUrl").and_then(serde_json::Value::as_str).filter(|b| !b.trim().is_empty())
        {
            s.docs_base = base.trim().trim_end_matches('#').into();
        }
        (s, warnings)
    }

    /// Settings for one run: the config's, with the client's profile and rule levels on top.
    pub(crate) fn apply(&self, base: &Settings) -> Settings {
        let mut s = base.clone();
        if let Some(p) = self.profile {
            s.profile = p;
        }
        // `level_override` picks the most specific selector and, among equals, the last one.
        s.overrides.levels.extend(self.rules.iter().cloned());
        s
    }
}
