//! Unicode normalization form.
//!
//! ## What it does
//! NFC composes canonically equivalent sequences (lossless). NFKC also maps compatibility
//! characters, e.g. Arabic presentation forms (ﻻ → لا) and ligatures (lossy).
//! ## Why
//! The same word typed on two keyboards must compare equal.
//! ## How offsets are kept
//! The text is taken a line at a time: a line the quick test finds normalized is kept as it is,
//! chars and trace. The others are normalized one segment at a time (a starter and the marks
//! after it); every char a segment becomes is traced to the segment's first char. Composition
//! across two starters (Hangul syllables, not Arabic) is not performed.
//!
//! A line break is a starter that composes with nothing, so no segment crosses the start of a
//! line: normalizing line by line gives the text that normalizing the whole would. It keeps the
//! work, and the coarser trace, to the lines that need them; a long document with one
//! decomposed hamza is not normalized char by char throughout.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use super::aligned::Aligned;
use super::traced::{Sink, Traced};
use crate::UnicodeForm;

/// Applies the step to each line of `text` (see the module docs).
#[must_use]
pub fn apply(text: Aligned, form: UnicodeForm) -> Aligned {
    if unchanged(text.chars.iter().copied(), form) {
        return text;
    }
    let mut out = Aligned { chars: Vec::with_capacity(text.chars.len()), origin: Vec::with_capacity(text.chars.len()) };
    let mut start = 0;
    while start < text.chars.len() {
        let end = text.chars[start + 1..].iter().position(|&c| c == '\n').map_or(text.chars.len(), |i| start + 1 + i);
        let line = Aligned { chars: text.chars[start..end].to_vec(), origin: text.origin[start..end].to_vec() };
        let done = apply_line(line, form);
        out.chars.extend_from_slice(&done.chars);
        out.origin.extend_from_slice(&done.origin);
        start = end;
    }
    out
}

/// [`apply`] on text held as a [`Traced`]: lines the quick test passes are copied with their
/// trace, the others go through [`apply_line`] as chars.
#[must_use]
pub fn apply_traced(text: &Traced, form: UnicodeForm) -> Traced {
    let s = text.as_str();
    let mut out = Traced::with_capacity(s.len());
    let mut origins = text.origins();
    let mut at = 0u32;
    let mut start = 0;
    while start < s.len() {
        let end = memchr::memchr(b'\n', &s.as_bytes()[start + 1..]).map_or(s.len(), |i| start + 1 + i);
        let line = &s[start..end];
        let n = line.chars().count() as u32;
        if unchanged_str(line, form) {
            origins.copy_into(line, at, n, &mut out);
        } else {
            let chars: Vec<char> = line.chars().collect();
            let origin = (at..at + n).map(|i| origins.at(i)).collect();
            let done = apply_line(Aligned { chars, origin }, form);
            for (&c, &o) in done.chars.iter().zip(&done.origin) {
                out.push(c, o);
            }
        }
        at += n;
        start = end;
    }
    out
}

/// Applies the step to one line (a line break, if any, first), repeated until stable:
/// `unicode-normalization` 0.1 does not always reach canonical order in one pass when a
/// decomposed character's marks meet other marks (seen on Tibetan U+0F81 after U+0300), and
/// normalization must be idempotent.
fn apply_line(text: Aligned, form: UnicodeForm) -> Aligned {
    if unchanged(text.chars.iter().copied(), form) {
        return text;
    }
    let mut current = text;
    for _ in 0..4 {
        let next = apply_once(&current, form);
        if next.chars == current.chars {
            return next;
        }
        current = next;
    }
    current
}

/// Whether the step leaves `chars` as they are, by the quick tests only: `true` is certain,
/// `false` means the step must run to know.
pub fn unchanged(chars: impl Iterator<Item = char> + Clone, form: UnicodeForm) -> bool {
    match form {
        UnicodeForm::None => true,
        UnicodeForm::Nfc => plainly_nfc(chars.clone()) || is_nfc_quick(chars) == IsNormalized::Yes,
        UnicodeForm::Nfkc => is_nfkc_quick(chars) == IsNormalized::Yes,
    }
}

/// A quick sufficient test for NFC on ASCII and Arabic text, cheaper than the Unicode
/// lookup: every char is ASCII, in the Arabic block or [`plain_punctuation`], none is a
/// combining hamza or madda (U+0653–U+0655, which compose with a preceding alef), and no two
/// marks are adjacent (so none can be out of canonical order). Anything else goes to the full
/// check.
pub(crate) fn plainly_nfc(chars: impl Iterator<Item = char>) -> bool {
    let mut state = PlainNfc::default();
    for c in chars {
        state.push(NfcClass::of(c));
        if !state.holds() {
            return false;
        }
    }
    true
}

/// What a char is to [`plainly_nfc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NfcClass {
    /// ASCII, [`plain_punctuation`], or an Arabic-block char that is not a mark.
    Plain,
    /// An Arabic-block mark other than U+0653–U+0655.
    Mark,
    /// Anything else: the quick test cannot tell.
    Other,
}

impl NfcClass {
    pub(crate) fn of(c: char) -> Self {
        if c.is_ascii() || plain_punctuation(c) {
            Self::Plain
        } else if !('\u{0600}'..='\u{06FF}').contains(&c) || matches!(c, '\u{0653}'..='\u{0655}') {
            Self::Other
        } else if matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
        {
            Self::Mark
        } else {
            Self::Plain
        }
    }
}

/// [`plainly_nfc`] over chars given one at a time, by class.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlainNfc {
    holds: bool,
    previous_mark: bool,
}

impl Default for PlainNfc {
    fn default() -> Self {
        Self { holds: true, previous_mark: false }
    }
}

impl PlainNfc {
    /// Takes the next char's class.
    #[inline]
    pub(crate) fn push(&mut self, class: NfcClass) {
        match class {
            NfcClass::Plain => self.previous_mark = false,
            NfcClass::Mark => {
                self.holds &= !self.previous_mark;
                self.previous_mark = true;
            }
            NfcClass::Other => self.holds = false,
        }
    }

    /// Whether the test holds for the chars so far.
    pub(crate) fn holds(self) -> bool {
        self.holds
    }
}

/// Latin-1 letters and signs (U+00A0–U+00FF) and the punctuation of U+2010–U+2027 and
/// U+2030–U+205E (dashes, quotes, ellipsis, primes), which news text mixes with Arabic: each is
/// its own NFC, of combining class 0, and never the second char of a composition.
fn plain_punctuation(c: char) -> bool {
    matches!(c, '\u{A0}'..='\u{FF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
}

/// [`unchanged`] for the chars of `s`, trying the quick NFC test on its bytes first: ASCII bytes
/// are read without decoding.
#[must_use]
pub fn unchanged_str(s: &str, form: UnicodeForm) -> bool {
    match form {
        // The byte test is the char test (`the_byte_test_is_the_char_test`): no need for both.
        UnicodeForm::Nfc => plainly_nfc_bytes(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes,
        _ => unchanged(s.chars(), form),
    }
}

/// [`plainly_nfc`] of the chars of `s`, read from its bytes.
fn plainly_nfc_bytes(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut state = PlainNfc::default();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            state.push(NfcClass::Plain);
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("a char starts here");
        state.push(NfcClass::of(c));
        if !state.holds() {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

fn apply_once(text: &Aligned, form: UnicodeForm) -> Aligned {
    let mut out = Aligned::default();
    let mut start = 0;
    while start < text.chars.len() {
        let mut end = start + 1;
        while end < text.chars.len() && canonical_combining_class(text.chars[end]) != 0 {
            end += 1;
        }
        let segment: String = text.chars[start..end].iter().collect();
        let origin = text.origin[start];
        match form {
            UnicodeForm::Nfkc => segment.nfkc().for_each(|c| out.push(c, origin)),
            _ => segment.nfc().for_each(|c| out.push(c, origin)),
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, form: UnicodeForm) -> String {
        apply(Aligned::from_raw(s), form).text()
    }

    #[test]
    fn nfc_composes_alef_with_hamza() {
        // ا + U+0654 (hamza above) → أ
        assert_eq!(run("\u{627}\u{654}", UnicodeForm::Nfc), "أ");
        assert_eq!(run("\u{627}\u{654}", UnicodeForm::None), "\u{627}\u{654}");
        let out = apply(Aligned::from_raw("ب\u{627}\u{654}ت"), UnicodeForm::Nfc);
        assert_eq!(out.origin, [0, 1, 3]);
    }

    #[test]
    fn nfc_reorders_marks() {
        assert_eq!(run("ب\u{651}\u{64e}", UnicodeForm::Nfc), "ب\u{64e}\u{651}");
    }

    #[test]
    fn the_quick_test_never_says_yes_wrongly() {
        // Checked against the library's NFC: `run` itself trusts the quick test.
        let cases = ["قوات سوريا", "بَ", "ب\u{651}\u{64e}", "\u{627}\u{654}", "é", "e\u{301}", "abc", "\u{2000}"];
        for case in cases {
            if plainly_nfc(case.chars()) {
                assert_eq!(case.nfc().collect::<String>(), case, "{case:?}");
            }
        }
        assert!(plainly_nfc("قوات سوريا الديمقراطيّة 2014".chars()));
    }

    proptest::proptest! {
        #[test]
        fn the_quick_test_agrees_with_nfc(s in "[\u{0600}-\u{06FF} a-z\u{A0}-\u{FF}\u{2000}-\u{206F}\u{300}\u{301}]{0,40}") {
            if plainly_nfc(s.chars()) {
                proptest::prop_assert_eq!(s.nfc().collect::<String>(), s);
            }
        }

        #[test]
        fn the_byte_test_is_the_char_test(
            plain in "[\u{0600}-\u{06FF} a-z\u{A0}-\u{FF}\u{2010}-\u{2027}\u{2030}-\u{205E}]{0,40}",
            other in "[\u{80}-\u{9F}\u{100}\u{2000}-\u{200F}\u{2028}-\u{202F}\u{205F}-\u{2070}\u{0750}\u{FEFB}\u{1F600}]",
            at in proptest::option::of(0usize..40),
        ) {
            // Mostly chars the quick tests may accept, and now and then one they must refuse.
            let mut s: Vec<char> = plain.chars().collect();
            if let Some(at) = at {
                s.insert(at.min(s.len()), other.chars().next().expect("one char"));
            }
            let s: String = s.into_iter().collect();
            proptest::prop_assert_eq!(plainly_nfc_bytes(&s), plainly_nfc(s.chars()));
        }
    }

    #[test]
    fn a_normalized_line_keeps_its_trace_when_another_needs_composing() {
        // Line 1 is NFC (beh + kasra), line 2 holds a decomposed hamza. Only line 2 is
        // normalized segment by segment; the kasra of line 1 stays traced to itself.
        let out = apply(Aligned::from_raw("بِ\n\u{627}\u{654}"), UnicodeForm::Nfc);
        assert_eq!(out.text(), "بِ\nأ");
        assert_eq!(out.origin, [0, 1, 2, 3]);
        // The same line alone, or after a normalized line, comes out the same.
        let alone = apply(Aligned::from_raw("\u{627}\u{654}"), UnicodeForm::Nfc);
        assert_eq!(alone.text(), "أ");
    }

    /// Arabic letters, marks (the combining hamza and madda included), alef, spaces, line breaks.
    const ARABIC_LINES: &str = "[\u{0627}\u{0628}\u{0648}\u{064A}\u{064B}-\u{0655}\u{0670} \n]{0,60}";

    proptest::proptest! {
        /// Line by line, the text is the library's NFC of the whole (for Arabic, where no
        /// composition crosses two starters), and the traced version gives the chars version's
        /// text and trace.
        #[test]
        fn lines_give_the_nfc_of_the_whole_and_both_versions_agree(
            s in ARABIC_LINES,
            origins in proptest::collection::vec(0u32..4, 60),
        ) {
            // Origins that sometimes skip ahead, as dropped chars make them.
            let mut origin = Vec::new();
            let mut o = 0;
            for (i, _) in s.chars().enumerate() {
                o += 1 + origins[i % origins.len()] / 3;
                origin.push(o);
            }
            let text = Aligned { chars: s.chars().collect(), origin };
            let chars = apply(text.clone(), UnicodeForm::Nfc);
            proptest::prop_assert_eq!(chars.text(), s.nfc().collect::<String>());
            let traced = apply_traced(&Traced::from_aligned(&text), UnicodeForm::Nfc);
            proptest::prop_assert_eq!(traced, Traced::from_aligned(&chars));
        }
    }

    #[test]
    fn repeated_until_stable() {
        let once = run("\n\u{300}\u{f81}", UnicodeForm::Nfc);
        assert_eq!(run(&once, UnicodeForm::Nfc), once);
    }

    #[test]
    fn nfkc_maps_presentation_forms() {
        assert_eq!(run("\u{FEFB}", UnicodeForm::Nfkc), "لا");
        assert_eq!(run("\u{FEFB}", UnicodeForm::Nfc), "\u{FEFB}");
    }
}
