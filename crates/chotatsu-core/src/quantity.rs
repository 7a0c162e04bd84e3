//! Quantities written in specs: percentages, durations, counts. Input is normalized text
//! (half-width digits), so `９９．９９％` arrives as `99.99%`.

use std::fmt;

/// What a quantity measures.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// A percentage.
    Percent,
    /// A duration, held in seconds.
    Duration,
    /// A count (世代, 回, 台, 人).
    Count,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Percent => "割合（%）",
            Self::Duration => "時間",
            Self::Count => "回数・世代数",
        })
    }
}

/// A value in its dimension's base unit (%, seconds, count).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Value in the base unit.
    pub value: f64,
    /// Dimension.
    pub dim: Dimension,
}

const HOUR: f64 = 3600.0;
const DAY: f64 = 24.0 * HOUR;

/// Units, longest spelling first so that `ミリ秒` wins over `秒` and `営業日` over `日`.
const UNITS: &[(&str, Dimension, f64)] = &[
    ("パーセント", Dimension::Percent, 1.0),
    ("%", Dimension::Percent, 1.0),
    ("ミリ秒", Dimension::Duration, 0.001),
    ("ms", Dimension::Duration, 0.001),
    ("秒", Dimension::Duration, 1.0),
    ("分間", Dimension::Duration, 60.0),
    ("分", Dimension::Duration, 60.0),
    ("時間", Dimension::Duration, HOUR),
    ("営業日", Dimension::Duration, DAY),
    ("日間", Dimension::Duration, DAY),
    ("日", Dimension::Duration, DAY),
    ("週間", Dimension::Duration, 7.0 * DAY),
    ("か月", Dimension::Duration, 30.0 * DAY),
    ("カ月", Dimension::Duration, 30.0 * DAY),
    ("ヶ月", Dimension::Duration, 30.0 * DAY),
    ("ケ月", Dimension::Duration, 30.0 * DAY),
    ("箇月", Dimension::Duration, 30.0 * DAY),
    ("世代", Dimension::Count, 1.0),
    ("回", Dimension::Count, 1.0),
    ("台", Dimension::Count, 1.0),
    ("人", Dimension::Count, 1.0),
    ("名", Dimension::Count, 1.0),
];

/// Words that stand for a quantity.
const WORDS: &[(&str, Dimension, f64)] = &[
    ("翌営業日", Dimension::Duration, DAY),
    ("翌日", Dimension::Duration, DAY),
    ("即日", Dimension::Duration, DAY),
    ("当日中", Dimension::Duration, DAY),
    ("半日", Dimension::Duration, DAY / 2.0),
];

/// Parse a quantity such as `99.99%`, `30分以内`, `1時間30分`, `翌営業日`, `30世代`. A bare number
/// takes `default_unit`. Text after the last unit (`以内`, `以上`) is ignored.
pub fn parse(text: &str, default_unit: Option<&str>) -> Option<Quantity> {
    let t = text.trim();
    if let Some(&(_, dim, v)) = WORDS.iter().find(|(w, _, _)| t.starts_with(w)) {
        return Some(Quantity { value: v, dim });
    }
    let mut rest = t;
    let mut total: Option<Quantity> = None;
    while let Some((number, after)) = leading_number(rest) {
        let (dim, factor, after) = if let Some(&(u, dim, f)) = UNITS.iter().find(|(u, _, _)| after.starts_with(u)) {
            (dim, f, &after[u.len()..])
        } else {
            let unit = default_unit?;
            let (_, dim, f) = UNITS.iter().find(|(u, _, _)| *u == unit)?;
            (*dim, *f, after)
        };
        match &mut total {
            Some(q) if q.dim == dim => q.value += number * factor,
            Some(_) => break,
            None => total = Some(Quantity { value: number * factor, dim }),
        }
        rest = after;
        if dim != Dimension::Duration {
            break;
        }
    }
    total
}

/// Whether `unit` is a unit [`parse`] knows.
pub fn is_unit(unit: &str) -> bool {
    UNITS.iter().any(|(u, _, _)| *u == unit)
}

fn leading_number(s: &str) -> Option<(f64, &str)> {
    let end =
        s.char_indices().find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ',')).map_or(s.len(), |(i, _)| i);
    if end > 0 {
        let digits: String = s[..end].chars().filter(|&c| c != ',').collect();
        return digits.trim_end_matches('.').parse().ok().map(|n| (n, &s[end..]));
    }
    // Kanji numerals up to 99, as in 三世代 or 十分.
    let mut value = 0u32;
    let mut current = 0u32;
    let mut used = 0;
    for c in s.chars() {
        let d = match c {
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => {
                value += current.max(1) * 10;
                current = 0;
                used += c.len_utf8();
                continue;
            }
            _ => break,
        };
        current = d;
        used += c.len_utf8();
    }
    (used > 0).then(|| (f64::from(value + current), &s[used..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: &str) -> Option<(f64, Dimension)> {
        parse(t, None).map(|q| (q.value, q.dim))
    }

    #[test]
    fn parses_what_specs_write() {
        assert_eq!(q("99.99%"), Some((99.99, Dimension::Percent)));
        assert_eq!(q("99.99パーセント以上"), Some((99.99, Dimension::Percent)));
        assert_eq!(q("30分以内"), Some((1800.0, Dimension::Duration)));
        assert_eq!(q("0.5秒"), Some((0.5, Dimension::Duration)));
        assert_eq!(q("2時間"), Some((7200.0, Dimension::Duration)));
        assert_eq!(q("1時間30分"), Some((5400.0, Dimension::Duration)));
        assert_eq!(q("1営業日"), Some((DAY, Dimension::Duration)));
        assert_eq!(q("翌営業日"), Some((DAY, Dimension::Duration)));
        assert_eq!(q("30世代"), Some((30.0, Dimension::Count)));
        assert_eq!(q("三世代"), Some((3.0, Dimension::Count)));
        assert_eq!(q("十世代"), Some((10.0, Dimension::Count)));
        assert_eq!(q("2,000ミリ秒"), Some((2.0, Dimension::Duration)));
        assert_eq!(parse("7", Some("世代")).map(|q| q.value), Some(7.0));
        assert_eq!(q("7"), None);
        assert_eq!(q("稼働率"), None);
    }
}
