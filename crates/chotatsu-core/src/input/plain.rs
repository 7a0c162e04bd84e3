//! Plain text, as typed or as extracted from PDF and DOCX: paragraphs are separated by blank lines,
//! a line break inside a paragraph is not a sentence end, and headings are recognized by Japanese
//! spec numbering (`第1章`, `1.`, `１．`, `(1)`, `（１）`, `1.1`, `ア`, `①`) or by naming a standard
//! chapter on a short line of their own.

use crate::document::{BlockKind, DocBuilder, Document, Format};
use crate::input::markdown::scan_comments;
use crate::normalize::normalize;
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

/// A numbering style. Heading levels follow the order in which styles first appear, as a reader
/// infers them: the first style seen is the top level, a new style seen under it is one deeper, and
/// a style seen again closes everything opened after it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Title,
    Chapter,
    Setsu,
    Decimal,
    DecimalBare,
    Multi(usize),
    ParenDigit,
    Katakana,
    ParenKatakana,
    Circled,
    Named,
}

/// What a line starts with.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineShape {
    /// A heading in this numbering style.
    Heading(Style),
    /// A numbered item whose text is a sentence (a list item, not a heading).
    Item,
    /// Ordinary text.
    Text,
}

static MARKERS: LazyLock<Vec<(Regex, Style)>> = LazyLock::new(|| {
    // Chapter numbers have one or two digits: `2021 年` starts a sentence, not a chapter.
    let d = "[0-9０-９]";
    let n = "[0-9０-９]{1,2}";
    let sep = r"(?:[ \t\u{3000}]+|$)";
    let table = [
        (format!(r"^第(?:{d}+|[一二三四五六七八九十]+)章"), Style::Chapter),
        (format!(r"^第(?:{d}+|[一二三四五六七八九十]+)節"), Style::Setsu),
        (format!(r"^{n}(?:[.．]{n})+[.．]?(?:[^0-9０-９]|$)"), Style::Multi(0)),
        (format!(r"^{n}[.．、](?:[ \t\u{{3000}}]*)(?:[^0-9０-９]|$)"), Style::Decimal),
        (format!(r"^{n}{sep}"), Style::DecimalBare),
        (format!(r"^[(（]{n}[)）]"), Style::ParenDigit),
        (format!(r"^[ア-ン](?:[.．、]|{sep})"), Style::Katakana),
        (r"^[(（][ア-ン][)）]".to_string(), Style::ParenKatakana),
        (r"^[①-⑳]".to_string(), Style::Circled),
    ];
    table.into_iter().filter_map(|(re, style)| Regex::new(&re).ok().map(|r| (r, style))).collect()
});

/// Standard chapter names that make a short line a heading on their own.
const NAMED_CHAPTERS: &[&str] = &[
    "調達案件の概要",
    "調達の概要",
    "調達案件及び関連調達案件の調達単位、調達の方式等",
    "作業の実施内容",
    "満たすべき要件に関する事項",
    "作業の実施体制・方法に関する事項",
    "作業の実施に当たっての遵守事項",
    "成果物の取扱いに関する事項",
    "入札参加資格に関する事項",
    "再委託に関する事項",
    "その他特記事項",
    "附属文書",
];

static NAMED_CHAPTERS_NORMALIZED: LazyLock<Vec<String>> =
    LazyLock::new(|| NAMED_CHAPTERS.iter().map(|c| normalize(c)).collect());

const MAX_HEADING_CHARS: usize = 30;

/// Classify one line (without its line break).
pub(crate) fn classify(line: &str) -> LineShape {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    let Some(first) = t.chars().next() else {
        return LineShape::Text;
    };
    // Every marker starts with one of these characters: skip the regexes for the other lines.
    let marked = matches!(first, '第' | '0'..='9' | '０'..='９' | '(' | '（' | 'ア'..='ン' | '①'..='⑳');
    for (re, style) in MARKERS.iter().filter(|_| marked) {
        if let Some(m) = re.find(t) {
            let style = match style {
                Style::Multi(_) => Style::Multi(m.as_str().matches(['.', '．']).count().max(1)),
                s => *s,
            };
            let rest = t[m.end()..].trim();
            return if looks_like_title(rest) { LineShape::Heading(style) } else { LineShape::Item };
        }
    }
    let n = normalize(t);
    if NAMED_CHAPTERS_NORMALIZED.contains(&n) {
        return LineShape::Heading(Style::Named);
    }
    LineShape::Text
}

fn looks_like_title(rest: &str) -> bool {
    let n = rest.chars().count();
    n <= MAX_HEADING_CHARS
        && !rest.ends_with(['。', '．', '.', '、', '，', ','])
        && rest.matches('「').count() == rest.matches('」').count()
}

/// Heading levels from numbering styles (see [`Style`]).
#[derive(Debug, Default)]
pub(crate) struct Levels(Vec<Style>);

impl Levels {
    pub(crate) fn level(&mut self, style: Style) -> u8 {
        if let Some(pos) = self.0.iter().position(|s| *s == style) {
            self.0.truncate(pos + 1);
        } else {
            self.0.push(style);
        }
        self.0.len().min(6) as u8
    }
}

/// Whether the first line of a text is its title: short, not a sentence, not numbered.
pub(crate) fn is_title_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 60 && !t.ends_with('。') && classify(t) == LineShape::Text
}

/// Parse plain text.
pub fn parse(name: &str, source: String) -> Document {
    let mut b = DocBuilder::new(source.len());
    let mut levels = Levels::default();
    let mut offset = 0;
    let mut first = true;
    let mut in_para = false;
    let mut last_end = 0;
    let mut prev_closed = true;
    // PDF extraction often puts a blank line after every line: a paragraph whose last line did not
    // close a sentence is held open across blank lines and joined with the next line of text.
    let mut held = false;
    for raw in source.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let span = Span::new(start, start + content.len());
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if in_para && !prev_closed {
                held = true;
            } else {
                b.end();
                in_para = false;
            }
            continue;
        }
        if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            b.end();
            in_para = false;
            held = false;
            scan_comments(&source, span, &mut b.comments);
            continue;
        }
        let mut shape =
            if first && is_title_line(content) { LineShape::Heading(Style::Title) } else { classify(content) };
        first = false;
        // Extracted text breaks lines anywhere: a line that starts with a number continues the
        // paragraph unless the previous line closed a sentence.
        if in_para && !prev_closed && matches!(shape, LineShape::Item | LineShape::Heading(Style::DecimalBare)) {
            shape = LineShape::Text;
        }
        if std::mem::take(&mut held) && shape != LineShape::Text {
            b.end();
            in_para = false;
        }
        prev_closed = trimmed.ends_with(['。', '：', ':']);
        match shape {
            LineShape::Heading(style) => {
                b.begin(BlockKind::Heading(levels.level(style)));
                b.text(content, span, true);
                b.end();
                in_para = false;
            }
            LineShape::Item => {
                b.begin(BlockKind::ListItem);
                b.text(content, span, true);
                in_para = true;
            }
            LineShape::Text => {
                if in_para {
                    b.text("\n", Span::new(last_end, start), false);
                } else {
                    b.begin(BlockKind::Paragraph);
                    in_para = true;
                }
                b.text(content, span, true);
            }
        }
        last_end = span.end;
    }
    b.finish(name.to_string(), Format::PlainText, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shapes() {
        for (line, want) in [
            ("第1章　調達案件の概要", LineShape::Heading(Style::Chapter)),
            ("１．調達案件の概要", LineShape::Heading(Style::Decimal)),
            ("1. 作業の実施内容", LineShape::Heading(Style::Decimal)),
            ("１　満たすべき要件", LineShape::Heading(Style::DecimalBare)),
            ("(1) 目的", LineShape::Heading(Style::ParenDigit)),
            ("（１）目的", LineShape::Heading(Style::ParenDigit)),
            ("1.1 業務要件", LineShape::Heading(Style::Multi(1))),
            ("4.2.1 可用性", LineShape::Heading(Style::Multi(2))),
            ("ア　稼働率", LineShape::Heading(Style::Katakana)),
            ("①バックアップ", LineShape::Heading(Style::Circled)),
            ("再委託に関する事項", LineShape::Heading(Style::Named)),
            ("（１）受注者は、本業務の実施に当たり、関係法令を遵守すること。", LineShape::Item),
            ("アクセシビリティに配慮すること。", LineShape::Text),
            ("2021 年 9 月のデジタル庁の発足後、「デジタル社会の実現に向けた重点", LineShape::Text),
            ("1 人 1 台のパソコン配備を始めとした厚生労働省の業務処理の基盤となる", LineShape::Item),
        ] {
            assert_eq!(classify(line), want, "{line}");
        }
    }
}
