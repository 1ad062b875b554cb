//! Helpers shared by the fuzz targets in `fuzz_targets/`: turning the fuzzer's bytes into text
//! and settings, and the checks more than one target makes.

use std::borrow::Cow;

use khabar_core::{DocFailure, DocId, RawDocument};

/// The bytes as text: invalid UTF-8 becomes U+FFFD, so every input reaches the code under test.
#[must_use]
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Splits off the first byte (settings), leaving the rest (the input proper).
#[must_use]
pub fn split_flags(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&flags, rest)) => (flags, rest),
        None => (0, data),
    }
}

/// Whether `s` is its own words joined by single spaces: no whitespace but single inner spaces.
#[must_use]
pub fn is_one_line(s: &str) -> bool {
    s.split_whitespace().collect::<Vec<_>>().join(" ") == s
}

/// Checks of any reader's documents: IDs from the text, text not blank, warnings about the
/// document they belong to; and the 1-based lines of documents and failures increasing (strictly,
/// but for SGML records sharing a line).
pub fn check_documents(items: &[Result<RawDocument, DocFailure>], format: &str) {
    let mut last_line = 0;
    for item in items {
        let line = match item {
            Ok(doc) => {
                assert_eq!(doc.meta.doc_id, DocId::from_text(&doc.text), "doc_id is the hash of the text");
                assert!(!doc.text.trim().is_empty(), "a document has text");
                assert_eq!(doc.meta.format, format);
                for issue in &doc.issues {
                    assert_eq!(issue.doc_id, Some(doc.meta.doc_id), "a warning names its document");
                }
                doc.meta.source_line.expect("a record knows its line")
            }
            Err(failure) => {
                assert!(!failure.message.is_empty(), "a failure says why");
                failure.line.expect("a failure knows its line")
            }
        };
        // Two SGML records may share a line; JSON Lines documents never do.
        assert!(
            line > last_line || (format == "sgml" && line == last_line),
            "lines increase: {line} after {last_line}"
        );
        last_line = line;
    }
}

/// Checks byte spans of `text`: in order, not overlapping, not empty, on char boundaries.
pub fn check_spans(text: &str, spans: impl IntoIterator<Item = (usize, usize)>, what: &str) {
    let mut last_end = 0;
    for (start, end) in spans {
        assert!(start < end, "{what}: empty or reversed span {start}..{end}");
        assert!(start >= last_end, "{what}: span {start}..{end} overlaps the one ending at {last_end}");
        assert!(end <= text.len(), "{what}: span {start}..{end} past the end ({})", text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what}: {start}..{end} cuts a char");
        last_end = end;
    }
}

/// The bytes as a JSON Lines line's `text` value would hold them.
#[must_use]
pub fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}
