//! All patterns of a rule set, compiled once: literal lists into one Aho-Corasick automaton, regexes
//! into one `RegexSet` (which says in a single pass which regexes occur at all) plus the individual
//! regexes, run only for the ones that occur.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::ops::Range;

/// Index of a pattern in a [`Matcher`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatId(pub(crate) usize);

/// A pattern as loaded (already normalized).
#[derive(Clone, Debug)]
pub(crate) enum PatternDef {
    Literals(Vec<String>),
    Regex(String),
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

pub(crate) fn build_regex(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).size_limit(REGEX_SIZE_LIMIT).dfa_size_limit(REGEX_SIZE_LIMIT).build()
}

#[derive(Debug)]
pub(crate) struct Matcher {
    kinds: Vec<Slot>,
    ac: Option<AhoCorasick>,
    /// AC pattern index → (pattern, literal index).
    ac_map: Vec<(usize, usize)>,
    set: Option<RegexSet>,
    regexes: Vec<(usize, Regex)>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Literals,
    Regex(usize),
}

/// Hits per pattern for one text.
#[derive(Debug, Default)]
pub struct Hits {
    by_pat: Vec<Vec<Hit>>,
}

impl Hits {
    /// Hits of a pattern, sorted by start, non-overlapping.
    pub fn of(&self, p: PatId) -> &[Hit] {
        self.by_pat.get(p.0).map_or(&[], Vec::as_slice)
    }

    /// The first hit of `p` that lies inside `range`.
    pub fn first_in(&self, p: PatId, range: &Range<usize>) -> Option<&Hit> {
        let hits = self.of(p);
        let i = hits.partition_point(|h| h.start < range.start);
        hits[i..].iter().take_while(|h| h.start < range.end).find(|h| h.end <= range.end)
    }
}

impl Matcher {
    /// Compile. Patterns were validated one by one; errors here can only be size limits of the
    /// combined automata, returned as messages (the affected patterns then never match).
    pub(crate) fn compile(defs: Vec<PatternDef>) -> (Self, Vec<String>) {
        let mut errors = Vec::new();
        let mut lits = Vec::new();
        let mut ac_map = Vec::new();
        let mut regexes = Vec::new();
        let mut kinds = Vec::with_capacity(defs.len());
        for (i, def) in defs.into_iter().enumerate() {
            match def {
                PatternDef::Literals(list) => {
                    for (j, l) in list.into_iter().enumerate() {
                        lits.push(l);
                        ac_map.push((i, j));
                    }
                    kinds.push(Slot::Literals);
                }
                PatternDef::Regex(src) => match build_regex(&src) {
                    Ok(re) => {
                        kinds.push(Slot::Regex(regexes.len()));
                        regexes.push((i, re));
                    }
                    Err(e) => {
                        errors.push(e.to_string());
                        kinds.push(Slot::Literals);
                    }
                },
            }
        }
        let ac = if lits.is_empty() {
            None
        } else {
            match AhoCorasick::builder().match_kind(MatchKind::Standard).kind(Some(AhoCorasickKind::DFA)).build(&lits) {
                Ok(ac) => Some(ac),
                Err(_) => match AhoCorasick::builder().match_kind(MatchKind::Standard).build(&lits) {
                    Ok(ac) => Some(ac),
                    Err(e) => {
                        errors.push(e.to_string());
                        None
                    }
                },
            }
        };
        let set = if regexes.is_empty() {
            None
        } else {
            match RegexSetBuilder::new(regexes.iter().map(|(_, r)| r.as_str()))
                .size_limit(REGEX_SIZE_LIMIT * 16)
                .dfa_size_limit(REGEX_SIZE_LIMIT * 4)
                .build()
            {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(e.to_string());
                    None
                }
            }
        };
        (Self { kinds, ac, ac_map, set, regexes }, errors)
    }

    /// Find every pattern's hits in `text`: one pass for all literals, one pass to learn which
    /// regexes occur, then one pass for each regex that does.
    pub(crate) fn scan(&self, text: &str) -> Hits {
        let mut by_pat: Vec<Vec<Hit>> = vec![Vec::new(); self.kinds.len()];
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let (p, literal) = self.ac_map[m.pattern().as_usize()];
                by_pat[p].push(Hit { start: m.start(), end: m.end(), literal });
            }
            for (p, kind) in self.kinds.iter().enumerate() {
                if matches!(kind, Slot::Literals) && by_pat[p].len() > 1 {
                    leftmost_longest(&mut by_pat[p]);
                }
            }
        }
        if let Some(set) = &self.set {
            for idx in &set.matches(text) {
                let (p, re) = &self.regexes[idx];
                by_pat[*p].extend(re.find_iter(text).filter(|m| !m.is_empty()).map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    literal: 0,
                }));
            }
        }
        Hits { by_pat }
    }

    /// The regex of a pattern, for captures.
    pub(crate) fn regex(&self, p: PatId) -> Option<&Regex> {
        match self.kinds.get(p.0)? {
            Slot::Regex(i) => self.regexes.get(*i).map(|(_, r)| r),
            Slot::Literals => None,
        }
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
