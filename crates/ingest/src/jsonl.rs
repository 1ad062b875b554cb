//! JSON Lines: one object per line, `text` required; `id`, `title`, `published`, `url`,
//! `source` optional; every other key kept in `extra`.
//!
//! Encodings: UTF-8 (a BOM on the first line is dropped); a file that starts with a UTF-16
//! byte order mark is decoded as it is read, before it is split into lines; a line that is not
//! UTF-8 is tried as legacy Arabic (windows-1256, ISO-8859-6) when the configuration allows, as
//! a whole `.txt` file is.

use std::io::{BufRead, Read};

use encoding_rs::{Encoding, UTF_8};
use khabar_core::doc::DocMeta;
use khabar_core::{CivilDate, DocFailure, DocId, FailureCode, RawDocument};
use serde_json::{Map, Value};

use crate::STAGE;
use crate::decode::Utf16Reader;

/// Streams the documents of a JSON Lines file.
pub(crate) struct Lines<'a> {
    rel: String,
    reader: Box<dyn BufRead + Send + 'a>,
    /// The file's encoding: UTF-8, or UTF-16 by its byte order mark.
    encoding: &'static str,
    detect_legacy: bool,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
    /// An error reading the first bytes, reported as the first item.
    opening: Option<std::io::Error>,
    /// Longest line read, in bytes (its newline not counted); longer ones are skipped.
    max: usize,
}

impl<'a> Lines<'a> {
    /// Reads the first two bytes to tell a UTF-16 byte order mark.
    pub(crate) fn new(rel: String, mut reader: impl BufRead + Send + 'a, max: usize, detect_legacy: bool) -> Self {
        let mut head = Vec::with_capacity(2);
        let opening = (&mut reader).take(2).read_to_end(&mut head).err();
        // Two bytes tell UTF-16's marks; UTF-8's (three) is dropped from the first line.
        let (reader, encoding): (Box<dyn BufRead + Send + 'a>, &'static Encoding) = match Encoding::for_bom(&head) {
            Some((encoding, _)) if encoding != UTF_8 => (Box::new(Utf16Reader::new(reader, encoding)), encoding),
            _ => (Box::new(std::io::Cursor::new(head).chain(reader)), UTF_8),
        };
        let encoding = encoding.name();
        Self { rel, reader, encoding, detect_legacy, line_no: 0, buf: Vec::new(), done: false, opening, max }
    }

    fn read_error(&mut self, e: &std::io::Error) -> DocFailure {
        self.done = true;
        let (code, message) = if e.kind() == std::io::ErrorKind::InvalidData {
            (FailureCode::UndecodableText, format!("{e}, in line {}; the lines before it were read", self.line_no + 1))
        } else {
            (FailureCode::UnreadableFile, format!("read error after line {}: {e}", self.line_no))
        };
        DocFailure::error(STAGE, &self.rel, code, message).at_line(self.line_no + 1)
    }
}

impl Iterator for Lines<'_> {
    type Item = Result<RawDocument, DocFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.opening.take() {
            return Some(Err(self.read_error(&e)));
        }
        while !self.done {
            self.buf.clear();
            // One byte past the limit, and the newline, tell a line that is too long.
            match crate::lines::read_line_bounded(&mut self.reader, &mut self.buf, self.max.saturating_add(2)) {
                Ok((0, _)) => self.done = true,
                Ok((_, false)) => {
                    self.line_no += 1;
                    self.buf = Vec::new(); // not kept at the size of the longest line
                    if let Err(e) = crate::lines::skip_line(&mut self.reader) {
                        return Some(Err(self.read_error(&e)));
                    }
                    let message = format!(
                        "line longer than ingest.max-document-bytes ({} bytes); skipped, the lines after it are read",
                        self.max
                    );
                    let failure = DocFailure::error(STAGE, &self.rel, FailureCode::DocumentTooLarge, message);
                    return Some(Err(failure.at_line(self.line_no)));
                }
                Ok((_, true)) if self.buf.strip_suffix(b"\n").unwrap_or(&self.buf).len() > self.max => {
                    self.line_no += 1;
                    let message = format!(
                        "line longer than ingest.max-document-bytes ({} bytes); skipped, the lines after it are read",
                        self.max
                    );
                    let failure = DocFailure::error(STAGE, &self.rel, FailureCode::DocumentTooLarge, message);
                    return Some(Err(failure.at_line(self.line_no)));
                }
                Ok(_) => {
                    self.line_no += 1;
                    let mut line: &[u8] = &self.buf;
                    if self.line_no == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_line(&self.rel, self.line_no, line, self.encoding, self.detect_legacy));
                }
                Err(e) => return Some(Err(self.read_error(&e))),
            }
        }
        None
    }
}

fn parse_line(
    rel: &str,
    line_no: u64,
    line: &[u8],
    encoding: &'static str,
    detect_legacy: bool,
) -> Result<RawDocument, DocFailure> {
    let fail = |code, message: String| Err(DocFailure::error(STAGE, rel, code, message).at_line(line_no));
    let legacy;
    let (text, encoding) = match crate::decode::utf8(line) {
        Ok(t) => (t, encoding),
        // The whole-file rules on one line (but its byte order marks: a line in the middle is
        // never UTF-16): a legacy Arabic code page if allowed, or why not.
        Err(_) => match crate::decode::decode_unmarked(line, detect_legacy) {
            Ok(decoded) => {
                legacy = decoded.text;
                (legacy.as_str(), decoded.encoding)
            }
            Err((code, message)) => return fail(code, format!("{message}, counted from the line's start")),
        },
    };
    let mut object: Map<String, Value> = match serde_json::from_str(text) {
        Ok(Value::Object(o)) => o,
        Ok(other) => {
            return fail(FailureCode::InvalidJson, format!("expected a JSON object, found {}", kind(&other)));
        }
        Err(e) => return fail(FailureCode::InvalidJson, format!("invalid JSON: {e}")),
    };
    let body = match object.remove("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return fail(FailureCode::EmptyDocument, "`text` is empty".to_owned()),
        Some(other) => {
            return fail(FailureCode::MissingText, format!("`text` must be a string, found {}", kind(&other)));
        }
        None => return fail(FailureCode::MissingText, "no `text` key".to_owned()),
    };
    let mut issues = Vec::new();
    let source_id = take_scalar(&mut object, "id");
    let title = take_scalar(&mut object, "title").filter(|t| !t.trim().is_empty());
    let url = take_scalar(&mut object, "url");
    let source = take_scalar(&mut object, "source");
    let published = match take_scalar(&mut object, "published") {
        Some(p) => {
            let date = CivilDate::parse_iso_prefix(&p);
            if date.is_none() {
                issues.push(
                    DocFailure::error(
                        STAGE,
                        rel,
                        FailureCode::InvalidPublished,
                        format!("`published` {p:?} is not an ISO 8601 date; kept the document without it"),
                    )
                    .at_line(line_no)
                    .as_warning(),
                );
            }
            date
        }
        None => None,
    };
    let doc_id = DocId::from_text(&body);
    for issue in &mut issues {
        issue.doc_id = Some(doc_id);
    }
    // serde_json's Map is a BTreeMap here (no `preserve_order`), so `extra` has sorted keys.
    let extra = (!object.is_empty()).then(|| Value::Object(object).to_string());
    let meta = DocMeta {
        source_line: Some(line_no),
        source_id,
        url,
        source,
        published,
        extra,
        ..DocMeta::new(&body, rel, "jsonl", encoding)
    };
    Ok(RawDocument { meta, title, title_from_first_line: false, text: body, issues })
}

/// Removes `key` and returns it as a string when it is a string or a number.
fn take_scalar(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.remove(key)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => {
            object.insert(key.to_owned(), other);
            None
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &str) -> Vec<Result<RawDocument, DocFailure>> {
        Lines::new("f.jsonl".into(), std::io::Cursor::new(input.as_bytes().to_vec()), 1 << 20, true).collect()
    }

    /// A line past the limit is a failure with its number, read in pieces (never held whole);
    /// the lines around it are documents.
    #[test]
    fn a_line_past_the_limit_is_skipped_and_the_next_read() {
        let ok = "{\"text\": \"نص\"}";
        let long = format!("{{\"text\": \"{}\"}}", "ب".repeat(200));
        let input = format!("{ok}\n{long}\n{ok} \n{long}");
        let reader = std::io::BufReader::with_capacity(5, std::io::Cursor::new(input.into_bytes()));
        let out: Vec<_> = Lines::new("f.jsonl".into(), reader, ok.len() + 1, true).collect();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().expect("first").meta.source_line, Some(1));
        let failure = out[1].as_ref().expect_err("too long");
        assert_eq!((failure.code, failure.line), (FailureCode::DocumentTooLarge, Some(2)));
        assert!(failure.message.contains(&format!("({} bytes)", ok.len() + 1)), "{}", failure.message);
        assert_eq!(out[2].as_ref().expect("third").meta.source_line, Some(3));
        assert_eq!(out[3].as_ref().expect_err("last, unterminated").line, Some(4));
        // Exactly at the limit is within it.
        let out: Vec<_> =
            Lines::new("f.jsonl".into(), std::io::Cursor::new(ok.as_bytes().to_vec()), ok.len(), true).collect();
        assert!(out[0].is_ok());
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            bytes.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        bytes
    }

    /// A file saved as UTF-16 (as Windows PowerShell saves it) is decoded before it is split
    /// into lines, whatever the buffer; each document says which UTF-16.
    #[test]
    fn utf16_files_with_a_byte_order_mark() {
        let input = "{\"text\": \"قالت قوات سوريا الديمقراطية\"}\r\n\n{\"text\": \"الرقة 😀\", \"id\": 2}\n";
        for little_endian in [true, false] {
            for capacity in [1, 3, 64] {
                let reader =
                    std::io::BufReader::with_capacity(capacity, std::io::Cursor::new(utf16(input, little_endian)));
                let out: Vec<_> = Lines::new("f.jsonl".into(), reader, 1 << 20, true).collect();
                assert_eq!(out.len(), 2, "{out:?}");
                let (a, b) = (out[0].as_ref().expect("line 1"), out[1].as_ref().expect("line 3"));
                assert_eq!((a.text.as_str(), a.meta.source_line), ("قالت قوات سوريا الديمقراطية", Some(1)));
                assert_eq!((b.text.as_str(), b.meta.source_line), ("الرقة 😀", Some(3)));
                assert_eq!(a.meta.encoding, if little_endian { "UTF-16LE" } else { "UTF-16BE" });
            }
        }
    }

    /// Malformed UTF-16 (here an unpaired surrogate on line 2) is one failure at its line,
    /// which says where; the lines before it are documents, nothing is replaced.
    #[test]
    fn malformed_utf16_stops_the_file_at_its_line() {
        let mut bytes = utf16("{\"text\": \"نص\"}\n{\"text\": \"", true);
        let at = bytes.len();
        bytes.extend([0x00, 0xD8, 0x41, 0x00]); // a high surrogate, then 'A'
        bytes.extend(&utf16("\"}\n{\"text\": \"آخر\"}\n", true)[2..]);
        let out: Vec<_> = Lines::new("f.jsonl".into(), std::io::Cursor::new(bytes), 1 << 20, true).collect();
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].as_ref().expect("line 1").text, "نص");
        let failure = out[1].as_ref().expect_err("line 2");
        assert_eq!((failure.code, failure.line), (FailureCode::UndecodableText, Some(2)));
        assert!(failure.message.starts_with(&format!("malformed UTF-16LE at byte {at}")), "{}", failure.message);
        // An odd last byte is malformed too.
        let mut odd = utf16("{\"text\": \"نص\"}\n", true);
        odd.push(b'{');
        let out: Vec<_> = Lines::new("f.jsonl".into(), std::io::Cursor::new(odd), 1 << 20, true).collect();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().expect_err("the odd byte").code, FailureCode::UndecodableText);
    }

    /// A line in windows-1256 among UTF-8 lines is read as windows-1256 (and says so) when
    /// legacy encodings are allowed, else it is an ING002 failure that gives the byte; a line
    /// that is neither is one too.
    #[test]
    fn a_legacy_arabic_line_among_utf8_lines() {
        let arabic = "قالت قوات سوريا الديمقراطية إنها سيطرت على الباغوز";
        let line = format!("{{\"text\": \"{arabic}\"}}");
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&line);
        let mut input = b"{\"text\": \"\xd9\x86\xd8\xb5\"}\n".to_vec();
        input.extend_from_slice(&cp1256);
        input.extend_from_slice(b"\n{\"text\": \"caf\xe9 au lait, tr\xe8s bien\"}\n");
        let read = |legacy| -> Vec<_> {
            Lines::new("f.jsonl".into(), std::io::Cursor::new(input.clone()), 1 << 20, legacy).collect()
        };
        let out = read(true);
        assert_eq!(out[0].as_ref().expect("UTF-8").meta.encoding, "UTF-8");
        let legacy = out[1].as_ref().expect("windows-1256");
        assert_eq!((legacy.text.as_str(), legacy.meta.encoding), (arabic, "windows-1256"));
        let latin = out[2].as_ref().expect_err("not Arabic");
        assert_eq!((latin.code, latin.line), (FailureCode::UndecodableText, Some(3)));
        assert!(latin.message.contains("not legacy Arabic"), "{}", latin.message);
        // A later line that starts with a UTF-16 byte order mark is not read as UTF-16.
        let mut marked = b"{\"text\": \"\xd9\x86\xd8\xb5\"}\n\xff\xfe".to_vec();
        marked.extend("{\"text\": \"نص\"}".encode_utf16().flat_map(u16::to_le_bytes));
        let out: Vec<_> = Lines::new("f.jsonl".into(), std::io::Cursor::new(marked), 1 << 20, true).collect();
        assert_eq!(out[1].as_ref().expect_err("not UTF-16").code, FailureCode::BinaryFile);
        let strict = read(false);
        let failure = strict[1].as_ref().expect_err("legacy off");
        assert_eq!(failure.code, FailureCode::UndecodableText);
        assert_eq!(failure.message, "invalid UTF-8 at byte 10 (0xde), counted from the line's start");
    }

    #[test]
    fn good_bad_and_blank_lines() {
        let input = concat!(
            "{\"id\": 7, \"title\": \"ت\", \"published\": \"2019-03-23T10:00:00Z\", \"text\": \"نص\", \"lang\": \"ar\"}\n",
            "\n",
            "{\"text\": \"نص\", oops}\n",
            "[1, 2]\n",
            "{\"title\": \"no text\"}\n",
            "{\"text\": \"آخر\", \"published\": \"yesterday\"}",
        );
        let out = docs(input);
        assert_eq!(out.len(), 5, "the blank line is not an input");
        let first = out[0].as_ref().expect("good line");
        assert_eq!(first.meta.source_id.as_deref(), Some("7"));
        assert_eq!(first.meta.source_line, Some(1));
        assert_eq!(first.meta.published.map(|d| d.to_string()).as_deref(), Some("2019-03-23"));
        assert_eq!(first.meta.extra.as_deref(), Some("{\"lang\":\"ar\"}"));
        assert_eq!(first.meta.doc_id, DocId::from_text("نص"));
        let bad = out[1].as_ref().expect_err("malformed");
        assert_eq!((bad.code, bad.line), (FailureCode::InvalidJson, Some(3)));
        let array = out[2].as_ref().expect_err("array");
        assert_eq!(array.message, "expected a JSON object, found an array");
        assert_eq!(out[3].as_ref().expect_err("no text").code, FailureCode::MissingText);
        let last = out[4].as_ref().expect("kept without published");
        assert_eq!(last.meta.published, None);
        assert_eq!(last.issues[0].code, FailureCode::InvalidPublished);
        assert_eq!(last.issues[0].line, Some(6));
    }
}
