//! The number-words parser on arbitrary text: whole strings (`parse_number_words`,
//! `parse_ordinal_words`, `parse_numeral`, `parse_duration`) and word prefixes
//! (`cardinal_prefix`, `ordinal_prefix`).
//!
//! Asserts: a prefix takes at least one word and no more than there are; a whole-string parse
//! agrees with the prefix parse of its folded words; numerals parse to numbers, not NaN.
#![no_main]

use khabar_enrich::dates::numbers::{
    cardinal_prefix, is_number_word, ordinal_prefix, parse_number_words, parse_numeral, parse_ordinal_words,
};
use khabar_enrich::dates::relative::parse_duration;
use khabar_fuzz::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    // The words the whole-string parsers read: the folded text split at whitespace.
    let folded = khabar_core::text::fold(&text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    for from in 0..words.len().min(16) {
        let rest = &words[from..];
        if let Some((_, n)) = cardinal_prefix(rest) {
            assert!(n >= 1 && n <= rest.len(), "cardinal prefix of {n} words out of {}", rest.len());
        }
        if let Some((_, n)) = ordinal_prefix(rest) {
            assert!(n >= 1 && n <= rest.len(), "ordinal prefix of {n} words out of {}", rest.len());
        }
        let _ = is_number_word(rest[0]);
    }
    if let Some(v) = parse_ordinal_words(&text) {
        assert_eq!(ordinal_prefix(&words).map(|p| p.0), Some(v), "whole ordinal is the prefix of all words");
    }
    if let Some(v) = parse_number_words(&text)
        && words.len() > 1
    {
        assert_eq!(cardinal_prefix(&words), Some((v, words.len())), "whole number is the prefix of all words");
    }
    if let Some(v) = parse_numeral(&text) {
        assert!(!v.is_nan(), "{text:?} parsed as NaN");
    }
    if let Some(d) = parse_duration(&text) {
        assert!(!d.iso().is_empty());
    }
});
