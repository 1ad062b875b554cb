//! Unicode normalization form.
//!
//! ## What it does
//! NFC composes canonically equivalent sequences (lossless). NFKC also maps compatibility
//! characters, e.g. Arabic presentation forms (ﻻ → لا) and ligatures (lossy).
//! ## Why
//! The same word typed on two keyboards must compare equal.
//! ## How offsets are kept
//! The text is normalized one segment at a time (a starter and the marks after it); every char
//! a segment becomes is traced to the segment's first char. Composition across two starters
//! (Hangul syllables, not Arabic) is not performed.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use super::aligned::Aligned;
use crate::UnicodeForm;

/// Applies the step, repeated until stable: `unicode-normalization` 0.1 does not always reach
/// canonical order in one pass when a decomposed character's marks meet other marks (seen on
/// Tibetan U+0F81 after U+0300), and normalization must be idempotent.
#[must_use]
pub fn apply(text: Aligned, form: UnicodeForm) -> Aligned {
    let normalized = match form {
        UnicodeForm::None => return text,
        UnicodeForm::Nfc if plainly_nfc(&text.chars) => true,
        UnicodeForm::Nfc => is_nfc_quick(text.chars.iter().copied()) == IsNormalized::Yes,
        UnicodeForm::Nfkc => is_nfkc_quick(text.chars.iter().copied()) == IsNormalized::Yes,
    };
    if normalized {
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

/// A quick sufficient test for NFC on ASCII and Arabic text, cheaper than the Unicode
/// lookup: every char is ASCII or in the Arabic block, none is a combining hamza or madda
/// (U+0653–U+0655, which compose with a preceding alef), and no two marks are adjacent (so none
/// can be out of canonical order). Anything else goes to the full check.
fn plainly_nfc(chars: &[char]) -> bool {
    let mark =
        |c: char| matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}');
    let mut previous_mark = false;
    for &c in chars {
        if c.is_ascii() {
            previous_mark = false;
            continue;
        }
        if !('\u{0600}'..='\u{06FF}').contains(&c) || matches!(c, '\u{0653}'..='\u{0655}') {
            return false;
        }
        let is_mark = mark(c);
        if is_mark && previous_mark {
            return false;
        }
        previous_mark = is_mark;
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
        let cases = ["قوات سوريا", "بَ", "ب\u{651}\u{64e}", "\u{627}\u{654}", "é", "e\u{301}", "abc"];
        for case in cases {
            let chars: Vec<char> = case.chars().collect();
            if plainly_nfc(&chars) {
                assert_eq!(run(case, UnicodeForm::Nfc), case, "{case:?}");
            }
        }
        assert!(plainly_nfc(&"قوات سوريا الديمقراطيّة 2014".chars().collect::<Vec<_>>()));
    }

    proptest::proptest! {
        #[test]
        fn the_quick_test_agrees_with_nfc(s in "[\u{0600}-\u{06FF} a-z]{0,40}") {
            let chars: Vec<char> = s.chars().collect();
            if plainly_nfc(&chars) {
                proptest::prop_assert_eq!(run(&s, UnicodeForm::Nfc), s);
            }
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
