//! The gazetteer: file format, loading, and matching.
//!
//! ## File format
//! UTF-8 text, one entity per line, three tab-separated fields:
//! `LABEL<TAB>canonical name<TAB>alias|alias|...` (the third field may be empty or missing).
//! `LABEL` is `PER`, `ORG`, `LOC` or `MISC`. Blank lines and lines starting with `#` are
//! ignored. Names are listed without clitics; letter variants need not be listed (matching
//! folds أ إ آ → ا, ى → ي, ة → ه and drops diacritics). When two entries share a name, the
//! later one wins, so a user file can override the built-in list.

use std::collections::HashMap;

use khabar_core::EntityId;
use khabar_core::text::is_arabic_mark;

use crate::tokens::Tokens;

/// The built-in gazetteer, `data/gazetteer.tsv`.
pub const BUILTIN: &str = include_str!("../../data/gazetteer.tsv");

/// A line of a gazetteer file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("gazetteer {file} line {line}: {message}")]
pub struct GazetteerError {
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, and what was expected.
    pub message: String,
}

/// One canonical entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: &'static str,
    /// Canonical name.
    pub canonical: String,
    /// Stable ID of the canonical entity.
    pub entity_id: EntityId,
}

/// A gazetteer name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerMatch {
    /// Byte offset of the name, after any clitic.
    pub start: usize,
    /// Byte offset one past the name.
    pub end: usize,
    /// The entry matched.
    pub entry: usize,
}

/// A name as folded words, pointing at its entry.
#[derive(Debug, Clone)]
struct Name {
    rest: Vec<String>,
    entry: usize,
}

/// Names indexed by their first folded word.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Folded first word → names starting with it, longest first. Only looked up, never
    /// iterated, so the map's order (and its hash) cannot reach the output.
    index: HashMap<String, Vec<Name>, std::hash::BuildHasherDefault<ahash::AHasher>>,
}

fn label_of(s: &str) -> Option<&'static str> {
    match s {
        "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" => Some("LOC"),
        "MISC" => Some("MISC"),
        _ => None,
    }
}

impl Gazetteer {
    /// Builds a gazetteer from files given as `(name, contents)`, later files overriding
    /// earlier ones.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, GazetteerError> {
        let mut gazetteer = Self::default();
        // Folded name → entry, so a later listing of the same name replaces the earlier one.
        let mut by_name: HashMap<Vec<String>, usize> = HashMap::new();
        let mut order: Vec<Vec<String>> = Vec::new();
        for (file, contents) in sources {
            for (i, line) in contents.lines().enumerate() {
                let err = |message: String| GazetteerError { file: file.to_owned(), line: i + 1, message };
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                let mut fields = line.split('\t');
                let label_field = fields.next().unwrap_or_default().trim();
                let label = label_of(label_field)
                    .ok_or_else(|| err(format!("label {label_field:?} is not one of PER, ORG, LOC, MISC")))?;
                let canonical = fields.next().map(str::trim).filter(|c| !c.is_empty()).ok_or_else(|| {
                    err("expected LABEL<TAB>canonical<TAB>aliases, found no canonical name".to_owned())
                })?;
                let aliases = fields.next().unwrap_or_default();
                if fields.next().is_some() {
                    return Err(err("more than three tab-separated fields".to_owned()));
                }
                let entry = gazetteer.entries.len();
                gazetteer.entries.push(Entry {
                    label,
                    canonical: canonical.to_owned(),
                    entity_id: EntityId::new(label, canonical),
                });
                for name in std::iter::once(canonical).chain(aliases.split('|')) {
                    let words = crate::tokens::tokenize(name.trim());
                    if words.is_empty() {
                        continue;
                    }
                    let key: Vec<String> = words.folded_words().map(str::to_owned).collect();
                    if by_name.insert(key.clone(), entry).is_none() {
                        order.push(key);
                    }
                }
            }
        }
        // Longest names first, so each index list is ordered longest first.
        order.sort_by_key(|key| std::cmp::Reverse(key.len()));
        for key in order {
            let entry = by_name[&key];
            let (first, rest) = key.split_first().expect("names have at least one word");
            gazetteer.index.entry(first.clone()).or_default().push(Name { rest: rest.to_vec(), entry });
        }
        Ok(gazetteer)
    }

    /// The built-in gazetteer alone.
    #[must_use]
    pub fn builtin() -> Self {
        Self::from_sources([("builtin", BUILTIN)]).expect("the built-in gazetteer parses (tested)")
    }

    /// The entry at `index`.
    #[must_use]
    pub fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// The entry one of whose names is exactly these folded words, if any.
    #[must_use]
    pub fn lookup(&self, words: &[String]) -> Option<&Entry> {
        let (first, rest) = words.split_first()?;
        self.index.get(first)?.iter().find(|n| n.rest == rest).map(|n| &self.entries[n.entry])
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds names in `text`, whose words are `tokens`: longest match first, left to right,
    /// never overlapping.
    #[must_use]
    pub fn find(&self, text: &str, tokens: &Tokens) -> Vec<GazetteerMatch> {
        let mut out = Vec::new();
        let mut variants = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<(usize, GazetteerMatch)> = None; // (words, match)
            let token = tokens.get(i);
            clitic_variants(&text[token.start..token.end], tokens.folded(i), &mut variants);
            for (stem_offset, key) in variants.drain(..) {
                let Some(names) = self.index.get(key.as_ref()) else { continue };
                for name in names {
                    let n = name.rest.len();
                    if best.as_ref().is_some_and(|(words, _)| *words > n) {
                        break;
                    }
                    if Self::rest_matches(text, tokens, i, &name.rest) {
                        let m = GazetteerMatch {
                            start: token.start + stem_offset,
                            end: tokens.get(i + n).end,
                            entry: name.entry,
                        };
                        best = Some((n + 1, m));
                        break;
                    }
                }
            }
            match best {
                Some((words, m)) => {
                    out.push(m);
                    i += words;
                }
                None => i += 1,
            }
        }
        out
    }

    fn rest_matches(text: &str, tokens: &Tokens, i: usize, rest: &[String]) -> bool {
        if i + rest.len() >= tokens.len() {
            return false;
        }
        rest.iter().enumerate().all(|(k, word)| {
            let prev = tokens.get(i + k);
            let next = tokens.get(i + k + 1);
            tokens.folded(i + k + 1) == word && text[prev.end..next.start].chars().all(|c| c == ' ')
        })
    }
}

/// The ways to read a word: as is, then with proclitics stripped. Yields the byte offset
/// where the name starts within the word, and the folded key to look up.
///
/// Proclitics: an optional conjunction (و ف), then an optional preposition (ب ل ك), at
/// least one of them; what is left must be two letters or more. `لل` + noun is ل + ال with
/// the alef dropped: the name starts at the second ل and is looked up with ال restored.
fn clitic_variants<'a>(word: &str, folded: &'a str, out: &mut Vec<(usize, std::borrow::Cow<'a, str>)>) {
    use std::borrow::Cow;
    out.push((0, Cow::Borrowed(folded)));
    // The first three letters (marks skipped) and where they start.
    let mut chars = [(0usize, '\0'); 3];
    let mut len = 0;
    for (at, c) in word.char_indices().filter(|&(_, c)| !is_arabic_mark(c)).take(3) {
        chars[len] = (at, c);
        len += 1;
    }
    let chars = &chars[..len];
    let Some(&(_, first)) = chars.first() else { return };
    if !matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
        return;
    }
    let conj = matches!(first, 'و' | 'ف');
    let k = usize::from(conj);
    // Clitic letters fold to themselves and marks fold to nothing, so the folded stem is the
    // folded word without its first `j` chars: a slice, not a new string.
    let folded_from = |j: usize| folded.char_indices().nth(j).map_or("", |(at, _)| &folded[at..]);
    for prep in [false, true] {
        let mut j = k;
        if prep {
            match chars.get(j) {
                Some(&(_, 'ب' | 'ل' | 'ك')) => j += 1,
                _ => continue,
            }
        }
        let stem = folded_from(j);
        if j == 0 || stem.chars().count() < 2 {
            continue;
        }
        let stem_at = chars.get(j).map_or(word.len(), |&(at, _)| at);
        out.push((stem_at, Cow::Borrowed(stem)));
        // ل + ال: "للقاعدة" → stem "لقاعدة", looked up as "القاعدة".
        if prep && chars[j - 1].1 == 'ل' && stem.starts_with('ل') {
            out.push((stem_at, Cow::Owned(format!("ا{stem}"))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn names(text: &str) -> Vec<(String, &'static str, String)> {
        let g = Gazetteer::builtin();
        g.find(text, &tokenize(text))
            .into_iter()
            .map(|m| {
                let e = g.entry(m.entry);
                (text[m.start..m.end].to_owned(), e.label, e.canonical.clone())
            })
            .collect()
    }

    #[test]
    fn builtin_parses() {
        assert!(Gazetteer::builtin().len() > 100);
    }

    #[test]
    fn clitics_stay_outside_the_span() {
        let cases = [
            ("لقسد", "قسد"),
            ("بالرقة", "الرقة"),
            ("وتركيا", "تركيا"),
            ("للقاعدة", "لقاعدة"),
            ("وبالباغوز", "الباغوز"),
            ("بغداد", "بغداد"),
            ("لبنان", "لبنان"),
        ];
        for (text, want) in cases {
            let found = names(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, want, "{text}");
        }
    }

    #[test]
    fn aliases_link_to_one_canonical() {
        let found = names("قالت قوات سوريا الديمقراطية (قسد) إن داعش أو تنظيم الدولة الإسلامية انهزم");
        let canon: Vec<_> = found.iter().map(|(s, l, c)| (s.as_str(), *l, c.as_str())).collect();
        assert_eq!(
            canon,
            [
                ("قوات سوريا الديمقراطية", "ORG", "قوات سوريا الديمقراطية"),
                ("قسد", "ORG", "قوات سوريا الديمقراطية"),
                ("داعش", "ORG", "تنظيم الدولة الإسلامية"),
                ("تنظيم الدولة الإسلامية", "ORG", "تنظيم الدولة الإسلامية"),
            ]
        );
    }

    #[test]
    fn longest_match_and_folding() {
        assert_eq!(names("القائد مظلوم كوباني")[0].0, "مظلوم كوباني");
        assert_eq!(names("القائد مظلوم كوباني")[0].1, "PER");
        assert_eq!(names("في انقره")[0].2, "أنقرة");
        // A name does not run across punctuation.
        assert_eq!(names("دير، الزور").len(), 0);
    }

    #[test]
    fn user_files_override_and_errors_name_the_line() {
        let g = Gazetteer::from_sources([("builtin", BUILTIN), ("mine.tsv", "MISC\tقسد\n")]).expect("parses");
        let text = "قسد";
        let m = &g.find(text, &tokenize(text))[0];
        assert_eq!(g.entry(m.entry).label, "MISC");
        let err = Gazetteer::from_sources([("mine.tsv", "# c\nPERSON\tزيد\n")]).expect_err("bad label");
        assert_eq!(err.to_string(), "gazetteer mine.tsv line 2: label \"PERSON\" is not one of PER, ORG, LOC, MISC");
    }
}
