//! Word tokens of a normalized text, with their folded forms, for matching.

use khabar_core::text::{fold, is_word_char};

/// One word: a maximal run of letters, digits and Arabic marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first char.
    pub start: usize,
    /// Byte offset one past the last char.
    pub end: usize,
    /// Folded form (see `khabar_core::text`).
    pub folded: String,
}

/// The words of `text`, in order.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Token { start: s, end: i, folded: fold(&text[s..i]) });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token { start: s, end: text.len(), folded: fold(&text[s..]) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_hyphens() {
        let text = "شمال-شرق سوريا، (قسد) 2014.";
        let words: Vec<_> = tokenize(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["شمال", "شرق", "سوريا", "قسد", "2014"]);
        assert_eq!(tokenize("أنقرة")[0].folded, "انقره");
    }
}
