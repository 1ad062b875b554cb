//! A per-thread cache, by token text, of what tagging derives from a token alone: its analysis
//! ([`super::features::analyze`]) and the scores of the features that analysis alone decides
//! ([`super::model::WordScores`]).
//!
//! ## Why
//! News text repeats its words. With 65,536 slots (560 bytes each: 35 MiB per tagging thread,
//! fewer slots when more than 7 threads tag; see [`BUDGET_BYTES`]),
//! 90% of the tokens of the ANT news corpus hit the cache (`ner_bench --only news` prints the
//! rate; 68% with 4096 slots), and for those
//! the tagger skips folding, clitic splitting, the cluster and gazetteer lookups, and all but
//! about 5 of some 45 weight lookups. The weights are tens of megabytes probed at random,
//! so each lookup saved is mostly a cache miss saved: on the ANT corpus, one thread, the whole
//! run took 56.5 G cycles with 4096 slots and 49–50 G with 65,536.
//!
//! ## Why it cannot change a tag
//! An analysis is a function of the token text and the model's gazetteer and clusters, and the
//! scores a function of the analysis and the model's weights; all are fixed once a model is
//! assembled. An entry is used only for the same text (compared in full, not by hash) under the
//! same model ([`TokenCache::for_model`]).

use super::features::TokInfo;
use super::model::WordScores;

/// What the cache holds for a token.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Analysis {
    pub(super) info: TokInfo,
    pub(super) scores: WordScores,
}

/// Most slots a thread's cache has (direct-mapped by token hash).
const MAX_SLOTS: usize = 65536;
/// Fewest slots a thread's cache has.
const MIN_SLOTS: usize = 4096;
/// Memory the caches of all the pool's threads may take together: with many threads each
/// cache gets fewer slots (a power of two between [`MIN_SLOTS`] and [`MAX_SLOTS`]), so that
/// memory does not grow with the core count. Up to 7 threads get the most.
const BUDGET_BYTES: usize = 256 << 20;

/// Slots per thread when `threads` threads tag at once.
fn slots_per_thread(threads: usize) -> usize {
    let fit = BUDGET_BYTES / threads.max(1) / std::mem::size_of::<Slot>();
    let power = if fit == 0 { 0 } else { 1 << (usize::BITS - 1 - fit.leading_zeros()) };
    power.clamp(MIN_SLOTS, MAX_SLOTS)
}
/// Longest token (in bytes) the cache holds; longer ones are rare and analyzed each time.
const MAX_TEXT: usize = 32;

/// One cached analysis.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Length of the token text (0: slot unused).
    len: u8,
    text: [u8; MAX_TEXT],
    analysis: Analysis,
}

impl Default for Slot {
    fn default() -> Self {
        Slot { len: 0, text: [0; MAX_TEXT], analysis: Analysis::default() }
    }
}

/// Analyses of recently tagged tokens, for one model.
#[derive(Debug, Default)]
pub(super) struct TokenCache {
    /// The model the entries were computed with (0: none yet).
    model: u64,
    slots: Vec<Slot>,
    /// `slots.len() - 1` (the length is a power of two).
    mask: usize,
    /// Lookups and hits since the thread's first (for [`super::word_cache_stats`]).
    pub(super) lookups: u64,
    pub(super) hits: u64,
}

impl TokenCache {
    /// Prepares the cache for tagging with model `id`, dropping entries of any other model. A
    /// new cache is sized for the number of threads of the current rayon pool.
    pub(super) fn for_model(&mut self, id: u64) {
        if self.model != id || self.slots.is_empty() {
            let n =
                if self.slots.is_empty() { slots_per_thread(rayon::current_num_threads()) } else { self.slots.len() };
            self.slots.clear();
            self.slots.resize(n, Slot::default());
            self.mask = n - 1;
            self.model = id;
        }
    }

    fn slot(&self, hash: u64) -> usize {
        ((hash >> 32) ^ hash) as usize & self.mask
    }

    /// The analysis of `text` (whose FNV hash is `hash`), if cached.
    pub(super) fn get(&mut self, hash: u64, text: &str) -> Option<&Analysis> {
        self.lookups += 1;
        let slot = self.slots.get(self.slot(hash))?;
        let len = usize::from(slot.len);
        let hit = len != 0 && slot.text[..len] == *text.as_bytes();
        self.hits += u64::from(hit);
        hit.then_some(&slot.analysis)
    }

    /// Remembers the analysis of `text`, replacing whatever shared its slot.
    pub(super) fn insert(&mut self, hash: u64, text: &str, analysis: &Analysis) {
        let bytes = text.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_TEXT {
            return;
        }
        let i = self.slot(hash);
        let Some(slot) = self.slots.get_mut(i) else { return };
        slot.len = bytes.len() as u8;
        slot.text[..bytes.len()].copy_from_slice(bytes);
        slot.analysis = *analysis;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::hash_str;

    #[test]
    fn returns_only_what_was_stored_for_the_same_text_and_model() {
        let mut cache = TokenCache::default();
        cache.for_model(7);
        let info = Analysis { info: TokInfo { raw: 42, ..TokInfo::default() }, ..Analysis::default() };
        let text = "والمتحدة";
        assert!(cache.get(hash_str(text), text).is_none());
        cache.insert(hash_str(text), text, &info);
        assert_eq!(cache.get(hash_str(text), text).map(|a| a.info.raw), Some(42));
        // Same slot (same hash), other text: not a hit.
        assert!(cache.get(hash_str(text), "المتحدة").is_none());
        // Too long to hold: never a hit.
        let long = "ا".repeat(MAX_TEXT);
        cache.insert(hash_str(&long), &long, &info);
        assert!(cache.get(hash_str(&long), &long).is_none());
        // Same model: kept; another model: dropped.
        cache.for_model(7);
        assert!(cache.get(hash_str(text), text).is_some());
        cache.for_model(8);
        assert!(cache.get(hash_str(text), text).is_none());
    }

    #[test]
    fn many_threads_share_a_memory_budget() {
        assert_eq!(slots_per_thread(1), MAX_SLOTS);
        assert_eq!(slots_per_thread(7), MAX_SLOTS);
        assert_eq!(slots_per_thread(8), MAX_SLOTS / 2);
        assert_eq!(slots_per_thread(10_000), MIN_SLOTS);
        for threads in 1..200 {
            let n = slots_per_thread(threads);
            assert!(n.is_power_of_two());
            assert!(n == MIN_SLOTS || n * std::mem::size_of::<Slot>() * threads <= BUDGET_BYTES, "{threads} threads");
        }
    }
}
