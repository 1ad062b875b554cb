//! Near-duplicate settings and the comparison of two sketches: shared by the enrich stage,
//! which sketches each document, and the corpus steps, which cluster the sketches.

use serde::{Deserialize, Serialize};

use crate::Sketch;

/// `[enrich.dedup]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DedupConfig {
    /// Sketch documents and cluster near-duplicates.
    pub near_duplicates: bool,
    /// Words per shingle.
    pub shingle_words: usize,
    /// Bins per sketch (memory: 4 bytes × bins per document for the run).
    pub bins: usize,
    /// Estimated share of the smaller document's shingles found in the other, to call two
    /// documents near-duplicates.
    pub min_containment: f64,
    /// Estimated Jaccard similarity needed as well.
    pub min_jaccard: f64,
    /// Bins that must agree as well (guards against chance matches).
    pub min_equal_bins: u32,
    /// Bin minima shared by more documents than this are boilerplate, not evidence.
    pub max_bucket: usize,
    /// A sentence found in at least this many documents is marked `boilerplate`.
    pub boilerplate_min_docs: u32,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            near_duplicates: true,
            shingle_words: 5,
            bins: 64,
            min_containment: 0.2,
            min_jaccard: 0.08,
            min_equal_bins: 4,
            max_bucket: 64,
            boilerplate_min_docs: 5,
        }
    }
}

/// How alike two sketches are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Bins whose minimum is the same in both.
    pub equal_bins: u32,
    /// Estimated Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Estimated share of the smaller document's shingles found in the other.
    pub containment: f64,
}

/// Compares two sketches.
#[must_use]
pub fn similarity(a: &Sketch, b: &Sketch) -> Similarity {
    let (mut both, mut equal) = (0u32, 0u32);
    // Without branches, so that the compiler compares several bins at once (clustering calls
    // this for every candidate pair).
    for (&x, &y) in a.bins.iter().zip(&b.bins) {
        let set = u32::from(x != u32::MAX) & u32::from(y != u32::MAX);
        both += set;
        equal += set & u32::from(x == y);
    }
    if both == 0 {
        return Similarity { equal_bins: 0, jaccard: 0.0, containment: 0.0 };
    }
    let j = f64::from(equal) / f64::from(both);
    let (na, nb) = (f64::from(a.shingles), f64::from(b.shingles));
    let containment = (j * (na + nb) / ((1.0 + j) * na.min(nb))).min(1.0);
    Similarity { equal_bins: equal, jaccard: j, containment }
}

impl DedupConfig {
    /// Whether two sketches are near-duplicates: enough bins agree (so one chance match between
    /// a short and a long text is not evidence), the Jaccard estimate reaches `min-jaccard`, and
    /// the containment estimate reaches `min-containment`.
    #[must_use]
    pub fn alike(&self, a: &Sketch, b: &Sketch) -> bool {
        let s = similarity(a, b);
        s.equal_bins >= self.min_equal_bins && s.jaccard >= self.min_jaccard && s.containment >= self.min_containment
    }
}

/// Sentences held by two documents or more, with how many, sorted by fingerprint: what
/// `sentences.duplicate_count` and `boilerplate` are filled from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceRepeats(Vec<(u64, u32)>);

impl SentenceRepeats {
    /// From `(fingerprint, documents)` pairs sorted by fingerprint, each fingerprint once.
    #[must_use]
    pub fn from_sorted(pairs: Vec<(u64, u32)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0), "sorted, each fingerprint once");
        Self(pairs)
    }

    /// Documents holding the sentence with this fingerprint (1 when it is not repeated).
    #[must_use]
    pub fn documents(&self, fingerprint: u64) -> u32 {
        self.0.binary_search_by_key(&fingerprint, |&(f, _)| f).map_or(1, |i| self.0[i].1)
    }

    /// Distinct sentences repeated.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no sentence is repeated.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
