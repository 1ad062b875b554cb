//! Arabic letter folding for matching.
//!
//! Folding maps spelling variants to one form so that gazetteers, chrome lists and date words
//! match whatever the writer typed. It is lossy, so it is used for *matching only*; it is never
//! written into `documents.text`.
//!
//! | from | to | name |
//! |---|---|---|
//! | أ إ آ ٱ | ا | alef variants (hamza above/below, madda, wasla) |
//! | ى | ي | alef maqsura |
//! | ة | ه | taa marbuta |
//! | ً ٌ ٍ َ ُ ِ ّ ْ ٰ | (removed) | harakat, shadda, sukun, dagger alef |
//! | ـ | (removed) | tatweel |

/// Whether `c` is an Arabic diacritic (haraka, tanween, shadda, sukun, dagger alef) or tatweel.
#[must_use]
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

/// Whether `c` is a letter of the Arabic script (not a digit, mark or punctuation).
#[must_use]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// The folded form of one letter; `None` for a mark that folding drops.
#[must_use]
pub fn fold_char(c: char) -> Option<char> {
    if is_arabic_mark(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c,
    })
}

/// Folds a whole string (see the module table); also lowercases other scripts.
#[must_use]
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_into(c, |f| out.push(f));
    }
    out
}

/// Emits the folded form of `c` (nothing, one char, or a lowercase expansion), as [`fold`].
#[inline]
pub fn fold_into(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if let Some(f) = fold_char(c) {
        if f.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&f) {
            emit(f);
        } else {
            f.to_lowercase().for_each(emit);
        }
    }
}

/// An FNV-1a state fed char by char.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.byte(b);
        }
    }
}

/// Whether `c` belongs to a word: alphanumeric (Unicode) or an Arabic mark. ASCII and the
/// Arabic block are answered from a table; the Unicode lookup, slow on hot paths, is only
/// taken for other scripts.
#[must_use]
#[inline]
pub fn is_word_char(c: char) -> bool {
    static ARABIC_BLOCK: std::sync::LazyLock<[bool; 256]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| {
            let c = char::from_u32(0x0600 + i as u32).expect("the Arabic block holds valid chars");
            c.is_alphanumeric() || is_arabic_mark(c)
        })
    });
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        ARABIC_BLOCK[c as usize - 0x0600]
    } else {
        c.is_alphanumeric() || is_arabic_mark(c)
    }
}

/// 64-bit FNV-1a: a small, stable, non-cryptographic hash (for fingerprints and sketches,
/// never for IDs). Unlike `std`'s hashers its output never changes.
#[must_use]
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    for &b in bytes {
        h.byte(b);
    }
    h.0
}

/// The folded words of `s` (letters and digits folded, everything else a separator).
pub fn folded_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(fold)
}

/// `fnv1a64` of each folded word of `s`, without building the words.
pub fn folded_word_hashes(s: &str) -> impl Iterator<Item = u64> + '_ {
    s.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(|w| {
        let mut h = Fnv::new();
        w.chars().for_each(|c| fold_into(c, |f| h.char(f)));
        h.0
    })
}

/// A fingerprint of a sentence or line: the same for texts that differ only in spelling
/// variants, diacritics, punctuation or spacing. Used to count repeated sentences.
/// (`fnv1a64` of the folded words joined by single spaces, computed without building it.)
#[must_use]
pub fn fingerprint(s: &str) -> u64 {
    let mut h = Fnv::new();
    let mut first = true;
    for w in s.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
        if !first {
            h.byte(b' ');
        }
        first = false;
        w.chars().for_each(|c| fold_into(c, |f| h.char(f)));
    }
    h.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_alef_yeh_taa_and_marks() {
        assert_eq!(fold("الإسلامية"), "الاسلاميه");
        assert_eq!(fold("أنقرة"), "انقره");
        assert_eq!(fold("آرتساخ"), "ارتساخ");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("رمزٍ"), "رمز");
        assert_eq!(fold("حيّت"), "حيت");
        assert_eq!(fold("ســوريا"), "سوريا");
        assert_eq!(fold("٢٠١٤"), "2014");
        assert_eq!(fold("YPG"), "ypg");
    }

    #[test]
    fn fingerprints_ignore_spelling_variants_and_punctuation() {
        assert_eq!(
            fingerprint("قالت قوات سوريا الديمقراطية إنها أسرت."),
            fingerprint("قالت  قوات سوريا الديمقراطيه انها اسرت")
        );
        assert_ne!(fingerprint("قالت قوات"), fingerprint("قالت القوات"));
        // Known answer: FNV-1a of "a" (the published test vector).
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn streaming_hashes_equal_hashes_of_the_built_strings() {
        let text = "قالت «قوات سوريا» الديمقراطيّة: ٢٠١٤ ΣΟΦΙΑ؛ Éte";
        let words: Vec<String> = folded_words(text).collect();
        let hashes: Vec<u64> = folded_word_hashes(text).collect();
        assert_eq!(hashes, words.iter().map(|w| fnv1a64(w.as_bytes())).collect::<Vec<_>>());
        assert_eq!(fingerprint(text), fnv1a64(words.join(" ").as_bytes()));
    }

    #[test]
    fn word_chars_agree_with_unicode() {
        for c in ('\0'..='\u{0FFF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_arabic_mark(c), "{c:?}");
        }
    }

    #[test]
    fn fold_agrees_with_the_plain_definition() {
        let plain = |s: &str| -> String { s.chars().filter_map(fold_char).flat_map(char::to_lowercase).collect() };
        for s in ["أنقرة Ankara ÉTÉ", "ΣΟΦΙΑ", "ﻻ ٣ ۴ ـ", "قوات سوريا الديمقراطية (قسد)"]
        {
            assert_eq!(fold(s), plain(s), "{s}");
        }
    }

    #[test]
    fn letters_and_marks_are_disjoint() {
        for c in '\u{0600}'..='\u{06FF}' {
            assert!(!(is_arabic_letter(c) && is_arabic_mark(c)), "{c:?}");
        }
        assert!(is_arabic_letter('ب'));
        assert!(!is_arabic_letter('٣'));
        assert!(!is_arabic_letter('،'));
    }
}
