//! The JSON Lines reader on arbitrary bytes, through a buffer of 1 to 64 bytes (lines cross
//! refills) with a line limit of 1 to 256 bytes or 64 MiB, legacy encodings allowed (the
//! default).
//!
//! Asserts, against a reference that splits the bytes at `\n` itself (after decoding them
//! whole when they start with a UTF-16 byte order mark): every line longer than the limit is
//! one `DocumentTooLarge` failure with its number; every blank line within it is nothing;
//! every other line is a document (its text the `text` string serde_json reads from the line,
//! decoded from the encoding the document names) or a failure, at that line; nothing else
//! comes out. Malformed UTF-16 ends the file with one `UndecodableText` failure.
#![no_main]

use khabar_core::FailureCode;
use khabar_fuzz::{check_documents, split_flags};
use khabar_ingest::fuzzing::jsonl_docs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, data) = split_flags(data);
    let capacity = usize::from(flags & 0x3f) + 1;
    let max = if flags & 0x40 == 0 { 64 << 20 } else { usize::from(flags >> 7) * 255 + capacity * 4 };
    let items = jsonl_docs(data, capacity, max, true);
    check_documents(&items, "jsonl");

    let utf16 = match data {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let decoded;
    let (stream, encoding) = match utf16 {
        None => (data, "UTF-8"),
        Some(utf16) => match utf16.decode_without_bom_handling_and_without_replacement(&data[2..]) {
            Some(text) => {
                decoded = text.into_owned();
                (decoded.as_bytes(), utf16.name())
            }
            None => {
                let last = items.last().expect("malformed UTF-16 is a failure");
                assert_eq!(last.as_ref().expect_err("the last item").code, FailureCode::UndecodableText);
                return;
            }
        },
    };
    let mut want = Vec::new();
    let mut pieces: Vec<&[u8]> = stream.split(|&b| b == b'\n').collect();
    if pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    for (i, piece) in pieces.iter().enumerate() {
        let line_no = i as u64 + 1;
        if piece.len() > max {
            want.push((line_no, Some(FailureCode::DocumentTooLarge)));
            continue;
        }
        let line = if i == 0 { piece.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(piece) } else { piece };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        want.push((line_no, None));
    }
    assert_eq!(items.len(), want.len(), "one item per line that is not blank");
    for (item, (line_no, code)) in items.iter().zip(want) {
        match item {
            Ok(doc) => {
                assert_eq!(doc.meta.source_line, Some(line_no));
                assert_eq!(code, None, "line {line_no} is too long");
                let line = pieces[line_no as usize - 1];
                let line = if line_no == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
                let value: serde_json::Value = if std::str::from_utf8(line).is_ok() {
                    assert_eq!(doc.meta.encoding, encoding);
                    serde_json::from_slice(line).expect("a document's line is JSON")
                } else {
                    assert!(["windows-1256", "ISO-8859-6"].contains(&doc.meta.encoding), "{}", doc.meta.encoding);
                    let legacy = encoding_rs::Encoding::for_label(doc.meta.encoding.as_bytes()).expect("an encoding");
                    let (text, had_errors) = legacy.decode_without_bom_handling(line);
                    assert!(!had_errors, "a legacy line decodes without replacement");
                    serde_json::from_str(&text).expect("a document's decoded line is JSON")
                };
                assert_eq!(value.get("text").and_then(|t| t.as_str()), Some(doc.text.as_str()));
            }
            Err(failure) => {
                assert_eq!(failure.line, Some(line_no));
                if let Some(code) = code {
                    assert_eq!(failure.code, code, "line {line_no}: {}", failure.message);
                } else {
                    assert_ne!(failure.code, FailureCode::DocumentTooLarge, "line {line_no} is within the limit");
                }
            }
        }
    }
});
