//! The HTML report for a PMO: one self-contained file (inline CSS and SVG, no script, no network).
//!
//! Layout: a summary table of every spec (findings by severity, waivers, review-sheet counts), two
//! bar charts (findings per rule, findings per spec), then per spec a review sheet listing every
//! policy point as 充足 (with the evidence's line:column and an excerpt), 未充足, 免除 (with the
//! reasons) or 対象外, followed by the findings with source excerpts and the waived findings.
//! Everything taken from documents, rules or paths is escaped.

use super::{FileView, Pos, Stats, Summary, paragraph_of};
use chotatsu_core::{Diagnostic, Document, PolicyStatus, Severity, Span};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escape text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Break lines after block-level closing tags, so that the file reads well in a diff. Safe on
/// generated markup only: document text is escaped, so it holds no `</tr>` of its own.
fn lines(html: &str) -> String {
    let mut out = html.to_string();
    for tag in ["</tr>", "</li>", "</h2>", "</h3>", "</table>", "</figure>", "</ol>", "</header>", "</thead>"] {
        out = out.replace(tag, &format!("{tag}\n"));
    }
    out
}

/// Review-sheet counts of one spec.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PolicyCounts {
    pub(crate) satisfied: usize,
    pub(crate) violated: usize,
    pub(crate) waived: usize,
    pub(crate) not_applicable: usize,
}

/// One spec's part of the report.
#[derive(Debug)]
pub(crate) struct FilePart {
    pub(crate) display: String,
    pub(crate) profile: Option<&'static str>,
    pub(crate) stats: Stats,
    pub(crate) policy: PolicyCounts,
    pub(crate) error: Option<String>,
    /// The spec's section body (without the enclosing `<section>`).
    pub(crate) body: String,
}

const MAX_EXCERPT_CHARS: usize = 160;

/// The source line around a span, escaped, with the span in `<mark>`.
fn excerpt(doc: &Document, span: Span) -> String {
    let line = doc.lines.line_of(span.start);
    let range = doc.lines.line_span(&doc.source, line);
    let start = span.start.clamp(range.start, range.end);
    let end = span.end.clamp(start, range.end);
    let before = doc.source.get(range.start..start).unwrap_or("");
    let hit = doc.source.get(start..end).unwrap_or("");
    let after = doc.source.get(end..range.end).unwrap_or("");
    // Keep long lines short: some context on each side of the hit.
    let before: String = {
        let n = before.chars().count();
        if n > MAX_EXCERPT_CHARS / 2 {
            let skip = n - MAX_EXCERPT_CHARS / 2;
            format!("…{}", before.chars().skip(skip).collect::<String>())
        } else {
            before.to_string()
        }
    };
    let after: String = {
        let n = after.chars().count();
        if n > MAX_EXCERPT_CHARS / 2 {
            format!("{}…", after.chars().take(MAX_EXCERPT_CHARS / 2).collect::<String>())
        } else {
            after.to_string()
        }
    };
    let mark =
        if hit.is_empty() { "<mark class=\"empty\"></mark>".to_string() } else { format!("<mark>{}</mark>", esc(hit)) };
    format!("<span class=\"ln\">{}</span>{}{mark}{}", line + 1, esc(&before), esc(&after))
}

fn severity_class(s: Severity) -> &'static str {
    s.name()
}

fn severity_ja(s: Severity) -> &'static str {
    match s {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
        Severity::Info => "情報",
    }
}

fn rule_title<'a>(v: &'a FileView<'_>, id: &str) -> &'a str {
    if let Some(r) = v.rules.get(id) {
        return &r.title;
    }
    chotatsu_core::suppress::ENGINE_RULES.iter().find(|(e, _, _)| *e == id).map_or("", |(_, _, t)| t)
}

fn location(v: &FileView<'_>, span: Span) -> String {
    let p = Pos::of(v.doc, span);
    match paragraph_of(v.doc, span.start) {
        Some(n) => format!("{}:{}（段落 {n}）", p.line, p.column),
        None => format!("{}:{}", p.line, p.column),
    }
}

fn finding(out: &mut String, v: &FileView<'_>, d: &Diagnostic) {
    let sev = severity_class(d.severity);
    let _ = write!(
        out,
        "<li class=\"finding {sev}\"><div class=\"fhead\"><span class=\"badge {sev}\">{}</span> \
         <code class=\"rule\">{}</code> <span class=\"rtitle\">{}</span> \
         <span class=\"loc\">{}</span></div>",
        severity_ja(d.severity),
        esc(&d.rule),
        esc(rule_title(v, &d.rule)),
        esc(&location(v, d.span)),
    );
    let _ = write!(out, "<p class=\"msg\">{}</p>", esc(&d.message));
    let _ = write!(out, "<pre class=\"excerpt\">{}</pre>", excerpt(v.doc, d.span));
    if let Some(h) = &d.help {
        let _ = write!(out, "<p class=\"help\">{}</p>", esc(h));
    }
    if let Some(s) = &d.suppressed {
        let reason = s.reason.as_deref().unwrap_or("（理由の記載なし）");
        let _ = write!(out, "<p class=\"reason\">免除の理由: {}</p>", esc(reason));
    }
    out.push_str("</li>");
}

/// One spec's part.
pub(crate) fn file(v: &FileView<'_>, stats: &Stats) -> FilePart {
    let mut body = String::new();
    let mut counts = PolicyCounts::default();
    let _ = write!(
        body,
        "<h2><span class=\"path\">{}</span></h2><p class=\"meta\">プロファイル: {} ・ 形式: {}{}</p>",
        esc(v.display),
        v.result.profile.name(),
        v.doc.format.name(),
        v.encoding.map(|e| format!(" ・ 文字コード: {}", esc(e.label()))).unwrap_or_default(),
    );
    // Review sheet.
    body.push_str("<h3>審査シート（方針項目）</h3>");
    if v.result.policy.is_empty() {
        body.push_str("<p class=\"none\">この仕様書に適用された方針項目はありません。</p>");
    } else {
        body.push_str(
            "<table class=\"sheet\"><thead><tr><th>方針項目</th><th>判定</th><th>根拠・理由</th></tr></thead><tbody>",
        );
        for p in &v.result.policy {
            let (class, label, detail) = match &p.status {
                PolicyStatus::Satisfied { evidence } => {
                    counts.satisfied += 1;
                    (
                        "ok",
                        "充足",
                        format!(
                            "<span class=\"loc\">{}</span><pre class=\"excerpt\">{}</pre>",
                            esc(&location(v, *evidence)),
                            excerpt(v.doc, *evidence)
                        ),
                    )
                }
                PolicyStatus::Violated => {
                    counts.violated += 1;
                    let first = v.result.diagnostics.iter().find(|d| d.rule == p.rule && d.suppressed.is_none());
                    (
                        "ng",
                        "未充足",
                        first.map_or_else(String::new, |d| {
                            format!("<span class=\"loc\">{}</span> {}", esc(&location(v, d.span)), esc(&d.message))
                        }),
                    )
                }
                PolicyStatus::Waived { reasons } => {
                    counts.waived += 1;
                    let list: Vec<String> = reasons
                        .iter()
                        .map(|r| {
                            if r.trim().is_empty() {
                                "<li>（理由の記載なし）</li>".to_string()
                            } else {
                                format!("<li>{}</li>", esc(r))
                            }
                        })
                        .collect();
                    ("waived", "免除", format!("<ul class=\"reasons\">{}</ul>", list.concat()))
                }
                PolicyStatus::NotApplicable => {
                    counts.not_applicable += 1;
                    ("na", "対象外", "<span class=\"muted\">この仕様書には該当する記述がありません</span>".to_string())
                }
            };
            let _ = write!(
                body,
                "<tr class=\"{class}\"><td><code class=\"rule\">{}</code><br>{}</td>\
                 <td><span class=\"status {class}\">{label}</span></td><td>{detail}</td></tr>",
                esc(&p.rule),
                esc(rule_title(v, &p.rule)),
            );
        }
        body.push_str("</tbody></table>");
    }
    // Findings.
    let shown: Vec<&Diagnostic> = v.result.diagnostics.iter().filter(|d| d.suppressed.is_none()).collect();
    let _ = write!(body, "<h3>指摘（{} 件）</h3>", shown.len());
    if shown.is_empty() {
        body.push_str("<p class=\"none\">指摘はありません。</p>");
    } else {
        body.push_str("<ol class=\"findings\">");
        for d in shown {
            finding(&mut body, v, d);
        }
        body.push_str("</ol>");
    }
    let waived: Vec<&Diagnostic> = v.result.diagnostics.iter().filter(|d| d.suppressed.is_some()).collect();
    if !waived.is_empty() {
        let _ = write!(body, "<h3>免除・抑止された指摘（{} 件）</h3>", waived.len());
        body.push_str("<ol class=\"findings waived\">");
        for d in waived {
            finding(&mut body, v, d);
        }
        body.push_str("</ol>");
    }
    FilePart {
        display: v.display.to_string(),
        profile: Some(v.result.profile.name()),
        stats: stats.clone(),
        policy: counts,
        error: None,
        body: lines(&body),
    }
}

/// The part of a file that could not be read.
pub(crate) fn error_part(display: &str, message: &str) -> FilePart {
    FilePart {
        display: display.to_string(),
        profile: None,
        stats: Stats::default(),
        policy: PolicyCounts::default(),
        error: Some(message.to_string()),
        body: format!(
            "<h2><span class=\"path\">{}</span></h2><p class=\"error-box\">{}</p>",
            esc(display),
            esc(message)
        ),
    }
}

const CSS: &str = r#"
:root{--err:#b3261e;--warn:#8a5300;--info:#1f5fa8;--ok:#1b6e3a;--waived:#6b4fa0;--na:#6b6b6b;--line:#d9d9de;--bg2:#f6f6f8}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic UI","Meiryo",sans-serif;color:#1c1c1e;margin:0;padding:24px 32px;line-height:1.6;font-size:14px;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:0 0 4px;border-bottom:2px solid #333;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
header .meta,.meta{color:#555;margin:0 0 8px}
code,pre,.mono{font-family:"Noto Sans Mono CJK JP","Noto Sans Mono","DejaVu Sans Mono",monospace}
section{margin:0 0 32px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg2);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.num.zero{color:#aaa}
.totals{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 16px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px;background:var(--bg2)}
.card .n{font-size:22px;font-weight:700;display:block;font-variant-numeric:tabular-nums}
.card.error .n{color:var(--err)}.card.warning .n{color:var(--warn)}.card.info .n{color:var(--info)}.card.waived .n{color:var(--waived)}
.badge,.status{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:700;color:#fff;white-space:nowrap}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.status.ok{background:var(--ok)}.status.ng{background:var(--err)}.status.waived{background:var(--waived)}.status.na{background:var(--na)}
.sheet td:first-child{width:34%}.sheet td:nth-child(2){width:72px;text-align:center}
.sheet tr.na td{color:#666}
code.rule{font-size:12px;background:var(--bg2);padding:0 4px;border-radius:3px}
.loc{color:#555;font-size:12px;font-family:"Noto Sans Mono CJK JP",monospace}
.muted{color:#777}
ol.findings{list-style:none;padding:0;margin:0}
li.finding{border:1px solid var(--line);border-left:5px solid #999;border-radius:4px;padding:8px 12px;margin:0 0 10px;break-inside:avoid}
li.finding.error{border-left-color:var(--err)}li.finding.warning{border-left-color:var(--warn)}li.finding.info{border-left-color:var(--info)}
ol.waived li.finding{border-left-color:var(--waived);background:#faf8fd}
.fhead{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.rtitle{font-weight:600}
.msg{margin:4px 0}
.help{margin:4px 0;color:#444;font-size:13px}
.help::before{content:"対応例: ";font-weight:600}
.reason{margin:4px 0;color:var(--waived);font-weight:600}
pre.excerpt{background:var(--bg2);border:1px solid var(--line);border-radius:3px;padding:6px 8px;margin:4px 0;white-space:pre-wrap;word-break:break-all;font-size:13px}
pre.excerpt .ln{color:#888;display:inline-block;min-width:3em;margin-right:8px;text-align:right;user-select:none}
mark{background:#ffe08a;padding:0 1px;border-bottom:2px solid #d19a00}
mark.empty{padding:0 2px;background:#ffb3ad}
.error-cell{color:var(--err)}
.error-box{border:1px solid var(--err);background:#fdecea;padding:8px 12px;border-radius:4px}
.none{color:#555}
figure{margin:0 0 20px}
figcaption{font-weight:600;margin:0 0 6px}
figure svg{max-width:100%;height:auto}
svg text{font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;font-size:12px;fill:#1c1c1e}
svg .bar-error{fill:var(--err)}svg .bar-warning{fill:var(--warn)}svg .bar-info{fill:var(--info)}svg .bar{fill:#4a5d8f}
svg .axis{stroke:#999;stroke-width:1}
svg text.val{fill:#333}
.legend{display:flex;gap:14px;font-size:12px;margin:4px 0 0}
.legend span::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
.legend .l-error::before{background:var(--err)}.legend .l-warning::before{background:var(--warn)}.legend .l-info::before{background:var(--info)}
nav.toc{margin:0 0 32px}nav.toc ol{margin:4px 0;padding-left:20px}
a{color:#1f4fa8}
footer{color:#777;font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{
  body{padding:0;font-size:11pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  section.spec{break-before:page}
  nav.toc{display:none}
  a{color:inherit;text-decoration:none}
  tr,li.finding,figure{break-inside:avoid}
}
@page{size:A4;margin:15mm}
"#;

const LEGEND: &str = "<div class=\"legend\"><span class=\"l-error\">エラー</span>\
     <span class=\"l-warning\">警告</span><span class=\"l-info\">情報</span></div>";

/// At most this many specs in the per-spec chart (the table lists them all).
const MAX_CHART_SPECS: usize = 40;

/// Byte length of the folder prefix (ending in `/`) that all paths share.
fn common_folder<'a>(mut paths: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = paths.next() else { return 0 };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for p in paths {
        while len > 0 && !(p.len() >= len && p.as_bytes()[..len] == first.as_bytes()[..len]) {
            len = first[..len - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    len
}

/// Shorten a label to `max` characters by dropping its start (paths end with the file name).
fn short(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max { s.to_string() } else { format!("…{}", s.chars().skip(n - (max - 1)).collect::<String>()) }
}

/// A horizontal stacked bar chart, one row per `(label, [errors, warnings, infos])`.
fn bar_chart(title: &str, rows: &[(String, [usize; 3])]) -> String {
    const ROW: usize = 24;
    const LABEL_W: usize = 300;
    const BAR_W: usize = 560;
    const TOP: usize = 6;
    let max = rows.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(0).max(1);
    let height = TOP + rows.len() * ROW + 8;
    let width = LABEL_W + BAR_W + 60;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\"><title>{}</title>",
        esc(title)
    );
    let _ = write!(svg, "<line class=\"axis\" x1=\"{LABEL_W}\" y1=\"0\" x2=\"{LABEL_W}\" y2=\"{}\"/>", height - 4);
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = TOP + i * ROW;
        let total: usize = counts.iter().sum();
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            LABEL_W - 8,
            y + 16,
            esc(label),
            esc(&short(label, 38))
        );
        let mut x = LABEL_W;
        let parts = [(counts[0], "bar-error"), (counts[1], "bar-warning"), (counts[2], "bar-info")];
        for (n, class) in parts {
            if n == 0 {
                continue;
            }
            let w = (n * BAR_W).div_ceil(max).max(2);
            let _ = write!(svg, "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"16\"/>", y + 4);
            x += w;
        }
        let _ = write!(svg, "<text class=\"val\" x=\"{}\" y=\"{}\">{total}</text>", x + 6, y + 16);
    }
    svg.push_str("</svg>");
    svg
}

fn num(n: usize) -> String {
    if n == 0 { "<td class=\"num zero\">0</td>".into() } else { format!("<td class=\"num\">{n}</td>") }
}

/// The whole document.
pub(crate) fn write_report(out: &mut dyn Write, title: &str, parts: &[FilePart], summary: &Summary) -> io::Result<()> {
    let st = &summary.stats;
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"chotatsu {}\">\n<title>調達仕様書 審査レポート</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = write!(
        h,
        "<header><h1>調達仕様書 審査レポート</h1><p class=\"meta\">対象: <span class=\"mono\">{}</span> ・ {} ファイル ・ chotatsu {}</p></header>",
        esc(title),
        summary.files + summary.failed,
        env!("CARGO_PKG_VERSION")
    );
    // Totals.
    h.push_str("<section id=\"summary\"><h2>概要</h2><div class=\"totals\">");
    for (class, label, n) in [
        ("error", "エラー", st.errors),
        ("warning", "警告", st.warnings),
        ("info", "情報", st.infos),
        ("waived", "免除・抑止", st.suppressed),
    ] {
        let _ = write!(h, "<div class=\"card {class}\"><span class=\"n\">{n}</span>{label}</div>");
    }
    let _ = write!(h, "<div class=\"card\"><span class=\"n\">{}</span>ファイル</div></div>", summary.files);
    // Summary table.
    h.push_str(
        "<table class=\"summary\"><thead><tr><th>仕様書</th><th>プロファイル</th>\
         <th class=\"num\">エラー</th><th class=\"num\">警告</th><th class=\"num\">情報</th>\
         <th class=\"num\">免除・抑止</th><th class=\"num\">充足</th><th class=\"num\">未充足</th>\
         <th class=\"num\">免除</th><th class=\"num\">対象外</th></tr></thead><tbody>",
    );
    for (i, p) in parts.iter().enumerate() {
        let _ = write!(h, "<tr><td><a href=\"#spec-{}\">{}</a></td>", i + 1, esc(&p.display));
        if let Some(e) = &p.error {
            let _ = write!(h, "<td colspan=\"9\" class=\"error-cell\">{}</td></tr>", esc(e));
            continue;
        }
        let _ = write!(
            h,
            "<td>{}</td>{}{}{}{}{}{}{}{}</tr>",
            p.profile.unwrap_or(""),
            num(p.stats.errors),
            num(p.stats.warnings),
            num(p.stats.infos),
            num(p.stats.suppressed),
            num(p.policy.satisfied),
            num(p.policy.violated),
            num(p.policy.waived),
            num(p.policy.not_applicable),
        );
    }
    let _ = write!(
        h,
        "</tbody><tfoot><tr><th>合計</th><th></th>{}{}{}{}<th colspan=\"4\"></th></tr></tfoot></table></section>",
        num(st.errors),
        num(st.warnings),
        num(st.infos),
        num(st.suppressed)
    );
    // Charts.
    h.push_str("<section id=\"charts\"><h2>指摘の分布</h2>");
    let mut per_rule: Vec<(String, [usize; 3])> = st.per_rule.iter().map(|(id, n)| (id.clone(), *n)).collect();
    let total = |c: &[usize; 3]| c.iter().sum::<usize>();
    per_rule.sort_by(|a, b| total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(&b.0)));
    if per_rule.is_empty() {
        h.push_str("<p class=\"none\">指摘はありません。</p>");
    } else {
        let _ = write!(
            h,
            "<figure><figcaption>ルール別の指摘数</figcaption>{}{LEGEND}</figure>",
            bar_chart("ルール別の指摘数", &per_rule)
        );
        let read: Vec<&FilePart> = parts.iter().filter(|p| p.error.is_none()).collect();
        // Labels without the folder all specs share.
        let prefix = common_folder(read.iter().map(|p| p.display.as_str()));
        let mut per_spec: Vec<(String, [usize; 3])> = read
            .iter()
            .map(|p| (p.display[prefix..].to_string(), [p.stats.errors, p.stats.warnings, p.stats.infos]))
            .collect();
        let caption = if per_spec.len() > MAX_CHART_SPECS {
            per_spec.sort_by(|a, b| total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(&b.0)));
            per_spec.truncate(MAX_CHART_SPECS);
            format!("仕様書別の指摘数（指摘の多い {MAX_CHART_SPECS} 件）")
        } else {
            "仕様書別の指摘数".to_string()
        };
        let _ =
            write!(h, "<figure><figcaption>{caption}</figcaption>{}{LEGEND}</figure>", bar_chart(&caption, &per_spec));
    }
    h.push_str("</section>\n");
    // Table of contents.
    h.push_str("<nav class=\"toc\"><h2>仕様書ごとの審査シート</h2><ol>");
    for (i, p) in parts.iter().enumerate() {
        let _ = write!(h, "<li><a href=\"#spec-{}\">{}</a></li>", i + 1, esc(&p.display));
    }
    h.push_str("</ol></nav>\n");
    out.write_all(lines(&h).as_bytes())?;
    for (i, p) in parts.iter().enumerate() {
        write!(out, "<section class=\"spec\" id=\"spec-{}\">", i + 1)?;
        out.write_all(p.body.as_bytes())?;
        out.write_all(b"</section>\n")?;
    }
    write!(
        out,
        "<footer>chotatsu {} が生成しました。判定は仕様書の記述に対する機械的な検査の結果であり、\
         最終的な判断は担当者が行ってください。</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn common_folder_ends_at_a_slash() {
        assert_eq!(common_folder(["specs/a.md", "specs/b/c.md"].into_iter()), "specs/".len());
        assert_eq!(common_folder(["specs/a.md", "spec2/b.md"].into_iter()), 0);
        assert_eq!(common_folder(["x/仕様/a.md", "x/仕様/b.md"].into_iter()), "x/仕様/".len());
        assert_eq!(common_folder(["a.md"].into_iter()), 0);
        assert_eq!(common_folder(std::iter::empty()), 0);
    }

    #[test]
    fn short_labels_keep_their_end() {
        assert_eq!(short("specs/flawed.md", 10), "…flawed.md");
        assert_eq!(short("abc", 4), "abc");
    }
}
