//! Rule documentation rendered from the rules themselves: one function feeds `chotatsu explain`,
//! LSP hovers and `docs/rules.md`.

use super::{CheckKind, Profile, Rule, RuleSet};
use crate::rules::schema::Level;
use std::fmt::Write as _;

/// The anchor of a rule in `docs/rules.md`: the id with `/` replaced by `-`
/// (`nfr/availability` → `nfr-availability`). Editors link findings there.
pub fn anchor(id: &str) -> String {
    id.replace('/', "-")
}

/// Where `docs/rules.md` is published; a rule's page is this plus `#` and its [`anchor`].
pub const DOCS_URL: &str = "https://github.com/chotatsu/chotatsu/blob/main/docs/rules.md";

/// The documentation URL of a rule.
pub fn url(id: &str) -> String {
    format!("{DOCS_URL}#{}", anchor(id))
}

/// The kind names of a rule's checks, deduplicated, e.g. `threshold, forbid`.
pub fn kinds(rule: &Rule) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in &rule.checks {
        let n = match c.kind {
            CheckKind::Forbid { .. } => "forbid",
            CheckKind::Require { .. } => "require",
            CheckKind::Justify { .. } => "justify",
            CheckKind::Threshold { .. } => "threshold",
            CheckKind::Substitute { .. } => "substitute",
            CheckKind::Sections { .. } => "sections",
        };
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join(", ")
}

/// Severity per profile, e.g. `warning` or `low: warning / standard: warning / high: off`.
pub fn levels(rule: &Rule) -> String {
    let per: Vec<Level> = Profile::ALL.iter().map(|p| rule.level(*p)).collect();
    if per.windows(2).all(|w| w[0] == w[1]) {
        per[0].name().to_string()
    } else {
        Profile::ALL
            .iter()
            .zip(&per)
            .map(|(p, l)| format!("{}: {}", p.name(), l.name()))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// Threshold limits per profile, e.g. `low: 99.0% / standard: 99.9% / high: 99.99%`.
pub fn limits(rule: &Rule) -> Option<String> {
    rule.checks.iter().find_map(|c| match &c.kind {
        CheckKind::Threshold { limits, compare, .. } => Some(format!(
            "{}（{}）",
            Profile::ALL
                .iter()
                .map(|p| format!(
                    "{}: {}",
                    p.name(),
                    limits[*p as usize].as_ref().map_or("上限なし", |l| l.text.as_str())
                ))
                .collect::<Vec<_>>()
                .join(" / "),
            match compare {
                super::Compare::Above => "これを超えると指摘",
                super::Compare::Below => "これより短いと指摘",
            }
        )),
        _ => None,
    })
}

/// The rule's references as Markdown list items.
pub fn references_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    for r in &rule.references {
        let mut line = match &r.url {
            Some(u) => format!("- [{}]({u})", r.title),
            None => format!("- {}", r.title),
        };
        if let Some(s) = &r.section {
            let _ = write!(line, " {s}");
        }
        if let Some(d) = &r.date {
            let _ = write!(line, "（{d}）");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A rule explained in Markdown: title, id, severity, rationale, references, and optionally examples.
pub fn explain_markdown(rule: &Rule, with_examples: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### `{}`: {}\n", rule.id, rule.title);
    let _ = writeln!(out, "- 種類: {}\n- 重大度: {}", kinds(rule), levels(rule));
    if let Some(l) = limits(rule) {
        let _ = writeln!(out, "- しきい値: {l}");
    }
    let _ = writeln!(out, "\n{}\n", rule.rationale.trim());
    if !rule.references.is_empty() {
        let _ = writeln!(out, "根拠:\n\n{}", references_markdown(rule));
    }
    if let Some(t) = rule.template() {
        let _ = writeln!(out, "模範条項:\n\n> {}\n", t.trim().replace('\n', "\n> "));
    }
    if with_examples {
        for (label, list) in [("指摘される例", &rule.examples.fires), ("指摘されない例", &rule.examples.quiet)]
        {
            if let Some(first) = list.first() {
                let _ = writeln!(out, "{label}:\n\n```markdown\n{}\n```\n", first.trim_end());
            }
        }
    }
    out
}

/// `docs/rules.md`: every rule of a set.
pub fn rules_markdown(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# chotatsu rules\n\nGenerated from `rules/**/*.yaml` by `CHOTATSU_BLESS=1 cargo test -p chotatsu-core --test builtin`; do not edit by hand.\n\n| id | severity | title |\n|---|---|---|\n",
    );
    for r in &rules.rules {
        let _ = writeln!(out, "| [`{}`](#{}) | {} | {} |", r.id, anchor(&r.id), levels(r), r.title);
    }
    out.push('\n');
    let mut area = "";
    for r in &rules.rules {
        if r.area() != area {
            area = r.area();
            let _ = writeln!(out, "## {area}\n");
        }
        let _ = writeln!(out, "<a id=\"{}\"></a>\n", anchor(&r.id));
        out.push_str(&explain_markdown(r, true));
    }
    out.push_str("## Engine\n\nThese come from the engine itself, not from rule files.\n\n");
    for (id, sev, title) in crate::suppress::ENGINE_RULES {
        let _ = writeln!(out, "- `{id}` ({}): {title}", sev.name());
    }
    out
}
