//! `rules`, `explain`, `init` and `extract`.

use crate::cli::{ExplainArgs, ExtractArgs, InitArgs, ListFormat, RulesArgs};
use crate::configs::{CliOverrides, Configs, LoadProblem, Loaded, did_you_mean};
use crate::paths::display_path;
use crate::term::{self, sanitize};
use chotatsu_core::config::CONFIG_FILE;
use chotatsu_core::rules::docs::{explain_markdown, kinds};
use chotatsu_core::rules::schema::Level;
use chotatsu_core::{BlockKind, Profile};
use miette::{GraphicalReportHandler, MietteDiagnostic};
use serde_json::json;
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::sync::Arc;

fn err_handler() -> GraphicalReportHandler {
    let tty = term::stderr_is_terminal();
    term::handler(term::use_color(false, tty), term::width(tty))
}

fn report_error(message: &str, help: Option<&str>, code: &str) {
    let mut d = MietteDiagnostic::new(message).with_code(code);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    let _ = writeln!(io::stderr(), "{}", term::render(&err_handler(), &d));
}

/// Load the configuration of the current folder (or `--config`), reporting its problems.
/// Returns the configuration and whether there were problems.
fn load_cwd(config: &crate::cli::ConfigArgs) -> (Arc<Loaded>, bool) {
    let mut configs = Configs::new(CliOverrides {
        config: config.config.clone(),
        profile: config.profile.map(crate::cli::ProfileArg::to_core),
        ..CliOverrides::default()
    });
    let loaded = configs.for_cwd();
    let handler = err_handler();
    let mut err = io::stderr().lock();
    for p in &configs.problems {
        let text = match p {
            LoadProblem::Core(p) => term::render_problem(&handler, p),
            LoadProblem::Plain(p) => term::render(&handler, p),
        };
        let _ = writeln!(err, "{text}");
    }
    (loaded, !configs.problems.is_empty())
}

fn level_of(loaded: &Loaded, rule: &chotatsu_core::Rule, profile: Profile) -> Level {
    loaded.settings.level_override(&rule.id).unwrap_or_else(|| rule.level(profile))
}

/// `chotatsu rules`.
pub(crate) fn rules(args: &RulesArgs, out: &mut dyn Write) -> i32 {
    let (loaded, problems) = load_cwd(&args.config);
    let profile = loaded.settings.profile;
    let engine = chotatsu_core::suppress::ENGINE_RULES;
    let result = match args.format {
        ListFormat::Json => {
            let mut list: Vec<serde_json::Value> = loaded
                .rules
                .rules
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "area": r.area(),
                        "title": r.title,
                        "severity": level_of(&loaded, r, profile).name(),
                        "severity_by_profile": {
                            "low": r.level(Profile::Low).name(),
                            "standard": r.level(Profile::Standard).name(),
                            "high": r.level(Profile::High).name(),
                        },
                        "kinds": kinds(r).split(", ").collect::<Vec<_>>(),
                        "policy_point": r.is_policy_point(),
                        "references": r.references,
                        "file": r.file,
                    })
                })
                .collect();
            for (id, sev, title) in engine {
                list.push(json!({
                    "id": id,
                    "area": "chotatsu",
                    "title": title,
                    "severity": sev.name(),
                    "engine": true,
                }));
            }
            let doc = json!({"profile": profile.name(), "rules": list});
            serde_json::to_string_pretty(&doc).map_err(io::Error::other).and_then(|s| writeln!(out, "{s}"))
        }
        ListFormat::Human => {
            let width = loaded
                .rules
                .rules
                .iter()
                .map(|r| r.id.len())
                .chain(engine.iter().map(|(id, _, _)| id.len()))
                .max()
                .unwrap_or(2);
            let mut text = format!("{:width$}  {:8}  title\n", "id", "severity");
            for r in &loaded.rules.rules {
                let _ = writeln!(text, "{:width$}  {:8}  {}", r.id, level_of(&loaded, r, profile).name(), r.title);
            }
            for (id, sev, title) in engine {
                let _ = writeln!(text, "{id:width$}  {:8}  {title}", sev.name());
            }
            let _ = writeln!(
                text,
                "\n{} 件のルール（プロファイル: {}）。`chotatsu explain ID` で説明を表示します。",
                loaded.rules.rules.len() + engine.len(),
                profile.name()
            );
            out.write_all(text.as_bytes())
        }
    };
    if result.is_err() || problems { 2 } else { 0 }
}

/// `chotatsu explain ID`.
pub(crate) fn explain(args: &ExplainArgs, out: &mut dyn Write) -> i32 {
    let (loaded, problems) = load_cwd(&args.config);
    let profile = loaded.settings.profile;
    let text = if let Some(rule) = loaded.rules.get(&args.id) {
        let doc = explain_markdown(rule, true);
        let extra = format!(
            "- プロファイル {} での重大度: {}\n- 定義: {}\n",
            profile.name(),
            level_of(&loaded, rule, profile).name(),
            rule.file
        );
        // After the list of facts at the top (kind, severity, limits), before the rationale.
        match doc.find("\n\n").and_then(|title_end| doc[title_end + 2..].find("\n\n").map(|i| title_end + 2 + i + 1)) {
            Some(at) => format!("{}{extra}{}", &doc[..at], &doc[at..]),
            None => format!("{doc}{extra}"),
        }
    } else if let Some((id, sev, title)) =
        chotatsu_core::suppress::ENGINE_RULES.iter().find(|(id, _, _)| *id == args.id)
    {
        format!(
            "### `{id}`: {title}\n\n- 重大度: {}\n\nchotatsu のエンジンが検査します（ルールファイルはありません）。\
             抑止コメントは `<!-- chotatsu-disable-next-line ルールID -- 理由 -->`、\
             フロントマターの免除は `chotatsu: {{waivers: [{{rule: ルールID, reason: 理由}}]}}` の形で書きます。\n",
            sev.name()
        )
    } else {
        let mut ids: Vec<String> = loaded.rules.rules.iter().map(|r| r.id.clone()).collect();
        ids.extend(chotatsu_core::suppress::ENGINE_RULES.iter().map(|(id, _, _)| (*id).to_string()));
        let help = did_you_mean(&args.id, &ids).map_or_else(
            || "`chotatsu rules` でルール ID の一覧を見られます".to_string(),
            |c| format!("「{c}」の誤りではありませんか。`chotatsu rules` で一覧を見られます"),
        );
        report_error(&format!("「{}」というルールはありません", args.id), Some(&help), "chotatsu::usage::unknown_rule");
        return 2;
    };
    if out.write_all(text.as_bytes()).is_err() || problems { 2 } else { 0 }
}

/// The commented `chotatsu.yaml` that `init` writes. Every key is documented.
pub(crate) const INIT_TEMPLATE: &str = r#"# chotatsu の設定ファイル。
# chotatsu は、チェックするファイルのフォルダから上へたどって最初に見つかった chotatsu.yaml を使います
# （`chotatsu check --config ファイル` で指定することもできます）。
#
# 設定の優先順位（弱い順）: 組み込みの既定値 < この chotatsu.yaml < 文書のフロントマター
# （`chotatsu: {profile: high}`）< コマンドライン（`--profile`、`--select`、`--ignore`）。
# 例えば `--profile standard` は、フロントマターの `profile: high` より優先されます。

# profile: システムの社会的影響度。low / standard / high（既定: standard）。
# 稼働率・目標復旧時間・バックアップ世代数などのしきい値と、ルールの重大度がこれで変わります。
profile: standard

# builtin: 組み込みルールを使うか（既定: true）。false にすると packs のルールだけを使います。
builtin: true

# packs: 追加のルールパック。フォルダか .yaml ファイルを、この設定ファイルからの相対パスで書きます。
# フォルダの中の <分野>/<名前>.yaml は、ID が「分野/名前」でなければなりません。
packs: []
#  - rules-local/

# rules: ルールごとの設定。キーはルール ID（例: legal/contract-nonconformity）か分野（例: nfr）。
# 値は off / info / warning / error、またはしきい値ルールでは severity と limit（プロファイルごとの値）。
# より具体的なキーが優先されます。一覧は `chotatsu rules`、説明は `chotatsu explain ID`。
rules: {}
#  wording/vague-term: info
#  nfr: warning
#  nfr/availability:
#    severity: error
#    limit: {low: "99.5%", standard: "99.9%", high: "99.99%"}

# include: フォルダを指定したときにチェックするファイルの glob（この設定ファイルからの相対パス）。
# 空なら .md .markdown .txt .docx のすべて。`**` は任意の深さのフォルダに一致します。
include: []
#  - "specs/**/*.md"

# exclude: チェックしないファイルの glob。.gitignore に書いたファイルも除かれます。
# コマンドラインで直接指定したファイルは、ここに該当してもチェックします。
exclude: []
#  - "drafts/**"
"#;

/// `chotatsu init`.
pub(crate) fn init(args: &InitArgs, out: &mut dyn Write) -> i32 {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    let path = dir.join(CONFIG_FILE);
    let shown = display_path(&path);
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            report_error(
                &format!("{shown} は既にあります。上書きしません"),
                Some("作り直すときは、今のファイルを別名に移してから `chotatsu init` を実行してください"),
                "chotatsu::init::exists",
            );
            return 2;
        }
        Err(e) => {
            report_error(&format!("{shown} を作れません: {e}"), None, "chotatsu::init::unwritable");
            return 2;
        }
    };
    if let Err(e) = file.write_all(INIT_TEMPLATE.as_bytes()) {
        report_error(&format!("{shown} に書き込めません: {e}"), None, "chotatsu::init::unwritable");
        return 2;
    }
    let _ =
        writeln!(out, "{shown} を作成しました。`chotatsu check` は、このフォルダ以下のファイルにこの設定を使います。");
    0
}

/// `chotatsu extract FILE`.
pub(crate) fn extract(args: &ExtractArgs, out: &mut dyn Write) -> i32 {
    let (display, name, bytes) = if args.file.as_os_str() == "-" {
        let mut b = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut b) {
            report_error(&format!("標準入力を読めません: {e}"), None, "chotatsu::input::unreadable");
            return 2;
        }
        match &args.stdin_filename {
            Some(n) => (display_path(n), display_path(n), b),
            None => ("<stdin>".to_string(), "stdin.md".to_string(), b),
        }
    } else {
        let display = display_path(&args.file);
        if !crate::configs::has_supported_extension(&args.file) {
            report_error(
                &format!("{display}: 対応していない形式です（.md .markdown .txt .docx を指定してください）"),
                None,
                "chotatsu::input::unsupported",
            );
            return 2;
        }
        match std::fs::read(&args.file) {
            Ok(b) => (display.clone(), display, b),
            Err(e) => {
                report_error(&format!("{display}: 読めません: {e}"), None, "chotatsu::input::unreadable");
                return 2;
            }
        }
    };
    let input = match chotatsu_core::input::read(&name, &bytes) {
        Ok(i) => i,
        Err(e) => {
            report_error(&format!("{display}: 読めません: {e}"), None, "chotatsu::input::unreadable");
            return 2;
        }
    };
    let doc = &input.document;
    let docx = doc.format == chotatsu_core::Format::Docx;
    let mut t = String::new();
    let _ = writeln!(t, "ファイル: {}\n形式: {}", sanitize(&display), doc.format.name());
    match input.encoding {
        Some(e) => {
            let _ = writeln!(t, "文字コード: {}", e.label());
        }
        None => t.push_str("文字コード: （.docx の XML は UTF-8。ここに示すのは取り出したテキスト）\n"),
    }
    if input.lossy {
        t.push_str("注意: 一部のバイトを復号できず、U+FFFD（�）に置き換えました\n");
    }
    t.push_str("\n見出し構成:\n");
    if doc.sections.is_empty() {
        t.push_str("  （見出しが見つかりません）\n");
    }
    for s in &doc.sections {
        let start = doc.blocks.get(s.heading).map_or(s.span.start, |b| b.span.start);
        let (line, _) = doc.line_col(start);
        let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
        let para =
            doc.blocks.get(s.heading).and_then(|b| b.paragraph).map(|p| format!("（段落 {p}）")).unwrap_or_default();
        let _ = writeln!(t, "  {line:>5}  {indent}{} {}{para}", "#".repeat(usize::from(s.level)), sanitize(&s.title));
    }
    if docx {
        t.push_str("\n本文（.docx から取り出したテキスト。左から行番号、段落番号）:\n");
    } else {
        t.push_str("\n本文（行番号付き）:\n");
    }
    // Paragraph numbers by the line where each block starts.
    let mut para_at_line: Vec<Option<u32>> = vec![None; doc.lines.line_count()];
    for b in &doc.blocks {
        if let Some(p) = b.paragraph {
            let l = doc.lines.line_of(b.span.start);
            if let Some(slot) = para_at_line.get_mut(l)
                && slot.is_none()
            {
                *slot = Some(p);
            }
        }
    }
    let count = doc.lines.line_count();
    for (l, para) in para_at_line.iter().enumerate() {
        let range = doc.lines.line_span(&doc.source, l);
        let line = &doc.source[range];
        if l + 1 == count && line.is_empty() {
            break;
        }
        if docx {
            let p = para.map_or_else(String::new, |p| p.to_string());
            let _ = writeln!(t, "{:>5} {p:>5} | {}", l + 1, sanitize(line));
        } else {
            let _ = writeln!(t, "{:>5} | {}", l + 1, sanitize(line));
        }
    }
    let kinds: usize = doc.blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Heading(_))).count();
    let _ = writeln!(
        t,
        "\n{} 行、見出し {}、本文のブロック {}",
        count.saturating_sub(usize::from(doc.source.ends_with('\n'))),
        doc.sections.len(),
        kinds
    );
    if out.write_all(t.as_bytes()).is_err() {
        return 2;
    }
    0
}
