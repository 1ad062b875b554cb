//! Brown word clusters: training (Liang's windowed agglomerative algorithm) and the compact
//! hashed lookup table stored inside the model.
//!
//! ## What it does
//! Words are folded ([`khabar_core::text::fold`]) and counted with their bigrams. The `C` most
//! frequent words start as clusters; each further word (by frequency) is added as a new cluster
//! and the pair of clusters whose merge loses the least average mutual information of the class
//! bigram model is merged. When all words are in, the last `C` clusters are merged down to one,
//! which gives a binary tree; a word's *path* is the bit string from the root to its cluster.
//! Prefixes of the path are coarser clusters (Ratinov & Roth 2009 use lengths 4, 6, 10, 20).
//!
//! ## Why
//! `ANERcorp` has 125k training tokens; clusters learned from millions of raw tokens tell the
//! tagger that an unseen word behaves like known person or place names.
//!
//! ## Known limitations
//! Cost is about `V·C²`; `C` = 256 over 60k words takes minutes on one core. Only words kept
//! by `min_count`/`max_words` get a path.

use std::collections::HashMap;

use super::embed::{MAX_VIEWS, WordClasses};
use super::hash::{KeyIndex, hash_str, word_key};
use super::model::{ModelError, Reader, Writer};

/// Options for [`brown_clusters`].
#[derive(Clone, Debug)]
pub struct BrownOptions {
    /// Number of clusters kept in the window (`C`); the tree has this many leaves.
    pub clusters: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many words (most frequent first) are clustered.
    pub max_words: usize,
}

impl Default for BrownOptions {
    fn default() -> Self {
        BrownOptions { clusters: 256, min_count: 3, max_words: 150_000 }
    }
}

/// Raw text accumulated for clustering: folded word counts and bigram counts.
#[derive(Debug, Default)]
pub struct ClusterCorpus {
    vocab: Vocabulary,
    /// Bigram occurrences not yet counted, as `first << 32 | second` word ids.
    pending: Vec<u64>,
    /// Counted bigrams, sorted by key.
    bigrams: Vec<(u64, u32)>,
}

/// The folded words of a corpus: ids in order of first appearance, with counts. Shared by the
/// Brown clusters and the word-vector classes.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    ids: HashMap<String, u32>,
    pub(super) words: Vec<String>,
    pub(super) counts: Vec<u64>,
    pub(super) tokens: u64,
}

impl Vocabulary {
    /// Counts one token; its word id, or `None` when it folds to nothing.
    pub(super) fn add(&mut self, token: &str) -> Option<u32> {
        let f = khabar_core::text::fold(token);
        if f.is_empty() {
            return None;
        }
        let id = if let Some(&id) = self.ids.get(&f) {
            id
        } else {
            let id = self.words.len() as u32;
            self.ids.insert(f.clone(), id);
            self.words.push(f);
            self.counts.push(0);
            id
        };
        self.counts[id as usize] += 1;
        self.tokens += 1;
        Some(id)
    }

    /// Ids of the words seen at least `min_count` times, by count (descending), then by
    /// spelling: a deterministic order.
    pub(super) fn by_count(&self, min_count: u32) -> Vec<u32> {
        let mut order: Vec<u32> =
            (0..self.words.len() as u32).filter(|&i| self.counts[i as usize] >= u64::from(min_count)).collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        order
    }
}

impl ClusterCorpus {
    /// An empty corpus.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one sentence (or line) of tokens; bigrams do not cross calls.
    pub fn add_sentence<S: AsRef<str>>(&mut self, tokens: &[S]) {
        let mut prev: Option<u32> = None;
        for t in tokens {
            let Some(id) = self.vocab.add(t.as_ref()) else {
                prev = None;
                continue;
            };
            if let Some(p) = prev {
                self.pending.push((u64::from(p) << 32) | u64::from(id));
                if self.pending.len() >= 1 << 23 {
                    self.compact();
                }
            }
            prev = Some(id);
        }
    }

    /// Counts the pending bigrams into the sorted list (no hash-map iteration, so the order
    /// never depends on a hasher).
    fn compact(&mut self) {
        let merged = Self::merge(&self.bigrams, std::mem::take(&mut self.pending));
        self.bigrams = merged;
    }

    /// All bigram counts so far, sorted by key.
    fn bigram_counts(&self) -> Vec<(u64, u32)> {
        Self::merge(&self.bigrams, self.pending.clone())
    }

    fn merge(old: &[(u64, u32)], mut pending: Vec<u64>) -> Vec<(u64, u32)> {
        pending.sort_unstable();
        let mut fresh: Vec<(u64, u32)> = Vec::new();
        for &k in &pending {
            match fresh.last_mut() {
                Some(last) if last.0 == k => last.1 += 1,
                _ => fresh.push((k, 1)),
            }
        }
        drop(pending);
        let mut merged = Vec::with_capacity(old.len() + fresh.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < fresh.len() {
            if j == fresh.len() || (i < old.len() && old[i].0 < fresh[j].0) {
                merged.push(old[i]);
                i += 1;
            } else if i == old.len() || fresh[j].0 < old[i].0 {
                merged.push(fresh[j]);
                j += 1;
            } else {
                merged.push((old[i].0, old[i].1 + fresh[j].1));
                i += 1;
                j += 1;
            }
        }
        merged
    }

    /// Tokens added so far.
    #[must_use]
    pub fn tokens(&self) -> u64 {
        self.vocab.tokens
    }

    /// Distinct folded words so far.
    #[must_use]
    pub fn vocabulary(&self) -> usize {
        self.vocab.words.len()
    }
}

/// One clustered word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusteredWord {
    /// The folded word.
    pub word: String,
    /// Path bits, most significant first, in the low `len` bits.
    pub path: u64,
    /// Path length in bits (at most 64; deeper paths are cut).
    pub len: u8,
    /// Leaf cluster number.
    pub leaf: u16,
    /// Occurrences in the corpus.
    pub count: u64,
}

impl ClusteredWord {
    /// The path as a `0`/`1` string.
    #[must_use]
    pub fn path_string(&self) -> String {
        (0..self.len).map(|i| if (self.path >> (self.len - 1 - i)) & 1 == 1 { '1' } else { '0' }).collect()
    }
}

/// Runs Brown clustering over `corpus`. Deterministic: ties are broken by word order, which
/// is by count then by the folded string.
#[must_use]
#[allow(clippy::too_many_lines, clippy::many_single_char_names, reason = "one algorithm, names as in the papers")]
pub fn brown_clusters(corpus: &ClusterCorpus, options: &BrownOptions) -> Vec<ClusteredWord> {
    let mut order = corpus.vocab.by_count(options.min_count);
    order.truncate(options.max_words);
    let v = order.len();
    if v == 0 {
        return Vec::new();
    }
    let mut rank = vec![u32::MAX; corpus.vocab.words.len()];
    for (r, &id) in order.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    // Adjacency by rank: (neighbour rank, count), sorted for determinism.
    let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    let mut bigram_list: Vec<(u32, u32, u32)> = corpus
        .bigram_counts()
        .into_iter()
        .filter_map(|(k, c)| {
            let a = rank[(k >> 32) as usize];
            let b = rank[(k & 0xffff_ffff) as usize];
            (a != u32::MAX && b != u32::MAX).then_some((a, b, c))
        })
        .collect();
    bigram_list.sort_unstable();
    for &(a, b, c) in &bigram_list {
        right[a as usize].push((b, c));
        left[b as usize].push((a, c));
    }
    drop(bigram_list);
    let counts: Vec<u64> = order.iter().map(|&id| corpus.vocab.counts[id as usize]).collect();
    let total: f64 = counts.iter().map(|&c| c as f64).sum();

    let c = options.clusters.max(1).min(v);
    let mut b = Brown::new(c + 1, total);
    // word rank -> slot, or NONE while not yet added
    let mut slot_of = vec![NONE; v];
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); c + 1];
    for w in 0..v {
        let s = b.free_slot();
        b.add(s, w, &counts, &right, &left, &slot_of);
        slot_of[w] = s as u32;
        members[s].push(w as u32);
        if b.active.len() > c {
            let (keep, gone) = b.best_pair();
            b.merge(keep, gone);
            let moved = std::mem::take(&mut members[gone]);
            for &m in &moved {
                slot_of[m as usize] = keep as u32;
            }
            members[keep].extend(moved);
        }
    }
    // Hierarchy over the remaining clusters.
    let leaves: Vec<usize> = b.active.clone();
    let mut node_of_slot = vec![usize::MAX; c + 1];
    let mut children: Vec<Option<(usize, usize)>> = Vec::new();
    let mut leaf_of_node: Vec<Option<usize>> = Vec::new();
    for (leaf, &s) in leaves.iter().enumerate() {
        node_of_slot[s] = children.len();
        children.push(None);
        leaf_of_node.push(Some(leaf));
    }
    while b.active.len() > 1 {
        let (keep, gone) = b.best_pair();
        b.merge(keep, gone);
        let node = children.len();
        children.push(Some((node_of_slot[keep], node_of_slot[gone])));
        leaf_of_node.push(None);
        node_of_slot[keep] = node;
    }
    let root = node_of_slot[b.active[0]];
    // Paths by DFS (iterative).
    let mut leaf_path = vec![(0u64, 0u8); leaves.len()];
    let mut stack = vec![(root, 0u64, 0u8)];
    while let Some((n, path, len)) = stack.pop() {
        match children[n] {
            Some((l, r)) => {
                let (nl, nlen) = if len < 64 { (path << 1, len + 1) } else { (path, len) };
                stack.push((r, nl | u64::from(len < 64), nlen));
                stack.push((l, nl, nlen));
            }
            None => {
                if let Some(leaf) = leaf_of_node[n] {
                    leaf_path[leaf] = (path, len);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(v);
    for (leaf, &s) in leaves.iter().enumerate() {
        for &w in &members[s] {
            let (path, len) = leaf_path[leaf];
            out.push(ClusteredWord {
                word: corpus.vocab.words[order[w as usize] as usize].clone(),
                path,
                len,
                leaf: leaf as u16,
                count: counts[w as usize],
            });
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    out
}

const NONE: u32 = u32::MAX;

/// Counts below this take their logarithm from a table.
const LN_TABLE: usize = 1 << 20;

/// The windowed Brown state: `k` slots, pair tables over slots.
struct Brown {
    k: usize,
    ln_table: Vec<f64>,
    total: f64,
    ln_total: f64,
    active: Vec<usize>,
    is_active: Vec<bool>,
    n1: Vec<f64>,
    /// Bigram counts between slots, row-major `k×k`.
    n2: Vec<f64>,
    /// q(s,t) for active slots.
    q: Vec<f64>,
    /// S(s): all q terms touching s.
    s: Vec<f64>,
    /// L(s,t) merge loss, stored at `[min*k + max]`.
    l: Vec<f64>,
}

#[allow(clippy::many_single_char_names, clippy::similar_names, reason = "cluster algebra: names as in Brown et al.")]
impl Brown {
    fn new(k: usize, total: f64) -> Self {
        let ln_table = (0..LN_TABLE).map(|i| (i as f64).ln()).collect();
        Brown {
            k,
            ln_table,
            total,
            ln_total: total.ln(),
            active: Vec::with_capacity(k),
            is_active: vec![false; k],
            n1: vec![0.0; k],
            n2: vec![0.0; k * k],
            q: vec![0.0; k * k],
            s: vec![0.0; k],
            l: vec![0.0; k * k],
        }
    }

    /// Natural log of a count (counts are integers; small ones come from a table).
    #[inline]
    fn ln(&self, n: f64) -> f64 {
        let i = n as usize;
        if i < self.ln_table.len() { self.ln_table[i] } else { n.ln() }
    }

    /// q for a bigram count `n` between clusters of counts `a` and `b`.
    #[inline]
    fn qf(&self, n: f64, a: f64, b: f64) -> f64 {
        if n <= 0.0 { 0.0 } else { n / self.total * (self.ln(n) + self.ln_total - self.ln(a) - self.ln(b)) }
    }

    fn free_slot(&self) -> usize {
        self.is_active.iter().position(|&a| !a).unwrap_or(0)
    }

    /// Merge cost contribution of the pair (a,b) against cluster y: terms q(a∪b, y) + q(y, a∪b).
    #[inline]
    fn t_ab(&self, a: usize, b: usize, y: usize, nab: f64) -> f64 {
        let k = self.k;
        let fwd = self.n2[a * k + y] + self.n2[b * k + y];
        let bwd = self.n2[y * k + a] + self.n2[y * k + b];
        let ny = self.n1[y];
        self.qf(fwd, nab, ny) + self.qf(bwd, ny, nab)
    }

    /// L(a,b) from scratch, O(k).
    fn loss(&self, a: usize, b: usize) -> f64 {
        let k = self.k;
        let nab = self.n1[a] + self.n1[b];
        let mut after = 0.0;
        for &x in &self.active {
            if x != a && x != b {
                after += self.t_ab(a, b, x, nab);
            }
        }
        let self_n = self.n2[a * k + a] + self.n2[a * k + b] + self.n2[b * k + a] + self.n2[b * k + b];
        after += self.qf(self_n, nab, nab);
        self.s[a] + self.s[b] - self.q[a * k + b] - self.q[b * k + a] - after
    }

    fn set_q(&mut self, a: usize, b: usize) {
        let k = self.k;
        self.q[a * k + b] = self.qf(self.n2[a * k + b], self.n1[a], self.n1[b]);
    }

    fn pair(&self, a: usize, b: usize) -> usize {
        if a < b { a * self.k + b } else { b * self.k + a }
    }

    /// Adds word `w` as a new cluster in slot `n`.
    fn add(
        &mut self,
        n: usize,
        w: usize,
        counts: &[u64],
        right: &[Vec<(u32, u32)>],
        left: &[Vec<(u32, u32)>],
        slot_of: &[u32],
    ) {
        let k = self.k;
        self.n1[n] = counts[w] as f64;
        for x in 0..k {
            self.n2[n * k + x] = 0.0;
            self.n2[x * k + n] = 0.0;
        }
        for &(nb, c) in &right[w] {
            if nb as usize == w {
                self.n2[n * k + n] += f64::from(c);
            } else if slot_of[nb as usize] != NONE {
                self.n2[n * k + slot_of[nb as usize] as usize] += f64::from(c);
            }
        }
        for &(nb, c) in &left[w] {
            if nb as usize != w && slot_of[nb as usize] != NONE {
                self.n2[slot_of[nb as usize] as usize * k + n] += f64::from(c);
            }
        }
        self.set_q(n, n);
        let mut sn = self.q[n * k + n];
        for i in 0..self.active.len() {
            let x = self.active[i];
            self.set_q(n, x);
            self.set_q(x, n);
            let add = self.q[x * k + n] + self.q[n * k + x];
            self.s[x] += add;
            sn += add;
        }
        self.s[n] = sn;
        // Existing pairs gain the terms against n.
        let nn = self.n1[n];
        for i in 0..self.active.len() {
            let a = self.active[i];
            for j in (i + 1)..self.active.len() {
                let b = self.active[j];
                let nab = self.n1[a] + self.n1[b];
                let gained = self.q[a * k + n] + self.q[n * k + a] + self.q[b * k + n] + self.q[n * k + b];
                let fwd = self.n2[a * k + n] + self.n2[b * k + n];
                let bwd = self.n2[n * k + a] + self.n2[n * k + b];
                let merged = self.qf(fwd, nab, nn) + self.qf(bwd, nn, nab);
                let p = self.pair(a, b);
                self.l[p] += gained - merged;
            }
        }
        self.active.push(n);
        self.active.sort_unstable();
        self.is_active[n] = true;
        for i in 0..self.active.len() {
            let x = self.active[i];
            if x != n {
                let p = self.pair(n, x);
                self.l[p] = self.loss(n, x);
            }
        }
    }

    /// The active pair with the smallest loss, as (lower slot, higher slot).
    fn best_pair(&self) -> (usize, usize) {
        let mut best = (f64::INFINITY, 0, 0);
        for i in 0..self.active.len() {
            let a = self.active[i];
            for j in (i + 1)..self.active.len() {
                let b = self.active[j];
                let v = self.l[a * self.k + b];
                if v < best.0 {
                    best = (v, a, b);
                }
            }
        }
        (best.1, best.2)
    }

    /// Merges slot `t` into slot `s`.
    fn merge(&mut self, s: usize, t: usize) {
        let k = self.k;
        let ns = self.n1[s];
        let nt = self.n1[t];
        let nu = ns + nt;
        let others: Vec<usize> = self.active.iter().copied().filter(|&x| x != s && x != t).collect();
        // q against the merged cluster u, and ΔS per other slot.
        let mut qu_fwd = vec![0.0; k]; // q(x, u)
        let mut qu_bwd = vec![0.0; k]; // q(u, x)
        let mut ds = vec![0.0; k];
        for &x in &others {
            let nx = self.n1[x];
            qu_fwd[x] = self.qf(self.n2[x * k + s] + self.n2[x * k + t], nx, nu);
            qu_bwd[x] = self.qf(self.n2[s * k + x] + self.n2[t * k + x], nu, nx);
            ds[x] =
                qu_fwd[x] + qu_bwd[x] - self.q[x * k + s] - self.q[s * k + x] - self.q[x * k + t] - self.q[t * k + x];
        }
        // Update pair losses not touching s or t.
        for i in 0..others.len() {
            let a = others[i];
            for &b in &others[(i + 1)..] {
                let nab = self.n1[a] + self.n1[b];
                // T_ab(u): merged n2 against u = n2[.][s] + n2[.][t]
                let fwd_u = self.n2[a * k + s] + self.n2[b * k + s] + self.n2[a * k + t] + self.n2[b * k + t];
                let bwd_u = self.n2[s * k + a] + self.n2[s * k + b] + self.n2[t * k + a] + self.n2[t * k + b];
                let t_u = self.qf(fwd_u, nab, nu) + self.qf(bwd_u, nu, nab);
                let t_s = self.t_ab(a, b, s, nab);
                let t_t = self.t_ab(a, b, t, nab);
                let p = a * k + b;
                self.l[p] += ds[a] + ds[b] - (t_u - t_s - t_t);
            }
        }
        // Fold t into s.
        let self_n = self.n2[s * k + s] + self.n2[s * k + t] + self.n2[t * k + s] + self.n2[t * k + t];
        for &x in &others {
            self.n2[s * k + x] += self.n2[t * k + x];
            self.n2[x * k + s] += self.n2[x * k + t];
        }
        self.n2[s * k + s] = self_n;
        self.n1[s] = nu;
        for x in 0..k {
            self.n2[t * k + x] = 0.0;
            self.n2[x * k + t] = 0.0;
        }
        self.n1[t] = 0.0;
        self.is_active[t] = false;
        self.active.retain(|&x| x != t);
        self.set_q(s, s);
        let mut ss = self.q[s * k + s];
        for &x in &others {
            self.q[x * k + s] = qu_fwd[x];
            self.q[s * k + x] = qu_bwd[x];
            self.s[x] += ds[x];
            ss += qu_fwd[x] + qu_bwd[x];
        }
        self.s[s] = ss;
        for &x in &others {
            let p = self.pair(s, x);
            self.l[p] = self.loss(s, x);
        }
    }
}

/// Folded word → (cluster path, leaf, corpus count), keyed by 32-bit word hashes.
#[derive(Clone, Debug, Default)]
pub struct ClusterTable {
    keys: Vec<u32>,
    paths: Vec<u32>,
    lens: Vec<u8>,
    leaves: Vec<u16>,
    counts: Vec<u32>,
    /// Word-vector classes per row ([`NO_CLASS`] when the word has none); empty when no
    /// [`WordClasses`] were attached.
    classes: Vec<[u16; MAX_VIEWS]>,
    /// Classes per view of the attached [`WordClasses`].
    class_sizes: Vec<u16>,
    /// Word key → everything known about the word (rebuilt when classes are attached).
    index: KeyIndex<WordCluster>,
}

/// Class id of a word the word-vector table does not hold.
pub(super) const NO_CLASS: u16 = u16::MAX;

/// What the table knows about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct WordCluster {
    /// First (up to) 32 path bits, MSB-first in the low `len` bits.
    pub(super) path: u32,
    pub(super) len: u8,
    pub(super) leaf: u16,
    pub(super) count: u32,
    /// Word-vector class per view ([`NO_CLASS`] when unknown or no such view).
    pub(super) classes: [u16; MAX_VIEWS],
}

impl ClusterTable {
    /// Builds the hashed table from clustering output.
    #[must_use]
    pub fn from_words(words: &[ClusteredWord]) -> Self {
        let mut rows: Vec<(u32, u32, u8, u16, u32)> = words
            .iter()
            .map(|w| {
                let len = w.len.min(32);
                let path = (w.path >> (w.len - len)) as u32;
                let count = u32::try_from(w.count).unwrap_or(u32::MAX);
                (word_key(hash_str(&w.word)), path, len, w.leaf, count)
            })
            .collect();
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        let mut t = ClusterTable::default();
        for (k, p, l, leaf, c) in rows {
            t.keys.push(k);
            t.paths.push(p);
            t.lens.push(l);
            t.leaves.push(leaf);
            t.counts.push(c);
        }
        t.reindex();
        t
    }

    fn reindex(&mut self) {
        self.index = KeyIndex::build(self.keys.iter().enumerate().map(|(i, &k)| {
            let word = WordCluster {
                path: self.paths[i],
                len: self.lens[i],
                leaf: self.leaves[i],
                count: self.counts[i],
                classes: self.classes.get(i).copied().unwrap_or([NO_CLASS; MAX_VIEWS]),
            };
            (k, word)
        }));
    }

    /// Number of words.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the table is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Looks up a folded word by its FNV hash.
    #[inline]
    pub(super) fn get(&self, h: u64) -> Option<WordCluster> {
        self.index.get(word_key(h))
    }

    /// Corpus count of a folded word (0 if unknown).
    #[must_use]
    pub fn count(&self, folded: &str) -> u32 {
        self.get(hash_str(folded)).map_or(0, |w| w.count)
    }

    /// Copies the word-vector classes of `classes` onto this table's words (a word the class
    /// table lacks gets [`NO_CLASS`]). An empty `classes` detaches them.
    pub fn attach_classes(&mut self, classes: &WordClasses) {
        if classes.is_empty() {
            self.classes.clear();
            self.class_sizes.clear();
            self.reindex();
            return;
        }
        let views = classes.views();
        self.class_sizes = classes.sizes().to_vec();
        self.classes = self
            .keys
            .iter()
            .map(|&k| {
                let mut ids = classes.get_key(k).unwrap_or([NO_CLASS; MAX_VIEWS]);
                for id in &mut ids[views..] {
                    *id = NO_CLASS;
                }
                ids
            })
            .collect();
        self.reindex();
    }

    /// Number of word-vector class views attached.
    #[must_use]
    pub fn class_views(&self) -> usize {
        self.class_sizes.len()
    }

    /// Writes the attached word-vector classes (model format 2): u8 views, views × varint
    /// class count, then per word and view varint (class + 1, 0 for none).
    pub(super) fn write_classes(&self, w: &mut Writer) {
        w.u8(self.class_sizes.len() as u8);
        if self.class_sizes.is_empty() {
            return;
        }
        for &s in &self.class_sizes {
            w.varint(u64::from(s));
        }
        for ids in &self.classes {
            for &c in &ids[..self.class_sizes.len()] {
                w.varint(if c == NO_CLASS { 0 } else { u64::from(c) + 1 });
            }
        }
    }

    /// Reads what [`ClusterTable::write_classes`] wrote.
    pub(super) fn read_classes(&mut self, r: &mut Reader<'_>) -> Result<(), ModelError> {
        let views = usize::from(r.u8()?);
        if views > MAX_VIEWS {
            return Err(ModelError::Corrupt("too many class views"));
        }
        self.class_sizes.clear();
        self.classes.clear();
        if views == 0 {
            self.reindex();
            return Ok(());
        }
        for _ in 0..views {
            self.class_sizes.push(u16::try_from(r.varint()?).map_err(|_| ModelError::Corrupt("class count"))?);
        }
        for _ in 0..self.keys.len() {
            let mut ids = [NO_CLASS; MAX_VIEWS];
            for (v, id) in ids.iter_mut().enumerate().take(views) {
                let c = r.varint()?;
                if c > u64::from(self.class_sizes[v]) {
                    return Err(ModelError::Corrupt("class id out of range"));
                }
                *id = if c == 0 { NO_CLASS } else { (c - 1) as u16 };
            }
            self.classes.push(ids);
        }
        self.reindex();
        Ok(())
    }

    /// Serializes (magic `KNCL`, version 1).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.header(*b"KNCL", 1);
        self.write(&mut w);
        w.finish()
    }

    /// Reads what [`ClusterTable::to_bytes`] wrote.
    ///
    /// # Errors
    /// [`ModelError`] for bytes that are not a cluster table of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes)?;
        r.header(*b"KNCL", "KNCL", 1)?;
        let t = Self::read(&mut r)?;
        r.end()?;
        Ok(t)
    }

    pub(super) fn write(&self, w: &mut Writer) {
        w.sorted_keys(self.keys.iter().copied());
        for i in 0..self.keys.len() {
            w.u8(self.lens[i]);
            w.varint(u64::from(self.paths[i]));
            w.varint(u64::from(self.leaves[i]));
            w.varint(u64::from(self.counts[i]));
        }
    }

    pub(super) fn read(r: &mut Reader<'_>) -> Result<Self, ModelError> {
        let mut t = ClusterTable { keys: r.sorted_keys()?, ..ClusterTable::default() };
        for _ in 0..t.keys.len() {
            let len = r.u8()?;
            if len > 32 {
                return Err(ModelError::Corrupt("cluster path longer than 32 bits"));
            }
            t.lens.push(len);
            t.paths.push(r.varint_u32()?);
            t.leaves.push(u16::try_from(r.varint()?).map_err(|_| ModelError::Corrupt("leaf id"))?);
            t.counts.push(r.varint_u32()?);
        }
        t.reindex();
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_separate_distributional_classes() {
        // Names follow "قال", places follow "في".
        let mut corpus = ClusterCorpus::new();
        let names = ["احمد", "محمد", "علي", "سمير"];
        let places = ["بغداد", "دمشق", "القاهره", "عمان"];
        for round in 0..30 {
            for (i, n) in names.iter().enumerate() {
                let p = places[(i + round) % 4];
                corpus.add_sentence(&["قال", n, "انه", "وصل", "الى", p, "امس"]);
                corpus.add_sentence(&["وقال", n, "في", p, "اليوم"]);
            }
        }
        let words = brown_clusters(&corpus, &BrownOptions { clusters: 8, min_count: 1, max_words: 100 });
        let path = |w: &str| words.iter().find(|x| x.word == w).unwrap().path_string();
        let prefix = |a: &str, b: &str| path(a).chars().zip(path(b).chars()).take_while(|(x, y)| x == y).count();
        assert!(prefix("احمد", "محمد") > prefix("احمد", "بغداد"), "{words:?}");
        assert!(prefix("بغداد", "دمشق") > prefix("دمشق", "علي"), "{words:?}");
        let table = ClusterTable::from_words(&words);
        let back = ClusterTable::from_bytes(&table.to_bytes()).unwrap();
        assert_eq!(back.len(), table.len());
        assert_eq!(back.count("احمد"), 60);
        assert_eq!(back.get(hash_str("بغداد")), table.get(hash_str("بغداد")));
    }
}

#[cfg(test)]
mod brute {
    use super::*;

    /// Total AMI of active clusters computed from scratch.
    fn ami(b: &Brown) -> f64 {
        let mut s = 0.0;
        for &x in &b.active {
            for &y in &b.active {
                s += b.qf(b.n2[x * b.k + y], b.n1[x], b.n1[y]);
            }
        }
        s
    }

    #[test]
    #[allow(clippy::many_single_char_names, reason = "mirrors the algorithm's notation")]
    fn incremental_losses_match_brute_force() {
        let mut corpus = ClusterCorpus::new();
        let words = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let mut x: u64 = 12345;
        for _ in 0..300 {
            let mut sent = Vec::new();
            for _ in 0..8 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                sent.push(words[((x % 10) as usize).min((x % 7) as usize + 3)]);
            }
            corpus.add_sentence(&sent);
        }
        // Re-run the window algorithm, checking every stored loss against a brute-force AMI diff.
        let order = corpus.vocab.by_count(0);
        let v = order.len();
        let mut rank = vec![0u32; v];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let mut right = vec![Vec::new(); v];
        let mut left = vec![Vec::new(); v];
        let mut bl: Vec<(u32, u32, u32)> = corpus
            .bigram_counts()
            .into_iter()
            .map(|(k, c)| (rank[(k >> 32) as usize], rank[(k & 0xffff_ffff) as usize], c))
            .collect();
        bl.sort_unstable();
        for (a, b, c) in bl {
            right[a as usize].push((b, c));
            left[b as usize].push((a, c));
        }
        let counts: Vec<u64> = order.iter().map(|&id| corpus.vocab.counts[id as usize]).collect();
        let total: f64 = counts.iter().map(|&c| c as f64).sum();
        let c = 3;
        let mut b = Brown::new(c + 1, total);
        let mut slot_of = vec![NONE; v];
        let check = |b: &Brown| {
            let base = ami(b);
            for i in 0..b.active.len() {
                for j in (i + 1)..b.active.len() {
                    let (s, t) = (b.active[i], b.active[j]);
                    // brute: merge copy
                    let mut m = Brown::new(b.k, b.total);
                    m.active = b.active.clone();
                    m.is_active = b.is_active.clone();
                    m.n1 = b.n1.clone();
                    m.n2 = b.n2.clone();
                    let k = m.k;
                    for x in 0..k {
                        m.n2[s * k + x] += m.n2[t * k + x];
                    }
                    for x in 0..k {
                        m.n2[x * k + s] += m.n2[x * k + t];
                    }
                    m.n1[s] += m.n1[t];
                    m.active.retain(|&y| y != t);
                    let loss = base - ami(&m);
                    let stored = b.l[s * k + t];
                    assert!((loss - stored).abs() < 1e-9, "pair ({s},{t}) stored {stored} brute {loss}");
                }
            }
        };
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); c + 1];
        for w in 0..v {
            let s = b.free_slot();
            b.add(s, w, &counts, &right, &left, &slot_of);
            slot_of[w] = s as u32;
            members[s].push(w as u32);
            check(&b);
            if b.active.len() > c {
                let (keep, gone) = b.best_pair();
                b.merge(keep, gone);
                for m in std::mem::take(&mut members[gone]) {
                    slot_of[m as usize] = keep as u32;
                    members[keep].push(m);
                }
                check(&b);
            }
        }
    }
}
