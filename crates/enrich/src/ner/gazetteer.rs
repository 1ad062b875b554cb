//! The embedded gazetteer (`gazetteer.txt`): names and trigger words by class.
//!
//! Entries are folded and hashed as token sequences; matching walks the folded token hashes
//! of a sentence, so no strings are built at tag time.

use super::hash::{KeyIndex, combine, hash_str, word_key};
use super::model::{ModelError, Reader, Writer};

/// The gazetteer source, compiled in.
pub(super) const GAZETTEER_TXT: &str = include_str!("gazetteer.txt");

/// Gazetteer classes, one bit each.
pub(super) const CLASSES: [&str; 13] =
    ["COUNTRY", "CITY", "REGION", "ORG", "FIRST", "LAST", "PERSON", "MISC", "T_PER", "T_LOC", "T_ORG", "T_MISC", "NAT"];

/// Index of the nationality class.
const NAT: usize = 12;

/// Index of the first trigger class in [`CLASSES`].
pub(super) const FIRST_TRIGGER: usize = 8;

/// Longest entry, in tokens, that matching tries.
const MAX_LEN: usize = 5;

/// Not a class: marks the key of a token sequence that begins a longer entry, so that matching
/// stops extending a sequence that no entry continues (model format 3 on).
const PREFIX: u16 = 1 << 15;

/// Folded, hashed gazetteer.
#[derive(Clone, Debug, Default)]
pub(super) struct Gazetteer {
    /// Key → class bits, with [`PREFIX`] on a key that begins a longer entry (a sequence that
    /// is only such a beginning has that bit alone).
    index: KeyIndex<u16>,
    /// The keys of entries and of those beginnings, strictly increasing.
    keys: Vec<u32>,
    /// Their bits, parallel to `keys`.
    classes: Vec<u16>,
    /// Longest entry in tokens.
    max_len: usize,
    /// Keys that begin longer entries carry [`PREFIX`] (false for models older than format 3).
    marks_prefixes: bool,
}

impl Gazetteer {
    /// Parses [`GAZETTEER_TXT`].
    pub(super) fn builtin() -> Self {
        Self::parse(GAZETTEER_TXT)
    }

    pub(super) fn parse(text: &str) -> Self {
        // Deterministic build: collect (key, class bits), sort, merge duplicates.
        let mut entries: Vec<(u32, u16, usize)> = Vec::new();
        let mut class: Option<usize> = None;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                class = CLASSES.iter().position(|c| *c == name);
                continue;
            }
            let Some(c) = class else { continue };
            for entry in line.split('|') {
                let folded = khabar_core::text::fold(entry.trim());
                let forms: Vec<String> = if c == NAT && !folded.contains(' ') {
                    // Nisba forms: ي → يه, ال…, …ون, …ين.
                    ["", "ه", "ون", "ين"]
                        .iter()
                        .flat_map(|suffix| [format!("{folded}{suffix}"), format!("ال{folded}{suffix}")])
                        .collect()
                } else {
                    vec![folded]
                };
                for form in &forms {
                    let toks: Vec<&str> = form.split_whitespace().collect();
                    if toks.is_empty() || toks.len() > MAX_LEN {
                        continue;
                    }
                    let hashes: Vec<u64> = toks.iter().map(|t| hash_str(t)).collect();
                    for len in 1..hashes.len() {
                        entries.push((word_key(seq_hash(hashes[..len].iter().copied())), PREFIX, len));
                    }
                    entries.push((word_key(seq_hash(hashes.into_iter())), 1 << c, toks.len()));
                }
            }
        }
        entries.sort_unstable();
        let mut keys: Vec<u32> = Vec::new();
        let mut classes: Vec<u16> = Vec::new();
        let mut max_len = 1;
        for (k, bits, len) in entries {
            max_len = max_len.max(len);
            if keys.last() == Some(&k) {
                if let Some(last) = classes.last_mut() {
                    *last |= bits;
                }
            } else {
                keys.push(k);
                classes.push(bits);
            }
        }
        let index = KeyIndex::build(keys.iter().copied().zip(classes.iter().copied()));
        Gazetteer { index, keys, classes, max_len, marks_prefixes: true }
    }

    pub(super) fn write(&self, w: &mut Writer) {
        w.varint(self.max_len as u64);
        w.keyed_values(self.keys.iter().zip(&self.classes).map(|(&k, &c)| (k, u64::from(c))));
    }

    /// Reads what [`Gazetteer::write`] wrote; `marks_prefixes` says whether the writer marked
    /// the keys that begin longer entries (model format 3 on).
    pub(super) fn read(r: &mut Reader<'_>, marks_prefixes: bool) -> Result<Self, ModelError> {
        let max_len = r.varint()? as usize;
        if max_len == 0 || max_len > MAX_LEN {
            return Err(ModelError::Corrupt("gazetteer entry length"));
        }
        let (keys, classes): (Vec<u32>, Vec<u16>) = r
            .keyed_values()?
            .into_iter()
            .map(|(k, c)| Ok((k, u16::try_from(c).map_err(|_| ModelError::Corrupt("gazetteer class bits"))?)))
            .collect::<Result<Vec<_>, ModelError>>()?
            .into_iter()
            .unzip();
        let index = KeyIndex::build(keys.iter().copied().zip(classes.iter().copied()));
        Ok(Gazetteer { index, keys, classes, max_len, marks_prefixes })
    }

    /// Class bits of the token sequence whose hash (see [`seq_hash`]) is `h`; 0 if absent.
    pub(super) fn lookup(&self, h: u64) -> u16 {
        self.lookup_seq(h).0
    }

    /// Class bits of the token sequence whose hash is `h`, and whether some longer entry may
    /// begin with it (always true when the gazetteer does not mark prefixes).
    pub(super) fn lookup_seq(&self, h: u64) -> (u16, bool) {
        let bits = self.index.get(word_key(h)).unwrap_or(0);
        (bits & !PREFIX, !self.marks_prefixes || bits & PREFIX != 0)
    }

    /// Longest entry in tokens.
    pub(super) fn max_len(&self) -> usize {
        self.max_len
    }
}

/// Hash of a token sequence from its tokens' FNV hashes (a one-token sequence hashes to the
/// token's own hash).
pub(super) fn seq_hash(mut hashes: impl Iterator<Item = u64>) -> u64 {
    let Some(first) = hashes.next() else { return 0 };
    hashes.fold(first, combine)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_bit(name: &str) -> u16 {
        1 << CLASSES.iter().position(|c| *c == name).unwrap()
    }

    #[test]
    fn builtin_has_countries_and_multiword_orgs() {
        let g = Gazetteer::builtin();
        let h = |s: &str| {
            let f = khabar_core::text::fold(s);
            seq_hash(f.split_whitespace().map(hash_str))
        };
        assert_ne!(g.lookup(h("تركيا")) & class_bit("COUNTRY"), 0);
        assert_ne!(g.lookup(h("الأمم المتحدة")) & class_bit("ORG"), 0);
        assert_ne!(g.lookup(h("بغداد")) & class_bit("CITY"), 0);
        assert_eq!(g.lookup(h("ذهب")), 0);
        assert_ne!(g.lookup(h("الفرنسية")) & class_bit("NAT"), 0);
        assert!(g.max_len() >= 3);
    }

    #[test]
    fn prefixes_of_longer_entries_are_marked_and_are_not_classes() {
        let g = Gazetteer::builtin();
        let h = |s: &str| seq_hash(khabar_core::text::fold(s).split_whitespace().map(hash_str));
        // "الأمم" begins "الأمم المتحدة" and is no entry itself.
        assert_eq!(g.lookup_seq(h("الأمم")), (0, true));
        let (bits, longer) = g.lookup_seq(h("تنظيم الدولة"));
        assert_ne!(bits & class_bit("ORG"), 0, "an entry that begins a longer one");
        assert!(longer, "تنظيم الدولة الإسلامية is longer");
        assert_eq!(g.lookup_seq(h("قوات سوريا")), (0, true));
        assert_eq!(g.lookup_seq(h("ذهب")), (0, false));
        assert_eq!(g.lookup_seq(h("الأمم المتحدة ذهب")), (0, false));
    }
}
