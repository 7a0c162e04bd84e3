//! Finding and loading `chotatsu.yaml`, rule packs and the settings of a run.
//!
//! Each linted file uses the nearest `chotatsu.yaml` found by walking up from its folder (or the
//! `--config` file). Configurations and rule sets are loaded once and shared. Loading never stops at
//! the first problem: every problem is kept for the report, and the run goes on with what could be
//! loaded (built-in defaults when a configuration cannot be read).

use crate::paths::display_path;
use chotatsu_core::config::CONFIG_FILE;
use chotatsu_core::{Config, Problem, Profile, RuleFile, RuleSet, Settings};
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::MietteDiagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File extensions linted when a folder is walked.
pub(crate) const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "docx"];

/// What the command line adds to every configuration.
#[derive(Clone, Debug, Default)]
pub(crate) struct CliOverrides {
    /// `--config`.
    pub(crate) config: Option<PathBuf>,
    /// `--profile`.
    pub(crate) profile: Option<Profile>,
    /// `--select`.
    pub(crate) select: Vec<String>,
    /// `--ignore`.
    pub(crate) ignore: Vec<String>,
}

/// One loaded configuration with its rules.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Folder that globs and packs are relative to (the config file's folder, or the current one).
    pub(crate) root: PathBuf,
    /// The configuration file, if any.
    pub(crate) file: Option<PathBuf>,
    /// Settings with the command line applied.
    pub(crate) settings: Settings,
    /// Rules.
    pub(crate) rules: Arc<RuleSet>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Loaded {
    /// Whether a file found by walking a folder is linted under this configuration.
    pub(crate) fn wants(&self, path: &Path) -> bool {
        if !has_supported_extension(path) {
            return false;
        }
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.root).unwrap_or(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(rel))
    }
}

/// Whether a path has one of the [`EXTENSIONS`].
pub(crate) fn has_supported_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A problem found while loading: one from the core (with file and position) or a plain message.
pub(crate) enum LoadProblem {
    /// A rule or config file problem.
    Core(Problem),
    /// Anything else (a file that cannot be read, a missing pack).
    Plain(MietteDiagnostic),
}

/// Loads configurations and rule sets, once each.
pub(crate) struct Configs {
    cli: CliOverrides,
    cwd: PathBuf,
    found: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<Option<PathBuf>, Arc<Loaded>>,
    rule_sets: HashMap<(bool, Vec<PathBuf>), Arc<RuleSet>>,
    /// Every problem found so far, in the order found.
    pub(crate) problems: Vec<LoadProblem>,
}

pub(crate) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Configs {
    pub(crate) fn new(cli: CliOverrides) -> Self {
        Self {
            cli,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            found: HashMap::new(),
            loaded: HashMap::new(),
            rule_sets: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// Every rule set loaded so far (for listings that must cover all of them).
    pub(crate) fn all_loaded(&self) -> Vec<Arc<Loaded>> {
        let mut all: Vec<Arc<Loaded>> = self.loaded.values().cloned().collect();
        all.sort_by(|a, b| a.file.cmp(&b.file));
        all
    }

    /// The configuration for a file or folder (`--config`, or the nearest `chotatsu.yaml` above it).
    pub(crate) fn for_path(&mut self, path: &Path) -> Arc<Loaded> {
        let file = match &self.cli.config {
            Some(c) => Some(c.clone()),
            None => {
                let abs = absolute(path);
                let start =
                    if abs.is_dir() { abs } else { abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf) };
                self.discover(&start)
            }
        };
        self.load(file)
    }

    /// The configuration for the current folder.
    pub(crate) fn for_cwd(&mut self) -> Arc<Loaded> {
        let cwd = self.cwd.clone();
        self.for_path(&cwd)
    }

    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(f) = self.found.get(dir) {
            return f.clone();
        }
        let here = dir.join(CONFIG_FILE);
        let result = if here.is_file() { Some(here) } else { dir.parent().and_then(|p| self.discover(p)) };
        self.found.insert(dir.to_path_buf(), result.clone());
        result
    }

    fn load(&mut self, file: Option<PathBuf>) -> Arc<Loaded> {
        if let Some(l) = self.loaded.get(&file) {
            return l.clone();
        }
        let (config, root) = match &file {
            None => (Config::builtin_default(), self.cwd.clone()),
            Some(path) => {
                let root = absolute(path).parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf);
                (self.read_config(path), root)
            }
        };
        let packs: Vec<PathBuf> = config.packs.iter().map(|p| root.join(p)).collect();
        let rules = self.rule_set(config.builtin, packs, &config);
        self.problems.extend(config.check_against(&rules).into_iter().map(LoadProblem::Core));
        let mut settings = config.settings.clone();
        if let Some(p) = self.cli.profile {
            settings.profile = p;
            settings.profile_forced = true;
        }
        if !self.cli.select.is_empty() {
            settings.select = Some(self.cli.select.clone());
        }
        settings.ignore.extend(self.cli.ignore.iter().cloned());
        let loaded = Arc::new(Loaded {
            root,
            file: file.clone(),
            settings,
            rules,
            include: glob_set(&config.include),
            exclude: glob_set(&config.exclude),
        });
        self.loaded.insert(file, loaded.clone());
        loaded
    }

    fn read_config(&mut self, path: &Path) -> Config {
        let name = display_path(path);
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    self.plain(
                        "chotatsu::config::unreadable",
                        format!("設定ファイル {name} は UTF-8 ではありません"),
                        "UTF-8 で保存し直してください",
                    );
                    return Config::builtin_default();
                }
            },
            Err(e) => {
                self.plain(
                    "chotatsu::config::unreadable",
                    format!("設定ファイル {name} を読めません: {e}"),
                    "--config のパスを確かめてください",
                );
                return Config::builtin_default();
            }
        };
        match Config::parse(&name, &text) {
            Ok(c) => c,
            Err(problems) => {
                self.problems.extend(problems.into_iter().map(LoadProblem::Core));
                Config::builtin_default()
            }
        }
    }

    fn plain(&mut self, code: &str, message: String, help: &str) {
        self.problems.push(LoadProblem::Plain(MietteDiagnostic::new(message).with_code(code).with_help(help)));
    }

    fn rule_set(&mut self, builtin: bool, packs: Vec<PathBuf>, config: &Config) -> Arc<RuleSet> {
        let key = (builtin, packs);
        if let Some(r) = self.rule_sets.get(&key) {
            return r.clone();
        }
        let mut files = if builtin { chotatsu_core::builtin::rule_files() } else { Vec::new() };
        for (pack, written) in key.1.iter().zip(&config.packs) {
            self.pack_files(pack, written, &mut files);
        }
        // Rule files are read on rayon's pool (YAML and regex parsing are most of loading). Rules
        // that `--select` / `--ignore` rule out under every configuration are left out of the
        // matcher: they cost nothing (their ids stay known to selectors and suppressions).
        let cli = Settings {
            select: (!self.cli.select.is_empty()).then(|| self.cli.select.clone()),
            ignore: self.cli.ignore.clone(),
            ..Settings::default()
        };
        let (rules, problems) =
            RuleSet::load_only(&files, |parse| files.par_iter().map(parse).collect(), |id| cli.selected(id));
        self.problems.extend(problems.into_iter().map(LoadProblem::Core));
        let rules = Arc::new(rules);
        self.rule_sets.insert(key, rules.clone());
        rules
    }

    fn pack_files(&mut self, pack: &Path, written: &str, out: &mut Vec<RuleFile>) {
        if pack.is_file() {
            if let Some(f) = self.rule_file(pack, None) {
                out.push(f);
            }
            return;
        }
        if !pack.is_dir() {
            self.plain(
                "chotatsu::config::missing_pack",
                format!("ルールパック「{written}」（{}）が見つかりません", display_path(pack)),
                "packs には chotatsu.yaml からの相対パスでフォルダか .yaml ファイルを書いてください",
            );
            return;
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in ignore::WalkBuilder::new(pack).standard_filters(false).follow_links(false).build() {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_file()) && p.extension().is_some_and(|x| x == "yaml") {
                        paths.push(p.to_path_buf());
                    }
                }
                Err(e) => self.plain(
                    "chotatsu::config::unreadable_pack",
                    format!("ルールパック {} を読めません: {e}", display_path(pack)),
                    "ファイルの権限を確かめてください",
                ),
            }
        }
        paths.sort();
        for p in paths {
            let expected = p.strip_prefix(pack).ok().and_then(|rel| {
                let s = rel.with_extension("");
                let parts: Vec<&str> = s.iter().filter_map(|c| c.to_str()).collect();
                (!parts.is_empty()).then(|| parts.join("/"))
            });
            if let Some(f) = self.rule_file(&p, expected) {
                out.push(f);
            }
        }
    }

    fn rule_file(&mut self, path: &Path, expected_id: Option<String>) -> Option<RuleFile> {
        let name = display_path(path);
        match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => Some(RuleFile { name, text, expected_id, trusted: false }),
            Ok(Err(_)) => {
                self.plain(
                    "chotatsu::rule::unreadable",
                    format!("ルールファイル {name} は UTF-8 ではありません"),
                    "UTF-8 で保存し直してください",
                );
                None
            }
            Err(e) => {
                self.plain(
                    "chotatsu::rule::unreadable",
                    format!("ルールファイル {name} を読めません: {e}"),
                    "ファイルの権限を確かめてください",
                );
                None
            }
        }
    }
}

fn glob_set(patterns: &[String]) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // Bad globs were reported by `Config::parse`; skip them here.
        if let Ok(g) = Glob::new(p) {
            b.add(g);
        }
    }
    b.build().ok()
}

/// Every selector that `--select` / `--ignore` may name: rule ids, their areas, engine rule ids.
pub(crate) fn known_selectors(loaded: &[Arc<Loaded>]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for l in loaded {
        for id in l.rules.ids() {
            all.push(id.to_string());
            all.push(chotatsu_core::rules::area_of(id).to_string());
        }
    }
    for (id, _, _) in chotatsu_core::suppress::ENGINE_RULES {
        all.push((*id).to_string());
        all.push("chotatsu".to_string());
    }
    all.sort();
    all.dedup();
    all
}

/// The closest candidate to a misspelt word, if any is close enough.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c.as_str()))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
