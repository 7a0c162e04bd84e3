//! Server state: open documents, loaded configurations, client settings. Guarded by one mutex that
//! is never held across an `.await`; lint runs take immutable snapshots (`Arc<str>`, `Arc<RuleSet>`).

use crate::config::{self, ClientSettings, Loaded, Outcome};
use crate::convert;
use chotatsu_core::{ColumnUnit, Diagnostic, Document, Format, LineIndex, RuleSet, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use tower_lsp_server::UriExt as _;
use tower_lsp_server::lsp_types as lsp;

/// Documents larger than this are not linted (one notice instead).
pub(crate) const MAX_LINT_BYTES: usize = 16 * 1024 * 1024;

/// An open document.
#[derive(Debug)]
pub(crate) struct Doc {
    pub(crate) text: Arc<str>,
    pub(crate) version: i32,
    pub(crate) index: LineIndex,
    pub(crate) format: Format,
    pub(crate) path: Option<PathBuf>,
    /// The nearest `chotatsu.yaml`, if any.
    pub(crate) config: Option<PathBuf>,
    pub(crate) analysis: Option<Arc<Analysis>>,
}

/// One lint run over one version of a document.
#[derive(Debug)]
pub(crate) struct Analysis {
    pub(crate) version: i32,
    pub(crate) generation: u64,
    pub(crate) doc: Document,
    pub(crate) rules: Arc<RuleSet>,
    /// Unsuppressed findings (suppressed ones are not shown in the editor).
    pub(crate) findings: Vec<Diagnostic>,
    /// `findings` converted, same order; plus a notice for a document too large to lint.
    pub(crate) diagnostics: Vec<lsp::Diagnostic>,
    pub(crate) encoding: ColumnUnit,
}

/// Where a document's rules come from.
#[derive(Debug)]
pub(crate) enum ConfigRef {
    /// No `chotatsu.yaml`: the built-in pack with default settings.
    Builtin,
    /// This `chotatsu.yaml`.
    File(PathBuf),
}

/// Everything a lint run needs, detached from the session.
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub(crate) uri: lsp::Uri,
    pub(crate) version: i32,
    pub(crate) text: Arc<str>,
    pub(crate) format: Format,
    pub(crate) rules: Arc<RuleSet>,
    pub(crate) settings: Settings,
    pub(crate) encoding: ColumnUnit,
    pub(crate) generation: u64,
    pub(crate) docs_base: Arc<str>,
}

/// A config file's state: the rules in use and the files that have problems shown.
#[derive(Debug)]
pub(crate) struct ConfigEntry {
    pub(crate) good: Arc<Loaded>,
    pub(crate) watched: Vec<PathBuf>,
    pub(crate) problem_files: Vec<PathBuf>,
}

/// What the client can do.
#[derive(Clone, Copy, Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // independent capability flags
pub(crate) struct ClientCaps {
    /// Versioned `documentChanges` in workspace edits.
    pub(crate) document_changes: bool,
    /// It pulls diagnostics (`textDocument/diagnostic`); then we do not push.
    pub(crate) pull: bool,
    /// `workspace/diagnostic/refresh`.
    pub(crate) refresh: bool,
    /// `workspace/configuration`.
    pub(crate) configuration: bool,
    /// Dynamic registration of `workspace/didChangeWatchedFiles`.
    pub(crate) watch: bool,
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) encoding: ColumnUnit,
    pub(crate) caps: ClientCaps,
    pub(crate) docs: HashMap<lsp::Uri, Doc>,
    pub(crate) roots: Vec<PathBuf>,
    pub(crate) client: ClientSettings,
    pub(crate) configs: HashMap<PathBuf, ConfigEntry>,
    /// Bumped whenever configuration changes; analyses of an older generation are stale.
    pub(crate) generation: u64,
    pub(crate) shutdown: bool,
}

#[derive(Debug)]
pub(crate) struct Session {
    state: Mutex<State>,
    builtin: OnceLock<Arc<Loaded>>,
}

impl Session {
    pub(crate) fn new() -> Self {
        Self {
            state: Mutex::new(State {
                encoding: ColumnUnit::Utf16,
                caps: ClientCaps::default(),
                docs: HashMap::new(),
                roots: Vec::new(),
                client: ClientSettings::default(),
                configs: HashMap::new(),
                generation: 0,
                shutdown: false,
            }),
            builtin: OnceLock::new(),
        }
    }

    /// The state. A panic elsewhere while holding the lock leaves the data usable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The built-in pack with default settings, compiled on first use (call off the async threads).
    pub(crate) fn builtin(&self) -> Arc<Loaded> {
        self.builtin
            .get_or_init(|| {
                let (rules, problems) = chotatsu_core::builtin::rules();
                for p in problems {
                    crate::log(&format!("built-in rule problem: {}: {}", p.file, p.message));
                }
                Arc::new(Loaded { rules: Arc::new(rules), settings: Settings::default() })
            })
            .clone()
    }

    /// Open (or reopen) a document. Returns whether it is one we lint.
    pub(crate) fn open(&self, item: lsp::TextDocumentItem) -> bool {
        let path = file_path(&item.uri);
        let Some(format) = format_of(&item.language_id, path.as_deref(), item.uri.as_str()) else {
            return false;
        };
        let mut st = self.lock();
        let config = resolve(path.as_deref(), &st.roots);
        let text: Arc<str> = item.text.into();
        st.docs.insert(
            item.uri,
            Doc { index: LineIndex::new(&text), text, version: item.version, format, path, config, analysis: None },
        );
        true
    }

    /// Apply incremental (or full) changes in order. `Err` for an unknown document.
    pub(crate) fn change(
        &self,
        id: &lsp::VersionedTextDocumentIdentifier,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    ) -> Result<(), String> {
        let mut st = self.lock();
        let unit = st.encoding;
        let doc = st
            .docs
            .get_mut(&id.uri)
            .ok_or_else(|| format!("didChange for a document that is not open: {}", id.uri.as_str()))?;
        let mut text = String::from(&*doc.text);
        let mut index = doc.index.clone();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(r) => {
                    let span = convert::span(&text, &index, r, unit);
                    // Offsets from the index are char boundaries; check anyway rather than panic.
                    if !(text.is_char_boundary(span.start) && text.is_char_boundary(span.end)) {
                        return Err(format!("edit range {r:?} does not fall on characters"));
                    }
                    text.replace_range(span.range(), &change.text);
                }
            }
            index = LineIndex::new(&text);
        }
        doc.text = text.into();
        doc.index = index;
        doc.version = id.version;
        doc.analysis = None;
        Ok(())
    }

    pub(crate) fn close(&self, uri: &lsp::Uri) -> bool {
        self.lock().docs.remove(uri).is_some()
    }

    pub(crate) fn version(&self, uri: &lsp::Uri) -> Option<i32> {
        self.lock().docs.get(uri).map(|d| d.version)
    }

    /// The analysis of the document's current version, if it is up to date.
    pub(crate) fn current(&self, uri: &lsp::Uri) -> Option<Arc<Analysis>> {
        let st = self.lock();
        let doc = st.docs.get(uri)?;
        doc.analysis
            .as_ref()
            .filter(|a| a.version == doc.version && a.generation == st.generation && a.encoding == st.encoding)
            .cloned()
    }

    /// The configuration a document uses; `None` for an unknown document.
    pub(crate) fn config_of(&self, uri: &lsp::Uri) -> Option<ConfigRef> {
        self.lock().docs.get(uri).map(|d| match &d.config {
            Some(p) => ConfigRef::File(p.clone()),
            None => ConfigRef::Builtin,
        })
    }

    /// The rules of a loaded config.
    pub(crate) fn loaded(&self, config: &Path) -> Option<Arc<Loaded>> {
        self.lock().configs.get(config).map(|e| e.good.clone())
    }

    /// A snapshot for linting the document's current version with `setup`.
    pub(crate) fn snapshot(&self, uri: &lsp::Uri, setup: &Loaded) -> Option<Snapshot> {
        let st = self.lock();
        let doc = st.docs.get(uri)?;
        Some(Snapshot {
            uri: uri.clone(),
            version: doc.version,
            text: doc.text.clone(),
            format: doc.format,
            rules: setup.rules.clone(),
            settings: st.client.apply(&setup.settings),
            encoding: st.encoding,
            generation: st.generation,
            docs_base: st.client.docs_base.clone(),
        })
    }

    /// Keep an analysis if it is of the current version and configuration. Returns whether kept.
    pub(crate) fn store(&self, uri: &lsp::Uri, a: &Arc<Analysis>) -> bool {
        let mut st = self.lock();
        let generation = st.generation;
        let encoding = st.encoding;
        let Some(doc) = st.docs.get_mut(uri) else {
            return false;
        };
        let fresh = a.version == doc.version && a.generation == generation && a.encoding == encoding;
        if fresh {
            doc.analysis = Some(a.clone());
        }
        fresh
    }

    /// Whether an analysis is still of the current version and configuration.
    pub(crate) fn is_fresh(&self, uri: &lsp::Uri, a: &Analysis) -> bool {
        let st = self.lock();
        st.docs
            .get(uri)
            .is_some_and(|d| d.version == a.version && st.generation == a.generation && st.encoding == a.encoding)
    }

    /// Install a loaded config. Returns the rules to use, and per file the diagnostics to publish
    /// (empty lists clear files that had problems before). A first load (`reload` false) that
    /// finds the config already installed by a concurrent load keeps that one. Call off the async
    /// threads (it may compile the built-in pack).
    pub(crate) fn install(
        &self,
        path: &Path,
        outcome: Outcome,
        reload: bool,
    ) -> (Arc<Loaded>, Vec<(PathBuf, Vec<lsp::Diagnostic>)>) {
        let builtin = self.builtin();
        let mut st = self.lock();
        if !reload && let Some(existing) = st.configs.get(path) {
            return (existing.good.clone(), Vec::new());
        }
        let unit = st.encoding;
        let mut per_file: Vec<(PathBuf, Vec<lsp::Diagnostic>)> = Vec::new();
        let all = outcome
            .errors
            .iter()
            .map(|p| (p, lsp::DiagnosticSeverity::ERROR))
            .chain(outcome.warnings.iter().map(|p| (p, lsp::DiagnosticSeverity::WARNING)));
        for (p, sev) in all {
            let file = PathBuf::from(&p.file);
            if !file.is_absolute() {
                crate::log(&format!("{}: {}", p.file, p.message));
                continue;
            }
            let d = convert::problem(p, unit, sev);
            match per_file.iter_mut().find(|(f, _)| *f == file) {
                Some((_, list)) => list.push(d),
                None => per_file.push((file, vec![d])),
            }
        }
        let previous = st.configs.remove(path);
        if previous.is_some() {
            st.generation += 1;
        }
        let new_files: Vec<PathBuf> = per_file.iter().map(|(f, _)| f.clone()).collect();
        if let Some(prev) = &previous {
            for f in &prev.problem_files {
                if !new_files.contains(f) {
                    per_file.push((f.clone(), Vec::new()));
                }
            }
        }
        let good = match (outcome.broken, outcome.loaded, previous) {
            (false, Some(l), _) => Arc::new(l),
            (true, _, Some(prev)) => prev.good,
            (true, Some(partial), None) => Arc::new(partial),
            (_, None, _) => builtin,
        };
        st.configs.insert(
            path.to_path_buf(),
            ConfigEntry { good: good.clone(), watched: outcome.watched, problem_files: new_files },
        );
        (good, per_file)
    }

    /// Config files to reload for these changed paths, and whether a `chotatsu.yaml` appeared or
    /// disappeared (so every document's nearest config must be found again).
    pub(crate) fn affected_configs(&self, changed: &[(PathBuf, bool)]) -> (Vec<PathBuf>, bool) {
        let st = self.lock();
        let mut reload = Vec::new();
        let mut reresolve = false;
        for (path, created_or_deleted) in changed {
            if *created_or_deleted && path.file_name().is_some_and(|n| n == chotatsu_core::config::CONFIG_FILE) {
                reresolve = true;
            }
            for (cfg, entry) in &st.configs {
                if entry.watched.iter().any(|w| path.starts_with(w)) && !reload.contains(cfg) {
                    reload.push(cfg.clone());
                }
            }
        }
        (reload, reresolve)
    }

    /// Find every document's nearest config again (workspace folders or config files changed).
    pub(crate) fn reresolve(&self) {
        let mut st = self.lock();
        let roots = st.roots.clone();
        for doc in st.docs.values_mut() {
            doc.config = resolve(doc.path.as_deref(), &roots);
        }
        st.generation += 1;
    }

    /// Forget a config (deleted) so that it is loaded again on next use. Returns the files whose
    /// problems were shown, to clear.
    pub(crate) fn forget(&self, config: &Path) -> Vec<PathBuf> {
        let mut st = self.lock();
        let Some(entry) = st.configs.remove(config) else {
            return Vec::new();
        };
        st.generation += 1;
        entry.problem_files
    }

    pub(crate) fn open_uris(&self) -> Vec<lsp::Uri> {
        self.lock().docs.keys().cloned().collect()
    }
}

/// The local path of a `file:` URI.
pub(crate) fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    uri.scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
        .then(|| uri.to_file_path().map(std::borrow::Cow::into_owned))
        .flatten()
}

/// The format of a document, or `None` if it is not one we lint.
fn format_of(language_id: &str, path: Option<&Path>, uri: &str) -> Option<Format> {
    let ext = path.unwrap_or_else(|| Path::new(uri)).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match (language_id, ext.as_deref()) {
        ("markdown", _) | (_, Some("md" | "markdown")) => Some(Format::Markdown),
        ("plaintext" | "text", _) | (_, Some("txt")) => Some(Format::PlainText),
        _ => None,
    }
}

/// The nearest config of a document path; for a document with no path (untitled), the first
/// workspace folder's.
fn resolve(path: Option<&Path>, roots: &[PathBuf]) -> Option<PathBuf> {
    match path.and_then(Path::parent) {
        Some(dir) => config::nearest(dir, roots),
        None => roots.first().and_then(|r| config::nearest(r, roots)),
    }
}

/// Lint a snapshot (blocking: run it on `spawn_blocking`).
pub(crate) fn analyze(s: &Snapshot) -> Analysis {
    let name = s.uri.to_file_path().map_or_else(|| s.uri.as_str().to_string(), |p| p.to_string_lossy().into_owned());
    if s.text.len() > MAX_LINT_BYTES {
        let doc = chotatsu_core::parse(&name, String::new(), s.format);
        let notice = lsp::Diagnostic {
            range: lsp::Range::default(),
            severity: Some(lsp::DiagnosticSeverity::INFORMATION),
            code: Some(lsp::NumberOrString::String("chotatsu/too-large".into())),
            source: Some(convert::SOURCE.into()),
            message: format!(
                "文書が大きすぎるため（{} MB、上限 {} MB）検査していません。CLI で検査してください。",
                s.text.len() / (1024 * 1024),
                MAX_LINT_BYTES / (1024 * 1024)
            ),
            ..lsp::Diagnostic::default()
        };
        return Analysis {
            version: s.version,
            generation: s.generation,
            doc,
            rules: s.rules.clone(),
            findings: Vec::new(),
            diagnostics: vec![notice],
            encoding: s.encoding,
        };
    }
    let doc = chotatsu_core::parse(&name, s.text.to_string(), s.format);
    let result = chotatsu_core::lint(&doc, &s.rules, &s.settings);
    let findings: Vec<Diagnostic> = result.diagnostics.into_iter().filter(|d| d.suppressed.is_none()).collect();
    let diagnostics = findings.iter().map(|d| convert::diagnostic(d, &doc, &s.uri, s.encoding, &s.docs_base)).collect();
    Analysis {
        version: s.version,
        generation: s.generation,
        doc,
        rules: s.rules.clone(),
        findings,
        diagnostics,
        encoding: s.encoding,
    }
}

#[cfg(test)]
mod tests {
    //! Incremental edits equal a full re-sync: `Session::change` applied to random UTF-16 ranges
    //! gives the text (and line index) that an independent reference computes.
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr as _;

    /// The LSP rule, written out independently of `LineIndex`: lines end at `\n`, `\r\n` or `\r`; a
    /// line past the end is the end of the text; a column past a line's content clamps to it; a
    /// column inside a surrogate pair lands on the character's start.
    fn reference_offset(text: &str, pos: lsp::Position) -> usize {
        let mut line_start = 0;
        let mut line = 0;
        let b = text.as_bytes();
        let mut i = 0;
        while line < pos.line as usize {
            if i >= b.len() {
                return text.len();
            }
            if b[i] == b'\n' || b[i] == b'\r' {
                if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                line_start = i + 1;
            }
            i += 1;
        }
        let mut units = 0;
        for (k, c) in text[line_start..].char_indices() {
            if c == '\n' || c == '\r' {
                return line_start + k;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                return line_start + k;
            }
        }
        text.len()
    }

    fn text() -> impl Strategy<Value = String> {
        let alphabet: Vec<&str> = vec!["a", "瑕疵", "𠮷", "\n", "\r\n", "\r", " ", "ｻｰﾊﾞ", "\u{feff}", "。"];
        prop::collection::vec(prop::sample::select(alphabet), 0..40).prop_map(|v| v.concat())
    }

    fn edit() -> impl Strategy<Value = (u32, u32, u32, u32, String)> {
        let inserts: Vec<String> =
            ["", "x", "\n", "\r\n", "\r", "𠮷", "契約不適合責任", "\r瑕"].iter().map(|s| (*s).to_string()).collect();
        (0u32..6, 0u32..14, 0u32..6, 0u32..14, prop::sample::select(inserts))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn incremental_edits_equal_a_full_resync(initial in text(), edits in prop::collection::vec(edit(), 0..12), batch in any::<bool>()) {
            let session = Session::new();
            let uri = lsp::Uri::from_str("untitled:prop.md").unwrap();
            let item = lsp::TextDocumentItem { uri: uri.clone(), language_id: "markdown".into(), version: 1, text: initial.clone() };
            prop_assert!(session.open(item), "a Markdown document is opened");
            let mut expected = initial;
            let mut changes = Vec::new();
            for (l1, c1, l2, c2, insert) in edits {
                let (a, b) = (lsp::Position::new(l1, c1), lsp::Position::new(l2, c2));
                let (s, e) = (reference_offset(&expected, a), reference_offset(&expected, b));
                expected.replace_range(s.min(e)..s.max(e), &insert);
                changes.push(lsp::TextDocumentContentChangeEvent { range: Some(lsp::Range::new(a, b)), range_length: None, text: insert });
            }
            let id = lsp::VersionedTextDocumentIdentifier { uri: uri.clone(), version: 2 };
            if batch {
                session.change(&id, changes).unwrap();
            } else {
                for c in changes {
                    session.change(&id, vec![c]).unwrap();
                }
            }
            let st = session.lock();
            let doc = &st.docs[&uri];
            prop_assert_eq!(&*doc.text, expected.as_str());
            let fresh = LineIndex::new(&expected);
            prop_assert_eq!(doc.index.line_count(), fresh.line_count());
            for l in 0..=fresh.line_count() {
                prop_assert_eq!(doc.index.line_start(l), fresh.line_start(l));
            }
        }
    }
}
