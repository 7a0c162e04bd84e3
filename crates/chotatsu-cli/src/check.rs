//! `chotatsu check`: collect files, lint them in parallel, write the report in path order.
//!
//! Files are linted on rayon's pool; workers take the next file in path order from a shared
//! counter, so results arrive roughly in order. The main thread writes each file's part as soon as
//! every earlier file's part is written, and keeps nothing of a file but its counts (and, for the
//! HTML report, its rendered section).

use crate::cli::{CheckArgs, Format};
use crate::configs::{
    CliOverrides, Configs, LoadProblem, Loaded, did_you_mean, has_supported_extension, known_selectors,
};
use crate::fix::{Applied, applied_edits, encode, write_atomic};
use crate::paths::display_path;
use crate::report::{Chunk, Emitter, FileView, Renderer, Summary, human, sarif};
use crate::term;
use chotatsu_core::{Format as DocFormat, LintResult, Severity};
use miette::{GraphicalReportHandler, MietteDiagnostic};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Where a file's bytes come from.
enum Source {
    Path(PathBuf),
    Stdin(Vec<u8>),
    /// Not lintable: an error code and a message saying why.
    Error(&'static str, String),
}

/// A batch of at least this many bytes gets the faster scan automaton built ahead, on an idle worker
/// (see `RuleSet::prepare_scan`).
const PREPARE_SCAN_BYTES: u64 = 2 << 20;

struct Job {
    display: String,
    /// Name given to the reader (decides the format).
    name: String,
    source: Source,
    loaded: Option<Arc<Loaded>>,
    explicit: bool,
}

/// What a worker sends back.
struct Outcome {
    chunk: Chunk,
    /// Text for standard error: read errors, fix notes.
    notes: String,
    /// The message of a read error, for formats that record it.
    error: Option<String>,
    /// Something went wrong that makes the run exit with 2.
    hard_error: bool,
}

struct Ctx<'a> {
    renderer: &'a Renderer,
    fix: bool,
    quiet: bool,
    err_handler: &'a GraphicalReportHandler,
}

/// Run `check`. Returns the exit code.
pub(crate) fn run(args: &CheckArgs, stdout: &mut dyn Write) -> i32 {
    let stderr_tty = term::stderr_is_terminal();
    let err_color = term::use_color(args.no_color, stderr_tty);
    let err_handler = term::handler(err_color, term::width(stderr_tty));
    let mut err = io::stderr().lock();
    let mut hard_error = false;

    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        usage(&mut err, &err_handler, "「-」（標準入力）は一度だけ指定できます", None);
        return 2;
    }
    if stdin_count == 1 && args.fix {
        usage(
            &mut err,
            &err_handler,
            "--fix は標準入力（-）には使えません",
            Some("ファイルを指定して --fix を実行してください"),
        );
        return 2;
    }

    let mut configs = Configs::new(CliOverrides {
        config: args.config.config.clone(),
        profile: args.config.profile.map(crate::cli::ProfileArg::to_core),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    });
    let mut jobs = match collect(args, &mut configs) {
        Ok(j) => j,
        Err(msg) => {
            usage(&mut err, &err_handler, &msg, None);
            return 2;
        }
    };
    // Make sure the configuration of the current folder is loaded even when no file was found,
    // so that its problems are reported and selectors can be checked.
    if configs.all_loaded().is_empty() {
        configs.for_cwd();
    }
    for p in &configs.problems {
        hard_error = true;
        let text = match p {
            LoadProblem::Core(p) => term::render_problem(&err_handler, p),
            LoadProblem::Plain(p) => term::render(&err_handler, p),
        };
        let _ = writeln!(err, "{text}");
    }
    let loaded_all = configs.all_loaded();
    let known = known_selectors(&loaded_all);
    for (flag, list) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        for s in list {
            if !known.iter().any(|k| k == s) {
                let help = did_you_mean(s, &known).map_or_else(
                    || "`chotatsu rules` でルール ID の一覧を見られます".to_string(),
                    |c| format!("「{c}」の誤りではありませんか。`chotatsu rules` で一覧を見られます"),
                );
                usage(
                    &mut err,
                    &err_handler,
                    &format!("{flag} の「{s}」という ID または分野のルールはありません"),
                    Some(&help),
                );
                return 2;
            }
        }
    }

    // A report written into a linted folder is not itself linted on the next run.
    if let Some(out) = &args.output {
        let out = crate::configs::absolute(out);
        jobs.retain(|j| !matches!(&j.source, Source::Path(p) if crate::configs::absolute(p) == out));
    }
    jobs.sort_by(|a, b| a.display.cmp(&b.display));
    jobs.dedup_by(|a, b| a.display == b.display);
    if jobs.is_empty() && !args.quiet {
        let _ = writeln!(err, "チェックするファイルが見つかりません（.md .markdown .txt .docx）");
    }

    let out_tty = args.output.is_none() && term::stdout_is_terminal();
    let out_color = args.format == Format::Human && term::use_color(args.no_color, out_tty);
    let profile = args
        .config
        .profile
        .map(crate::cli::ProfileArg::to_core)
        .or_else(|| loaded_all.first().map(|l| l.settings.profile))
        .unwrap_or_default();
    let sets: Vec<&chotatsu_core::RuleSet> = loaded_all.iter().map(|l| l.rules.as_ref()).collect();
    let renderer = Renderer {
        format: args.format,
        human: human::Human::new(term::handler(out_color, term::width(out_tty))),
        sarif: if args.format == Format::Sarif {
            sarif::RuleIndex::new(&sets, profile)
        } else {
            sarif::RuleIndex::new(&[], profile)
        },
    };

    let mut file_out;
    let out: &mut dyn Write = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => {
                file_out = io::BufWriter::new(f);
                &mut file_out
            }
            Err(e) => {
                usage(&mut err, &err_handler, &format!("出力ファイル {} を作れません: {e}", display_path(path)), None);
                return 2;
            }
        },
        None => stdout,
    };

    let mut emitter = Emitter::new(args.format, args.quiet);
    emitter.set_html_title(if args.paths.is_empty() {
        ".".to_string()
    } else {
        args.paths.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(" ")
    });
    let show_progress =
        stderr_tty && !args.quiet && jobs.len() > 5 && std::env::var_os("CI").is_none_or(|v| v.is_empty());
    let progress = show_progress.then(|| {
        let pb =
            indicatif::ProgressBar::with_draw_target(Some(jobs.len() as u64), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            pb.set_style(style);
        }
        pb
    });

    let ctx = Ctx { renderer: &renderer, fix: args.fix, quiet: args.quiet, err_handler: &err_handler };
    let mut summary = Summary::default();
    let mut failed_at_write: Option<io::Error> = None;
    if let Err(e) = emitter.begin(out, &renderer) {
        failed_at_write = Some(e);
    }
    // Whether the batch is large, as far as the file system says without reading (counting stops
    // at the threshold).
    let mut batch_bytes = 0u64;
    for job in &jobs {
        batch_bytes += match &job.source {
            Source::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Stdin(bytes) => bytes.len() as u64,
            Source::Error(..) => 0,
        };
        if batch_bytes >= PREPARE_SCAN_BYTES {
            break;
        }
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|scope| {
        let jobs = &jobs;
        let ctx = &ctx;
        let next = &next;
        let sets = &sets;
        scope.spawn(move || {
            rayon::scope(|s| {
                // The built-in regexes are compiled on first use. Queue their compilation first, last
                // regex first: idle workers take these jobs from the front while the worker that
                // queued them lints the first file, whose scan needs them from the first on. A
                // lone worker would only get to these jobs after linting everything: it compiles
                // regexes as it needs them, and builds the faster automaton before it starts.
                let alone = rayon::current_num_threads() == 1;
                if !jobs.is_empty() {
                    for (n, set) in sets.iter().enumerate() {
                        if sets[..n].iter().any(|other| std::ptr::eq(*other, *set)) {
                            continue;
                        }
                        if alone {
                            if batch_bytes >= PREPARE_SCAN_BYTES {
                                set.prepare_scan();
                            }
                            continue;
                        }
                        for i in (0..set.prepare_count()).rev() {
                            s.spawn(move |_| {
                                set.prepare(i);
                            });
                        }
                        if batch_bytes >= PREPARE_SCAN_BYTES {
                            s.spawn(move |_| set.prepare_scan());
                        }
                    }
                }
                for _ in 0..rayon::current_num_threads().min(jobs.len()) {
                    let tx = tx.clone();
                    s.spawn(move |_| {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else { break };
                            if tx.send((i, process(job, ctx))).is_err() {
                                break;
                            }
                        }
                    });
                }
                drop(tx);
            });
        });
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut want = 0;
        for (i, outcome) in &rx {
            pending.insert(i, outcome);
            while let Some(o) = pending.remove(&want) {
                let job = &jobs[want];
                want += 1;
                if let Some(pb) = &progress {
                    pb.inc(1);
                    pb.set_message(job.display.clone());
                }
                hard_error |= o.hard_error;
                if o.chunk.failed {
                    summary.failed += 1;
                } else {
                    summary.files += 1;
                }
                summary.stats.add(&o.chunk.stats);
                let write = |out: &mut dyn Write, err: &mut dyn Write| -> io::Result<()> {
                    if !o.notes.is_empty() {
                        err.write_all(o.notes.as_bytes())?;
                    }
                    emitter.push(out, &job.display, o.chunk, o.error.as_deref())?;
                    out.flush()
                };
                if failed_at_write.is_none() {
                    let r = match &progress {
                        Some(pb) => pb.suspend(|| write(out, &mut err)),
                        None => write(out, &mut err),
                    };
                    if let Err(e) = r {
                        failed_at_write = Some(e);
                    }
                }
            }
        }
    });
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if failed_at_write.is_none()
        && let Err(e) = emitter.finish(out, &summary)
    {
        failed_at_write = Some(e);
    }
    if let Some(e) = failed_at_write {
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "レポートを書き出せません: {e}");
        }
        return 2;
    }
    if let Some(path) = &args.output
        && !args.quiet
    {
        let _ = writeln!(err, "{} に書き出しました: {}", display_path(path), human::summary_line(&summary));
    }
    if hard_error {
        return 2;
    }
    let threshold = args.fail_on.severity();
    let over = match threshold {
        Severity::Info => summary.stats.findings(),
        Severity::Warning => summary.stats.errors + summary.stats.warnings,
        Severity::Error => summary.stats.errors,
    };
    i32::from(over > 0)
}

fn usage(err: &mut dyn Write, handler: &GraphicalReportHandler, message: &str, help: Option<&str>) {
    let mut d = MietteDiagnostic::new(message).with_code("chotatsu::usage");
    if let Some(h) = help {
        d = d.with_help(h);
    }
    let _ = writeln!(err, "{}", term::render(handler, &d));
}

/// Turn the command line's paths into jobs (not yet sorted).
fn collect(args: &CheckArgs, configs: &mut Configs) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let default = [PathBuf::from(".")];
    let paths: &[PathBuf] = if args.paths.is_empty() { &default } else { &args.paths };
    for p in paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes).map_err(|e| format!("標準入力を読めません: {e}"))?;
            let (display, name, loaded) = match &args.stdin_filename {
                Some(n) => (display_path(n), display_path(n), configs.for_path(n)),
                None => ("<stdin>".to_string(), "stdin.md".to_string(), configs.for_cwd()),
            };
            jobs.push(Job { display, name, source: Source::Stdin(bytes), loaded: Some(loaded), explicit: true });
            continue;
        }
        let display = display_path(p);
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                let (code, why) = if e.kind() == io::ErrorKind::NotFound {
                    ("chotatsu::input::not_found", "見つかりません".to_string())
                } else {
                    ("chotatsu::input::unreadable", format!("読めません: {e}"))
                };
                jobs.push(error_job(display, code, why));
                continue;
            }
        };
        if meta.is_dir() {
            walk(p, configs, &mut jobs);
        } else if has_supported_extension(p) {
            let loaded = configs.for_path(p);
            jobs.push(Job {
                name: display.clone(),
                display,
                source: Source::Path(p.clone()),
                loaded: Some(loaded),
                explicit: true,
            });
        } else {
            jobs.push(error_job(
                display,
                "chotatsu::input::unsupported",
                "対応していない形式です（.md .markdown .txt .docx を指定してください）".into(),
            ));
        }
    }
    Ok(jobs)
}

fn error_job(display: String, code: &'static str, message: String) -> Job {
    Job { name: display.clone(), display, source: Source::Error(code, message), loaded: None, explicit: true }
}

fn walk(root: &Path, configs: &mut Configs, jobs: &mut Vec<Job>) {
    let walker = ignore::WalkBuilder::new(root).require_git(false).follow_links(false).build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = e.path();
                let loaded = configs.for_path(path);
                if !loaded.wants(path) {
                    continue;
                }
                let display = display_path(path);
                jobs.push(Job {
                    name: display.clone(),
                    display,
                    source: Source::Path(path.to_path_buf()),
                    loaded: Some(loaded),
                    explicit: false,
                });
            }
            Err(e) => {
                let display = io_error_path(&e).map_or_else(|| display_path(root), |p| display_path(&p));
                jobs.push(error_job(display, "chotatsu::input::unreadable", format!("読めません: {e}")));
            }
        }
    }
}

fn io_error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => io_error_path(err),
        _ => None,
    }
}

fn file_error(ctx: &Ctx<'_>, display: &str, message: &str, code: &str) -> Outcome {
    let d = MietteDiagnostic::new(format!("{display}: {message}")).with_code(code);
    Outcome {
        chunk: ctx.renderer.error(display, message),
        notes: format!("{}\n", term::render(ctx.err_handler, &d)),
        error: Some(message.to_string()),
        hard_error: true,
    }
}

fn process(job: &Job, ctx: &Ctx<'_>) -> Outcome {
    let bytes = match &job.source {
        Source::Error(code, msg) => return file_error(ctx, &job.display, msg, code),
        Source::Stdin(b) => std::borrow::Cow::Borrowed(b.as_slice()),
        Source::Path(p) => match std::fs::read(p) {
            Ok(b) => std::borrow::Cow::Owned(b),
            Err(e) => {
                return file_error(ctx, &job.display, &format!("読めません: {e}"), "chotatsu::input::unreadable");
            }
        },
    };
    let Some(loaded) = &job.loaded else {
        return file_error(ctx, &job.display, "設定がありません", "chotatsu::input::unreadable");
    };
    let input = match chotatsu_core::input::read(&job.name, &bytes) {
        Ok(i) => i,
        Err(e) => {
            return file_error(ctx, &job.display, &format!("読めません: {e}"), "chotatsu::input::unreadable");
        }
    };
    let mut notes = String::new();
    let mut hard_error = false;
    if input.lossy && !ctx.quiet {
        let _ = writeln!(
            notes,
            "{}: 一部のバイトを {} として復号できず、U+FFFD に置き換えました",
            job.display,
            input.encoding.map_or("UTF-8", |e| e.label())
        );
    }
    let mut doc = input.document;
    let mut result = chotatsu_core::lint(&doc, &loaded.rules, &loaded.settings);
    let mut fixed = 0;
    if ctx.fix {
        let has_fix = result.diagnostics.iter().any(|d| d.suppressed.is_none() && d.safe_fix().is_some());
        let refuse = |why: &str, notes: &mut String| {
            let d = MietteDiagnostic::new(format!("{}: {why}", job.display)).with_code("chotatsu::fix::refused");
            let _ = writeln!(notes, "{}", term::render(ctx.err_handler, &d));
        };
        if doc.format == DocFormat::Docx {
            if job.explicit || has_fix {
                refuse(".docx は --fix で書き換えられません。指摘を Word で直してください", &mut notes);
                hard_error = true;
            }
        } else if has_fix {
            if input.lossy {
                refuse("復号できないバイトを含むため、書き換えません", &mut notes);
                hard_error = true;
            } else if let (Source::Path(path), Some(encoding)) = (&job.source, input.encoding) {
                match fix_file(job, loaded, &doc, &result, path, encoding, &bytes) {
                    Ok(Some((new_doc, new_result, applied))) => {
                        fixed = applied.len();
                        if !ctx.quiet {
                            let _ = writeln!(notes, "修正: {}（{} 件）", job.display, applied.len());
                            for a in &applied {
                                let _ = writeln!(
                                    notes,
                                    "  {}:{} 「{}」→「{}」 {}",
                                    a.line,
                                    a.column,
                                    term::sanitize(&a.before),
                                    term::sanitize(&a.after),
                                    a.rule
                                );
                            }
                        }
                        doc = new_doc;
                        result = new_result;
                    }
                    Ok(None) => {}
                    Err(why) => {
                        refuse(&why, &mut notes);
                        hard_error = true;
                    }
                }
            }
        }
    }
    let view =
        FileView { display: &job.display, doc: &doc, result: &result, rules: &loaded.rules, encoding: input.encoding };
    let chunk = ctx.renderer.file(&view, fixed);
    Outcome { chunk, notes, error: None, hard_error }
}

type Fixed = (chotatsu_core::Document, LintResult, Vec<Applied>);

/// Apply safe fixes until none is left (at most a few passes), then write the file.
fn fix_file(
    job: &Job,
    loaded: &Loaded,
    doc: &chotatsu_core::Document,
    result: &LintResult,
    path: &Path,
    encoding: chotatsu_core::input::docx::TextEncoding,
    original: &[u8],
) -> Result<Option<Fixed>, String> {
    let mut applied_all = Vec::new();
    let mut cur_doc: Option<chotatsu_core::Document> = None;
    let mut cur_result: Option<LintResult> = None;
    for _ in 0..5 {
        let (d, r) = match (&cur_doc, &cur_result) {
            (Some(d), Some(r)) => (d, r),
            _ => (doc, result),
        };
        let applied = applied_edits(d, &r.diagnostics);
        if applied.is_empty() {
            break;
        }
        let (text, n) = chotatsu_core::apply_fixes(&d.source, &r.diagnostics);
        if n == 0 || text == d.source {
            break;
        }
        applied_all.extend(applied);
        let new_doc = chotatsu_core::parse(&job.name, text, d.format);
        let new_result = chotatsu_core::lint(&new_doc, &loaded.rules, &loaded.settings);
        cur_doc = Some(new_doc);
        cur_result = Some(new_result);
    }
    let (Some(new_doc), Some(new_result)) = (cur_doc, cur_result) else {
        return Ok(None);
    };
    let bytes = encode(&new_doc.source, encoding, original, &doc.source)?;
    write_atomic(path, &bytes).map_err(|e| format!("書き込めません: {e}"))?;
    Ok(Some((new_doc, new_result, applied_all)))
}
