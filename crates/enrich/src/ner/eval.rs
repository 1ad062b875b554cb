//! `CoNLL` exact-span evaluation (what `conlleval` computes): a predicted mention counts only
//! when its first token, last token and label all match a gold mention.

use std::fmt;

use super::tags::{Label, Tag};

/// Mentions of a tag sequence as `(first token, end token exclusive, label)`. A dangling
/// `I-X` (after `O` or another label) starts a mention, as in `conlleval`.
#[must_use]
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Label)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = matches!((t, cur), (Tag::I(l), Some((_, c))) if l == c);
        if continues {
            continue;
        }
        if let Some((s, l)) = cur.take() {
            out.push((s, i, l));
        }
        if let Tag::B(l) | Tag::I(l) = t {
            cur = Some((i, l));
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

/// Counts and scores for one label, or for all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeScores {
    /// Predicted mentions that match a gold mention exactly.
    pub tp: usize,
    /// Predicted mentions that match none.
    pub fp: usize,
    /// Gold mentions not predicted.
    pub fn_: usize,
}

impl TypeScores {
    /// Precision in percent.
    #[must_use]
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.tp + self.fp)
    }
    /// Recall in percent.
    #[must_use]
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.tp + self.fn_)
    }
    /// F1 in percent.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

/// Micro-averaged and per-label scores.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// All labels together (micro average).
    pub overall: TypeScores,
    /// Per label, in [`Label::ALL`] order.
    pub per_label: [TypeScores; 4],
}

/// Scores predicted tag sequences against gold ones (same sentences, same lengths).
#[must_use]
pub fn evaluate(gold: &[Vec<Tag>], pred: &[Vec<Tag>]) -> Scores {
    let mut s = Scores::default();
    for (g, p) in gold.iter().zip(pred) {
        let gs = spans(g);
        let ps = spans(p);
        for m in &ps {
            let k = m.2.index();
            if gs.contains(m) {
                s.overall.tp += 1;
                s.per_label[k].tp += 1;
            } else {
                s.overall.fp += 1;
                s.per_label[k].fp += 1;
            }
        }
        for m in &gs {
            if !ps.contains(m) {
                s.overall.fn_ += 1;
                s.per_label[m.2.index()].fn_ += 1;
            }
        }
    }
    s
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, t: &TypeScores| {
            writeln!(
                f,
                "{name:<8} P {:6.2}  R {:6.2}  F1 {:6.2}  (tp {}, fp {}, fn {})",
                t.precision(),
                t.recall(),
                t.f1(),
                t.tp,
                t.fp,
                t.fn_
            )
        };
        row(f, "overall", &self.overall)?;
        for (l, t) in Label::ALL.iter().zip(&self.per_label) {
            row(f, l.as_str(), t)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| Tag::parse(t).unwrap()).collect()
    }

    #[test]
    fn spans_follow_conlleval() {
        assert_eq!(
            spans(&tags("B-PER I-PER O I-LOC B-LOC I-ORG")),
            vec![(0, 2, Label::Per), (3, 4, Label::Loc), (4, 5, Label::Loc), (5, 6, Label::Org)]
        );
    }

    #[test]
    fn exact_match_only() {
        let g = vec![tags("B-PER I-PER O B-LOC")];
        let p = vec![tags("B-PER O O B-LOC")];
        let s = evaluate(&g, &p);
        assert_eq!(s.overall, TypeScores { tp: 1, fp: 1, fn_: 1 });
        assert!((s.overall.f1() - 50.0).abs() < 1e-9);
    }
}
