//! Stable, content-derived IDs (CONTRACT.md, "Stable IDs").
//!
//! ## Scheme `khabar-id-v1`
//!
//! An ID is the first 16 bytes of a BLAKE3 hash, written as 32 lowercase hex characters.
//! The hash input is a sequence of fields, each written as its length in bytes
//! (little-endian `u64`) followed by its bytes, so no two field lists collide:
//!
//! | ID | fields |
//! |---|---|
//! | `doc_id` | `"doc"`, scheme, decoded text (before normalization) |
//! | `sentence_id` | `"sentence"`, scheme, `doc_id`, sentence text, occurrence |
//! | `mention_id` | `"mention"`, scheme, `sentence_id`, mention text, label, occurrence |
//! | `date_id` | `"date"`, scheme, `sentence_id`, expression text, occurrence |
//! | `entity_id` | `"entity"`, scheme, label, canonical name |
//!
//! *occurrence* is the decimal count of earlier identical siblings under the same parent
//! (0 for the first), so two identical sentences in one document get distinct IDs while an
//! edit elsewhere in the document renumbers nothing. Offsets, paths, run order and the rest of
//! the corpus never enter an ID. Changing any of this bumps [`ID_SCHEME`].
use std::fmt;

/// Name of the ID scheme; part of every hash and written in every file footer.
pub const ID_SCHEME: &str = "khabar-id-v1";

/// Number of hash bytes kept in an ID (hex-encoded to twice as many characters).
const ID_BYTES: usize = 16;

/// Lowercase hex of `bytes`: the one hex encoder of the project (IDs, file hashes).
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().flat_map(|&b| hex_pair(b).map(char::from)).collect()
}

/// The two lowercase hex digits of `b`.
fn hex_pair(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0x0f)]]
}

/// The ID of a field list: the first [`ID_BYTES`] of its BLAKE3 hash, as lowercase hex.
fn hash_fields(fields: &[&[u8]]) -> [u8; 2 * ID_BYTES] {
    // The length-prefixed fields are gathered into a buffer and handed to the hasher a buffer
    // at a time: the hash of a byte stream does not depend on how it is split, and each
    // `update` call costs something of its own (an ID has up to six fields of a few bytes).
    const GATHER: usize = 1024;
    let mut hasher = blake3::Hasher::new();
    let mut buf = [0u8; GATHER];
    let mut len = 0;
    for field in fields {
        let prefix = (field.len() as u64).to_le_bytes();
        let need = prefix.len() + field.len();
        if len + need > GATHER {
            hasher.update(&buf[..len]);
            len = 0;
        }
        if need <= GATHER {
            buf[len..len + prefix.len()].copy_from_slice(&prefix);
            buf[len + prefix.len()..len + need].copy_from_slice(field);
            len += need;
        } else {
            hasher.update(&prefix);
            hasher.update(field);
        }
    }
    hasher.update(&buf[..len]);
    let mut out = [0u8; 2 * ID_BYTES];
    for (pair, &b) in out.chunks_exact_mut(2).zip(&hasher.finalize().as_bytes()[..ID_BYTES]) {
        pair.copy_from_slice(&hex_pair(b));
    }
    out
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Held inline (32 ASCII hex bytes), so rows carry their IDs without allocating.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; 2 * ID_BYTES]);

        impl $name {
            /// The ID as 32 hex characters.
            #[must_use]
            pub fn as_str(&self) -> &str {
                std::str::from_utf8(&self.0).expect("IDs are ASCII hex by construction")
            }

            /// The ID's 16 bytes as one number: a compact key for sets and maps that hold
            /// an ID per document of a corpus (`format!("{:032x}", id.bits())` is the ID).
            #[must_use]
            pub fn bits(&self) -> u128 {
                u128::from_str_radix(self.as_str(), 16).expect("IDs are 32 hex digits by construction")
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                let bytes: [u8; 2 * ID_BYTES] = text
                    .as_bytes()
                    .try_into()
                    .ok()
                    .filter(|b: &[u8; 2 * ID_BYTES]| b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')))
                    .ok_or_else(|| serde::de::Error::custom(format!("not an ID: {text:?}")))?;
                Ok(Self(bytes))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }
    };
}

id_type!(
    /// ID of a document: a hash of its decoded text.
    DocId
);
id_type!(
    /// ID of a sentence: its document, its text and its occurrence among identical sentences.
    SentenceId
);
id_type!(
    /// ID of one entity mention.
    MentionId
);
id_type!(
    /// ID of a canonical entity: its label and canonical name.
    EntityId
);
id_type!(
    /// ID of one date expression.
    DateId
);

impl DocId {
    /// The ID of a document whose decoded text (before normalization) is `text`.
    #[must_use]
    pub fn from_text(text: &str) -> Self {
        Self(hash_fields(&[b"doc", ID_SCHEME.as_bytes(), text.as_bytes()]))
    }
}

impl SentenceId {
    /// The ID of the `occurrence`-th sentence with this text in document `doc`.
    #[must_use]
    pub fn new(doc: &DocId, text: &str, occurrence: u32) -> Self {
        Self(hash_fields(&[
            b"sentence",
            ID_SCHEME.as_bytes(),
            &doc.0,
            text.as_bytes(),
            itoa::Buffer::new().format(occurrence).as_bytes(),
        ]))
    }
}

impl MentionId {
    /// The ID of the `occurrence`-th mention with this text and label in sentence `sentence`.
    #[must_use]
    pub fn new(sentence: &SentenceId, text: &str, label: &str, occurrence: u32) -> Self {
        Self(hash_fields(&[
            b"mention",
            ID_SCHEME.as_bytes(),
            &sentence.0,
            text.as_bytes(),
            label.as_bytes(),
            itoa::Buffer::new().format(occurrence).as_bytes(),
        ]))
    }
}

impl DateId {
    /// The ID of the `occurrence`-th date expression with this text in sentence `sentence`.
    #[must_use]
    pub fn new(sentence: &SentenceId, text: &str, occurrence: u32) -> Self {
        Self(hash_fields(&[
            b"date",
            ID_SCHEME.as_bytes(),
            &sentence.0,
            text.as_bytes(),
            itoa::Buffer::new().format(occurrence).as_bytes(),
        ]))
    }
}

impl EntityId {
    /// The ID of the entity with this label and canonical name.
    #[must_use]
    pub fn new(label: &str, canonical: &str) -> Self {
        Self(hash_fields(&[b"entity", ID_SCHEME.as_bytes(), label.as_bytes(), canonical.as_bytes()]))
    }
}

/// Counts identical siblings so each gets its occurrence number, in document order.
///
/// Keys are compared by value; the map is only read back per key, never iterated, so its hash
/// reaches no output. It is aHash: a sentence's key is its whole text, which the default
/// `SipHash` was slow to hash. A key may borrow from the document (`&str`), so counting copies
/// nothing.
#[derive(Debug)]
pub struct OccurrenceCounter<K = String> {
    seen: std::collections::HashMap<K, u32, std::hash::BuildHasherDefault<ahash::AHasher>>,
}

impl<K> Default for OccurrenceCounter<K> {
    fn default() -> Self {
        Self { seen: std::collections::HashMap::default() }
    }
}

impl<K: std::hash::Hash + Eq> OccurrenceCounter<K> {
    /// Returns how many times `key` was seen before, and records this sighting.
    pub fn next(&mut self, key: K) -> u32 {
        let slot = self.seen.entry(key).or_insert(0);
        let n = *slot;
        *slot += 1;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Gathering fields into a buffer hashes the same stream as handing each length and
        /// field to the hasher on its own, whatever the sizes (fields larger than the buffer,
        /// and lists that fill it exactly or overflow it, included).
        #[test]
        fn gathered_fields_hash_as_written_one_by_one(
            fields in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..2100), 0..6),
        ) {
            let mut hasher = blake3::Hasher::new();
            for field in &fields {
                hasher.update(&(field.len() as u64).to_le_bytes());
                hasher.update(field);
            }
            let want = hex(&hasher.finalize().as_bytes()[..ID_BYTES]);
            let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
            let got = hash_fields(&fields);
            proptest::prop_assert_eq!(std::str::from_utf8(&got).expect("hex"), want);
        }
    }

    #[test]
    fn bits_round_trip_to_the_hex_id() {
        let doc = DocId::from_text("قسد");
        assert_eq!(format!("{:032x}", doc.bits()), doc.as_str());
    }

    /// Known-answer test: these literal IDs are the contract (cross-checked with Python's
    /// `blake3` package, see README "Stable IDs"). If this fails, the scheme changed
    /// and `ID_SCHEME` must be bumped (and the changelog noted).
    #[test]
    fn known_answers() {
        let doc = DocId::from_text("قسد");
        assert_eq!(doc.as_str(), "e64445423a1f1a75a23a62ae375cf010");
        let sentence = SentenceId::new(&doc, "قسد", 0);
        assert_eq!(sentence.as_str(), "4b0ac73d2528c2da5c33ec933f78e4d6");
        assert_eq!(EntityId::new("ORG", "قوات سوريا الديمقراطية").as_str(), "81c9286d58bc594ddf207ff2270133cd");
    }

    #[test]
    fn occurrence_is_hashed_as_its_decimal_text() {
        // The scheme written out by hand for a two-digit occurrence.
        let doc = DocId::from_text("x");
        let mut hasher = blake3::Hasher::new();
        for field in [&b"sentence"[..], ID_SCHEME.as_bytes(), doc.as_str().as_bytes(), "s".as_bytes(), b"12"] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field);
        }
        assert_eq!(SentenceId::new(&doc, "s", 12).as_str(), hex(&hasher.finalize().as_bytes()[..ID_BYTES]));
    }

    #[test]
    fn fields_are_length_prefixed() {
        // "ab" + "c" and "a" + "bc" must not collide.
        let doc = DocId::from_text("x");
        assert_ne!(SentenceId::new(&doc, "ab", 0), SentenceId::new(&doc, "a", 0));
        assert_ne!(
            MentionId::new(&SentenceId::new(&doc, "s", 0), "ab", "c", 0),
            MentionId::new(&SentenceId::new(&doc, "s", 0), "a", "bc", 0)
        );
    }

    #[test]
    fn occurrences_distinguish_identical_siblings() {
        let doc = DocId::from_text("x");
        assert_ne!(SentenceId::new(&doc, "s", 0), SentenceId::new(&doc, "s", 1));
        let mut counter = OccurrenceCounter::default();
        assert_eq!(counter.next("a"), 0);
        assert_eq!(counter.next("b"), 0);
        assert_eq!(counter.next("a"), 1);
    }

    proptest::proptest! {
        #[test]
        fn ids_depend_only_on_content(text in ".*") {
            let a = DocId::from_text(&text);
            let b = DocId::from_text(&text.clone());
            proptest::prop_assert_eq!(a.as_str().len(), 32);
            proptest::prop_assert!(a.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
            proptest::prop_assert_eq!(a, b);
        }
    }
}
