//! First-order Viterbi decoding with IOB2 constraints.

use super::tags::NUM_TAGS;
#[cfg(test)]
use super::tags::Tag;

/// Score types the decoder works with: `i64` (quantized weights) and `f64` (training the
/// second pass).
pub(super) trait Score: Copy + PartialOrd {
    /// Below any reachable score.
    const NEG: Self;
    fn plus(self, other: Self) -> Self;
}

impl Score for i64 {
    const NEG: Self = i64::MIN / 4;
    fn plus(self, other: Self) -> Self {
        self.saturating_add(other)
    }
}

impl Score for f64 {
    const NEG: Self = f64::NEG_INFINITY;
    fn plus(self, other: Self) -> Self {
        self + other
    }
}

/// Transition scores: `trans[prev][cur]`, with row `NUM_TAGS` for the sentence start.
pub(super) type Transitions<S = i32> = [[S; NUM_TAGS]; NUM_TAGS + 1];

/// Whether tag index `cur` may follow `prev` (`NUM_TAGS` = sentence start).
#[cfg(test)]
fn allowed(prev: usize, cur: usize) -> bool {
    let next = Tag::from_index(cur);
    if prev == NUM_TAGS {
        return !matches!(next, Tag::I(_));
    }
    Tag::from_index(prev).allows(next)
}

const fn allowed_table() -> [[bool; NUM_TAGS]; NUM_TAGS + 1] {
    // I-X (even index ≥ 2) only after B-X (index - 1) or I-X (index); never at the start.
    let mut t = [[true; NUM_TAGS]; NUM_TAGS + 1];
    let mut p = 0;
    while p <= NUM_TAGS {
        let mut c = 2;
        while c < NUM_TAGS {
            t[p][c] = p < NUM_TAGS && (p == c || p + 1 == c);
            c += 2;
        }
        p += 1;
    }
    t
}

/// Allowed transitions, `[prev][cur]`.
const ALLOWED: [[bool; NUM_TAGS]; NUM_TAGS + 1] = allowed_table();

/// Reusable Viterbi buffers.
#[derive(Clone, Debug, Default)]
pub(super) struct Viterbi {
    back: Vec<[u8; NUM_TAGS]>,
}

impl Viterbi {
    /// Best tag sequence for emission scores `emit` (one row per token) into `out`.
    pub(super) fn decode<S: Score>(&mut self, emit: &[[S; NUM_TAGS]], trans: &Transitions<S>, out: &mut Vec<usize>) {
        out.clear();
        let n = emit.len();
        if n == 0 {
            return;
        }
        self.back.clear();
        self.back.resize(n, [0; NUM_TAGS]);
        let mut score = [S::NEG; NUM_TAGS];
        for (c, s) in score.iter_mut().enumerate() {
            if ALLOWED[NUM_TAGS][c] {
                *s = trans[NUM_TAGS][c].plus(emit[0][c]);
            }
        }
        for (row, back) in emit.iter().zip(self.back.iter_mut()).skip(1) {
            let mut next = [S::NEG; NUM_TAGS];
            for c in 0..NUM_TAGS {
                // I-X (even c ≥ 2) may only follow B-X (c - 1) or I-X (c).
                let preds = if c >= 2 && c % 2 == 0 { c - 1..c + 1 } else { 0..NUM_TAGS };
                let mut best = S::NEG;
                let mut arg = 0u8;
                for p in preds {
                    if score[p] <= S::NEG {
                        continue;
                    }
                    let v = score[p].plus(trans[p][c]);
                    if v > best {
                        best = v;
                        arg = p as u8;
                    }
                }
                if best > S::NEG {
                    next[c] = best.plus(row[c]);
                    back[c] = arg;
                }
            }
            score = next;
        }
        let mut last = 0usize;
        for c in 1..NUM_TAGS {
            if score[c] > score[last] {
                last = c;
            }
        }
        out.resize(n, 0);
        out[n - 1] = last;
        for i in (1..n).rev() {
            last = self.back[i][last] as usize;
            out[i - 1] = last;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_tag_rules() {
        for (p, row) in ALLOWED.iter().enumerate() {
            for (c, &ok) in row.iter().enumerate() {
                assert_eq!(ok, allowed(p, c), "{p} {c}");
            }
        }
    }

    #[test]
    fn never_outputs_dangling_inside() {
        // Emissions prefer I-PER everywhere; decoding must start with B-PER.
        let i_per = Tag::parse("I-PER").unwrap().index();
        let b_per = Tag::parse("B-PER").unwrap().index();
        let mut row = [0i64; NUM_TAGS];
        row[i_per] = 10;
        row[b_per] = 5;
        let emit = vec![row; 3];
        let trans = [[0i64; NUM_TAGS]; NUM_TAGS + 1];
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        v.decode(&emit, &trans, &mut out);
        assert_eq!(out, vec![b_per, i_per, i_per]);
    }
}
