//! Near-duplicate clusters across the corpus, from the documents' `MinHash` sketches (made by
//! the enrich stage, `khabar_enrich::dedup::sketch`).
//!
//! Documents that share a bin minimum are candidates; a candidate pair is kept when
//! [`DedupConfig::alike`] holds. Kept pairs are joined into clusters whose representative is
//! the cluster's first document in input order. A bin minimum shared by more than
//! `max-bucket` documents (boilerplate) is not used as evidence.

use std::borrow::Cow;
use std::io;
use std::ops::Range;

use khabar_core::Sketch;
use khabar_core::dedup::DedupConfig;
use rayon::prelude::*;

/// Where clustering reads a corpus's sketches from. [`NearDuplicates`] holds them in memory; a
/// caller with more documents than memory allows keeps them elsewhere (the CLI spills them to a
/// file) and implements this.
pub trait SketchSource: Sync {
    /// Number of documents, sketched or not.
    fn docs(&self) -> usize;
    /// `(minimum, document)` for every document whose bin `bin` is not empty, in document order.
    fn column(&self, bin: usize) -> io::Result<Vec<(u32, u32)>>;
    /// The sketch of document `doc`, or `None` when it has none.
    fn sketch(&self, doc: u32) -> io::Result<Option<Cow<'_, Sketch>>>;
}

/// For each document of `source`, the index of its cluster's representative, or `None` when it
/// has no near-duplicate.
///
/// Clusters are stars, not chains: documents are taken in input order, and each joins the
/// earliest earlier document it is a near-duplicate of that leads a cluster; otherwise it
/// leads its own. So every member is a near-duplicate of its representative, and a run of
/// pairwise overlaps (A~B, B~C) does not pull unrelated A and C together.
///
/// The bins are searched for candidate pairs one after the other, each bin's buckets in parallel
/// on the current rayon pool (the pairs are sorted before use, so the result does not depend on
/// the thread count). Memory: a bin's
/// column at a time, and the distinct pairs found, at most [`PAIR_BUDGET`] of them: past that
/// (a corpus of many near-copies), the later documents are taken a range at a time, each range
/// searching every bin again for its own pairs.
pub fn clusters(config: &DedupConfig, source: &impl SketchSource) -> io::Result<Vec<Option<u32>>> {
    clusters_within(config, source, 1 << 16, PAIR_BUDGET)
}

/// Distinct near-duplicate pairs held at once, at most (8 bytes each: 64 MiB; the list grows
/// to twice that between deduplications). The generated benchmark corpus (370,000 documents,
/// 46% near-duplicates) has 6.4M, and is clustered in one pass.
pub const PAIR_BUDGET: usize = 8 << 20;

/// [`clusters`], deduplicating the pairs found once they are more than twice `from` (or twice
/// as many as after the last time), and going range by range when more than `budget` are
/// distinct.
fn clusters_within(
    config: &DedupConfig,
    source: &impl SketchSource,
    from: usize,
    budget: usize,
) -> io::Result<Vec<Option<u32>>> {
    let n = source.docs();
    // Documents are numbered in `u32` (pairs, leaders, columns).
    if u32::try_from(n).is_err() {
        return Err(io::Error::other(format!("{n} documents: near-duplicate clustering takes at most {}", u32::MAX)));
    }
    let mut leader: Vec<u32> = (0..n as u32).collect();
    // Later documents `lo..lo + span` at a time: all of them at first. The span of the next
    // range is sized from the pairs a document had in the last one (three quarters of the
    // budget's worth); a range whose pairs overflow the budget is searched again, smaller, as
    // its pairs so far suggest. A single document's pairs (at most `bins × max-bucket`) are
    // taken whatever the budget.
    let (mut lo, mut span) = (0, n);
    while lo < n {
        let range = lo as u32..n.min(lo.saturating_add(span)) as u32;
        let limit = if range.len() == 1 { usize::MAX } else { budget };
        let pairs = match pairs_of(config, source, &range, from, limit)? {
            Ok(pairs) => pairs,
            Err(Overflow { distinct, bins }) => {
                let estimate = distinct as f64 * config.bins as f64 / bins as f64;
                span = span_for(budget, estimate, range.len()).min(range.len() / 2).max(1);
                continue;
            }
        };
        // (later, earlier), sorted. Ranges go in document order and a pair's earlier document
        // comes first, so every leader looked up here is final.
        for group in pairs.chunk_by(|x, y| x.0 == y.0) {
            let doc = group[0].0;
            // `group` is sorted by the earlier document: the first leader found is the earliest.
            if let Some(&(_, lead)) = group.iter().find(|&&(_, a)| leader[a as usize] == a) {
                leader[doc as usize] = lead;
            }
        }
        lo = range.end as usize;
        span = span_for(budget, pairs.len() as f64, range.len());
    }
    let mut led = vec![false; n];
    for (i, &l) in leader.iter().enumerate() {
        if l as usize != i {
            led[l as usize] = true;
        }
    }
    Ok(leader.iter().enumerate().map(|(i, &l)| (l as usize != i || led[i]).then_some(l)).collect())
}

/// Later documents a range may hold to find about three quarters of `budget` pairs, where
/// `docs` documents had `pairs`.
fn span_for(budget: usize, pairs: f64, docs: usize) -> usize {
    if pairs < 1.0 {
        return usize::MAX;
    }
    (0.75 * budget as f64 * docs as f64 / pairs) as usize
}

/// More than the budget of distinct pairs: how many, after searching how many bins.
struct Overflow {
    distinct: usize,
    bins: usize,
}

/// The distinct near-duplicate pairs `(later, earlier)` whose later document is in `range`,
/// sorted, or [`Overflow`] once more than `budget` are distinct.
fn pairs_of(
    config: &DedupConfig,
    source: &impl SketchSource,
    range: &Range<u32>,
    from: usize,
    budget: usize,
) -> io::Result<Result<Vec<(u32, u32)>, Overflow>> {
    // A pair is found again in every bin its documents share, so the list is sorted and
    // deduplicated whenever it has doubled since the last time.
    let sorted = |mut pairs: Vec<(u32, u32)>| {
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    };
    // The bins one after the other, each searched by every thread: one bin's column is in
    // memory at a time (8 bytes a document), whatever the number of threads.
    let (mut pairs, mut distinct) = (Vec::new(), 0);
    for bin in 0..config.bins {
        pairs.extend(pairs_in_bin(config, source, bin, range)?);
        if pairs.len() > 2 * distinct.max(from) {
            pairs = sorted(pairs);
            distinct = pairs.len();
            if distinct > budget {
                return Ok(Err(Overflow { distinct, bins: bin + 1 }));
            }
        }
    }
    let pairs = sorted(pairs);
    if pairs.len() > budget {
        return Ok(Err(Overflow { distinct: pairs.len(), bins: config.bins }));
    }
    Ok(Ok(pairs))
}

/// The near-duplicate pairs `(later, earlier)`, the later document in `range`, among the
/// documents that share a minimum in bin `bin` (buckets of at most `max-bucket` documents),
/// searched on the current rayon pool. Each bucket's sketches are read once.
fn pairs_in_bin(
    config: &DedupConfig,
    source: &impl SketchSource,
    bin: usize,
    range: &Range<u32>,
) -> io::Result<Vec<(u32, u32)>> {
    let mut column = source.column(bin)?;
    column.par_sort_unstable();
    column
        .par_chunk_by(|a, b| a.0 == b.0)
        // A bucket's documents are in order: the first is no pair's later document.
        .filter(|run| {
            (2..=config.max_bucket).contains(&run.len()) && run[1..].iter().any(|(_, doc)| range.contains(doc))
        })
        .try_fold(
            || (Vec::new(), Vec::new()),
            |(mut pairs, mut members), run| -> io::Result<_> {
                members.clear();
                // Documents after the range are no pair's earlier document either (they still
                // count in the bucket's size above: `max-bucket` is about the whole corpus).
                for &(_, doc) in run.iter().take_while(|(_, doc)| *doc < range.end) {
                    members.push((doc, source.sketch(doc)?));
                }
                for (k, (b, y)) in members.iter().enumerate() {
                    if !range.contains(b) {
                        continue;
                    }
                    for (a, x) in &members[..k] {
                        if let (Some(x), Some(y)) = (x, y)
                            && config.alike(x, y)
                        {
                            pairs.push((*b, *a));
                        }
                    }
                }
                Ok((pairs, members))
            },
        )
        .map(|found| found.map(|(pairs, _)| pairs))
        .try_reduce(Vec::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })
}

/// Collects sketches in input order, in memory, and clusters them at the end.
#[derive(Debug, Clone)]
pub struct NearDuplicates {
    config: DedupConfig,
    sketches: Vec<Option<Sketch>>,
}

impl NearDuplicates {
    /// An empty collection.
    #[must_use]
    pub fn new(config: &DedupConfig) -> Self {
        Self { config: config.clone(), sketches: Vec::new() }
    }

    /// Adds the next document's sketch (in input order).
    pub fn push(&mut self, sketch: Option<Sketch>) {
        self.sketches.push(sketch);
    }

    /// Documents added.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sketches.len()
    }

    /// Whether no document was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sketches.is_empty()
    }

    /// The sketches added, in order, leaving the collection empty.
    pub fn take(&mut self) -> Vec<Option<Sketch>> {
        std::mem::take(&mut self.sketches)
    }

    /// [`clusters`] of the documents added.
    #[must_use]
    pub fn clusters(&self) -> Vec<Option<u32>> {
        clusters(&self.config, self).expect("sketches in memory are read without I/O")
    }
}

impl SketchSource for NearDuplicates {
    fn docs(&self) -> usize {
        self.sketches.len()
    }

    fn column(&self, bin: usize) -> io::Result<Vec<(u32, u32)>> {
        Ok(self
            .sketches
            .par_iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let v = s.as_ref()?.bins[bin];
                (v != u32::MAX).then_some((v, i as u32))
            })
            .collect())
    }

    fn sketch(&self, doc: u32) -> io::Result<Option<Cow<'_, Sketch>>> {
        Ok(self.sketches.get(doc as usize).and_then(Option::as_ref).map(Cow::Borrowed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_core::dedup::similarity;
    use khabar_enrich::dedup::sketch;

    const STORY: &str = "وقالت قوات سوريا الديمقراطية إنها أسرت مئات في الأسابيع الماضية ممن حاولوا التسلل والهرب للعراق أو عبر نهر الفرات إلى الصحراء السورية وفي النهاية حوصر المتبقون من التنظيم في معسكر صغير يمتلئ بالمركبات الصدئة ومناطق الإقامة المؤقتة على ضفة الفرات";

    #[test]
    fn a_copy_with_an_extra_paragraph_clusters_and_unrelated_text_does_not() {
        let config = DedupConfig::default();
        let extended = format!("{STORY} وجاء التمويل الذي حصل عليه التنظيم من النفط والابتزاز وتهريب الآثار");
        let other = "أعلنت وزارة الصحة عن حملة تطعيم جديدة تشمل جميع المحافظات وتستمر حتى نهاية الشهر المقبل بمشاركة آلاف المتطوعين";
        let mut nd = NearDuplicates::new(&config);
        for text in [other, STORY, &extended, other] {
            nd.push(sketch(text, &config));
        }
        assert_eq!(nd.clusters(), [Some(0), Some(1), Some(1), Some(0)]);
        let (a, b) = (sketch(STORY, &config).expect("on"), sketch(&extended, &config).expect("on"));
        assert!(similarity(&a, &b).containment > 0.6, "{:?}", similarity(&a, &b));
    }

    #[test]
    fn clusters_are_stars_not_chains() {
        // B overlaps A and C, but A and C share nothing: B joins A; C stays apart from A.
        let a = "الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة";
        let c = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة";
        let b = format!("{a} {c}");
        let config =
            DedupConfig { min_containment: 0.5, min_jaccard: 0.3, min_equal_bins: 2, ..DedupConfig::default() };
        let mut nd = NearDuplicates::new(&config);
        for text in [a, b.as_str(), c] {
            nd.push(sketch(text, &config));
        }
        let clusters = nd.clusters();
        assert_eq!(clusters[0], Some(0));
        assert_eq!(clusters[1], Some(0));
        assert_ne!(clusters[2], Some(0));
    }

    /// [`similarity`] and [`NearDuplicates::clusters`] as first written: bins compared with
    /// branches, and the bins searched one after the other.
    fn reference_similarity(a: &Sketch, b: &Sketch) -> (u32, u32) {
        let (mut both, mut equal) = (0u32, 0u32);
        for (x, y) in a.bins.iter().zip(&b.bins) {
            if *x != u32::MAX && *y != u32::MAX {
                both += 1;
                equal += u32::from(x == y);
            }
        }
        (both, equal)
    }

    fn reference_clusters(config: &DedupConfig, sketches: &[Option<Sketch>]) -> Vec<Option<u32>> {
        let n = sketches.len();
        let pairs = reference_pairs(config, sketches);
        let mut leader: Vec<u32> = (0..n as u32).collect();
        for group in pairs.chunk_by(|x, y| x.0 == y.0) {
            if let Some(&(_, lead)) = group.iter().find(|&&(_, a)| leader[a as usize] == a) {
                leader[group[0].0 as usize] = lead;
            }
        }
        let mut size = vec![0u32; n];
        for &l in &leader {
            size[l as usize] += 1;
        }
        leader.iter().map(|&l| (size[l as usize] > 1).then_some(l)).collect()
    }

    /// The distinct near-duplicate pairs `(later, earlier)`, sorted.
    fn reference_pairs(config: &DedupConfig, sketches: &[Option<Sketch>]) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for bin in 0..config.bins {
            let mut column: Vec<(u32, u32)> = sketches
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let v = s.as_ref()?.bins[bin];
                    (v != u32::MAX).then_some((v, i as u32))
                })
                .collect();
            column.sort_unstable();
            for run in column.chunk_by(|a, b| a.0 == b.0) {
                if run.len() < 2 || run.len() > config.max_bucket {
                    continue;
                }
                for (k, &(_, a)) in run.iter().enumerate() {
                    for &(_, b) in &run[k + 1..] {
                        if let (Some(x), Some(y)) = (&sketches[a as usize], &sketches[b as usize]) {
                            if config.alike(x, y) {
                                pairs.push((a.max(b), a.min(b)));
                            }
                        }
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// A source that counts the columns asked of it: how many times the bins were searched.
    struct Counting<'a> {
        inner: &'a NearDuplicates,
        columns: std::sync::atomic::AtomicUsize,
    }

    impl SketchSource for Counting<'_> {
        fn docs(&self) -> usize {
            self.inner.docs()
        }

        fn column(&self, bin: usize) -> io::Result<Vec<(u32, u32)>> {
            self.columns.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.inner.column(bin)
        }

        fn sketch(&self, doc: u32) -> io::Result<Option<Cow<'_, Sketch>>> {
            self.inner.sketch(doc)
        }
    }

    proptest::proptest! {
        /// Sketches drawn from a few values per bin (so buckets form, some over `max-bucket`,
        /// and pairs recur across bins): the parallel search gives the serial one's clusters on
        /// pools of 1 and 3 threads, also range by range under a pair budget of 0 to 39, and the
        /// branch-free comparison counts the same bins.
        #[test]
        fn parallel_clusters_are_the_serial_ones(
            sketches in khabar_testkit::clustering_sketches(160),
            budget in 0usize..40,
        ) {
            let config = DedupConfig { bins: 16, max_bucket: 24, min_equal_bins: 3, ..DedupConfig::default() };
            let mut nd = NearDuplicates::new(&config);
            for s in &sketches {
                nd.push(s.clone());
            }
            let want = reference_clusters(&config, &sketches);
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
                proptest::prop_assert_eq!(&pool.install(|| nd.clusters()), &want, "{} threads", threads);
                // Deduplicating early and often, as a large corpus does.
                let often = pool.install(|| clusters_within(&config, &nd, 2, PAIR_BUDGET)).expect("in memory");
                proptest::prop_assert_eq!(&often, &want, "{} threads, deduplicating from 2 pairs", threads);
                // Range by range, as a corpus of many near-copies does: the bins are searched
                // again for each range when (and only when) there are more pairs than the budget.
                let counting = Counting { inner: &nd, columns: 0.into() };
                let ranged = pool.install(|| clusters_within(&config, &counting, 2, budget)).expect("in memory");
                proptest::prop_assert_eq!(&ranged, &want, "{} threads, at most {} pairs at a time", threads, budget);
                let searches = counting.columns.into_inner() / config.bins;
                proptest::prop_assert_eq!(searches > 1, reference_pairs(&config, &sketches).len() > budget);
            }
            for pair in sketches.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    let (both, equal) = reference_similarity(a, b);
                    let s = similarity(a, b);
                    let jaccard = if both == 0 { 0.0 } else { f64::from(equal) / f64::from(both) };
                    proptest::prop_assert_eq!((s.equal_bins, s.jaccard), (equal, jaccard));
                }
            }
        }
    }
}
