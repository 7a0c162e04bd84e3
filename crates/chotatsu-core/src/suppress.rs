//! Suppressions: HTML comments and front-matter waivers. Suppressed findings are kept, marked with
//! the reason, so that reports can list the waivers. A suppression without a reason, or one that
//! names no known rule, is itself a finding.

use crate::config::selector_matches;
use crate::diagnostic::{Diagnostic, Severity, Suppression};
use crate::document::Document;
use crate::rules::error::did_you_mean;
use crate::rules::{Profile, RuleSet};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Engine rule: a suppression or waiver without a reason.
pub const SUPPRESSION_REASON: &str = "chotatsu/suppression-reason";
/// Engine rule: a suppression or waiver that names no known rule.
pub const UNKNOWN_RULE: &str = "chotatsu/unknown-rule";
/// Engine rule: the front matter's `chotatsu:` settings cannot be read.
pub const FRONT_MATTER: &str = "chotatsu/front-matter";

/// The engine's own rules, with their titles, for listings.
pub const ENGINE_RULES: &[(&str, Severity, &str)] = &[
    (SUPPRESSION_REASON, Severity::Warning, "抑止コメント・免除に理由がない"),
    (UNKNOWN_RULE, Severity::Warning, "抑止コメント・免除のルール ID が存在しない"),
    (FRONT_MATTER, Severity::Error, "フロントマターの chotatsu 設定を読めない"),
];

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum DirectiveKind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Clone, Debug)]
struct Directive {
    kind: DirectiveKind,
    selectors: Vec<String>,
    reason: Option<String>,
    span: Span,
}

fn parse_directive(text: &str, span: Span) -> Option<Directive> {
    let (kind, rest) = if let Some(r) = text.strip_prefix("chotatsu-disable-next-line") {
        (DirectiveKind::NextLine, r)
    } else if let Some(r) = text.strip_prefix("chotatsu-disable") {
        (DirectiveKind::Disable, r)
    } else if let Some(r) = text.strip_prefix("chotatsu-enable") {
        (DirectiveKind::Enable, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let (rules, reason) = match rest.split_once("--") {
        Some((r, why)) => (r, Some(why.trim().to_string()).filter(|s| !s.is_empty())),
        None => (rest, None),
    };
    let selectors = rules
        .split([',', ' ', '、', '\t', '\u{3000}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive { kind, selectors, reason, span })
}

/// Settings a document carries in its front matter.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// `chotatsu.profile`.
    pub profile: Option<Profile>,
    /// `chotatsu.waivers`.
    pub waivers: Vec<Waiver>,
}

/// A front-matter waiver.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// Rule id or area.
    pub rule: String,
    /// Why.
    pub reason: Option<String>,
    /// Where the rule id is written.
    pub span: Span,
}

#[derive(Deserialize)]
struct RawFm {
    #[serde(default)]
    chotatsu: Option<RawFmChotatsu>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFmChotatsu {
    #[serde(default)]
    profile: Option<Spanned<String>>,
    #[serde(default)]
    waivers: Vec<RawWaiver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    #[serde(default)]
    reason: Option<String>,
}

fn engine_finding(rule: &str, severity: Severity, message: String, span: Span, help: Option<String>) -> Diagnostic {
    Diagnostic {
        rule: rule.to_string(),
        severity,
        message,
        span,
        labels: Vec::new(),
        help,
        fixes: Vec::new(),
        suppressed: None,
    }
}

/// Read the front matter's `chotatsu:` key. Problems come back as findings.
pub fn read_front_matter(doc: &Document, out: &mut Vec<Diagnostic>) -> FrontMatter {
    let Some(fm) = doc.front_matter else {
        return FrontMatter::default();
    };
    let text = &doc.source[fm.range()];
    let raw: RawFm = match crate::yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.location().and_then(|l| l.span().byte_offset()).map_or(fm.start, |b| fm.start + b as usize);
            // One character at the error (not one byte: that would split a multi-byte character).
            let at = doc.source.floor_char_boundary(at.min(fm.end));
            let end = doc.source[at..fm.end].chars().next().map_or(at, |c| at + c.len_utf8());
            let msg = e.to_string();
            out.push(engine_finding(
                FRONT_MATTER,
                Severity::Error,
                format!("フロントマターの chotatsu 設定を読めません: {}", msg.lines().next().unwrap_or("")),
                Span::new(at, end),
                Some("chotatsu: {profile: standard, waivers: [{rule: ID, reason: 理由}]} の形で書いてください".into()),
            ));
            return FrontMatter::default();
        }
    };
    let Some(c) = raw.chotatsu else {
        return FrontMatter::default();
    };
    let span_of = |v: &Spanned<String>| {
        let (s, l) = crate::rules::error::spanned_range(v);
        Span::new(fm.start + s, fm.start + s + l)
    };
    let mut result = FrontMatter::default();
    if let Some(p) = &c.profile {
        match Profile::parse(&p.value) {
            Some(profile) => result.profile = Some(profile),
            None => out.push(engine_finding(
                FRONT_MATTER,
                Severity::Error,
                format!("プロファイル「{}」はありません", p.value),
                span_of(p),
                Some("low, standard, high のいずれかを書いてください".into()),
            )),
        }
    }
    result.waivers = c
        .waivers
        .into_iter()
        .map(|w| Waiver {
            span: span_of(&w.rule),
            rule: w.rule.value,
            reason: w.reason.filter(|r| !r.trim().is_empty()),
        })
        .collect();
    result
}

/// Mark suppressed findings and add findings about the suppressions themselves.
pub(crate) fn apply(doc: &Document, rules: &RuleSet, fm: &FrontMatter, diags: &mut Vec<Diagnostic>) {
    let directives: Vec<Directive> = doc.comments.iter().filter_map(|c| parse_directive(&c.text, c.span)).collect();
    let mut extra = Vec::new();
    let known = |sel: &str| {
        rules.knows(sel) || crate::suppress::ENGINE_RULES.iter().any(|(id, _, _)| selector_matches(sel, id))
    };
    let ids: Vec<&str> = rules.ids().collect();
    let check_selectors = |sels: &[String], span: Span, extra: &mut Vec<Diagnostic>| {
        for s in sels {
            if !known(s) {
                let help = did_you_mean(s, &ids).map_or_else(
                    || "`chotatsu rules` でルール ID の一覧を見られます".to_string(),
                    |c| format!("「{c}」の誤りではありませんか"),
                );
                extra.push(engine_finding(
                    UNKNOWN_RULE,
                    Severity::Warning,
                    format!("「{s}」というルールはありません"),
                    span,
                    Some(help),
                ));
            }
        }
    };
    for d in &directives {
        check_selectors(&d.selectors, d.span, &mut extra);
        if d.kind != DirectiveKind::Enable && d.reason.is_none() {
            extra.push(engine_finding(
                SUPPRESSION_REASON,
                Severity::Warning,
                "抑止コメントに理由がありません".into(),
                d.span,
                Some(
                    "<!-- chotatsu-disable-next-line ルールID -- 理由 --> のように「--」の後に理由を書いてください"
                        .into(),
                ),
            ));
        }
    }
    for w in &fm.waivers {
        check_selectors(std::slice::from_ref(&w.rule), w.span, &mut extra);
        if w.reason.is_none() {
            extra.push(engine_finding(
                SUPPRESSION_REASON,
                Severity::Warning,
                format!("「{}」の免除に理由がありません", w.rule),
                w.span,
                Some("waivers: [{rule: ルールID, reason: 理由}] のように reason を書いてください".into()),
            ));
        }
    }
    // Regions: next-line targets and disable..enable ranges, in source bytes.
    let mut regions: Vec<(Span, &Directive)> = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        match d.kind {
            DirectiveKind::NextLine => {
                let mut line = doc.lines.line_of(d.span.end) + 1;
                while line < doc.lines.line_count()
                    && doc.source[doc.lines.line_span(&doc.source, line)].trim().is_empty()
                {
                    line += 1;
                }
                let r = doc.lines.line_span(&doc.source, line);
                regions.push((Span::new(r.start, r.end.max(r.start + 1)), d));
            }
            DirectiveKind::Disable => {
                let end = directives[i + 1..]
                    .iter()
                    .find(|e| {
                        e.kind == DirectiveKind::Enable
                            && (e.selectors.is_empty()
                                || e.selectors.iter().any(|s| d.selectors.is_empty() || d.selectors.contains(s)))
                    })
                    .map_or(doc.source.len(), |e| e.span.start);
                regions.push((Span::new(d.span.end, end), d));
            }
            DirectiveKind::Enable => {}
        }
    }
    let covers = |sels: &[String], id: &str| sels.is_empty() || sels.iter().any(|s| selector_matches(s, id));
    for diag in diags.iter_mut() {
        if let Some((_, d)) = regions
            .iter()
            .find(|(r, d)| r.start <= diag.span.start && diag.span.start < r.end && covers(&d.selectors, &diag.rule))
        {
            diag.suppressed = Some(Suppression { reason: d.reason.clone(), comment: Some(d.span) });
        } else if let Some(w) = fm.waivers.iter().find(|w| selector_matches(&w.rule, &diag.rule)) {
            diag.suppressed = Some(Suppression { reason: w.reason.clone(), comment: None });
        }
    }
    diags.extend(extra);
}
