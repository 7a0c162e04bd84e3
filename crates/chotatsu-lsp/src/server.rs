//! The `LanguageServer` implementation. Handlers are short and call into [`Session`] and
//! [`convert`]. Ordering (tower-lsp-server runs handlers in order only up to their first `.await`):
//! `did_open` / `did_change` update the text and version before awaiting anything; lint runs work
//! on snapshots on `spawn_blocking`; a result is published only if its version and configuration
//! are still current when it is done. The service is wrapped in [`CatchPanic`]: a handler's panic
//! fails that one request, not the server.

use crate::config::{self, ClientSettings, Loaded};
use crate::convert;
use crate::panics::{self, CatchPanic, Reporter};
use crate::session::{self, Analysis, ClientCaps, ConfigRef, Session, file_path};
use chotatsu_core::{ColumnUnit, Diagnostic};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::DuplexStream;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::lsp_types as lsp;
use tower_lsp_server::{Client, LanguageServer, LspService, UriExt as _};

/// The method that stands in for a message that is not JSON-RPC (see `main::guard_stdin`).
pub(crate) const INVALID_MESSAGE: &str = "$/chotatsu/invalidMessage";

const WATCH_REGISTRATION: &str = "chotatsu-watch-config";

/// Test hook: with this environment variable set to `1` when the server starts, the server offers
/// the command [`DEBUG_PANIC_COMMAND`] and accepts the notification [`DEBUG_PANIC_NOTIFICATION`],
/// whose handlers panic like a bug would. `tests/lsp.rs` uses them to check that a panic is caught
/// and reported and the server keeps serving; without the variable both are unknown.
const TEST_PANIC_ENV: &str = "CHOTATSU_LSP_TEST_PANIC";
/// `workspace/executeCommand` command that panics (test hook, see [`TEST_PANIC_ENV`]).
const DEBUG_PANIC_COMMAND: &str = "chotatsu.debug.panic";
/// Notification that panics (test hook, see [`TEST_PANIC_ENV`]).
const DEBUG_PANIC_NOTIFICATION: &str = "$/chotatsu/debugPanic";

/// How long to let pending work finish after `exit` or the end of input.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serve until `exit` or the end of input. Returns whether the client shut the server down
/// properly (exit code 0). `stop` turns true at `exit` or end of input: tower-lsp-server would
/// otherwise wait for answers to its own requests (say `client/registerCapability`) from a client
/// that is gone.
pub(crate) async fn serve(input: DuplexStream, mut stop: tokio::sync::watch::Receiver<bool>) -> bool {
    let session = Arc::new(Session::new());
    let shared = session.clone();
    let test_hooks = std::env::var_os(TEST_PANIC_ENV).is_some_and(|v| v == "1");
    let mut builder = LspService::build(move |client| Server {
        reporter: Reporter::new(client.clone()),
        client,
        session: shared,
        publish: Arc::new(tokio::sync::Mutex::new(())),
        test_hooks,
    })
    .custom_method(INVALID_MESSAGE, Server::invalid_message);
    if test_hooks {
        crate::log(&format!("{TEST_PANIC_ENV}=1: test hooks that panic are on"));
        builder = builder.custom_method(DEBUG_PANIC_NOTIFICATION, Server::debug_panic_notification);
    }
    let (service, socket) = builder.finish();
    let reporter = service.inner().reporter.clone();
    let service = CatchPanic::new(service, reporter);
    let serving = tower_lsp_server::Server::new(input, tokio::io::stdout(), socket).serve(service);
    let stopped = async {
        // An error means the reader is gone, which is a stop too.
        let _ = stop.wait_for(|s| *s).await;
        tokio::time::sleep(EXIT_GRACE).await;
    };
    tokio::select! {
        () = serving => {}
        () = stopped => crate::log("exiting without waiting for requests still pending"),
    }
    session.lock().shutdown
}

#[derive(Clone)]
pub(crate) struct Server {
    client: Client,
    session: Arc<Session>,
    /// Held while checking freshness and publishing, so that an older result never lands last.
    publish: Arc<tokio::sync::Mutex<()>>,
    /// Tells the client about caught panics (shared with the [`CatchPanic`] around the service).
    reporter: Reporter,
    /// Whether the test hooks are on (see [`TEST_PANIC_ENV`]).
    test_hooks: bool,
}

impl Server {
    async fn invalid_message(&self, params: serde_json::Value) {
        let reason = params.get("reason").and_then(serde_json::Value::as_str).unwrap_or("invalid message");
        self.client
            .log_message(
                lsp::MessageType::WARNING,
                format!("chotatsu-lsp: ignored a message that is not JSON-RPC: {reason}"),
            )
            .await;
    }

    /// Test hook (see [`TEST_PANIC_ENV`]): panic the way a bug in a handler would, after an
    /// `.await` and holding the session lock (which poisons it).
    async fn debug_panic(&self, during: &str) {
        tokio::task::yield_now().await;
        let _state = self.session.lock();
        panic!("deliberate panic in {during} (test hook {TEST_PANIC_ENV})");
    }

    async fn debug_panic_notification(&self) {
        self.debug_panic(DEBUG_PANIC_NOTIFICATION).await;
    }

    fn caps(&self) -> ClientCaps {
        self.session.lock().caps
    }

    /// Lint a document version in the background and publish the result if still current.
    fn schedule(&self, uri: lsp::Uri, version: i32, debounce: bool) {
        let this = self.clone();
        tokio::spawn(async move {
            let label = uri.clone();
            let run = this.lint_and_publish(uri, version, debounce);
            this.reporter.guard(|| format!("linting {}", label.as_str()), run).await;
        });
    }

    async fn lint_and_publish(&self, uri: lsp::Uri, version: i32, debounce: bool) {
        let started = std::time::Instant::now();
        if debounce {
            let quiet = self.session.lock().client.debounce;
            if !quiet.is_zero() {
                tokio::time::sleep(quiet).await;
            }
            // A newer change has its own run.
            if self.session.version(&uri) != Some(version) {
                return;
            }
        }
        let Some(a) = self.analysis(&uri).await else {
            return;
        };
        let analysed = started.elapsed();
        if a.version == version && !self.caps().pull {
            self.publish(&uri, &a).await;
        }
        if crate::debug_enabled() {
            crate::log(&format!(
                "debug: {} v{version}: {} findings, analysis ready after {:.1} ms, published after {:.1} ms",
                uri.as_str(),
                a.diagnostics.len(),
                analysed.as_secs_f64() * 1000.0,
                started.elapsed().as_secs_f64() * 1000.0
            ));
        }
    }

    async fn publish(&self, uri: &lsp::Uri, a: &Arc<Analysis>) {
        let _order = self.publish.lock().await;
        if self.session.is_fresh(uri, a) {
            self.client.publish_diagnostics(uri.clone(), a.diagnostics.clone(), Some(a.version)).await;
        }
    }

    /// The analysis of the document's current version: cached, or linted now.
    async fn analysis(&self, uri: &lsp::Uri) -> Option<Arc<Analysis>> {
        if let Some(a) = self.session.current(uri) {
            return Some(a);
        }
        let setup = self.setup(uri).await?;
        let snapshot = self.session.snapshot(uri, &setup)?;
        let a = panics::blocking(move || session::analyze(&snapshot)).await?;
        let a = Arc::new(a);
        self.session.store(uri, &a);
        Some(a)
    }

    /// Rules and settings for a document: its config's (loaded on first use) or the built-in ones.
    async fn setup(&self, uri: &lsp::Uri) -> Option<Arc<Loaded>> {
        match self.session.config_of(uri)? {
            ConfigRef::Builtin => {
                let s = self.session.clone();
                panics::blocking(move || s.builtin()).await
            }
            ConfigRef::File(path) => match self.session.loaded(&path) {
                Some(l) => Some(l),
                None => Some(self.load_config(&path, false).await),
            },
        }
    }

    /// Load (or reload) a config file, publish its problems on the files they are in, and tell the
    /// user when it is broken.
    async fn load_config(&self, path: &Path, reload: bool) -> Arc<Loaded> {
        let s = self.session.clone();
        let p = path.to_path_buf();
        let loaded = tokio::task::spawn_blocking(move || {
            let outcome = config::load(&p, &|| s.builtin().rules.clone());
            let errors = outcome.errors.len();
            let broken = outcome.broken;
            let (loaded, per_file) = s.install(&p, outcome, reload);
            (loaded, per_file, broken, errors)
        })
        .await;
        let (loaded, per_file, broken, errors) = match loaded {
            Ok(r) => r,
            Err(e) => {
                crate::log(&format!("loading {} failed: {e}", path.display()));
                let s = self.session.clone();
                return tokio::task::spawn_blocking(move || s.builtin())
                    .await
                    .unwrap_or_else(|_| Arc::new(empty_setup()));
            }
        };
        for (file, diagnostics) in per_file {
            if let Some(uri) = lsp::Uri::from_file_path(&file) {
                self.client.publish_diagnostics(uri, diagnostics, None).await;
            }
        }
        if broken {
            self.client
                .show_message(
                    lsp::MessageType::ERROR,
                    format!(
                        "chotatsu: {} の読み込みで {errors} 件の問題が見つかりました。前回読み込めたルール（なければ組み込みルール）で検査を続けます。",
                        path.display()
                    ),
                )
                .await;
        } else {
            self.client
                .log_message(
                    lsp::MessageType::INFO,
                    format!("chotatsu: loaded {} ({} rules)", path.display(), loaded.rules.rules.len()),
                )
                .await;
        }
        loaded
    }

    /// After a configuration change: lint every open document again (push), or ask the client to
    /// pull again.
    async fn relint_all(&self) {
        let caps = self.caps();
        if caps.pull {
            if caps.refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        for uri in self.session.open_uris() {
            if let Some(v) = self.session.version(&uri) {
                self.schedule(uri, v, false);
            }
        }
    }

    /// Read the `chotatsu` section of the client's settings (`workspace/configuration`).
    async fn pull_settings(&self) -> bool {
        let item = lsp::ConfigurationItem { scope_uri: None, section: Some("chotatsu".into()) };
        match self.client.configuration(vec![item]).await {
            Ok(values) => match values.into_iter().next() {
                Some(v) if !v.is_null() => {
                    self.use_settings(&v).await;
                    true
                }
                _ => false,
            },
            Err(e) => {
                crate::log(&format!("workspace/configuration failed: {e}"));
                false
            }
        }
    }

    async fn use_settings(&self, value: &serde_json::Value) {
        let (settings, warnings) = ClientSettings::from_json(value);
        {
            let mut st = self.session.lock();
            st.client = settings;
            st.generation += 1;
        }
        if !warnings.is_empty() {
            self.client
                .show_message(lsp::MessageType::WARNING, format!("chotatsu の設定: {}", warnings.join("、")))
                .await;
        }
    }
}

fn empty_setup() -> Loaded {
    Loaded { rules: Arc::new(chotatsu_core::RuleSet::empty()), settings: chotatsu_core::Settings::default() }
}

fn capabilities(unit: ColumnUnit, test_hooks: bool) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(unit)),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
            ..lsp::TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX, lsp::CodeActionKind::new(convert::FIX_ALL)]),
            resolve_provider: Some(false),
            ..lsp::CodeActionOptions::default()
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        diagnostic_provider: Some(lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
            identifier: Some("chotatsu".into()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        })),
        workspace: Some(lsp::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        execute_command_provider: test_hooks.then(|| lsp::ExecuteCommandOptions {
            commands: vec![DEBUG_PANIC_COMMAND.into()],
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        ..lsp::ServerCapabilities::default()
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let c = &params.capabilities;
        let utf8 = c
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        let unit = if utf8 { ColumnUnit::Utf8 } else { ColumnUnit::Utf16 };
        let ws = c.workspace.as_ref();
        let caps = ClientCaps {
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            pull: c.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some()),
            refresh: ws.and_then(|w| w.diagnostic.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            watch: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        };
        #[allow(deprecated)] // root_uri is the fallback for clients without workspace folders
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) => folders.iter().filter_map(|f| file_path(&f.uri)).collect(),
            None => params.root_uri.iter().filter_map(file_path).collect(),
        };
        let (settings, warnings) =
            params.initialization_options.as_ref().map(ClientSettings::from_json).unwrap_or_default();
        {
            let mut st = self.session.lock();
            st.encoding = unit;
            st.caps = caps;
            st.roots = roots;
            st.client = settings;
        }
        if !warnings.is_empty() {
            self.client
                .show_message(lsp::MessageType::WARNING, format!("chotatsu の設定: {}", warnings.join("、")))
                .await;
        }
        Ok(lsp::InitializeResult {
            capabilities: capabilities(unit, self.test_hooks),
            server_info: Some(lsp::ServerInfo {
                name: "chotatsu-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        // Compile the built-in pack's regexes in the background (they are compiled on first use
        // otherwise), so that the first document opened is linted at full speed.
        let s = self.session.clone();
        drop(tokio::task::spawn_blocking(move || {
            let builtin = s.builtin();
            for i in 0..builtin.rules.prepare_count() {
                builtin.rules.prepare(i);
            }
            // An editing session re-lints the same document on every change: the faster automaton
            // soon pays for itself.
            builtin.rules.prepare_scan();
        }));
        let caps = self.caps();
        if caps.watch {
            let watchers = ["**/chotatsu.yaml", "**/*.yaml"]
                .into_iter()
                .map(|g| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(g.into()), kind: None })
                .collect();
            let registration = lsp::Registration {
                id: WATCH_REGISTRATION.into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                crate::log(&format!("cannot watch chotatsu.yaml: {e}"));
            }
        }
        if caps.configuration && self.pull_settings().await {
            self.relint_all().await;
        }
        let unit = self.session.lock().encoding;
        self.client
            .log_message(
                lsp::MessageType::INFO,
                format!(
                    "chotatsu-lsp {} ready ({} positions, {} diagnostics)",
                    env!("CARGO_PKG_VERSION"),
                    convert::encoding_kind(unit).as_str(),
                    if caps.pull { "pull" } else { "push" }
                ),
            )
            .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.session.lock().shutdown = true;
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let uri = params.text_document.uri.clone();
        let version = params.text_document.version;
        if self.session.open(params.text_document) && !self.caps().pull {
            self.schedule(uri, version, false);
        }
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let id = params.text_document;
        match self.session.change(&id, params.content_changes) {
            Ok(()) => {
                if !self.caps().pull {
                    self.schedule(id.uri, id.version, true);
                }
            }
            Err(e) => crate::log(&e),
        }
    }

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if !self.caps().pull
            && self.session.current(&uri).is_none()
            && let Some(v) = self.session.version(&uri)
        {
            self.schedule(uri, v, false);
        }
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.session.close(&uri) && !self.caps().pull {
            let _order = self.publish.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let pulled = self.caps().configuration && self.pull_settings().await;
        if !pulled && !params.settings.is_null() {
            self.use_settings(&params.settings).await;
        }
        self.relint_all().await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let changed: Vec<(PathBuf, bool)> = params
            .changes
            .iter()
            .filter_map(|c| file_path(&c.uri).map(|p| (p, c.typ != lsp::FileChangeType::CHANGED)))
            .collect();
        let (reload, reresolve) = self.session.affected_configs(&changed);
        if reload.is_empty() && !reresolve {
            return;
        }
        if reresolve {
            self.session.reresolve();
        }
        for cfg in reload {
            if cfg.is_file() {
                self.load_config(&cfg, true).await;
            } else {
                for file in self.session.forget(&cfg) {
                    if let Some(uri) = lsp::Uri::from_file_path(&file) {
                        self.client.publish_diagnostics(uri, Vec::new(), None).await;
                    }
                }
            }
        }
        self.relint_all().await;
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        {
            let mut st = self.session.lock();
            let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| file_path(&f.uri)).collect();
            st.roots.retain(|r| !removed.contains(r));
            st.roots.extend(params.event.added.iter().filter_map(|f| file_path(&f.uri)));
        }
        self.session.reresolve();
        self.relint_all().await;
    }

    async fn execute_command(&self, params: lsp::ExecuteCommandParams) -> Result<Option<lsp::LSPAny>> {
        if self.test_hooks && params.command == DEBUG_PANIC_COMMAND {
            self.debug_panic("workspace/executeCommand").await;
        }
        // The same code as tower-lsp-server's answer when no command is implemented.
        Err(Error {
            code: ErrorCode::MethodNotFound,
            message: format!("unknown command `{}`", params.command).into(),
            data: None,
        })
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        let Some(a) = self.analysis(&p.text_document.uri).await else {
            return Ok(None);
        };
        let at = convert::offset(&a.doc.source, &a.doc.lines, p.position, a.encoding);
        let hits: Vec<&Diagnostic> = a
            .findings
            .iter()
            .filter(|d| d.span.start <= at && (at < d.span.end || d.span.start == d.span.end && at == d.span.start))
            .collect();
        let (Some(first), Some(last_end)) = (hits.first(), hits.iter().map(|d| d.span.end).max()) else {
            return Ok(None);
        };
        let span =
            chotatsu_core::Span::new(hits.iter().map(|d| d.span.start).min().unwrap_or(first.span.start), last_end);
        Ok(Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: convert::hover_markdown(&hits, &a.rules),
            }),
            range: Some(convert::range(&a.doc.source, &a.doc.lines, span, a.encoding)),
        }))
    }

    async fn code_action(&self, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.analysis(&uri).await else {
            return Ok(None);
        };
        let doc = &a.doc;
        let unit = a.encoding;
        let sel = convert::span(&doc.source, &doc.lines, params.range, unit);
        let only = params.context.only.as_deref();
        let version = self.caps().document_changes.then_some(a.version);
        let quickfix = convert::wanted(only, lsp::CodeActionKind::QUICKFIX.as_str());
        let mut actions = Vec::new();
        for (d, shown) in a.findings.iter().zip(&a.diagnostics) {
            if !quickfix || d.span.start > sel.end || sel.start > d.span.end {
                continue;
            }
            for fix in &d.fixes {
                let edits = fix.edits.iter().map(|e| convert::text_edit(doc, e, unit)).collect();
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.title.clone(),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(convert::workspace_edit(&uri, version, edits)),
                    is_preferred: Some(convert::is_safe(fix.applicability)),
                    ..lsp::CodeAction::default()
                }));
            }
            if !d.rule.starts_with("chotatsu/") {
                let edit = convert::suppression_edit(doc, d, unit);
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("{} をこの行で抑止する（理由を記入）", d.rule),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(convert::workspace_edit(&uri, version, vec![edit])),
                    ..lsp::CodeAction::default()
                }));
            }
        }
        if convert::wanted(only, convert::FIX_ALL) {
            let edits: Vec<lsp::TextEdit> =
                chotatsu_core::safe_edits(&a.findings).into_iter().map(|e| convert::text_edit(doc, e, unit)).collect();
            if !edits.is_empty() {
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("chotatsu: 安全な修正をすべて適用（{} 件）", edits.len()),
                    kind: Some(lsp::CodeActionKind::new(convert::FIX_ALL)),
                    edit: Some(convert::workspace_edit(&uri, version, edits)),
                    ..lsp::CodeAction::default()
                }));
            }
        }
        Ok(Some(actions))
    }

    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<Option<lsp::DocumentSymbolResponse>> {
        let Some(a) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(lsp::DocumentSymbolResponse::Nested(convert::symbols(&a.doc, a.encoding))))
    }

    async fn diagnostic(&self, params: lsp::DocumentDiagnosticParams) -> Result<lsp::DocumentDiagnosticReportResult> {
        let full = |result_id: Option<String>, items: Vec<lsp::Diagnostic>| {
            lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
                lsp::RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id, items },
                },
            ))
        };
        let Some(a) = self.analysis(&params.text_document.uri).await else {
            return Ok(full(None, Vec::new()));
        };
        let id = format!("{}:{}", a.version, a.generation);
        if params.previous_result_id.as_deref() == Some(id.as_str()) {
            return Ok(lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Unchanged(
                lsp::RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport { result_id: id },
                },
            )));
        }
        Ok(full(Some(id), a.diagnostics.clone()))
    }
}
