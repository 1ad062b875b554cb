//! Entity labels and IOB2 tags.

use std::fmt;

/// An entity type. `ANERcorp`'s `PERS` is read as [`Label::Per`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A person.
    Per,
    /// A place: country, city, region, facility.
    Loc,
    /// An organization.
    Org,
    /// Anything else named (events, nationalities as names, works, products...).
    Misc,
}

impl Label {
    /// All labels, in tag-index order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Loc, Label::Org, Label::Misc];

    /// The label as the project writes it: `PER`, `LOC`, `ORG` or `MISC`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Misc => "MISC",
        }
    }

    /// Parses `PER`/`PERS`, `LOC`, `ORG`, `MISC` (ASCII case-insensitive).
    #[must_use]
    pub fn parse(s: &str) -> Option<Label> {
        let upper = s.to_ascii_uppercase();
        match upper.as_str() {
            "PER" | "PERS" | "PERSON" => Some(Label::Per),
            "LOC" | "LOCATION" | "GPE" => Some(Label::Loc),
            "ORG" | "ORGANIZATION" => Some(Label::Org),
            "MISC" => Some(Label::Misc),
            _ => None,
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Label::Per => 0,
            Label::Loc => 1,
            Label::Org => 2,
            Label::Misc => 3,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IOB2 tag: outside, or the beginning or inside of a mention of some [`Label`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    /// Not part of a mention.
    O,
    /// First token of a mention.
    B(Label),
    /// Later token of a mention.
    I(Label),
}

/// Number of distinct tags (O + B/I for four labels).
pub(super) const NUM_TAGS: usize = 9;

impl Tag {
    /// The label of a `B`/`I` tag; `None` for `O`.
    #[must_use]
    pub fn label(self) -> Option<Label> {
        match self {
            Tag::O => None,
            Tag::B(l) | Tag::I(l) => Some(l),
        }
    }

    /// Parses `O`, `B-PERS`, `I-LOC`, ... (also `B-PER`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (prefix, label) = s.split_once('-')?;
        let label = Label::parse(label)?;
        match prefix {
            "B" => Some(Tag::B(label)),
            "I" => Some(Tag::I(label)),
            _ => None,
        }
    }

    /// Dense index in `0..9`: `O`, then `B`,`I` per label.
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(l) => 1 + 2 * l.index(),
            Tag::I(l) => 2 + 2 * l.index(),
        }
    }

    /// Inverse of [`Tag::index`]; indexes past 8 give `O`.
    #[must_use]
    pub fn from_index(i: usize) -> Tag {
        if i == 0 || i >= NUM_TAGS {
            return Tag::O;
        }
        let label = Label::ALL[(i - 1) / 2];
        if i % 2 == 1 { Tag::B(label) } else { Tag::I(label) }
    }

    /// Whether `next` may follow `self` under IOB2 (`I-X` only after `B-X` or `I-X`).
    #[must_use]
    pub fn allows(self, next: Tag) -> bool {
        match next {
            Tag::I(l) => self.label() == Some(l),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(l) => write!(f, "B-{l}"),
            Tag::I(l) => write!(f, "I-{l}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trip() {
        for i in 0..NUM_TAGS {
            assert_eq!(Tag::from_index(i).index(), i);
        }
        assert_eq!(Tag::parse("B-PERS"), Some(Tag::B(Label::Per)));
        assert_eq!(Tag::parse("I-MISC"), Some(Tag::I(Label::Misc)));
        assert_eq!(Tag::parse("X-LOC"), None);
        assert_eq!(Tag::B(Label::Per).to_string(), "B-PER");
        assert!(!Tag::O.allows(Tag::I(Label::Loc)));
        assert!(Tag::B(Label::Loc).allows(Tag::I(Label::Loc)));
    }
}
