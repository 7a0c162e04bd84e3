//! The rule file format as serde types: the *shape* of a rule file. Meaning (valid regexes,
//! placeholders, limits per profile) is checked by the loader, which keeps the positions recorded
//! here in [`Spanned`] values.
//!
//! `rules/schema.json` is generated from these types (a test keeps it in sync).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// Declares a rule-file struct with its own fields followed by the keys of one check, and a
/// `take_check` that moves those keys out. (serde's `flatten` would lose the source positions that
/// [`Spanned`] records, so the check keys are spelled out in each struct instead.)
macro_rules! with_check_keys {
    ($(#[$sm:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty,)* }) => {
        $(#[$sm])*
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            /// `forbid`, `require`, `justify`, `threshold`, `substitute` or `sections`.
            #[serde(default)]
            #[schemars(with = "Kind")]
            pub kind: Option<Spanned<String>>,
            /// `document`, `section`, `paragraph` or `sentence`.
            #[serde(default)]
            #[schemars(with = "Option<Scope>")]
            pub scope: Option<Spanned<String>>,
            /// What to look for.
            #[serde(default, rename = "match")]
            pub pattern: Option<RawPattern>,
            /// A hit is silenced when this also appears in the same unit.
            #[serde(default)]
            pub unless: Option<RawPattern>,
            /// forbid/justify/threshold: a hit counts only when this also appears in the same unit.
            /// require: the requirement applies only if this appears in the document.
            #[serde(default)]
            pub when: Option<RawPattern>,
            /// Whether hits inside 「」 and 『』 count: `skip` or `include`.
            #[serde(default)]
            #[schemars(with = "Option<Quoted>")]
            pub quoted: Option<Spanned<String>>,
            /// require with `scope: section`: the headings of the sections that must contain the match.
            #[serde(default)]
            pub in_sections: Option<RawPattern>,
            /// require: a model clause that editors offer to insert.
            #[serde(default)]
            pub template: Option<String>,
            /// require: the heading of the section where `template` goes (default: end of document).
            #[serde(default)]
            pub insert_into: Option<RawPattern>,
            /// justify: what counts as a justification.
            #[serde(default)]
            pub justification: Option<RawPattern>,
            /// threshold: `above` (fires when the value is greater than the limit) or `below`.
            #[serde(default)]
            #[schemars(with = "Option<Compare>")]
            pub compare: Option<Spanned<String>>,
            /// threshold: a quantity per profile; `null` = no limit for that profile.
            #[serde(default)]
            #[schemars(with = "Option<BTreeMap<ProfileName, Option<QuantityLit>>>")]
            pub limit: Option<Spanned<BTreeMap<String, Option<Spanned<QuantityLit>>>>>,
            /// threshold: the unit of a bare number (`%`, `秒`, `分`, `時間`, `日`, `世代`, `回`).
            #[serde(default)]
            #[schemars(with = "Option<String>")]
            pub unit: Option<Spanned<String>>,
            /// substitute: wrong terms and their replacements.
            #[serde(default)]
            pub replace: Option<Vec<RawReplace>>,
            /// sections: required headings, in order.
            #[serde(default)]
            pub sections: Option<Vec<RawSectionSpec>>,
            /// sections: check only documents whose title or a top heading matches this.
            #[serde(default)]
            pub applies_to: Option<RawPattern>,
        }

        impl $name {
            /// Move the check's keys out.
            pub(crate) fn take_check(&mut self) -> RawCheck {
                RawCheck {
                    kind: self.kind.take(),
                    scope: self.scope.take(),
                    pattern: self.pattern.take(),
                    unless: self.unless.take(),
                    when: self.when.take(),
                    quoted: self.quoted.take(),
                    in_sections: self.in_sections.take(),
                    template: self.template.take(),
                    insert_into: self.insert_into.take(),
                    justification: self.justification.take(),
                    compare: self.compare.take(),
                    limit: self.limit.take(),
                    unit: self.unit.take(),
                    replace: self.replace.take(),
                    sections: self.sections.take(),
                    applies_to: self.applies_to.take(),
                }
            }
        }
    };
}

with_check_keys! {
    /// One rule file.
    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(title = "chotatsu rule", description = "One chotatsu rule. See docs/rule-format.md.")]
    pub struct RawRule {
        /// `area/name`; equal to the file's path under its pack (`rules/area/name.yaml`).
        #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+/[a-z0-9-]+$"))]
        pub id: Spanned<String>,
        /// One line, Japanese.
        pub title: String,
        /// `error`, `warning`, `info`, or a map from profile (`low`, `standard`, `high`) to one of those or `off`.
        #[schemars(with = "RawSeverity")]
        pub severity: Spanned<RawSeverity>,
        /// What the author should write; may use `{placeholders}`.
        #[schemars(with = "String")]
        pub message: Spanned<String>,
        /// A second line: what to write instead.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        pub help: Option<Spanned<String>>,
        /// Why, in a few sentences.
        pub rationale: String,
        /// The policy sources.
        pub references: Vec<Reference>,
        /// Short documents the rule must fire on and stay quiet on; run as tests.
        #[serde(default)]
        pub examples: Option<Examples>,
        /// Further checks under the same id.
        #[serde(default)]
        pub also: Vec<RawAlso>,
    }
}

with_check_keys! {
    /// A further check under the same id: a check plus optional message, help and severity.
    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RawAlso {
        /// Message for this check (default: the rule's).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        pub message: Option<Spanned<String>>,
        /// Help for this check (default: the rule's).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        pub help: Option<Spanned<String>>,
        /// Severity for this check (default: the rule's).
        #[serde(default)]
        #[schemars(with = "Option<RawSeverity>")]
        pub severity: Option<Spanned<RawSeverity>>,
    }
}

/// The keys of one check, moved out of a [`RawRule`] or [`RawAlso`].
#[derive(Debug, Default)]
pub(crate) struct RawCheck {
    pub(crate) kind: Option<Spanned<String>>,
    pub(crate) scope: Option<Spanned<String>>,
    pub(crate) pattern: Option<RawPattern>,
    pub(crate) unless: Option<RawPattern>,
    pub(crate) when: Option<RawPattern>,
    pub(crate) quoted: Option<Spanned<String>>,
    pub(crate) in_sections: Option<RawPattern>,
    pub(crate) template: Option<String>,
    pub(crate) insert_into: Option<RawPattern>,
    pub(crate) justification: Option<RawPattern>,
    pub(crate) compare: Option<Spanned<String>>,
    pub(crate) limit: Option<Spanned<BTreeMap<String, Option<Spanned<QuantityLit>>>>>,
    pub(crate) unit: Option<Spanned<String>>,
    pub(crate) replace: Option<Vec<RawReplace>>,
    pub(crate) sections: Option<Vec<RawSectionSpec>>,
    pub(crate) applies_to: Option<RawPattern>,
}

/// `{any: [...]}` or `{regex: '...'}`, with an optional `scope` where the key allows one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPattern {
    /// Literal phrases, normalized like the text.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub any: Option<Spanned<Vec<Spanned<String>>>>,
    /// A regular expression over the normalized text.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub regex: Option<Spanned<String>>,
    /// For `unless` and `when`: the unit to look in (default `sentence`).
    #[serde(default)]
    #[schemars(with = "Option<Scope>")]
    pub scope: Option<Spanned<String>>,
}

/// One substitution.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReplace {
    /// The wrong term (a literal).
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// What to write instead.
    pub to: String,
}

/// One required section.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSectionSpec {
    /// The usual heading, used in messages as `{section}`.
    pub name: String,
    /// Headings that count as this section.
    #[serde(rename = "match")]
    pub pattern: RawPattern,
}

/// A policy source.
#[derive(Clone, Debug, Deserialize, JsonSchema, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Title of the document.
    pub title: String,
    /// Section or item within it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Date of the decision or edition (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Examples run as tests and shown in the docs.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Documents on which the rule must fire.
    #[serde(default)]
    pub fires: Vec<String>,
    /// Documents on which the rule must stay quiet.
    #[serde(default)]
    pub quiet: Vec<String>,
}

/// A severity, for every profile or per profile.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawSeverity {
    /// `error`, `warning` or `info`.
    One(Level),
    /// Per profile; a missing profile takes `standard`'s level.
    PerProfile(BTreeMap<ProfileName, Level>),
}

/// A severity level, or `off`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, JsonSchema, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The check does not run.
    Off,
    /// Informational.
    Info,
    /// A warning (fails `--fail-on warning`, the default).
    Warning,
    /// An error.
    Error,
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Level;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("one of `off`, `info`, `warning`, `error`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Level, E> {
                Level::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            // YAML 1.1 reads a bare `off` as the boolean false.
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Level, E> {
                if v { Err(E::invalid_value(serde::de::Unexpected::Bool(v), &self)) } else { Ok(Level::Off) }
            }
        }
        d.deserialize_any(V)
    }
}

/// Profile names.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ProfileName {
    /// Little social impact.
    Low,
    /// Limited social impact (default).
    #[default]
    Standard,
    /// Very large social impact.
    High,
}

/// A quantity as written in a rule or config: a number, or a string with a unit (`99.9%`, `6時間`).
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum QuantityLit {
    /// A bare number.
    Number(f64),
    /// A number with its unit.
    Text(String),
}

impl<'de> Deserialize<'de> for QuantityLit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = QuantityLit;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a quantity such as \"99.9%\" or \"6時間\"")
            }
            fn visit_f64<E>(self, v: f64) -> Result<QuantityLit, E> {
                Ok(QuantityLit::Number(v))
            }
            #[allow(clippy::cast_precision_loss)] // limits are small numbers
            fn visit_i64<E>(self, v: i64) -> Result<QuantityLit, E> {
                Ok(QuantityLit::Number(v as f64))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E>(self, v: u64) -> Result<QuantityLit, E> {
                Ok(QuantityLit::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<QuantityLit, E> {
                Ok(QuantityLit::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

// Schema-only enums: the loader parses these from strings so that it can suggest a fix.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Forbid,
    Require,
    Justify,
    Threshold,
    Substitute,
    Sections,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Scope {
    Document,
    Section,
    Paragraph,
    Sentence,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Quoted {
    Skip,
    Include,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Compare {
    Above,
    Below,
}
