//! Integration tests for the tagger: determinism, serialization, tokenizer offsets, proclitic
//! spans, and learning from a tiny corpus.

use std::fmt::Write as _;

mod common;

use khabar_enrich::ner::{
    BrownOptions, ClusterCorpus, ClusterTable, Label, Model, ModelError, Tag, TaggedSentence, TrainOptions,
    brown_clusters, evaluate, read_conll, tokenize, train,
};
use proptest::prelude::*;

/// A small hand-made corpus: people after titles and speech verbs, places after "في"/"إلى",
/// organizations after "حزب"/"شركة".
fn tiny_corpus() -> Vec<TaggedSentence> {
    let people = ["أحمد", "سمير", "كريم", "هالة", "منى", "طارق"];
    let places = ["دمشق", "القاهرة", "بيروت", "عمان", "بغداد", "تونس"];
    let orgs = ["النور", "الأمل", "الوفاق", "الشروق"];
    let mut text = String::new();
    for round in 0..6 {
        for (i, p) in people.iter().enumerate() {
            let place = places[(i + round) % places.len()];
            let org = orgs[(i + round) % orgs.len()];
            write!(text, "قال O\nالوزير O\n{p} B-PERS\nإنه O\nوصل O\nإلى O\n{place} B-LOC\nأمس O\n. O\n\n")
                .expect("writing to a String cannot fail");
            write!(
                text,
                "وأعلن O\nحزب B-ORG\n{org} I-ORG\nفي O\n{place} B-LOC\nأن O\n{p} B-PERS\nسيزور O\nالمدينة O\n. O\n\n"
            )
            .expect("writing to a String cannot fail");
        }
    }
    read_conll(&text)
}

fn small_options() -> TrainOptions {
    TrainOptions { epochs: 5, folds: 3, doc_window: 5, ..TrainOptions::default() }
}

#[test]
fn training_twice_gives_identical_bytes() {
    let corpus = tiny_corpus();
    let a = train(&corpus, &small_options()).to_bytes();
    let b = train(&corpus, &small_options()).to_bytes();
    assert_eq!(a, b);
    assert_eq!(&a[..4], b"KNER");
}

#[test]
fn training_on_an_anercorp_slice_is_deterministic() {
    let path = common::shared().join("external/anercorp/ANERCorp_train_derived.txt");
    let path = path.as_path();
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} not present", path.display());
        return;
    };
    let sentences = read_conll(&text);
    let slice = &sentences[..300.min(sentences.len())];
    // Clusters too, so the whole pipeline is covered.
    let mut corpus = ClusterCorpus::new();
    for s in slice {
        corpus.add_sentence(&s.tokens);
    }
    let words = brown_clusters(&corpus, &BrownOptions { clusters: 16, min_count: 2, max_words: 2000 });
    let clusters = ClusterTable::from_words(&words);
    assert_eq!(
        clusters.to_bytes(),
        ClusterTable::from_words(&brown_clusters(
            &corpus,
            &BrownOptions { clusters: 16, min_count: 2, max_words: 2000 }
        ))
        .to_bytes()
    );
    let options = TrainOptions { clusters, ..small_options() };
    assert_eq!(train(slice, &options).to_bytes(), train(slice, &options).to_bytes());
}

#[test]
fn bytes_round_trip() {
    let corpus = tiny_corpus();
    let model = train(&corpus, &small_options());
    let bytes = model.to_bytes();
    let back = Model::from_bytes(&bytes).expect("reads its own bytes");
    assert_eq!(back.to_bytes(), bytes);
    for s in &corpus {
        assert_eq!(back.tag(&s.token_strs()), model.tag(&s.token_strs()));
    }
    // Loading from a 'static slice, as include_bytes! gives.
    let leaked: &'static [u8] = Box::leak(bytes.clone().into_boxed_slice());
    assert!(Model::from_bytes(leaked).is_ok());
}

#[test]
fn corrupt_bytes_are_rejected() {
    let bytes = train(&tiny_corpus(), &small_options()).to_bytes();
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x40;
    assert_eq!(Model::from_bytes(&flipped).err(), Some(ModelError::Checksum));
    assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(Model::from_bytes(b"").is_err());
    let mut magic = bytes;
    magic[0] = b'X';
    assert!(Model::from_bytes(&magic).is_err());
}

#[test]
fn learns_the_obvious_case() {
    let corpus = tiny_corpus();
    let model = train(&corpus, &small_options());
    // Seen words in a new combination.
    let tags = model.tag(&["قال", "الوزير", "كريم", "إنه", "وصل", "إلى", "بيروت", "أمس", "."]);
    assert_eq!(tags[2], Tag::B(Label::Per), "{tags:?}");
    assert_eq!(tags[6], Tag::B(Label::Loc), "{tags:?}");
    assert_eq!(tags[0], Tag::O);
    let tags = model.tag(&["وأعلن", "حزب", "الأمل", "في", "دمشق", "أن", "منى", "سيزور", "المدينة", "."]);
    assert_eq!(&tags[1..3], &[Tag::B(Label::Org), Tag::I(Label::Org)], "{tags:?}");
    // Everything it was trained on comes back.
    let gold: Vec<Vec<Tag>> = corpus.iter().map(|s| s.tags.clone()).collect();
    let pred: Vec<Vec<Tag>> = corpus.iter().map(|s| model.tag(&s.token_strs())).collect();
    assert!(evaluate(&gold, &pred).overall.f1() > 99.0);
    // Documents give one tag per token, sentence by sentence.
    let doc = model.tag_document(&[vec!["قال", "الوزير", "كريم"], vec![], vec!["في", "دمشق"]]);
    assert_eq!(doc.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 0, 2]);
}

#[test]
fn model_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
}

#[test]
fn empty_input() {
    let model = train(&tiny_corpus(), &small_options());
    assert!(model.tag(&[]).is_empty());
    assert!(model.tag_document::<Vec<&str>, &str>(&[]).is_empty());
    assert!(train(&[], &small_options()).tag(&["x"]).len() == 1);
}

#[test]
fn proclitic_spans() {
    // The evidence comes from the model's gazetteer (and training lexicon), no clusters needed.
    let model = train(&tiny_corpus(), &small_options());
    let cases = [
        ("لقسد", "قسد"),
        ("بالرقة", "الرقة"),
        ("وتركيا", "تركيا"),
        ("بغداد", "بغداد"),
        ("لبنان", "لبنان"),
        ("وبغداد", "بغداد"),
        ("فرنسا", "فرنسا"),
        ("وواشنطن", "واشنطن"),
        ("للقاعدة", "لقاعدة"),
        ("وَتُركيا", "تُركيا"),
    ];
    for (token, name) in cases {
        let s = model.name_start(token);
        assert_eq!(s.name(token), name, "{token}");
    }
    let s = model.name_start("للقاعدة");
    assert!(s.article_elided);
    assert_eq!(s.canonical("للقاعدة"), "القاعدة");
}

#[test]
fn mentions_are_byte_spans_without_proclitics() {
    let model = train(&tiny_corpus(), &small_options());
    let text = "قال الوزير كريم إنه وصل إلى وتركيا أمس.";
    let spans = tokenize(text);
    let toks: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
    let mut tags = vec![Tag::O; toks.len()];
    tags[2] = Tag::B(Label::Per);
    tags[6] = Tag::B(Label::Loc);
    let m = model.mentions(text, &spans, &tags);
    let got: Vec<(&str, Label)> = m.iter().map(|m| (&text[m.start..m.end], m.label)).collect();
    assert_eq!(got, vec![("كريم", Label::Per), ("تركيا", Label::Loc)]);
}

proptest! {
    #[test]
    fn token_spans_are_well_formed(text in "[ \\n\\t.,،؛:!?()«»\"%/\\-0-9a-zA-Zابتثجحخدذرسشصضطظعغفقكلمنهويىةأإآءـًٌٍَُِّْ٠-٩é\u{200F}]{0,80}") {
        let spans = tokenize(&text);
        let mut prev_end = 0;
        for &(a, b) in &spans {
            prop_assert!(a < b, "empty token");
            prop_assert!(a >= prev_end, "overlap or disorder");
            prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            prop_assert!(!text[a..b].chars().any(char::is_whitespace));
            prev_end = b;
        }
        // Every visible character is inside some token.
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() && c != '\u{200F}' {
                prop_assert!(spans.iter().any(|&(a, b)| a <= i && i < b), "{c:?} at {i} not covered");
            }
        }
    }

    #[test]
    fn tagging_never_panics(words in proptest::collection::vec("[ابتسمنويلك.،0-9a-z]{1,8}", 0..20)) {
        let model = tiny_model();
        let toks: Vec<&str> = words.iter().map(String::as_str).collect();
        prop_assert_eq!(model.tag(&toks).len(), toks.len());
    }
}

fn tiny_model() -> &'static Model {
    static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| train(&tiny_corpus(), &small_options()))
}
