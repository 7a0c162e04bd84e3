//! Each rule kind, suppressions and front matter, on small inline rules and documents.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use common::{lint_md, render, rules_from};
use insta::assert_snapshot;

const HEAD: &str = "title: 例\nrationale: 例。\nreferences: [{title: 例}]\n";

fn check(rule_body: &str, doc: &str) -> String {
    let rules = rules_from(&format!("{HEAD}{rule_body}"));
    let (d, res) = lint_md(&rules, doc);
    render(&d, &res.diagnostics)
}

#[test]
fn forbid_with_unless_and_quotes() {
    let rule = "id: t/forbid\nkind: forbid\nseverity: warning\nmatch: {any: [オンプレミス]}\nunless: {any: [採用しない, 移行する]}\nmessage: 「{match}」の理由を書いてください。\n";
    assert_snapshot!(check(rule, "# 仕様\n\nオンプレミスで構築する。\n\nオンプレミスは採用しない。\n\n「オンプレミス環境の手引き」を参照する。\n"), @"
    t/forbid [warning] 3:1 bytes 10..28
      | オンプレミスで構築する。
      | ＾＾＾＾＾＾
      = 「オンプレミス」の理由を書いてください。
    ");
}

#[test]
fn forbid_when_only_in_obligations() {
    let rule = "id: t/vague\nkind: forbid\nseverity: info\nmatch: {any: [適宜, 十分な]}\nwhen: {regex: 'こと。|ものとする。'}\nmessage: 「{match}」は検証できません。\n";
    assert_snapshot!(check(rule, "十分な体制を整えること。\n\n十分な実績がある。\n"), @r"
    t/vague [info] 1:1 bytes 0..9
      | 十分な体制を整えること。
      | ＾＾＾
      = 「十分な」は検証できません。
    ");
}

#[test]
fn require_document_with_template_and_when() {
    let rule = "id: t/ismap\nkind: require\nseverity: warning\nmatch: {any: [ISMAP]}\nwhen: {any: [クラウドサービス]}\ntemplate: ISMAPに登録されたサービスを利用すること。\ninsert_into: {any: [遵守事項]}\nmessage: 「{trigger}」を使うなら ISMAP を求めてください。\n";
    let doc = "# 仕様書\n\n## 1. 概要\n\nクラウドサービスを利用する。\n\n## 2. 遵守事項\n\n法令を遵守すること。\n\n## 3. その他\n";
    assert_snapshot!(check(rule, doc), @r#"
    t/ismap [warning] 5:1 bytes 27..51
      | クラウドサービスを利用する。
      | ＾＾＾＾＾＾＾＾
      = 「クラウドサービス」を使うなら ISMAP を求めてください。
      fix (Suggested): 模範条項を「2. 遵守事項」の末尾に挿入
        "" -> "\n\nISMAPに登録されたサービスを利用すること。"
    "#);
    assert_snapshot!(check(rule, "# 仕様書\n\n庁内で運用する。\n"), @"(no findings)");
    assert_snapshot!(check(rule, "# 仕様書\n\nクラウドサービスはＩＳＭＡＰ登録のものとする。\n"), @"(no findings)");
}

#[test]
fn require_in_sections() {
    let rule = "id: t/sec\nkind: require\nscope: section\nin_sections: {any: [情報セキュリティ]}\nseverity: warning\nmatch: {any: [統一基準群]}\nmessage: 統一基準群への準拠を求めてください。\n";
    assert_snapshot!(check(rule, "# 仕様書\n\n## 情報セキュリティ\n\n適切に対策する。\n\n## 運用\n\n統一基準群\n"), @"
    t/sec [warning] 3:4 bytes 16..40
      | ## 情報セキュリティ
      | 　　　＾＾＾＾＾＾＾＾
      = 統一基準群への準拠を求めてください。
    ");
}

#[test]
fn justify_in_paragraph_one_sentence_later() {
    let rule = "id: t/hours\nkind: justify\nseverity: warning\nmatch: {regex: '24時間365日'}\njustification: {any: [ため, 理由]}\nmessage: 「{match}」の理由を書いてください。\n";
    assert_snapshot!(check(rule, "２４時間３６５日稼働すること。\n\n24時間365日稼働すること。救急医療の情報を扱うため停止できない。\n"), @r"
    t/hours [warning] 1:1 bytes 0..24
      | ２４時間３６５日稼働すること。
      | ＾＾＾＾＾＾＾＾
      = 「２４時間３６５日」の理由を書いてください。
    ");
}

#[test]
fn threshold_per_profile_and_units() {
    let rule = "id: t/avail\nkind: threshold\nseverity: warning\nmatch: {regex: '稼働率[はを]?(?P<value>\\d+(?:\\.\\d+)?(?:%|パーセント))'}\ncompare: above\nlimit: {low: 99.0%, standard: 99.9%, high: 99.99%}\nmessage: 稼働率{value}は「{profile}」の目安{limit}を超えています。\n";
    let doc = "稼働率は９９．９９％以上とする。\n\n稼働率は99.9パーセント以上とする。\n\n稼働率99.5%。\n";
    assert_snapshot!(check(rule, doc), @"
    t/avail [warning] 1:1 bytes 0..30
      | 稼働率は９９．９９％以上とする。
      | ＾＾＾＾＾＾＾＾＾＾
      = 稼働率９９．９９％は「standard」の目安99.9%を超えています。
    ");
    let high = format!("---\nchotatsu:\n  profile: high\n---\n{doc}");
    assert_snapshot!(check(rule, &high), @"(no findings)");
}

#[test]
fn threshold_below_with_business_days() {
    let rule = "id: t/rto\nkind: threshold\nseverity: warning\nmatch: {regex: '(?:目標復旧時間|RTO)[はを]?(?P<value>翌営業日|\\d+(?:\\.\\d+)?(?:分|時間|営業日|日))'}\ncompare: below\nlimit: {low: 24時間, standard: 6時間, high: 1時間}\nmessage: 目標復旧時間{value}は目安{limit}より短い。\n";
    assert_snapshot!(check(rule, "目標復旧時間は30分以内とする。\n\nRTOは翌営業日とする。\n\nＲＴＯは２時間。\n"), @"
    t/rto [warning] 1:1 bytes 0..26
      | 目標復旧時間は30分以内とする。
      | ＾＾＾＾＾＾＾＾＾＾
      = 目標復旧時間30分は目安6時間より短い。
    t/rto [warning] 5:1 bytes 78..99
      | ＲＴＯは２時間。
      | ＾＾＾＾＾＾＾
      = 目標復旧時間２時間は目安6時間より短い。
    ");
}

#[test]
fn substitute_offers_safe_fix_and_crosses_line_breaks() {
    let rule = "id: t/legal\nkind: substitute\nseverity: error\nreplace:\n  - {from: 瑕疵担保期間, to: 契約不適合責任の期間}\n  - {from: 瑕疵担保責任, to: 契約不適合責任}\nmessage: 「{match}」は「{replacement}」に改めてください。\n";
    assert_snapshot!(check(rule, "受注者は瑕疵担保責任を負い、瑕疵担保期間は1年とする。\n\n受注者は瑕疵担保\n責任を負う。\n"), @r#"
    t/legal [error] 1:5 bytes 12..30
      | 受注者は瑕疵担保責任を負い、瑕疵担保期間は1年とする。
      | 　　　　＾＾＾＾＾＾
      = 「瑕疵担保責任」は「契約不適合責任」に改めてください。
      fix (Safe): 「瑕疵担保責任」を「契約不適合責任」に置き換える
        "瑕疵担保責任" -> "契約不適合責任"
    t/legal [error] 1:15 bytes 42..60
      | 受注者は瑕疵担保責任を負い、瑕疵担保期間は1年とする。
      | 　　　　　　　　　　　　　　＾＾＾＾＾＾
      = 「瑕疵担保期間」は「契約不適合責任の期間」に改めてください。
      fix (Safe): 「瑕疵担保期間」を「契約不適合責任の期間」に置き換える
        "瑕疵担保期間" -> "契約不適合責任の期間"
    t/legal [error] 3:5 bytes 93..112
      | 受注者は瑕疵担保
      | 　　　　＾＾＾＾
      = 「瑕疵担保責任」は「契約不適合責任」に改めてください。
      fix (Suggested): 「瑕疵担保
    責任」を「契約不適合責任」に置き換える
        "瑕疵担保\n責任" -> "契約不適合責任"
    "#);
}

#[test]
fn sections_missing_and_out_of_order() {
    let rule = "id: t/sections\nkind: sections\nseverity: warning\napplies_to: {any: [仕様書]}\nsections:\n  - {name: 概要, match: {any: [概要]}}\n  - {name: 作業内容, match: {any: [作業の実施内容, 作業内容]}}\n  - {name: 再委託, match: {any: [再委託]}}\nmessage: 「{section}」の章がありません。\n";
    assert_snapshot!(check(rule, "# 調達仕様書\n\n## 1. 作業内容\n\n## 2. 調達の概要\n"), @"
    t/sections [warning] 1:3 bytes 2..17
      | # 調達仕様書
      | 　　＾＾＾＾＾
      = 「再委託」の章がありません。
    t/sections [info] 3:4 bytes 22..37
      | ## 1. 作業内容
      | 　　　＾＾＾＾＾＾＾
      = 「作業内容」の章は「概要」の後に置くのが標準の順序です。
      help: デジタル・ガバメント推進標準ガイドラインの標準的な章立ての順に並べ替えてください
    ");
    assert_snapshot!(check(rule, "# 議事録\n\n本文。\n"), @"(no findings)");
}

#[test]
fn suppressions_keep_findings_with_reasons() {
    let rule = "id: t/legal\nkind: substitute\nseverity: error\nreplace: [{from: 瑕疵担保責任, to: 契約不適合責任}]\nmessage: 「{match}」を改めてください。\n";
    let doc = "<!-- chotatsu-disable-next-line t/legal -- 旧契約の引用のため -->\n瑕疵担保責任（旧契約）\n\n<!-- chotatsu-disable t -->\n瑕疵担保責任\n<!-- chotatsu-enable t -->\n\n瑕疵担保責任\n\n<!-- chotatsu-disable-next-line t/legl -- 誤記 -->\n";
    assert_snapshot!(check(rule, doc), @r#"
    t/legal [error] 2:1 bytes 75..93
      | 瑕疵担保責任（旧契約）
      | ＾＾＾＾＾＾
      = 「瑕疵担保責任」を改めてください。
      fix (Safe): 「瑕疵担保責任」を「契約不適合責任」に置き換える
        "瑕疵担保責任" -> "契約不適合責任"
      suppressed: 旧契約の引用のため
    chotatsu/suppression-reason [warning] 4:1 bytes 110..137
      | <!-- chotatsu-disable t -->
      | ＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾
      = 抑止コメントに理由がありません
      help: <!-- chotatsu-disable-next-line ルールID -- 理由 --> のように「--」の後に理由を書いてください
    t/legal [error] 5:1 bytes 138..156
      | 瑕疵担保責任
      | ＾＾＾＾＾＾
      = 「瑕疵担保責任」を改めてください。
      fix (Safe): 「瑕疵担保責任」を「契約不適合責任」に置き換える
        "瑕疵担保責任" -> "契約不適合責任"
      suppressed: (no reason)
    t/legal [error] 8:1 bytes 185..203
      | 瑕疵担保責任
      | ＾＾＾＾＾＾
      = 「瑕疵担保責任」を改めてください。
      fix (Safe): 「瑕疵担保責任」を「契約不適合責任」に置き換える
        "瑕疵担保責任" -> "契約不適合責任"
    chotatsu/unknown-rule [warning] 10:1 bytes 205..257
      | <!-- chotatsu-disable-next-line t/legl -- 誤記 -->
      | ＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾＾
      = 「t/legl」というルールはありません
      help: 「t/legal」の誤りではありませんか
    "#);
}

#[test]
fn front_matter_waivers_and_errors() {
    let rule = "id: t/legal\nkind: substitute\nseverity: error\nreplace: [{from: 瑕疵担保責任, to: 契約不適合責任}]\nmessage: 「{match}」を改めてください。\n";
    let doc = "---\nchotatsu:\n  waivers:\n    - {rule: t/legal, reason: 旧契約の条文を引用}\n---\n瑕疵担保責任\n";
    let out = check(rule, doc);
    assert!(out.contains("suppressed: 旧契約の条文を引用"), "{out}");
    let bad = "---\nchotatsu:\n  profil: high\n---\n本文。\n";
    assert_snapshot!(check(rule, bad), @"
    chotatsu/front-matter [error] 3:3 bytes 16..17
      |   profil: high
      | 　　＾
      = フロントマターの chotatsu 設定を読めません: unknown field `profil`, expected one of profile, waivers at line 2, column 3
      help: chotatsu: {profile: standard, waivers: [{rule: ID, reason: 理由}]} の形で書いてください
    ");
}

#[test]
fn justify_in_a_table_looks_at_the_whole_row() {
    let rule = "id: t/hours\nkind: justify\nseverity: warning\nmatch: {regex: '24時間365日'}\njustification: {any: [ため]}\nmessage: 「{match}」の理由を書いてください。\n";
    let doc = "| 機能 | 運用時間 | 理由 |\n|---|---|---|\n| 申請受付 | 24時間365日 | 夜間も申請を受け付けるため |\n| 審査 | 24時間365日 | — |\n";
    assert_snapshot!(check(rule, doc), @"
    t/hours [warning] 4:8 bytes 136..150
      | | 審査 | 24時間365日 | — |
      | 　　　　　　　＾＾＾＾＾＾＾＾
      = 「24時間365日」の理由を書いてください。
    ");
}
