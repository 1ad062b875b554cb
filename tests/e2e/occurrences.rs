//! Identical siblings get distinct IDs by their occurrence number (CONTRACT.md, "Stable IDs"):
//! the same name or date written twice in one sentence, and again in another sentence.

use khabar_core::id::{DateId, MentionId};
use khabar_core::{RawDocument, Stage};

#[test]
fn repeated_mentions_and_dates_are_numbered_within_their_sentence() {
    let text =
        "قالت قسد إن قسد سيطرت على الرقة في 15 أيلول 2014 ثم في 15 أيلول 2014.\n\nوبعدها انسحبت قسد في 15 أيلول 2014.";
    let normalizer = khabar_normalize::Normalizer::new(&khabar_normalize::Config::default()).expect("config");
    let enricher =
        khabar_enrich::Enricher::new(&khabar_enrich::Config::default(), &khabar_enrich::Resources::default())
            .expect("config");
    let doc = normalizer.run(&RawDocument::from_text(text.to_owned(), "o.txt", "UTF-8")).expect("normalizes");
    let out = enricher.run(&doc).expect("enriches");
    assert_eq!(out.sentences.len(), 2);

    let (mut mention_repeats, mut date_repeats) = (0, 0);
    for (i, e) in out.entities.iter().enumerate() {
        let earlier = out.entities[..i]
            .iter()
            .filter(|p| p.sentence_id == e.sentence_id && p.text == e.text && p.label == e.label)
            .count() as u32;
        mention_repeats += u32::from(earlier > 0);
        assert_eq!(e.mention_id, MentionId::new(&e.sentence_id, &e.text, e.label, earlier), "{e:?}");
    }
    for (i, d) in out.dates.iter().enumerate() {
        let earlier =
            out.dates[..i].iter().filter(|p| p.sentence_id == d.sentence_id && p.text == d.text).count() as u32;
        date_repeats += u32::from(earlier > 0);
        assert_eq!(d.date_id, DateId::new(&d.sentence_id, &d.text, earlier), "{d:?}");
    }
    // Both kinds repeat in the first sentence and start again at 0 in the second.
    assert!(mention_repeats >= 1 && date_repeats >= 1, "{mention_repeats} {date_repeats}");
    let qsd: Vec<_> = out.entities.iter().filter(|e| e.text == "قسد").collect();
    assert_eq!(qsd.len(), 3);
    assert_eq!(qsd[2].mention_id, MentionId::new(&out.sentences[1].sentence_id, "قسد", qsd[2].label, 0));
    let mentions: std::collections::BTreeSet<_> = out.entities.iter().map(|e| &e.mention_id).collect();
    let dates: std::collections::BTreeSet<_> = out.dates.iter().map(|d| &d.date_id).collect();
    assert_eq!((mentions.len(), dates.len()), (out.entities.len(), out.dates.len()), "IDs are distinct");
}
