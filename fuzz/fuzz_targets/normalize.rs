//! The normalizer on arbitrary text, every setting drawn from the first two bytes (the
//! non-Arabic check at its default threshold).
//!
//! Asserts: the traced steps give what the char-vector steps give (text, offset map, lines
//! dropped); the offset map is valid: it starts at text offset 0, its text offsets increase,
//! and every span of the output (each run between two points of the map, and the last run to
//! the end of the text) maps into the raw text; `normalize_text` is `normalize_traced`'s text;
//! with the default settings the result is normalized already (idempotent).
#![no_main]

use std::sync::OnceLock;

use khabar_core::{FailureCode, RawDocument, Severity, Stage};
use khabar_fuzz::text;
use khabar_normalize::steps::aligned::raw_offset;
use khabar_normalize::{Config, Digits, NonArabic, Normalizer, UnicodeForm, not_arabic};
use libfuzzer_sys::fuzz_target;

/// The normalizer of settings `(a, b)`, built once: building one (its chrome-line automata)
/// costs more than normalizing a short input.
fn normalizer(a: u8, b: u8) -> &'static Normalizer {
    static BUILT: [OnceLock<Normalizer>; 256 * 9] = [const { OnceLock::new() }; 256 * 9];
    BUILT[usize::from(a) * 9 + usize::from(b % 9)].get_or_init(|| build(a, b))
}

/// The `non-arabic` setting of `b`.
fn non_arabic(b: u8) -> NonArabic {
    [NonArabic::Keep, NonArabic::Flag, NonArabic::Skip][usize::from(b / 3 % 3)]
}

fn build(a: u8, b: u8) -> Normalizer {
    let bit = |n: u8| a & (1 << n) != 0;
    let mut config = Config {
        unicode: [UnicodeForm::Nfc, UnicodeForm::Nfkc, UnicodeForm::None][usize::from(b % 3)],
        digits: if bit(0) { Digits::Ascii } else { Digits::Keep },
        remove_tatweel: bit(1),
        persian_letters: bit(2),
        collapse_repeated_title: bit(3),
        drop_trailing_signature: bit(4),
        presentation_forms: bit(5),
        punctuation: bit(6),
        non_arabic: non_arabic(b),
        ..Config::default()
    };
    if bit(7) {
        config.chrome_lines.clear();
        config.cut_from.clear();
    }
    Normalizer::new(&config).expect("the settings are valid")
}

fuzz_target!(|data: &[u8]| {
    let (a, b, data) = match data {
        [a, b, rest @ ..] => (*a, *b, rest),
        _ => (0x7f, 0, data),
    };
    let raw = text(data);
    let n = normalizer(a, b);
    let (aligned, removed) = n.normalize_aligned(&raw);
    let traced = n.normalize_traced(&raw);
    assert_eq!(traced, (aligned.text(), aligned.offset_map(), removed), "traced and aligned agree");
    let (out, map, _) = traced;

    let raw_len = raw.chars().count() as u64;
    let out_len = out.chars().count() as u32;
    assert_eq!(aligned.origin.len(), out_len as usize);
    if out_len == 0 {
        assert!(map.is_empty(), "an empty text has an empty map");
    } else {
        assert_eq!(map.first().map(|p| p.0), Some(0), "the map starts at the start of the text");
    }
    for (i, &(t, r)) in map.iter().enumerate() {
        let next = map.get(i + 1).map_or(out_len, |p| p.0);
        assert!(t < next, "text offsets increase: {map:?}");
        let run = u64::from(next - t);
        assert!(u64::from(r) + run <= raw_len, "span {t}..{next} maps to {r}.. past the raw text ({raw_len} chars)");
    }
    for (i, &o) in aligned.origin.iter().enumerate() {
        assert_eq!(raw_offset(&map, i as u32), Some(o), "char {i}");
    }

    if a == 0x7f && b % 3 == 0 {
        // The default settings (but for the chrome lists, kept): normalized text stays as it is.
        let again = n.normalize_text(&out).0;
        assert_eq!(again, out, "normalizing twice changes nothing");
    }
    let doc = RawDocument::from_text(raw.into_owned(), "fuzz.txt", "UTF-8");
    let below = Config::default().non_arabic_below;
    let foreign = (!out.is_empty()).then(|| not_arabic(&out, below)).flatten();
    match (n.run(&doc), non_arabic(b)) {
        (Ok(normalized), how) => {
            assert!(!normalized.text.is_empty());
            assert_eq!(normalized.text, out);
            let flagged = normalized.issues.iter().any(|f| f.code == FailureCode::NotArabic);
            assert_eq!(flagged, how == NonArabic::Flag && foreign.is_some(), "flagged exactly when foreign");
            assert!(normalized.issues.iter().all(|f| f.severity == Severity::Warning));
            assert_ne!((how, foreign.is_some()), (NonArabic::Skip, true), "a foreign text is skipped");
        }
        (Err(f), how) => match f.code {
            FailureCode::EmptyAfterNormalization => assert!(out.is_empty()),
            FailureCode::NotArabic => assert!(how == NonArabic::Skip && foreign.is_some()),
            other => panic!("unexpected failure {other}"),
        },
    }
});
