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
    /// The score as a predecessor: unchanged if reachable (above [`Score::NEG`]), else a floor
    /// so low that adding a transition score never lifts it above [`Score::NEG`]. This lets the
    /// decoder add and compare without first testing reachability.
    fn as_predecessor(self) -> Self;
    /// Whether no sum the decoder forms from `emit` and `trans` comes near the limits of the
    /// type, so that [`Score::plus_small`] and [`Score::as_predecessor_small`] give the same
    /// results as `plus` and `as_predecessor`, only faster.
    fn small(emit: &[[Self; NUM_TAGS]], trans: &Transitions<Self>) -> bool;
    /// `plus` for scores known to be [`Score::small`].
    fn plus_small(self, other: Self) -> Self;
    /// `as_predecessor` for scores known to be [`Score::small`].
    fn as_predecessor_small(self) -> Self;
    /// `self - other`, for scores known to be [`Score::small`] (or floors of such scores).
    fn minus_small(self, other: Self) -> Self;
}

impl Score for i64 {
    const NEG: Self = i64::MIN / 4;
    #[inline]
    fn plus(self, other: Self) -> Self {
        self.saturating_add(other)
    }
    /// Unreachable scores become `i64::MIN`; with transitions in `i32` range (they are
    /// quantized weights) `i64::MIN + t` stays far below `NEG = i64::MIN / 4`.
    #[inline]
    fn as_predecessor(self) -> Self {
        if self > Self::NEG { self } else { i64::MIN }
    }
    /// At most 2^24 tokens and every score in [-2^32, 2^32): a path score is then within ±2^57,
    /// so no `saturating_add` saturates and plain addition gives the same sums.
    fn small(emit: &[[Self; NUM_TAGS]], trans: &Transitions<Self>) -> bool {
        const LIMIT: i64 = 1 << 32;
        // `v` is in [-2^32, 2^32) exactly when `v + 2^32` (wrapping) is below 2^33 as unsigned:
        // an add, a shift and an or per score, which the compiler vectorizes.
        let outside = |row: &[i64; NUM_TAGS]| row.iter().fold(0, |acc, &v| acc | (v.wrapping_add(LIMIT) as u64) >> 33);
        emit.len() <= 1 << 24 && emit.iter().chain(trans.iter()).fold(0, |acc, row| acc | outside(row)) == 0
    }
    #[inline]
    fn plus_small(self, other: Self) -> Self {
        self + other
    }
    /// A floor of `i64::MIN / 2`: plus a transition (within ±2^32) it stays below `NEG`
    /// without overflowing, so a plain addition will do.
    #[inline]
    fn as_predecessor_small(self) -> Self {
        if self > Self::NEG { self } else { i64::MIN / 2 }
    }
    /// Within the small range (±2^57, floors at `i64::MIN / 2`, spans below 2^33) a plain
    /// subtraction cannot overflow.
    #[inline]
    fn minus_small(self, other: Self) -> Self {
        self - other
    }
}

impl Score for f64 {
    const NEG: Self = f64::NEG_INFINITY;
    #[inline]
    fn plus(self, other: Self) -> Self {
        self + other
    }
    /// `-inf + t` is `-inf` (or NaN), which never beats a candidate: nothing to change.
    #[inline]
    fn as_predecessor(self) -> Self {
        self
    }
    /// Float addition has no limits to keep away from: the general path is already plain.
    fn small(_: &[[Self; NUM_TAGS]], _: &Transitions<Self>) -> bool {
        false
    }
    #[inline]
    fn plus_small(self, other: Self) -> Self {
        self + other
    }
    #[inline]
    fn as_predecessor_small(self) -> Self {
        self
    }
    #[inline]
    fn minus_small(self, other: Self) -> Self {
        self - other
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

/// Tags that may follow any tag: `O` and every `B-X`.
const OPEN: [usize; 5] = [0, 1, 3, 5, 7];
/// The `I-X` tags, each allowed only after `B-X` (index − 1) or `I-X` itself.
const INSIDE: [usize; 4] = [2, 4, 6, 8];

/// Keeps `(v, p)` in `(best, arg)` when `v` beats `best` (so the first of equal scores wins).
#[inline]
fn keep_better<S: Score>(best: &mut S, arg: &mut u8, v: S, p: usize) {
    if v > *best {
        *best = v;
        *arg = p as u8;
    }
}

/// The widest spread of the transition scores into an open tag (`O`, `B-X`), over the tags it
/// may follow: `max over c in OPEN of (max_p trans[p][c] - min_p trans[p][c])`, `p` a tag.
///
/// A predecessor `p` whose score is below the best predecessor's (`top`, at `q`) by more than
/// this cannot win nor tie for an open tag `c`: `from[p] + trans[p][c] < top - span +
/// trans[p][c] <= top + trans[q][c]`, since `trans[p][c] - span <= min_r trans[r][c]`. For scores
/// known to be [`Score::small`] (the transitions within ±2^32, so the span below 2^33).
fn open_span<S: Score>(trans: &Transitions<S>) -> S {
    let mut span = None;
    for c in OPEN {
        let (mut lo, mut hi) = (trans[0][c], trans[0][c]);
        for row in &trans[1..NUM_TAGS] {
            if row[c] < lo {
                lo = row[c];
            }
            if row[c] > hi {
                hi = row[c];
            }
        }
        let d = hi.minus_small(lo);
        if span.is_none_or(|s| d > s) {
            span = Some(d);
        }
    }
    span.expect("OPEN is not empty")
}

/// The largest of nine scores, as a tree of comparisons (four deep, not eight: the decoder
/// waits on it at every token).
#[inline]
fn max9<S: Score>(v: &[S; NUM_TAGS]) -> S {
    let max = |a: S, b: S| if b > a { b } else { a };
    max(max(max(v[0], v[1]), max(v[2], v[3])), max(max(max(v[4], v[5]), max(v[6], v[7])), v[8]))
}

/// Reusable Viterbi buffers.
#[derive(Clone, Debug, Default)]
pub(super) struct Viterbi {
    back: Vec<[u8; NUM_TAGS]>,
}

impl Viterbi {
    /// Best tag sequence for emission scores `emit` (one row per token) into `out`.
    pub(super) fn decode<S: Score>(&mut self, emit: &[[S; NUM_TAGS]], trans: &Transitions<S>, out: &mut Vec<usize>) {
        if S::small(emit, trans) {
            self.run::<S, true>(emit, trans, out);
        } else {
            self.run::<S, false>(emit, trans, out);
        }
    }

    /// The decoder; with `SMALL` (scores known to be [`Score::small`]) it adds plainly.
    fn run<S: Score, const SMALL: bool>(
        &mut self,
        emit: &[[S; NUM_TAGS]],
        trans: &Transitions<S>,
        out: &mut Vec<usize>,
    ) {
        let plus = |a: S, b: S| if SMALL { a.plus_small(b) } else { a.plus(b) };
        out.clear();
        let n = emit.len();
        if n == 0 {
            return;
        }
        self.back.clear();
        self.back.resize(n, [0; NUM_TAGS]);
        let span = if SMALL { open_span(trans) } else { S::NEG };
        let mut score = [S::NEG; NUM_TAGS];
        for (c, s) in score.iter_mut().enumerate() {
            if ALLOWED[NUM_TAGS][c] {
                *s = trans[NUM_TAGS][c].plus(emit[0][c]);
            }
        }
        for (row, back) in emit.iter().zip(self.back.iter_mut()).skip(1) {
            let mut next = [S::NEG; NUM_TAGS];
            // Constant predecessor lists (rather than a range chosen per tag) let the compiler
            // unroll both loops; the order of predecessors, and so the tie-breaking, is unchanged.
            let from = score.map(if SMALL { S::as_predecessor_small } else { S::as_predecessor });
            // Predecessors in the outer loop: the tags are independent, so their comparisons
            // overlap; each tag still sees its predecessors in ascending order.
            let mut best = [S::NEG; OPEN.len()];
            let mut arg = [0u8; OPEN.len()];
            if SMALL {
                // Only a predecessor within `open_span` of the best one can win (or tie) for
                // an open tag: see `open_span`. The others are skipped; the kept ones are still
                // seen in ascending order, so ties are broken as before.
                let floor = max9(&from).minus_small(span);
                // The kept predecessors as bits, lowest first.
                let mut kept = from.iter().enumerate().fold(0u32, |bits, (p, &f)| bits | u32::from(f >= floor) << p);
                while kept != 0 {
                    let p = kept.trailing_zeros() as usize;
                    kept &= kept - 1;
                    for (m, &c) in OPEN.iter().enumerate() {
                        keep_better(&mut best[m], &mut arg[m], plus(from[p], trans[p][c]), p);
                    }
                }
            } else {
                for (p, &f) in from.iter().enumerate() {
                    for (m, &c) in OPEN.iter().enumerate() {
                        keep_better(&mut best[m], &mut arg[m], plus(f, trans[p][c]), p);
                    }
                }
            }
            for (m, &c) in OPEN.iter().enumerate() {
                if best[m] > S::NEG {
                    next[c] = plus(best[m], row[c]);
                    back[c] = arg[m];
                }
            }
            for c in INSIDE {
                let mut best = S::NEG;
                let mut arg = 0u8;
                for p in [c - 1, c] {
                    keep_better(&mut best, &mut arg, plus(from[p], trans[p][c]), p);
                }
                if best > S::NEG {
                    next[c] = plus(best, row[c]);
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
    fn small_scores_are_those_in_plus_or_minus_two_to_the_32() {
        let trans: Transitions<i64> = [[0; NUM_TAGS]; NUM_TAGS + 1];
        let with = |v: i64| {
            let mut row = [1i64; NUM_TAGS];
            row[NUM_TAGS - 1] = v;
            i64::small(&[[0; NUM_TAGS], row], &trans)
        };
        for v in [0, 1, -1, (1 << 32) - 1, -(1 << 32), 123_456_789] {
            assert!(with(v), "{v}");
        }
        for v in [1 << 32, -(1 << 32) - 1, i64::MAX, i64::MIN, i64::MIN / 4, 1 << 40] {
            assert!(!with(v), "{v}");
        }
        let mut big = trans;
        big[NUM_TAGS][0] = 1 << 33;
        assert!(!i64::small(&[[0; NUM_TAGS]], &big));
    }

    #[test]
    fn table_matches_tag_rules() {
        for (p, row) in ALLOWED.iter().enumerate() {
            for (c, &ok) in row.iter().enumerate() {
                assert_eq!(ok, allowed(p, c), "{p} {c}");
            }
        }
    }

    /// The decoder as it was before it was unrolled: predecessors tested for reachability one
    /// by one, over a range chosen per tag.
    fn reference<S: Score>(emit: &[[S; NUM_TAGS]], trans: &Transitions<S>) -> Vec<usize> {
        let n = emit.len();
        if n == 0 {
            return Vec::new();
        }
        let mut back = vec![[0u8; NUM_TAGS]; n];
        let mut score = [S::NEG; NUM_TAGS];
        for (c, s) in score.iter_mut().enumerate() {
            if ALLOWED[NUM_TAGS][c] {
                *s = trans[NUM_TAGS][c].plus(emit[0][c]);
            }
        }
        for (row, back) in emit.iter().zip(back.iter_mut()).skip(1) {
            let mut next = [S::NEG; NUM_TAGS];
            for c in 0..NUM_TAGS {
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
        let mut out = vec![0; n];
        out[n - 1] = last;
        for i in (1..n).rev() {
            last = back[i][last] as usize;
            out[i - 1] = last;
        }
        out
    }

    #[test]
    fn matches_the_reference_decoder_ties_included() {
        // Small score ranges make ties common, so the tie-breaking order is exercised too.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: i64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % (2 * range as u64 + 1)) as i64 - range
        };
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        for case in 0..3000 {
            let range = [1, 3, 1000, 1 << 40][case % 4];
            let n = case % 13;
            let emit: Vec<[i64; NUM_TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next(range))).collect();
            let trans: Transitions<i64> = std::array::from_fn(|_| std::array::from_fn(|_| next(range.min(1 << 30))));
            v.decode(&emit, &trans, &mut out);
            assert_eq!(out, reference(&emit, &trans), "i64 case {case}");
            let emit_f: Vec<[f64; NUM_TAGS]> = emit.iter().map(|r| r.map(|x| x as f64)).collect();
            let trans_f: Transitions<f64> = trans.map(|r| r.map(|x| x as f64));
            v.decode(&emit_f, &trans_f, &mut out);
            assert_eq!(out, reference(&emit_f, &trans_f), "f64 case {case}");
        }
    }

    #[test]
    fn pruning_keeps_every_predecessor_that_can_win() {
        // Transitions within ±2 units and emissions of a few units, with one transition or
        // emission far out now and then: the spread into each open tag, and so the pruning
        // bound, varies from tag to tag and from predecessor to predecessor, and many paths come
        // within the bound of the best. A bound left short of one predecessor row or one open
        // tag makes the decoder differ from the reference here.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        for case in 0..60_000 {
            let unit = [1i64, 1000, 1 << 20][case % 3];
            let n = 2 + case % 9;
            let mut trans: Transitions<i64> =
                std::array::from_fn(|_| std::array::from_fn(|_| (next() % 5) as i64 - 2).map(|t| t * unit));
            let mut emit: Vec<[i64; NUM_TAGS]> = (0..n)
                .map(|_| std::array::from_fn(|_| [0, 1, -1, 2, -2, 4, -4, 8, -8][(next() % 9) as usize] * unit))
                .collect();
            let far = if next() % 2 == 0 { 40 } else { -40 } * unit;
            let (r, c) = ((next() % (NUM_TAGS as u64 + 1)) as usize, (next() % NUM_TAGS as u64) as usize);
            if case % 2 == 0 {
                trans[r][c] = far;
            } else {
                emit[r % n][c] = far;
            }
            v.decode(&emit, &trans, &mut out);
            assert_eq!(out, reference(&emit, &trans), "case {case}");
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
