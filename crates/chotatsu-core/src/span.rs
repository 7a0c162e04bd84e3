//! Byte spans into a document's source text.

use std::ops::Range;

/// A half-open byte range `start..end` into a document's source text.
///
/// Every position inside `chotatsu-core` is a byte offset. Line and column numbers exist only at the
/// edges: the CLI prints characters, the LSP speaks UTF-16 (see [`crate::LineIndex`]).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted pair is ordered.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end { Self { start, end } } else { Self { start: end, end: start } }
    }

    /// An empty span at `offset`.
    pub fn empty(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span as a `Range` for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

/// `items.partition_point(pred)` for sorted `items`, starting from `cursor`, the answer to the
/// previous question, and moving it to this answer: a few steps forward when the questions come in
/// increasing order (the sentences of a document, the anchors of a scan), a binary search otherwise.
pub(crate) fn partition_point_from<T>(items: &[T], cursor: &mut usize, pred: impl Fn(&T) -> bool) -> usize {
    let mut i = (*cursor).min(items.len());
    if i > 0 && !pred(&items[i - 1]) {
        i = items[..i].partition_point(&pred);
    } else {
        let mut steps = 0;
        while i < items.len() && pred(&items[i]) {
            i += 1;
            steps += 1;
            if steps == 8 {
                i += items[i..].partition_point(&pred);
                break;
            }
        }
    }
    *cursor = i;
    i
}
