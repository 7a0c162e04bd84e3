//! Markdown through pulldown-cmark, with source offsets.

use crate::document::{BlockKind, Comment, DocBuilder, Document, Format};
use crate::span::Span;
use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// Parse Markdown. Code blocks and HTML are not prose; HTML comments are kept for suppressions;
/// YAML front matter is located for the settings reader.
pub fn parse(name: &str, source: String) -> Document {
    let mut b = DocBuilder::new(source.len());
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut item_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut skip_depth = 0usize;
    let mut in_meta = false;
    let mut html_start: Option<usize> = None;
    let mut rows = 0u32;
    let context = |item: usize, quote: usize| {
        if item > 0 {
            BlockKind::ListItem
        } else if quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    };
    for (event, range) in Parser::new_ext(&source, opts).into_offset_iter() {
        let src = Span::from(range.clone());
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => b.begin(context(item_depth, quote_depth)),
                Tag::Heading { level, .. } => b.begin(BlockKind::Heading(level as u8)),
                Tag::Item => {
                    item_depth += 1;
                    b.begin(BlockKind::ListItem);
                }
                Tag::List(_) => b.end(),
                Tag::TableHead | Tag::TableRow => rows += 1,
                Tag::TableCell => {
                    b.begin(BlockKind::TableCell);
                    b.set_row(rows);
                }
                Tag::BlockQuote(_) => {
                    b.end();
                    quote_depth += 1;
                }
                Tag::CodeBlock(_) => {
                    b.end();
                    skip_depth += 1;
                }
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => in_meta = true,
                Tag::MetadataBlock(_) => skip_depth += 1,
                Tag::HtmlBlock => {
                    b.end();
                    html_start = Some(range.start);
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => b.end(),
                TagEnd::Item => {
                    b.end();
                    item_depth = item_depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => {
                    b.end();
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::MetadataBlock(MetadataBlockKind::YamlStyle) => in_meta = false,
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => skip_depth = skip_depth.saturating_sub(1),
                TagEnd::HtmlBlock => {
                    if let Some(start) = html_start.take() {
                        scan_comments(&source, Span::new(start, range.end), &mut b.comments);
                    }
                }
                _ => {}
            },
            Event::Text(text) if in_meta => {
                b.front_matter = (source.get(src.range()) == Some(&*text)).then_some(src);
            }
            Event::Text(_) | Event::Code(_) if skip_depth > 0 => {}
            Event::Text(text) | Event::Code(text) => {
                if !b.is_open() {
                    b.begin(context(item_depth, quote_depth));
                }
                let raw = source.get(src.range()).unwrap_or("");
                // Usually the event's range is the text itself: skip building a searcher.
                let found = if raw.starts_with(&*text) { Some(0) } else { raw.find(&*text) };
                match found {
                    Some(pos) => {
                        let at = src.start + pos;
                        b.text(&text, Span::new(at, at + text.len()), true);
                    }
                    None => b.text(&text, src, false),
                }
            }
            Event::SoftBreak | Event::HardBreak => b.text("\n", src, false),
            Event::InlineHtml(_) => scan_comments(&source, src, &mut b.comments),
            _ => {}
        }
    }
    b.finish(name.to_string(), Format::Markdown, source)
}

/// Collect `<!-- ... -->` comments inside `span`.
pub(crate) fn scan_comments(source: &str, span: Span, out: &mut Vec<Comment>) {
    let Some(text) = source.get(span.range()) else {
        return;
    };
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let start = from + open;
        let Some(close) = text[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        out.push(Comment {
            text: text[start + 4..end - 3].trim().to_string(),
            span: Span::new(span.start + start, span.start + end),
        });
        from = end;
    }
}
