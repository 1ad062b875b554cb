//! Word vectors and their k-means classes: a second distributional view of words, beside the
//! Brown clusters.
//!
//! Positional co-occurrence counts (the words at −2, −1, +1 and +2, over the most frequent
//! context words) → positive PMI with context-distribution smoothing (α = 0.75) → truncated SVD
//! (randomized, with power iterations; vectors `U·Σ^½`) → unit-length word vectors → spherical
//! k-means at several granularities. Only the class ids are kept ([`WordClasses`]); the vectors
//! are not stored. Everything runs with a fixed-seed generator and in a fixed order, so the
//! output is the same on every run.

#![allow(clippy::many_single_char_names, reason = "linear-algebra notation: A, Q, X, l, m, d, k")]

use super::clusters::Vocabulary;
use super::hash::{KeyIndex, Rng, hash_str, word_key};
use super::model::{ModelError, Reader, Writer};

/// Granularities a [`WordClasses`] table can hold.
pub(super) const MAX_VIEWS: usize = 3;

/// Settings of [`word_classes`].
#[derive(Clone, Debug)]
pub struct EmbedOptions {
    /// Dimensions of the word vectors.
    pub dims: usize,
    /// Context words (most frequent first); each is a context at 4 positions.
    pub context_words: usize,
    /// Words seen fewer times get no vector.
    pub min_count: u32,
    /// At most this many words (most frequent first) get a vector.
    pub max_words: usize,
    /// Power iterations of the randomized SVD.
    pub power_iters: usize,
    /// Number of k-means classes per view (at most [`MAX_VIEWS`] views).
    pub classes: Vec<usize>,
    /// Lloyd iterations of k-means.
    pub kmeans_iters: usize,
    /// Seed of the random projection and of the k-means initialization.
    pub seed: u64,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            dims: 100,
            context_words: 10_000,
            min_count: 3,
            max_words: 150_000,
            power_iters: 3,
            classes: vec![64, 256, 1024],
            kmeans_iters: 20,
            seed: 0x656d_6265_6473,
        }
    }
}

/// Raw text for word vectors: folded word ids in reading order.
#[derive(Debug, Default)]
pub struct EmbedCorpus {
    vocab: Vocabulary,
    /// Word ids; [`SEP`] ends a sentence.
    stream: Vec<u32>,
}

const SEP: u32 = u32::MAX;

impl EmbedCorpus {
    /// An empty corpus.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one sentence (or line) of tokens; contexts do not cross calls.
    pub fn add_sentence<S: AsRef<str>>(&mut self, tokens: &[S]) {
        for t in tokens {
            self.stream.push(self.vocab.add(t.as_ref()).unwrap_or(SEP));
        }
        self.stream.push(SEP);
    }

    /// Tokens added so far.
    #[must_use]
    pub fn tokens(&self) -> u64 {
        self.vocab.tokens
    }
}

/// One word's classes, as [`word_classes`] returns them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassedWord {
    /// The folded word.
    pub word: String,
    /// Its corpus count.
    pub count: u64,
    /// Class id per view (view `v` has `options.classes[v]` classes).
    pub classes: Vec<u16>,
}

/// Computes word vectors over `corpus` and clusters them at every granularity of
/// `options.classes`. Words come out most frequent first.
///
/// # Panics
/// If `options.classes` has more than [`MAX_VIEWS`] entries or a class count above 65,535.
#[must_use]
pub fn word_classes(corpus: &EmbedCorpus, options: &EmbedOptions) -> Vec<ClassedWord> {
    assert!(options.classes.len() <= MAX_VIEWS, "at most {MAX_VIEWS} views");
    assert!(options.classes.iter().all(|&k| k > 0 && u16::try_from(k).is_ok()), "class counts fit u16");
    let mut order = corpus.vocab.by_count(options.min_count);
    order.truncate(options.max_words);
    let m = order.len();
    if m == 0 {
        return Vec::new();
    }
    let nctx = options.context_words.min(m);
    let mut row_of = vec![u32::MAX; corpus.vocab.words.len()];
    for (r, &w) in order.iter().enumerate() {
        row_of[w as usize] = r as u32;
    }
    // Rows are words; columns are (position, context word): position p in 0..4 for −2, −1, +1, +2.
    let ncols = 4 * nctx;
    let matrix = cooccurrence(corpus, &row_of, nctx, m);
    let ppmi = ppmi(&matrix, m, ncols);
    drop(matrix);
    let vectors = svd_vectors(&ppmi, m, ncols, options);
    drop(ppmi);
    let views: Vec<Vec<u16>> = options
        .classes
        .iter()
        .enumerate()
        .map(|(v, &k)| spherical_kmeans(&vectors, options.dims, k, options.kmeans_iters, options.seed ^ v as u64))
        .collect();
    order
        .iter()
        .enumerate()
        .map(|(r, &w)| ClassedWord {
            word: corpus.vocab.words[w as usize].clone(),
            count: corpus.vocab.counts[w as usize],
            classes: views.iter().map(|v| v[r]).collect(),
        })
        .collect()
}

/// Sparse matrix, rows in order: `starts[r]..starts[r + 1]` index `cols` and `vals`.
struct Csr {
    starts: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f32>,
}

fn cooccurrence(corpus: &EmbedCorpus, row_of: &[u32], nctx: usize, m: usize) -> Csr {
    let mut pairs: Vec<u64> = Vec::new();
    for sent in corpus.stream.split(|&w| w == SEP) {
        for (i, &w) in sent.iter().enumerate() {
            let r = row_of[w as usize];
            if r == u32::MAX {
                continue;
            }
            for (p, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let j = i as isize + off;
                if j < 0 || j as usize >= sent.len() {
                    continue;
                }
                let c = row_of[sent[j as usize] as usize];
                if (c as usize) < nctx {
                    pairs.push((u64::from(r) << 32) | (p * nctx + c as usize) as u64);
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut starts = vec![0usize; m + 1];
    let mut cols = Vec::new();
    let mut vals: Vec<f32> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let k = pairs[i];
        let mut j = i;
        while j < pairs.len() && pairs[j] == k {
            j += 1;
        }
        starts[(k >> 32) as usize + 1] += 1;
        cols.push(k as u32);
        vals.push((j - i) as f32);
        i = j;
    }
    for r in 0..m {
        starts[r + 1] += starts[r];
    }
    Csr { starts, cols, vals }
}

/// Positive PMI with the context distribution raised to 0.75.
fn ppmi(a: &Csr, m: usize, ncols: usize) -> Csr {
    let mut col_sum = vec![0f64; ncols];
    for (&c, &v) in a.cols.iter().zip(&a.vals) {
        col_sum[c as usize] += f64::from(v);
    }
    let smoothed: Vec<f64> = col_sum.iter().map(|&s| s.powf(0.75)).collect();
    let z: f64 = smoothed.iter().sum();
    let ln_pc: Vec<f64> = smoothed.iter().map(|&s| if s > 0.0 { (s / z).ln() } else { 0.0 }).collect();
    let mut out = Csr { starts: vec![0; m + 1], cols: Vec::new(), vals: Vec::new() };
    for r in 0..m {
        let range = a.starts[r]..a.starts[r + 1];
        let row_sum: f64 = a.vals[range.clone()].iter().map(|&v| f64::from(v)).sum();
        for k in range {
            let c = a.cols[k] as usize;
            let pmi = (f64::from(a.vals[k]) / row_sum).ln() - ln_pc[c];
            if pmi > 0.0 {
                out.cols.push(c as u32);
                out.vals.push(pmi as f32);
            }
        }
        out.starts[r + 1] = out.cols.len();
    }
    out
}

/// `A·X` for row-major `X` (`ncols × l`): an `m × l` row-major result.
fn mul(a: &Csr, x: &[f64], l: usize, m: usize) -> Vec<f64> {
    let mut y = vec![0f64; m * l];
    for r in 0..m {
        let yr = &mut y[r * l..(r + 1) * l];
        for k in a.starts[r]..a.starts[r + 1] {
            let v = f64::from(a.vals[k]);
            let xr = &x[a.cols[k] as usize * l..(a.cols[k] as usize + 1) * l];
            for (o, &xi) in yr.iter_mut().zip(xr) {
                *o += v * xi;
            }
        }
    }
    y
}

/// `Aᵀ·Y` for row-major `Y` (`m × l`): an `ncols × l` row-major result.
fn mul_t(a: &Csr, y: &[f64], l: usize, m: usize, ncols: usize) -> Vec<f64> {
    let mut z = vec![0f64; ncols * l];
    for r in 0..m {
        let yr = &y[r * l..(r + 1) * l];
        for k in a.starts[r]..a.starts[r + 1] {
            let v = f64::from(a.vals[k]);
            let c = a.cols[k] as usize;
            for (o, &yi) in z[c * l..(c + 1) * l].iter_mut().zip(yr) {
                *o += v * yi;
            }
        }
    }
    z
}

/// `XᵀX` of a row-major `n × l` matrix.
fn gram(x: &[f64], l: usize) -> Vec<f64> {
    let mut g = vec![0f64; l * l];
    for row in x.chunks_exact(l) {
        for i in 0..l {
            let xi = row[i];
            if xi == 0.0 {
                continue;
            }
            let gi = &mut g[i * l..(i + 1) * l];
            for j in i..l {
                gi[j] += xi * row[j];
            }
        }
    }
    for i in 0..l {
        for j in 0..i {
            g[i * l + j] = g[j * l + i];
        }
    }
    g
}

/// Orthonormalizes the columns of a row-major `n × l` matrix in place (Cholesky QR, twice).
fn orthonormalize(x: &mut [f64], l: usize) {
    for _ in 0..2 {
        let mut g = gram(x, l);
        let trace: f64 = (0..l).map(|i| g[i * l + i]).sum();
        let ridge = 1e-12 * trace / l as f64;
        // Cholesky: g = Rᵀ R, R upper triangular (stored in g's upper half).
        for i in 0..l {
            for k in 0..i {
                let rki = g[k * l + i];
                for j in i..l {
                    g[i * l + j] -= rki * g[k * l + j];
                }
            }
            let d = (g[i * l + i] + ridge).max(ridge).sqrt();
            for j in i..l {
                g[i * l + j] /= d;
            }
        }
        // x ← x R⁻¹, row by row (forward substitution).
        let mut out = vec![0f64; l];
        for row in x.chunks_exact_mut(l) {
            for j in 0..l {
                let mut s = row[j];
                for k in 0..j {
                    s -= out[k] * g[k * l + j];
                }
                out[j] = s / g[j * l + j];
            }
            row.copy_from_slice(&out);
        }
    }
}

/// Eigen-decomposition of a symmetric `l × l` matrix (cyclic Jacobi). Returns eigenvalues
/// (descending) and the matching eigenvectors as the columns of a row-major matrix.
fn symmetric_eigen(mut a: Vec<f64>, l: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; l * l];
    for i in 0..l {
        v[i * l + i] = 1.0;
    }
    for _ in 0..60 {
        let off: f64 = (0..l)
            .flat_map(|i| (0..l).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * l + j].powi(2))
            .sum();
        let diag: f64 = (0..l).map(|i| a[i * l + i].powi(2)).sum();
        if off <= 1e-22 * diag {
            break;
        }
        for p in 0..l {
            for q in (p + 1)..l {
                let apq = a[p * l + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * l + q] - a[p * l + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..l {
                    let (akp, akq) = (a[k * l + p], a[k * l + q]);
                    a[k * l + p] = c * akp - s * akq;
                    a[k * l + q] = s * akp + c * akq;
                }
                for k in 0..l {
                    let (apk, aqk) = (a[p * l + k], a[q * l + k]);
                    a[p * l + k] = c * apk - s * aqk;
                    a[q * l + k] = s * apk + c * aqk;
                }
                for k in 0..l {
                    let (vkp, vkq) = (v[k * l + p], v[k * l + q]);
                    v[k * l + p] = c * vkp - s * vkq;
                    v[k * l + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut idx: Vec<usize> = (0..l).collect();
    idx.sort_by(|&x, &y| a[y * l + y].total_cmp(&a[x * l + x]).then(x.cmp(&y)));
    let vals = idx.iter().map(|&i| a[i * l + i]).collect();
    let mut vecs = vec![0f64; l * l];
    for (new, &old) in idx.iter().enumerate() {
        for k in 0..l {
            vecs[k * l + new] = v[k * l + old];
        }
    }
    (vals, vecs)
}

/// Unit-length `m × dims` row-major word vectors `U·Σ^½` of the truncated SVD of `a`.
fn svd_vectors(a: &Csr, m: usize, ncols: usize, options: &EmbedOptions) -> Vec<f32> {
    let d = options.dims.min(ncols).min(m);
    let l = (d + 20).min(ncols).min(m);
    let mut rng = Rng(options.seed | 1);
    let omega: Vec<f64> = (0..ncols * l).map(|_| rng.signed()).collect();
    let mut q = mul(a, &omega, l, m);
    orthonormalize(&mut q, l);
    for _ in 0..options.power_iters {
        let mut z = mul_t(a, &q, l, m, ncols);
        orthonormalize(&mut z, l);
        q = mul(a, &z, l, m);
        orthonormalize(&mut q, l);
    }
    // B = Qᵀ A; its left singular vectors are the eigenvectors of B Bᵀ = (AᵀQ)ᵀ(AᵀQ).
    let bt = mul_t(a, &q, l, m, ncols);
    let (vals, vecs) = symmetric_eigen(gram(&bt, l), l);
    let weights: Vec<f64> = vals.iter().take(d).map(|&e| e.max(0.0).sqrt().sqrt()).collect();
    let mut out = vec![0f32; m * d];
    for r in 0..m {
        let qr = &q[r * l..(r + 1) * l];
        let o = &mut out[r * d..(r + 1) * d];
        let mut norm = 0f64;
        let mut row = vec![0f64; d];
        for (j, x) in row.iter_mut().enumerate() {
            let s: f64 = (0..l).map(|k| qr[k] * vecs[k * l + j]).sum();
            *x = s * weights[j];
            norm += *x * *x;
        }
        let norm = norm.sqrt().max(1e-30);
        for (oj, x) in o.iter_mut().zip(&row) {
            *oj = (x / norm) as f32;
        }
    }
    out
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight partial sums: vectorizes and fixes the summation order.
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Spherical k-means over unit rows; returns each row's class.
fn spherical_kmeans(x: &[f32], d: usize, k: usize, iters: usize, seed: u64) -> Vec<u16> {
    let m = x.len() / d;
    let k = k.min(m);
    // Initial centroids: k distinct rows chosen by the seeded generator.
    let mut rng = Rng(seed | 1);
    let mut picked = vec![false; m];
    let mut cent = vec![0f32; k * d];
    let mut c = 0;
    while c < k {
        let r = (rng.next() % m as u64) as usize;
        if !picked[r] {
            picked[r] = true;
            cent[c * d..(c + 1) * d].copy_from_slice(&x[r * d..(r + 1) * d]);
            c += 1;
        }
    }
    let mut assign = vec![u16::MAX; m];
    let mut best_sim = vec![0f32; m];
    for _ in 0..iters.max(1) {
        let changed = assign_rows(x, d, &cent, &mut assign, &mut best_sim);
        // New centroids: normalized sums; an empty class takes the row that fits worst.
        let mut sums = vec![0f64; k * d];
        let mut sizes = vec![0usize; k];
        for r in 0..m {
            let a = assign[r] as usize;
            sizes[a] += 1;
            for (s, &v) in sums[a * d..(a + 1) * d].iter_mut().zip(&x[r * d..(r + 1) * d]) {
                *s += f64::from(v);
            }
        }
        let mut worst: Vec<usize> = (0..m).collect();
        worst.sort_by(|&p, &q| best_sim[p].total_cmp(&best_sim[q]).then(p.cmp(&q)));
        let mut next_worst = worst.into_iter();
        for j in 0..k {
            let cj = &mut cent[j * d..(j + 1) * d];
            if sizes[j] == 0 {
                if let Some(r) = next_worst.next() {
                    cj.copy_from_slice(&x[r * d..(r + 1) * d]);
                }
                continue;
            }
            let sj = &sums[j * d..(j + 1) * d];
            let norm = sj.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-30);
            for (o, &v) in cj.iter_mut().zip(sj) {
                *o = (v / norm) as f32;
            }
        }
        if changed == 0 {
            break;
        }
    }
    assign_rows(x, d, &cent, &mut assign, &mut best_sim);
    assign
}

/// Assigns each row to its nearest centroid (two threads; the result does not depend on the
/// split). Returns how many rows changed class.
fn assign_rows(x: &[f32], d: usize, cent: &[f32], assign: &mut [u16], best_sim: &mut [f32]) -> usize {
    let m = assign.len();
    let half = m / 2;
    let (a1, a2) = assign.split_at_mut(half);
    let (b1, b2) = best_sim.split_at_mut(half);
    let work = |rows: std::ops::Range<usize>, asg: &mut [u16], sim: &mut [f32]| -> usize {
        let mut changed = 0;
        for (i, r) in rows.enumerate() {
            let xr = &x[r * d..(r + 1) * d];
            let (mut best, mut bs) = (0usize, f32::NEG_INFINITY);
            for (j, cj) in cent.chunks_exact(d).enumerate() {
                let s = dot(xr, cj);
                if s > bs {
                    bs = s;
                    best = j;
                }
            }
            if asg[i] != best as u16 {
                changed += 1;
                asg[i] = best as u16;
            }
            sim[i] = bs;
        }
        changed
    };
    std::thread::scope(|s| {
        let h = s.spawn(|| work(half..m, a2, b2));
        let c1 = work(0..half, a1, b1);
        c1 + h.join().unwrap_or(0)
    })
}

/// Folded word → class id per view, keyed by 32-bit word hashes (the words themselves are not
/// stored). Serialized as its own file (magic `KNWC`); training copies the ids into the
/// [`super::ClusterTable`] the model embeds.
#[derive(Clone, Debug, Default)]
pub struct WordClasses {
    keys: Vec<u32>,
    ids: Vec<[u16; MAX_VIEWS]>,
    sizes: Vec<u16>,
    index: KeyIndex,
}

impl WordClasses {
    /// Builds the hashed table from [`word_classes`] output.
    #[must_use]
    pub fn from_words(words: &[ClassedWord]) -> Self {
        let views = words.first().map_or(0, |w| w.classes.len().min(MAX_VIEWS));
        let mut rows: Vec<(u32, [u16; MAX_VIEWS])> = words
            .iter()
            .map(|w| {
                let mut ids = [0u16; MAX_VIEWS];
                for (o, &c) in ids.iter_mut().zip(&w.classes) {
                    *o = c;
                }
                (word_key(hash_str(&w.word)), ids)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut sizes = vec![0u16; views];
        for (_, ids) in &rows {
            for (s, &c) in sizes.iter_mut().zip(ids) {
                *s = (*s).max(c + 1);
            }
        }
        let mut t = WordClasses {
            keys: rows.iter().map(|r| r.0).collect(),
            ids: rows.iter().map(|r| r.1).collect(),
            sizes,
            index: KeyIndex::default(),
        };
        t.reindex();
        t
    }

    fn reindex(&mut self) {
        self.index = KeyIndex::build(self.keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
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

    /// Number of views (granularities).
    #[must_use]
    pub fn views(&self) -> usize {
        self.sizes.len()
    }

    /// Classes per view.
    pub(super) fn sizes(&self) -> &[u16] {
        &self.sizes
    }

    /// Class ids of a word by its 32-bit key.
    pub(super) fn get_key(&self, key: u32) -> Option<[u16; MAX_VIEWS]> {
        self.index.get(key).map(|i| self.ids[i as usize])
    }

    /// Serializes (magic `KNWC`, version 1).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.header(*b"KNWC", 1);
        w.u8(self.sizes.len() as u8);
        for &s in &self.sizes {
            w.varint(u64::from(s));
        }
        w.sorted_keys(self.keys.iter().copied());
        for ids in &self.ids {
            for &c in &ids[..self.sizes.len()] {
                w.varint(u64::from(c));
            }
        }
        w.finish()
    }

    /// Reads what [`WordClasses::to_bytes`] wrote.
    ///
    /// # Errors
    /// [`ModelError`] for bytes that are not a class table of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes)?;
        r.header(*b"KNWC", "KNWC", 1)?;
        let views = usize::from(r.u8()?);
        if views > MAX_VIEWS {
            return Err(ModelError::Corrupt("too many class views"));
        }
        let mut t = WordClasses::default();
        for _ in 0..views {
            t.sizes.push(u16::try_from(r.varint()?).map_err(|_| ModelError::Corrupt("class count"))?);
        }
        t.keys = r.sorted_keys()?;
        for _ in 0..t.keys.len() {
            let mut ids = [0u16; MAX_VIEWS];
            for (v, id) in ids.iter_mut().enumerate().take(views) {
                *id = u16::try_from(r.varint()?).map_err(|_| ModelError::Corrupt("class id"))?;
                if *id >= t.sizes[v] {
                    return Err(ModelError::Corrupt("class id out of range"));
                }
            }
            t.ids.push(ids);
        }
        r.end()?;
        t.reindex();
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_small_symmetric_matrix() {
        let a = vec![2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0];
        let (vals, vecs) = symmetric_eigen(a.clone(), 3);
        assert!((vals[0] - 5.0).abs() < 1e-9 && (vals[1] - 3.0).abs() < 1e-9 && (vals[2] - 1.0).abs() < 1e-9);
        // A v = λ v for every column.
        for j in 0..3 {
            for i in 0..3 {
                let av: f64 = (0..3).map(|k| a[i * 3 + k] * vecs[k * 3 + j]).sum();
                assert!((av - vals[j] * vecs[i * 3 + j]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn orthonormalize_gives_orthonormal_columns() {
        let mut rng = Rng(7);
        let (n, l) = (50, 6);
        let mut x: Vec<f64> = (0..n * l).map(|_| rng.signed()).collect();
        orthonormalize(&mut x, l);
        let g = gram(&x, l);
        for i in 0..l {
            for j in 0..l {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((g[i * l + j] - want).abs() < 1e-9, "{i},{j}: {}", g[i * l + j]);
            }
        }
    }

    #[test]
    fn classes_separate_distributional_groups_and_round_trip() {
        let mut corpus = EmbedCorpus::new();
        let names = ["احمد", "محمد", "علي", "سمير"];
        let places = ["بغداد", "دمشق", "القاهره", "عمان"];
        for round in 0..40 {
            for (i, n) in names.iter().enumerate() {
                corpus.add_sentence(&["وقال", "الرئيس", n, "امس", "ان"]);
                corpus.add_sentence(&["وصل", "الوفد", "الى", places[(i + round) % 4], "صباح", "اليوم"]);
            }
        }
        // 11 distinct contexts: the names, the places, and 9 other words.
        let opts = EmbedOptions { dims: 6, classes: vec![2, 11], kmeans_iters: 20, ..EmbedOptions::default() };
        let words = word_classes(&corpus, &opts);
        let class = |w: &str, v: usize| words.iter().find(|x| x.word == w).map(|x| x.classes[v]);
        for v in 0..2 {
            assert!(names.iter().all(|n| class(n, v) == class("احمد", v)), "view {v}");
            assert!(places.iter().all(|p| class(p, v) == class("بغداد", v)), "view {v}");
        }
        assert_ne!(class("احمد", 1), class("بغداد", 1));
        assert_eq!(words, word_classes(&corpus, &opts), "deterministic");
        let table = WordClasses::from_words(&words);
        let back = WordClasses::from_bytes(&table.to_bytes()).expect("round trip");
        assert_eq!(back.to_bytes(), table.to_bytes());
        assert_eq!(back.views(), 2);
    }

    #[test]
    fn classes_attach_to_the_cluster_table_and_round_trip() {
        use super::super::clusters::{ClusterTable, ClusteredWord, NO_CLASS};
        let brown = |w: &str| ClusteredWord { word: w.to_owned(), path: 0b10, len: 2, leaf: 1, count: 5 };
        let mut table = ClusterTable::from_words(&[brown("بغداد"), brown("دمشق"), brown("قال")]);
        let classed = |w: &str, c: u16| ClassedWord { word: w.to_owned(), count: 5, classes: vec![c, c + 1] };
        table.attach_classes(&WordClasses::from_words(&[classed("بغداد", 2), classed("قال", 0)]));
        assert_eq!(table.class_views(), 2);
        let mut w = Writer::new();
        table.write(&mut w);
        table.write_classes(&mut w);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes).expect("reader");
        let mut back = ClusterTable::read(&mut r).expect("table");
        back.read_classes(&mut r).expect("classes");
        r.end().expect("all read");
        let get = |t: &ClusterTable, w: &str| t.get(hash_str(w)).map(|c| c.classes);
        assert_eq!(get(&back, "بغداد"), Some([2, 3, NO_CLASS]));
        assert_eq!(get(&back, "قال"), Some([0, 1, NO_CLASS]));
        assert_eq!(get(&back, "دمشق"), Some([NO_CLASS; MAX_VIEWS]));
    }
}
