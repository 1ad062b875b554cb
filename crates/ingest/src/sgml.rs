//! TREC/LDC-style SGML news records: the ANT corpus layout and LDC Arabic Gigaword.
//!
//! ## What it reads
//! ```text
//! <DOC id="AFP_ARB_20010101.0001" type="story">      (attributes optional)
//! <DOCNO>BB-culture-1-20180218</DOCNO>
//! <URL>...</URL> <SRC>BBC</SRC> <CAT>culture</CAT>
//! <TITLE>...</TITLE> or <HEADLINE>...</HEADLINE>
//! <TIME>Sun, 18 Feb 2018 17:21:49 GMT</TIME> or <DATELINE>...</DATELINE>
//! <ABSTRACT>...</ABSTRACT>
//! <TEXT> paragraphs, one per line, or <P>...</P> blocks </TEXT>
//! </DOC>
//! ```
//! One or many `<DOC>`s per file, streamed one record at a time. The text is not escaped XML:
//! bare `&` and `<` are kept as they are (well-formed `&amp;`-style entities are decoded).
//!
//! ## Mapping to the contract
//! `source_id` ← DOCNO, else the `id` attribute; `title` ← TITLE/HEADLINE; `url` ← URL;
//! `source` ← SRC; `published` ← TIME (RFC 822 or ISO 8601, the date as written in its own
//! time zone), else the `YYYYMMDD` date in DOCNO/id; `extra` ← category (CAT), `type`, author.
//! `documents.text` is the title, the dateline, the abstract (unless it repeats the first
//! paragraph or the title) and the body paragraphs, separated by blank lines.

use std::io::BufRead;

use khabar_core::doc::DocMeta;
use khabar_core::text::fold;
use khabar_core::{CivilDate, DocFailure, FailureCode, RawDocument};

use crate::{STAGE, decode};

/// Where records are read from: any byte stream, or text decoded already.
pub(crate) trait Source: BufRead {
    /// Bytes `start..end` of the input as text, when the input is a decoded text (so a record
    /// needs no second UTF-8 check).
    fn decoded(&self, _start: usize, _end: usize) -> Option<&str> {
        None
    }
}

impl Source for Box<dyn BufRead + Send> {}

impl Source for std::io::Cursor<String> {
    fn decoded(&self, start: usize, end: usize) -> Option<&str> {
        self.get_ref().get(start..end)
    }
}

/// Streams the records of an SGML file.
pub(crate) struct Records<R> {
    rel: String,
    reader: R,
    /// Bytes read from `reader` so far; `buf` holds the last `buf.len()` of them.
    consumed: usize,
    line_no: u64,
    detect_legacy: bool,
    /// The bytes are text already decoded as this encoding (a `.txt` file read whole).
    decoded_as: Option<&'static str>,
    done: bool,
    buf: Vec<u8>,
    /// Longest record, in bytes; a longer one is skipped without being held whole.
    max: usize,
    /// The next byte read starts a line.
    at_line_start: bool,
}

/// The closing tag of a record.
const END_TAG: &[u8] = b"</DOC>";

impl<R: Source> Records<R> {
    pub(crate) fn new(rel: String, reader: R, detect_legacy: bool, max: usize) -> Self {
        Self {
            rel,
            reader,
            consumed: 0,
            line_no: 0,
            detect_legacy,
            decoded_as: None,
            done: false,
            buf: Vec::new(),
            max: max.max(1),
            at_line_start: true,
        }
    }

    /// Records of text already decoded from `encoding`.
    pub(crate) fn decoded(rel: String, reader: R, encoding: &'static str, max: usize) -> Self {
        Self { decoded_as: Some(encoding), ..Self::new(rel, reader, false, max) }
    }

    /// Appends the rest of the current line to `self.buf`, at most `limit` bytes of it (a line
    /// longer than that is read in pieces); false at end of input.
    fn read_line(&mut self, limit: usize) -> Result<bool, std::io::Error> {
        let (n, ended) = crate::lines::read_line_bounded(&mut self.reader, &mut self.buf, limit.max(1))?;
        self.consumed += n;
        if n > 0 && self.at_line_start {
            self.line_no += 1;
        }
        self.at_line_start = ended;
        Ok(n > 0)
    }

    /// Skips past the next `</DOC>` and the rest of its line, scanning without holding what is
    /// skipped (the tail of `self.buf` counts: a tag may straddle it); false when the input ends
    /// first.
    fn skip_record(&mut self) -> Result<bool, std::io::Error> {
        let mut carry = self.buf[self.buf.len().saturating_sub(END_TAG.len() - 1)..].to_vec();
        self.buf = Vec::new();
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(false);
            }
            let kept = carry.len();
            carry.extend_from_slice(&available[..available.len().min(1 << 16)]);
            let (used, found) = match find_ci(&carry, END_TAG) {
                Some(at) => (at + END_TAG.len() - kept, true),
                None => (carry.len() - kept, false),
            };
            let newlines = memchr::memchr_iter(b'\n', &available[..used]).count() as u64;
            let ends_line = available[..used].last() == Some(&b'\n');
            self.reader.consume(used);
            self.consumed += used;
            if used > 0 && self.at_line_start {
                self.line_no += 1;
            }
            self.line_no += newlines - u64::from(ends_line);
            self.at_line_start = ends_line;
            if found {
                let rest = crate::lines::skip_line(&mut self.reader)?;
                self.consumed += rest;
                self.at_line_start = true;
                return Ok(true);
            }
            carry.drain(..carry.len().saturating_sub(END_TAG.len() - 1));
        }
    }
}

impl<R: Source> Iterator for Records<R> {
    type Item = Result<RawDocument, DocFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let fail = |rel: &str, line: u64, code, message: String| {
            Some(Err(DocFailure::error(STAGE, rel, code, message).at_line(line)))
        };
        // Skip to the next `<DOC`: first in what followed the last record's `</DOC>` on its
        // line (two records may share a line), then line by line.
        let start_line = loop {
            if let Some(at) = doc_start(&self.buf) {
                self.buf.drain(..at);
                break self.line_no;
            }
            self.buf.clear();
            match self.read_line(self.max) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return fail(&self.rel, self.line_no + 1, FailureCode::UnreadableFile, format!("read error: {e}"));
                }
            }
        };
        // Read up to and including `</DOC>`, searching only the lines not searched yet.
        let mut searched = 0;
        // The record ends with its `</DOC>`: what follows on that line is not part of it, and
        // may have been read only in part, cut inside a character (a line read in pieces).
        let record_end = loop {
            if let Some(at) = find_ci(&self.buf[searched..], END_TAG) {
                break searched + at + END_TAG.len();
            }
            // A line read in pieces may hold a tag across two of them.
            searched = self.buf.len().saturating_sub(END_TAG.len() - 1);
            if self.buf.len() >= self.max {
                let found = self.skip_record();
                self.buf = Vec::new(); // not kept at the size of the longest record
                return match found {
                    Ok(found) => {
                        self.done = !found;
                        let message = format!(
                            "<DOC> record longer than ingest.max-document-bytes ({} bytes); skipped, the records after it are read",
                            self.max
                        );
                        fail(&self.rel, start_line, FailureCode::DocumentTooLarge, message)
                    }
                    Err(e) => {
                        self.done = true;
                        fail(&self.rel, self.line_no + 1, FailureCode::UnreadableFile, format!("read error: {e}"))
                    }
                };
            }
            match self.read_line(self.max - self.buf.len()) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    let message = "unterminated <DOC>: no </DOC> before the end of the file".to_owned();
                    return fail(&self.rel, start_line, FailureCode::MalformedRecord, message);
                }
                Err(e) => {
                    self.done = true;
                    return fail(&self.rel, self.line_no + 1, FailureCode::UnreadableFile, format!("read error: {e}"));
                }
            }
        };
        let record = &self.buf[..record_end];
        if let Some(encoding) = self.decoded_as {
            let start = self.consumed - self.buf.len();
            // The record starts at `<DOC` and ends at `>`, both ASCII: whole characters of the
            // decoded text.
            let text = match self.reader.decoded(start, start + record_end) {
                Some(text) => text,
                None => std::str::from_utf8(record).expect("a record of decoded text is UTF-8"),
            };
            let item = parse_record(&self.rel, start_line, text, encoding);
            self.buf.drain(..record_end);
            return Some(item);
        }
        let item = match decode(record, self.detect_legacy) {
            Ok(d) => parse_record(&self.rel, start_line, &d.text, d.encoding),
            Err((code, message)) => Err(DocFailure::error(STAGE, &self.rel, code, message).at_line(start_line)),
        };
        // What follows `</DOC>` on its line is searched for the next record.
        self.buf.drain(..record_end);
        Some(item)
    }
}

/// Byte position of the first `<DOC` opening a record (`<DOC>` or `<DOC ` with attributes) in
/// `line`.
fn doc_start(line: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + find_ci(&line[from..], b"<DOC")?;
        if matches!(line.get(at + 4), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
            return Some(at);
        }
        from = at + 4; // `<DOCNO>`, `<DOCID>`: not a record
    }
}

/// Byte position of `needle` (which starts with `<`) in `hay`, ASCII case-insensitive: jumps
/// from `<` to `<` (a SIMD byte search), which Arabic text rarely holds.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(p) = memchr::memchr(first, &hay[from..]) {
        let at = from + p;
        if hay.get(at..at + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Position of `needle` in `hay` (ASCII case-insensitive), as a byte offset into the str.
fn find_ci_str(hay: &str, needle: &str) -> Option<usize> {
    find_ci(hay.as_bytes(), needle.as_bytes())
}

/// The content of the first `<TAG ...>...</TAG>` in `record`, or `None`.
fn field<'a>(record: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let mut from = 0;
    loop {
        let at = from + find_ci_str(&record[from..], &open)?;
        let after = at + open.len();
        match record.as_bytes().get(after) {
            Some(b'>') => {
                let body = after + 1;
                let end = body + find_ci_str(&record[body..], &format!("</{tag}>"))?;
                return Some(&record[body..end]);
            }
            Some(b' ' | b'\t') => {
                let body = after + record[after..].find('>')? + 1;
                let end = body + find_ci_str(&record[body..], &format!("</{tag}>"))?;
                return Some(&record[body..end]);
            }
            _ => from = after,
        }
    }
}

/// The value of attribute `name` in the `<DOC ...>` start tag.
fn doc_attribute(record: &str, name: &str) -> Option<String> {
    let start = find_ci_str(record, "<DOC")?;
    let tag = &record[start..start + record[start..].find('>')?];
    let key = format!("{name}=");
    let at = find_ci_str(tag, &key)? + key.len();
    let rest = &tag[at..];
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split(|c: char| c.is_whitespace()).next()?,
    };
    Some(value.to_owned())
}

/// Decodes the five XML entities (any case) and drops `<P>`-style tags; bare `&` stays.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr2(b'&', b'<', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let entity = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&apos;", '\'')]
                .into_iter()
                .find(|(e, _)| rest.as_bytes().get(..e.len()).is_some_and(|b| b.eq_ignore_ascii_case(e.as_bytes())));
            if let Some((e, c)) = entity {
                out.push(c);
                rest = &rest[e.len()..];
            } else {
                out.push('&');
                rest = &rest[1..];
            }
        } else {
            let is_p = ["<p>", "</p>"]
                .iter()
                .find(|t| rest.as_bytes().get(..t.len()).is_some_and(|b| b.eq_ignore_ascii_case(t.as_bytes())));
            if let Some(t) = is_p {
                out.push('\n');
                rest = &rest[t.len()..];
            } else {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `s`'s words (split at Unicode whitespace) joined by single spaces.
fn one_line(s: &str) -> String {
    if is_one_line(s) {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        // Whitespace is ASCII or starts with one of these lead bytes (U+0085, U+00A0, U+1680,
        // U+2000..U+205F, U+3000); Arabic letters (D8..DB) never are.
        let (space, width) = match lead {
            0..=0x7F => (matches!(lead, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = s[i..].chars().next().expect("i is at a char boundary");
                (c.is_whitespace(), c.len_utf8())
            }
            0xC0..=0xDF => (false, 2),
            0xE0..=0xEF => (false, 3),
            _ => (false, 4),
        };
        if space {
            if let Some(a) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[a..i]);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += width;
    }
    if let Some(a) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[a..]);
    }
    out
}

/// Whether `s` is [`one_line`] of itself already, as nearly every line of a news text is: no
/// byte that is whitespace other than a space or may start a whitespace char (one scan the
/// compiler vectorizes), no space at either end, no two spaces together.
fn is_one_line(s: &str) -> bool {
    let b = s.as_bytes();
    let suspect = b.iter().fold(false, |acc, &x| acc | matches!(x, b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3));
    !suspect && !b.starts_with(b" ") && !b.ends_with(b" ") && memchr::memmem::find(b, b"  ").is_none()
}

/// Body paragraphs: `<P>` blocks (their hard-wrapped lines joined), else one per line.
fn paragraphs(body: &str) -> Vec<String> {
    let blocks: Vec<String> = if find_ci_str(body, "<P>").is_some() {
        let mut out = Vec::new();
        let mut rest = body;
        while let Some(at) = find_ci_str(rest, "<P>") {
            rest = &rest[at + 3..];
            let end = find_ci_str(rest, "</P>").or_else(|| find_ci_str(rest, "<P>")).unwrap_or(rest.len());
            out.push(one_line(&clean(&rest[..end])));
            rest = &rest[end..];
        }
        out
    } else {
        clean(body).lines().map(one_line).collect()
    };
    blocks.into_iter().filter(|p| !p.is_empty()).collect()
}

fn comparable(s: &str) -> String {
    one_line(&fold(s)).trim_matches(|c: char| !c.is_alphanumeric()).to_owned()
}

/// Whether `abstract_` repeats `first` (or is repeated by it).
fn repeats(abstract_: &str, first: &str) -> bool {
    let (a, f) = (comparable(abstract_), comparable(first));
    !a.is_empty()
        && (a == f || f.starts_with(&a) || (a.starts_with(&f) && f.chars().count() * 5 >= a.chars().count() * 4))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The date of an RFC 822 date-time (`Sun, 18 Feb 2018 17:21:49 GMT`), as written.
pub(crate) fn parse_rfc822(s: &str) -> Option<CivilDate> {
    let mut words = s.split_whitespace().skip_while(|w| w.ends_with(','));
    let day: u8 = words.next()?.parse().ok()?;
    let month_word = words.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_word.starts_with(m))? as u8 + 1;
    let year_word = words.next()?;
    let year: i32 = match (year_word.len(), year_word.parse::<i32>().ok()?) {
        (4, y) => y,
        (2, y) if y < 50 => 2000 + y,
        (2, y) => 1900 + y,
        _ => return None,
    };
    CivilDate::new(year, month, day)
}

/// The first valid `YYYYMMDD` (1900-2099) in `s`, as in `BB-culture-1-20180218`.
pub(crate) fn date_in_id(s: &str) -> Option<CivilDate> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let run = &b[i..i + 8];
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 8).is_none_or(|c| !c.is_ascii_digit());
        if !bounded || !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| std::str::from_utf8(&run[r]).ok()?.parse::<u32>().ok();
        let year = n(0..4)? as i32;
        if !(1900..2100).contains(&year) {
            return None;
        }
        CivilDate::new(year, n(4..6)? as u8, n(6..8)? as u8)
    })
}

fn parse_record(rel: &str, line: u64, record: &str, encoding: &'static str) -> Result<RawDocument, DocFailure> {
    let get = |tag: &str| field(record, tag).map(|v| one_line(&clean(v))).filter(|v| !v.is_empty());
    let docno = get("DOCNO").or_else(|| doc_attribute(record, "id"));
    let title = get("TITLE").or_else(|| get("HEADLINE"));
    let time = get("TIME").or_else(|| get("DATE_TIME")).or_else(|| get("DATE"));
    let dateline = get("DATELINE");
    let body = field(record, "TEXT").map(paragraphs).unwrap_or_default();
    if body.is_empty() {
        let what = if field(record, "TEXT").is_some() { "<TEXT> is empty" } else { "no <TEXT> element" };
        let mut failure = DocFailure::error(
            STAGE,
            rel,
            FailureCode::EmptyDocument,
            format!("{what}{}", docno.as_deref().map(|d| format!(" in {d}")).unwrap_or_default()),
        )
        .at_line(line);
        failure.doc_id = None;
        return Err(failure);
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &title {
        parts.push(t.clone());
    }
    if let Some(d) = &dateline {
        parts.push(d.clone());
    }
    if let Some(a) = get("ABSTRACT") {
        let repeated = repeats(&a, &body[0]) || title.as_deref().is_some_and(|t| comparable(t) == comparable(&a));
        if !repeated {
            parts.push(a);
        }
    }
    parts.extend(body);
    let text = parts.join("\n\n");
    let published = time
        .as_deref()
        .and_then(|t| parse_rfc822(t).or_else(|| CivilDate::parse_iso_prefix(t)))
        .or_else(|| dateline.as_deref().and_then(CivilDate::parse_iso_prefix))
        .or_else(|| docno.as_deref().and_then(date_in_id));
    let mut extra = serde_json::Map::new();
    for (key, value) in [("category", get("CAT")), ("type", doc_attribute(record, "type")), ("author", get("AUTHOR"))] {
        if let Some(v) = value {
            extra.insert(key.to_owned(), serde_json::Value::String(v));
        }
    }
    let meta = DocMeta {
        source_line: Some(line),
        source_id: docno,
        url: get("URL"),
        source: get("SRC"),
        published,
        extra: (!extra.is_empty()).then(|| serde_json::Value::Object(extra).to_string()),
        ..DocMeta::new(&text, rel, "sgml", encoding)
    };
    Ok(RawDocument { meta, title, title_from_first_line: false, text, issues: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of `input` read as bytes; also checks that reading it as decoded text gives
    /// the same records.
    fn records(input: &str) -> Vec<Result<RawDocument, DocFailure>> {
        records_within(input, 1 << 20)
    }

    /// The records of `input`, with records longer than `max` bytes refused; read through a
    /// small buffer (so that lines and tags cross refills) and as decoded text, alike.
    fn records_within(input: &str, max: usize) -> Vec<Result<RawDocument, DocFailure>> {
        let bytes: Box<dyn BufRead + Send> =
            Box::new(std::io::BufReader::with_capacity(7, std::io::Cursor::new(input.as_bytes().to_vec())));
        let out: Vec<_> = Records::new("f.sgml".into(), bytes, true, max).collect();
        let text = std::io::Cursor::new(input.to_owned());
        let decoded: Vec<_> = Records::decoded("f.sgml".into(), text, "UTF-8", max).collect();
        assert_eq!(format!("{decoded:?}"), format!("{out:?}"), "decoded text reads as the bytes do");
        out
    }

    /// Fuzz regression (sgml, `crash-d36148f0…`): a `</DOC>` line longer than what is left of
    /// the limit is read in pieces, and a piece may end inside a character after the tag. The
    /// record ends at its `</DOC>`: read as decoded text it no longer panics, read as bytes it is
    /// still UTF-8, not a legacy encoding guessed from a cut character.
    #[test]
    fn a_closing_line_cut_inside_a_character_after_the_tag() {
        for pad in 0..4 {
            let input = format!("<DOC>\n<TEXT>\nنص قصير\n</TEXT>\n{}</DOC>{}\n", " ".repeat(pad), "ب".repeat(40));
            for max in 40..80 {
                let out = records_within(&input, max);
                assert_eq!(out.len(), 1, "pad {pad}, max {max}");
                if let Ok(doc) = &out[0] {
                    assert_eq!((doc.text.as_str(), doc.meta.encoding), ("نص قصير", "UTF-8"));
                }
            }
        }
    }

    /// Fuzz regression (sgml, `crash-a4cb7be2…`): two records on one line are both read, at
    /// that line, whether the line was read whole or in pieces (before, the second was lost
    /// when the line was read whole, and read when it was not).
    #[test]
    fn two_records_on_one_line_are_both_read() {
        let input =
            "<DOC><TEXT>أول</TEXT></DOC> <DOC id=\"b\"><TEXT>ثان</TEXT></DOC>\n<DOC>\n<TEXT>\nثالث\n</TEXT>\n</DOC>\n";
        for max in [1 << 20, 48, 64] {
            let out = records_within(input, max);
            let read: Vec<_> = out.iter().map(|r| r.as_ref().map(|d| (d.text.clone(), d.meta.source_line))).collect();
            assert_eq!(
                read,
                vec![
                    Ok(("أول".to_owned(), Some(1))),
                    Ok(("ثان".to_owned(), Some(1))),
                    Ok(("ثالث".to_owned(), Some(2)))
                ],
                "max {max}"
            );
        }
    }

    /// A record past the limit is one failure at its first line, not held whole (a line of it
    /// may be longer than the limit too); the records after it are read, with their lines.
    #[test]
    fn a_record_past_the_limit_is_skipped_and_the_next_read() {
        let long =
            format!("<DOC>\n<DOCNO>X-1-20180218</DOCNO>\n<TEXT>\n{}\nسطر\n</TEXT>\n</doc> tail\n", "ب".repeat(400));
        let input = format!("{ANT}{long}{ANT}");
        assert!(ANT.len() < 600 && long.len() > 600);
        let out = records_within(&input, 600);
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[2].is_ok());
        let failure = out[1].as_ref().expect_err("too large");
        assert_eq!(failure.code, FailureCode::DocumentTooLarge);
        assert_eq!(failure.line, Some(17));
        assert!(failure.message.contains("max-document-bytes (600 bytes)"), "{}", failure.message);
        assert_eq!(out[2].as_ref().expect("after").meta.source_line, Some(24));
        // Unterminated: the failure, then the end.
        let cut = format!("{ANT}<DOC>\n{}", "ب ".repeat(500));
        let out = records_within(&cut, 600);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().expect_err("too large").code, FailureCode::DocumentTooLarge);
        // Garbage lines longer than the limit between records are passed over.
        let garbage = format!("{}\n{ANT}", "x".repeat(2000));
        let out = records_within(&garbage, 600);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().expect("record").meta.source_line, Some(2));
    }

    const ANT: &str = "<DOC>\n<DOCNO>BB-culture-1-20180218</DOCNO>\n<URL>http://www.bbc.co.uk/arabic/x</URL>\n<SRC>BBC</SRC>\n<CAT>culture</CAT>\n<TITLE>عنوان الخبر & ما بعده</TITLE>\n<TIME>Sun, 18 Feb 2018 17:21:49 GMT</TIME>\n<AUTHOR></AUTHOR>\n<ABSTRACT>\nالفقرة الأولى من الخبر.\n</ABSTRACT>\n<TEXT>\nالفقرة الأولى من الخبر.\nالفقرة الثانية فيها a < b.\n</TEXT>\n</DOC>\n";

    proptest::proptest! {
        #[test]
        fn one_line_is_split_whitespace_joined(
            s in "[a-z \t\n\r\u{0b}\u{0c}\u{85}\u{A0}\u{1680}\u{2000}-\u{2030}\u{205F}\u{3000}\u{0600}-\u{06FF}\u{00C0}-\u{00FF}\u{1F600}]{0,40}"
        ) {
            proptest::prop_assert_eq!(one_line(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn ant_record_maps_to_the_contract() {
        let out = records(ANT);
        assert_eq!(out.len(), 1);
        let doc = out[0].as_ref().expect("parsed");
        assert_eq!(doc.meta.source_id.as_deref(), Some("BB-culture-1-20180218"));
        assert_eq!(doc.meta.url.as_deref(), Some("http://www.bbc.co.uk/arabic/x"));
        assert_eq!(doc.meta.source.as_deref(), Some("BBC"));
        assert_eq!(doc.meta.published.map(|d| d.to_string()).as_deref(), Some("2018-02-18"));
        assert_eq!(doc.title.as_deref(), Some("عنوان الخبر & ما بعده"));
        assert_eq!(doc.meta.extra.as_deref(), Some("{\"category\":\"culture\"}"));
        // The abstract repeats the first paragraph: written once. Bare & and < are kept.
        assert_eq!(doc.text, "عنوان الخبر & ما بعده\n\nالفقرة الأولى من الخبر.\n\nالفقرة الثانية فيها a < b.");
    }

    #[test]
    fn gigaword_many_docs_attributes_and_paragraphs() {
        let input = "<DOC id=\"AFP_ARB_20010101.0001\" type=\"story\" >\n<HEADLINE>\nعنوان أول\n</HEADLINE>\n<DATELINE>القاهرة 1 يناير (ا ف ب) -</DATELINE>\n<TEXT>\n<P>\nسطر أول\nملفوف في الفقرة.\n</P>\n<P>\nفقرة &amp; ثانية.\n</P>\n</TEXT>\n</DOC>\n<DOC id=\"AFP_ARB_20010102.0002\" type=\"multi\" >\n<TEXT>\n<P>نص ثان.</P>\n</TEXT>\n</DOC>\n";
        let out = records(input);
        assert_eq!(out.len(), 2);
        let first = out[0].as_ref().expect("first");
        assert_eq!(first.meta.source_id.as_deref(), Some("AFP_ARB_20010101.0001"));
        assert_eq!(first.meta.published.map(|d| d.to_string()).as_deref(), Some("2001-01-01"));
        assert_eq!(first.meta.extra.as_deref(), Some("{\"type\":\"story\"}"));
        assert_eq!(first.text, "عنوان أول\n\nالقاهرة 1 يناير (ا ف ب) -\n\nسطر أول ملفوف في الفقرة.\n\nفقرة & ثانية.");
        assert_eq!(first.meta.source_line, Some(1));
        let second = out[1].as_ref().expect("second");
        assert_eq!(second.meta.source_line, Some(16));
        assert_eq!(second.title, None);
        assert_eq!(second.text, "نص ثان.");
    }

    #[test]
    fn missing_time_falls_back_to_the_docno_date() {
        let input = ANT.replace("<TIME>Sun, 18 Feb 2018 17:21:49 GMT</TIME>\n", "");
        let doc = records(&input).remove(0).expect("parsed");
        assert_eq!(doc.meta.published.map(|d| d.to_string()).as_deref(), Some("2018-02-18"));
        let iso = ANT.replace("Sun, 18 Feb 2018 17:21:49 GMT", "2018-02-19T01:00:00+03:00");
        let doc = records(&iso).remove(0).expect("parsed");
        assert_eq!(doc.meta.published.map(|d| d.to_string()).as_deref(), Some("2018-02-19"));
    }

    #[test]
    fn empty_text_and_unterminated_records_are_failures() {
        let empty = "<DOC>\n<DOCNO>X-1-20180101</DOCNO>\n<TITLE>عنوان فقط</TITLE>\n<TEXT>\n</TEXT>\n</DOC>\n";
        let f = records(empty).remove(0).expect_err("no body");
        assert_eq!(f.code, FailureCode::EmptyDocument);
        assert_eq!(f.message, "<TEXT> is empty in X-1-20180101");
        let cut = "<DOC>\n<TEXT>\nنص\n";
        let f = records(cut).remove(0).expect_err("unterminated");
        assert_eq!(f.code, FailureCode::MalformedRecord);
    }

    #[test]
    fn dates_from_headers() {
        assert_eq!(
            parse_rfc822("Tue, 13 Feb 2018 10:22:00 +0000").map(|d| d.to_string()).as_deref(),
            Some("2018-02-13")
        );
        assert_eq!(parse_rfc822("18 Feb 18 17:21 GMT").map(|d| d.to_string()).as_deref(), Some("2018-02-18"));
        assert_eq!(parse_rfc822("31 Feb 2018"), None);
        assert_eq!(date_in_id("SK-economy-1-20180218").map(|d| d.to_string()).as_deref(), Some("2018-02-18"));
        assert_eq!(date_in_id("AFP_ARB_20010101.0001").map(|d| d.to_string()).as_deref(), Some("2001-01-01"));
        assert_eq!(date_in_id("X-123456789"), None);
    }
}
