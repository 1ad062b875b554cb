//! Second-pass (stacked) features: the first pass's own tags around a token, and how the first
//! pass tagged the same word elsewhere in the document.
//!
//! ## Why
//! A name is usually tagged alike throughout an article ("label consistency", Krishnan &
//! Manning 2006; Ratinov & Roth 2009). The first pass already finds most mentions; the second
//! pass learns when to trust agreement elsewhere in the document.

use super::features::{FeatureBuf, T_NEXT_FREE, TokInfo};
use super::hash::word_key;
use super::tags::{NUM_TAGS, Tag};

const T_P1_TAG: u32 = T_NEXT_FREE; // +0..2 (i-1, i, i+1)
const T_DOC_SEEN: u32 = T_NEXT_FREE + 3;
const T_DOC_MAJ: u32 = T_NEXT_FREE + 4;
const T_DOC_MAJ_OWN: u32 = T_NEXT_FREE + 5;
const T_DOC_BARE_SEEN: u32 = T_NEXT_FREE + 6;
const T_P1_BIGRAM: u32 = T_NEXT_FREE + 7;
const T_DOC_NONE: u32 = T_NEXT_FREE + 8;
const T_BIAS2: u32 = T_NEXT_FREE + 16;
const T_P1_LABEL: u32 = T_NEXT_FREE + 13;

/// Tags of a document's tokens counted by word: tokens with the same stem key (and, apart, the
/// same bare key) form a group, and each group holds how often each tag occurs in it.
///
/// Grouping is done once per document ([`DocCounts::group`]); counting again after the tags
/// change ([`DocCounts::count`]) is one pass over the tokens.
#[derive(Clone, Debug, Default)]
pub(super) struct DocCounts {
    /// Group of each token's stem key.
    stem_group: Vec<u32>,
    /// Group of each token's bare key.
    bare_group: Vec<u32>,
    stem_counts: Vec<[u16; NUM_TAGS]>,
    bare_counts: Vec<[u16; NUM_TAGS]>,
    /// Hash table used for grouping: (key, group).
    table: Vec<(u32, u32)>,
}

impl DocCounts {
    /// Groups the tokens of a document (all its sentences, in order) by word.
    pub(super) fn group(&mut self, infos: &[TokInfo]) {
        let groups = Self::assign(infos, |t| word_key(t.stem), &mut self.table, &mut self.stem_group);
        self.stem_counts.clear();
        self.stem_counts.resize(groups, [0; NUM_TAGS]);
        let groups = Self::assign(infos, |t| word_key(t.bare), &mut self.table, &mut self.bare_group);
        self.bare_counts.clear();
        self.bare_counts.resize(groups, [0; NUM_TAGS]);
    }

    /// Numbers the distinct keys of `infos` (in order of first appearance) and writes each
    /// token's number into `group`; returns how many there are.
    fn assign(
        infos: &[TokInfo],
        key: impl Fn(&TokInfo) -> u32,
        table: &mut Vec<(u32, u32)>,
        group: &mut Vec<u32>,
    ) -> usize {
        // Open addressing by key (word keys are never 0, so 0 marks an empty slot).
        let mask = (infos.len() * 2).next_power_of_two().max(16) - 1;
        table.clear();
        table.resize(mask + 1, (0, 0));
        group.clear();
        let mut groups = 0u32;
        for t in infos {
            let k = key(t);
            let mut j = k as usize & mask;
            loop {
                let (sk, g) = table[j];
                if sk == k {
                    group.push(g);
                    break;
                }
                if sk == 0 {
                    table[j] = (k, groups);
                    group.push(groups);
                    groups += 1;
                    break;
                }
                j = (j + 1) & mask;
            }
        }
        groups as usize
    }

    /// Counts the tags of every token of the grouped document (`tags` in token order).
    pub(super) fn count(&mut self, tags: impl Iterator<Item = Tag>) {
        self.stem_counts.fill([0; NUM_TAGS]);
        self.bare_counts.fill([0; NUM_TAGS]);
        for ((tag, &s), &b) in tags.zip(&self.stem_group).zip(&self.bare_group) {
            let t = tag.index();
            let c = &mut self.stem_counts[s as usize][t];
            *c = c.saturating_add(1);
            let c = &mut self.bare_counts[b as usize][t];
            *c = c.saturating_add(1);
        }
    }

    /// Tag counts of the stem of document token `i` (the token itself included).
    pub(super) fn stem(&self, i: usize) -> &[u16; NUM_TAGS] {
        &self.stem_counts[self.stem_group[i] as usize]
    }

    /// Tag counts of the bare form of document token `i` (the token itself included).
    pub(super) fn bare(&self, i: usize) -> &[u16; NUM_TAGS] {
        &self.bare_counts[self.bare_group[i] as usize]
    }

    /// Group of the stem of document token `i`.
    pub(super) fn stem_group(&self, i: usize) -> usize {
        self.stem_group[i] as usize
    }

    /// Group of the bare form of document token `i`.
    pub(super) fn bare_group(&self, i: usize) -> usize {
        self.bare_group[i] as usize
    }

    /// Tag counts of every stem group.
    pub(super) fn stem_counts(&self) -> &[[u16; NUM_TAGS]] {
        &self.stem_counts
    }

    /// Tag counts of every bare group.
    pub(super) fn bare_counts(&self) -> &[[u16; NUM_TAGS]] {
        &self.bare_counts
    }
}

/// Label-level view of tag counts: PER, LOC, ORG, MISC, O (the last, [`LABELS`] − 1).
fn label_counts(c: &[u16; NUM_TAGS]) -> [u32; LABELS] {
    let mut l = [0u32; LABELS];
    l[LABELS - 1] = u32::from(c[0]);
    for k in 0..LABELS - 1 {
        l[k] = u32::from(c[1 + 2 * k]) + u32::from(c[2 + 2 * k]);
    }
    l
}

/// What [`stack_features`] finds for one token, as events with small domains; a [`StackSink`]
/// turns them into feature keys ([`FeatureBuf`]) or adds their weights ([`StackTable`]).
trait StackSink {
    fn begin_token(&mut self);
    /// The first-pass tags before, at and after the token (`OUTSIDE` past the sentence ends).
    fn context(&mut self, prev: usize, own: usize, next: usize);
    /// The token's word has no other tokens in the document.
    fn alone(&mut self, own: usize);
    /// Label `label` (PER LOC ORG MISC O) has `share` quarters of the word's other tokens.
    fn seen(&mut self, label: usize, share: usize);
    /// The majority label of the word's other tokens.
    fn majority(&mut self, label: usize, own: usize);
    /// Tag `tag` (not `O`) occurs among the word's other tokens.
    fn seen_tag(&mut self, tag: usize);
    /// Label `label` (not `O`) occurs among the other tokens of the token's bare form.
    fn bare_seen(&mut self, label: usize);
}

/// [`StackSink::context`]: the tag index standing for "past the sentence's ends".
const OUTSIDE: usize = NUM_TAGS;

/// How a tag index is hashed into the context features (99: past the ends).
fn tag_value(t: usize) -> u64 {
    if t == OUTSIDE { 99 } else { t as u64 }
}

impl StackSink for FeatureBuf {
    fn begin_token(&mut self) {
        FeatureBuf::begin_token(self);
    }
    fn context(&mut self, prev: usize, own: usize, next: usize) {
        self.push(T_BIAS2, 0);
        for (k, t) in [prev, own, next].into_iter().enumerate() {
            self.push(T_P1_TAG + k as u32, tag_value(t));
        }
        self.push(T_P1_BIGRAM, (tag_value(prev) << 8) | tag_value(own));
        // The label alone (B and I together) as well as the tag.
        self.push(T_P1_LABEL, if own == 0 { 4 } else { (own as u64 - 1) / 2 });
    }
    fn alone(&mut self, own: usize) {
        self.push(T_DOC_NONE, own as u64);
    }
    fn seen(&mut self, label: usize, share: usize) {
        self.push(T_DOC_SEEN, ((label as u64) << 8) | share as u64);
    }
    fn majority(&mut self, label: usize, own: usize) {
        self.push(T_DOC_MAJ, label as u64);
        self.push(T_DOC_MAJ_OWN, ((label as u64) << 8) | own as u64);
    }
    fn seen_tag(&mut self, tag: usize) {
        self.push(T_DOC_SEEN, 1000 + tag as u64);
    }
    fn bare_seen(&mut self, label: usize) {
        self.push(T_DOC_BARE_SEEN, label as u64);
    }
}

/// The second-pass weights of every event a [`StackSink`] can get, summed per event: tagging
/// adds a few dense rows per token instead of hashing and looking up each feature key.
///
/// Every event has a small domain (at most 10 × 9 × 10 tag contexts), so the table is built
/// once per model by asking the weights for the keys [`FeatureBuf`] would write for each value.
/// The rows are integer sums of the same weights, so the scores are exactly those of
/// [`stack_features`] looked up key by key (a test checks this).
#[derive(Clone, Debug)]
pub(super) struct StackTable {
    /// `[(prev * NUM_TAGS + own) * (NUM_TAGS + 1) + next]`.
    context: Vec<Row>,
    alone: [Row; NUM_TAGS],
    seen: [[Row; 4]; LABELS],
    /// `[label * NUM_TAGS + own]`.
    majority: Vec<Row>,
    seen_tag: [Row; NUM_TAGS],
    bare_seen: [Row; LABELS - 1],
}

type Row = [i32; NUM_TAGS];

/// PER, LOC, ORG, MISC, O.
const LABELS: usize = 5;

impl StackTable {
    /// Builds the table from `weights` (the row of a key, if it has one) and the switched-off
    /// templates `disabled`.
    pub(super) fn build(weights: impl Fn(u32) -> Option<[i16; NUM_TAGS]>, disabled: u64) -> Self {
        let mut buf = FeatureBuf { disabled, ..FeatureBuf::default() };
        let mut row = |event: &dyn Fn(&mut FeatureBuf)| -> Row {
            buf.clear();
            event(&mut buf);
            let mut acc = [0; NUM_TAGS];
            for w in buf.keys.iter().filter_map(|&k| weights(k)) {
                for (a, w) in acc.iter_mut().zip(w) {
                    *a += i32::from(w);
                }
            }
            acc
        };
        let mut context = Vec::with_capacity((NUM_TAGS + 1) * NUM_TAGS * (NUM_TAGS + 1));
        for prev in 0..=NUM_TAGS {
            for own in 0..NUM_TAGS {
                for next in 0..=NUM_TAGS {
                    context.push(row(&|b| b.context(prev, own, next)));
                }
            }
        }
        let mut majority = Vec::with_capacity(LABELS * NUM_TAGS);
        for label in 0..LABELS {
            for own in 0..NUM_TAGS {
                majority.push(row(&|b| b.majority(label, own)));
            }
        }
        StackTable {
            context,
            alone: std::array::from_fn(|own| row(&|b| b.alone(own))),
            seen: std::array::from_fn(|label| std::array::from_fn(|share| row(&|b| b.seen(label, share)))),
            majority,
            seen_tag: std::array::from_fn(|tag| row(&|b| b.seen_tag(tag))),
            bare_seen: std::array::from_fn(|label| row(&|b| b.bare_seen(label))),
        }
    }

    /// Adds the second-pass scores of the features [`stack_features`] writes for one sentence
    /// to `out` (a row per token), with the same arguments.
    pub(super) fn add_scores(
        &self,
        infos: &[TokInfo],
        tags1: &[Tag],
        counts: &DocCounts,
        first: usize,
        out: &mut [[i64; NUM_TAGS]],
    ) {
        stack_events(infos, tags1, counts, first, &mut TableSink { table: self, out, token: None });
    }
}

/// [`StackTable::add_scores`]'s sink: adds each event's row to its token's scores.
struct TableSink<'a> {
    table: &'a StackTable,
    out: &'a mut [[i64; NUM_TAGS]],
    /// The current token.
    token: Option<usize>,
}

impl TableSink<'_> {
    fn add(&mut self, row: Option<&Row>) {
        if let (Some(row), Some(out)) = (row, self.token.and_then(|i| self.out.get_mut(i))) {
            for (o, &w) in out.iter_mut().zip(row) {
                *o += i64::from(w);
            }
        }
    }
}

impl StackSink for TableSink<'_> {
    fn begin_token(&mut self) {
        self.token = Some(self.token.map_or(0, |i| i + 1));
    }
    fn context(&mut self, prev: usize, own: usize, next: usize) {
        let t = self.table;
        self.add(t.context.get((prev * NUM_TAGS + own) * (NUM_TAGS + 1) + next));
    }
    fn alone(&mut self, own: usize) {
        let t = self.table;
        self.add(t.alone.get(own));
    }
    fn seen(&mut self, label: usize, share: usize) {
        let t = self.table;
        self.add(t.seen.get(label).and_then(|s| s.get(share)));
    }
    fn majority(&mut self, label: usize, own: usize) {
        let t = self.table;
        self.add(t.majority.get(label * NUM_TAGS + own));
    }
    fn seen_tag(&mut self, tag: usize) {
        let t = self.table;
        self.add(t.seen_tag.get(tag));
    }
    fn bare_seen(&mut self, label: usize) {
        let t = self.table;
        self.add(t.bare_seen.get(label));
    }
}

/// Writes the second-pass features of every token of one sentence into `out`. `counts` holds
/// the whole document, grouped and counted; the sentence's first token is document token
/// `first`.
pub(super) fn stack_features(infos: &[TokInfo], tags1: &[Tag], counts: &DocCounts, first: usize, out: &mut FeatureBuf) {
    out.clear();
    stack_events(infos, tags1, counts, first, out);
}

/// The events of [`stack_features`], token after token, into `sink`.
fn stack_events(infos: &[TokInfo], tags1: &[Tag], counts: &DocCounts, first: usize, sink: &mut impl StackSink) {
    let n = infos.len();
    let tag_at = |j: usize| tags1.get(j).map_or(OUTSIDE, |t| t.index());
    for i in 0..n {
        sink.begin_token();
        let own = tags1[i].index();
        let prev = i.checked_sub(1).map_or(OUTSIDE, tag_at);
        sink.context(prev, own, tag_at(i + 1));
        // Document consistency.
        let mut c = *counts.stem(first + i);
        c[own] = c[own].saturating_sub(1);
        let l = label_counts(&c);
        let others: u32 = l.iter().sum();
        if others == 0 {
            sink.alone(own);
        } else {
            for (k, &v) in l.iter().enumerate() {
                if let (true, Some(share)) = (v > 0, (v * 4).checked_div(others)) {
                    sink.seen(k, share.min(3) as usize);
                }
            }
            let maj = (0..LABELS).max_by_key(|&k| (l[k], LABELS - k)).unwrap_or(LABELS - 1);
            sink.majority(maj, own);
            for (t, &count) in c.iter().enumerate().skip(1) {
                if count > 0 {
                    sink.seen_tag(t);
                }
            }
        }
        if infos[i].bare != infos[i].stem {
            let mut cb = *counts.bare(first + i);
            cb[own] = cb[own].saturating_sub(1);
            let lb = label_counts(&cb);
            for (k, &v) in lb.iter().enumerate().take(LABELS - 1) {
                if v > 0 {
                    sink.bare_seen(k);
                }
            }
        }
    }
}
