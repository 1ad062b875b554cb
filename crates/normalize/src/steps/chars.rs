//! Character clean-up.
//!
//! ## What it does
//! - Unicode spaces (NBSP U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000) and tabs →
//!   one ASCII space. Lossless for meaning.
//! - Removed: zero-width characters (U+200B–U+200D, U+2060, U+FEFF), soft hyphen, bidi
//!   controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C) and, when
//!   `remove-tatweel`, tatweel (U+0640). Lossy only for typography.
//! - Digits: Arabic-Indic ٠–٩ and Extended Arabic-Indic ۰–۹ → 0–9 when `digits = "ascii"`.
//!   Lossy (the script of the digits is lost).
//! - Other control characters (except `\n`) are removed.
//! ## Why
//! The seeds hold NBSP inside names ("بشار الأسد"); web text is full of invisible
//! direction marks that break matching.
//! ## Known limitations
//! ZWNJ is meaningful in Persian; khabar targets Arabic and removes it.

use super::aligned::{Aligned, Mapped};
use crate::{Config, Digits};

pub(crate) fn action(c: char, config: &Config) -> Mapped {
    match c {
        '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Mapped::Replace(' ')
        }
        '\u{200B}'..='\u{200F}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{AD}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}' => Mapped::Drop,
        '\u{0640}' if config.remove_tatweel => Mapped::Drop,
        '٠'..='٩' if config.digits == Digits::Ascii => {
            Mapped::Replace(char::from(b'0' + (c as u32 - '٠' as u32) as u8))
        }
        '۰'..='۹' if config.digits == Digits::Ascii => {
            Mapped::Replace(char::from(b'0' + (c as u32 - '۰' as u32) as u8))
        }
        '\n' => Mapped::Keep,
        c if c.is_control() => Mapped::Drop,
        _ => Mapped::Keep,
    }
}

/// Applies the step.
#[must_use]
pub fn apply(text: Aligned, config: &Config) -> Aligned {
    if text.chars.iter().all(|&c| matches!(action(c, config), Mapped::Keep)) {
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
            ("nbsp", "بشار\u{a0}الأسد", "بشار الأسد"),
            ("tatweel", "ســوريا", "سوريا"),
            ("zero width and bidi", "\u{200f}قسد\u{200b}\u{202b}", "قسد"),
            ("arabic-indic digits", "١٥/٩/٢٠١٤", "15/9/2014"),
            ("persian digits", "۱۴۴۰", "1440"),
            ("tab", "a\tb", "a b"),
            ("controls", "a\u{7}b\nc", "ab\nc"),
        ];
        for (name, input, want) in cases {
            assert_eq!(apply(Aligned::from_raw(input), &config).text(), want, "case {name}");
        }
    }

    #[test]
    fn digits_can_be_kept() {
        let config = Config { digits: Digits::Keep, ..Config::default() };
        assert_eq!(apply(Aligned::from_raw("٢٠١٤"), &config).text(), "٢٠١٤");
    }
}
