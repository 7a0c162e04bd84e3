//! The built-in pack: every rule's examples, its firing and quiet fixtures, the whole-spec fixtures,
//! and the generated files that must stay in sync with it (`rules/schema.json`, `docs/rules.md`).
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;
use chotatsu_core::{Diagnostic, Format, RuleSet, Settings, Severity};
use common::{render, root};
use std::path::Path;

fn builtin() -> RuleSet {
    let (rules, problems) = chotatsu_core::builtin::rules();
    assert!(problems.is_empty(), "{}", common::render_problems(&problems));
    rules
}

fn lint_file(rules: &RuleSet, path: &Path) -> (chotatsu_core::Document, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let input = chotatsu_core::input::read(&name, &bytes).unwrap();
    let res = chotatsu_core::lint(&input.document, rules, &Settings::default());
    (input.document, res.diagnostics)
}

#[test]
fn every_rule_example_fires_or_stays_quiet() {
    let rules = builtin();
    let mut failures = Vec::new();
    for rule in &rules.rules {
        assert!(
            !rule.examples.fires.is_empty() && !rule.examples.quiet.is_empty(),
            "{}: needs fires and quiet examples",
            rule.id
        );
        for (expect_fire, list) in [(true, &rule.examples.fires), (false, &rule.examples.quiet)] {
            for (i, ex) in list.iter().enumerate() {
                let doc = chotatsu_core::parse("example.md", ex.clone(), Format::Markdown);
                let res = chotatsu_core::lint(&doc, &rules, &Settings::default());
                let fired = res.diagnostics.iter().any(|d| d.rule == rule.id && d.suppressed.is_none());
                if fired != expect_fire {
                    failures.push(format!(
                        "{} ({}) {} example #{}:\n{}\n{}",
                        rule.id,
                        rule.file,
                        if expect_fire { "fires" } else { "quiet" },
                        i + 1,
                        ex,
                        render(
                            &doc,
                            &res.diagnostics.iter().filter(|d| d.rule == rule.id).cloned().collect::<Vec<_>>()
                        )
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} example(s) failed:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_fixture() {
    let rules = builtin();
    for rule in &rules.rules {
        let dir = root().join("fixtures/rules").join(&rule.id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{}: missing fixtures/rules/{}/", rule.id, rule.id))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().any(|n| n.starts_with("fires")), "{}: no fires fixture", rule.id);
        assert!(names.iter().any(|n| n.starts_with("quiet")), "{}: no quiet fixture", rule.id);
    }
}

/// For `fixtures/rules/<area>/<name>/<case>.md`, the findings of rule `<area>/<name>`.
#[test]
fn rule_fixtures() {
    let rules = builtin();
    insta::glob!(root().join("fixtures"), "rules/*/*/*.{md,txt}", |path| {
        let rel = path.strip_prefix(root().join("fixtures/rules")).unwrap();
        let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let id = format!("{}/{}", parts[0], parts[1]);
        assert!(rules.get(&id).is_some(), "fixture for unknown rule {id}");
        let (doc, diags) = lint_file(&rules, path);
        let mine: Vec<Diagnostic> = diags.into_iter().filter(|d| d.rule == id && d.suppressed.is_none()).collect();
        let case = &parts[2];
        if case.starts_with("quiet") {
            assert!(mine.is_empty(), "{id}: {case} must stay quiet:\n{}", render(&doc, &mine));
        } else {
            assert!(!mine.is_empty(), "{id}: {case} must fire");
        }
        insta::assert_snapshot!(render(&doc, &mine));
    });
}

/// Whole documents with every rule: interactions between rules are visible in review.
#[test]
fn spec_fixtures() {
    let rules = builtin();
    insta::glob!(root().join("fixtures"), "specs/*.{md,txt}", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        if name == "README.md" {
            return;
        }
        let (doc, diags) = lint_file(&rules, path);
        if name.starts_with("clean") {
            let loud: Vec<Diagnostic> =
                diags.iter().filter(|d| d.severity > Severity::Info && d.suppressed.is_none()).cloned().collect();
            assert!(loud.is_empty(), "{name} must have no warning or error:\n{}", render(&doc, &loud));
        }
        insta::assert_snapshot!(render(&doc, &diags));
    });
}

/// The built-in pack is trusted: its regexes are only parsed at load and compiled on first use. This
/// is what makes that safe: each one compiles, and a pack loaded untrusted (every regex compiled
/// at load) gives the same findings.
#[test]
fn builtin_regexes_compile_and_deferring_them_changes_nothing() {
    let lazy = builtin();
    assert!(lazy.prepare_count() > 0);
    for i in 0..lazy.prepare_count() {
        assert!(lazy.prepare(i), "built-in regex {i} does not compile");
    }
    let files: Vec<_> = chotatsu_core::builtin::rule_files()
        .into_iter()
        .map(|f| chotatsu_core::RuleFile { trusted: false, ..f })
        .collect();
    let (eager, problems) = RuleSet::load(&files);
    assert!(problems.is_empty(), "{}", common::render_problems(&problems));
    let fresh = builtin();
    for dir in ["fixtures/specs", "fixtures/text"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let (doc, a) = lint_file(&eager, &path);
            let (_, b) = lint_file(&fresh, &path);
            assert_eq!(render(&doc, &a), render(&doc, &b), "{}", path.display());
        }
    }
}

#[test]
fn profile_high_accepts_what_standard_flags() {
    let rules = builtin();
    let text = "# 基幹システム\n\n本システムの稼働率は99.99%以上とすること。\n";
    let doc = chotatsu_core::parse("t.md", text.into(), Format::Markdown);
    let count = |settings: &Settings| {
        chotatsu_core::lint(&doc, &rules, settings).diagnostics.iter().filter(|d| d.rule == "nfr/availability").count()
    };
    assert_eq!(count(&Settings::default()), 1);
    let high = Settings { profile: chotatsu_core::Profile::High, profile_forced: true, ..Settings::default() };
    assert_eq!(count(&high), 0);
}

fn check_generated(rel: &str, expected: &str) {
    let path = root().join(rel);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current.replace("\r\n", "\n") == expected {
        return;
    }
    if std::env::var_os("CHOTATSU_BLESS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    panic!("{rel} is out of date; refresh it with: CHOTATSU_BLESS=1 cargo test -p chotatsu-core --test builtin");
}

#[test]
fn rule_schema_is_up_to_date() {
    let schema = schemars::schema_for!(chotatsu_core::rules::schema::RawRule);
    check_generated("rules/schema.json", &(serde_json::to_string_pretty(&schema).unwrap() + "\n"));
    let schema = schemars::schema_for!(chotatsu_core::config::RawConfig);
    check_generated("docs/config.schema.json", &(serde_json::to_string_pretty(&schema).unwrap() + "\n"));
}

#[test]
fn rules_doc_is_up_to_date() {
    check_generated("docs/rules.md", &chotatsu_core::rules::docs::rules_markdown(&builtin()));
}

#[test]
fn architecture_doc_covers_every_crate_and_folder() {
    let arch = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(arch.contains(&format!("`crates/{name}`")), "ARCHITECTURE.md does not describe crates/{name}");
    }
    for folder in ["rules", "fixtures", "editors", "tests", "docs"] {
        assert!(arch.contains(&format!("`{folder}/`")), "ARCHITECTURE.md does not describe {folder}/");
    }
}

/// Rules left out at load (`RuleSet::load_only`, what `--select` / `--ignore` do) change no finding
/// and no policy point of the rules that run, and selectors naming them stay known.
#[test]
fn rules_left_out_at_load_change_nothing_that_runs() {
    let full = builtin();
    let files = chotatsu_core::builtin::rule_files();
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["fixtures/specs", "fixtures/text"] {
        paths.extend(std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()));
    }
    for area in std::fs::read_dir(root().join("fixtures/rules")).unwrap() {
        for rule in std::fs::read_dir(area.unwrap().path()).unwrap() {
            paths.extend(std::fs::read_dir(rule.unwrap().path()).unwrap().map(|e| e.unwrap().path()));
        }
    }
    paths.sort();
    let selections: [(Option<&[&str]>, &[&str]); 4] = [
        (Some(&["wording", "procurement/brand-name", "digital", "legal", "nfr/onsite-support"]), &[]),
        (Some(&["nfr"]), &["nfr/availability"]),
        (Some(&["security/supply-chain"]), &[]),
        (None, &["nfr", "cloud", "structure"]),
    ];
    for (select, ignore) in selections {
        let settings = Settings {
            select: select.map(|s| s.iter().map(ToString::to_string).collect()),
            ignore: ignore.iter().map(ToString::to_string).collect(),
            ..Settings::default()
        };
        let (pruned, problems) =
            RuleSet::load_only(&files, |parse| files.iter().map(parse).collect(), |id| settings.selected(id));
        assert!(problems.is_empty(), "{}", common::render_problems(&problems));
        assert!(!pruned.rules.is_empty() && !pruned.left_out.is_empty(), "{select:?} {ignore:?}");
        assert_eq!(pruned.rules.len() + pruned.left_out.len(), full.rules.len());
        assert!(pruned.rules.iter().all(|r| settings.selected(&r.id)));
        assert!(pruned.left_out.iter().all(|id| !settings.selected(id) && pruned.knows(id)));
        for path in &paths {
            let bytes = std::fs::read(path).unwrap();
            let Ok(input) = chotatsu_core::input::read(&path.to_string_lossy(), &bytes) else { continue };
            let doc = &input.document;
            let a = chotatsu_core::lint(doc, &full, &settings);
            let b = chotatsu_core::lint(doc, &pruned, &settings);
            assert_eq!(
                render(doc, &a.diagnostics),
                render(doc, &b.diagnostics),
                "{}: {select:?} {ignore:?}",
                path.display()
            );
            assert_eq!(format!("{:?}", a.policy), format!("{:?}", b.policy), "{}", path.display());
        }
        // A suppression that names a rule left out is not an unknown rule.
        let left = &pruned.left_out[0];
        let text = format!("# 仕様\n\n<!-- chotatsu-disable {left} -- 別途審査済み -->\n\n本文。\n");
        let doc = chotatsu_core::parse("t.md", text, Format::Markdown);
        let res = chotatsu_core::lint(&doc, &pruned, &settings);
        assert!(
            !res.diagnostics.iter().any(|d| d.rule == "chotatsu/unknown-rule"),
            "{left}: {}",
            render(&doc, &res.diagnostics)
        );
    }
}
