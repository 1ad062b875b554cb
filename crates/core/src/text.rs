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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = fold_char(c) {
            if f.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&f) {
                out.push(f);
            } else {
                out.extend(f.to_lowercase());
            }
        }
    }
    out
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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The folded words of `s` (letters and digits folded, everything else a separator).
pub fn folded_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(fold)
}

/// A fingerprint of a sentence or line: the same for texts that differ only in spelling
/// variants, diacritics, punctuation or spacing. Used to count repeated sentences.
#[must_use]
pub fn fingerprint(s: &str) -> u64 {
    let mut joined = String::with_capacity(s.len());
    for w in folded_words(s) {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&w);
    }
    fnv1a64(joined.as_bytes())
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
