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

/// Label-level view of tag counts: PER, LOC, ORG, MISC, O.
fn label_counts(c: &[u16; NUM_TAGS]) -> [u32; 5] {
    let mut l = [0u32; 5];
    l[4] = u32::from(c[0]);
    for k in 0..4 {
        l[k] = u32::from(c[1 + 2 * k]) + u32::from(c[2 + 2 * k]);
    }
    l
}

/// Writes the second-pass features of every token of one sentence into `out`. `counts` holds
/// the whole document, grouped and counted; the sentence's first token is document token
/// `first`.
pub(super) fn stack_features(infos: &[TokInfo], tags1: &[Tag], counts: &DocCounts, first: usize, out: &mut FeatureBuf) {
    out.clear();
    let n = infos.len();
    let tag_at = |j: isize| -> u64 { if j < 0 || j as usize >= n { 99 } else { tags1[j as usize].index() as u64 } };
    for i in 0..n {
        out.begin_token();
        let ii = i as isize;
        let own = tags1[i].index();
        out.push(T_BIAS2, 0);
        for (k, off) in [-1isize, 0, 1].into_iter().enumerate() {
            out.push(T_P1_TAG + k as u32, tag_at(ii + off));
        }
        out.push(T_P1_BIGRAM, (tag_at(ii - 1) << 8) | tag_at(ii));
        // The label alone (B and I together) as well as the tag.
        out.push(T_P1_LABEL, if own == 0 { 4 } else { (own as u64 - 1) / 2 });
        // Document consistency.
        let mut c = *counts.stem(first + i);
        c[own] = c[own].saturating_sub(1);
        let l = label_counts(&c);
        let others: u32 = l.iter().sum();
        if others == 0 {
            out.push(T_DOC_NONE, own as u64);
        } else {
            for (k, &v) in l.iter().enumerate() {
                if let (true, Some(share)) = (v > 0, (v * 4).checked_div(others)) {
                    out.push(T_DOC_SEEN, ((k as u64) << 8) | u64::from(share.min(3)));
                }
            }
            let maj = (0..5).max_by_key(|&k| (l[k], 5 - k)).unwrap_or(4);
            out.push(T_DOC_MAJ, maj as u64);
            out.push(T_DOC_MAJ_OWN, ((maj as u64) << 8) | own as u64);
            for (t, &count) in c.iter().enumerate().skip(1) {
                if count > 0 {
                    out.push(T_DOC_SEEN, 1000 + t as u64);
                }
            }
        }
        if infos[i].bare != infos[i].stem {
            let mut cb = *counts.bare(first + i);
            cb[own] = cb[own].saturating_sub(1);
            let lb = label_counts(&cb);
            for (k, &v) in lb.iter().enumerate().take(4) {
                if v > 0 {
                    out.push(T_DOC_BARE_SEEN, k as u64);
                }
            }
        }
    }
}
