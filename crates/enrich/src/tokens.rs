//! Word tokens of a normalized text, with their folded forms, for matching.

use std::ops::Range;

use khabar_core::text::{FoldedWordSink, scan_folded_words};

/// One word: a maximal run of letters, digits and Arabic marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first char.
    pub start: usize,
    /// Byte offset one past the last char.
    pub end: usize,
    /// Where the folded form is in [`Tokens::folded`].
    folded: Range<usize>,
}

/// The words of a text, with their folded forms (see `khabar_core::text`) in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    list: Vec<Token>,
    folded: String,
}

impl Tokens {
    /// Number of words.
    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are no words.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The `i`-th word's span.
    #[must_use]
    pub fn get(&self, i: usize) -> &Token {
        &self.list[i]
    }

    /// The folded form of the `i`-th word.
    #[must_use]
    pub fn folded(&self, i: usize) -> &str {
        &self.folded[self.list[i].folded.clone()]
    }

    /// A cursor over the words of successive, ordered byte ranges of the text.
    #[must_use]
    pub fn words_within(&self) -> WordsWithin<'_> {
        WordsWithin { tokens: self, next: 0 }
    }

    /// The folded forms of all words, in order.
    pub fn folded_words(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|t| &self.folded[t.folded.clone()])
    }
}

/// See [`Tokens::words_within`].
#[derive(Debug)]
pub struct WordsWithin<'a> {
    tokens: &'a Tokens,
    next: usize,
}

impl<'a> WordsWithin<'a> {
    /// The folded words of `text[start..end]`, for ranges asked in text order: `None` when a
    /// word crosses `start` or `end`, since the range's own words are then not whole words of
    /// the text.
    pub fn next(&mut self, start: usize, end: usize) -> Option<impl Iterator<Item = &'a str> + 'a> {
        let list = &self.tokens.list;
        while self.next < list.len() && list[self.next].end <= start {
            self.next += 1;
        }
        let from = self.next;
        if list.get(from).is_some_and(|t| t.start < start) {
            return None;
        }
        let mut to = from;
        while to < list.len() && list[to].end <= end {
            to += 1;
        }
        if list.get(to).is_some_and(|t| t.start < end) {
            return None;
        }
        self.next = to;
        let tokens = self.tokens;
        Some((from..to).map(move |i| tokens.folded(i)))
    }
}

/// Builds [`Tokens`] from the scan: folded chars collected in one buffer.
struct Builder {
    list: Vec<Token>,
    folded: String,
}

impl FoldedWordSink for Builder {
    fn word_start(&mut self, at: usize) {
        let f = self.folded.len();
        self.list.push(Token { start: at, end: at, folded: f..f });
    }

    fn folded(&mut self, c: char, _: &[u8]) {
        self.folded.push(c);
    }

    fn word_end(&mut self, at: usize) {
        let f = self.folded.len();
        let t = self.list.last_mut().expect("a word ends after it starts");
        t.end = at;
        t.folded.end = f;
    }
}

/// The words of `text`, in order.
#[must_use]
pub fn tokenize(text: &str) -> Tokens {
    let mut b = Builder { list: Vec::new(), folded: String::with_capacity(text.len()) };
    scan_folded_words(text, &mut b);
    Tokens { list: b.list, folded: b.folded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_hyphens() {
        let text = "شمال-شرق سوريا، (قسد) 2014.";
        let tokens = tokenize(text);
        let words: Vec<_> = (0..tokens.len()).map(|i| &text[tokens.get(i).start..tokens.get(i).end]).collect();
        assert_eq!(words, ["شمال", "شرق", "سوريا", "قسد", "2014"]);
        assert_eq!(tokenize("أنقرة").folded(0), "انقره");
    }

    #[test]
    fn words_within_ranges_are_the_ranges_own_words() {
        let text = "قالت قسد: سيطرنا. ثم انسحبت القوات من البلدة";
        let tokens = tokenize(text);
        let mut within = tokens.words_within();
        let cut = text.find("ثم").expect("in text");
        for (a, b) in [(0, cut - 1), (cut, text.len())] {
            let got: Vec<&str> = within.next(a, b).expect("no word crosses").collect();
            let want: Vec<String> = khabar_core::text::folded_words(&text[a..b]).collect();
            assert_eq!(got, want);
        }
        // A range that cuts a word is refused.
        let mut within = tokens.words_within();
        assert!(within.next(2, 20).is_none());
    }

    #[test]
    fn folded_forms_are_each_words_fold() {
        let text = "قالت «أنقرةُ» إنّ ٢٠١٤ YPG الأولى";
        let tokens = tokenize(text);
        let want: Vec<String> = khabar_core::text::folded_words(text).collect();
        assert_eq!(tokens.folded_words().collect::<Vec<_>>(), want);
        for i in 0..tokens.len() {
            let t = tokens.get(i);
            assert_eq!(tokens.folded(i), khabar_core::text::fold(&text[t.start..t.end]));
        }
    }
}
