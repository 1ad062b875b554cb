//! Sentence segmentation.
//!
//! ## What it does
//! A sentence ends at a line break, or after `.`, `!`, `?` or `؟` (any run of them) that is
//! followed by whitespace or the end of the text, taking closing quotes and brackets with it.
//! It does not end:
//! - inside a number (`7.8`, `24.03.2019`): the dot is not followed by whitespace;
//! - at an ellipsis (`..`, `...`, `…`): Arabic news uses them as a pause inside a sentence;
//! - after a one-letter abbreviation or initial (`د.`, `م.`, `U.`);
//! - inside a URL or e-mail address (no whitespace after the dot);
//! - inside a quotation that closes later on the same line (“...” «...» "...").
//!
//! Sentences never start or end with whitespace; together they cover every non-space
//! character of the text.
//!
//! ## Known limitations
//! Multi-letter abbreviations are split; a quotation that never closes on its line does not
//! hold back a split.

use crate::Span;

/// Splits text into sentences.
#[derive(Debug, Clone, Default)]
pub struct SentenceSplitter {}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '›')
}

impl SentenceSplitter {
    /// A splitter with the default rules.
    #[must_use]
    pub fn new() -> Self {
        Self {}
    }

    /// Byte spans of the sentences of `text`, in order.
    #[must_use]
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in text.split('\n') {
            Self::split_line(text, line_start, line_start + line.len(), &mut out);
            line_start += line.len() + 1;
        }
        out
    }

    fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let line = &text[start..end];
        let mut sentence_start = 0usize; // byte offset within line
        let mut i = 0; // byte offset within line
        while let Some(run_start) = next_mark(line, i) {
            // The run of terminal marks starting here, then any closing quotes and brackets.
            let run_end = skip_while(line, run_start, is_mark);
            let run = &line[run_start..run_end];
            i = skip_while(line, run_end, is_closing);
            let at_end = i == line.len();
            let followed_by_space = at_end || line[i..].starts_with(char::is_whitespace);
            if !followed_by_space || is_ellipsis(run) && !at_end {
                continue;
            }
            if run == "." && run_start > 0 && is_abbreviation(&line[..run_start]) {
                continue;
            }
            if run == "." && is_dateline_weekday(&line[sentence_start..run_start]) {
                continue;
            }
            if !at_end && inside_quote(&line[..run_start], &line[i..]) {
                continue;
            }
            push_trimmed(line, start, sentence_start, i, out);
            sentence_start = i;
        }
        push_trimmed(line, start, sentence_start, line.len(), out);
    }
}

/// A sentence-ending mark or an ellipsis character.
fn is_mark(c: char) -> bool {
    is_terminal(c) || c == '…'
}

/// The byte offset of the first [`is_mark`] char of `line` at or after `from`. A byte scan:
/// `.` `!` `?` are ASCII, and `؟` (D8 9F) and `…` (E2 80 A6) are told by their last byte.
fn next_mark(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = from;
    while let Some(p) = bytes[i..].iter().position(|&b| matches!(b, b'.' | b'!' | b'?' | 0x9F | 0xA6)) {
        let at = i + p;
        match bytes[at] {
            0x9F if at >= 1 && bytes[at - 1] == 0xD8 => return Some(at - 1),
            0xA6 if at >= 2 && bytes[at - 2..at] == [0xE2, 0x80] => return Some(at - 2),
            0x9F | 0xA6 => i = at + 1,
            _ => return Some(at),
        }
    }
    None
}

/// The byte offset after the chars of `line` from `from` on that satisfy `keep`.
fn skip_while(line: &str, from: usize, keep: fn(char) -> bool) -> usize {
    line[from..].find(|c: char| !keep(c)).map_or(line.len(), |p| from + p)
}

/// Whether a quotation opened before this point (since the last boundary-free stretch of
/// the line) closes after it: “...” and «...» by direction, `"` by parity.
fn inside_quote(before: &str, after: &str) -> bool {
    let mut depth = 0i32;
    let mut ascii_open = false;
    for c in before.chars() {
        match c {
            '“' | '«' => depth += 1,
            '”' | '»' => depth = (depth - 1).max(0),
            '"' => ascii_open = !ascii_open,
            _ => {}
        }
    }
    let closes_later = |close: &[char]| after.contains(close);
    (depth > 0 && closes_later(&['”', '»'])) || (ascii_open && closes_later(&['"']))
}

fn is_ellipsis(run: &str) -> bool {
    run.contains('…') || (run.len() >= 2 && run.bytes().all(|b| b == b'.'))
}

/// A single letter (Arabic or Latin) standing alone before the dot: `د.` `م.` `U.`
fn is_abbreviation(before: &str) -> bool {
    let mut back = before.chars().rev();
    back.next().is_some_and(char::is_alphabetic)
        && back.next().is_none_or(|c| !c.is_alphanumeric() && !khabar_core::text::is_arabic_mark(c))
}

/// A sentence so far that is only a weekday name, perhaps after a bullet: a dateline
/// (`• الجمعة. يوليو 26th, 2024`), whose dot does not end it.
fn is_dateline_weekday(piece: &str) -> bool {
    const WEEKDAYS: [&str; 7] = ["الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"];
    let word = piece.trim_start_matches(|c: char| !c.is_alphabetic()).trim_end();
    !word.is_empty()
        && !word.contains(char::is_whitespace)
        && WEEKDAYS.contains(&khabar_core::text::fold(word).as_str())
}

fn push_trimmed(line: &str, offset: usize, from: usize, to: usize, out: &mut Vec<Span>) {
    let piece = &line[from..to];
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = offset + from + trimmed_start;
        out.push(Span { start: s, end: s + trimmed.len() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        SentenceSplitter::new().split(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn named_cases() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("arabic question mark", "هل انتهى؟ نعم.", &["هل انتهى؟", "نعم."]),
            ("lines are boundaries", "عنوان\n\nنص أول. نص ثان", &["عنوان", "نص أول.", "نص ثان"]),
            ("decimal", "بلغت 7.8 درجة. ثم", &["بلغت 7.8 درجة.", "ثم"]),
            ("dotted date", "في 24.03.2019 أعلن", &["في 24.03.2019 أعلن"]),
            ("closing quote stays", "قال \"انتهى.\" ثم", &["قال \"انتهى.\"", "ثم"]),
            ("two-dot pause", "جغرافياً.. وتركيا تحاول", &["جغرافياً.. وتركيا تحاول"]),
            ("ellipsis pause", "تحقق… نبشر العالم.", &["تحقق… نبشر العالم."]),
            ("abbreviation", "قال د. أحمد إن", &["قال د. أحمد إن"]),
            ("dateline weekday", "• الجمعة. يوليو 26th, 2024", &["• الجمعة. يوليو 26th, 2024"]),
            ("weekday ending a sentence", "وصل الجمعة. ثم عاد", &["وصل الجمعة.", "ثم عاد"]),
            ("url", "موقع www.example.com مهم. بعده", &["موقع www.example.com مهم.", "بعده"]),
            ("exclamation run", "انتصرنا!! الآن", &["انتصرنا!!", "الآن"]),
            ("open quote holds", "قال: «نحن هنا. سنبقى» ثم غادر. بعد", &["قال: «نحن هنا. سنبقى» ثم غادر.", "بعد"]),
            ("ascii quote holds", "قال: \"نحن هنا. سنبقى\". بعد", &["قال: \"نحن هنا. سنبقى\".", "بعد"]),
            ("unclosed quote does not hold", "قال: «نحن هنا. سنبقى", &["قال: «نحن هنا.", "سنبقى"]),
        ];
        for (name, text, want) in cases {
            assert_eq!(sentences(text), *want, "case {name}");
        }
    }

    /// The splitter as it was written first, over a vector of chars: the oracle for the byte
    /// scan of [`SentenceSplitter::split_line`].
    fn reference_split(text: &str) -> Vec<Span> {
        fn abbreviation(before: &[(usize, char)]) -> bool {
            let n = before.len();
            let letter = before[n - 1].1;
            letter.is_alphabetic()
                && (n == 1 || !before[n - 2].1.is_alphanumeric() && !khabar_core::text::is_arabic_mark(before[n - 2].1))
        }
        fn quote(before: &[(usize, char)], after: &[(usize, char)]) -> bool {
            let mut depth = 0i32;
            let mut ascii_open = false;
            for &(_, c) in before {
                match c {
                    '“' | '«' => depth += 1,
                    '”' | '»' => depth = (depth - 1).max(0),
                    '"' => ascii_open = !ascii_open,
                    _ => {}
                }
            }
            let closes_later = |close: &[char]| after.iter().any(|(_, c)| close.contains(c));
            (depth > 0 && closes_later(&['”', '»'])) || (ascii_open && closes_later(&['"']))
        }
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let mut sentence_start = 0usize;
            let mut i = 0;
            while i < chars.len() {
                if !is_mark(chars[i].1) {
                    i += 1;
                    continue;
                }
                let run_start = i;
                while i < chars.len() && is_mark(chars[i].1) {
                    i += 1;
                }
                let run: String = chars[run_start..i].iter().map(|&(_, c)| c).collect();
                while i < chars.len() && is_closing(chars[i].1) {
                    i += 1;
                }
                let at_end = i == chars.len();
                let followed_by_space = at_end || chars[i].1.is_whitespace();
                if !followed_by_space || is_ellipsis(&run) && !at_end {
                    continue;
                }
                if run == "." && run_start > 0 && abbreviation(&chars[..run_start]) {
                    continue;
                }
                if run == "." && is_dateline_weekday(&line[sentence_start..chars[run_start].0]) {
                    continue;
                }
                if !at_end && quote(&chars[..run_start], &chars[i..]) {
                    continue;
                }
                let cut = if at_end { line.len() } else { chars[i].0 };
                push_trimmed(line, start, sentence_start, cut, &mut out);
                sentence_start = cut;
            }
            push_trimmed(line, start, sentence_start, line.len(), &mut out);
            start += line.len() + 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_splits_as_the_char_scan(
            text in "[\u{0621}-\u{064A}\u{064B} a-zA-Z0-9.!?؟…\"“”«»'’)\\]}›\n\u{00A0}]{0,300}"
        ) {
            let ours: Vec<(usize, usize)> = SentenceSplitter::new().split(&text).iter().map(|s| (s.start, s.end)).collect();
            let oracle: Vec<(usize, usize)> = reference_split(&text).iter().map(|s| (s.start, s.end)).collect();
            proptest::prop_assert_eq!(ours, oracle);
        }

        #[test]
        fn sentences_cover_every_non_space_char(text in "[\u{0621}-\u{064A} a-z0-9.!؟…\"”\n]{0,200}") {
            let spans = SentenceSplitter::new().split(&text);
            let mut covered = 0;
            let mut last_end = 0;
            for s in &spans {
                proptest::prop_assert!(s.start >= last_end && s.start < s.end);
                let piece = &text[s.start..s.end];
                proptest::prop_assert_eq!(piece, piece.trim());
                covered += piece.chars().filter(|c| !c.is_whitespace()).count();
                last_end = s.end;
            }
            proptest::prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
        }
    }
}
