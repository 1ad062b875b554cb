//! Near-duplicate documents: a `MinHash` sketch per document (clustered across the corpus by
//! `khabar-corpus`).
//!
//! ## What it does
//! Each document's text is cut into shingles of `shingle-words` consecutive folded words. One
//! hash per shingle goes into one of `bins` bins, which keeps its minimum (one-permutation
//! `MinHash`). Across the corpus, documents that share a bin minimum are candidates; a candidate
//! pair is kept when the estimated *containment* (the share of the smaller document's shingles
//! found in the other) reaches `min-containment`. Kept pairs are joined into clusters whose
//! representative is the cluster's first document in input order.
//!
//! ## Why containment, not Jaccard
//! Syndicated stories are often one agency text cut or extended by each site: seeds 001 and 004
//! share 30% of the shorter one's 5-word shingles but only 14% by Jaccard, while unrelated
//! articles on the same war share under 1%.
//!
//! ## Known limitations
//! A bin minimum shared by more than `max-bucket` documents (boilerplate) is not used as
//! evidence. Estimates from 64 bins are coarse near the threshold.

use khabar_core::Sketch;
pub use khabar_core::dedup::{DedupConfig, Similarity, similarity};
use khabar_core::text::folded_word_hashes;

/// splitmix64's finalizer: spreads FNV's bits so bins and minima are independent.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The sketch of `text`, or `None` when sketching is off.
#[must_use]
pub fn sketch(text: &str, config: &DedupConfig) -> Option<Sketch> {
    sketch_of_words(&folded_word_hashes(text), config)
}

/// The sketch of a text whose folded words hash to `words` (`fnv1a64` of each, in order), or
/// `None` when sketching is off.
#[must_use]
pub fn sketch_of_words(words: &[u64], config: &DedupConfig) -> Option<Sketch> {
    if !config.near_duplicates || config.bins == 0 {
        return None;
    }
    let n = config.shingle_words.max(1);
    // A shingle's hash combines its words' hashes in order (no strings are built).
    let shingle = |w: &[u64]| mix(w.iter().fold(0x9e37_79b9_7f4a_7c15_u64, |h, &x| mix(h ^ x)));
    let mut hashes: Vec<u64> =
        if words.len() <= n { vec![shingle(words)] } else { words.windows(n).map(shingle).collect() };
    hashes.sort_unstable();
    hashes.dedup();
    let mut bins = vec![u32::MAX; config.bins];
    for h in &hashes {
        let bin = (h % config.bins as u64) as usize;
        let value = (h >> 32) as u32;
        bins[bin] = bins[bin].min(value);
    }
    Some(Sketch { bins, shingles: hashes.len() as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "وقالت قوات سوريا الديمقراطية إنها أسرت مئات في الأسابيع الماضية ممن حاولوا التسلل والهرب للعراق أو عبر نهر الفرات إلى الصحراء السورية وفي النهاية حوصر المتبقون من التنظيم في معسكر صغير يمتلئ بالمركبات الصدئة ومناطق الإقامة المؤقتة على ضفة الفرات";

    #[test]
    fn seeds_001_and_004_are_alike_and_other_seed_pairs_are_not() {
        let config = DedupConfig::default();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("data").map(|e| e.expect("entry").path()).collect();
        files.sort();
        let sketches: Vec<Sketch> =
            files.iter().map(|f| sketch(&std::fs::read_to_string(f).expect("seed"), &config).expect("on")).collect();
        for i in 0..sketches.len() {
            for j in i + 1..sketches.len() {
                let s = similarity(&sketches[i], &sketches[j]);
                let want = (i, j) == (1, 4);
                assert_eq!(config.alike(&sketches[i], &sketches[j]), want, "seeds {i} and {j}: {s:?}");
            }
        }
    }

    #[test]
    fn sketches_are_deterministic_and_off_when_disabled() {
        let config = DedupConfig::default();
        assert_eq!(sketch(STORY, &config), sketch(STORY, &config));
        assert_eq!(sketch(STORY, &DedupConfig { near_duplicates: false, ..config }), None);
    }
}
