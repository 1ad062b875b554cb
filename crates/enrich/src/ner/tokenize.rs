//! Splitting running Arabic news text into `ANERcorp`-style tokens.
//!
//! ## What it does
//! Tokens are maximal runs of word characters (letters, digits, Arabic marks and tatweel);
//! every other non-space character is punctuation and becomes its own token, a run of the same
//! punctuation character (`...`, `--`, `!!`) one token. Clitics stay attached (`وبالرقة` is one
//! token), as in `ANERcorp`. Exceptions that keep `ANERcorp`'s number and compound tokens whole:
//! `.` `,` `٫` `٬` `:` `/` between two digits (`3.5`, `1,000`, `10:30`, `12/5/2018`), `%` `٪`
//! right after a digit (`30%`), and `-` between two word characters (`AK-biyik`, `1625-1649`).
//!
//! ## Example
//! `"قال (الرئيس) إن 30% من السكان."` → `قال` `(` `الرئيس` `)` `إن` `30%` `من` `السكان` `.`
//!
//! ## Known limitations
//! Abbreviations with periods (`ق.م.`, `د.`) are split at the periods.

use khabar_core::text::{is_arabic_letter, is_arabic_mark};

/// Whether `c` separates tokens (whitespace, bidi controls, BOM).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether `c` belongs inside a word.
fn is_word(c: char) -> bool {
    // Fast paths first: ASCII and the Arabic block cover almost all of the text.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_arabic_letter(c)
        || is_arabic_mark(c)
        || matches!(c, '٠'..='٩' | '۰'..='۹')
        || (!matches!(c, '\u{0600}'..='\u{06FF}') && c.is_alphanumeric())
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
}

/// Byte spans `[start, end)` of the tokens of `text`, in order, non-overlapping, on char
/// boundaries, never empty and never containing whitespace.
#[must_use]
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if is_space(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        if is_word(c) {
            // Extend over word chars and the in-word punctuation exceptions.
            let mut prev = c;
            while let Some(&(b, n)) = it.peek() {
                // The character after `n`, looked at only when `n` is not a word character.
                let after = || text[b + n.len_utf8()..].chars().next();
                let take = is_word(n)
                    || (matches!(n, '.' | ',' | '٫' | '٬' | ':' | '/')
                        && prev.is_numeric()
                        && after().is_some_and(char::is_numeric))
                    || (matches!(n, '%' | '٪') && prev.is_numeric())
                    || (n == '-' && after().is_some_and(is_word));
                if !take {
                    break;
                }
                it.next();
                prev = n;
                end = b + n.len_utf8();
            }
        } else {
            // Punctuation: a run of the same character.
            while let Some(&(b, n)) = it.peek() {
                if n != c {
                    break;
                }
                it.next();
                end = b + n.len_utf8();
            }
        }
        out.push((start, end));
    }
    out
}

/// The tokens of `text` grouped by the sentence that holds them whole, one group per sentence
/// (byte spans, in order, as [`crate::sentences::SentenceSplitter::split`] gives them), as
/// [`super::Model::tag_document`] takes them; tokens outside every sentence, or across a
/// sentence's end, are left out. Also returns the spans of the tokens kept, in order, so that
/// tags map back to text.
#[must_use]
pub fn tokens_by_sentence<'t>(text: &'t str, sentences: &[crate::Span]) -> (Vec<Vec<&'t str>>, Vec<(usize, usize)>) {
    let tokens = tokenize(text);
    let mut groups = Vec::with_capacity(sentences.len());
    let mut kept = Vec::with_capacity(tokens.len());
    let mut t = 0;
    for &crate::Span { start, end } in sentences {
        while t < tokens.len() && tokens[t].0 < start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].1 <= end {
            t += 1;
        }
        let inside = &tokens[first..t];
        groups.push(inside.iter().map(|&(a, b)| &text[a..b]).collect());
        kept.extend_from_slice(inside);
    }
    (groups, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn separates_punctuation_keeps_clitics() {
        assert_eq!(
            toks("قال (الرئيس) إن 30% من السكان."),
            vec!["قال", "(", "الرئيس", ")", "إن", "30%", "من", "السكان", "."]
        );
        assert_eq!(toks("وبالرقة، «قسد»؛ هل؟"), vec!["وبالرقة", "،", "«", "قسد", "»", "؛", "هل", "؟"]);
        assert_eq!(
            toks("بلغ 3.5 مليون و1,000 في 12/5/2018..."),
            vec!["بلغ", "3.5", "مليون", "و1,000", "في", "12/5/2018", "..."]
        );
        assert_eq!(toks("AK-biyik -- ســوريا\u{200F}!"), vec!["AK-biyik", "--", "ســوريا", "!"]);
        assert_eq!(toks("الرياض ـ واس"), vec!["الرياض", "ـ", "واس"]);
    }

    #[test]
    fn tokens_are_grouped_by_the_sentence_holding_them() {
        use crate::Span;
        let text = "قال ترامب. ثم ذهب (إلى) بغداد";
        let first = text.find('.').map(|i| i + 1).unwrap();
        let (second, city) = (text.find("ذهب").unwrap(), text.find("بغداد").unwrap());
        // Three sentences: "ثم" lies in the gap between the first two, and the third ends
        // inside "بغداد", so neither is kept.
        let sentences =
            [Span { start: 0, end: first }, Span { start: second, end: city }, Span { start: city, end: city + 2 }];
        let (groups, kept) = tokens_by_sentence(text, &sentences);
        assert_eq!(groups, vec![vec!["قال", "ترامب", "."], vec!["ذهب", "(", "إلى", ")"], vec![]]);
        let texts: Vec<&str> = kept.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(texts, ["قال", "ترامب", ".", "ذهب", "(", "إلى", ")"]);
    }
}
