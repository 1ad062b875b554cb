//! Training: averaged structured perceptron (Collins 2002) with Viterbi decoding, and an
//! optional stacked second pass trained on jackknifed first-pass output.

use super::clusters::ClusterTable;
use super::conll::TaggedSentence;
use super::consistency::{DocCounts, stack_features};
use super::decode::{Transitions, Viterbi};
use super::features::{FeatureBuf, Resources, Scratch, TokInfo, analyze_sentence, extract};
use super::gazetteer::Gazetteer;
use super::hash::{KeyIndex, Rng, hash_str, word_key};
use super::model::{Model, Parts, Stack, Weights};
use super::tags::{NUM_TAGS, Tag};

/// Training settings. Everything training depends on is here (no globals, no environment).
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffling.
    pub seed: u64,
    /// Word clusters (see [`super::brown_clusters`]); an empty table disables cluster features.
    pub clusters: ClusterTable,
    /// Features seen fewer times in training are dropped.
    pub min_feature_count: u32,
    /// Train the stacked second pass (document consistency).
    pub second_pass: bool,
    /// Jackknife folds used to produce first-pass output for training the second pass.
    pub folds: usize,
    /// Consecutive training sentences grouped as one pseudo-document for the second pass.
    pub doc_window: usize,
    /// Quantized weights with an absolute value at most this are dropped (shrinks the model).
    pub prune_below: i16,
    /// Feature rows (either pass) whose quantized weights all have an absolute value at most
    /// this are dropped: a smaller table, so faster lookups (weights span ±32000).
    pub prune_rows: i16,
    /// The same for the second pass's rows.
    pub prune_stack_rows: i16,
    /// Passes over the training data for the second pass.
    pub stack_epochs: usize,
    /// Typical size of the first-pass score fed to the second pass (a learning-rate knob).
    pub stack_base_scale: f64,
    /// The second pass also re-weights every first-pass feature (more accurate, slower).
    pub stack_full: bool,
    /// Feature templates to switch off (bit `t` = template `t`), for ablations.
    pub disabled_templates: u64,
    /// Perceptrons (different shuffles) averaged into each pass.
    pub ensemble: usize,
    /// Rounds of second-pass decoding at tagging time (each uses the previous round's tags).
    pub stack_rounds: usize,
    /// Perceptrons (different shuffles) averaged into the second pass.
    pub stack_ensemble: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 0x6b68_6162_6172,
            clusters: ClusterTable::default(),
            min_feature_count: 1,
            second_pass: true,
            folds: 5,
            doc_window: 40,
            prune_below: 0,
            prune_rows: 0,
            prune_stack_rows: 0,
            stack_epochs: 10,
            stack_base_scale: 4.0,
            stack_full: true,
            disabled_templates: 0,
            ensemble: 3,
            stack_rounds: 3,
            stack_ensemble: 3,
        }
    }
}

/// One training sentence, analyzed.
struct Prepared {
    infos: Vec<TokInfo>,
    feats: FeatureBuf,
    gold: Vec<usize>,
}

/// Trains a model on `sentences`. Deterministic: the same inputs give a byte-identical
/// [`Model::to_bytes`].
#[must_use]
pub fn train(sentences: &[TaggedSentence], options: &TrainOptions) -> Model {
    let gazetteer = Gazetteer::builtin();
    let res = Resources { gazetteer: &gazetteer, clusters: &options.clusters };
    let mut scratch = Scratch::default();
    let prepared: Vec<Prepared> = sentences
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            let toks = s.token_strs();
            analyze_sentence(&toks, &res, &mut scratch);
            let mut feats = FeatureBuf { disabled: options.disabled_templates, ..FeatureBuf::default() };
            extract(&scratch.infos, &mut feats);
            let gold = repair_iob(&s.tags);
            Prepared { infos: scratch.infos.clone(), feats, gold }
        })
        .collect();
    let all: Vec<usize> = (0..prepared.len()).collect();
    let pass1 = train_pass(&prepared, &all, |i| &prepared[i].feats, options);
    let pass2 = (options.second_pass && prepared.len() >= 2).then(|| train_second_pass(&prepared, options));
    // Lexicon: folded tokens inside gold mentions.
    let mut lex: Vec<u32> = Vec::new();
    for s in sentences {
        for (tok, tag) in s.tokens.iter().zip(&s.tags) {
            if *tag != Tag::O {
                lex.push(word_key(hash_str(&khabar_core::text::fold(tok))));
            }
        }
    }
    lex.sort_unstable();
    let mut entries: Vec<(u32, u32)> = Vec::new();
    for k in lex {
        match entries.last_mut() {
            Some(last) if last.0 == k => last.1 += 1,
            _ => entries.push((k, 1)),
        }
    }
    Model::assemble(Parts {
        gazetteer,
        clusters: options.clusters.clone(),
        lexicon: entries,
        pass1,
        pass2,
        doc_window: options.doc_window as u32,
        disabled: options.disabled_templates,
    })
}

/// The stacked second pass: jackknifed first-pass output over `folds` contiguous folds gives
/// each training sentence first-pass tags from a model that never saw it; document features
/// come from those tags over windows of `doc_window` sentences.
fn train_second_pass(prepared: &[Prepared], options: &TrainOptions) -> Stack {
    let folds = options.folds.clamp(2, prepared.len());
    let mut tags1: Vec<Vec<Tag>> = vec![Vec::new(); prepared.len()];
    let mut base: Vec<Vec<[f64; NUM_TAGS]>> = vec![Vec::new(); prepared.len()];
    let mut viterbi = Viterbi::default();
    let mut emit = Vec::new();
    let mut path = Vec::new();
    for f in 0..folds {
        let lo = prepared.len() * f / folds;
        let hi = prepared.len() * (f + 1) / folds;
        let rest: Vec<usize> = (0..lo).chain(hi..prepared.len()).collect();
        let w = train_pass(prepared, &rest, |i| &prepared[i].feats, options);
        for i in lo..hi {
            w.emissions(&prepared[i].feats, &mut emit);
            viterbi.decode(&emit, &w.trans.map(|r| r.map(i64::from)), &mut path);
            tags1[i] = path.iter().map(|&t| Tag::from_index(t)).collect();
            base[i] = emit.iter().map(|row| row.map(|v| v as f64 / f64::from(w.scale))).collect();
        }
    }
    // Normalize the first-pass scores to about `stack_base_scale` per token.
    let mut spread = 0.0;
    let mut count = 0usize;
    for row in base.iter().flatten() {
        let (lo, hi) = row.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        spread += hi - lo;
        count += 1;
    }
    let norm = if spread > 0.0 { options.stack_base_scale * count as f64 / spread } else { 1.0 };
    for row in base.iter_mut().flatten() {
        for v in row.iter_mut() {
            *v *= norm;
        }
    }
    let window = options.doc_window.max(1);
    let mut feats2: Vec<FeatureBuf> = Vec::with_capacity(prepared.len());
    let mut counts = DocCounts::default();
    let mut doc_infos: Vec<TokInfo> = Vec::new();
    for start in (0..prepared.len()).step_by(window) {
        let end = (start + window).min(prepared.len());
        doc_infos.clear();
        for p in &prepared[start..end] {
            doc_infos.extend_from_slice(&p.infos);
        }
        counts.group(&doc_infos);
        counts.count(tags1[start..end].iter().flatten().copied());
        let mut first = 0;
        for i in start..end {
            let mut out = FeatureBuf::default();
            stack_features(&prepared[i].infos, &tags1[i], &counts, first, &mut out);
            first += prepared[i].infos.len();
            if options.stack_full {
                out = concat_feats(&prepared[i].feats, &out);
            }
            feats2.push(out);
        }
    }
    let mut stack = train_stack(prepared, &base, &feats2, options);
    stack.full = options.stack_full;
    stack.rounds = options.stack_rounds.clamp(1, 255) as u8;
    // The stack saw scores multiplied by `norm`: fold that into the multipliers.
    for b in &mut stack.beta {
        *b = (f64::from(*b) * norm) as f32;
    }
    stack
}

/// Token-wise concatenation of two feature buffers over the same tokens.
fn concat_feats(a: &FeatureBuf, b: &FeatureBuf) -> FeatureBuf {
    let mut out = FeatureBuf::default();
    for t in 0..a.len() {
        out.begin_token();
        out.keys.extend_from_slice(a.token(t));
        out.keys.extend_from_slice(b.token(t));
    }
    out
}

/// Trains the second pass: perceptron over stack features plus the (normalized) first-pass
/// score of each tag as a real-valued feature.
#[allow(clippy::many_single_char_names, reason = "perceptron notation: w, u, c, g, p")]
fn train_stack(
    data: &[Prepared],
    base: &[Vec<[f64; NUM_TAGS]>],
    feats: &[FeatureBuf],
    options: &TrainOptions,
) -> Stack {
    let mut keys: Vec<u32> = feats.iter().flat_map(|f| f.keys.iter().copied()).collect();
    keys.sort_unstable();
    keys.dedup();
    let index = KeyIndex::build(keys.iter().enumerate().map(|(i, &k)| (k, i as u32)));
    let nf = keys.len();
    let ids: Vec<Vec<Vec<u32>>> = feats
        .iter()
        .map(|fb| (0..fb.len()).map(|t| fb.token(t).iter().filter_map(|&k| index.get(k)).collect()).collect())
        .collect();
    // Average `ensemble` perceptrons trained on different shuffles (as in the first pass).
    let members = options.stack_ensemble.max(1);
    let mut w = vec![0f64; nf * NUM_TAGS];
    let mut beta = [0f64; NUM_TAGS];
    let mut tw = [[0f64; NUM_TAGS]; NUM_TAGS + 1];
    for m in 0..members {
        let seed = options.seed.wrapping_add(0x9e37_79b9 * m as u64);
        let (mw, mt, mb) = stack_perceptron(data, base, &ids, nf, seed, options);
        let share = 1.0 / members as f64;
        for (a, v) in w.iter_mut().zip(&mw) {
            *a += v * share;
        }
        for (ar, tr) in tw.iter_mut().zip(&mt) {
            for (a, v) in ar.iter_mut().zip(tr) {
                *a += v * share;
            }
        }
        for (a, v) in beta.iter_mut().zip(&mb) {
            *a += v * share;
        }
    }
    let mut max_abs = 0f64;
    for v in w.iter().chain(tw.iter().flatten()) {
        max_abs = max_abs.max(v.abs());
    }
    let scale = if max_abs > 0.0 { 32000.0 / max_abs } else { 1.0 };
    let q = |x: f64| -> i16 { (x * scale).round().clamp(-32000.0, 32000.0) as i16 };
    let trans: Transitions = std::array::from_fn(|p| std::array::from_fn(|t| i32::from(q(tw[p][t]))));
    let entries: Vec<(u32, [i16; NUM_TAGS])> = keys
        .iter()
        .enumerate()
        .map(|(f, &k)| (k, std::array::from_fn(|t| q(w[f * NUM_TAGS + t]))))
        .filter(|(_, row): &(u32, [i16; NUM_TAGS])| row.iter().any(|v| v.abs() > options.prune_stack_rows))
        .collect();
    let beta_avg: [f32; NUM_TAGS] = std::array::from_fn(|t| beta[t] as f32);
    Stack { beta: beta_avg, weights: Weights::new(scale as f32, &trans, entries), full: false, rounds: 1 }
}

/// One averaged second-pass perceptron; returns averaged emission weights, transitions and
/// multipliers of the first-pass scores.
#[allow(clippy::many_single_char_names, reason = "perceptron notation: w, u, c, g, p")]
fn stack_perceptron(
    data: &[Prepared],
    base: &[Vec<[f64; NUM_TAGS]>],
    ids: &[Vec<Vec<u32>>],
    nf: usize,
    seed: u64,
    options: &TrainOptions,
) -> (Vec<f64>, Transitions<f64>, [f64; NUM_TAGS]) {
    let mut w = vec![0f64; nf * NUM_TAGS];
    let mut u = vec![0f64; nf * NUM_TAGS];
    let mut beta = [0f64; NUM_TAGS];
    let mut beta_u = [0f64; NUM_TAGS];
    let mut tw = [[0f64; NUM_TAGS]; NUM_TAGS + 1];
    let mut tu = [[0f64; NUM_TAGS]; NUM_TAGS + 1];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(seed.rotate_left(17) | 1);
    let mut c = 1.0f64;
    let mut viterbi = Viterbi::default();
    let mut emit: Vec<[f64; NUM_TAGS]> = Vec::new();
    let mut pred = Vec::new();
    for _ in 0..options.stack_epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let gold = &data[s].gold;
            emit.clear();
            for t in 0..gold.len() {
                let mut acc: [f64; NUM_TAGS] = std::array::from_fn(|k| beta[k] * base[s][t][k]);
                for &f in &ids[s][t] {
                    for k in 0..NUM_TAGS {
                        acc[k] += w[f as usize * NUM_TAGS + k];
                    }
                }
                emit.push(acc);
            }
            viterbi.decode(&emit, &tw, &mut pred);
            if pred != *gold {
                let (mut gp, mut pp) = (NUM_TAGS, NUM_TAGS);
                for t in 0..gold.len() {
                    let (g, p) = (gold[t], pred[t]);
                    if g != p {
                        for &f in &ids[s][t] {
                            let b = f as usize * NUM_TAGS;
                            w[b + g] += 1.0;
                            u[b + g] += c;
                            w[b + p] -= 1.0;
                            u[b + p] -= c;
                        }
                        let (xg, xp) = (base[s][t][g], base[s][t][p]);
                        beta[g] += xg;
                        beta_u[g] += c * xg;
                        beta[p] -= xp;
                        beta_u[p] -= c * xp;
                    }
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1.0;
                        tu[gp][g] += c;
                        tw[pp][p] -= 1.0;
                        tu[pp][p] -= c;
                    }
                    gp = g;
                    pp = p;
                }
            }
            c += 1.0;
        }
    }
    let avg = |wv: f64, uv: f64| wv - uv / c;
    let aw = w.iter().zip(&u).map(|(&wv, &uv)| avg(wv, uv)).collect();
    let at = std::array::from_fn(|p| std::array::from_fn(|t| avg(tw[p][t], tu[p][t])));
    let ab = std::array::from_fn(|t| avg(beta[t], beta_u[t]));
    (aw, at, ab)
}

/// One averaged perceptron over dense feature ids; returns averaged emission weights
/// (`nf × NUM_TAGS`) and transitions.
#[allow(clippy::many_single_char_names, reason = "perceptron notation: w, u, c, g, p")]
fn perceptron(
    data: &[Prepared],
    subset: &[usize],
    ids: &[Vec<u32>],
    starts: &[Vec<u32>],
    nf: usize,
    seed: u64,
    epochs: usize,
) -> (Vec<f64>, Transitions<f64>) {
    let mut w = vec![0i32; nf * NUM_TAGS];
    let mut u = vec![0i64; nf * NUM_TAGS];
    let mut tw: Transitions = [[0; NUM_TAGS]; NUM_TAGS + 1];
    let mut tu = [[0i64; NUM_TAGS]; NUM_TAGS + 1];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = (0..subset.len()).collect();
    let mut rng = Rng(seed | 1);
    let mut viterbi = Viterbi::default();
    let mut emit: Vec<[i64; NUM_TAGS]> = Vec::new();
    let mut pred: Vec<usize> = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &o in &order {
            let gold = &data[subset[o]].gold;
            let (v, st) = (&ids[o], &starts[o]);
            emit.clear();
            for t in 0..gold.len() {
                let mut acc = [0i64; NUM_TAGS];
                for &f in &v[st[t] as usize..st[t + 1] as usize] {
                    let row = &w[f as usize * NUM_TAGS..(f as usize + 1) * NUM_TAGS];
                    for k in 0..NUM_TAGS {
                        acc[k] += i64::from(row[k]);
                    }
                }
                emit.push(acc);
            }
            let tw64 = tw.map(|r| r.map(i64::from));
            viterbi.decode(&emit, &tw64, &mut pred);
            if pred != *gold {
                let mut gp = NUM_TAGS;
                let mut pp = NUM_TAGS;
                for t in 0..gold.len() {
                    let (g, p) = (gold[t], pred[t]);
                    if g != p {
                        for &f in &v[st[t] as usize..st[t + 1] as usize] {
                            let base = f as usize * NUM_TAGS;
                            w[base + g] += 1;
                            u[base + g] += c;
                            w[base + p] -= 1;
                            u[base + p] -= c;
                        }
                    }
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1;
                        tu[gp][g] += c;
                        tw[pp][p] -= 1;
                        tu[pp][p] -= c;
                    }
                    gp = g;
                    pp = p;
                }
            }
            c += 1;
        }
    }
    // Averaged weights: w - u / c.
    let cf = c as f64;
    let avg_w = w.iter().zip(&u).map(|(&wv, &uv)| f64::from(wv) - uv as f64 / cf).collect();
    let avg_t = std::array::from_fn(|p| std::array::from_fn(|t| f64::from(tw[p][t]) - tu[p][t] as f64 / cf));
    (avg_w, avg_t)
}

/// Gold tags as indices, with a dangling `I-X` (not after `B-X`/`I-X`) read as `B-X`, the way
/// `CoNLL` evaluation reads it.
fn repair_iob(tags: &[Tag]) -> Vec<usize> {
    let mut prev = Tag::O;
    tags.iter()
        .map(|&t| {
            let t = match t {
                Tag::I(l) if !prev.allows(t) => Tag::B(l),
                other => other,
            };
            prev = t;
            t.index()
        })
        .collect()
}

/// Trains one perceptron pass over the sentences `subset` of `data`, with features from `feats`.
fn train_pass<'a, F>(data: &[Prepared], subset: &[usize], feats: F, options: &TrainOptions) -> Weights
where
    F: Fn(usize) -> &'a FeatureBuf,
{
    // Feature dictionary: keys seen at least `min_feature_count` times, in key order.
    let mut keys: Vec<u32> = Vec::new();
    for &s in subset {
        keys.extend_from_slice(&feats(s).keys);
    }
    keys.sort_unstable();
    let mut dict: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while j < keys.len() && keys[j] == keys[i] {
            j += 1;
        }
        if (j - i) as u32 >= options.min_feature_count.max(1) {
            dict.push(keys[i]);
        }
        i = j;
    }
    drop(keys);
    let index = KeyIndex::build(dict.iter().enumerate().map(|(i, &k)| (k, i as u32)));
    // Dense feature ids per token.
    let mut ids: Vec<Vec<u32>> = Vec::with_capacity(subset.len());
    let mut starts: Vec<Vec<u32>> = Vec::with_capacity(subset.len());
    for &s in subset {
        let fb = feats(s);
        let mut v = Vec::with_capacity(fb.keys.len());
        let mut st = Vec::with_capacity(fb.len() + 1);
        for t in 0..fb.len() {
            st.push(v.len() as u32);
            v.extend(fb.token(t).iter().filter_map(|&k| index.get(k)));
        }
        st.push(v.len() as u32);
        ids.push(v);
        starts.push(st);
    }
    let nf = dict.len();
    let members = options.ensemble.max(1);
    let mut avg_w = vec![0f64; nf * NUM_TAGS];
    let mut avg_t = [[0f64; NUM_TAGS]; NUM_TAGS + 1];
    for m in 0..members {
        let seed = options.seed.wrapping_add(0x9e37_79b9 * m as u64);
        let (w, t) = perceptron(data, subset, &ids, &starts, nf, seed, options.epochs);
        for (a, v) in avg_w.iter_mut().zip(&w) {
            *a += v / members as f64;
        }
        for (ar, tr) in avg_t.iter_mut().zip(&t) {
            for (a, v) in ar.iter_mut().zip(tr) {
                *a += v / members as f64;
            }
        }
    }
    // Quantize to i16 with one scale.
    let max_abs = avg_w.iter().chain(avg_t.iter().flatten()).fold(0f64, |m, v| m.max(v.abs()));
    let scale = if max_abs > 0.0 { 32000.0 / max_abs } else { 1.0 };
    let q = |x: f64| -> i16 { (x * scale).round().clamp(-32000.0, 32000.0) as i16 };
    let trans: Transitions = std::array::from_fn(|p| std::array::from_fn(|t| i32::from(q(avg_t[p][t]))));
    let mut entries = Vec::with_capacity(nf);
    for (f, &key) in dict.iter().enumerate() {
        let row: [i16; NUM_TAGS] = std::array::from_fn(|t| {
            let v = q(avg_w[f * NUM_TAGS + t]);
            if v.abs() <= options.prune_below { 0 } else { v }
        });
        if row.iter().any(|v| v.abs() > options.prune_rows) {
            entries.push((key, row));
        }
    }
    Weights::new(scale as f32, &trans, entries)
}
