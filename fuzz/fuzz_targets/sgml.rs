//! The SGML reader (`<DOC>` records: ANT, Gigaword) on arbitrary bytes.
//!
//! Asserts: every document's ID is the hash of its text; the text is its parts (title,
//! dateline, abstract, paragraphs) joined by blank lines, each part one line of single-spaced
//! words; the title is the first part; record lines increase; at most one item per `<DOC`;
//! reading the bytes as text already decoded (a `.txt` file of records) gives the same
//! documents wherever the bytes path decoded a record as UTF-8; records longer than the limit
//! are `DocumentTooLarge` failures on both paths.
#![no_main]

use khabar_core::FailureCode;
use khabar_fuzz::{check_documents, is_one_line, split_flags};
use khabar_ingest::fuzzing::{sgml_records, sgml_records_decoded};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, data) = split_flags(data);
    // Records up to 64 MiB, or (one time in two) a limit of 64 to 8,000 bytes: too long ones skipped.
    let max = if flags & 2 == 0 { 64 << 20 } else { 64 + usize::from(flags >> 2) * 127 };
    let items = sgml_records(data, flags & 1 == 1, max);
    check_documents(&items, "sgml");
    let starts = data.windows(4).filter(|w| w.eq_ignore_ascii_case(b"<DOC")).count();
    assert!(items.len() <= starts, "{} items from {starts} `<DOC`s", items.len());
    for doc in items.iter().flatten() {
        let parts: Vec<&str> = doc.text.split("\n\n").collect();
        for part in &parts {
            assert!(!part.is_empty() && is_one_line(part), "part {part:?} of {:?}", doc.text);
        }
        if let Some(title) = &doc.title {
            assert_eq!(title, parts[0], "the title is the first part");
        }
        assert!(!doc.title_from_first_line);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let decoded = sgml_records_decoded(text.to_owned(), "UTF-8", max);
    check_documents(&decoded, "sgml");
    assert_eq!(decoded.len(), items.len(), "the same records from text as from bytes");
    for (from_text, from_bytes) in decoded.iter().zip(&items) {
        match from_bytes {
            Ok(doc) if doc.meta.encoding == "UTF-8" => {
                assert_eq!(from_text.as_ref().ok(), Some(doc), "a record decoded as UTF-8 reads the same from text");
            }
            Err(f)
                if matches!(
                    f.code,
                    FailureCode::MalformedRecord | FailureCode::EmptyDocument | FailureCode::DocumentTooLarge
                ) =>
            {
                let g = from_text.as_ref().expect_err("the same failure from text");
                assert_eq!((g.code, g.line, &g.message), (f.code, f.line, &f.message));
            }
            // Bytes the record's own decoding refuses (binary, control characters) or reads
            // as another encoding: the text path, given a whole file decoded, reads them as is.
            _ => {}
        }
    }
});
