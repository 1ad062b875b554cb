//! JSON Lines: one object per line, `text` required; `id`, `title`, `published`, `url`,
//! `source` optional; every other key kept in `extra`.

use std::io::BufRead;

use khabar_core::doc::DocMeta;
use khabar_core::{CivilDate, DocFailure, DocId, FailureCode, RawDocument};
use serde_json::{Map, Value};

use crate::STAGE;

/// Streams the documents of a JSON Lines file.
pub(crate) struct Lines<R> {
    rel: String,
    reader: R,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
    /// Longest line read, in bytes (its newline not counted); longer ones are skipped.
    max: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(rel: String, reader: R, max: usize) -> Self {
        Self { rel, reader, line_no: 0, buf: Vec::new(), done: false, max }
    }

    fn read_error(&mut self, e: &std::io::Error) -> DocFailure {
        self.done = true;
        let message = format!("read error after line {}: {e}", self.line_no);
        DocFailure::error(STAGE, &self.rel, FailureCode::UnreadableFile, message).at_line(self.line_no + 1)
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<RawDocument, DocFailure>;

    fn next(&mut self) -> Option<Self::Item> {
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
                    return Some(parse_line(&self.rel, self.line_no, line));
                }
                Err(e) => return Some(Err(self.read_error(&e))),
            }
        }
        None
    }
}

fn parse_line(rel: &str, line_no: u64, line: &[u8]) -> Result<RawDocument, DocFailure> {
    let fail = |code, message: String| Err(DocFailure::error(STAGE, rel, code, message).at_line(line_no));
    let text = match crate::decode::utf8(line) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return fail(FailureCode::UndecodableText, format!("invalid UTF-8 at byte {at} of the line"));
        }
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
        ..DocMeta::new(&body, rel, "jsonl", "UTF-8")
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
        Lines::new("f.jsonl".into(), std::io::Cursor::new(input.as_bytes().to_vec()), 1 << 20).collect()
    }

    /// A line past the limit is a failure with its number, read in pieces (never held whole);
    /// the lines around it are documents.
    #[test]
    fn a_line_past_the_limit_is_skipped_and_the_next_read() {
        let ok = "{\"text\": \"نص\"}";
        let long = format!("{{\"text\": \"{}\"}}", "ب".repeat(200));
        let input = format!("{ok}\n{long}\n{ok} \n{long}");
        let reader = std::io::BufReader::with_capacity(5, std::io::Cursor::new(input.into_bytes()));
        let out: Vec<_> = Lines::new("f.jsonl".into(), reader, ok.len() + 1).collect();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().expect("first").meta.source_line, Some(1));
        let failure = out[1].as_ref().expect_err("too long");
        assert_eq!((failure.code, failure.line), (FailureCode::DocumentTooLarge, Some(2)));
        assert!(failure.message.contains(&format!("({} bytes)", ok.len() + 1)), "{}", failure.message);
        assert_eq!(out[2].as_ref().expect("third").meta.source_line, Some(3));
        assert_eq!(out[3].as_ref().expect_err("last, unterminated").line, Some(4));
        // Exactly at the limit is within it.
        let out: Vec<_> =
            Lines::new("f.jsonl".into(), std::io::Cursor::new(ok.as_bytes().to_vec()), ok.len()).collect();
        assert!(out[0].is_ok());
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
