//! Merging the gazetteer's and the tagger's mentions, and linking each to a canonical entity.
//!
//! ## What it does
//! 1. Gazetteer mentions are kept as found (their canonical entity is the entry's).
//! 2. A tagger mention that overlaps a gazetteer mention is dropped (the list knows better).
//! 3. A tagger mention whose folded words are a gazetteer name takes that entry.
//! 4. A one-word person mention whose folded word ends a longer person mention of the same
//!    document takes that mention's entity: "ترامب" after "دونالد ترامب" is دونالد ترامب.
//! 5. A one-word tagger mention written after the comparative ك ("كمشهد", "as a scene") is
//!    dropped unless the gazetteer knows it: ك + noun is almost always "like a ...".
//! 6. Any other tagger mention is its own canonical entity, named by its text.
//!
//! ## Known limitations
//! Linking stays within one document (step 4) or goes through the gazetteer (step 3): two
//! documents that name an unlisted person differently get two entities.

use khabar_core::EntityId;

use super::gazetteer::Gazetteer;

/// A mention before linking: byte span (clitics excluded) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    /// First byte of the name.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: &'static str,
    /// The span starts at the second ل of لل + noun: the name is written with ا before it.
    pub elided_alef: bool,
}

/// A linked mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// First byte of the name.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: &'static str,
    /// Canonical name.
    pub canonical: String,
    /// Stable ID of the canonical entity.
    pub entity_id: EntityId,
    /// `gazetteer`, `model`, `model+gazetteer` (named in the list), `model+document` (linked to a
    /// longer name in the document).
    pub method: &'static str,
}

fn folded_words(s: &str) -> Vec<String> {
    khabar_core::text::folded_words(s).collect()
}

/// Merges and links the mentions of one text, in text order.
#[must_use]
pub fn link(text: &str, gazetteer: &Gazetteer, listed: &[super::GazetteerMatch], proposed: &[Proposed]) -> Vec<Linked> {
    let mut out: Vec<Linked> = listed
        .iter()
        .map(|m| {
            let e = gazetteer.entry(m.entry);
            Linked {
                start: m.start,
                end: m.end,
                label: e.label,
                canonical: e.canonical.clone(),
                entity_id: e.entity_id,
                method: "gazetteer",
            }
        })
        .collect();
    let overlaps = |p: &Proposed| listed.iter().any(|m| p.start < m.end && m.start < p.end);
    let mut tagged: Vec<&Proposed> = proposed.iter().filter(|p| !overlaps(p)).collect();
    tagged.sort_by_key(|p| (p.start, p.end));
    // Longer person names of the document, by their last folded word, for step 4.
    let mut surnames: Vec<(String, String, EntityId)> = Vec::new();
    for l in &out {
        if l.label == "PER" {
            let words = folded_words(&text[l.start..l.end]);
            if words.len() > 1 {
                surnames.push((words.last().expect("two words or more").clone(), l.canonical.clone(), l.entity_id));
            }
        }
    }
    // Each tagged mention as written (on one line, an elided alef restored) and as folded words,
    // computed once for both loops below.
    // The tagger learnt Arabic: what it proposes in text with no Arabic letter (English,
    // Chinese, symbols) is noise, not a name.
    let tagged: Vec<(&Proposed, String, Vec<String>)> = tagged
        .into_iter()
        .filter(|p| text[p.start..p.end].chars().any(is_arabic_letter))
        .map(|p| {
            let surface = one_line(&text[p.start..p.end]);
            let written = if p.elided_alef { format!("ا{surface}") } else { surface };
            let words = folded_words(&written);
            (p, written, words)
        })
        .collect();
    for (p, written, words) in &tagged {
        if p.label == "PER" && words.len() > 1 {
            let id = EntityId::new(p.label, written);
            surnames.push((words.last().expect("two words or more").clone(), written.clone(), id));
        }
    }
    for (p, written, words) in tagged {
        let (label, canonical, entity_id, method) = if let Some(entry) = gazetteer.lookup(&words) {
            (entry.label, entry.canonical.clone(), entry.entity_id, "model+gazetteer")
        } else if let (true, [word]) = (p.label == "PER", words.as_slice())
            && let Some((_, canonical, id)) = surnames.iter().find(|(s, _, _)| s == word)
        {
            (p.label, canonical.clone(), *id, "model+document")
        } else if words.len() == 1 && after_comparative_kaf(text, p.start) {
            continue;
        } else {
            let id = EntityId::new(p.label, &written);
            (p.label, written, id, "model")
        };
        out.push(Linked { start: p.start, end: p.end, label, canonical, entity_id, method });
    }
    out.sort_by_key(|l| (l.start, l.end));
    out
}

/// A letter of the Arabic script (the Arabic, Arabic Supplement and Extended-A blocks).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// The name at `start` is written right after a word-initial ك (or وك, فك): "كمشهد".
fn after_comparative_kaf(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    if before.next() != Some('ك') {
        return false;
    }
    match before.next() {
        None => true,
        Some('و' | 'ف') => before.next().is_none_or(|c| !c.is_alphabetic()),
        Some(c) => !c.is_alphabetic() && !khabar_core::text::is_arabic_mark(c),
    }
}

fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn run(text: &str, proposed: &[(&str, &'static str)]) -> Vec<(String, &'static str, String, &'static str)> {
        let g = Gazetteer::builtin();
        let listed = g.find(text, &tokenize(text));
        // Each proposal is found after the previous one, so a surname repeated later is the
        // later occurrence.
        let mut from = 0;
        let proposed: Vec<Proposed> = proposed
            .iter()
            .map(|(s, label)| {
                let start = from + text[from..].find(s).expect("in text");
                from = start + s.len();
                Proposed { start, end: start + s.len(), label, elided_alef: false }
            })
            .collect();
        link(text, &g, &listed, &proposed)
            .into_iter()
            .map(|l| (text[l.start..l.end].to_owned(), l.label, l.canonical, l.method))
            .collect()
    }

    #[test]
    fn surname_links_to_the_full_name_in_the_document() {
        let text = "قال الرئيس سامر خليل الحلبي إن الحلبي سيزور دمشق";
        let out = run(text, &[("سامر خليل الحلبي", "PER"), ("الحلبي", "PER")]);
        let got: Vec<(&str, &str, &str)> = out.iter().map(|(s, _, c, m)| (s.as_str(), c.as_str(), *m)).collect();
        assert_eq!(
            got[..2],
            [("سامر خليل الحلبي", "سامر خليل الحلبي", "model"), ("الحلبي", "سامر خليل الحلبي", "model+document")]
        );
        assert!(out.iter().any(|(s, l, _, m)| s == "دمشق" && *l == "LOC" && *m == "gazetteer"));
    }

    #[test]
    fn gazetteer_wins_overlaps_and_names_the_tagger_finds() {
        let text = "التقى ترامب بقادة قسد";
        let out = run(text, &[("ترامب", "PER"), ("قادة قسد", "ORG")]);
        let got: Vec<(&str, &str, &str)> = out.iter().map(|(s, _, c, m)| (s.as_str(), c.as_str(), *m)).collect();
        assert_eq!(got, [("ترامب", "دونالد ترامب", "gazetteer"), ("قسد", "قوات سوريا الديمقراطية", "gazetteer")]);
    }

    #[test]
    fn comparative_kaf_is_not_a_name() {
        assert_eq!(run("في ما يبدو كمشهد مأخوذ من فيلم", &[("مشهد", "LOC")]), []);
        assert_eq!(run("في ما يبدو وكمشهد", &[("مشهد", "LOC")]), []);
        let kept = run("وصل إلى مشهد أمس", &[("مشهد", "LOC")]);
        assert_eq!(kept, [("مشهد".to_owned(), "LOC", "مشهد".to_owned(), "model")]);
        // A letter ك inside the word is not a clitic: `بكمشهد` is not `ك` + name.
        assert_eq!(run("شركة بكمشهد", &[("مشهد", "LOC")]).len(), 1);
    }

    #[test]
    fn the_tagger_finds_no_names_in_text_without_arabic_letters() {
        let text = "The quick brown fox. 这是一个测试 وصل فلان";
        let out = run(text, &[("The quick brown fox", "ORG"), ("这是一个测试", "LOC"), ("فلان", "PER")]);
        assert_eq!(out, [("فلان".to_owned(), "PER", "فلان".to_owned(), "model")]);
    }

    #[test]
    fn unknown_names_are_their_own_entities() {
        let text = "وصل المبعوث فلان الفلاني إلى المدينة";
        let out = run(text, &[("فلان الفلاني", "PER")]);
        assert_eq!(out, [("فلان الفلاني".to_owned(), "PER", "فلان الفلاني".to_owned(), "model")]);
    }
}
