//! Steps 1–3 (line breaks, forms, characters) in one pass over the decoded text.
//!
//! ## What it does
//! Exactly what [`super::linebreaks`], then [`super::forms`], then [`super::chars`] do one
//! after the other: each of them maps one char at a time (only `\r\n` spans two), so their
//! composition is again a map of one char at a time, applied here while the text is read.
//! The composed result for ASCII and the Arabic block, nearly every char of Arabic news, is
//! computed once per configuration; other chars go through the three steps' rules.
//! ## Why
//! The three steps each read the whole text and most often change nothing; one pass that
//! builds the aligned text directly costs a third of that.

use super::aligned::{Aligned, Mapped};
use super::traced::{Sink, Traced};
use super::unicode::{NfcClass, PlainNfc};
use crate::Config;

/// The composed steps for one char of the table.
#[derive(Debug, Clone, Copy)]
enum Composed {
    Keep,
    Drop,
    Replace(char),
}

/// The three steps, fused for one configuration.
#[derive(Debug, Clone)]
pub struct CharSteps {
    config: Config,
    /// U+0000..U+007F then U+0600..U+06FF: what the steps do, and the class of the char they
    /// write for the quick NFC test.
    table: Vec<(Composed, NfcClass)>,
}

impl CharSteps {
    /// Precomputes the composed steps of `config`.
    #[must_use]
    pub fn new(config: &Config) -> Self {
        let mut steps = Self { config: config.clone(), table: Vec::new() };
        steps.table = (0u32..0x80)
            .chain(0x600..0x700)
            .map(|u| {
                let c = char::from_u32(u).expect("ASCII and the Arabic block are chars");
                let mut out = Aligned::default();
                steps.push_general(c, 0, &mut out);
                match out.chars.as_slice() {
                    [] => (Composed::Drop, NfcClass::Plain),
                    [r] if *r == c => (Composed::Keep, NfcClass::of(c)),
                    [r] => (Composed::Replace(*r), NfcClass::of(*r)),
                    _ => unreachable!("no step expands a char of ASCII or the Arabic block"),
                }
            })
            .collect();
        steps
    }

    /// Applies the three steps to `raw`, each char traced to its index in `raw`.
    #[must_use]
    pub fn apply(&self, raw: &str) -> Aligned {
        let mut out = Aligned { chars: Vec::with_capacity(raw.len()), origin: Vec::with_capacity(raw.len()) };
        let mut chars = raw.chars().zip(0u32..).peekable();
        while let Some((c, o)) = chars.next() {
            let u = c as u32;
            let slot = if u < 0x80 && c != '\r' {
                Some(u as usize)
            } else if (0x600..0x700).contains(&u) {
                Some(u as usize - 0x600 + 0x80)
            } else {
                None
            };
            match slot.map(|s| self.table[s].0) {
                Some(Composed::Keep) => out.push(c, o),
                Some(Composed::Drop) => {}
                Some(Composed::Replace(r)) => out.push(r, o),
                None if c == '\r' => {
                    // `\r\n` and `\r` are one line break, traced to the `\r`.
                    out.push('\n', o);
                    chars.next_if(|&(next, _)| next == '\n');
                }
                None => self.push_general(c, o, &mut out),
            }
        }
        out
    }

    /// [`CharSteps::apply`] into a [`Traced`], reading bytes: a run of chars the steps keep
    /// (nearly all of an Arabic news text) is copied whole. Also says whether the quick NFC test
    /// ([`super::unicode::plainly_nfc`]) holds for the text written: `false` when it fails or
    /// when a char outside ASCII and the Arabic block was read.
    #[must_use]
    pub fn apply_traced(&self, raw: &str) -> (Traced, bool) {
        let mut out = Traced::with_capacity(raw.len());
        let mut nfc = PlainNfc::default();
        let bytes = raw.as_bytes();
        // The byte and char index of the next char, and where the run of kept chars began.
        let (mut i, mut o) = (0usize, 0u32);
        let (mut run_byte, mut run_char) = (0usize, 0u32);
        while i < bytes.len() {
            let b = bytes[i];
            let (slot, mut width) = match b {
                b'\r' => (None, 1),
                0..0x80 => (Some(usize::from(b)), 1),
                // U+0600..U+06FF: 0xD8 0x80 to 0xDB 0xBF.
                0xD8..=0xDB => {
                    (Some((usize::from(b & 0x1F) << 6 | usize::from(bytes[i + 1] & 0x3F)) - 0x600 + 0x80), 2)
                }
                // Any other char: its width is known once it is decoded, below.
                _ => (None, 0),
            };
            let composed = slot.map(|s| self.table[s]);
            if let Some((Composed::Keep, class)) = composed {
                nfc.push(class);
                i += width;
                o += 1;
                continue;
            }
            out.push_run(&raw[run_byte..i], o - run_char, run_char);
            match composed {
                // A kept char never gets here: it extends the run above.
                Some((Composed::Keep | Composed::Drop, _)) => {}
                Some((Composed::Replace(r), class)) => {
                    nfc.push(class);
                    out.push(r, o);
                }
                None if b == b'\r' => {
                    nfc.push(NfcClass::Plain);
                    // `\r\n` and `\r` are one line break, traced to the `\r`.
                    out.push('\n', o);
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                        o += 1;
                    }
                }
                None => {
                    let c = raw[i..].chars().next().expect("a char starts here");
                    nfc.push(NfcClass::Other);
                    self.push_general(c, o, &mut out);
                    width = c.len_utf8();
                }
            }
            i += width;
            o += 1;
            (run_byte, run_char) = (i, o);
        }
        out.push_run(&raw[run_byte..], o - run_char, run_char);
        (out, nfc.holds())
    }

    /// The three steps' rules for one char other than `\r`.
    fn push_general<S: Sink>(&self, c: char, o: u32, out: &mut S) {
        let c = match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        };
        let mut last_step = |c: char| match super::chars::action(c, &self.config) {
            Mapped::Keep => out.push(c, o),
            Mapped::Drop => {}
            Mapped::Replace(r) => out.push(r, o),
            Mapped::Expand(s) => s.chars().for_each(|r| out.push(r, o)),
        };
        match super::forms::action(c, &self.config) {
            Mapped::Keep => last_step(c),
            Mapped::Drop => {}
            Mapped::Replace(r) => last_step(r),
            Mapped::Expand(s) => s.chars().for_each(last_step),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Digits;

    fn one_by_one(raw: &str, config: &Config) -> Aligned {
        let text = super::super::linebreaks::apply(Aligned::from_raw(raw));
        let text = super::super::forms::apply(text, config);
        super::super::chars::apply(text, config)
    }

    #[test]
    fn the_quick_nfc_test_reads_the_chars_written() {
        let steps = CharSteps::new(&Config::default());
        // A digit written as ASCII between two marks keeps them apart.
        let (text, nfc) = steps.apply_traced("بَ١َ");
        assert_eq!((text.as_str(), nfc), ("بَ1َ", true));
        // Two adjacent marks, and two marks made adjacent by removing the tatweel between them.
        assert!(!steps.apply_traced("بَّ").1);
        assert!(!steps.apply_traced("بَـّ").1);
        // A char outside the table: the test cannot tell.
        assert!(!steps.apply_traced("é").1);
    }

    proptest::proptest! {
        #[test]
        fn fused_equals_the_steps_one_after_the_other(
            raw in "[a-z \\t\\r\\n\\u{7}\\u{1F600}\\u{85}\\u{A0}\\u{AD}\\u{0600}-\\u{06FF}\\u{2000}-\\u{202F}\\u{FB50}-\\u{FB60}\\u{FE70}-\\u{FEFF}\\u{FF01}-\\u{FF10}]{0,30}",
            flags in proptest::array::uniform5(proptest::bool::ANY),
        ) {
            let config = Config {
                digits: if flags[0] { Digits::Ascii } else { Digits::Keep },
                remove_tatweel: flags[1],
                presentation_forms: flags[2],
                persian_letters: flags[3],
                punctuation: flags[4],
                ..Config::default()
            };
            let steps = CharSteps::new(&config);
            proptest::prop_assert_eq!(steps.apply(&raw), one_by_one(&raw, &config));
            let (traced, nfc) = steps.apply_traced(&raw);
            proptest::prop_assert_eq!(traced.to_aligned(), steps.apply(&raw));
            // The quick NFC test read along the way: what it says of the text written, or
            // `false` when a char outside the table was read.
            let in_table = raw.chars().all(|c| c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c));
            let plain = super::super::unicode::plainly_nfc(traced.as_str().chars());
            proptest::prop_assert_eq!(nfc, in_table && plain);
        }
    }
}
