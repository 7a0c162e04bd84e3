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

/// Files read in any order (as a parallel map reads them) load the same rule set as one by one:
/// the same problems, the same rules, the same findings on the spec fixtures.
#[test]
fn loading_with_a_map_in_any_order_is_loading() {
    let dir = root().join("fixtures/rule-files");
    let mut files = chotatsu_core::builtin::rule_files();
    files.extend(["unknown-kind.yaml", "invalid-regex.yaml"].iter().map(|f| RuleFile {
        name: (*f).into(),
        text: std::fs::read_to_string(dir.join(f)).unwrap(),
        expected_id: None,
        trusted: false,
    }));
    // A second copy of a built-in rule: a duplicate id.
    let mut dup = chotatsu_core::builtin::rule_files().remove(0);
    dup.name = "copy.yaml".into();
    dup.trusted = false;
    files.push(dup);
    let (one_by_one, problems) = RuleSet::load(&files);
    let (mapped, mapped_problems) = RuleSet::load_with(&files, |parse| {
        let mut out: Vec<_> = files.iter().enumerate().rev().map(|(i, f)| (i, parse(f))).collect();
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, p)| p).collect()
    });
    assert_eq!(render_problems(&problems), render_problems(&mapped_problems));
    assert_eq!(problems.len(), 3, "{}", render_problems(&problems));
    let ids = |r: &RuleSet| r.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&one_by_one), ids(&mapped));
    let specs = root().join("fixtures/specs");
    let mut linted = 0;
    for entry in std::fs::read_dir(specs).unwrap() {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().into_owned();
        let Ok(input) = chotatsu_core::input::read(&name, &std::fs::read(&path).unwrap()) else { continue };
        let a = chotatsu_core::lint(&input.document, &one_by_one, &chotatsu_core::Settings::default());
        let b = chotatsu_core::lint(&input.document, &mapped, &chotatsu_core::Settings::default());
        assert_eq!(format!("{:?}", a.diagnostics), format!("{:?}", b.diagnostics), "{name}");
        assert_eq!(a.policy, b.policy, "{name}");
        linted += usize::from(!a.diagnostics.is_empty());
    }
    assert!(linted >= 3, "the spec fixtures have findings ({linted} with findings)");
}
