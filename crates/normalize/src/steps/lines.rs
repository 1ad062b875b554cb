//! Line rules: trimming, page chrome, comment sections, repeated titles, paragraphs.
//!
//! ## What it does
//! Each line is trimmed and its runs of spaces collapsed. A line equal (after letter folding)
//! to an entry of `chrome-lines` is dropped; a line starting with an entry of `cut-from` is
//! dropped with everything after it. When the first two lines are the same, the second goes.
//! Lines are joined with `\n`, and a blank line (one, however many there were) is kept
//! between paragraphs.
//! ## Why
//! Scraped pages carry buttons ("زر الذهاب إلى الأعلى"), related-links headers and comment
//! forms that are not the article and bias every count.
//! ## Lossy?
//! Yes: dropped lines are gone from `documents.text` (their count is kept).

use khabar_core::text::{fold, fold_into};

use super::aligned::Aligned;
use super::traced::{Sink, Traced};
use crate::{Config, ConfigError};

/// What the line rules do with a line.
enum Verdict {
    Keep,
    Drop,
    /// Drop it and every line after it.
    Cut,
}

/// What a line loop does next ([`LineCleaner::judge`]).
enum Next {
    /// Keep the line.
    Keep,
    /// Go on to the next line.
    Skip,
    /// Stop: no later line is kept.
    Stop,
}

/// The line rules, with their lists folded once.
#[derive(Debug, Clone)]
pub struct LineCleaner {
    chrome: Vec<String>,
    cut_from: Vec<String>,
    /// The longest entry of either list, in chars.
    longest: usize,
    collapse_repeated_title: bool,
    drop_trailing_signature: bool,
}

/// Folds a line for comparison: letters folded, spaces collapsed, trimmed.
fn key(line: &str) -> String {
    collapse_spaces(&fold(line.trim()))
}

/// [`key`] of an already trimmed line, folding only until the key is longer than `limit`
/// chars: a longer key equals no listed line, and its first `limit` chars are exact, which is
/// all a prefix test needs. Most lines are paragraphs, far longer than any chrome line.
fn key_within(line: impl IntoIterator<Item = char>, limit: usize) -> String {
    let mut out = String::new();
    key_within_into(line, limit, &mut out);
    out
}

/// [`key_within`] into `out`, which is cleared first.
fn key_within_into(line: impl IntoIterator<Item = char>, limit: usize, out: &mut String) {
    out.clear();
    let mut n = 0usize;
    let mut last_space = false;
    for c in line {
        if n > limit {
            break;
        }
        fold_into(c, |f| {
            if f == ' ' {
                if !last_space {
                    out.push(' ');
                    n += 1;
                }
                last_space = true;
            } else {
                out.push(f);
                n += 1;
                last_space = false;
            }
        });
    }
}

/// Collapses runs of spaces into one.
#[must_use]
pub fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = false;
    for c in line.chars() {
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

impl LineCleaner {
    /// Folds the lists of `config`, refusing blank entries.
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        let folded = |list: &[String], name: &'static str| -> Result<Vec<String>, ConfigError> {
            list.iter()
                .enumerate()
                .map(|(index, entry)| {
                    let k = key(entry);
                    if k.is_empty() { Err(ConfigError::BlankEntry { list: name, index }) } else { Ok(k) }
                })
                .collect()
        };
        let chrome = folded(&config.chrome_lines, "chrome-lines")?;
        let cut_from = folded(&config.cut_from, "cut-from")?;
        let longest = chrome.iter().chain(&cut_from).map(|k| k.chars().count()).max().unwrap_or(0);
        Ok(Self {
            chrome,
            cut_from,
            longest,
            collapse_repeated_title: config.collapse_repeated_title,
            drop_trailing_signature: config.drop_trailing_signature,
        })
    }

    /// How many chars of a line's key the rules need, after `kept_lines` kept lines the first of
    /// which had key `first`: the whole key of the first line (a repeated title is compared
    /// with it); for the second, enough to tell it from the first; otherwise enough for the lists.
    fn key_limit(&self, kept_lines: usize, first: Option<&str>) -> usize {
        match kept_lines {
            0 if self.collapse_repeated_title => usize::MAX,
            1 if self.collapse_repeated_title => self.longest.max(first.map_or(0, |k| k.chars().count())),
            _ => self.longest,
        }
    }

    /// What the rules do with a non-blank line whose key (within [`LineCleaner::key_limit`])
    /// is `key`, after `kept_lines` kept lines the first of which had key `first`.
    /// What a line loop does with the line of `key`, given its [`Verdict`], counting in
    /// `removed` the lines it drops: for a cut, this line and the `later_nonblank()` lines after
    /// it that are not blank.
    fn judge(
        &self,
        key: &str,
        kept_lines: usize,
        first: Option<&str>,
        removed: &mut u32,
        later_nonblank: impl FnOnce() -> usize,
    ) -> Next {
        match self.verdict(key, kept_lines, first) {
            Verdict::Keep => Next::Keep,
            Verdict::Drop => {
                *removed += 1;
                Next::Skip
            }
            Verdict::Cut => {
                *removed += 1 + later_nonblank() as u32;
                Next::Stop
            }
        }
    }

    fn verdict(&self, key: &str, kept_lines: usize, first: Option<&str>) -> Verdict {
        if self.cut_from.iter().any(|m| key.starts_with(m.as_str())) {
            // A comment-form line before any article text cannot start the closing comment
            // section: it is dropped alone.
            return if kept_lines == 0 { Verdict::Drop } else { Verdict::Cut };
        }
        let repeated_title = kept_lines == 1 && self.collapse_repeated_title && first == Some(key);
        if repeated_title || self.chrome.iter().any(|c| c == key) { Verdict::Drop } else { Verdict::Keep }
    }

    /// Whether the last of `kept_lines` kept lines, `last` (its separator included), is a
    /// signature to drop; `before` is the text before it. The line before must end a sentence
    /// and not be a signature itself: then what is left never ends with a signature to drop, and
    /// the rule is idempotent (`(المغرب)` ends a sentence and may be a signature).
    fn drops_signature(&self, kept_lines: usize, before: &str, last: &str) -> bool {
        let previous = before.rsplit('\n').next().unwrap_or("");
        self.drop_trailing_signature
            && kept_lines >= 3
            && previous.chars().next_back().is_some_and(ends_body)
            && !is_signature(previous)
            && is_signature(last)
    }

    /// Applies the rules; returns the text and the number of lines dropped.
    #[must_use]
    pub fn apply(&self, text: &Aligned) -> (Aligned, u32) {
        let mut out =
            Aligned { chars: Vec::with_capacity(text.chars.len()), origin: Vec::with_capacity(text.chars.len()) };
        let mut removed = 0u32;
        let mut blank_pending = false;
        let mut first_line_key: Option<String> = None;
        let mut kept_lines = 0usize;
        // Origin of the line break after the last kept line, for the separator we write.
        let mut last_break: u32 = 0;
        let lines = split_lines(text);
        // Where the last kept line starts in `out`, and whether a separator precedes it.
        let mut last_line_start = 0usize;
        let mut k = 0;
        while k < lines.len() {
            let (start, end) = lines[k];
            k += 1;
            let line = collapse_line(text, start, end);
            if line.chars.is_empty() {
                blank_pending = true;
                continue;
            }
            let limit = self.key_limit(kept_lines, first_line_key.as_deref());
            let key = key_within(line.chars.iter().copied(), limit);
            let later_nonblank =
                || lines[k..].iter().filter(|&&(s, e)| text.chars[s..e].iter().any(|c| !c.is_whitespace())).count();
            match self.judge(&key, kept_lines, first_line_key.as_deref(), &mut removed, later_nonblank) {
                Next::Keep => {}
                Next::Skip => continue,
                Next::Stop => break,
            }
            let before_separator = out.chars.len();
            push_separator(&mut out, kept_lines, blank_pending, last_break);
            last_line_start = before_separator;
            if kept_lines == 0 {
                first_line_key = Some(key);
            }
            out.chars.extend(line.chars);
            out.origin.extend(line.origin);
            last_break = text.origin.get(end).copied().unwrap_or_else(|| text.origin[end - 1] + 1);
            kept_lines += 1;
            blank_pending = false;
        }
        // The line before the last (the rule looks no further back).
        let previous_start = out.chars[..last_line_start].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        let before: String = out.chars[previous_start..last_line_start].iter().collect();
        let last: String = out.chars[last_line_start..].iter().collect();
        if self.drops_signature(kept_lines, &before, &last) {
            out.chars.truncate(last_line_start);
            out.origin.truncate(last_line_start);
            removed += 1;
        }
        (out, removed)
    }

    /// [`LineCleaner::apply`] on a [`Traced`] text: the same rules, the same result.
    #[must_use]
    pub fn apply_traced(&self, text: &Traced) -> (Traced, u32) {
        let src = text.as_str();
        let mut origins = text.origins();
        let mut out = Traced::with_capacity(src.len());
        let mut removed = 0u32;
        let mut blank_pending = false;
        let mut first_line_key: Option<String> = None;
        let mut kept_lines = 0usize;
        let mut last_break: u32 = 0;
        // Where the last kept line starts in `out`, separator included.
        let mut last_line_start = out.mark();
        let mut key = String::new();
        // Char index where the current line starts.
        let mut line_start = 0u32;
        let mut lines = src.split('\n');
        while let Some(line) = lines.next() {
            let start = line_start;
            let end = start + line.chars().count() as u32;
            line_start = end + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                blank_pending = true;
                continue;
            }
            let collapsed = || {
                let mut last_space = false;
                trimmed.chars().filter(move |&c| {
                    let keep = !(c == ' ' && last_space);
                    last_space = c == ' ';
                    keep
                })
            };
            let limit = self.key_limit(kept_lines, first_line_key.as_deref());
            key_within_into(collapsed(), limit, &mut key);
            let later_nonblank = || lines.by_ref().filter(|l| l.chars().any(|c| !c.is_whitespace())).count();
            match self.judge(&key, kept_lines, first_line_key.as_deref(), &mut removed, later_nonblank) {
                Next::Keep => {}
                Next::Skip => continue,
                Next::Stop => break,
            }
            let before_separator = out.mark();
            push_separator(&mut out, kept_lines, blank_pending, last_break);
            last_line_start = before_separator;
            if kept_lines == 0 {
                first_line_key = Some(key.clone());
            }
            // The line without its runs of spaces, copied a piece at a time: each piece ends with
            // the first space of a run, and the rest of the run is skipped.
            let mut i = start + line[..line.len() - line.trim_start().len()].chars().count() as u32;
            let mut rest = trimmed;
            while !rest.is_empty() {
                let piece = rest.find("  ").map_or(rest, |at| &rest[..=at]);
                let n = piece.chars().count() as u32;
                origins.copy_into(piece, i, n, &mut out);
                let skipped = rest[piece.len()..].len() - rest[piece.len()..].trim_start_matches(' ').len();
                i += n + skipped as u32;
                rest = &rest[piece.len() + skipped..];
            }
            last_break = if end < text.char_count() { origins.at(end) } else { origins.at(end - 1) + 1 };
            kept_lines += 1;
            blank_pending = false;
        }
        let (before, last) = out.as_str().split_at(last_line_start.bytes());
        if self.drops_signature(kept_lines, before, last) {
            out.truncate(last_line_start);
            removed += 1;
        }
        (out, removed)
    }
}

/// Writes what goes before a kept line, traced to `origin`: nothing before the first, else a
/// line break, and a second one (a blank line) when blank lines came between.
fn push_separator(out: &mut impl Sink, kept_lines: usize, blank_pending: bool, origin: u32) {
    if kept_lines > 0 {
        out.push('\n', origin);
        if blank_pending {
            out.push('\n', origin);
        }
    }
}

/// A closing signature or source credit ("العرب", "رويترز"): at most three words, no digits,
/// no sentence punctuation. Only dropped after a line that ends a sentence and is not one
/// (see `LineCleaner::drops_signature`).
fn is_signature(line: &str) -> bool {
    let words = line.trim();
    !words.is_empty()
        && words.split_whitespace().count() <= 3
        && !line
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | '؟' | ':' | '،' | ',' | '؛' | '"' | '”' | '»'))
}

/// Whether a line ending in `c` ends a sentence, so that a signature may follow it.
fn ends_body(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '"' | '”' | '»' | ')' | '…')
}

/// `[start, end)` of each line (without its `\n`).
fn split_lines(text: &Aligned) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in text.chars.iter().enumerate() {
        if c == '\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.chars.len()));
    out
}

/// One line, trimmed, with runs of spaces collapsed (each kept space keeps its origin).
fn collapse_line(text: &Aligned, start: usize, end: usize) -> Aligned {
    let (mut s, mut e) = (start, end);
    while s < e && text.chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && text.chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let mut out = Aligned { chars: Vec::with_capacity(e - s), origin: Vec::with_capacity(e - s) };
    let mut last_space = false;
    for i in s..e {
        let c = text.chars[i];
        if c == ' ' {
            if !last_space {
                out.push(' ', text.origin[i]);
            }
            last_space = true;
        } else {
            out.push(c, text.origin[i]);
            last_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The bounded key is the whole key when that fits, else starts with its first `limit` chars.
        #[test]
        fn bounded_key_agrees_with_the_whole_key(line in "[ اأبةىَُِّـ.a-zA-Z]{0,60}", limit in 0usize..40) {
            let line: Vec<char> = line.trim().chars().collect();
            let whole = key(&line.iter().collect::<String>());
            let bounded = key_within(line.iter().copied(), limit);
            if whole.chars().count() <= limit {
                prop_assert_eq!(bounded, whole);
            } else {
                prop_assert!(bounded.chars().count() > limit);
                prop_assert!(whole.starts_with(&bounded), "{:?} vs {:?}", bounded, whole);
            }
        }
    }

    fn clean(text: &str) -> (String, u32) {
        let (out, removed) = LineCleaner::new(&Config::default()).expect("config").apply(&Aligned::from_raw(text));
        (out.text(), removed)
    }

    #[test]
    fn origins_point_back_into_the_raw_lines() {
        let raw = "  عنوان  \n\nنص   هنا";
        let (out, _) = LineCleaner::new(&Config::default()).expect("config").apply(&Aligned::from_raw(raw));
        assert_eq!(out.text(), "عنوان\n\nنص هنا");
        let raw_chars: Vec<char> = raw.chars().collect();
        for (c, &o) in out.chars.iter().zip(&out.origin) {
            if *c != '\n' {
                assert_eq!(raw_chars[o as usize], *c);
            }
        }
    }

    #[test]
    fn named_cases() {
        let cases = [
            ("trim and collapse", "  a   b  \n c ", "a b\nc", 0),
            ("blank runs become one", "a\n\n\n\nb", "a\n\nb", 0),
            ("chrome with folded hamza", "نص\nاظهر المزيد\nزر الذهاب الى الاعلى", "نص", 2),
            ("chrome must be the whole line", "اظهر المزيد من الأخبار", "اظهر المزيد من الأخبار", 0),
            ("cut from comment form", "نص\n\nاترك تعليقاً\nرد\nرد آخر", "نص", 3),
            ("a comment form first cuts only itself", "اترك تعليقاً\nنص\nنص آخر", "نص\nنص آخر", 1),
            ("repeated title", "عنوان\n\nعنوان\n\nنص", "عنوان\n\nنص", 1),
            ("repetition later is kept", "عنوان\nنص.\nعنوان.", "عنوان\nنص.\nعنوان.", 0),
            ("trailing signature", "عنوان\n\nنص أول.\n\nنص ثان.\n\nالعرب", "عنوان\n\nنص أول.\n\nنص ثان.", 1),
            (
                "a last sentence is not a signature",
                "عنوان\n\nنص.\n\nانتهى الاجتماع.",
                "عنوان\n\nنص.\n\nانتهى الاجتماع.",
                0,
            ),
            ("short documents keep their last line", "عنوان\n\nالعرب", "عنوان\n\nالعرب", 0),
            ("a list is not a signature", "عنوان\n\nالمدن\nحلب\nحمص", "عنوان\n\nالمدن\nحلب\nحمص", 0),
            (
                // "- كل ية)" ends with a bracket (a sentence end) but could be a signature itself:
                // dropping "- أدوان" would leave it last, to be dropped by a second pass (fuzz).
                "no signature after a line that may be one",
                "عنوان\n\nنص.\n- كل ية)\n- أدوان",
                "عنوان\n\nنص.\n- كل ية)\n- أدوان",
                0,
            ),
            (
                "a credit after a bracketed sentence",
                "عنوان\n\nنص أول.\n\nقال الوزير (رويترز).\n\nالعرب",
                "عنوان\n\nنص أول.\n\nقال الوزير (رويترز).",
                1,
            ),
        ];
        for (name, input, want, removed) in cases {
            assert_eq!(clean(input), (want.to_owned(), removed), "case {name}");
        }
    }

    #[test]
    fn blank_entries_are_refused() {
        let config = Config { chrome_lines: vec!["  ".into()], ..Config::default() };
        let err = LineCleaner::new(&config).expect_err("blank");
        assert_eq!(err.to_string(), "normalize.chrome-lines entry 0 is blank");
    }
}
