//! Letter and punctuation variants that keyboards and old pages produce.
//!
//! ## What it does
//! - `presentation-forms`: Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF: the
//!   contextual glyph codes of legacy PDFs and pages, ﻻ ﺑ ﻪ) → the base letters (لا ب ه), by their
//!   compatibility decomposition. Lossless for meaning.
//! - `persian-letters`: Persian/Urdu letter codes used for Arabic letters → the Arabic ones:
//!   ک ڪ → ك, ی ې → ي, ۀ ۃ → ة, ە ھ ہ → ه. Lossy (a Persian text would change), hence switchable.
//! - `punctuation`: Arabic decimal and thousands separators (٫ ٬) → `.` `,`, the Arabic
//!   five-pointed star ٭ → `*`, fullwidth ASCII (！ ， ０) → ASCII. Lossless for meaning.
//! ## Why
//! The same word typed on a Persian keyboard, or copied from a PDF, must match the gazetteer
//! and the date parser.

use unicode_normalization::UnicodeNormalization;

use super::aligned::{Aligned, Mapped};
use crate::Config;

pub(crate) fn action(c: char, config: &Config) -> Mapped {
    match c {
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' if config.presentation_forms && c != '\u{FEFF}' => {
            let base: String = std::iter::once(c).nfkc().collect();
            if base.chars().eq(std::iter::once(c)) {
                return Mapped::Keep;
            }
            // The base letters go through the other rules too (ﮤ → ۀ → ة), so one pass suffices.
            let letters = base.chars().map(|b| match action(b, config) {
                Mapped::Replace(r) => r,
                _ => b,
            });
            Mapped::Expand(letters.collect())
        }
        'ک' | 'ڪ' if config.persian_letters => Mapped::Replace('ك'),
        'ی' | 'ې' if config.persian_letters => Mapped::Replace('ي'),
        'ۀ' | 'ۃ' if config.persian_letters => Mapped::Replace('ة'),
        'ە' | 'ھ' | 'ہ' if config.persian_letters => Mapped::Replace('ه'),
        '٫' if config.punctuation => Mapped::Replace('.'),
        '٬' if config.punctuation => Mapped::Replace(','),
        '٭' if config.punctuation => Mapped::Replace('*'),
        '\u{FF01}'..='\u{FF5E}' if config.punctuation => {
            Mapped::Replace(char::from_u32(c as u32 - 0xFF01 + 0x21).expect("fullwidth ASCII maps to ASCII"))
        }
        _ => Mapped::Keep,
    }
}

/// Applies the step.
#[must_use]
pub fn apply(text: Aligned, config: &Config) -> Aligned {
    if !(config.presentation_forms || config.persian_letters || config.punctuation) {
        return text;
    }
    // Most text has none of these: scan before building a new text.
    if !text.chars.iter().any(|&c| !matches!(action(c, config), Mapped::Keep)) {
        return text;
    }
    text.map(|c| action(c, config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_cases() {
        let config = Config::default();
        let cases = [
            ("lam-alef ligature", "\u{FEFB}", "لا"),
            ("isolated and final forms", "\u{FE91}\u{FEEA}", "به"),
            ("persian kaf and yeh", "کردستان سوریه", "كردستان سوريه"),
            ("heh with yeh above", "مدرسۀ", "مدرسة"),
            ("presentation form of a persian letter", "\u{FBA4}", "ة"),
            ("arabic decimal separator", "7٫8", "7.8"),
            ("fullwidth", "！０", "!0"),
            ("arabic text unchanged", "قوات سوريا الديمقراطية", "قوات سوريا الديمقراطية"),
        ];
        for (name, input, want) in cases {
            assert_eq!(apply(Aligned::from_raw(input), &config).text(), want, "case {name}");
        }
    }

    #[test]
    fn each_switch_turns_its_rule_off() {
        let config =
            Config { persian_letters: false, presentation_forms: false, punctuation: false, ..Config::default() };
        assert_eq!(apply(Aligned::from_raw("ک\u{FEFB}٫"), &config).text(), "ک\u{FEFB}٫");
    }
}
