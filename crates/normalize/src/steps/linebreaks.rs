//! Line breaks.
//!
//! ## What it does
//! `\r\n`, lone `\r`, U+0085, U+2028 and U+2029 become `\n`.
//! ## Why
//! Windows files and copy-pasted web text mix them; sentence and line rules need one kind.
//! ## Lossy?
//! Lossless for meaning (only the line-break encoding changes).

use super::aligned::Aligned;

/// Applies the step.
#[must_use]
pub fn apply(text: Aligned) -> Aligned {
    if !text.chars.iter().any(|c| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
        return text;
    }
    let mut out = Aligned::default();
    let mut i = 0;
    while i < text.chars.len() {
        let (c, o) = (text.chars[i], text.origin[i]);
        match c {
            '\r' => {
                out.push('\n', o);
                if text.chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n', o),
            _ => out.push(c, o),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_breaks_become_newlines() {
        let out = apply(Aligned::from_raw("a\r\nb\rc\u{2028}d\ne"));
        assert_eq!(out.text(), "a\nb\nc\nd\ne");
        assert_eq!(out.origin, [0, 1, 3, 4, 5, 6, 7, 8, 9]);
    }
}
