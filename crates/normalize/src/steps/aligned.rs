//! Text that remembers, for every char, which char of the raw (decoded) text it came from.
//!
//! Every step maps an [`Aligned`] to an [`Aligned`], so after the last step each code point of
//! `documents.text` can be traced back to the source: [`Aligned::offset_map`] is that trace,
//! run-length encoded.

/// What a step does with one char.
pub enum Mapped {
    /// Keep it.
    Keep,
    /// Remove it.
    Drop,
    /// Replace it with another char.
    Replace(char),
    /// Replace it with several chars (all traced to the original).
    Expand(String),
}

/// Chars, each with the index of the raw char it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aligned {
    /// The text's chars.
    pub chars: Vec<char>,
    /// For each char, the code-point index in the raw text it came from.
    pub origin: Vec<u32>,
}

impl Aligned {
    /// The raw text, each char its own origin.
    #[must_use]
    pub fn from_raw(raw: &str) -> Self {
        let chars: Vec<char> = raw.chars().collect();
        let origin = (0..chars.len() as u32).collect();
        Self { chars, origin }
    }

    /// Appends one char with its origin.
    pub fn push(&mut self, c: char, origin: u32) {
        self.chars.push(c);
        self.origin.push(origin);
    }

    /// Maps every char through `f`, keeping origins.
    #[must_use]
    pub fn map(self, mut f: impl FnMut(char) -> Mapped) -> Self {
        let mut out =
            Self { chars: Vec::with_capacity(self.chars.len()), origin: Vec::with_capacity(self.chars.len()) };
        for (c, o) in self.chars.into_iter().zip(self.origin) {
            match f(c) {
                Mapped::Keep => out.push(c, o),
                Mapped::Drop => {}
                Mapped::Replace(r) => out.push(r, o),
                Mapped::Expand(s) => s.chars().for_each(|r| out.push(r, o)),
            }
        }
        out
    }

    /// The text.
    #[must_use]
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Run-length trace to the raw text: `(text offset, raw offset)` at the start of the text
    /// and wherever the two stop advancing together. Between listed points both advance by
    /// one per code point.
    #[must_use]
    pub fn offset_map(&self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (i, &o) in self.origin.iter().enumerate() {
            let continues = i > 0 && o == self.origin[i - 1] + 1;
            if !continues {
                out.push((i as u32, o));
            }
        }
        out
    }
}

/// Maps a code point of the normalized text to the raw text through an offset map.
#[must_use]
pub fn raw_offset(map: &[(u32, u32)], offset: u32) -> Option<u32> {
    let i = map.partition_point(|&(n, _)| n <= offset).checked_sub(1)?;
    let (n, r) = map[i];
    Some(r + (offset - n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_origins_and_the_offset_map_traces_them() {
        let a = Aligned::from_raw("aـbc\u{a0}d");
        let b = a.map(|c| match c {
            'ـ' => Mapped::Drop,
            '\u{a0}' => Mapped::Replace(' '),
            'c' => Mapped::Expand("CC".into()),
            _ => Mapped::Keep,
        });
        assert_eq!(b.text(), "abCC d");
        assert_eq!(b.origin, [0, 2, 3, 3, 4, 5]);
        assert_eq!(b.offset_map(), [(0, 0), (1, 2), (3, 3)]);
        assert_eq!(raw_offset(&b.offset_map(), 5), Some(5));
        assert_eq!(raw_offset(&b.offset_map(), 1), Some(2));
    }
}
