//! Unicode normalization form.
//!
//! ## What it does
//! NFC composes canonically equivalent sequences (lossless). NFKC also maps compatibility
//! characters, e.g. Arabic presentation forms (ﻻ → لا) and ligatures (lossy).
//! ## Why
//! The same word typed on two keyboards must compare equal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::{IsNormalized, is_nfc_quick, is_nfkc_quick};

use crate::UnicodeForm;

/// Applies the step.
#[must_use]
pub fn apply(text: &str, form: UnicodeForm) -> String {
    match form {
        UnicodeForm::Nfc if is_nfc_quick(text.chars()) != IsNormalized::Yes => text.nfc().collect(),
        UnicodeForm::Nfkc if is_nfkc_quick(text.chars()) != IsNormalized::Yes => text.nfkc().collect(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_alef_with_hamza() {
        // ا + U+0654 (hamza above) → أ
        assert_eq!(apply("\u{627}\u{654}", UnicodeForm::Nfc), "أ");
        assert_eq!(apply("\u{627}\u{654}", UnicodeForm::None), "\u{627}\u{654}");
    }

    #[test]
    fn nfkc_maps_presentation_forms() {
        assert_eq!(apply("\u{FEFB}", UnicodeForm::Nfkc), "لا");
        assert_eq!(apply("\u{FEFB}", UnicodeForm::Nfc), "\u{FEFB}");
    }
}
