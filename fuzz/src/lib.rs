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
/// document they belong to; and the 1-based lines of documents and failures strictly increasing.
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
        assert!(line > last_line, "lines increase: {line} after {last_line}");
        last_line = line;
    }
}
