//! Text built one char at a time whose trace to the raw text is kept as the offset map itself.
//!
//! ## What it is
//! [`Traced`] holds the same information as [`Aligned`]: the text, and for each char the raw
//! char it came from. It keeps the text as UTF-8 and the trace run-length encoded, exactly as
//! [`Aligned::offset_map`] would write it: a new `(text offset, raw offset)` point wherever a char
//! does not continue the raw run of the char before it.
//! ## Why
//! [`Aligned`] spends 8 bytes per char (a `char` and a `u32`) and must be encoded to a string and
//! run-length encoded at the end. Arabic takes 2 bytes per char as UTF-8, and most of a news text
//! keeps its chars in order, so a document's text and trace take a fraction of that.

use super::aligned::Aligned;

/// Something a step writes chars into, each with the index of the raw char it came from.
pub trait Sink {
    /// Appends `c`, traced to raw char `origin`.
    fn push(&mut self, c: char, origin: u32);
}

impl Sink for Aligned {
    fn push(&mut self, c: char, origin: u32) {
        Aligned::push(self, c, origin);
    }
}

/// Text and its run-length trace to the raw text (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traced {
    text: String,
    map: Vec<(u32, u32)>,
    /// Chars in `text`.
    chars: u32,
    /// The origin that continues the last run.
    next: u32,
}

/// Where a [`Traced`] stood, to go back to with [`Traced::truncate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    bytes: usize,
    points: usize,
    chars: u32,
    next: u32,
}

impl Sink for Traced {
    #[inline]
    fn push(&mut self, c: char, origin: u32) {
        if self.chars == 0 || origin != self.next {
            self.map.push((self.chars, origin));
        }
        self.text.push(c);
        self.chars += 1;
        self.next = origin.wrapping_add(1);
    }
}

impl Traced {
    /// Empty, with room for `bytes` bytes of text.
    #[must_use]
    pub fn with_capacity(bytes: usize) -> Self {
        Self { text: String::with_capacity(bytes), ..Self::default() }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of chars in the text.
    #[must_use]
    pub fn char_count(&self) -> u32 {
        self.chars
    }

    /// The text and its offset map (as [`Aligned::text`] and [`Aligned::offset_map`] give them).
    #[must_use]
    pub fn into_parts(self) -> (String, Vec<(u32, u32)>) {
        (self.text, self.map)
    }

    /// Appends `s`, which is `n` chars whose origins are `origin`, `origin + 1`, and so on.
    pub fn push_run(&mut self, s: &str, n: u32, origin: u32) {
        if n == 0 {
            return;
        }
        if self.chars == 0 || origin != self.next {
            self.map.push((self.chars, origin));
        }
        self.text.push_str(s);
        self.chars += n;
        self.next = origin + n;
    }

    /// The origin of each char, in order.
    #[must_use]
    pub fn origins(&self) -> Origins<'_> {
        Origins { map: &self.map, k: 0 }
    }

    /// The same text and trace as `aligned`.
    #[must_use]
    pub fn from_aligned(aligned: &Aligned) -> Self {
        let mut out = Self::with_capacity(aligned.chars.len() * 2);
        for (&c, &o) in aligned.chars.iter().zip(&aligned.origin) {
            out.push(c, o);
        }
        out
    }

    /// The same text and trace as an [`Aligned`].
    #[must_use]
    pub fn to_aligned(&self) -> Aligned {
        let mut origins = self.origins();
        let chars: Vec<char> = self.text.chars().collect();
        let origin = (0..chars.len() as u32).map(|i| origins.at(i)).collect();
        Aligned { chars, origin }
    }

    /// The current end, for [`Traced::truncate`].
    #[must_use]
    pub fn mark(&self) -> Mark {
        Mark { bytes: self.text.len(), points: self.map.len(), chars: self.chars, next: self.next }
    }

    /// Goes back to `mark`, dropping everything pushed since.
    pub fn truncate(&mut self, mark: Mark) {
        self.text.truncate(mark.bytes);
        self.map.truncate(mark.points);
        self.chars = mark.chars;
        self.next = mark.next;
    }
}

impl Mark {
    /// Bytes before the mark.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The origins of a [`Traced`]'s chars, asked for in non-decreasing order of char index.
#[derive(Debug)]
pub struct Origins<'a> {
    map: &'a [(u32, u32)],
    k: usize,
}

impl Origins<'_> {
    /// The origin of char `i`. `i` must be below the text's char count and not below the index
    /// asked for last.
    #[inline]
    pub fn at(&mut self, i: u32) -> u32 {
        debug_assert!(self.map.get(self.k).is_some_and(|&(n, _)| n <= i), "origins asked for out of order");
        while self.map.get(self.k + 1).is_some_and(|&(n, _)| n <= i) {
            self.k += 1;
        }
        let (n, r) = self.map[self.k];
        r + (i - n)
    }

    /// Appends to `out` the chars `start..start + n` of the text, which are `s`, with their
    /// origins: the points of the map inside the range, moved to where the chars land. `start`
    /// must not be below the index asked for last.
    pub fn copy_into(&mut self, s: &str, start: u32, n: u32, out: &mut Traced) {
        if n == 0 {
            return;
        }
        let first = self.at(start);
        if out.chars == 0 || first != out.next {
            out.map.push((out.chars, first));
        }
        let end = start + n;
        // A point inside the range starts a new run in the source, so it does in `out` too: the
        // char before it is copied with it.
        while let Some(&(p, r)) = self.map.get(self.k + 1).filter(|&&(p, _)| p < end) {
            out.map.push((out.chars + (p - start), r));
            self.k += 1;
        }
        let (p, r) = self.map[self.k];
        out.next = r + (end - p);
        out.text.push_str(s);
        out.chars += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Pushing the same chars and origins into both gives the same text and offset map, and
        /// the origins read back are those pushed.
        #[test]
        fn agrees_with_aligned(
            pushes in proptest::collection::vec(
                (proptest::sample::select(vec!['a', 'z', ' ', 'ب', 'ـ', '\u{64e}', '٤', '€', '😀']), -3i64..6),
                0..40,
            ),
            cut in 0usize..40,
        ) {
            let (mut aligned, mut traced) = (Aligned::default(), Traced::default());
            let mut origin = 3u32;
            let mut mark = traced.mark();
            for (i, &(c, step)) in pushes.iter().enumerate() {
                if i == cut {
                    mark = traced.mark();
                }
                // Steps of 0 repeat an origin (an expansion), 1 continues the run, more skip,
                // and negative ones go back (as line rules never do, but chars steps may).
                origin = (i64::from(origin) + step).max(0) as u32;
                Sink::push(&mut aligned, c, origin);
                traced.push(c, origin);
            }
            prop_assert_eq!(traced.as_str(), aligned.text());
            prop_assert_eq!(traced.clone().into_parts().1, aligned.offset_map());
            prop_assert_eq!(&traced.to_aligned(), &aligned);
            prop_assert_eq!(&Traced::from_aligned(&aligned), &traced);
            // Copying any range char by char and with `copy_into` gives the same.
            let n = aligned.chars.len() as u32;
            let (from, len) = ((cut as u32).min(n), (n - (cut as u32).min(n)) / 2 + 1);
            let len = len.min(n - from);
            let (mut one_by_one, mut copied) = (Traced::default(), Traced::default());
            one_by_one.push('-', 7);
            copied.push('-', 7);
            let mut origins = traced.origins();
            for i in from..from + len {
                one_by_one.push(aligned.chars[i as usize], origins.at(i));
            }
            let bytes: String = aligned.chars[from as usize..(from + len) as usize].iter().collect();
            traced.origins().copy_into(&bytes, from, len, &mut copied);
            copied.push_run("yz", 2, 50);
            one_by_one.push('y', 50);
            one_by_one.push('z', 51);
            prop_assert_eq!(&copied, &one_by_one);
            if cut < pushes.len() {
                traced.truncate(mark);
                aligned.chars.truncate(cut);
                aligned.origin.truncate(cut);
                prop_assert_eq!(traced.as_str(), aligned.text());
                prop_assert_eq!(traced.clone().into_parts().1, aligned.offset_map());
                // Pushing after a truncation continues from the mark's run.
                traced.push('x', 99);
                Sink::push(&mut aligned, 'x', 99);
                prop_assert_eq!(traced.into_parts().1, aligned.offset_map());
            }
        }
    }
}
