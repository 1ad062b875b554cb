//! Line breaks.
//!
//! ## What it does
//! `\r\n`, lone `\r`, U+0085, U+2028 and U+2029 become `\n`.
//! ## Why
//! Windows files and copy-pasted web text mix them; sentence and line rules need one kind.
//! ## Lossy?
//! Lossless for meaning (only the line-break encoding changes).

/// Applies the step.
#[must_use]
pub fn apply(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_breaks_become_newlines() {
        assert_eq!(super::apply("a\r\nb\rc\u{2028}d\ne"), "a\nb\nc\nd\ne");
    }
}
