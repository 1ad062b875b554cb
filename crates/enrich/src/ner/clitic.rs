//! Where a name starts inside a token that may carry proclitics.
//!
//! ## What it does
//! `ANERcorp`-style tokens keep clitics attached, so a mention's first token can be `وتركيا`,
//! `بالرقة`, `لقسد` or `للقاعدة`. [`name_start`] returns the byte offset where the name begins:
//! after `و`/`ف` (conjunction), `ب`/`ك`/`ل` (preposition), or both (`وب`, `ول`, `فب`, ...).
//! For `لل` + noun (`ل` + the article with its `ا` elided) the name starts at the second `ل`
//! (`للقاعدة` → `لقاعدة`) and [`NameStart::article_elided`] is set; [`NameStart::canonical`]
//! gives the written-out form `القاعدة`.
//!
//! ## Why
//! The project's mention spans exclude clitics, but a first letter `و ف ب ل ك` is just as
//! often part of the name (`واشنطن`, `فرنسا`, `بغداد`, `لبنان`, `كوريا`).
//!
//! The split is made only on evidence: the stripped form must score higher than the whole token
//! by the supplied `evidence` (for [`super::Model::name_start`]: corpus frequency from the
//! cluster vocabulary, gazetteer names, and tokens seen inside training mentions), and keep at
//! least two letters (two-letter remainders need gazetteer-strength evidence). With no evidence
//! for any form, the article case is split (`وال…`, `بال…`, `لل…`), else a leading conjunction
//! `و`/`ف` before at least three letters; a leading `ب ك ل` is then kept.

use khabar_core::text::{fold_char, is_arabic_letter};

use super::features::{Split, proclitic_splits};

/// Where the name starts in a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameStart {
    /// Byte offset into the token (0 = no proclitic stripped).
    pub offset: usize,
    /// `لل` case: the token had `ل` + `ال` with the `ا` elided; the name, written out, is
    /// `ا` + the rest.
    pub article_elided: bool,
}

impl NameStart {
    /// The name part of `token`.
    #[must_use]
    pub fn name<'a>(&self, token: &'a str) -> &'a str {
        &token[self.offset..]
    }

    /// The name as it would be written alone: the article restored in the `لل` case.
    #[must_use]
    pub fn canonical(&self, token: &str) -> String {
        if self.article_elided { format!("ا{}", self.name(token)) } else { self.name(token).to_owned() }
    }
}

/// Evidence at or above this lets a two-letter remainder count as a name. [`super::Model`]
/// gives it to gazetteer names only (corpus frequency and training mentions stay below it).
pub const STRONG_EVIDENCE: u64 = 1 << 24;

/// Finds where the name starts in `token`, deciding with `evidence`, a score for a *folded*
/// word (higher = more clearly a word or name in its own right; 0 = unknown). A remainder must
/// keep at least two letters, and a two-letter remainder needs [`STRONG_EVIDENCE`].
pub fn name_start(token: &str, evidence: impl Fn(&str) -> u64) -> NameStart {
    name_start_with(token, evidence)
}

pub(super) fn name_start_with(token: &str, evidence: impl Fn(&str) -> u64) -> NameStart {
    let none = NameStart { offset: 0, article_elided: false };
    // Fold, remembering the raw byte offset of each folded char.
    let mut folded = String::with_capacity(token.len());
    let mut raw_at: Vec<usize> = Vec::with_capacity(token.len() / 2);
    for (b, c) in token.char_indices() {
        if let Some(f) = fold_char(c) {
            folded.push(f);
            raw_at.push(b);
        }
    }
    let mut splits = Vec::new();
    proclitic_splits(&folded, &mut splits);
    if splits.is_empty() {
        return none;
    }
    let candidate = |s: &Split| -> String {
        let rest = &folded[s.skip..];
        if s.article_elided { format!("ا{rest}") } else { rest.to_owned() }
    };
    let letters = |s: &str| s.chars().filter(|&c| is_arabic_letter(c)).count();
    let full = evidence(&folded);
    let mut best: Option<(u64, Split)> = None;
    for s in &splits {
        let name = candidate(s);
        let n = letters(&name);
        let score = evidence(&name);
        // Two-letter remainders (`كري` → `ري`) need strong evidence, not just frequency.
        if n < 2 || (n == 2 && score < STRONG_EVIDENCE) {
            continue;
        }
        if score > full && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, *s));
        }
    }
    if best.is_none() && full == 0 {
        // No evidence for any form: split before the article, else after a conjunction
        // (`وكري` → `كري`): an unseen token that starts a mention with و/ف is far more often
        // "and X" than a name beginning with و/ف (those are known words: واشنطن، وليد، فرنسا).
        best = splits
            .iter()
            .rev()
            .find(|s| {
                let rest = &folded[s.skip..];
                s.article_elided || (rest.starts_with("ال") && letters(rest) >= 4)
            })
            .or_else(|| splits.iter().find(|s| s.kind % 4 == 0 && letters(&folded[s.skip..]) >= 3))
            .map(|s| (0, *s));
    }
    let Some((_, s)) = best else { return none };
    let skipped_chars = folded[..s.skip].chars().count();
    let offset = raw_at.get(skipped_chars).copied().unwrap_or(token.len());
    NameStart { offset, article_elided: s.article_elided }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(words: &'static [(&'static str, u64)]) -> impl Fn(&str) -> u64 {
        move |w| words.iter().find(|(k, _)| *k == w).map_or(0, |(_, v)| *v)
    }

    #[test]
    fn strips_on_evidence_only() {
        let ev = known(&[
            ("قسد", 50),
            ("تركيا", 900),
            ("بغداد", 800),
            ("الرقه", 300),
            ("القاعده", 70),
            ("لبنان", 900),
            ("بنان", 3),
        ]);
        let cases = [
            ("لقسد", "قسد", false),
            ("وتركيا", "تركيا", false),
            ("بالرقة", "الرقة", false),
            ("بغداد", "بغداد", false),
            ("لبنان", "لبنان", false),
            ("للقاعدة", "لقاعدة", true),
            ("وبالرقة", "الرقة", false),
            ("وقسد", "قسد", false),
            ("كري", "كري", false),
        ];
        for (token, name, elided) in cases {
            let s = name_start(token, &ev);
            assert_eq!((s.name(token), s.article_elided), (name, elided), "{token}");
        }
        assert_eq!(name_start("للقاعدة", &ev).canonical("للقاعدة"), "القاعدة");
    }

    #[test]
    fn without_evidence_splits_before_the_article_or_after_a_conjunction() {
        let ev = |_: &str| 0;
        assert_eq!(name_start("بالمدينة", ev).name("بالمدينة"), "المدينة");
        assert_eq!(name_start("بوتين", ev).offset, 0);
        assert_eq!(name_start("وكري", ev).name("وكري"), "كري");
        assert_eq!(name_start("لندا", ev).offset, 0);
        assert_eq!(name_start("وَبِالرقة", ev).name("وَبِالرقة"), "الرقة");
    }
}
