//! All patterns of a rule set, compiled once: literal lists, the strings of regexes whose language is
//! small and finite, and the *anchors* of the other regexes, into one Aho-Corasick automaton; those
//! other regexes one by one.
//!
//! A scan makes one pass of the automaton over the text. A finite-language regex gets its matches
//! from the occurrences of its strings (at the leftmost start, the string a backtracking matcher
//! tries first). Any other regex runs only around the places where its anchors occur: an anchor set
//! is a list of literals such that every match of the regex contains one of them (`稼働率|可用性` for
//! the availability rule), found by walking the regex's syntax tree. Together with the longest match
//! and the most line feeds a match can span, an anchor occurrence bounds a window that contains every
//! match through it; merged windows are searched with the regex's own leftmost-first semantics and
//! the whole text as context. Either way the hits are exactly those of `regex::Regex::find_iter` over
//! the whole text (the tests compare them). A regex without a usable anchor set runs over the whole
//! text.

use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind, PatternID as PatternIdAc, dfa};
use regex_automata::meta::{self, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored as RegexAnchored, Input, MatchKind as RegexMatchKind, PatternID};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, OnceLock};

/// Bytes scanned by one matcher before its automaton is rebuilt as a DFA.
const DFA_AFTER_BYTES: usize = 4 << 20;

/// Index of a pattern in a [`Matcher`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatId(pub(crate) usize);

/// A pattern as loaded (already normalized).
#[derive(Clone, Debug)]
pub(crate) enum PatternDef {
    Literals(Vec<String>),
    /// A regex, checked by the loader.
    Regex(RegexDef),
}

/// A regex of a rule, checked and analysed once by the loader.
#[derive(Clone, Debug)]
pub(crate) struct RegexDef {
    source: String,
    /// The parsed regex, kept for compiling it later.
    hir: Arc<Hir>,
    analysis: Analysis,
    /// Compiled at load time, unless the regex is a small finite language (those are matched through
    /// the automaton and compiled on first use, for captures) or comes from a trusted rule file
    /// (compiled on first use, or ahead by [`Matcher::prepare`]).
    compiled: Option<Regex>,
    capture_names: Vec<String>,
}

/// Finite languages up to this many bytes in all are not compiled at load time: their program is
/// far below [`REGEX_SIZE_LIMIT`], so compiling cannot fail once the syntax is valid.
const LAZY_LANGUAGE_BYTES: usize = 16 << 10;

impl RegexDef {
    /// Check a regex as the `regex` crate would (the same syntax errors, the same size limits) and
    /// analyse it for the scan. With `defer`, only the syntax is checked now and the regex is
    /// compiled when first needed: for rule files known to compile (the built-in pack, whose tests
    /// compile every regex), so that loading them costs little.
    pub(crate) fn new(source: &str, defer: bool) -> Result<Self, regex::Error> {
        // The `regex` crate's default syntax options (Unicode, UTF-8, `\n` line feeds, nesting 250):
        // a syntax error here is the error `Regex::new` reports, as text.
        let hir = parse_regex(source)?;
        let analysis = analyze(&hir);
        let compiled =
            if defer || analysis.small_language() { None } else { Some(build_from_hir(&hir, analysis.prefilter())?) };
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        names.sort_by_key(|(index, _)| *index);
        Ok(Self {
            source: source.to_string(),
            hir: Arc::new(hir),
            analysis,
            compiled,
            capture_names: names.into_iter().map(|(_, n)| n).collect(),
        })
    }

    /// Names of the named groups, in order.
    pub(crate) fn capture_names(&self) -> &[String] {
        &self.capture_names
    }

    /// Compile now a regex whose compilation was deferred (the same regex in an untrusted file must
    /// be checked).
    pub(crate) fn check(&mut self) -> Result<(), regex::Error> {
        if self.compiled.is_none() && !self.analysis.small_language() {
            self.compiled = Some(build_from_hir(&self.hir, self.analysis.prefilter())?);
        }
        Ok(())
    }
}

fn capture_names(h: &Hir, out: &mut Vec<(u32, String)>) {
    match h.kind() {
        HirKind::Capture(c) => {
            if let Some(name) = &c.name {
                out.push((c.index, name.to_string()));
            }
            capture_names(&c.sub, out);
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            for p in parts {
                capture_names(p, out);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// One occurrence of a pattern in the normalized text.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Start in the normalized text.
    pub start: usize,
    /// End in the normalized text.
    pub end: usize,
    /// For a literal list: which literal.
    pub literal: usize,
}

impl Hit {
    /// The normalized range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Size limit of one compiled regex (bytes of program), against patterns that would explode.
pub const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// Parse with the `regex` crate's default syntax options (Unicode, UTF-8, `\n` line feeds, nesting
/// 250): a syntax error here is the error `regex::Regex::new` reports, as text.
fn parse_regex(source: &str) -> Result<Hir, regex::Error> {
    regex_syntax::ParserBuilder::new().build().parse(source).map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// Compile as `regex::RegexBuilder::new(source).size_limit(REGEX_SIZE_LIMIT)
/// .dfa_size_limit(REGEX_SIZE_LIMIT).build()` does (the same engine, configuration and errors), from
/// the parsed pattern, optionally without the literal prefilter.
fn build_from_hir(hir: &Hir, prefilter: bool) -> Result<Regex, regex::Error> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_SIZE_LIMIT)
        .match_kind(RegexMatchKind::LeftmostFirst)
        .utf8_empty(true)
        .auto_prefilter(prefilter);
    meta::Builder::new().configure(config).build_from_hir(hir).map_err(|e| {
        if let Some(limit) = e.size_limit() {
            regex::Error::CompiledTooBig(limit)
        } else if let Some(syntax) = e.syntax_error() {
            regex::Error::Syntax(syntax.to_string())
        } else {
            regex::Error::Syntax(e.to_string())
        }
    })
}

#[derive(Debug)]
pub(crate) struct Matcher {
    kinds: Vec<Slot>,
    /// All literals, anchors and strings: a contiguous NFA, cheap to build.
    ac: Option<Automaton>,
    /// The same automaton as a DFA: scanned in streams (see [`occurrences_in_streams`]), about
    /// twice as fast to run; ten times as slow to build. Built once this matcher has scanned
    /// [`DFA_AFTER_BYTES`], so that a single document pays nothing for it and a batch gets the
    /// faster scan.
    ac_dfa: OnceLock<Option<dfa::DFA>>,
    ac_patterns: Vec<Vec<u8>>,
    scanned: AtomicUsize,
    /// AC pattern index → the range of `ac_targets` it stands for (one string can be a literal of
    /// several lists, an anchor of several regexes...: it is in the automaton once).
    ac_map: Vec<Range<usize>>,
    ac_targets: Vec<AcTarget>,
    regexes: Vec<RegexSlot>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Literals,
    Regex(usize),
}

#[derive(Debug, Clone, Copy)]
enum AcTarget {
    /// Literal `literal` of the literal list `pat`.
    Literal { pat: usize, literal: usize },
    /// An anchor of anchor set `set` of regex `regex` (index into `regexes`).
    Anchor { regex: usize, kind: usize },
    /// String `rank` (in the regex's order of preference) of a regex with a finite language.
    String { regex: usize, rank: usize },
    /// The same, followed by the line feed that its `(?m)$` requires (not part of the match).
    StringBeforeFeed { regex: usize, rank: usize },
}

#[derive(Debug)]
struct RegexSlot {
    /// The patterns with this regex (identical sources are scanned once).
    pats: Vec<usize>,
    /// The regex as written (normalized), for the tests' reference matcher.
    #[cfg(test)]
    source: String,
    hir: Arc<Hir>,
    re: OnceLock<Option<Regex>>,
    plan: Plan,
    /// Whether the regex has named groups (without, captures are always empty: no need to compile
    /// a regex left for later).
    named_groups: bool,
}

impl RegexSlot {
    /// The compiled regex (compiled now if the loader left it for later).
    fn regex(&self) -> Option<&Regex> {
        // The literal prefilter pays only for a regex that runs over whole texts.
        let prefilter = matches!(self.plan, Plan::Full);
        self.re.get_or_init(|| build_from_hir(&self.hir, prefilter).ok()).as_ref()
    }

    /// Whether a scan can need the compiled regex (a finite language without named groups never
    /// does).
    fn needed(&self) -> bool {
        self.named_groups || !matches!(self.plan, Plan::Strings { .. })
    }

    /// The first match inside `range`, as in the whole text's matches (see [`Plan::Local`]), found
    /// by searching from the start of the line where the range starts; `Err(())` if that line
    /// reaches further than [`LOCAL_REACH`] from the range (a paragraph extracted as one long line),
    /// where the caller looks in the whole text's matches instead.
    fn local_first_in(&self, text: &str, range: &Range<usize>) -> Result<Option<Hit>, ()> {
        let Some(re) = self.regex() else { return Ok(None) };
        let bytes = text.as_bytes();
        let len = bytes.len();
        let start = range.start.min(len);
        let back = start.saturating_sub(LOCAL_REACH);
        let mut line = match memchr::memrchr(b'\n', &bytes[back..start]) {
            Some(i) => back + i + 1,
            None if back == 0 => 0,
            None => return Err(()),
        };
        let limit = range.end.saturating_add(LOCAL_REACH).min(len);
        while line < range.end.min(len + 1) && line <= len {
            let end = match memchr::memchr(b'\n', &bytes[line.min(limit)..limit]) {
                Some(i) => line + i,
                None if limit == len => len,
                None => return Err(()),
            };
            let mut at = line;
            while at < end {
                let Some(m) = re.search(&Input::new(text).span(at..end)) else { break };
                if m.start() >= range.end {
                    return Ok(None);
                }
                if m.start() >= range.start && m.end() <= range.end && !m.is_empty() {
                    return Ok(Some(hit(&m)));
                }
                // Matches are never empty (see `Plan::Local`): the next one starts at or after its end.
                at = text.ceil_char_boundary(m.end().max(at + 1));
            }
            line = end + 1;
        }
        Ok(None)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// Run over the whole text.
    Full,
    /// Run around the occurrences of its anchors: of the anchor set (every match contains an anchor
    /// of each set) that occurs least in the text. An anchor occurrence is of a *kind*, `kinds[k] =
    /// (set, index in reaches)`.
    ///
    /// `prefix` is a set whose anchors begin every match (`(?:稼働率|可用性)[^。\n]{0,25}?\d+%`): around
    /// it, the regex is tried only at the anchors' starts, as an anchored search that knows the match's
    /// start and so needs no reverse search, nor any search through the text before the anchor.
    Anchored { reaches: Vec<Reach>, kinds: Vec<(usize, usize)>, sets: usize, prefix: Option<usize> },
    /// A condition asked about only in a sentence or a paragraph around a trigger, whose matches
    /// never contain a line feed, and that is not a small finite language: nothing of it is in the
    /// automaton, and it is searched from the start of the line where it is asked about (every line
    /// start is a point where a search from there and one over the whole text agree, as no match
    /// crosses it).
    Local,
    /// A finite language: its strings are in the automaton; `ends[rank]` says whether string `rank`
    /// must be followed by the end of a line or of the text. `tails` are the strings with such an
    /// assertion, looked for at the end of the text.
    Strings { ends: Vec<Option<EndAssertion>>, tails: Vec<(usize, Vec<u8>)> },
}

/// A look-ahead at the end of a string of a finite language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndAssertion {
    /// `(?m)$`: a line feed or the end of the text follows.
    Line,
    /// `\z`, `$`: the end of the text.
    Text,
}

/// How far a match can reach from an anchor occurrence inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reach {
    /// The longest match in bytes, if bounded.
    max_len: Option<usize>,
    /// The most line feeds a match can contain, if bounded.
    max_lf: Option<usize>,
    /// How far a window must extend for look-around assertions at its end to see what they see in the
    /// whole text.
    end: WindowEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WindowEnd {
    /// No look-around: the window's end is the search's end.
    Exact,
    /// Word boundaries or `(?m)$`: extend to the next line feed, which they treat like the end.
    LineFeed,
    /// `\z`, `$` without `m`, CRLF mode: search to the end of the text.
    Text,
}

/// Anchor literals shorter than this (in bytes) would occur everywhere: such a regex runs over the
/// whole text.
const MIN_ANCHOR_LEN: usize = 3;
/// At most this many anchor literals per regex, and this many strings in an expanded finite
/// language.
const MAX_LITERALS: usize = 256;
/// A finite language whose strings add up to more than this many bytes is matched around its anchors
/// rather than through its strings (when it has anchors).
const MAX_STRING_BYTES: usize = 1024;
/// A class of at most this many characters counts as a list of literals.
const MAX_CLASS_LITERALS: u32 = 4;

/// Hits per pattern for one text.
///
/// A regex that runs around its anchors is searched lazily, window by window: a pattern used only
/// as a condition (`when`, `unless`, a justification) is asked about a few sentences, the ones where
/// a trigger occurs, and its other windows are never searched.
#[derive(Debug, Default)]
pub struct Hits<'a> {
    by_pat: Vec<Vec<Hit>>,
    /// Per pattern: the index in `deferred` of its lazily searched regex.
    lazy: Vec<Option<usize>>,
    deferred: Vec<Deferred<'a>>,
    text: &'a str,
    /// The positions of the text's line feeds, found when a window first needs them.
    feeds: OnceCell<Vec<usize>>,
    /// Per pattern: its regex if it is searched where it is asked about ([`Plan::Local`]), and its
    /// hits over the whole text, should they be asked for.
    local: Vec<Option<LocalPattern<'a>>>,
}

/// A pattern searched where it is asked about: its regex, and its hits over the whole text should
/// they be asked for.
type LocalPattern<'a> = (&'a RegexSlot, OnceCell<Vec<Hit>>);

/// A regex run around the occurrences of one of its anchor sets. Its windows are worked out when
/// it is first asked about, and each is searched the first time a question needs it: a condition
/// never asked about (no trigger in the text) costs only the collection of its anchors.
#[derive(Debug)]
struct Deferred<'a> {
    /// Compiled when a window is first searched.
    slot: &'a RegexSlot,
    /// The occurrences `(start, reach, end)` of the chosen set, in the order the automaton gave them;
    /// taken when the windows are worked out.
    around: std::cell::RefCell<Vec<(usize, usize, usize)>>,
    reaches: &'a [Reach],
    /// The set is a prefix set: the regex is tried at the occurrences' starts.
    at_starts: bool,
    windows: OnceCell<Windows>,
    all: OnceCell<Vec<Hit>>,
}

/// Merged windows (sorted, disjoint) and the hits found in each so far.
#[derive(Debug)]
struct Windows {
    ranges: Vec<Range<usize>>,
    /// Around a prefix set: the starts of its occurrences, sorted, each once (a match starts at one).
    starts: Option<Vec<usize>>,
    found: Vec<OnceCell<Vec<Hit>>>,
}

impl Deferred<'_> {
    fn windows(&self, text: &str, feeds: &OnceCell<Vec<usize>>) -> &Windows {
        self.windows.get_or_init(|| {
            let mut around = self.around.take();
            let ranges = windows(text, feeds, &mut around, self.reaches, self.at_starts);
            let starts = self.at_starts.then(|| {
                let mut starts: Vec<usize> = around.iter().map(|&(s, _, _)| s).collect();
                starts.dedup();
                starts
            });
            let found = ranges.iter().map(|_| OnceCell::new()).collect();
            Windows { ranges, starts, found }
        })
    }

    fn window(&self, text: &str, feeds: &OnceCell<Vec<usize>>, i: usize) -> &[Hit] {
        let windows = self.windows(text, feeds);
        match (windows.found.get(i), windows.ranges.get(i)) {
            (Some(cell), Some(w)) => cell.get_or_init(|| {
                let Some(re) = self.slot.regex() else { return Vec::new() };
                match &windows.starts {
                    Some(starts) => {
                        let from = starts.partition_point(|&s| s < w.start);
                        let to = from + starts[from..].partition_point(|&s| s < w.end);
                        search_at_starts(re, text, w, &starts[from..to])
                    }
                    None => search_window(re, text, w),
                }
            }),
            _ => &[],
        }
    }

    fn all(&self, text: &str, feeds: &OnceCell<Vec<usize>>) -> &[Hit] {
        self.all.get_or_init(|| {
            let n = self.windows(text, feeds).ranges.len();
            (0..n).flat_map(|i| self.window(text, feeds, i).iter().copied()).collect()
        })
    }

    /// The hits that start inside `range`, in order, searching only the windows that can hold one.
    fn starting_in<'s>(
        &'s self,
        text: &'s str,
        feeds: &'s OnceCell<Vec<usize>>,
        range: Range<usize>,
    ) -> impl Iterator<Item = &'s Hit> + 's {
        // A hit is non-empty and lies inside its window: a window that ends at or before the range's
        // start, or starts at or after its end, holds no hit that starts inside it.
        let windows = &self.windows(text, feeds).ranges;
        let first = windows.partition_point(|w| w.end <= range.start);
        let last = first + windows[first..].partition_point(|w| w.start < range.end);
        (first..last).flat_map(move |i| {
            let hits = self.window(text, feeds, i);
            let from = hits.partition_point(|h| h.start < range.start);
            hits[from..].iter().take_while(move |h| h.start < range.end)
        })
    }

    fn first_in(&self, text: &str, feeds: &OnceCell<Vec<usize>>, range: &Range<usize>) -> Option<&Hit> {
        // A hit lies inside its window: windows ending before the range hold none of its hits.
        let windows = &self.windows(text, feeds).ranges;
        let first = windows.partition_point(|w| w.end <= range.start);
        for (i, w) in windows.iter().enumerate().skip(first) {
            if w.start >= range.end {
                break;
            }
            if let Some(h) = first_inside(self.window(text, feeds, i), range) {
                return Some(h);
            }
        }
        None
    }
}

fn first_inside<'h>(hits: &'h [Hit], range: &Range<usize>) -> Option<&'h Hit> {
    let i = hits.partition_point(|h| h.start < range.start);
    hits[i..].iter().take_while(|h| h.start < range.end).find(|h| h.end <= range.end)
}

impl Hits<'_> {
    fn deferred(&self, p: PatId) -> Option<&Deferred<'_>> {
        self.lazy.get(p.0).copied().flatten().and_then(|d| self.deferred.get(d))
    }

    /// Hits of a pattern, sorted by start, non-overlapping.
    pub fn of(&self, p: PatId) -> &[Hit] {
        if let Some(Some((slot, all))) = self.local.get(p.0) {
            return all.get_or_init(|| {
                slot.regex().map_or_else(Vec::new, |re| {
                    re.find_iter(self.text).filter(|m| !m.is_empty()).map(|m| hit(&m)).collect()
                })
            });
        }
        match self.deferred(p) {
            Some(d) => d.all(self.text, &self.feeds),
            None => self.by_pat.get(p.0).map_or(&[], Vec::as_slice),
        }
    }

    /// The hits of `p` that start inside `range`, in order: [`Hits::of`] filtered, but a regex run
    /// around its anchors is searched only where such a hit can be (so a caller that stops at the
    /// first hit it wants does not search the rest of the text).
    pub fn starting_in(&self, p: PatId, range: Range<usize>) -> impl Iterator<Item = &Hit> + '_ {
        let (lazy, eager) = match self.deferred(p) {
            Some(d) => (Some(d.starting_in(self.text, &self.feeds, range)), None),
            None => {
                let hits = self.of(p);
                let from = hits.partition_point(|h| h.start < range.start);
                (None, Some(hits[from..].iter().take_while(move |h| h.start < range.end)))
            }
        };
        lazy.into_iter().flatten().chain(eager.into_iter().flatten())
    }

    /// The first hit of `p` that lies inside `range`.
    pub fn first_in(&self, p: PatId, range: &Range<usize>) -> Option<Hit> {
        if let Some(Some((slot, _))) = self.local.get(p.0)
            && let Ok(found) = slot.local_first_in(self.text, range)
        {
            return found;
        }
        match self.deferred(p) {
            Some(d) => d.first_in(self.text, &self.feeds, range).copied(),
            None => first_inside(self.of(p), range).copied(),
        }
    }
}

impl Matcher {
    /// Build the automaton. Regexes were compiled one by one by the loader; errors here can only be
    /// size limits of the automaton, returned as messages (the literal lists then never match, and
    /// every regex runs over the whole text).
    ///
    /// `local[i]` says that pattern `i` is only asked about in a sentence or a paragraph around a
    /// trigger: such a regex that cannot match a line feed is not scanned for ([`Plan::Local`]).
    pub(crate) fn compile(defs: Vec<PatternDef>, local: &[bool]) -> (Self, Vec<String>) {
        let mut errors = Vec::new();
        let mut lits: Vec<Vec<u8>> = Vec::new();
        let mut ac_map = Vec::new();
        let mut regexes: Vec<RegexSlot> = Vec::new();
        let mut by_source: HashMap<(String, bool), usize> = HashMap::new();
        let mut kinds = Vec::with_capacity(defs.len());
        for (i, def) in defs.into_iter().enumerate() {
            match def {
                PatternDef::Literals(list) => {
                    for (j, l) in list.into_iter().enumerate() {
                        lits.push(l.into_bytes());
                        ac_map.push(AcTarget::Literal { pat: i, literal: j });
                    }
                    kinds.push(Slot::Literals);
                }
                PatternDef::Regex(def) => {
                    // A small finite language stays in the automaton: matched there without compiling
                    // it, it costs less than compiling it and searching it at every trigger (a spec
                    // with many triggers asks `(?m)こと(?:。|$)|…` in almost every sentence).
                    let is_local = local.get(i).copied().unwrap_or(false)
                        && max_lf(&def.hir) == Some(0)
                        && def.hir.properties().minimum_len().is_some_and(|n| n > 0)
                        && !def.analysis.small_language();
                    let key = (def.source.clone(), is_local);
                    if let Some(&ri) = by_source.get(&key) {
                        regexes[ri].pats.push(i);
                        kinds.push(Slot::Regex(ri));
                        continue;
                    }
                    let ri = regexes.len();
                    let plan = match def.analysis {
                        _ if is_local => Plan::Local,
                        Analysis::Strings(strings) => {
                            let mut ends = Vec::with_capacity(strings.len());
                            let mut tails = Vec::new();
                            for (rank, (mut bytes, end)) in strings.into_iter().enumerate() {
                                // A string that must end a line is looked for with its line feed
                                // (`こと` occurs everywhere, `こと\n` seldom), one that must end the
                                // text only there; both are also checked at the end of the text.
                                match end {
                                    None => {
                                        lits.push(bytes);
                                        ac_map.push(AcTarget::String { regex: ri, rank });
                                    }
                                    Some(EndAssertion::Line) => {
                                        tails.push((rank, bytes.clone()));
                                        bytes.push(b'\n');
                                        lits.push(bytes);
                                        ac_map.push(AcTarget::StringBeforeFeed { regex: ri, rank });
                                    }
                                    Some(EndAssertion::Text) => tails.push((rank, bytes)),
                                }
                                ends.push(end);
                            }
                            Plan::Strings { ends, tails }
                        }
                        Analysis::Anchored(sets, reaches, prefix) => {
                            let n = sets.len();
                            let mut kinds: Vec<(usize, usize)> = Vec::new();
                            for (set, anchors) in sets.into_iter().enumerate() {
                                for (a, r) in anchors {
                                    let kind = kinds.iter().position(|&k| k == (set, r)).unwrap_or_else(|| {
                                        kinds.push((set, r));
                                        kinds.len() - 1
                                    });
                                    lits.push(a);
                                    ac_map.push(AcTarget::Anchor { regex: ri, kind });
                                }
                            }
                            Plan::Anchored { reaches, kinds, sets: n, prefix }
                        }
                        Analysis::Full => Plan::Full,
                    };
                    by_source.insert(key, ri);
                    kinds.push(Slot::Regex(ri));
                    let re = OnceLock::new();
                    if let Some(compiled) = def.compiled {
                        let _ = re.set(Some(compiled));
                    }
                    let named_groups = !def.capture_names.is_empty();
                    regexes.push(RegexSlot {
                        pats: vec![i],
                        #[cfg(test)]
                        source: def.source,
                        hir: def.hir,
                        re,
                        plan,
                        named_groups,
                    });
                }
            }
        }
        let (lits, ac_map, ac_targets) = dedup_patterns(lits, ac_map);
        let ac = if lits.is_empty() {
            None
        } else {
            // No prefilter: the few bytes it would skip to are everywhere in Japanese text (a
            // rule set with only a few literals scanned twice as slowly with it).
            match contiguous::NFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(&lits) {
                Ok(ac) => Some(Automaton::Contiguous(ac)),
                Err(_) => {
                    match noncontiguous::NFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(&lits) {
                        Ok(ac) => Some(Automaton::Noncontiguous(ac)),
                        Err(e) => {
                            errors.push(e.to_string());
                            for r in &mut regexes {
                                r.plan = Plan::Full;
                            }
                            None
                        }
                    }
                }
            }
        };
        (
            Self {
                kinds,
                ac,
                ac_dfa: OnceLock::new(),
                ac_patterns: lits,
                scanned: AtomicUsize::new(0),
                ac_map,
                ac_targets,
                regexes,
            },
            errors,
        )
    }

    /// The automaton as a DFA, built now if it was not yet (`None` if it cannot be built).
    pub(crate) fn dfa(&self) -> Option<&dfa::DFA> {
        self.ac.as_ref()?;
        self.ac_dfa
            .get_or_init(|| {
                dfa::DFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(&self.ac_patterns).ok()
            })
            .as_ref()
    }

    /// How many regexes [`Matcher::prepare`] takes.
    pub(crate) fn regex_count(&self) -> usize {
        self.regexes.len()
    }

    /// Compile regex `i` now if a scan can need it and it is not compiled yet; `false` if it does not
    /// compile. Scans compile what they need on first use; this lets a caller do it ahead, on
    /// several threads.
    pub(crate) fn prepare(&self, i: usize) -> bool {
        self.regexes.get(i).is_none_or(|slot| !slot.needed() || slot.regex().is_some())
    }

    /// The automaton to scan a text of `len` bytes with (both kinds report the same matches in the
    /// same order).
    fn automaton(&self, len: usize) -> Option<AutomatonRef<'_>> {
        let nfa = self.ac.as_ref()?;
        let dfa = match self.ac_dfa.get() {
            Some(dfa) => dfa.as_ref(),
            None if self.scanned.fetch_add(len, AtomicOrdering::Relaxed) + len < DFA_AFTER_BYTES => None,
            None => self.dfa(),
        };
        Some(match (dfa, nfa) {
            (Some(dfa), _) => AutomatonRef::Dfa(dfa),
            (None, Automaton::Contiguous(nfa)) => AutomatonRef::Contiguous(nfa),
            (None, Automaton::Noncontiguous(nfa)) => AutomatonRef::Noncontiguous(nfa),
        })
    }

    /// Find every pattern's hits in `text`: one pass for all literals, anchors and strings, then each
    /// remaining regex around its anchors (or over the whole text when it has none).
    pub(crate) fn scan<'a>(&'a self, text: &'a str) -> Hits<'a> {
        let mut by_pat: Vec<Vec<Hit>> = vec![Vec::new(); self.kinds.len()];
        // Per regex: anchor occurrences (start, set, end), or string occurrences (start, rank, end).
        let mut found: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); self.regexes.len()];
        if let Some(ac) = self.automaton(text.len()) {
            let mut record = |pattern: usize, end: usize| {
                let start = end - self.ac_patterns[pattern].len();
                for target in &self.ac_targets[self.ac_map[pattern].clone()] {
                    match *target {
                        AcTarget::Literal { pat, literal } => by_pat[pat].push(Hit { start, end, literal }),
                        AcTarget::Anchor { regex, kind } => found[regex].push((start, kind, end)),
                        AcTarget::String { regex, rank } => found[regex].push((start, rank, end)),
                        AcTarget::StringBeforeFeed { regex, rank } => found[regex].push((start, rank, end - 1)),
                    }
                }
            };
            match ac {
                AutomatonRef::Dfa(a) => occurrences_in_streams(a, text.as_bytes(), STREAM_BYTES, &mut record),
                AutomatonRef::Contiguous(a) => occurrences(a, text.as_bytes(), &mut record),
                AutomatonRef::Noncontiguous(a) => occurrences(a, text.as_bytes(), &mut record),
            }
            for (slot, found) in self.regexes.iter().zip(&mut found) {
                if let Plan::Strings { tails, .. } = &slot.plan {
                    for (rank, bytes) in tails {
                        if text.as_bytes().ends_with(bytes) {
                            found.push((text.len() - bytes.len(), *rank, text.len()));
                        }
                    }
                }
            }
            for (p, kind) in self.kinds.iter().enumerate() {
                if matches!(kind, Slot::Literals) && by_pat[p].len() > 1 {
                    leftmost_longest(&mut by_pat[p]);
                }
            }
        }
        let mut lazy = vec![None; self.kinds.len()];
        let mut local: Vec<Option<LocalPattern<'_>>> = Vec::new();
        let mut deferred = Vec::new();
        for (slot, found) in self.regexes.iter().zip(&mut found) {
            let hits = match &slot.plan {
                Plan::Local => {
                    if local.is_empty() {
                        local.resize_with(self.kinds.len(), || None);
                    }
                    for &p in &slot.pats {
                        local[p] = Some((slot, OnceCell::new()));
                    }
                    continue;
                }
                Plan::Full => match slot.regex() {
                    Some(re) => re.find_iter(text).filter(|m| !m.is_empty()).map(|m| hit(&m)).collect(),
                    None => continue,
                },
                _ if found.is_empty() => continue,
                Plan::Strings { ends, .. } => leftmost_first(text, found, ends),
                Plan::Anchored { reaches, kinds, sets, prefix } => {
                    // Around the rarest set; a set that does not occur at all means no match.
                    let mut counts = vec![0usize; *sets];
                    for &(_, kind, _) in found.iter() {
                        counts[kinds[kind].0] += 1;
                    }
                    let Some((mut around_set, fewest)) =
                        counts.iter().copied().enumerate().min_by_key(|&(_, n)| n).filter(|&(_, n)| n > 0)
                    else {
                        continue;
                    };
                    // A prefix set is preferred while it is not much more frequent: an anchored try at
                    // a start costs far less than a search through a window and back.
                    if let Some(p) = *prefix
                        && counts[p] <= PREFIX_PREFERENCE * fewest
                    {
                        around_set = p;
                    }
                    let around: Vec<(usize, usize, usize)> = found
                        .iter()
                        .filter(|&&(_, kind, _)| kinds[kind].0 == around_set)
                        .map(|&(s, kind, e)| (s, kinds[kind].1, e))
                        .collect();
                    let at_starts = *prefix == Some(around_set);
                    for &p in &slot.pats {
                        lazy[p] = Some(deferred.len());
                    }
                    deferred.push(Deferred {
                        slot,
                        around: around.into(),
                        reaches,
                        at_starts,
                        windows: OnceCell::new(),
                        all: OnceCell::new(),
                    });
                    continue;
                }
            };
            if let [rest @ .., last] = slot.pats.as_slice() {
                for &p in rest {
                    by_pat[p].clone_from(&hits);
                }
                by_pat[*last] = hits;
            }
        }
        Hits { by_pat, lazy, deferred, text, feeds: OnceCell::new(), local }
    }

    /// The named groups of regex pattern `p` in its leftmost-first match in `text` from `start` on,
    /// in order, with their ranges (what `regex::Regex::captures_at` gives).
    pub(crate) fn captures(&self, p: PatId, text: &str, start: usize) -> Vec<(String, Range<usize>)> {
        let Some(Slot::Regex(i)) = self.kinds.get(p.0) else { return Vec::new() };
        let Some(slot) = self.regexes.get(*i).filter(|s| s.named_groups) else { return Vec::new() };
        let Some(re) = slot.regex() else { return Vec::new() };
        let mut caps: Captures = re.create_captures();
        re.search_captures(&Input::new(text).span(start..text.len()), &mut caps);
        if !caps.is_match() {
            return Vec::new();
        }
        re.group_info()
            .pattern_names(PatternID::ZERO)
            .enumerate()
            .filter_map(|(g, name)| Some((name?.to_string(), caps.get_group(g)?.range())))
            .collect()
    }
}

/// The automaton of all literals, anchors and strings.
#[derive(Debug)]
enum Automaton {
    Contiguous(contiguous::NFA),
    /// Only if the contiguous NFA cannot be built (a size limit).
    Noncontiguous(noncontiguous::NFA),
}

#[derive(Clone, Copy)]
enum AutomatonRef<'a> {
    Dfa(&'a dfa::DFA),
    Contiguous(&'a contiguous::NFA),
    Noncontiguous(&'a noncontiguous::NFA),
}

/// Every occurrence of every pattern of `aut` in `text`, as `(pattern, end)`, in order of end (at
/// one end, in the automaton's order): what `find_overlapping_iter` reports, in one tight loop
/// instead of one call per occurrence.
fn occurrences<A: aho_corasick::automaton::Automaton>(aut: &A, text: &[u8], f: &mut impl FnMut(usize, usize)) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else { return };
    let mut report = |sid, end| {
        for k in 0..aut.match_len(sid) {
            f(aut.match_pattern(sid, k).as_usize(), end);
        }
    };
    if aut.is_match(sid) {
        report(sid, 0);
    }
    for (i, &b) in text.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, b);
        // Without a prefilter, only dead and match states are special.
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                report(sid, i + 1);
            }
        }
    }
}

/// Streams [`occurrences_in_streams`] scans a text in at once (its loop is written for four).
const STREAMS: usize = 4;
/// Below this length per stream, a text is scanned in one stream.
const STREAM_BYTES: usize = 4 << 10;

/// [`occurrences`], for a DFA. A DFA scan is bound by the latency of its table lookups (each
/// transition depends on the one before, and the table is larger than the caches), so a long text is
/// cut into [`STREAMS`] parts scanned in one loop: their lookups overlap in the processor, and the
/// whole scan is about twice as fast. Each stream starts in the start state at the start of its part
/// and sees exactly the occurrences that start in it: it goes on past its part's end by the longest
/// pattern's length less one byte, and what it finds there counts only if it starts inside the part.
/// The parts' occurrences are then put back in order of end; at one end, those of an earlier part
/// start earlier, so they are the longer ones and come first, as in one stream.
/// Texts shorter than `min_part` bytes per stream are scanned in one stream.
fn occurrences_in_streams(aut: &dfa::DFA, text: &[u8], min_part: usize, f: &mut impl FnMut(usize, usize)) {
    use aho_corasick::automaton::Automaton;
    let part = text.len() / STREAMS;
    let longest = aut.max_pattern_len();
    if part < min_part.max(1) || longest > part || aut.min_pattern_len() == 0 {
        occurrences(aut, text, f);
        return;
    }
    let Ok(start) = aut.start_state(Anchored::No) else { return };
    // Part k is text[k * part..(k + 1) * part]; the last one also takes the remainder.
    let ends: [usize; STREAMS] = std::array::from_fn(|k| if k + 1 == STREAMS { text.len() } else { (k + 1) * part });
    // (pattern, end) per part, in order of end; a spec has about one occurrence every 40 bytes.
    let mut found: [Vec<(PatternIdAc, usize)>; STREAMS] = std::array::from_fn(|_| Vec::with_capacity(part / 32));
    let mut sid = [start; STREAMS];
    let matched = |sid: aho_corasick::automaton::StateID, end: usize, found: &mut Vec<(PatternIdAc, usize)>| {
        for m in 0..aut.match_len(sid) {
            found.push((aut.match_pattern(sid, m), end));
        }
    };
    let step = |sid: &mut aho_corasick::automaton::StateID, at: usize, found: &mut Vec<(PatternIdAc, usize)>| {
        *sid = aut.next_state(Anchored::No, *sid, text[at]);
        // Only match states are special here: no prefilter, and an unanchored search never dies.
        if aut.is_special(*sid) && aut.is_match(*sid) {
            matched(*sid, at + 1, found);
        }
    };
    // All parts together for the length of the shortest (the first `part` bytes of each), with the
    // states in locals and the bytes from iterators, so that the loop keeps them in registers.
    {
        let [s0, s1, s2, s3] = &mut sid;
        let [f0, f1, f2, f3] = &mut found;
        let bytes = text[..part]
            .iter()
            .zip(&text[part..2 * part])
            .zip(&text[2 * part..3 * part])
            .zip(&text[3 * part..4 * part]);
        for (i, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
            *s0 = aut.next_state(Anchored::No, *s0, b0);
            *s1 = aut.next_state(Anchored::No, *s1, b1);
            *s2 = aut.next_state(Anchored::No, *s2, b2);
            *s3 = aut.next_state(Anchored::No, *s3, b3);
            // Only match states are special here: no prefilter, and an unanchored search never dies.
            if aut.is_special(*s0) | aut.is_special(*s1) | aut.is_special(*s2) | aut.is_special(*s3) {
                for (k, (s, f)) in
                    [(*s0, &mut *f0), (*s1, &mut *f1), (*s2, &mut *f2), (*s3, &mut *f3)].into_iter().enumerate()
                {
                    if aut.is_special(s) && aut.is_match(s) {
                        matched(s, k * part + i + 1, f);
                    }
                }
            }
        }
    }
    for k in 0..STREAMS {
        // The rest of the last part, then past each part's end.
        let from = k * part + part;
        let to = if k + 1 == STREAMS { text.len() } else { (ends[k] + longest - 1).min(text.len()) };
        for at in from..to {
            step(&mut sid[k], at, &mut found[k]);
        }
        if k + 1 < STREAMS {
            let boundary = ends[k];
            found[k].retain(|&(p, end)| end <= boundary || end - aut.pattern_len(p) < boundary);
        }
    }
    // Part k's occurrences that end past its end interleave with the first ones of part k + 1.
    let mut carry: Vec<(PatternIdAc, usize)> = Vec::new();
    for (k, part_found) in found.iter().enumerate() {
        let mut carried = carry.iter().copied().peekable();
        let own_end = ends[k];
        let mut next_carry = Vec::new();
        for &(p, end) in part_found {
            if k + 1 < STREAMS && end > own_end {
                next_carry.push((p, end));
                continue;
            }
            while let Some(&(q, e)) = carried.peek() {
                if e > end {
                    break;
                }
                f(q.as_usize(), e);
                carried.next();
            }
            f(p.as_usize(), end);
        }
        for (q, e) in carried {
            f(q.as_usize(), e);
        }
        carry = next_carry;
    }
}

fn hit(m: &regex_automata::Match) -> Hit {
    Hit { start: m.start(), end: m.end(), literal: 0 }
}

/// The matches `find_iter` gives for a finite language, from the occurrences `(start, rank, end)` of
/// all its strings: at the leftmost start where a string occurs, the most preferred one (lowest
/// rank); then the same from its end on.
fn leftmost_first(text: &str, found: &mut [(usize, usize, usize)], ends: &[Option<EndAssertion>]) -> Vec<Hit> {
    sort_nearly_sorted(found);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    for &(start, rank, end) in found.iter() {
        if start < pos {
            continue;
        }
        let ok = match ends[rank] {
            None => true,
            Some(EndAssertion::Line) => end == bytes.len() || bytes[end] == b'\n',
            Some(EndAssertion::Text) => end == bytes.len(),
        };
        if ok {
            out.push(Hit { start, end, literal: 0 });
            pos = end;
        }
    }
    out
}

/// Each distinct string once, with the targets of its copies in their order (so that hits are
/// pushed in the order the copies' matches were reported in).
fn dedup_patterns(lits: Vec<Vec<u8>>, targets: Vec<AcTarget>) -> (Vec<Vec<u8>>, Vec<Range<usize>>, Vec<AcTarget>) {
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut unique: Vec<Vec<u8>> = Vec::new();
    let mut grouped: Vec<Vec<AcTarget>> = Vec::new();
    for (lit, target) in lits.into_iter().zip(targets) {
        let id = match index.get(&lit) {
            Some(&id) => id,
            None => {
                index.insert(lit.clone(), unique.len());
                unique.push(lit);
                grouped.push(Vec::new());
                unique.len() - 1
            }
        };
        grouped[id].push(target);
    }
    let mut ranges = Vec::with_capacity(grouped.len());
    let mut flat = Vec::new();
    for g in grouped {
        ranges.push(flat.len()..flat.len() + g.len());
        flat.extend(g);
    }
    (unique, ranges, flat)
}

/// Sort occurrences `(start, _, end)` or windows `(start, end)`, which come nearly sorted: the
/// automaton reports occurrences in order of their end, so an insertion sort moves each one back past
/// the few longer ones that end at or before it; windows computed from sorted occurrences move only
/// by the difference of their reaches. Pathological input falls back to a general sort.
fn sort_nearly_sorted<T: Copy + Ord>(found: &mut [T]) {
    let mut moves = 0usize;
    for i in 1..found.len() {
        let x = found[i];
        let mut j = i;
        while j > 0 && found[j - 1] > x {
            found[j] = found[j - 1];
            j -= 1;
        }
        found[j] = x;
        moves += i - j;
        if moves > 16 * found.len() {
            found.sort_unstable();
            return;
        }
    }
}

/// Run a regex in one of the merged windows around its anchor occurrences.
fn search_window(re: &Regex, text: &str, w: &Range<usize>) -> Vec<Hit> {
    let mut out = Vec::new();
    // The haystack ends at the window; what precedes the window stays visible to the regex, so
    // look-behind sees the same context as in the whole text.
    let hay = &text[..w.end];
    let mut pos = w.start;
    while pos < w.end {
        let Some(m) = re.search(&Input::new(hay).span(pos..hay.len())) else { break };
        if m.is_empty() {
            // Cannot happen: every match contains a non-empty anchor.
            pos = text.ceil_char_boundary(pos + 1);
            continue;
        }
        out.push(hit(&m));
        pos = m.end();
    }
    out
}

/// Run a regex whose matches all begin with an anchor of its prefix set, at the `starts` of that
/// set's occurrences inside window `w`, in order: the first start where an anchored search matches
/// is the leftmost match, and the anchored search's match there is the leftmost-first one; the next
/// match is looked for from its end on. The same hits as [`search_window`], found without searching
/// the text between the anchors and without the reverse search that finds where a match starts.
fn search_at_starts(re: &Regex, text: &str, w: &Range<usize>, starts: &[usize]) -> Vec<Hit> {
    let mut out = Vec::new();
    let hay = &text[..w.end];
    let mut pos = w.start;
    for &s in starts {
        if s < pos {
            continue;
        }
        if let Some(m) = re.search(&Input::new(hay).span(s..hay.len()).anchored(RegexAnchored::Yes))
            && !m.is_empty()
        {
            out.push(hit(&m));
            pos = m.end();
        }
    }
    out
}

/// `feeds.partition_point(|&p| p < x)`, from the answer for the previous, usually slightly smaller, `x`.
fn seek(feeds: &[usize], cursor: &mut usize, x: usize) -> usize {
    crate::span::partition_point_from(feeds, cursor, |&p| p < x)
}

/// The merged search windows of a regex around its anchor occurrences `found` (`(start, _, end)`,
/// sorted in place). A match through an occurrence `a` starts at or after `a.end - max_len` and after
/// the line feed `max_lf + 1` feeds back from `a.end`, and ends at or before `a.start + max_len` and
/// the `max_lf + 1`-th line feed from `a.start`; so every match lies inside one merged window.
///
/// With `at_starts`, the occurrences are of a prefix set: a match through one starts where it starts.
fn windows(
    text: &str,
    feeds: &OnceCell<Vec<usize>>,
    found: &mut [(usize, usize, usize)],
    reaches: &[Reach],
    at_starts: bool,
) -> Vec<Range<usize>> {
    let len = text.len();
    let feeds = || feeds.get_or_init(|| memchr::memchr_iter(b'\n', text.as_bytes()).collect()).as_slice();
    // Occurrences are visited by start: the line-feed lookups move forward a little each time.
    let (mut at_end, mut at_start, mut at_hi) = (0, 0, 0);
    sort_nearly_sorted(found);
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for &(s, r, e) in found.iter() {
        // Every kind has its reach; were one missing, the window would be the whole text.
        let reach = reaches.get(r).copied().unwrap_or(Reach { max_len: None, max_lf: None, end: WindowEnd::Text });
        let (mut lo, mut hi) = (0, len);
        if let Some(max) = reach.max_len {
            lo = e.saturating_sub(max);
            hi = s.saturating_add(max).min(len);
        }
        if at_starts {
            lo = s;
        }
        if let Some(k) = reach.max_lf {
            let feeds = feeds();
            if !at_starts {
                let before = seek(feeds, &mut at_end, e);
                if before > k {
                    lo = lo.max(feeds[before - k - 1] + 1);
                }
            }
            let from = seek(feeds, &mut at_start, s);
            if let Some(&p) = feeds.get(from + k) {
                hi = hi.min(p);
            }
        }
        match reach.end {
            WindowEnd::Exact => {}
            WindowEnd::LineFeed => {
                let feeds = feeds();
                hi = feeds.get(seek(feeds, &mut at_hi, hi)).copied().unwrap_or(len);
            }
            WindowEnd::Text => hi = len,
        }
        out.push((text.floor_char_boundary(lo), text.ceil_char_boundary(hi)));
    }
    // Occurrences are sorted by start, so windows come nearly sorted by start (anchors of different
    // reach move a little). Windows with a short gap between them are searched in one go: no match
    // starts in the gap, so the result is the same, and one search over a gap costs less than
    // starting another.
    sort_nearly_sorted(&mut out);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for (start, end) in out {
        match merged.last_mut() {
            Some(last) if start <= last.end + MERGE_GAP => last.end = last.end.max(end),
            _ => merged.push(start..end),
        }
    }
    merged
}

/// A condition is searched from the start of the line where it is asked about when that line starts,
/// and the lines of the range end, within this many bytes of the range; otherwise in the whole text's
/// matches, found once.
const LOCAL_REACH: usize = 4096;

/// Windows closer than this (in bytes) are searched together.
const MERGE_GAP: usize = 256;

/// A regex runs at the starts of its prefix set unless another set occurs this many times less often.
const PREFIX_PREFERENCE: usize = 4;

#[derive(Clone, Debug)]
enum Analysis {
    /// The finite language, in order of preference, and the end assertion of each string.
    Strings(Vec<(Vec<u8>, Option<EndAssertion>)>),
    /// Anchor sets: every match contains an anchor of each set. Each anchor comes with the index in
    /// the reach list of the part of the regex it anchors (see [`analyze`]). The last field is the
    /// set whose anchors begin every match, if there is one.
    Anchored(Vec<Vec<(Vec<u8>, usize)>>, Vec<Reach>, Option<usize>),
    Full,
}

impl Analysis {
    /// Whether the compiled regex gets its own literal prefilter: only when it runs over whole
    /// texts. Around anchors, in short windows, the prefilter would not pay for its construction.
    fn prefilter(&self) -> bool {
        matches!(self, Analysis::Full)
    }

    /// A finite language small enough to be matched through the automaton, compiled only for
    /// captures: its program is far below [`REGEX_SIZE_LIMIT`], so compiling cannot fail.
    fn small_language(&self) -> bool {
        matches!(self, Analysis::Strings(strings)
            if strings.iter().map(|(s, _)| s.len()).sum::<usize>() <= LAZY_LANGUAGE_BYTES)
    }
}

fn analyze(hir: &Hir) -> Analysis {
    let strings = expand(hir).filter(|s| !s.is_empty() && s.iter().all(|(s, _)| !s.is_empty()));
    // A language of many long strings (`(?:外部|他|関係…)(?:の)?(?:情報)?システム(?:等)?と(?:の)?連携`, 230
    // strings) would make the automaton several times larger, and every byte of every text pays for
    // its size: such a regex runs around its anchors instead, when it has any.
    let sets = match strings {
        Some(strings) if strings.iter().map(|(s, _)| s.len()).sum::<usize>() <= MAX_STRING_BYTES => {
            return Analysis::Strings(strings);
        }
        Some(strings) => {
            let sets = anchor_sets(hir);
            if sets.is_empty() {
                return Analysis::Strings(strings);
            }
            sets
        }
        None => anchor_sets(hir),
    };
    let look = hir.properties().look_set();
    // Look-around anywhere in the regex decides where every window must end: the whole regex runs in
    // each window, and an assertion of any alternative must see there what it sees in the text.
    let end = if look.is_empty() {
        WindowEnd::Exact
    } else if look.contains(Look::End) || look.contains(Look::EndCRLF) || look.contains(Look::StartCRLF) {
        WindowEnd::Text
    } else {
        WindowEnd::LineFeed
    };
    let reach = |h: &Hir| Reach { max_len: h.properties().maximum_len(), max_lf: max_lf(h), end };
    // The literals that begin every match, if the regex has such a list of usable anchors.
    let prefix = prefixes(hir).filter(|p| p.len() <= MAX_LITERALS && p.iter().all(|a| a.len() >= MIN_ANCHOR_LEN));
    let same_as_prefix = |set: &[Vec<u8>]| {
        prefix.as_ref().is_some_and(|p| {
            let (mut a, mut b) = (set.to_vec(), p.clone());
            a.sort();
            a.dedup();
            b.sort();
            b.dedup();
            a == b
        })
    };
    // An alternation of a few literals and a few long patterns (`国民向け|...|申請者が[^。]{0,20}?利用`):
    // a match through an anchor of one alternative is a match of that alternative (or it contains an
    // anchor of its own, whose window covers it), so each anchor's window need only reach as far as
    // its alternative's matches. A single set, as `anchor_sets` gives for an alternation.
    let mut reaches = vec![reach(hir)];
    let mut tagged_sets: Vec<Vec<(Vec<u8>, usize)>> = Vec::new();
    if let [set] = sets.as_slice()
        && let HirKind::Alternation(alts) = strip_captures(hir).kind()
        && let Some(per_alt) = alts.iter().map(required).collect::<Option<Vec<_>>>()
    {
        let mut tagged = Vec::new();
        for (i, lits) in per_alt.into_iter().enumerate() {
            tagged.extend(lits.into_iter().map(|l| (l, i)));
        }
        // The same literals as the set's (`required` of an alternation is their union).
        if tagged.len() == set.len() && tagged.iter().zip(set).all(|((a, _), b)| a == b) {
            reaches = alts.iter().map(reach).collect();
            tagged_sets.push(tagged);
        }
    }
    if tagged_sets.is_empty() {
        tagged_sets = sets.iter().map(|set| set.iter().map(|a| (a.clone(), 0)).collect()).collect();
    }
    // The prefix list is one of the sets, or is added as one more, with the whole regex's reach, if
    // its literals are not of those that occur everywhere.
    let prefix = match sets.iter().position(|set| same_as_prefix(set)) {
        Some(i) => Some(i),
        None => prefix.filter(|p| quality(p).0 >= GOOD_ANCHOR_LEN).map(|p| {
            let whole = reaches.len();
            reaches.push(reach(hir));
            tagged_sets.push(p.into_iter().map(|a| (a, whole)).collect());
            tagged_sets.len() - 1
        }),
    };
    if tagged_sets.is_empty() {
        return Analysis::Full;
    }
    Analysis::Anchored(tagged_sets, reaches, prefix)
}

/// The literals one of which begins every match of `h` (at the match's start: leading assertions
/// are zero-width), if `h` has such a list.
fn prefixes(h: &Hir) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(c) => class_literals(c),
        HirKind::Capture(c) => prefixes(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => prefixes(&r.sub),
        HirKind::Concat(parts) => prefixes(parts.iter().find(|p| !matches!(p.kind(), HirKind::Look(_)))?),
        HirKind::Alternation(alts) => union(alts, prefixes),
        HirKind::Empty | HirKind::Look(_) | HirKind::Repetition(_) => None,
    }
}

/// The lists `list` gives for every alternative, together; `None` if one has none, or if there are
/// more than [`MAX_LITERALS`] literals.
fn union(alts: &[Hir], list: fn(&Hir) -> Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for a in alts {
        out.extend(list(a)?);
        if out.len() > MAX_LITERALS {
            return None;
        }
    }
    Some(out)
}

fn strip_captures(h: &Hir) -> &Hir {
    match h.kind() {
        HirKind::Capture(c) => strip_captures(&c.sub),
        _ => h,
    }
}

/// Up to this many anchor sets per regex.
const MAX_ANCHOR_SETS: usize = 3;

/// Usable anchor sets of a regex, best first: for a concatenation, one per part that has one (the
/// scan picks the set that occurs least in each text).
fn anchor_sets(h: &Hir) -> Vec<Vec<Vec<u8>>> {
    let mut sets = match h.kind() {
        HirKind::Capture(c) => return anchor_sets(&c.sub),
        HirKind::Concat(parts) => concat_candidates(parts),
        _ => required(h).into_iter().collect(),
    };
    sets.retain(|set| set.iter().all(|a| a.len() >= MIN_ANCHOR_LEN));
    sets.sort_by_key(|set| std::cmp::Reverse(quality(set)));
    sets.dedup();
    sets.truncate(MAX_ANCHOR_SETS);
    // Every occurrence of every anchor costs a little in the scan, used or not: a set of one-kanji or
    // one-kana anchors (`に|へ`, `日`) occurs everywhere, so it is kept only if nothing better exists.
    if let Some(floor) = sets.first().map(|best| quality(best).0.min(GOOD_ANCHOR_LEN)) {
        sets.retain(|set| quality(set).0 >= floor);
    }
    sets
}

/// Anchors at least this long (two kana or kanji) are rare enough to be worth a second anchor set.
const GOOD_ANCHOR_LEN: usize = 6;

/// The required lists of the parts of a concatenation, and of runs of consecutive parts that are
/// small finite languages (`[Ss][Ee][Cc]` under `(?i)`).
fn concat_candidates(parts: &[Hir]) -> Vec<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut run: Option<Strings> = None;
    for p in parts {
        if let Some(r) = required(p) {
            out.push(r);
        }
        let exact = match p.kind() {
            HirKind::Literal(_) | HirKind::Class(_) => expand(p),
            _ => None,
        };
        run = match (run.take(), exact) {
            (Some(acc), Some(e)) => product(&acc, &e).or(Some(e)),
            (None, Some(e)) => Some(e),
            (_, None) => None,
        };
        if let Some(r) = &run {
            out.push(r.iter().map(|(s, _)| s.clone()).collect());
        }
    }
    out
}

type Strings = Vec<(Vec<u8>, Option<EndAssertion>)>;

/// The strings `h` matches, in the order in which a backtracking matcher tries them (so that the
/// first one that occurs at a position is the leftmost-first match there), each with the end
/// assertion it carries; `None` if the language is infinite, too large, or uses other look-around.
fn expand(h: &Hir) -> Option<Strings> {
    let out: Strings = match h.kind() {
        HirKind::Empty => vec![(Vec::new(), None)],
        HirKind::Literal(l) => vec![(l.0.to_vec(), None)],
        HirKind::Class(c) => class_literals(c)?.into_iter().map(|l| (l, None)).collect(),
        HirKind::Look(Look::EndLF) => vec![(Vec::new(), Some(EndAssertion::Line))],
        HirKind::Look(Look::End) => vec![(Vec::new(), Some(EndAssertion::Text))],
        HirKind::Look(_) => return None,
        HirKind::Capture(c) => expand(&c.sub)?,
        HirKind::Concat(parts) => {
            let mut acc: Strings = vec![(Vec::new(), None)];
            for p in parts {
                acc = product(&acc, &expand(p)?)?;
            }
            acc
        }
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(expand(a)?);
                if out.len() > MAX_LITERALS {
                    return None;
                }
            }
            out
        }
        HirKind::Repetition(r) => {
            let max = r.max?;
            let sub = expand(&r.sub)?;
            let mut acc: Strings = vec![(Vec::new(), None)];
            for _ in 0..r.min {
                acc = product(&acc, &sub)?;
            }
            product(&acc, &optional_repeats(&sub, max - r.min, r.greedy)?)?
        }
    };
    (out.len() <= MAX_LITERALS).then_some(out)
}

/// `sub{0,n}` in order of preference: greedy tries one more repetition before stopping.
fn optional_repeats(sub: &Strings, n: u32, greedy: bool) -> Option<Strings> {
    let stop: Strings = vec![(Vec::new(), None)];
    if n == 0 {
        return Some(stop);
    }
    let more = product(sub, &optional_repeats(sub, n - 1, greedy)?)?;
    let (first, second) = if greedy { (more, stop) } else { (stop, more) };
    let out: Strings = first.into_iter().chain(second).collect();
    (out.len() <= MAX_LITERALS).then_some(out)
}

/// Concatenation of two languages in order of preference (the left choice first).
fn product(left: &Strings, right: &Strings) -> Option<Strings> {
    if left.len().saturating_mul(right.len()) > MAX_LITERALS {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for (l, le) in left {
        for (r, re) in right {
            let end = match (le, re) {
                // An assertion must stay at the end of the string.
                (Some(_), _) if !r.is_empty() => return None,
                (Some(a), Some(b)) if a != b => return None,
                (Some(a), _) => Some(*a),
                (None, b) => *b,
            };
            let mut s = l.clone();
            s.extend_from_slice(r);
            out.push((s, end));
        }
    }
    Some(out)
}

/// Literals such that every match of `h` contains one of them, or `None` if there is no such list.
fn required(h: &Hir) -> Option<Vec<Vec<u8>>> {
    match h.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(c) => class_literals(c),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Empty | HirKind::Look(_) | HirKind::Repetition(_) => None,
        HirKind::Capture(c) => required(&c.sub),
        // Every part of a concatenation occurs in a match: take the best list of a part.
        HirKind::Concat(parts) => concat_candidates(parts).into_iter().max_by_key(|c| quality(c)),
        // A match is a match of one alternative: all alternatives need a list.
        HirKind::Alternation(alts) => union(alts, required),
    }
}

/// Longer literals occur less often; past three Japanese characters, fewer literals are better.
fn quality(lits: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = lits.iter().map(|l| rarity(l)).min().unwrap_or(0);
    // Every literal is states in the automaton that every text pays for: past two Japanese characters
    // (or six ASCII letters), a set of many literals (the case variants of `(?i)security by design`)
    // gains less from its extra length than it costs.
    let cap = if lits.len() > MANY_LITERALS { GOOD_ANCHOR_LEN } else { 9 };
    (shortest.min(cap), std::cmp::Reverse(lits.len()))
}

/// See [`quality`].
const MANY_LITERALS: usize = 16;

/// How rare a literal is likely to be, roughly its length in bytes; but a single kana or kanji (three
/// bytes) occurs far more often than three ASCII letters, and counts as two.
fn rarity(lit: &[u8]) -> usize {
    match std::str::from_utf8(lit).map(|s| s.chars().count()) {
        Ok(1) if lit.len() > 1 => 2,
        _ => lit.len(),
    }
}

fn class_literals(c: &Class) -> Option<Vec<Vec<u8>>> {
    match c {
        Class::Unicode(u) => {
            let n: u32 = u.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (n <= MAX_CLASS_LITERALS)
                .then(|| u.iter().flat_map(|r| r.start()..=r.end()).map(|ch| ch.to_string().into_bytes()).collect())
        }
        Class::Bytes(b) => {
            let n: u32 = b.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (n <= MAX_CLASS_LITERALS).then(|| b.iter().flat_map(|r| r.start()..=r.end()).map(|x| vec![x]).collect())
        }
    }
}

/// The most line feeds a match of `h` can contain, or `None` if unbounded.
fn max_lf(h: &Hir) -> Option<usize> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(memchr::memchr_iter(b'\n', &l.0).count()),
        HirKind::Class(Class::Unicode(u)) => {
            Some(usize::from(u.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end())))
        }
        HirKind::Class(Class::Bytes(b)) => {
            Some(usize::from(b.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end())))
        }
        HirKind::Repetition(r) => match max_lf(&r.sub)? {
            0 => Some(0),
            n => r.max.and_then(|m| n.checked_mul(m as usize)),
        },
        HirKind::Capture(c) => max_lf(&c.sub),
        HirKind::Concat(parts) => parts.iter().try_fold(0usize, |acc, p| acc.checked_add(max_lf(p)?)),
        HirKind::Alternation(alts) => alts.iter().try_fold(0usize, |acc, a| Some(acc.max(max_lf(a)?))),
    }
}

/// Keep, among overlapping hits of one pattern, the leftmost and then the longest.
fn leftmost_longest(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut end = 0;
    let mut first = true;
    hits.retain(|h| {
        if first || h.start >= end {
            first = false;
            end = h.end;
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    thread_local! {
        static REFERENCE: std::cell::RefCell<HashMap<String, regex::Regex>> = std::cell::RefCell::new(HashMap::new());
    }

    /// The `regex` crate's own compilation of a source, as the loader used to do it.
    fn reference<T>(source: &str, f: impl FnOnce(&regex::Regex) -> T) -> T {
        REFERENCE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let re = cache.entry(source.to_string()).or_insert_with(|| {
                regex::RegexBuilder::new(source)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .unwrap()
            });
            f(re)
        })
    }

    /// What the `regex` crate's `find_iter` gives.
    fn naive(source: &str, text: &str) -> Vec<Hit> {
        reference(source, |re| {
            re.find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| Hit { start: m.start(), end: m.end(), literal: 0 })
                .collect()
        })
    }

    /// What the engine used to get from `regex::Regex::captures_at`.
    fn naive_captures(source: &str, text: &str, start: usize) -> Vec<(String, Range<usize>)> {
        reference(source, |re| {
            let Some(caps) = re.captures_at(text, start) else { return Vec::new() };
            re.capture_names()
                .enumerate()
                .filter_map(|(i, name)| Some((name?.to_string(), caps.get(i)?.range())))
                .collect()
        })
    }

    /// Every regex pattern's hits are exactly `find_iter`'s over the whole text.
    fn assert_same(m: &Matcher, text: &str) {
        let hits = m.scan(text);
        for (p, kind) in m.kinds.iter().enumerate() {
            if let Slot::Regex(i) = kind {
                let source = &m.regexes[*i].source;
                let found = hits.of(PatId(p));
                assert_eq!(found, naive(source, text).as_slice(), "regex {source:?} on {text:?}");
                for h in found {
                    assert_eq!(m.captures(PatId(p), text, h.start), naive_captures(source, text, h.start));
                }
            }
        }
    }

    fn matcher(sources: &[&str]) -> Matcher {
        let defs = sources.iter().map(|s| PatternDef::Regex(RegexDef::new(s, false).unwrap())).collect();
        let (m, errors) = Matcher::compile(defs, &[]);
        assert!(errors.is_empty());
        m
    }

    /// The same regexes, each only asked about in ranges (searched from the line start when it cannot
    /// match a line feed).
    fn local_matcher(sources: &[&str]) -> Matcher {
        let defs = sources.iter().map(|s| PatternDef::Regex(RegexDef::new(s, false).unwrap())).collect();
        let (m, errors) = Matcher::compile(defs, &vec![true; sources.len()]);
        assert!(errors.is_empty());
        m
    }

    static BUILTIN: std::sync::LazyLock<crate::RuleSet> = std::sync::LazyLock::new(|| crate::builtin::rules().0);
    static TRICKY_MATCHER: std::sync::LazyLock<Matcher> = std::sync::LazyLock::new(|| matcher(TRICKY));

    fn fixture_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut texts = Vec::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    let name = p.to_string_lossy().into_owned();
                    let doc = crate::parse(&name, t.clone(), crate::Format::from_path(&name));
                    texts.push(doc.norm.as_str().to_string());
                    texts.push(t);
                }
            }
        }
        texts
    }

    /// A generated Markdown spec with 30% flawed sentences, parsed.
    fn generated_spec(seed: u64, bytes: usize) -> crate::Document {
        let text = chotatsu_bench::document(&chotatsu_bench::DocOptions {
            seed,
            bytes,
            format: chotatsu_bench::Format::Markdown,
            flaw_percent: 30,
        });
        crate::parse("gen", text, crate::Format::Markdown)
    }

    /// `first_in` searches only the windows a range touches; it must find what the full list has.
    #[test]
    fn lazy_first_in_equals_first_in_of_all_hits() {
        let m = &BUILTIN.matcher;
        // The built-in pack has conditions searched where they are asked about: this test covers them.
        assert!(m.regexes.iter().filter(|r| matches!(r.plan, Plan::Local)).count() >= 3);
        let doc = generated_spec(7, 40_000);
        let norm = doc.norm.as_str();
        let all = m.scan(norm);
        let mut ranges: Vec<Range<usize>> = doc.sentences.iter().map(|s| s.norm.clone()).collect();
        ranges.extend(doc.blocks.iter().map(|b| b.norm.clone()));
        ranges.push(0..norm.len());
        for p in 0..m.kinds.len() {
            let full = all.of(PatId(p)).to_vec();
            let lazy = m.scan(norm);
            for r in &ranges {
                assert_eq!(lazy.first_in(PatId(p), r), first_inside(&full, r).copied(), "pattern {p} in {r:?}");
            }
        }
    }

    /// `starting_in` searches only the windows a range touches; it must list what the full list has.
    #[test]
    fn lazy_starting_in_equals_the_filtered_full_list() {
        let m = &BUILTIN.matcher;
        let doc = generated_spec(11, 40_000);
        let norm = doc.norm.as_str();
        let all = m.scan(norm);
        let mut ranges: Vec<Range<usize>> = doc.blocks.iter().map(|b| b.norm.start..b.norm.end + 1).collect();
        ranges.extend(doc.sections.iter().map(|s| s.norm.clone()));
        ranges.extend([0..norm.len(), 0..0, norm.len()..usize::MAX, 100..101]);
        let mut nonempty = 0;
        for p in 0..m.kinds.len() {
            let full = all.of(PatId(p));
            let lazy = m.scan(norm);
            for r in &ranges {
                let want: Vec<&Hit> = full.iter().filter(|h| r.contains(&h.start)).collect();
                let got: Vec<&Hit> = lazy.starting_in(PatId(p), r.clone()).collect();
                nonempty += usize::from(!want.is_empty());
                assert_eq!(got, want, "pattern {p} in {r:?}");
            }
        }
        assert!(nonempty > 100, "the generated spec exercises the query ({nonempty} non-empty answers)");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]

        /// A DFA scan in streams reports what one stream does, in the same order, wherever the
        /// parts' boundaries fall (inside occurrences, inside characters, between overlapping ones).
        #[test]
        fn streams_report_what_one_stream_does(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "c", "ab", "abc", "aaa", "日本", "本語", "日本語", "語", "。", "x",
            ]), 0..120),
        ) {
            let patterns = ["ab", "abc", "bc", "c", "aaa", "aa", "日本", "本語", "日本語", "本", "語。", "本語。x"];
            let dfa = dfa::DFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(patterns).unwrap();
            let text = parts.concat();
            let mut one = Vec::new();
            occurrences(&dfa, text.as_bytes(), &mut |p, e| one.push((p, e)));
            let mut streams = Vec::new();
            occurrences_in_streams(&dfa, text.as_bytes(), 1, &mut |p, e| streams.push((p, e)));
            proptest::prop_assert_eq!(&streams, &one);
        }
    }

    /// The NFA that scans the first megabytes and the DFA that scans the rest find the same.
    #[test]
    fn nfa_and_dfa_scans_agree() {
        let rules = crate::builtin::rules().0;
        let m = &rules.matcher;
        let doc = generated_spec(3, 60_000);
        let norm = doc.norm.as_str();
        let all =
            |hits: Hits<'_>| -> Vec<Vec<Hit>> { (0..m.kinds.len()).map(|p| hits.of(PatId(p)).to_vec()).collect() };
        let first = all(m.scan(norm));
        assert!(m.ac_dfa.get().is_none(), "a small text is scanned by the NFA");
        m.scanned.store(DFA_AFTER_BYTES, AtomicOrdering::Relaxed);
        let then = all(m.scan(norm));
        assert!(matches!(m.ac_dfa.get(), Some(Some(_))), "the DFA was built and used");
        assert!(first.iter().map(Vec::len).sum::<usize>() > 500);
        assert_eq!(first, then);
    }

    #[test]
    fn builtin_regexes_match_as_find_iter_on_fixtures_and_generated_specs() {
        let rules = &*BUILTIN;
        for text in fixture_texts() {
            assert_same(&rules.matcher, &text);
        }
        for seed in 0..4 {
            for format in [chotatsu_bench::Format::Markdown, chotatsu_bench::Format::Text] {
                let text = chotatsu_bench::document(&chotatsu_bench::DocOptions {
                    seed,
                    bytes: 30_000,
                    format,
                    flaw_percent: 30,
                });
                let f = if format == chotatsu_bench::Format::Markdown {
                    crate::Format::Markdown
                } else {
                    crate::Format::PlainText
                };
                let doc = crate::parse("gen", text.clone(), f);
                assert_same(&rules.matcher, doc.norm.as_str());
                assert_same(&rules.matcher, &text);
            }
        }
    }

    #[test]
    fn plans_of_tricky_regexes() {
        let plan = |s: &str| matcher(&[s]).regexes.into_iter().next().unwrap().plan;
        assert!(matches!(plan("実績|現行(?:の)?システム(?:の|は|では)"), Plan::Strings { .. }));
        assert!(matches!(plan("(?m)こと(?:。|$)|ものとする"), Plan::Strings { .. }));
        assert!(matches!(plan(r"\d+秒"), Plan::Anchored { sets: 1, prefix: None, .. }));
        // Every match begins with 稼働率 or 可用性: the regex is tried at their starts only.
        assert!(matches!(plan(r"(?:稼働率|可用性)[^。\n]{0,25}?\d+%"), Plan::Anchored { prefix: Some(_), .. }));
        assert!(matches!(plan(r"\b(?:稼働率|可用性)\d+%"), Plan::Anchored { prefix: Some(_), .. }));
        assert!(matches!(plan(r"(?:の)?稼働率\d+%"), Plan::Anchored { prefix: None, .. }));
        for tricky in [r"(?:abc|bca)[^。\n]{0,3}?\d", r"abc[^。\n]{0,3}?xba", r"\babc(?:a|b)*c"] {
            assert!(matches!(plan(tricky), Plan::Anchored { prefix: Some(_), .. }), "{tricky}");
        }
        // Each alternative keeps its own reach: 国民向け needs no window wider than itself.
        let Plan::Anchored { reaches, kinds, sets: 1, .. } = plan("国民向け|申請者が[^。]{0,20}?利用")
        else {
            panic!()
        };
        assert_eq!(reaches.iter().map(|r| r.max_len).collect::<Vec<_>>(), [Some(12), Some(12 + 20 * 4 + 6)]);
        assert_eq!(kinds.len(), 2);
        assert!(matches!(plan(r"応答[^。]{0,9}\d+秒以内"), Plan::Anchored { sets: 2, .. }));
        assert!(matches!(plan("(?i)security by design"), Plan::Anchored { .. }));
        // A finite language of many long strings runs around its anchors (here 連携 and 交換), one
        // without anchors stays a language.
        let big = "(?:外部|他|関係|関連|既存)(?:の)?(?:情報)?システム(?:等)?と(?:の)?(?:データ)?連携|データ交換";
        assert!(matches!(plan(big), Plan::Anchored { sets: 1, .. }));
        assert!(matches!(plan("(?:a|b|c|x){4}abc"), Plan::Anchored { sets: 1, .. }));
        assert!(matches!(plan("(?:aa|ab|ba|bb){4}"), Plan::Strings { .. }));
        assert!(matches!(plan("a?"), Plan::Full));
        assert!(matches!(plan(r"\d+"), Plan::Full));
    }

    const TRICKY: &[&str] = &[
        "ab|a",
        "a|ab",
        "(?:ab|a)(?:c|bc)",
        "ab??c?",
        "a{2,3}",
        "a{2,3}?",
        "(?:a|b){0,2}c",
        "(?:a|b){0,2}?c",
        "(?m)ab$",
        "(?m)a(?:b|$)",
        "ab$",
        "a\\z|b",
        "(?m)^ab",
        "\\bab\\b",
        "(?i)ab c",
        "a[^。\\n]{0,3}?b",
        "a[^。\\n]{0,3}b",
        "a[^。]{0,3}?b",
        "(?:a[^。\\n]{0,2}?\\n[^。\\n]{0,2}?)?\\d+b",
        "\\d+(?:\\.\\d+)?(?:ab|ba)",
        "(?:ab|ba)\\d*",
        "(?:ab|ba)[^。]*",
        "x*aab|ab",
        "a.{0,4}b",
        "(?s)a.{0,4}b",
        "c(?:a|b|\\n){1,3}c",
        "ab(?:\\n|c)",
        "\\bab|ba\\B",
        // Alternatives of different reach: each anchor's window is its alternative's.
        "abc|ab[^。\\n]{0,4}?ca|xx(?:a|b)*c",
        "(?m)ab|ba[^。]{0,3}$|c",
        // A finite language too large for the automaton, matched around its anchors.
        "(?:a|b|c|x){4}abc",
        // Tried at the starts of a prefix set (the rarest set, or not the rarest).
        "(?:abc|bca)[^。\\n]{0,3}?\\d",
        "abc[^。\\n]{0,3}?xba",
        "\\babc(?:a|b)*c",
        "(?:abc|ab)(?:c|b)?",
    ];

    /// A condition searched where it is asked about finds what the whole text's matches have there.
    #[test]
    fn local_conditions_find_the_whole_texts_hits() {
        let m = &*TRICKY_LOCAL;
        assert!(m.regexes.iter().filter(|r| matches!(r.plan, Plan::Local)).count() >= 10);
        for text in ["", "ab", "aab\nab", "abc abbc ab\n", "a1b ab12 ba3.4ab\na\n5b", "ccabcc\nc\nc", "aab。ab\nb"] {
            assert_local(m, text);
        }
    }

    /// On a line longer than the local reach (a whole paragraph extracted as one line) a condition is
    /// answered from the whole text's matches: the same answers.
    #[test]
    fn local_conditions_on_a_very_long_line() {
        let m = &*TRICKY_LOCAL;
        let text = format!("{}\n{}", "ab ba abc 1b。x ".repeat(700), "aab 稼 ab\n".repeat(3));
        assert!(text.find('\n').unwrap() > 2 * LOCAL_REACH);
        let hits = m.scan(&text);
        let mut asked = 0;
        for (p, kind) in m.kinds.iter().enumerate() {
            let Slot::Regex(i) = kind else { continue };
            let source = &m.regexes[*i].source;
            let all = naive(source, &text);
            for start in (0..text.len()).step_by(997).filter(|&s| text.is_char_boundary(s)) {
                for len in [0, 1, 5, 40, 5000] {
                    let end = text.floor_char_boundary((start + len).min(text.len()));
                    let r = start..end;
                    assert_eq!(hits.first_in(PatId(p), &r), first_inside(&all, &r).copied(), "{source:?} in {r:?}");
                    asked += 1;
                }
            }
        }
        assert!(asked > 500);
    }

    static TRICKY_LOCAL: std::sync::LazyLock<Matcher> = std::sync::LazyLock::new(|| local_matcher(TRICKY));

    /// For every regex and every range of `text`: `first_in` equals the first of `find_iter`'s
    /// matches inside the range; and `of` equals `find_iter`.
    fn assert_local(m: &Matcher, text: &str) {
        let hits = m.scan(text);
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for (p, kind) in m.kinds.iter().enumerate() {
            let Slot::Regex(i) = kind else { continue };
            let source = &m.regexes[*i].source;
            let all = naive(source, text);
            assert_eq!(hits.of(PatId(p)), all.as_slice(), "{source:?} on {text:?}");
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let r = a..b;
                    assert_eq!(
                        hits.first_in(PatId(p), &r),
                        first_inside(&all, &r).copied(),
                        "{source:?} in {r:?} of {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn tricky_regexes_match_as_find_iter() {
        let m = &*TRICKY_MATCHER;
        for text in ["", "ab", "aab\nab", "abc abbc ab\n", "a1b ab12 ba3.4ab\na\n5b", "ccabcc\nc\nc", "aab。ab\nb"] {
            assert_same(m, text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn seek_is_partition_point(
            mut feeds in prop::collection::vec(0usize..500, 0..60),
            xs in prop::collection::vec(0usize..520, 1..40),
        ) {
            feeds.sort_unstable();
            feeds.dedup();
            let mut cursor = 0;
            for x in xs {
                prop_assert_eq!(seek(&feeds, &mut cursor, x), feeds.partition_point(|&p| p < x));
            }
        }

        #[test]
        fn local_conditions_find_the_whole_texts_hits_on_any_text(
            text in prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "ab", "ba", "\n", " ", "。", "1", ".", "x", "Ab", "稼"]), 0..16)
        ) {
            assert_local(&TRICKY_LOCAL, &text.concat());
        }

        #[test]
        fn tricky_regexes_match_as_find_iter_on_any_text(
            text in prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "ab", "ba", "\n", " ", "。", "1", ".", "x", "Ab", "稼"]), 0..40)
        ) {
            assert_same(&TRICKY_MATCHER, &text.concat());
        }

        #[test]
        fn builtin_regexes_match_as_find_iter_on_any_text(
            text in prop::collection::vec(prop::sample::select(vec![
                "稼働率", "可用性", "は", "99.99", "9", "%", "\n", "。", "(", ")", "以上", "以内", "秒", "1", "時間",
                "RTO", "目標復旧時間", "世代", "バックアップ", "こと", "とする", "24時間", "365日", "常駐", "製", "Cisco社",
                "全ての機器を", "冗長化", "クラウド", "サービス", "GIF", "概要", "第1章", "要件", "Security by Design",
                "現行", "システム", "の", "が", "を", " ", "応答時間", "0.5", "ms", "障害発生から", "に", "再開",
            ]), 0..30)
        ) {
            assert_same(&BUILTIN.matcher, &text.concat());
        }
    }
}
