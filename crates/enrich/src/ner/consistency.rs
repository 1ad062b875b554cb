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

/// First-pass tags of a document, by word.
#[derive(Clone, Debug, Default)]
pub(super) struct DocContext {
    /// (stem key, tag index), one per token; sorted by [`DocContext::finish`].
    stems: Vec<(u32, u8)>,
    bares: Vec<(u32, u8)>,
    sorted: bool,
}

impl DocContext {
    pub(super) fn add_sentence(&mut self, infos: &[TokInfo], tags: &[Tag]) {
        for (info, tag) in infos.iter().zip(tags) {
            self.stems.push((word_key(info.stem), tag.index() as u8));
            self.bares.push((word_key(info.bare), tag.index() as u8));
        }
        self.sorted = false;
    }

    /// Sorts the collected entries; call once after the last [`DocContext::add_sentence`].
    pub(super) fn finish(&mut self) {
        if !self.sorted {
            self.stems.sort_unstable();
            self.bares.sort_unstable();
            self.sorted = true;
        }
    }

    fn counts(list: &[(u32, u8)], key: u32) -> [u16; NUM_TAGS] {
        let mut c = [0u16; NUM_TAGS];
        let start = list.partition_point(|e| e.0 < key);
        for &(k, t) in &list[start..] {
            if k != key {
                break;
            }
            c[t as usize] = c[t as usize].saturating_add(1);
        }
        c
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

/// Writes the second-pass features of every token into `out`. `ctx` must be finished.
pub(super) fn stack_features(infos: &[TokInfo], tags1: &[Tag], ctx: &DocContext, out: &mut FeatureBuf) {
    debug_assert!(ctx.sorted || ctx.stems.is_empty());
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
        let mut c = DocContext::counts(&ctx.stems, word_key(infos[i].stem));
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
            let mut cb = DocContext::counts(&ctx.bares, word_key(infos[i].bare));
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
