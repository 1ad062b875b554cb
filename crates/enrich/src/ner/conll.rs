//! Reading `CoNLL`-style `TOKEN TAG` files such as `ANERcorp`.

use super::tags::Tag;

/// One sentence with a gold tag per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaggedSentence {
    /// Whitespace tokens, as written.
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<Tag>,
}

impl TaggedSentence {
    /// Number of tokens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the sentence has no tokens.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens as string slices, ready for [`super::Model::tag`].
    #[must_use]
    pub fn token_strs(&self) -> Vec<&str> {
        self.tokens.iter().map(String::as_str).collect()
    }
}

/// Reads `TOKEN TAG` lines with blank lines between sentences.
///
/// The token is the first whitespace field and the tag the last; `ANERcorp`'s `PERS` becomes
/// `PER`. A line with one field, or a tag that does not parse (`ANERcorp` has one `Oالإصابة`),
/// is read as tag `O`. A `-DOCSTART-` line ends the sentence and is dropped.
#[must_use]
pub fn read_conll(text: &str) -> Vec<TaggedSentence> {
    let mut out = Vec::new();
    let mut cur = TaggedSentence::default();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let Some(token) = fields.next() else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        };
        if token == "-DOCSTART-" {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let tag = fields.next_back().and_then(Tag::parse).unwrap_or(Tag::O);
        cur.tokens.push(token.to_owned());
        cur.tags.push(tag);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tags::Label;
    use super::*;

    #[test]
    fn reads_sentences_and_maps_pers() {
        let s = read_conll("أعلن O\nبوش B-PERS\n. O\n\n\nفي O\nبغداد B-LOC\n. Oالإصابة");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags[1], Tag::B(Label::Per));
        assert_eq!(s[1].tokens, vec!["في", "بغداد", "."]);
        assert_eq!(s[1].tags[2], Tag::O);
    }
}
