//! The tagger's speed work must not change a single tag. This test tags a fixed input set with
//! the shipped model and compares a hash of every tag against the hash that a reference
//! implementation produced: first the code before the speed work (commit 2ac9da1, model
//! b35f548d); re-recorded for model d20b4d6a (word-vector classes) from the code that trained it
//! (commit f46a0b5, before the speed work was merged), which the merged code matches, as does
//! model 4d7659bd (the same weights in format 3, with prefix marks in the gazetteer):
//!
//! - the `ANERcorp` test split, as documents of the model's window (`tag_document`, both passes)
//!   and sentence by sentence (`tag`, first pass only);
//! - 1000 ANT news articles (`$KHABAR_SHARED/external/news_corpus`, spread over the sources in
//!   path order), each split and tokenized the way the pipeline does and tagged as one document.
//!
//! If a change to the model or the features is meant to change tags, the hashes here must be
//! re-recorded from the new code, and the change explained in the commit.

mod common;

use common::{read_shared, shared};
use khabar_enrich::ner::{Model, Tag, TaggedSentence, read_conll, tokens_by_sentence};
use khabar_enrich::{NER_MODEL, SentenceSplitter};

/// FNV-1a over tag indices, with markers between sentences and documents.
struct TagHash {
    state: u64,
    tokens: usize,
    sentences: usize,
}

impl TagHash {
    fn new() -> Self {
        TagHash { state: 0xcbf2_9ce4_8422_2325, tokens: 0, sentences: 0 }
    }
    fn byte(&mut self, b: u8) {
        self.state ^= u64::from(b);
        self.state = self.state.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn sentence(&mut self, tags: &[Tag]) {
        for t in tags {
            self.byte(t.index() as u8);
        }
        self.byte(0xfe);
        self.tokens += tags.len();
        self.sentences += 1;
    }
    fn document(&mut self, doc: &[Vec<Tag>]) {
        for s in doc {
            self.sentence(s);
        }
        self.byte(0xff);
    }
}

/// Tokens of `text` grouped by sentence, as `Enricher::propose_entities` groups them.
fn sentence_tokens<'a>(splitter: &SentenceSplitter, text: &'a str) -> Vec<Vec<&'a str>> {
    tokens_by_sentence(text, &splitter.split(text)).0
}

fn model() -> Model {
    Model::from_bytes(NER_MODEL).expect("the shipped model loads")
}

#[test]
fn anercorp_test_tags_are_unchanged() {
    let model = model();
    let sents = read_conll(&read_shared("external/anercorp/ANERCorp_CamelLab_test.txt"));
    let toks: Vec<Vec<&str>> = sents.iter().map(TaggedSentence::token_strs).collect();
    let mut doc_hash = TagHash::new();
    for chunk in toks.chunks(model.doc_window().max(1)) {
        doc_hash.document(&model.tag_document(chunk));
    }
    let mut sent_hash = TagHash::new();
    for s in &toks {
        sent_hash.sentence(&model.tag(s));
    }
    // A recall-leaning `O` bias in the last pass (what `ner_eval --o-bias` does).
    let mut biased = model.clone();
    biased.set_o_bias(-2.0);
    let mut biased_hash = TagHash::new();
    for chunk in toks.chunks(model.doc_window().max(1)) {
        biased_hash.document(&biased.tag_document(chunk));
    }
    eprintln!(
        "ANERcorp test: {} sentences, {} tokens; tag_document {:#018x}, tag {:#018x}, biased {:#018x}",
        doc_hash.sentences, doc_hash.tokens, doc_hash.state, sent_hash.state, biased_hash.state
    );
    assert_eq!((doc_hash.sentences, doc_hash.tokens), (925, 25008), "input changed");
    assert_eq!(doc_hash.state, 0xd4c4_0a13_6bd1_01d4, "tag_document output changed");
    assert_eq!(sent_hash.state, 0x7ecc_b131_f3f1_48ee, "tag output changed");
    assert_eq!(biased_hash.state, 0x47fb_739f_54cf_a043, "tag_document output with an O bias changed");
}

#[test]
fn ant_news_tags_are_unchanged() {
    let model = model();
    let mut news = Vec::new();
    common::txt_files(&shared().join("external/news_corpus"), &mut news);
    assert!(!news.is_empty(), "no ANT articles under {}", shared().display());
    let step = (news.len() / 1000).max(1);
    let splitter = SentenceSplitter::new();
    let mut hash = TagHash::new();
    let mut docs = 0;
    for p in news.iter().step_by(step).take(1000) {
        let raw = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let groups = sentence_tokens(&splitter, common::ant_body(&raw));
        hash.document(&model.tag_document(&groups));
        docs += 1;
    }
    eprintln!(
        "ANT: {docs} articles, {} sentences, {} tokens; tag_document {:#018x}",
        hash.sentences, hash.tokens, hash.state
    );
    assert_eq!((docs, hash.sentences, hash.tokens), (1000, 10198, 288_996), "input changed");
    assert_eq!(hash.state, 0x9b4c_48b2_8267_a826, "tag_document output changed");
}
