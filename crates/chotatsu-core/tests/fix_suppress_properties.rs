//! Property tests of `--fix` and suppression comments: fixes applied twice equal fixes applied once,
//! safe fixes never create new findings of their rule, and a `disable-next-line` comment changes no
//! other finding.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{Diagnostic, Format, RuleSet, Settings, apply_fixes};
use proptest::prelude::*;
use std::sync::OnceLock;

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| chotatsu_core::builtin::rules().0)
}

fn lint(text: &str) -> Vec<Diagnostic> {
    let doc = chotatsu_core::parse("prop.md", text.to_string(), Format::Markdown);
    chotatsu_core::lint(&doc, builtin(), &Settings::default()).diagnostics
}

/// Fragments around the built-in substitutions (瑕疵担保… → 契約不適合…): clean occurrences, ones
/// broken by spaces, line breaks and markup (offered, not applied), longer and shorter overlapping
/// forms, and surrounding prose and structure.
fn fix_text() -> impl Strategy<Value = String> {
    let pieces = [
        "瑕疵担保責任",
        "瑕疵担保責任期間",
        "瑕疵担保期間",
        "瑕疵担保",
        "瑕疵 担保",
        "瑕疵\n担保",
        "**瑕疵**担保",
        "`瑕疵担保`",
        "契約不適合責任",
        "受注者は",
        "を負うこと。",
        "稼働率は99.999%以上とすること。",
        "\n\n",
        "\n",
        "# 第1章 概要\n\n",
        "- ",
        "> ",
        "｢瑕疵担保｣",
        "<!-- chotatsu-disable-next-line legal/contract-nonconformity -- 引用 -->\n",
        "𠮷",
    ];
    prop::collection::vec(prop::sample::select(pieces.to_vec()), 0..40).prop_map(|v| v.concat())
}

/// The blocks of a realistic flawed spec, separated by blank lines.
fn spec_blocks() -> &'static [String] {
    static BLOCKS: OnceLock<Vec<String>> = OnceLock::new();
    BLOCKS.get_or_init(|| {
        let text = std::fs::read_to_string(common::root().join("fixtures/specs/flawed-spec.md")).unwrap();
        text.split("\n\n").map(|b| b.trim_matches('\n').to_string()).filter(|b| !b.is_empty()).collect()
    })
}

/// Unsuppressed findings as comparable keys, with spans mapped through `shift`.
fn keys(diags: &[Diagnostic], shift: impl Fn(usize) -> usize) -> Vec<(String, String, usize, usize)> {
    let mut k: Vec<_> = diags
        .iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| (d.rule.clone(), d.message.clone(), shift(d.span.start), shift(d.span.end)))
        .collect();
    k.sort();
    k
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fixes_applied_twice_equal_fixes_applied_once(text in fix_text()) {
        let first = lint(&text);
        let (once, applied) = apply_fixes(&text, &first);
        let second = lint(&once);
        let (twice, applied_again) = apply_fixes(&once, &second);
        prop_assert_eq!(&twice, &once, "second pass changed the text");
        prop_assert_eq!(applied_again, 0);
        // Safe fixes never create findings of their rule: what remains is at most what was there
        // minus what was fixed.
        let count = |ds: &[Diagnostic], rule: &str| ds.iter().filter(|d| d.rule == rule && d.suppressed.is_none()).count();
        for rule in first.iter().filter(|d| d.safe_fix().is_some()).map(|d| d.rule.as_str()) {
            prop_assert!(count(&second, rule) <= count(&first, rule), "{} grew after --fix", rule);
        }
        // Each applied fix removed its finding (the built-in pack's only safe fixes are this rule's).
        let rule = "legal/contract-nonconformity";
        prop_assert!(count(&second, rule) + applied <= count(&first, rule), "fixed findings remain: {:#?}", second);
    }

    #[test]
    fn a_disable_next_line_comment_changes_no_other_finding(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..25),
        at in any::<prop::sample::Index>(),
        rule_pick in any::<prop::sample::Index>(),
    ) {
        let blocks = spec_blocks();
        // Keep the title first, so that the document keeps its title.
        let mut chosen = vec![blocks[0].clone()];
        chosen.extend(picks.iter().map(|i| i.get(blocks).clone()));
        let text = chosen.join("\n\n") + "\n";
        let before = lint(&text);
        let fired: Vec<&str> = before.iter().filter(|d| !d.rule.starts_with("chotatsu/")).map(|d| d.rule.as_str()).collect();
        prop_assume!(!fired.is_empty());
        let rule = rule_pick.get(&fired).to_string();
        // Before a block that follows a blank line (not the title): a comment there is an HTML block
        // of its own and leaves the structure as it was.
        let starts: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i + 2).filter(|&i| i < text.len()).collect();
        let pos = *at.get(&starts);
        let comment = format!("<!-- chotatsu-disable-next-line {rule} -- 理由 -->\n");
        let mut edited = text.clone();
        edited.insert_str(pos, &comment);
        let after = lint(&edited);
        let shift = |o: usize| if o >= pos { o + comment.len() } else { o };
        let others = |ds: &[Diagnostic]| ds.iter().filter(|d| d.rule != rule).cloned().collect::<Vec<_>>();
        prop_assert_eq!(keys(&others(&after), |o| o), keys(&others(&before), shift));
        // The rule's own findings change only on the next line.
        let next_line = pos + comment.len()..text[pos..].find('\n').map_or(edited.len(), |e| pos + comment.len() + e);
        let own = |ds: &[Diagnostic]| ds.iter().filter(|d| d.rule == rule).cloned().collect::<Vec<_>>();
        let outside = |k: Vec<(String, String, usize, usize)>| k.into_iter().filter(|k| !next_line.contains(&k.2)).collect::<Vec<_>>();
        prop_assert_eq!(outside(keys(&own(&after), |o| o)), outside(keys(&own(&before), shift)));
    }
}

/// A user pack whose replacements contain their own pattern, before or after normalization
/// (`サーバー` normalizes to `サーバ`: the word-final ー is dropped).
fn self_covering_pack() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        common::rules_from(concat!(
            "id: t/terms\ntitle: 例\nrationale: 例。\nreferences: [{title: 例}]\nkind: substitute\nseverity: info\n",
            "replace:\n  - from: サーバ\n    to: サーバー\n  - from: クラウド\n    to: クラウドサービス\nmessage: 例。\n",
        ))
    })
}

fn fix_with(rules: &RuleSet, text: &str) -> (String, usize) {
    let doc = chotatsu_core::parse("prop.md", text.to_string(), Format::Markdown);
    let res = chotatsu_core::lint(&doc, rules, &Settings::default());
    apply_fixes(text, &res.diagnostics)
}

#[test]
fn a_replacement_that_contains_its_pattern_is_not_applied_again() {
    let rules = self_covering_pack();
    let (once, n) =
        fix_with(rules, "サーバを置く。サーバーを置く。ｻｰﾊﾞを置く。クラウドを使う。クラウドサービスを使う。");
    assert_eq!(
        once,
        "サーバーを置く。サーバーを置く。サーバーを置く。クラウドサービスを使う。クラウドサービスを使う。"
    );
    assert_eq!(n, 3);
    assert_eq!(fix_with(rules, &once), (once.clone(), 0), "nothing left to fix, no ー appended");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fixes_of_self_covering_replacements_are_idempotent(
        pieces in prop::collection::vec(prop::sample::select(vec!["サーバ", "サーバー", "ｻｰﾊﾞ", "サーバーー", "クラウド", "クラウドサービス", "を", "。", "\n", " ", "ー"]), 0..30)
    ) {
        let text = pieces.concat();
        let (once, _) = fix_with(self_covering_pack(), &text);
        let (twice, again) = fix_with(self_covering_pack(), &once);
        prop_assert_eq!(&twice, &once);
        prop_assert_eq!(again, 0);
    }
}
