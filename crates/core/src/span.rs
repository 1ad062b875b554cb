//! Character spans and the one byte-to-char conversion of the project.
//!
//! Offsets in every table are Unicode code points (what Python `str` and R `substr` index),
//! half-open `[start, end)`, into `documents.text`. Rust strings index bytes, so code that
//! finds a match by byte offset converts it here, once.

/// A half-open range of code points `[start, end)` into a document's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CharSpan {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
}

impl CharSpan {
    /// A span from `start` to `end`; `start <= end` is checked in debug builds.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Self { start, end }
    }

    /// Number of code points covered.
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Converts byte offsets of one text into code-point offsets.
///
/// Built once per document in O(n); each lookup is a binary search.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char boundary, plus the text length at the end.
    boundaries: Vec<usize>,
}

impl CharIndex {
    /// Index the char boundaries of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        boundaries.push(text.len());
        Self { boundaries }
    }

    /// The code-point offset of byte offset `byte`, which must be a char boundary.
    ///
    /// # Panics
    /// If `byte` is not a char boundary of the indexed text: that is a bug in the caller.
    #[must_use]
    pub fn char_of_byte(&self, byte: usize) -> usize {
        self.boundaries.binary_search(&byte).unwrap_or_else(|_| panic!("byte offset {byte} is not a char boundary"))
    }

    /// The byte offset of code-point offset `ch`.
    #[must_use]
    pub fn byte_of_char(&self, ch: usize) -> usize {
        self.boundaries[ch]
    }

    /// The code-point span of the byte range `[start, end)`.
    #[must_use]
    pub fn span_of_bytes(&self, start: usize, end: usize) -> CharSpan {
        CharSpan::new(self.char_of_byte(start), self.char_of_byte(end))
    }

    /// Number of code points in the text.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.boundaries.len() - 1
    }
}

/// The slice of `text` that a code-point span covers.
#[must_use]
pub fn slice_chars(text: &str, span: CharSpan) -> &str {
    let mut it = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let start = it.nth(span.start).expect("span start within text");
    let end = if span.is_empty() { start } else { it.nth(span.len() - 1).expect("span end within text") };
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_offsets_are_code_points() {
        let text = "في سوريا";
        let index = CharIndex::new(text);
        let byte = text.find("سوريا").expect("present");
        assert_eq!(byte, 5);
        assert_eq!(index.char_of_byte(byte), 3);
        assert_eq!(index.span_of_bytes(byte, text.len()), CharSpan::new(3, 8));
        assert_eq!(slice_chars(text, CharSpan::new(3, 8)), "سوريا");
        assert_eq!(index.char_len(), 8);
    }

    proptest::proptest! {
        #[test]
        fn byte_and_char_offsets_round_trip(text in "\\PC*", a in 0usize..64, b in 0usize..64) {
            let index = CharIndex::new(&text);
            let n = index.char_len();
            let (start, end) = (a.min(b).min(n), a.max(b).min(n));
            let span = index.span_of_bytes(index.byte_of_char(start), index.byte_of_char(end));
            proptest::prop_assert_eq!(span, CharSpan::new(start, end));
            let expected: String = text.chars().skip(start).take(end - start).collect();
            proptest::prop_assert_eq!(slice_chars(&text, span), expected.as_str());
        }
    }
}
