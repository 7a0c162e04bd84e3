//! Declarative rules: loading YAML files into a compiled [`RuleSet`].
//!
//! Loading never stops at the first error: [`RuleSet::load`] returns the rules it could build and
//! every problem it found, so the CLI reports all of them in one run and the LSP keeps serving with
//! the good ones.

pub mod docs;
pub mod error;
pub mod schema;

use crate::matcher::{Matcher, PatId, PatternDef, RegexDef};
use crate::normalize::{normalize, normalize_regex};
use crate::quantity::{self, Quantity};
use error::{Problem, SourceFile, did_you_mean, from_yaml_error_all, spanned_range};
use schema::{Examples, Level, ProfileName, QuantityLit, RawCheck, RawPattern, RawRule, RawSeverity, Reference};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};

/// A profile: how much social impact the system has (IPA 非機能要求グレード's model systems).
pub type Profile = ProfileName;

impl ProfileName {
    /// All profiles, weakest first.
    pub const ALL: [Profile; 3] = [Profile::Low, Profile::Standard, Profile::High];

    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Standard => "standard",
            Self::High => "high",
        }
    }

    /// Parse a profile name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl Level {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// Parse a level name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Off, Self::Info, Self::Warning, Self::Error].into_iter().find(|l| l.name() == s)
    }
}

/// The unit a check looks within.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole document.
    Document,
    /// The innermost section.
    Section,
    /// The block (paragraph, list item, table cell, heading).
    Paragraph,
    /// The sentence.
    Sentence,
}

impl Scope {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "document" => Some(Self::Document),
            "section" => Some(Self::Section),
            "paragraph" => Some(Self::Paragraph),
            "sentence" => Some(Self::Sentence),
            _ => None,
        }
    }
}

/// A message with `{placeholders}`.
#[derive(Clone, Debug)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
enum Part {
    Lit(String),
    Var(String),
}

impl Template {
    fn parse(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => {
                                return Err("「{」が閉じていません（「{」そのものは「{{」と書きます）".into());
                            }
                        }
                    }
                    if !lit.is_empty() {
                        parts.push(Part::Lit(std::mem::take(&mut lit)));
                    }
                    parts.push(Part::Var(name));
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(Self { parts })
    }

    fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Lit(_) => None,
        })
    }

    /// Render with values looked up by name; unknown names render as written.
    pub fn render<'a>(&self, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
        // Room for the literal text and a short value per variable: most renders allocate once.
        let room = self.parts.iter().map(|p| if let Part::Lit(s) = p { s.len() } else { 32 }).sum();
        let mut out = String::with_capacity(room);
        for p in &self.parts {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Var(v) => match lookup(v) {
                    Some(val) => out.push_str(val),
                    None => {
                        out.push('{');
                        out.push_str(v);
                        out.push('}');
                    }
                },
            }
        }
        out
    }
}

/// Whether a check compares for `value > limit` or `value < limit`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Compare {
    /// Fires when the value is greater than the limit.
    Above,
    /// Fires when the value is smaller than the limit.
    Below,
}

/// A threshold limit: the quantity and how it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Limit {
    /// The value.
    pub quantity: Quantity,
    /// As written, for messages.
    pub text: String,
}

impl Limit {
    /// Parse a limit as written in a rule or a config file.
    pub fn parse(lit: &QuantityLit, unit: Option<&str>) -> Option<Self> {
        let text = match lit {
            QuantityLit::Number(n) => format!("{n}{}", unit.unwrap_or("")),
            QuantityLit::Text(t) => t.clone(),
        };
        let quantity = quantity::parse(&normalize(&text), unit)?;
        Some(Self { quantity, text })
    }
}

/// What a check does.
#[derive(Clone, Debug)]
pub enum CheckKind {
    /// Each hit is a finding.
    Forbid {
        /// What must not appear.
        pat: PatId,
    },
    /// The pattern must appear.
    Require {
        /// What must appear.
        pat: PatId,
        /// With `scope: section`: headings of the sections to check.
        in_sections: Option<PatId>,
        /// Model clause.
        template: Option<String>,
        /// Heading of the section where the template goes.
        insert_into: Option<PatId>,
    },
    /// Each trigger needs a justification nearby.
    Justify {
        /// The trigger.
        pat: PatId,
        /// What counts as a justification.
        justification: PatId,
    },
    /// A captured quantity is compared with a limit per profile.
    Threshold {
        /// A regex with a `value` capture.
        pat: PatId,
        /// Direction.
        compare: Compare,
        /// Limit per profile (`None`: no limit).
        limits: [Option<Limit>; 3],
        /// Unit of a bare number.
        unit: Option<String>,
    },
    /// Wrong terms and their replacements.
    Substitute {
        /// All `from` literals, in order.
        pat: PatId,
        /// `to` for each `from`.
        replacements: Vec<String>,
    },
    /// Required headings, in order.
    Sections {
        /// Names and patterns.
        specs: Vec<(String, PatId)>,
        /// Documents this applies to.
        applies_to: Option<PatId>,
    },
}

/// One check of a rule.
#[derive(Clone, Debug)]
pub struct Check {
    /// What it does.
    pub kind: CheckKind,
    /// Level per profile.
    pub levels: [Level; 3],
    /// Message.
    pub message: Template,
    /// Help.
    pub help: Option<Template>,
    /// The unit the check looks within.
    pub scope: Scope,
    /// Skip hits inside 「」 and 『』.
    pub skip_quoted: bool,
    /// Silencing pattern and its unit.
    pub unless: Option<(PatId, Scope)>,
    /// Required co-occurring pattern and its unit.
    pub when: Option<(PatId, Scope)>,
}

impl Check {
    /// The level under `profile`.
    pub fn level(&self, profile: Profile) -> Level {
        self.levels[profile.index()]
    }
}

/// A loaded rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `area/name`.
    pub id: String,
    /// One line.
    pub title: String,
    /// Why.
    pub rationale: String,
    /// Policy sources.
    pub references: Vec<Reference>,
    /// Examples.
    pub examples: Examples,
    /// The file it came from.
    pub file: String,
    /// Its checks (at least one).
    pub checks: Vec<Check>,
}

impl Rule {
    /// Renumber the rule's patterns, numbered from 0 in its own file, to follow `by` others.
    fn shift_patterns(&mut self, by: usize) {
        let shift = |p: &mut PatId| p.0 += by;
        for check in &mut self.checks {
            match &mut check.kind {
                CheckKind::Forbid { pat } | CheckKind::Threshold { pat, .. } | CheckKind::Substitute { pat, .. } => {
                    shift(pat);
                }
                CheckKind::Require { pat, in_sections, insert_into, .. } => {
                    shift(pat);
                    in_sections.iter_mut().chain(insert_into.iter_mut()).for_each(shift);
                }
                CheckKind::Justify { pat, justification } => {
                    shift(pat);
                    shift(justification);
                }
                CheckKind::Sections { specs, applies_to } => {
                    for (_, p) in specs.iter_mut() {
                        shift(p);
                    }
                    applies_to.iter_mut().for_each(shift);
                }
            }
            check.when.iter_mut().chain(check.unless.iter_mut()).for_each(|(p, _)| shift(p));
        }
    }

    /// The area: the part of the id before `/` (see [`area_of`]).
    pub fn area(&self) -> &str {
        area_of(&self.id)
    }

    /// The highest level of any check under `profile`.
    pub fn level(&self, profile: Profile) -> Level {
        self.checks.iter().map(|c| c.level(profile)).max_by_key(|l| *l as u8).unwrap_or(Level::Off)
    }

    /// The model clause of its first `require` check, if any.
    pub fn template(&self) -> Option<&str> {
        self.checks.iter().find_map(|c| match &c.kind {
            CheckKind::Require { template, .. } => template.as_deref(),
            _ => None,
        })
    }

    /// Whether this rule is a policy point of a review sheet (require, justify, threshold).
    pub fn is_policy_point(&self) -> bool {
        self.checks.iter().any(|c| {
            matches!(c.kind, CheckKind::Require { .. } | CheckKind::Justify { .. } | CheckKind::Threshold { .. })
        })
    }
}

/// A rule file to load: display name, text, and the id its path implies (`area/name`).
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// Display name (a path).
    pub name: String,
    /// YAML text.
    pub text: String,
    /// The id implied by the file's path, checked against `id:`.
    pub expected_id: Option<String>,
    /// The file's regexes are known to compile (the built-in pack, whose tests compile each of
    /// them): they are only parsed at load and compiled on first use (see [`RuleSet::prepare`]).
    /// Regexes of other files are compiled at load, so that a size limit is reported there.
    pub trusted: bool,
}

/// The area of a rule id: the part before `/`.
pub fn area_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// Compiled rules: every pattern compiled once into one [`Matcher`].
#[derive(Debug)]
pub struct RuleSet {
    /// Rules in id order.
    pub rules: Vec<Rule>,
    /// Ids of the rules that were read but left out (see [`RuleSet::load_only`]), in id order:
    /// selectors that name them are still known.
    pub left_out: Vec<String>,
    pub(crate) matcher: Matcher,
}

const RULE_KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "message",
    "help",
    "rationale",
    "references",
    "examples",
    "also",
    "kind",
    "scope",
    "match",
    "unless",
    "when",
    "quoted",
    "in_sections",
    "template",
    "insert_into",
    "justification",
    "compare",
    "limit",
    "unit",
    "replace",
    "sections",
    "applies_to",
];
const KINDS: &[&str] = &["forbid", "require", "justify", "threshold", "substitute", "sections"];
const SCOPES: &[&str] = &["document", "section", "paragraph", "sentence"];

/// One rule file read on its own: its rule (if it could be built), its patterns (the rule's
/// [`PatId`]s index them) and its problems. See [`RuleSet::load_with`].
#[derive(Debug)]
pub struct ParsedRuleFile {
    rule: Option<Rule>,
    patterns: Vec<PatternDef>,
    problems: Vec<Problem>,
}

impl ParsedRuleFile {
    /// Read one rule file: YAML, validation, the regexes parsed and analysed (the part of loading
    /// that is done for each file independently).
    pub fn parse(f: &RuleFile) -> Self {
        let file = SourceFile::new(f.name.clone(), f.text.as_str());
        let mut patterns = Vec::new();
        let mut problems = Vec::new();
        let mut regexes = HashMap::new();
        let rule = load_one(f, &file, &mut patterns, &mut problems, &mut regexes);
        Self { rule, patterns, problems }
    }
}

impl RuleSet {
    /// Load and compile rule files. Returns every rule that could be built and every problem found.
    pub fn load(files: &[RuleFile]) -> (RuleSet, Vec<Problem>) {
        Self::load_with(files, |parse| files.iter().map(parse).collect())
    }

    /// [`RuleSet::load`], with the files read by `map`: it gets the function that reads one file and
    /// returns its results for `files`, in order. A front end with threads passes a parallel map
    /// (reading a file does not depend on the others); the rest of loading is done here, in order.
    pub fn load_with(
        files: &[RuleFile],
        map: impl FnOnce(&(dyn Fn(&RuleFile) -> ParsedRuleFile + Sync)) -> Vec<ParsedRuleFile>,
    ) -> (RuleSet, Vec<Problem>) {
        Self::load_only(files, map, |_| true)
    }

    /// [`RuleSet::load_with`], keeping only the rules whose id `keep` accepts: the others are read
    /// and checked (their problems are reported), but their patterns are not compiled or searched
    /// for. A front end that knows a rule can never run (`--select`, `--ignore` on the command line)
    /// leaves it out so that it costs nothing; its id stays in [`RuleSet::left_out`].
    pub fn load_only(
        files: &[RuleFile],
        map: impl FnOnce(&(dyn Fn(&RuleFile) -> ParsedRuleFile + Sync)) -> Vec<ParsedRuleFile>,
        keep: impl Fn(&str) -> bool,
    ) -> (RuleSet, Vec<Problem>) {
        let parsed = map(&ParsedRuleFile::parse);
        let mut problems = Vec::new();
        let mut patterns = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut left_out = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (f, parsed) in files.iter().zip(parsed) {
            let ParsedRuleFile { rule, patterns: own, problems: found } = parsed;
            let failed = !found.is_empty();
            problems.extend(found);
            let Some(mut rule) = rule else { continue };
            if failed {
                continue;
            }
            if let Some(prev) = seen.get(&rule.id) {
                let file = SourceFile::new(f.name.clone(), f.text.as_str());
                problems.push(
                    Problem::new("chotatsu::rule::duplicate_id", format!("ルール ID「{}」は {prev} でも定義されています", rule.id), &file)
                        .help("ID は一意にしてください。組み込みルールを置き換えるときは、設定で組み込みルールを off にして別の ID を付けます。"),
                );
                continue;
            }
            seen.insert(rule.id.clone(), f.name.clone());
            if !keep(&rule.id) {
                left_out.push(rule.id);
                continue;
            }
            // The file's patterns follow those of the files before it.
            rule.shift_patterns(patterns.len());
            patterns.extend(own);
            rules.push(rule);
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        left_out.sort();
        let local = local_conditions(&rules, patterns.len());
        let (matcher, bad) = Matcher::compile(patterns, &local);
        // Patterns were compiled one by one in `load_one`; the combined build only fails on size.
        for message in bad {
            if let Some(f) = files.first() {
                problems.push(Problem::new(
                    "chotatsu::rule::too_large",
                    message,
                    &SourceFile::new(f.name.clone(), f.text.as_str()),
                ));
            }
        }
        (RuleSet { rules, left_out, matcher }, problems)
    }

    /// How many compilation jobs [`RuleSet::prepare`] takes.
    pub fn prepare_count(&self) -> usize {
        self.matcher.regex_count()
    }

    /// Compile regex `i` (of [`RuleSet::prepare_count`]) now, if it was left for first use (see
    /// [`RuleFile::trusted`]) and linting can need it; `false` if it does not compile. Linting
    /// compiles what it needs anyway: this lets a front end do it ahead of time, on other threads
    /// (jobs are independent; two threads asking for the same regex compile it once).
    pub fn prepare(&self, i: usize) -> bool {
        self.matcher.prepare(i)
    }

    /// Build the faster form of the scan's automaton now. Scans start with an automaton that is
    /// cheap to build and switch to one that scans about twice as fast once a few megabytes went
    /// through (building it costs as much as scanning about two megabytes): a front end that knows a
    /// large batch is coming can build it ahead, on an idle thread.
    pub fn prepare_scan(&self) {
        let _ = self.matcher.dfa();
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(|i| &self.rules[i])
    }

    /// Every rule id, of the rules kept and of those left out, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str()).chain(self.left_out.iter().map(String::as_str))
    }

    /// Whether `selector` (an id or an area) names a rule, kept or left out.
    pub fn knows(&self, selector: &str) -> bool {
        self.ids().any(|id| crate::config::selector_matches(selector, id))
    }

    /// An empty rule set.
    pub fn empty() -> Self {
        Self::load(&[]).0
    }
}

/// Which patterns are only ever asked whether they occur in one sentence or one paragraph around a
/// trigger (`when`, `unless`, `justification` of the checks that go through their hits one by one):
/// the matcher may search those there alone instead of everywhere (see `Matcher::compile`).
fn local_conditions(rules: &[Rule], len: usize) -> Vec<bool> {
    let mut local = vec![false; len];
    let small = |scope: Scope| matches!(scope, Scope::Sentence | Scope::Paragraph);
    for check in rules.iter().flat_map(|r| &r.checks) {
        // A `require` looks for its `when` over the whole document (engine.rs).
        if matches!(check.kind, CheckKind::Require { .. } | CheckKind::Sections { .. }) {
            continue;
        }
        for (p, scope) in check.when.iter().chain(&check.unless) {
            if small(*scope)
                && let Some(l) = local.get_mut(p.0)
            {
                *l = true;
            }
        }
        if let CheckKind::Justify { justification, .. } = check.kind
            && small(check.scope)
            && let Some(l) = local.get_mut(justification.0)
        {
            *l = true;
        }
    }
    local
}

struct Ctx<'a> {
    file: &'a SourceFile,
    patterns: &'a mut Vec<PatternDef>,
    problems: &'a mut Vec<Problem>,
    /// Regexes checked so far in this load, by normalized source.
    regexes: &'a mut HashMap<String, RegexDef>,
    /// See [`RuleFile::trusted`].
    trusted: bool,
}

impl Ctx<'_> {
    fn problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn pattern(&mut self, raw: &RawPattern, what: &str, captures: Option<&mut Vec<String>>) -> Option<PatId> {
        match (&raw.any, &raw.regex) {
            (Some(list), None) => {
                let mut lits = Vec::new();
                for lit in &list.value {
                    let n = normalize(&lit.value);
                    if n.is_empty() {
                        let p = Problem::new(
                            "chotatsu::rule::empty_literal",
                            format!("{what} の any に空の語句があります"),
                            self.file,
                        )
                        .at_value(lit, "空の語句")
                        .help("語句を書くか、この行を削除してください");
                        self.problem(p);
                        return None;
                    }
                    lits.push(n);
                }
                if lits.is_empty() {
                    let p = Problem::new("chotatsu::rule::empty_literal", format!("{what} の any が空です"), self.file)
                        .at_value(list, "空のリスト")
                        .help("探す語句を 1 つ以上書いてください");
                    self.problem(p);
                    return None;
                }
                self.patterns.push(PatternDef::Literals(lits));
                Some(PatId(self.patterns.len() - 1))
            }
            (None, Some(re)) => {
                let source = normalize_regex(&re.value);
                // The same regex is often written in several rules (`unless: 実績|現行...`).
                let checked = match self.regexes.get_mut(&source) {
                    Some(def) if self.trusted => Ok(def.clone()),
                    Some(def) => def.check().map(|()| def.clone()),
                    None => RegexDef::new(&source, self.trusted),
                };
                match checked {
                    Ok(def) => {
                        if let Some(caps) = captures {
                            caps.extend(def.capture_names().iter().cloned());
                        }
                        self.regexes.entry(source).or_insert_with(|| def.clone());
                        self.patterns.push(PatternDef::Regex(def));
                        Some(PatId(self.patterns.len() - 1))
                    }
                    Err(e) => {
                        let p = regex_problem(&e, re, self.file);
                        self.problem(p);
                        None
                    }
                }
            }
            (Some(_), Some(re)) => {
                let p = Problem::new(
                    "chotatsu::rule::pattern_shape",
                    format!("{what} には any と regex の一方だけを書いてください"),
                    self.file,
                )
                .at_value(re, "regex と any の両方がある")
                .help("語句の一覧なら any、正規表現なら regex を使います");
                self.problem(p);
                None
            }
            (None, None) => {
                let p = Problem::new(
                    "chotatsu::rule::pattern_shape",
                    format!("{what} に any か regex がありません"),
                    self.file,
                )
                .help(format!("{what}: {{ any: [語句, ...] }} または {what}: {{ regex: '...' }} と書きます"));
                self.problem(p);
                None
            }
        }
    }

    fn scope(&mut self, raw: Option<&Spanned<String>>, default: Scope) -> Scope {
        let Some(raw) = raw else { return default };
        if let Some(s) = Scope::parse(&raw.value) {
            return s;
        }
        let suggestion =
            did_you_mean(&raw.value, SCOPES).map(|s| format!("「{s}」の誤りではありませんか。")).unwrap_or_default();
        let p = Problem::new("chotatsu::rule::unknown_scope", format!("scope「{}」は使えません", raw.value), self.file)
            .at_value(raw, "ここ")
            .help(format!("{suggestion}document, section, paragraph, sentence のいずれかを書いてください"));
        self.problem(p);
        default
    }

    fn side_pattern(&mut self, raw: Option<&RawPattern>, what: &str, default_scope: Scope) -> Option<(PatId, Scope)> {
        let raw = raw?;
        let scope = self.scope(raw.scope.as_ref(), default_scope);
        self.pattern(raw, what, None).map(|p| (p, scope))
    }
}

fn regex_problem(e: &regex::Error, re: &Spanned<String>, file: &SourceFile) -> Problem {
    let text = e.to_string();
    let (reason, help) = match e {
        regex::Error::CompiledTooBig(limit) => (
            format!("正規表現が大きすぎます（上限 {limit} バイト）"),
            "繰り返し回数の大きい {n,m} や長い選択肢を減らすか、語句の一覧 any: を使ってください".to_string(),
        ),
        _ => {
            let last =
                text.lines().rfind(|l| l.starts_with("error:")).unwrap_or("").trim_start_matches("error:").trim();
            let hint = if text.contains("look-around") || text.contains("look-behind") {
                "regex クレートは先読み・後読みに対応していません。例外は unless / when / scope で表してください"
            } else if text.contains("backreference") {
                "後方参照は使えません。unless / when で表してください"
            } else {
                "正規表現の構文は Rust の regex クレートに従います（docs/rule-format.md を参照）"
            };
            (format!("正規表現を解釈できません: {last}"), hint.to_string())
        }
    };
    Problem::new("chotatsu::rule::invalid_regex", reason, file).at_value(re, "この正規表現").help(help)
}

fn parse_levels(raw: &Spanned<RawSeverity>, ctx: &mut Ctx<'_>) -> [Level; 3] {
    match &raw.value {
        RawSeverity::One(l) => [*l; 3],
        RawSeverity::PerProfile(map) => {
            let standard = map.get(&ProfileName::Standard).copied();
            let Some(standard) = standard.or_else(|| map.values().next().copied()) else {
                let p = Problem::new("chotatsu::rule::bad_severity", "severity のプロファイル別指定が空です", ctx.file)
                    .at_value(raw, "ここ")
                    .help(
                        "severity: warning、または severity: {low: warning, standard: warning, high: off} と書きます",
                    );
                ctx.problem(p);
                return [Level::Warning; 3];
            };
            ProfileName::ALL.map(|p| map.get(&p).copied().unwrap_or(standard))
        }
    }
}

fn load_one(
    f: &RuleFile,
    file: &SourceFile,
    patterns: &mut Vec<PatternDef>,
    problems: &mut Vec<Problem>,
    regexes: &mut HashMap<String, RegexDef>,
) -> Option<Rule> {
    let mut raw: RawRule = match crate::yaml::from_str(&f.text) {
        Ok(r) => r,
        Err(e) => {
            problems.extend(from_yaml_error_all(&e, file, RULE_KEYS));
            return None;
        }
    };
    let mut ctx = Ctx { file, patterns, problems, regexes, trusted: f.trusted };
    let id = raw.id.value.clone();
    let id_ok = id.split_once('/').is_some_and(|(a, n)| {
        !a.is_empty()
            && !n.is_empty()
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/')
            && !n.contains('/')
    });
    if !id_ok {
        let p = Problem::new("chotatsu::rule::bad_id", format!("ルール ID「{id}」の形が正しくありません"), file)
            .at_value(&raw.id, "ここ")
            .help("ID は「area/name」の形で、英小文字・数字・ハイフンだけを使います（例: nfr/availability）");
        ctx.problem(p);
    } else if let Some(expected) = &f.expected_id
        && expected != &id
    {
        let p = Problem::new(
            "chotatsu::rule::id_mismatch",
            format!("ルール ID「{id}」がファイルの場所と一致しません"),
            file,
        )
        .at_value(&raw.id, format!("ファイルの場所からは「{expected}」"))
        .help(format!("id: {expected} と書くか、ファイルを rules/{id}.yaml に移してください"));
        ctx.problem(p);
    }
    let levels = parse_levels(&raw.severity, &mut ctx);
    let main = raw.take_check();
    let message = raw.message;
    let help = raw.help;
    let mut checks = Vec::new();
    if let Some(c) = build_check(&main, levels, &message, help.as_ref(), &mut ctx, true) {
        checks.push(c);
    }
    for mut also in raw.also {
        let levels = also.severity.as_ref().map_or(levels, |s| parse_levels(s, &mut ctx));
        let check = also.take_check();
        let msg = also.message.as_ref().unwrap_or(&message);
        let help = also.help.as_ref().or(help.as_ref());
        if let Some(c) = build_check(&check, levels, msg, help, &mut ctx, false) {
            checks.push(c);
        }
    }
    Some(Rule {
        id,
        title: raw.title,
        rationale: raw.rationale.trim_end().to_string(),
        references: raw.references,
        examples: raw.examples.unwrap_or_default(),
        file: f.name.clone(),
        checks,
    })
}

fn build_check(
    raw: &RawCheck,
    levels: [Level; 3],
    message: &Spanned<String>,
    help: Option<&Spanned<String>>,
    ctx: &mut Ctx<'_>,
    top: bool,
) -> Option<Check> {
    let Some(kind_raw) = raw.kind.as_ref() else {
        let p = Problem::new("chotatsu::missing_key", "必須のキー「kind」がありません", ctx.file).help(format!(
            "kind: に {} のいずれかを書いてください{}",
            KINDS.join(", "),
            if top { "" } else { "（also の各項目にも必要です）" }
        ));
        ctx.problem(p);
        return None;
    };
    let kind_name = kind_raw.value.as_str();
    if !KINDS.contains(&kind_name) {
        let suggestion =
            did_you_mean(kind_name, KINDS).map(|s| format!("「{s}」の誤りではありませんか。")).unwrap_or_default();
        let p = Problem::new("chotatsu::rule::unknown_kind", format!("kind「{kind_name}」は使えません"), ctx.file)
            .at_value(kind_raw, "ここ")
            .help(format!("{suggestion}{} のいずれかを書いてください", KINDS.join(", ")));
        ctx.problem(p);
        return None;
    }
    let default_scope = match kind_name {
        "require" | "sections" => Scope::Document,
        "justify" => Scope::Paragraph,
        _ => Scope::Sentence,
    };
    let scope = ctx.scope(raw.scope.as_ref(), default_scope);
    let skip_quoted = match raw.quoted.as_ref() {
        None => matches!(kind_name, "forbid" | "justify" | "threshold"),
        Some(q) if q.value == "skip" => true,
        Some(q) if q.value == "include" => false,
        Some(q) => {
            let p = Problem::new("chotatsu::rule::bad_value", format!("quoted「{}」は使えません", q.value), ctx.file)
                .at_value(q, "ここ")
                .help("quoted: skip または quoted: include と書きます");
            ctx.problem(p);
            true
        }
    };
    let side_default = if kind_name == "require" { Scope::Document } else { Scope::Sentence };
    let unless = ctx.side_pattern(raw.unless.as_ref(), "unless", side_default);
    let when = ctx.side_pattern(raw.when.as_ref(), "when", side_default);
    let mut captures = Vec::new();
    let mut vars: Vec<&str> = vec!["match", "profile"];
    let require_pattern = |ctx: &mut Ctx<'_>, caps: Option<&mut Vec<String>>| -> Option<PatId> {
        match raw.pattern.as_ref() {
            Some(p) => ctx.pattern(p, "match", caps),
            None => {
                let p =
                    Problem::new("chotatsu::missing_key", format!("kind: {kind_name} には match が必要です"), ctx.file)
                        .at_value(kind_raw, "ここ")
                        .help("match: { any: [語句, ...] } または match: { regex: '...' } を追加してください");
                ctx.problem(p);
                None
            }
        }
    };
    let kind = match kind_name {
        "forbid" => CheckKind::Forbid { pat: require_pattern(ctx, Some(&mut captures))? },
        "require" => {
            vars.push("trigger");
            let pat = require_pattern(ctx, None)?;
            let in_sections = match raw.in_sections.as_ref() {
                Some(p) => Some(ctx.pattern(p, "in_sections", None)?),
                None => None,
            };
            if scope == Scope::Section && in_sections.is_none() {
                let p = Problem::new(
                    "chotatsu::missing_key",
                    "scope: section の require には in_sections が必要です",
                    ctx.file,
                )
                .at_value(kind_raw, "ここ")
                .help("どの見出しの節に必要かを in_sections: { any: [見出しの語句] } で書いてください");
                ctx.problem(p);
                return None;
            }
            let insert_into = match raw.insert_into.as_ref() {
                Some(p) => Some(ctx.pattern(p, "insert_into", None)?),
                None => None,
            };
            CheckKind::Require { pat, in_sections, template: raw.template.clone(), insert_into }
        }
        "justify" => {
            let pat = require_pattern(ctx, Some(&mut captures))?;
            let Some(j) = raw.justification.as_ref() else {
                let p = Problem::new("chotatsu::missing_key", "kind: justify には justification が必要です", ctx.file)
                    .at_value(kind_raw, "ここ")
                    .help("理由として認める語句を justification: { any: [...] } で書いてください");
                ctx.problem(p);
                return None;
            };
            CheckKind::Justify { pat, justification: ctx.pattern(j, "justification", None)? }
        }
        "threshold" => {
            vars.extend(["value", "limit"]);
            let pat = require_pattern(ctx, Some(&mut captures))?;
            if !captures.iter().any(|c| c == "value") {
                let mut p = Problem::new(
                    "chotatsu::rule::missing_capture",
                    "threshold の match には名前付きキャプチャ value が必要です",
                    ctx.file,
                )
                .help("数値と単位を (?P<value>...) で囲んでください（例: 稼働率(?P<value>\\d+(?:\\.\\d+)?%)）");
                if let Some(re) = raw.pattern.as_ref().and_then(|p| p.regex.as_ref()) {
                    p = p.at_value(re, "value がない");
                }
                ctx.problem(p);
                return None;
            }
            let compare = match raw.compare.as_ref().map(|c| c.value.as_str()) {
                Some("above") => Compare::Above,
                Some("below") => Compare::Below,
                other => {
                    let mut p = Problem::new("chotatsu::rule::bad_threshold", format!("compare「{}」は使えません", other.unwrap_or("")), ctx.file)
                        .help("値が上限を超えたら指摘するなら compare: above、下回ったら指摘するなら compare: below と書きます");
                    if let Some(c) = raw.compare.as_ref() {
                        p = p.at_value(c, "ここ");
                    } else {
                        p.message = "kind: threshold には compare が必要です".into();
                        p = p.at_value(kind_raw, "ここ");
                    }
                    ctx.problem(p);
                    return None;
                }
            };
            let unit = raw.unit.as_ref().map(|u| u.value.clone());
            if let Some(u) = raw.unit.as_ref()
                && !quantity::is_unit(&u.value)
            {
                let p =
                    Problem::new("chotatsu::rule::bad_threshold", format!("unit「{}」は使えません", u.value), ctx.file)
                        .at_value(u, "ここ")
                        .help("%, 秒, 分, 時間, 日, 営業日, 世代, 回 などを書いてください");
                ctx.problem(p);
                return None;
            }
            let limits = parse_limits(raw.limit.as_ref(), unit.as_deref(), kind_raw, ctx)?;
            CheckKind::Threshold { pat, compare, limits, unit }
        }
        "substitute" => {
            vars.push("replacement");
            let Some(list) = raw.replace.as_ref().filter(|l| !l.is_empty()) else {
                let p = Problem::new("chotatsu::missing_key", "kind: substitute には replace が必要です", ctx.file)
                    .at_value(kind_raw, "ここ")
                    .help("replace: [{from: 瑕疵担保責任, to: 契約不適合責任}] のように書いてください");
                ctx.problem(p);
                return None;
            };
            let mut lits = Vec::new();
            let mut tos = Vec::new();
            for r in list {
                let n = normalize(&r.from.value);
                if n.is_empty() {
                    let p = Problem::new("chotatsu::rule::empty_literal", "replace の from が空です", ctx.file)
                        .at_value(&r.from, "ここ");
                    ctx.problem(p);
                    return None;
                }
                lits.push(n);
                tos.push(r.to.clone());
            }
            ctx.patterns.push(PatternDef::Literals(lits));
            CheckKind::Substitute { pat: PatId(ctx.patterns.len() - 1), replacements: tos }
        }
        _ => {
            vars.push("section");
            let Some(list) = raw.sections.as_ref().filter(|l| !l.is_empty()) else {
                let p = Problem::new("chotatsu::missing_key", "kind: sections には sections が必要です", ctx.file)
                    .at_value(kind_raw, "ここ")
                    .help("sections: [{name: 調達案件の概要, match: {any: [調達案件の概要, 調達の概要]}}] のように書いてください");
                ctx.problem(p);
                return None;
            };
            let mut specs = Vec::new();
            for s in list {
                specs.push((s.name.clone(), ctx.pattern(&s.pattern, "sections の match", None)?));
            }
            let applies_to = match raw.applies_to.as_ref() {
                Some(p) => Some(ctx.pattern(p, "applies_to", None)?),
                None => None,
            };
            CheckKind::Sections { specs, applies_to }
        }
    };
    vars.extend(captures.iter().map(String::as_str));
    let message_t = template(message, &vars, ctx)?;
    let help_t = match help {
        Some(h) if !h.value.trim().is_empty() => Some(template(h, &vars, ctx)?),
        _ => None,
    };
    Some(Check { kind, levels, message: message_t, help: help_t, scope, skip_quoted, unless, when })
}

fn template(raw: &Spanned<String>, vars: &[&str], ctx: &mut Ctx<'_>) -> Option<Template> {
    match Template::parse(&raw.value) {
        Ok(t) => {
            for v in t.vars() {
                if !vars.contains(&v) {
                    let p = Problem::new(
                        "chotatsu::rule::unknown_placeholder",
                        format!("プレースホルダ「{{{v}}}」はこのルールでは使えません"),
                        ctx.file,
                    )
                    .at_value(raw, "このメッセージ")
                    .help(format!(
                        "使えるのは {} です（正規表現の名前付きキャプチャも使えます）",
                        vars.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(", ")
                    ));
                    ctx.problem(p);
                    return None;
                }
            }
            Some(t)
        }
        Err(reason) => {
            let p = Problem::new("chotatsu::rule::bad_message", reason, ctx.file).at_value(raw, "このメッセージ");
            ctx.problem(p);
            None
        }
    }
}

type RawLimits = Spanned<BTreeMap<String, Option<Spanned<QuantityLit>>>>;

fn parse_limits(
    raw: Option<&RawLimits>,
    unit: Option<&str>,
    kind_raw: &Spanned<String>,
    ctx: &mut Ctx<'_>,
) -> Option<[Option<Limit>; 3]> {
    let Some(raw) = raw else {
        let p = Problem::new("chotatsu::missing_key", "kind: threshold には limit が必要です", ctx.file)
            .at_value(kind_raw, "ここ")
            .help("limit: {low: 99.0%, standard: 99.9%, high: 99.99%} のようにプロファイルごとの値を書いてください");
        ctx.problem(p);
        return None;
    };
    let mut out: [Option<Limit>; 3] = [None, None, None];
    let mut ok = true;
    for (name, value) in &raw.value {
        let Some(profile) = ProfileName::parse(name) else {
            let p = Problem::new(
                "chotatsu::rule::bad_threshold",
                format!("limit のプロファイル「{name}」はありません"),
                ctx.file,
            )
            .at_value(raw, "ここ")
            .help("low, standard, high のいずれかを書いてください");
            ctx.problem(p);
            ok = false;
            continue;
        };
        let Some(value) = value else { continue };
        match Limit::parse(&value.value, unit) {
            Some(l) => out[profile.index()] = Some(l),
            None => {
                let p = Problem::new("chotatsu::rule::bad_threshold", "limit の値を数量として読めません", ctx.file)
                    .at_value(value, "ここ")
                    .help("\"99.9%\"、\"6時間\"、\"7世代\" のように単位付きで書くか、unit: で単位を指定してください");
                ctx.problem(p);
                ok = false;
            }
        }
    }
    let dims: Vec<_> = out.iter().flatten().map(|l| l.quantity.dim).collect();
    if dims.windows(2).any(|w| w[0] != w[1]) {
        let (start, len) = spanned_range(raw);
        let p = Problem::new("chotatsu::rule::bad_threshold", "limit の単位がプロファイルによって異なります", ctx.file)
            .at(start, len, "ここ")
            .help("すべてのプロファイルで同じ種類の単位（割合・時間・回数）を使ってください");
        ctx.problem(p);
        ok = false;
    }
    for p in ProfileName::ALL {
        if !raw.value.contains_key(p.name()) {
            let (start, len) = spanned_range(raw);
            let pr = Problem::new(
                "chotatsu::rule::bad_threshold",
                format!("limit にプロファイル「{}」の値がありません", p.name()),
                ctx.file,
            )
            .at(start, len, "ここ")
            .help(format!(
                "{}: の値を書くか、上限を設けないなら {}: null と書いてください",
                p.name(),
                p.name()
            ));
            ctx.problem(pr);
            ok = false;
        }
    }
    ok.then_some(out)
}
