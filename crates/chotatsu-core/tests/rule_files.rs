//! Bad rule and config files: each gets a report naming the file, line and column, and what to
//! write instead.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{Config, RuleFile, RuleSet};
use common::{render_problems, root};

#[test]
fn bad_rule_files_are_reported_with_positions() {
    insta::glob!(root().join("fixtures/rule-files"), "*.yaml", |path| {
        let name = format!("fixtures/rule-files/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(path).unwrap();
        let report = if name.ends_with(".chotatsu.yaml") {
            match Config::parse(&name, &text) {
                Ok(cfg) => {
                    let (rules, _) = chotatsu_core::builtin::rules();
                    render_problems(&cfg.check_against(&rules))
                }
                Err(problems) => render_problems(&problems),
            }
        } else {
            let expected = Some("nfr/example".to_string()).filter(|_| name.contains("id-mismatch"));
            let (rules, problems) = RuleSet::load(&[RuleFile {
                name: name.clone(),
                text,
                expected_id: expected.map(|_| "nfr/id-mismatch".into()),
                trusted: false,
            }]);
            assert!(rules.rules.is_empty(), "{name}: a broken rule must not load");
            assert!(!problems.is_empty(), "{name}: expected a problem");
            render_problems(&problems)
        };
        assert!(!report.trim().is_empty(), "{name}: expected a report");
        insta::assert_snapshot!(report);
    });
}

#[test]
fn loading_reports_every_problem_and_keeps_good_rules() {
    let dir = root().join("fixtures/rule-files");
    let mut files: Vec<RuleFile> = ["unknown-kind.yaml", "invalid-regex.yaml"]
        .iter()
        .map(|f| RuleFile {
            name: (*f).into(),
            text: std::fs::read_to_string(dir.join(f)).unwrap(),
            expected_id: None,
            trusted: false,
        })
        .collect();
    files.extend(chotatsu_core::builtin::rule_files());
    let (rules, problems) = RuleSet::load(&files);
    assert_eq!(problems.len(), 2, "{}", render_problems(&problems));
    assert_eq!(rules.rules.len(), chotatsu_core::builtin::rule_files().len());
}
