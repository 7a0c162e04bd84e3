//! YAML reading with serde-saphyr: panic-free, with budgets against alias bombs and oversized
//! documents, and with byte positions in errors and in `Spanned` values.

use serde::de::DeserializeOwned;

/// Largest rule, config or front-matter text accepted, in bytes.
pub(crate) const MAX_YAML_BYTES: usize = 1 << 20;

/// Deserialize YAML from a string, with serde-saphyr's default budget (which bounds alias
/// expansion) and no rendered snippet in error messages (miette draws its own).
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    if text.len() > MAX_YAML_BYTES {
        return Err(<serde_saphyr::Error as serde::de::Error>::custom(format!(
            "the file is larger than {MAX_YAML_BYTES} bytes"
        )));
    }
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(text, options)
}

/// The keys of a YAML document's top-level mapping, with their positions, in order (empty when the
/// document is not a mapping or cannot be read: the typed reading reports that).
pub(crate) fn top_level_keys(text: &str) -> Vec<serde_saphyr::Spanned<String>> {
    from_str::<TopLevelKeys>(text).map(|k| k.0).unwrap_or_default()
}

struct TopLevelKeys(Vec<serde_saphyr::Spanned<String>>);

impl<'de> serde::Deserialize<'de> for TopLevelKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TopLevelKeys(Vec::new()))
    }
}

impl<'de> serde::de::Visitor<'de> for TopLevelKeys {
    type Value = TopLevelKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Self, A::Error> {
        while let Some(key) = map.next_key::<serde_saphyr::Spanned<String>>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            self.0.push(key);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn top_level_keys_have_positions() {
        let text = "profile: high\nrulez:\n  a: 1\npacks: [x]\n";
        let keys = super::top_level_keys(text);
        let got: Vec<(String, usize)> = keys
            .iter()
            .map(|k| (k.value.clone(), k.referenced.span().byte_offset().unwrap_or(usize::MAX as u64) as usize))
            .collect();
        assert_eq!(got, [("profile".into(), 0), ("rulez".into(), 14), ("packs".into(), 28)]);
    }
}
