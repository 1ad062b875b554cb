//! The tagger's tokenizer and spans on arbitrary text: `ner::tokenize`, the tokens grouped by
//! sentence, the shipped model's tags and mentions, and the word tokens (`tokens::tokenize`)
//! the gazetteer matches on, with the gazetteer's matches and the linked entities.
//!
//! Asserts: tokens in order, not overlapping, not empty, on char boundaries, holding no
//! whitespace, covering every other char; each sentence's group is its tokens; one tag per
//! token; mentions and entities are spans of the text within its tokens; a word token's folded
//! form is the fold of its text.
#![no_main]

use std::sync::OnceLock;

use khabar_enrich::entities::link::link;
use khabar_enrich::ner::{self, Model};
use khabar_enrich::{Gazetteer, NER_MODEL, SentenceSplitter, tokens};
use khabar_fuzz::{check_spans, text};
use libfuzzer_sys::fuzz_target;

fn model() -> &'static (Model, Gazetteer) {
    static M: OnceLock<(Model, Gazetteer)> = OnceLock::new();
    M.get_or_init(|| (Model::from_bytes(NER_MODEL).expect("the shipped model loads"), Gazetteer::builtin()))
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let (model, gazetteer) = model();

    let toks = ner::tokenize(&text);
    check_spans(&text, toks.iter().copied(), "ner tokens");
    let mut covered = 0;
    for &(a, b) in &toks {
        assert!(!text[a..b].chars().any(is_separator), "token {:?} holds a separator", &text[a..b]);
        assert!(text[covered..a].chars().all(is_separator), "{:?} left out", &text[covered..a]);
        covered = b;
    }
    assert!(text[covered..].chars().all(is_separator), "{:?} left out at the end", &text[covered..]);

    let sentences = SentenceSplitter::new().split(&text);
    let (groups, kept) = ner::tokens_by_sentence(&text, &sentences);
    assert_eq!(groups.len(), sentences.len(), "one group per sentence");
    assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), kept.len());
    let mut k = kept.iter();
    for (group, s) in groups.iter().zip(&sentences) {
        for token in group {
            let &(a, b) = k.next().expect("as many spans as tokens");
            assert!(s.start <= a && b <= s.end, "a token of a sentence is inside it");
            assert_eq!(*token, &text[a..b]);
        }
    }
    let tags = model.tag_document(&groups);
    assert_eq!(tags.len(), groups.len());
    for (t, g) in tags.iter().zip(&groups) {
        assert_eq!(t.len(), g.len(), "one tag per token");
    }
    let flat: Vec<ner::Tag> = tags.into_iter().flatten().collect();
    let mentions = model.mentions(&text, &kept, &flat);
    for m in &mentions {
        assert!(m.start < m.end && m.end <= text.len(), "mention {}..{} of {}", m.start, m.end, text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert!(kept.iter().any(|&(a, b)| a <= m.start && m.start < b), "a mention starts in a token");
        assert!(kept.iter().any(|&(_, b)| b == m.end), "a mention ends where a token ends");
    }

    let words = tokens::tokenize(&text);
    check_spans(&text, (0..words.len()).map(|i| (words.get(i).start, words.get(i).end)), "word tokens");
    for i in 0..words.len() {
        let t = words.get(i);
        assert_eq!(words.folded(i), khabar_core::text::fold(&text[t.start..t.end]), "folded form of word {i}");
    }
    let mut within = words.words_within();
    for s in &sentences {
        let _ = within.next(s.start, s.end).map(Iterator::count);
    }
    let listed = gazetteer.find(&text, &words);
    let proposed: Vec<_> = mentions
        .iter()
        .map(|m| khabar_enrich::entities::link::Proposed {
            start: m.start,
            end: m.end,
            label: m.label.as_str(),
            elided_alef: m.article_elided,
        })
        .collect();
    let linked = link(&text, gazetteer, &listed, &proposed);
    check_spans(&text, linked.iter().map(|l| (l.start, l.end)), "linked entities");
});
