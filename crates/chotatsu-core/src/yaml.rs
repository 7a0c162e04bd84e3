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
