//! Character spans and the one byte-to-char conversion of the project.
//!
//! Offsets in every table are Unicode code points (what Python `str` and R `substr` index),
//! half-open `[start, end)`, into `documents.text`. Rust strings index bytes, so code that
//! finds a match by byte offset converts it here, once.

/// A half-open range of code points `[start, end)` into a document's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
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
/// Built once per document in one pass that counts the chars of each 64-byte block; a lookup
/// adds the chars of at most one block to its count. (A table of every char boundary took
/// eight bytes per char and a binary search per lookup.)
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// `before[k]`: the number of chars that start before byte `k * BLOCK`.
    before: Vec<usize>,
}

/// Bytes per block of [`CharIndex`].
const BLOCK: usize = 64;

/// Whether a byte of UTF-8 starts a char (is not a continuation byte).
fn is_char_start(b: u8) -> bool {
    !(0x80..0xC0).contains(&b)
}

/// Number of chars that start in `bytes`.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| is_char_start(b)).count()
}

impl<'a> CharIndex<'a> {
    /// Index the chars of `text`.
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let mut before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0;
        before.push(0);
        for block in text.as_bytes().chunks_exact(BLOCK) {
            count += char_starts(block);
            before.push(count);
        }
        Self { text, before }
    }

    /// The code-point offset of byte offset `byte`, which must be a char boundary.
    ///
    /// # Panics
    /// If `byte` is not a char boundary of the indexed text: that is a bug in the caller.
    #[must_use]
    pub fn char_of_byte(&self, byte: usize) -> usize {
        assert!(self.text.is_char_boundary(byte), "byte offset {byte} is not a char boundary");
        let block = byte / BLOCK;
        self.before[block] + char_starts(&self.text.as_bytes()[block * BLOCK..byte])
    }

    /// The byte offset of code-point offset `ch` (the text length for [`CharIndex::char_len`]).
    ///
    /// # Panics
    /// If `ch` is beyond [`CharIndex::char_len`].
    #[must_use]
    pub fn byte_of_char(&self, ch: usize) -> usize {
        let block = self.before.partition_point(|&n| n <= ch) - 1;
        let from = block * BLOCK;
        let bytes = self.text.as_bytes();
        // The `skip`-th char start from the block's first byte (which may be inside a char).
        let skip = ch - self.before[block];
        (from..bytes.len())
            .filter(|&i| is_char_start(bytes[i]))
            .chain(std::iter::once(bytes.len()))
            .nth(skip)
            .expect("a char offset within the text")
    }

    /// The code-point span of the byte range `[start, end)`.
    #[must_use]
    pub fn span_of_bytes(&self, start: usize, end: usize) -> CharSpan {
        CharSpan::new(self.char_of_byte(start), self.char_of_byte(end))
    }

    /// Number of code points in the text.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_of_byte(self.text.len())
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

    #[test]
    #[should_panic(expected = "not a char boundary")]
    fn offsets_inside_a_char_are_refused() {
        let _ = CharIndex::new("في").char_of_byte(1);
    }

    proptest::proptest! {
        #[test]
        fn every_boundary_maps_to_its_char_count(text in "[a-z \u{0621}-\u{064A}\u{2026}\u{1F600}]{0,600}") {
            let index = CharIndex::new(&text);
            let boundaries = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
            for (ch, byte) in boundaries.enumerate() {
                proptest::prop_assert_eq!(index.char_of_byte(byte), ch);
                proptest::prop_assert_eq!(index.byte_of_char(ch), byte);
            }
            proptest::prop_assert_eq!(index.char_len(), text.chars().count());
        }

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
