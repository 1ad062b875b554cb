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

/// An FNV-1a state fed byte by byte.
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

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
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
    h.bytes(bytes);
    h.0
}

/// The folded words of `s` (letters and digits folded, everything else a separator).
pub fn folded_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(fold)
}

/// What the scan in [`scan_folded_words`] reports: the words of a text and the chars of their
/// folded forms (each with its UTF-8 bytes, for hashing), in order.
pub trait FoldedWordSink {
    /// A word starts at byte `at` of the text.
    fn word_start(&mut self, at: usize);
    /// The next char of the current word's folded form, and its UTF-8 bytes.
    fn folded(&mut self, c: char, utf8: &[u8]);
    /// The current word ends at byte `at` (exclusive).
    fn word_end(&mut self, at: usize);
}

/// How one char of the Arabic block (U+0600–U+06FF) reads in a word: whether it belongs to
/// words ([`is_word_char`]) and its folded form ([`fold_into`]: none for a mark).
#[derive(Clone, Copy)]
struct ArabicFold {
    word: bool,
    folded: Option<char>,
}

static ARABIC_FOLD: std::sync::LazyLock<[ArabicFold; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = char::from_u32(0x0600 + i as u32).expect("the Arabic block holds valid chars");
        let mut folded = Vec::new();
        fold_into(c, |f| folded.push(f));
        assert!(folded.len() <= 1, "an Arabic-block char folds to at most one char");
        ArabicFold { word: is_word_char(c), folded: folded.first().copied() }
    })
});

/// Reports one folded char with its UTF-8 bytes.
#[inline]
fn emit_folded(sink: &mut impl FoldedWordSink, f: char) {
    let mut buf = [0u8; 4];
    sink.folded(f, f.encode_utf8(&mut buf).as_bytes());
}

/// Splits `s` into words (maximal runs of [`is_word_char`]) and reports each word's span and
/// folded chars to `sink`: the same words and chars as [`folded_words`], without building a
/// string. ASCII and the Arabic block are read byte-wise from a table; other chars take the
/// general path.
pub fn scan_folded_words(s: &str, sink: &mut impl FoldedWordSink) {
    let bytes = s.as_bytes();
    let table = &*ARABIC_FOLD;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        let (word, width) = if lead < 0x80 {
            let word = lead.is_ascii_alphanumeric();
            if word {
                if !in_word {
                    sink.word_start(at);
                }
                let lower = lead.to_ascii_lowercase();
                sink.folded(char::from(lower), &[lower]);
            }
            (word, 1)
        } else if (0xD8..=0xDB).contains(&lead) {
            // Two-byte UTF-8 of U+0600..=U+06FF.
            let entry = table[usize::from(lead & 0x03) << 6 | usize::from(bytes[at + 1] & 0x3F)];
            if entry.word {
                if !in_word {
                    sink.word_start(at);
                }
                if let Some(f) = entry.folded {
                    emit_folded(sink, f);
                }
            }
            (entry.word, 2)
        } else {
            let c = s[at..].chars().next().expect("`at` is at a char boundary");
            let word = is_word_char(c);
            if word {
                if !in_word {
                    sink.word_start(at);
                }
                fold_into(c, |f| emit_folded(sink, f));
            }
            (word, c.len_utf8())
        };
        if in_word && !word {
            sink.word_end(at);
        }
        in_word = word;
        at += width;
    }
    if in_word {
        sink.word_end(bytes.len());
    }
}

/// `fnv1a64` of each folded word of `s`, without building the words.
#[must_use]
pub fn folded_word_hashes(s: &str) -> Vec<u64> {
    struct Hashes(Vec<u64>, Fnv);
    impl FoldedWordSink for Hashes {
        fn word_start(&mut self, _: usize) {
            self.1 = Fnv::new();
        }
        fn folded(&mut self, _: char, utf8: &[u8]) {
            self.1.bytes(utf8);
        }
        fn word_end(&mut self, _: usize) {
            self.0.push(self.1.0);
        }
    }
    let mut sink = Hashes(Vec::new(), Fnv::new());
    scan_folded_words(s, &mut sink);
    sink.0
}

/// A fingerprint of a sentence or line: the same for texts that differ only in spelling
/// variants, diacritics, punctuation or spacing. Used to count repeated sentences.
/// (`fnv1a64` of the folded words joined by single spaces, computed without building it.)
#[must_use]
pub fn fingerprint(s: &str) -> u64 {
    struct Joined(Fnv, bool);
    impl FoldedWordSink for Joined {
        fn word_start(&mut self, _: usize) {
            if self.1 {
                self.0.byte(b' ');
            }
            self.1 = true;
        }
        fn folded(&mut self, _: char, utf8: &[u8]) {
            self.0.bytes(utf8);
        }
        fn word_end(&mut self, _: usize) {}
    }
    let mut sink = Joined(Fnv::new(), false);
    scan_folded_words(s, &mut sink);
    sink.0.0
}

/// [`fingerprint`] of a text whose folded words are `words` (as [`folded_words`] gives them).
#[must_use]
pub fn fingerprint_of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = Fnv::new();
    for (i, w) in words.into_iter().enumerate() {
        if i > 0 {
            h.byte(b' ');
        }
        h.bytes(w.as_bytes());
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
        let hashes: Vec<u64> = folded_word_hashes(text);
        assert_eq!(hashes, words.iter().map(|w| fnv1a64(w.as_bytes())).collect::<Vec<_>>());
        assert_eq!(fingerprint(text), fnv1a64(words.join(" ").as_bytes()));
    }

    /// The definitions the fast scan must match: words split on non-word chars, each folded.
    fn plain_words(s: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            match (start, is_word_char(c)) {
                (None, true) => start = Some(i),
                (Some(a), false) => {
                    out.push((a, i, fold(&s[a..i])));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_scan_equals_the_plain_definitions(
            s in "[ a-zA-Z0-9.,«»\\-\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{FB50}-\u{FB6F}\u{00C0}-\u{00FF}\u{0391}-\u{03A9}\u{1F600}]{0,40}"
        ) {
            struct Spans(Vec<(usize, usize, String)>);
            impl FoldedWordSink for Spans {
                fn word_start(&mut self, at: usize) {
                    self.0.push((at, usize::MAX, String::new()));
                }
                fn folded(&mut self, c: char, utf8: &[u8]) {
                    let mut buf = [0u8; 4];
                    assert_eq!(c.encode_utf8(&mut buf).as_bytes(), utf8);
                    self.0.last_mut().expect("inside a word").2.push(c);
                }
                fn word_end(&mut self, at: usize) {
                    self.0.last_mut().expect("inside a word").1 = at;
                }
            }
            let mut spans = Spans(Vec::new());
            scan_folded_words(&s, &mut spans);
            let got = spans.0;
            let want = plain_words(&s);
            proptest::prop_assert_eq!(&got, &want);
            let words: Vec<String> = want.into_iter().map(|w| w.2).collect();
            proptest::prop_assert_eq!(fingerprint(&s), fnv1a64(words.join(" ").as_bytes()));
            proptest::prop_assert_eq!(fingerprint_of_words(words.iter().map(String::as_str)), fingerprint(&s));
            let hashes: Vec<u64> = words.iter().map(|w| fnv1a64(w.as_bytes())).collect();
            proptest::prop_assert_eq!(folded_word_hashes(&s), hashes);
        }
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
