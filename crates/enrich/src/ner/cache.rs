//! A per-thread cache, by token text, of what tagging derives from a token alone: its analysis
//! ([`super::features::analyze`]) and the scores of the features that analysis alone decides
//! ([`super::model::WordScores`]).
//!
//! ## Why
//! News text repeats its words. With 131,072 slots (552 bytes each: 69 MiB per tagging thread,
//! fewer slots when more than 3 threads tag; see [`BUDGET_BYTES`]),
//! 93% of the tokens of the ANT news corpus hit the cache (`ner_bench --only news` prints the
//! rate; 90% with 65,536 slots, 68% with 4096), and for those
//! the tagger skips folding, clitic splitting, the cluster and gazetteer lookups, and all but
//! about 5 of some 45 weight lookups. The weights are tens of megabytes probed at random,
//! so each lookup saved is mostly a cache miss saved: on the ANT corpus, one thread, the whole
//! run took 56.5 G cycles with 4096 slots and 49–50 G with 65,536 (an earlier build). The
//! tagger asks for the
//! lines of a sentence's cached tokens before it uses the first ([`TokenCache::prefetch`]), so
//! their misses overlap.
//!
//! ## Why it cannot change a tag
//! An analysis is a function of the token text and the model's gazetteer and clusters, and the
//! scores a function of the analysis and the model's weights; all are fixed once a model is
//! assembled. An entry is used only for the same text (compared in full, not by hash) under the
//! same model ([`TokenCache::for_model`]).

use prefetch_index::prefetch_index;

use super::features::TokInfo;
use super::model::WordScores;

/// What the cache holds for a token.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Analysis {
    pub(super) info: TokInfo,
    pub(super) scores: WordScores,
}

/// Most slots a thread's cache has (direct-mapped by token hash).
const MAX_SLOTS: usize = 131_072;
/// Fewest slots a thread's cache has.
const MIN_SLOTS: usize = 4096;
/// Memory the caches of all the pool's threads may take together: with many threads each
/// cache gets fewer slots (a power of two between [`MIN_SLOTS`] and [`MAX_SLOTS`]), so that
/// memory does not grow with the core count. Up to 3 threads get the most.
const BUDGET_BYTES: usize = 256 << 20;

/// Bytes a slot takes, over the three arrays.
const SLOT_BYTES: usize = std::mem::size_of::<Key>() + std::mem::size_of::<Analysis>();
const _: () = assert!(SLOT_BYTES == 552, "the module docs and docs/ner.md give 552 bytes a slot");

/// Slots per thread when `threads` threads tag at once.
fn slots_per_thread(threads: usize) -> usize {
    let fit = BUDGET_BYTES / threads.max(1) / SLOT_BYTES;
    fit.checked_ilog2().map_or(0, |b| 1 << b).clamp(MIN_SLOTS, MAX_SLOTS)
}
/// Longest token (in bytes) the cache holds; longer ones are rare and analyzed each time.
const MAX_TEXT: usize = 31;

/// The token text a slot holds: 32 bytes, so a probe reads one cache line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(align(32))]
struct Key {
    /// Length of the token text (0: slot unused).
    len: u8,
    text: [u8; MAX_TEXT],
}

/// Analyses of recently tagged tokens, for one model.
///
/// The slots are three arrays: the keys (4 MiB at most, so a probe seldom leaves the
/// processor's caches), the analyses and the scores. [`TokenCache::prefetch`] asks for a
/// token's lines ahead of use, so a sentence's misses overlap instead of following one another.
#[derive(Debug, Default)]
pub(super) struct TokenCache {
    /// The model the entries were computed with (0: none yet).
    model: u64,
    keys: Vec<Key>,
    infos: Vec<TokInfo>,
    scores: Vec<WordScores>,
    /// Where an analysis too long to keep goes, for [`TokenCache::get_or_insert_with`] to lend.
    spare: Analysis,
    /// `keys.len() - 1` (the length is a power of two).
    mask: usize,
    /// Lookups and hits since the thread's first (for [`super::word_cache_stats`]).
    pub(super) lookups: u64,
    pub(super) hits: u64,
}

/// An analysis held by the cache, borrowed.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cached<'a> {
    pub(super) info: &'a TokInfo,
    pub(super) scores: &'a WordScores,
}

impl TokenCache {
    /// Prepares the cache for tagging with model `id`, dropping entries of any other model. A
    /// new cache is sized for the number of threads of the current rayon pool.
    pub(super) fn for_model(&mut self, id: u64) {
        if self.model != id || self.keys.is_empty() {
            let n = if self.keys.is_empty() { slots_per_thread(rayon::current_num_threads()) } else { self.keys.len() };
            self.reset(id, n);
        }
    }

    /// A cache of the fewest slots, for model `id`: for tagging that cannot use its thread's.
    pub(super) fn smallest(id: u64) -> Self {
        let mut cache = Self::default();
        cache.reset(id, MIN_SLOTS);
        cache
    }

    /// Empties the cache into `n` slots for model `id`.
    fn reset(&mut self, id: u64, n: usize) {
        self.keys.clear();
        self.keys.resize(n, Key::default());
        self.infos.clear();
        self.infos.resize(n, TokInfo::default());
        self.scores.clear();
        self.scores.resize(n, WordScores::default());
        self.mask = n - 1;
        self.model = id;
    }

    fn slot(&self, hash: u64) -> usize {
        ((hash >> 32) ^ hash) as usize & self.mask
    }

    fn holds(&self, i: usize, text: &str) -> bool {
        self.keys.get(i).is_some_and(|key| {
            let len = usize::from(key.len);
            len != 0 && key.text[..len] == *text.as_bytes()
        })
    }

    /// Asks the processor for the key line of the slot of `hash`, ahead of
    /// [`TokenCache::prefetch`].
    pub(super) fn prefetch_key(&self, hash: u64) {
        if !self.keys.is_empty() {
            prefetch_index(&self.keys, self.slot(hash));
        }
    }

    /// If `text` (whose hash is `hash`) is cached, asks the processor for its analysis and
    /// scores ahead of [`TokenCache::get_or_insert_with`]. Counts nothing.
    pub(super) fn prefetch(&self, hash: u64, text: &str) {
        let i = self.slot(hash);
        if self.holds(i, text) {
            self.infos[i].prefetch();
            self.scores[i].prefetch();
        }
    }

    /// The analysis of `text` (whose FNV hash is `hash`): the cached one, or `compute()`'s,
    /// which is then cached in place of whatever shared its slot.
    pub(super) fn get_or_insert_with(
        &mut self,
        hash: u64,
        text: &str,
        compute: impl FnOnce() -> Analysis,
    ) -> Cached<'_> {
        self.lookups += 1;
        let i = self.slot(hash);
        if self.holds(i, text) {
            self.hits += 1;
            return Cached { info: &self.infos[i], scores: &self.scores[i] };
        }
        let analysis = compute();
        let bytes = text.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_TEXT || i >= self.keys.len() {
            self.spare = analysis;
            return Cached { info: &self.spare.info, scores: &self.spare.scores };
        }
        let key = &mut self.keys[i];
        key.len = bytes.len() as u8;
        key.text[..bytes.len()].copy_from_slice(bytes);
        self.infos[i] = analysis.info;
        self.scores[i] = analysis.scores;
        Cached { info: &self.infos[i], scores: &self.scores[i] }
    }
}

/// Asks the processor to bring the cache line holding `*x` closer, without waiting for it: a
/// hint that changes no result.
#[inline]
pub(super) fn prefetch_ref<T>(x: &T) {
    prefetch_index(std::slice::from_ref(x), 0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash::hash_str;

    #[test]
    fn returns_only_what_was_stored_for_the_same_text_and_model() {
        let mut cache = TokenCache::default();
        cache.for_model(7);
        let analysis = |raw| Analysis { info: TokInfo { raw, ..TokInfo::default() }, ..Analysis::default() };
        let text = "والمتحدة";
        let (h, mut computed) = (hash_str(text), 0);
        let mut get = |cache: &mut TokenCache, h: u64, text: &str, raw: u64| {
            cache
                .get_or_insert_with(h, text, || {
                    computed += 1;
                    analysis(raw)
                })
                .info
                .raw
        };
        assert_eq!(get(&mut cache, h, text, 42), 42);
        // Cached: the analysis is not computed again.
        assert_eq!(get(&mut cache, h, text, 43), 42);
        // Same slot (same hash), other text: computed, and it takes the slot.
        assert_eq!(get(&mut cache, h, "المتحدة", 44), 44);
        assert_eq!(get(&mut cache, h, text, 45), 45);
        // Too long to hold: computed every time.
        let long = "ا".repeat(MAX_TEXT);
        assert_eq!(get(&mut cache, hash_str(&long), &long, 46), 46);
        assert_eq!(get(&mut cache, hash_str(&long), &long, 47), 47);
        // Same model: kept; another model: dropped.
        cache.for_model(7);
        assert_eq!(get(&mut cache, h, text, 48), 45);
        cache.for_model(8);
        assert_eq!(get(&mut cache, h, text, 49), 49);
        assert_eq!(computed, 6);
        assert_eq!((cache.hits, cache.lookups), (2, 8));
    }

    #[test]
    fn many_threads_share_a_memory_budget() {
        assert_eq!(slots_per_thread(1), MAX_SLOTS);
        assert_eq!(slots_per_thread(3), MAX_SLOTS);
        assert_eq!(slots_per_thread(4), MAX_SLOTS / 2);
        assert_eq!(slots_per_thread(10_000), MIN_SLOTS);
        for threads in 1..200 {
            let n = slots_per_thread(threads);
            assert!(n.is_power_of_two());
            assert!(n == MIN_SLOTS || n * SLOT_BYTES * threads <= BUDGET_BYTES, "{threads} threads");
        }
    }
}
