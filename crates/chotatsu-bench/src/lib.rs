//! A deterministic generator of realistic procurement specification drafts (調達仕様書), for
//! benchmarks and for the side-by-side with textlint.
//!
//! A document follows the standard chapter structure of the デジタル・ガバメント推進標準ガイドライン
//! (numbered chapters and sections, tables of deliverables and schedules, lists of functions) and is
//! written in requirement sentences drawn from templates: most are clean, a share (5% by default) is
//! flawed in the ways the built-in pack checks (稼働率99.999%, 24時間365日 without a reason, 瑕疵担保責任,
//! 押印, 適宜, product names, ...). Markdown output looks like `fixtures/specs/clean-spec.md`; plain-text
//! output looks like text extracted from a PDF (`fixtures/specs/flawed-extracted.txt`): full-width
//! digits, Japanese numbering, lines broken in the middle of words, sometimes a blank line after every
//! line.
//!
//! The same options and seed always give the same bytes: the generator uses its own splitmix64, no
//! clock, no hashing with random state. It depends on nothing but `std`.

mod text;

use std::fmt::Write as _;
use text::{ATTACHMENTS, CHAPTERS, Topic};

/// A small seeded PRNG (splitmix64): fast, good enough for picking templates, and stable across
/// platforms and releases, unlike a library generator whose stream may change.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Output format.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown, as an author writes it.
    Markdown,
    /// Plain text, as extracted from a PDF or Word file.
    Text,
}

impl Format {
    /// `md` or `txt`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "md" | "markdown" => Some(Self::Markdown),
            "txt" | "text" => Some(Self::Text),
            _ => None,
        }
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Text => "txt",
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Total size of the corpus in bytes (split evenly over the files).
    pub total_bytes: usize,
    /// Number of files.
    pub files: usize,
    /// Seed.
    pub seed: u64,
    /// Format.
    pub format: Format,
    /// Percentage of sentences that carry a flaw the built-in pack reports.
    pub flaw_percent: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self { total_bytes: 1 << 20, files: 1, seed: 1, format: Format::Markdown, flaw_percent: 5 }
    }
}

/// The file name of document `index` (0-based): `spec-00001.md`.
pub fn file_name(index: usize, format: Format) -> String {
    format!("spec-{:05}.{}", index + 1, format.extension())
}

/// The corpus: `(file name, text)` for each file, generated lazily so that a large corpus is never
/// held in memory at once.
pub fn corpus(opts: &Options) -> impl Iterator<Item = (String, String)> + '_ {
    let files = opts.files.max(1);
    let per_file = opts.total_bytes / files;
    (0..files).map(move |i| {
        let text = document(&DocOptions {
            seed: file_seed(opts.seed, i),
            bytes: per_file,
            format: opts.format,
            flaw_percent: opts.flaw_percent,
        });
        (file_name(i, opts.format), text)
    })
}

/// The seed of file `index` of a corpus seeded with `seed`.
pub fn file_seed(seed: u64, index: usize) -> u64 {
    Rng::new(seed ^ (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64()
}

/// One document.
#[derive(Clone, Debug)]
pub struct DocOptions {
    /// Seed.
    pub seed: u64,
    /// Approximate size in bytes (the document ends at the first section boundary past it; chapters
    /// that every spec has are always present, so a very small target gives about 6 KB).
    pub bytes: usize,
    /// Format.
    pub format: Format,
    /// Percentage of flawed sentences.
    pub flaw_percent: u32,
}

/// A Markdown document of about `bytes` bytes, 5% flawed sentences: what the benchmarks use.
pub fn markdown(seed: u64, bytes: usize) -> String {
    document(&DocOptions { seed, bytes, format: Format::Markdown, flaw_percent: 5 })
}

/// Generate one document.
pub fn document(opts: &DocOptions) -> String {
    let mut g = Gen::new(opts);
    g.build();
    match opts.format {
        Format::Markdown => g.render_markdown(),
        Format::Text => g.render_text(),
    }
}

#[derive(Debug)]
enum Node {
    /// Level 1 = document title, 2 = chapter, 3 = section, 4 = item.
    Heading {
        level: u8,
        number: usize,
        title: String,
    },
    /// Sentences of one paragraph.
    Para(Vec<String>),
    /// Free lines under the title (date, ministry).
    Line(String),
    List(Vec<String>),
    Table(Vec<Vec<String>>),
    /// A suppression comment (Markdown only).
    Comment(String),
}

struct Gen<'a> {
    opts: &'a DocOptions,
    rng: Rng,
    nodes: Vec<Node>,
    /// Approximate size of what was generated so far (bytes of text).
    size: usize,
    system: String,
    /// Plain text: a blank line after every line (PDF extraction).
    spaced_lines: bool,
    /// Plain text: line width in characters.
    width: usize,
}

impl<'a> Gen<'a> {
    fn new(opts: &'a DocOptions) -> Self {
        let mut rng = Rng::new(opts.seed);
        let system = format!("{}{}", rng.pick(text::SYSTEM_PREFIXES), rng.pick(text::SYSTEM_KINDS));
        let spaced_lines = rng.percent(20);
        let width = rng.between(34, 46);
        Self { opts, rng, nodes: Vec::new(), size: 0, system, spaced_lines, width }
    }

    fn push(&mut self, node: Node) {
        self.size += match &node {
            Node::Heading { title, .. } => title.len() + 8,
            Node::Para(s) => s.iter().map(String::len).sum::<usize>() + 2,
            Node::Line(l) | Node::Comment(l) => l.len() + 2,
            Node::List(items) => items.iter().map(|s| s.len() + 3).sum::<usize>() + 1,
            Node::Table(rows) => rows.iter().flatten().map(|c| c.len() + 3).sum::<usize>() + rows.len() * 3,
        };
        self.nodes.push(node);
    }

    fn build(&mut self) {
        let work = self.rng.pick(text::WORKS);
        let title = format!("{}{} 調達仕様書", self.system, work);
        self.push(Node::Heading { level: 1, number: 0, title });
        let year = self.rng.between(7, 9);
        let month = self.rng.between(1, 12);
        self.push(Node::Line(format!("令和{year}年{month}月")));
        let ministry = self.rng.pick(text::MINISTRIES);
        self.push(Node::Line(format!("{ministry} 〇〇局 〇〇課")));
        let total_weight: usize = CHAPTERS.iter().map(|c| c.weight).sum();
        let target = self.opts.bytes;
        for (ci, chapter) in CHAPTERS.iter().enumerate() {
            self.push(Node::Heading { level: 2, number: ci + 1, title: chapter.title.to_string() });
            if chapter.topics.is_empty() {
                let items = ATTACHMENTS.iter().map(|s| (*s).to_string()).collect();
                self.push(Node::List(items));
                continue;
            }
            // Chapters share the budget by weight; every chapter has each of its sections once.
            let budget = target * chapter.weight / total_weight;
            let start = self.size;
            let mut si = 0;
            // Past the first round, only sections with substance are repeated (not 調達件名).
            let rich: Vec<&Topic> = chapter.topics.iter().filter(|t| t.clean.len() > 2).collect();
            let mut extra = 0;
            while si < chapter.topics.len() || self.size - start < budget {
                let (topic, round) = if si < chapter.topics.len() {
                    (&chapter.topics[si], 0)
                } else if rich.is_empty() {
                    break;
                } else {
                    extra += 1;
                    (rich[(extra - 1) % rich.len()], 1 + (extra - 1) / rich.len())
                };
                let title = if round == 0 {
                    topic.title.to_string()
                } else {
                    format!("{}（その{}）", topic.title, round + 1)
                };
                self.push(Node::Heading { level: 3, number: si + 1, title });
                self.section(topic);
                si += 1;
            }
        }
    }

    fn section(&mut self, topic: &Topic) {
        if let [only] = topic.clean {
            // 調達件名, 契約期間: one line.
            let s = self.fill(only);
            self.push(Node::Para(vec![s]));
            return;
        }
        if topic.items.is_empty() {
            let paras = self.rng.between(1, 3);
            for _ in 0..paras {
                self.paragraph(topic);
            }
        } else {
            // Numbered items: (1) プロジェクト管理, (2) 設計, ...
            let n = self.rng.between(3, topic.items.len().min(8));
            let first = self.rng.below(topic.items.len());
            for k in 0..n {
                let title = topic.items[(first + k) % topic.items.len()];
                self.push(Node::Heading { level: 4, number: k + 1, title: title.to_string() });
                self.paragraph(topic);
                if self.rng.percent(25) {
                    self.list(topic);
                }
            }
        }
        if let Some(table) = topic.table
            && self.rng.percent(60)
        {
            let rows = table.iter().map(|r| r.iter().map(|c| self.fill(c)).collect()).collect();
            self.push(Node::Table(rows));
        }
        if self.rng.percent(30) {
            self.list(topic);
        }
    }

    fn paragraph(&mut self, topic: &Topic) {
        let n = self.rng.between(1, 4);
        let mut sentences = Vec::with_capacity(n);
        let mut waiver = None;
        for _ in 0..n {
            let (s, rule) = self.sentence(topic);
            if let Some(rule) = rule
                && waiver.is_none()
                && sentences.is_empty()
                && self.opts.format == Format::Markdown
                && self.rng.percent(10)
            {
                waiver = Some(rule);
            }
            sentences.push(s);
        }
        if let Some(rule) = waiver {
            let reason = self.rng.pick(text::WAIVER_REASONS);
            self.push(Node::Comment(format!("chotatsu-disable-next-line {rule} -- {reason}")));
        }
        self.push(Node::Para(sentences));
    }

    fn list(&mut self, topic: &Topic) {
        let n = self.rng.between(2, 5);
        let items = (0..n)
            .map(|_| {
                let (s, _) = self.sentence(topic);
                // List items are often written without the final 。
                if self.rng.percent(30) { s.trim_end_matches('。').to_string() } else { s }
            })
            .collect();
        self.push(Node::List(items));
    }

    /// A sentence, and the rule it violates if it is a flawed one.
    fn sentence(&mut self, topic: &Topic) -> (String, Option<&'static str>) {
        if !topic.flawed.is_empty() && self.rng.percent(self.opts.flaw_percent) {
            let (rule, t) = *self.rng.pick(topic.flawed);
            return (self.fill(t), Some(rule));
        }
        if self.rng.percent(35) {
            let t = *self.rng.pick(text::COMMON);
            return (self.fill(t), None);
        }
        let t = *self.rng.pick(topic.clean);
        (self.fill(t), None)
    }

    /// Replace `{X}` slots of a template.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let slot = &rest[open + 1..open + close];
            self.slot(slot, &mut out);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, slot: &str, out: &mut String) {
        let r = &mut self.rng;
        let _ = match slot {
            "S" => write!(out, "{}", if r.percent(80) { "本システム" } else { &self.system }),
            "SYS" => write!(out, "{}", self.system),
            "N" => write!(out, "{}", r.between(2, 9)),
            "NN" => write!(out, "{}", r.between(10, 99)),
            "NNN" => write!(out, "{},{:03}", r.between(1, 9), r.below(1000)),
            "Y" => write!(out, "{}", r.between(8, 14)),
            "M" => write!(out, "{}", r.between(1, 12)),
            "D" => write!(out, "{}", r.pick(text::DOCUMENTS)),
            "O" => write!(out, "{}", r.pick(text::OFFICES)),
            "T" => write!(out, "{}", r.pick(text::THINGS)),
            "R" => write!(out, "{}", r.pick(text::ROLES)),
            "F" => write!(out, "{}", r.pick(text::FUNCTIONS)),
            "A" => write!(out, "{}", r.pick(&["99.0", "99.5", "99.9", "99.5", "99.9"])),
            "AH" => write!(out, "{}", r.pick(&["99.99", "99.999", "99.995", "99.99"])),
            "G" => write!(out, "{}", r.between(3, 7)),
            "GH" => write!(out, "{}", r.pick(&["10", "14", "30", "60"])),
            "SEC" => write!(out, "{}", r.pick(&["2", "3", "5"])),
            other => write!(out, "{{{other}}}"),
        };
    }

    fn render_markdown(&mut self) -> String {
        let mut out = String::with_capacity(self.size + self.size / 8);
        if self.rng.percent(10) {
            out.push_str("---\nchotatsu:\n  profile: high\n---\n");
        }
        let mut chapter = 0;
        let nodes = std::mem::take(&mut self.nodes);
        for node in &nodes {
            match node {
                Node::Heading { level: 1, title, .. } => {
                    let _ = writeln!(out, "# {title}\n");
                }
                Node::Heading { level: 2, number, title } => {
                    chapter = *number;
                    let _ = writeln!(out, "## {chapter}. {title}\n");
                }
                Node::Heading { level: 3, number, title } => {
                    let _ = writeln!(out, "### {chapter}.{number} {title}\n");
                }
                Node::Heading { number, title, .. } => {
                    let _ = writeln!(out, "#### ({number}) {title}\n");
                }
                Node::Line(l) => {
                    let _ = writeln!(out, "{l}\n");
                }
                Node::Comment(c) => {
                    let _ = writeln!(out, "<!-- {c} -->");
                }
                Node::Para(sentences) => {
                    let text = self.digits(&sentences.concat(), 8);
                    // Some authors wrap their lines; the normalizer joins them.
                    if self.rng.percent(15) {
                        let width = self.width;
                        out.push_str(&wrap(&text, width));
                    } else {
                        out.push_str(&text);
                    }
                    out.push_str("\n\n");
                }
                Node::List(items) => {
                    let ordered = self.rng.percent(20);
                    for (i, item) in items.iter().enumerate() {
                        let item = self.digits(item, 8);
                        if ordered {
                            let _ = writeln!(out, "{}. {item}", i + 1);
                        } else {
                            let _ = writeln!(out, "- {item}");
                        }
                    }
                    out.push('\n');
                }
                Node::Table(rows) => {
                    for (i, row) in rows.iter().enumerate() {
                        let _ = writeln!(out, "| {} |", row.join(" | "));
                        if i == 0 {
                            let _ = writeln!(out, "|{}", "---|".repeat(row.len()));
                        }
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    fn render_text(&mut self) -> String {
        let mut out = String::with_capacity(self.size + self.size / 4);
        let nodes = std::mem::take(&mut self.nodes);
        let blank = if self.spaced_lines { "\n\n" } else { "\n" };
        for node in &nodes {
            match node {
                Node::Heading { level: 1, title, .. } => {
                    let _ = write!(out, "{}\n\n", title.replace(' ', "\u{3000}"));
                }
                Node::Heading { level: 2, number, title } => {
                    let _ = write!(out, "\n第{}章\u{3000}{title}\n\n", wide(&number.to_string()));
                }
                Node::Heading { level: 3, number, title } => {
                    let _ = writeln!(out, "{}．{title}", wide(&number.to_string()));
                }
                Node::Heading { number, title, .. } => {
                    let _ = writeln!(out, "（{}）{title}", wide(&number.to_string()));
                }
                Node::Line(l) => {
                    // Extracted headers are often letter-spaced: 厚 生 労 働 省.
                    let l = if self.rng.percent(50) { spaced(l) } else { l.clone() };
                    let _ = writeln!(out, "{}", self.digits(&l, 70));
                }
                Node::Comment(_) => {}
                Node::Para(sentences) => {
                    let text = self.digits(&sentences.concat(), 70);
                    for line in wrap(&text, self.width).lines() {
                        out.push_str(line);
                        out.push_str(blank);
                    }
                    out.push('\n');
                }
                Node::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let item = self.digits(item, 70);
                        let marker = match self.rng.below(3) {
                            0 => "・".to_string(),
                            1 => format!("（{}）", wide(&(i + 1).to_string())),
                            _ => format!("{}\u{3000}", text::KATAKANA_MARKS[i % text::KATAKANA_MARKS.len()]),
                        };
                        for line in wrap(&format!("{marker}{item}"), self.width).lines() {
                            out.push_str(line);
                            out.push_str(blank);
                        }
                    }
                    out.push('\n');
                }
                Node::Table(rows) => {
                    for row in rows {
                        let _ = writeln!(out, "{}", self.digits(&row.join("\u{3000}"), 70));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// With probability `p`%, write the text's digits, `.` and `%` full-width.
    fn digits(&mut self, s: &str, p: u32) -> String {
        if self.rng.percent(p) { wide(s) } else { s.to_string() }
    }
}

/// Full-width digits, decimal points and percent signs.
fn wide(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            '.' => '．',
            c => c,
        })
        .collect()
}

/// Letter-spaced text: 厚 生 労 働 省.
fn spaced(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && !c.is_ascii() && c != ' ' {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Break text into lines of `width` characters, in the middle of words as PDF extraction does, but
/// not inside a run of ASCII (a number or a product name stays on one line, as typesetting keeps it).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    let mut col = 0;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let ascii_run = prev.is_some_and(|p| p.is_ascii_graphic()) && c.is_ascii_graphic();
        // Line-start rules (禁則): a line does not start with a closing mark.
        let closing = matches!(c, '。' | '、' | '」' | '）' | '』' | ')' | '．');
        if col >= width && !ascii_run && !closing {
            out.push('\n');
            col = 0;
        }
        out.push(c);
        col += 1;
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        let a = markdown(7, 50_000);
        let b = markdown(7, 50_000);
        assert_eq!(a, b);
        assert_ne!(a, markdown(8, 50_000));
    }

    #[test]
    fn size_is_close_to_target() {
        for format in [Format::Markdown, Format::Text] {
            for target in [100_000, 300_000] {
                let d = document(&DocOptions { seed: 3, bytes: target, format, flaw_percent: 5 });
                assert!(d.len() > target * 8 / 10 && d.len() < target * 13 / 10, "{format:?} {target} {}", d.len());
            }
        }
    }

    #[test]
    fn text_looks_extracted() {
        let d = document(&DocOptions { seed: 5, bytes: 30_000, format: Format::Text, flaw_percent: 5 });
        assert!(d.contains("第１章\u{3000}調達案件の概要"));
        assert!(d.chars().any(|c| ('０'..='９').contains(&c)));
        assert!(d.lines().all(|l| l.chars().count() < 80));
    }

    #[test]
    fn markdown_has_the_standard_chapters_and_flaws() {
        let d = document(&DocOptions { seed: 9, bytes: 200_000, format: Format::Markdown, flaw_percent: 5 });
        for c in CHAPTERS {
            assert!(d.contains(c.title), "{}", c.title);
        }
        assert!(d.contains("|---|"));
        assert!(d.contains("稼働率"));
    }
}
