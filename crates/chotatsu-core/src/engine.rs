//! The engine: one scan of the normalized text for every pattern of the rule set, then each check
//! reads the hits it needs. Sync and pure: `&Document` + `&RuleSet` + `&Settings` → findings.

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
use crate::document::{BlockKind, Document};
use crate::matcher::{Hit, Hits, PatId};
use crate::normalize::normalize;
use crate::quantity;
use crate::rules::schema::Level;
use crate::rules::{Check, CheckKind, Compare, Profile, Rule, RuleSet, Scope};
use crate::span::Span;
use crate::suppress;
use std::ops::Range;

/// How a policy point (a require, justify or threshold rule) stands in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyStatus {
    /// Met; where the evidence is.
    Satisfied {
        /// The first place that satisfies it.
        evidence: Span,
    },
    /// At least one unsuppressed finding.
    Violated,
    /// Every finding is suppressed; the reasons given.
    Waived {
        /// Reasons (empty strings where none was given).
        reasons: Vec<String>,
    },
    /// Nothing in the document to check (no trigger, no value).
    NotApplicable,
}

/// One line of a review sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyPoint {
    /// Rule id.
    pub rule: String,
    /// Status.
    pub status: PolicyStatus,
}

/// Everything a lint run produces for one document.
#[derive(Clone, Debug)]
pub struct LintResult {
    /// Findings sorted by position then rule, suppressed ones included (marked).
    pub diagnostics: Vec<Diagnostic>,
    /// Review sheet: every policy-point rule that ran.
    pub policy: Vec<PolicyPoint>,
    /// The profile used.
    pub profile: Profile,
}

/// Lint a document.
pub fn lint(doc: &Document, rules: &RuleSet, settings: &Settings) -> LintResult {
    let mut diagnostics = Vec::new();
    let fm = suppress::read_front_matter(doc, &mut diagnostics);
    let profile = match (settings.profile_forced, fm.profile) {
        (false, Some(p)) => p,
        _ => settings.profile,
    };
    let hits = rules.matcher.scan(doc.norm.as_str());
    let mut evidence: Vec<(usize, Span)> = Vec::new();
    let mut ran: Vec<usize> = Vec::new();
    for (ri, rule) in rules.rules.iter().enumerate() {
        if !settings.selected(&rule.id) {
            continue;
        }
        let mut any = false;
        for check in &rule.checks {
            let level = settings.level_override(&rule.id).unwrap_or_else(|| check.level(profile));
            let severity = match level {
                Level::Off => continue,
                Level::Info => Severity::Info,
                Level::Warning => Severity::Warning,
                Level::Error => Severity::Error,
            };
            any = true;
            let mut cx = Cx {
                doc,
                rules,
                hits: &hits,
                rule,
                check,
                severity,
                profile,
                settings,
                out: &mut diagnostics,
                evidence: None,
            };
            cx.run();
            if let Some(e) = cx.evidence {
                evidence.push((ri, e));
            }
        }
        if any {
            ran.push(ri);
        }
    }
    suppress::apply(doc, rules, &fm, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(b.span.start, b.span.end, &b.rule, &b.message))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    let policy = ran
        .into_iter()
        .filter(|&ri| rules.rules[ri].is_policy_point())
        .map(|ri| {
            let id = &rules.rules[ri].id;
            let mine: Vec<&Diagnostic> = diagnostics.iter().filter(|d| &d.rule == id).collect();
            let status = if mine.iter().any(|d| d.suppressed.is_none()) {
                PolicyStatus::Violated
            } else if !mine.is_empty() {
                PolicyStatus::Waived {
                    reasons: mine
                        .iter()
                        .filter_map(|d| d.suppressed.as_ref())
                        .map(|s| s.reason.clone().unwrap_or_default())
                        .collect(),
                }
            } else if let Some((_, e)) = evidence.iter().find(|(r, _)| *r == ri) {
                PolicyStatus::Satisfied { evidence: *e }
            } else {
                PolicyStatus::NotApplicable
            };
            PolicyPoint { rule: id.clone(), status }
        })
        .collect();
    LintResult { diagnostics, policy, profile }
}

struct Cx<'a> {
    doc: &'a Document,
    rules: &'a RuleSet,
    hits: &'a Hits<'a>,
    rule: &'a Rule,
    check: &'a Check,
    severity: Severity,
    profile: Profile,
    settings: &'a Settings,
    out: &'a mut Vec<Diagnostic>,
    evidence: Option<Span>,
}

impl Cx<'_> {
    fn run(&mut self) {
        match &self.check.kind {
            CheckKind::Forbid { pat } => self.forbid(*pat),
            CheckKind::Require { pat, in_sections, template, insert_into } => {
                self.require(*pat, *in_sections, template.as_deref(), *insert_into);
            }
            CheckKind::Justify { pat, justification } => self.justify(*pat, *justification),
            CheckKind::Threshold { pat, compare, limits, unit } => {
                self.threshold(*pat, *compare, limits, unit.as_deref());
            }
            CheckKind::Substitute { pat, replacements } => self.substitute(*pat, replacements),
            CheckKind::Sections { specs, applies_to } => self.sections(specs, *applies_to),
        }
    }

    fn all(&self) -> Range<usize> {
        0..self.doc.norm.len()
    }

    /// The normalized range of the unit of `scope` around normalized offset `n`.
    fn unit(&self, scope: Scope, n: usize) -> Range<usize> {
        let doc = self.doc;
        match scope {
            Scope::Document => self.all(),
            Scope::Sentence => doc.sentence_at(n).map_or_else(|| self.all(), |i| doc.sentences[i].norm.clone()),
            Scope::Paragraph => doc.block_at(n).map_or_else(|| self.all(), |i| doc.paragraph_range(i)),
            Scope::Section => doc
                .block_at(n)
                .and_then(|b| doc.blocks[b].section)
                .map_or_else(|| self.all(), |s| doc.sections[s].norm.clone()),
        }
    }

    fn has_in(&self, pat: PatId, range: &Range<usize>) -> bool {
        self.hits.first_in(pat, range).is_some()
    }

    /// Trigger hits that count: not quoted (unless the check includes quotes), `when` present and
    /// `unless` absent in their units.
    fn triggers(&self, pat: PatId) -> impl Iterator<Item = &Hit> + '_ {
        self.hits.of(pat).iter().filter(move |h| {
            if self.check.skip_quoted && self.doc.is_quoted(&h.range()) {
                return false;
            }
            if let Some((w, scope)) = self.check.when
                && !self.has_in(w, &self.unit(scope, h.start))
            {
                return false;
            }
            if let Some((u, scope)) = self.check.unless
                && self.has_in(u, &self.unit(scope, h.start))
            {
                return false;
            }
            true
        })
    }

    fn source_text(&self, span: Span) -> String {
        let raw = self.doc.source.get(span.range()).unwrap_or("");
        raw.lines().map(str::trim).collect()
    }

    fn captures(&self, pat: PatId, hit: &Hit) -> Vec<(String, Span)> {
        self.rules
            .matcher
            .captures(pat, self.doc.norm.as_str(), hit.start)
            .into_iter()
            .map(|(name, range)| (name, self.doc.norm.to_source(range)))
            .collect()
    }

    fn emit(&mut self, span: Span, vars: &[(&str, String)], labels: Vec<Label>, fixes: Vec<Fix>) {
        // The matched text only when a template asks for it.
        let matched = std::cell::OnceCell::new();
        let profile = self.profile.name();
        let lookup = |name: &str| -> Option<&str> {
            vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str()).or_else(|| match name {
                "match" => Some(matched.get_or_init(|| self.source_text(span)).as_str()),
                "profile" => Some(profile),
                _ => None,
            })
        };
        let message = self.check.message.render(lookup);
        let help = self.check.help.as_ref().map(|h| h.render(lookup));
        self.out.push(Diagnostic {
            rule: self.rule.id.clone(),
            severity: self.severity,
            message,
            span,
            labels,
            help,
            fixes,
            suppressed: None,
        });
    }

    fn capture_vars(&self, pat: PatId, hit: &Hit) -> Vec<(String, String)> {
        self.captures(pat, hit).into_iter().map(|(k, s)| (k, self.source_text(s))).collect()
    }

    fn forbid(&mut self, pat: PatId) {
        let found: Vec<Hit> = self.triggers(pat).copied().collect();
        for h in found {
            let vars = self.capture_vars(pat, &h);
            let vars: Vec<(&str, String)> = vars.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            self.emit(self.doc.norm.to_source(h.range()), &vars, Vec::new(), Vec::new());
        }
    }

    fn title_span(&self) -> Span {
        self.doc.title().or_else(|| self.doc.blocks.first()).map_or(Span::empty(0), |b| b.span)
    }

    fn require(&mut self, pat: PatId, in_sections: Option<PatId>, template: Option<&str>, insert_into: Option<PatId>) {
        let doc = self.doc;
        if let Some(heads) = in_sections {
            for (si, section) in doc.sections.iter().enumerate() {
                let head = &doc.blocks[section.heading];
                if !self.has_in(heads, &head.norm) {
                    continue;
                }
                if let Some(h) = self.hits.first_in(pat, &section.norm) {
                    self.evidence.get_or_insert(doc.norm.to_source(h.range()));
                    continue;
                }
                let fixes = template.map(|t| vec![self.insert_fix(t, Some(si))]).unwrap_or_default();
                self.emit(head.span, &[("trigger", String::new())], Vec::new(), fixes);
            }
            return;
        }
        let mut trigger = None;
        if let Some((w, _)) = self.check.when {
            // A cited title (「クラウドサービスの利用に係る基本方針」) is not a trigger.
            let Some(first) = self.hits.starting_in(w, self.all()).find(|h| !doc.is_quoted(&h.range())) else {
                return;
            };
            trigger = Some(*first);
        }
        if let Some(h) = self.hits.first_in(pat, &self.all()) {
            self.evidence = Some(doc.norm.to_source(h.range()));
            return;
        }
        let (span, trigger_text) = match trigger {
            Some(t) => {
                let s = doc.norm.to_source(t.range());
                (s, self.source_text(s))
            }
            None => (self.title_span(), String::new()),
        };
        let section = insert_into.and_then(|p| {
            self.hits.starting_in(p, self.all()).find_map(|h| {
                let b = doc.block_at(h.start)?;
                matches!(doc.blocks[b].kind, BlockKind::Heading(_)).then_some(doc.blocks[b].section).flatten()
            })
        });
        let fixes = template.map(|t| vec![self.insert_fix(t, section)]).unwrap_or_default();
        self.emit(span, &[("trigger", trigger_text)], Vec::new(), fixes);
    }

    /// A suggested fix that inserts a model clause at the end of a section, or of the document.
    fn insert_fix(&self, template: &str, section: Option<usize>) -> Fix {
        let doc = self.doc;
        let end = section.map_or(doc.source.len(), |s| doc.sections[s].span.end);
        let pos = doc.source[..end].trim_end().len();
        let where_ =
            section.map_or_else(|| "文書の末尾".to_string(), |s| format!("「{}」の末尾", doc.sections[s].title));
        Fix {
            title: format!("模範条項を{where_}に挿入"),
            applicability: Applicability::Suggested,
            edits: vec![Edit { span: Span::empty(pos), replacement: format!("\n\n{}", template.trim()) }],
        }
    }

    fn justify(&mut self, pat: PatId, justification: PatId) {
        let found: Vec<Hit> = self.triggers(pat).copied().collect();
        for h in found {
            let unit = self.unit(self.check.scope, h.start);
            if let Some(j) = self.hits.first_in(justification, &unit) {
                self.evidence.get_or_insert(self.doc.norm.to_source(j.range()));
                continue;
            }
            let vars = self.capture_vars(pat, &h);
            let vars: Vec<(&str, String)> = vars.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let mut labels = Vec::new();
            if self.check.scope == Scope::Section
                && let Some(s) = self.doc.block_at(h.start).and_then(|b| self.doc.blocks[b].section)
            {
                let head = self.doc.blocks[self.doc.sections[s].heading].span;
                labels.push(Label { span: head, message: "この節の中に理由が見つかりません".into() });
            }
            self.emit(self.doc.norm.to_source(h.range()), &vars, labels, Vec::new());
        }
    }

    fn threshold(
        &mut self,
        pat: PatId,
        compare: Compare,
        limits: &[Option<crate::rules::Limit>; 3],
        unit: Option<&str>,
    ) {
        let limit =
            self.settings.limit_override(&self.rule.id, self.profile).or(limits[self.profile as usize].as_ref());
        let found: Vec<Hit> = self.triggers(pat).copied().collect();
        for h in found {
            let caps = self.captures(pat, &h);
            let Some((_, value_span)) = caps.iter().find(|(k, _)| k == "value") else {
                continue;
            };
            let value_text = self.source_text(*value_span);
            let Some(value) = quantity::parse(&normalize(&value_text), unit) else {
                continue;
            };
            let Some(limit) = limit else {
                self.evidence.get_or_insert(*value_span);
                continue;
            };
            if value.dim != limit.quantity.dim {
                continue;
            }
            let fires = match compare {
                Compare::Above => value.value > limit.quantity.value,
                Compare::Below => value.value < limit.quantity.value,
            };
            if !fires {
                self.evidence.get_or_insert(*value_span);
                continue;
            }
            let mut vars: Vec<(&str, String)> = caps.iter().map(|(k, s)| (k.as_str(), self.source_text(*s))).collect();
            vars.push(("limit", limit.text.clone()));
            self.emit(self.doc.norm.to_source(h.range()), &vars, Vec::new(), Vec::new());
        }
    }

    fn substitute(&mut self, pat: PatId, replacements: &[String]) {
        let found: Vec<Hit> = self.triggers(pat).copied().collect();
        for h in found {
            let Some(to) = replacements.get(h.literal) else {
                continue;
            };
            let span = self.doc.norm.to_source(h.range());
            // The text already reads as the replacement (`サーバ` → `サーバー` matches `サーバー`, whose
            // word-final ー the normalizer drops): no finding, and no fix that would add another ー.
            if covered_by(&self.doc.source, span, to) {
                continue;
            }
            let original = self.doc.source.get(span.range()).unwrap_or("");
            // A span that crosses markup or a line break is offered, not applied by --fix.
            let clean = normalize(original) == self.doc.norm.as_str()[h.range()]
                && !original.contains(['\n', '\r', '*', '_', '`', '[']);
            let fix = Fix {
                title: format!("「{original}」を「{to}」に置き換える"),
                applicability: if clean { Applicability::Safe } else { Applicability::Suggested },
                edits: vec![Edit { span, replacement: to.clone() }],
            };
            self.emit(span, &[("replacement", to.clone())], Vec::new(), vec![fix]);
        }
    }

    fn sections(&mut self, specs: &[(String, PatId)], applies_to: Option<PatId>) {
        let doc = self.doc;
        // The block of the first hit that starts in a heading of at most `max_level`: hits and
        // blocks are both in text order, so that is the first such heading with a hit in it. Only
        // the headings are searched, not the body around them.
        let heading_hit = |p: PatId, max_level: u8| -> Option<usize> {
            doc.sections.iter().map(|s| s.heading).find(|&b| {
                let block = &doc.blocks[b];
                matches!(block.kind, BlockKind::Heading(l) if l <= max_level)
                    && self
                        .hits
                        .starting_in(p, block.norm.start..block.norm.end + 1)
                        .any(|h| doc.block_at(h.start) == Some(b))
            })
        };
        if let Some(a) = applies_to {
            let title_hit = doc.title().is_some_and(|t| self.has_in(a, &t.norm));
            if !title_hit && heading_hit(a, 2).is_none() {
                return;
            }
        }
        let title = self.title_span();
        let mut last_found: Option<(usize, &str)> = None;
        let mut out_of_order = Vec::new();
        let mut missing = Vec::new();
        for (name, p) in specs {
            match heading_hit(*p, 6) {
                Some(b) => {
                    if let Some((prev_b, prev_name)) = last_found
                        && b < prev_b
                    {
                        out_of_order.push((b, name.clone(), prev_name.to_string()));
                    }
                    if last_found.is_none_or(|(pb, _)| b > pb) {
                        last_found = Some((b, name));
                    }
                    self.evidence.get_or_insert(doc.blocks[b].span);
                }
                None => missing.push(name.clone()),
            }
        }
        for name in missing {
            self.emit(title, &[("section", name)], Vec::new(), Vec::new());
        }
        for (b, name, after) in out_of_order {
            self.out.push(Diagnostic {
                rule: self.rule.id.clone(),
                severity: Severity::Info,
                message: format!("「{name}」の章は「{after}」の後に置くのが標準の順序です。"),
                span: doc.blocks[b].span,
                labels: Vec::new(),
                help: Some("デジタル・ガバメント推進標準ガイドラインの標準的な章立ての順に並べ替えてください".into()),
                fixes: Vec::new(),
                suppressed: None,
            });
        }
    }
}

/// Whether an occurrence of `to` in `source` covers `span` (the replacement is already there).
fn covered_by(source: &str, span: Span, to: &str) -> bool {
    if to.is_empty() || to.len() < span.len() {
        return false;
    }
    let mut from = span.end.saturating_sub(to.len());
    while !source.is_char_boundary(from) {
        from -= 1;
    }
    let mut until = (span.start + to.len()).min(source.len());
    while !source.is_char_boundary(until) {
        until += 1;
    }
    source[from..until].match_indices(to).any(|(i, _)| from + i <= span.start && from + i + to.len() >= span.end)
}
