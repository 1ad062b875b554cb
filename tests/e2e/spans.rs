//! Every span slices `documents.text` to its `text`: on the seeds' tables, and on random
//! input through the stages.

use std::collections::BTreeMap;

use khabar_core::span::slice_chars;
use khabar_core::{CharSpan, RawDocument, Stage};

use crate::common::seeds_output;

#[test]
fn seed_spans_slice_the_document_text() {
    let out = seeds_output();
    let texts: BTreeMap<String, String> =
        khabar_testkit::rows(out, "documents").into_iter().map(|d| (d["doc_id"].clone(), d["text"].clone())).collect();
    let mut checked = 0;
    for table in ["sentences", "entities", "dates"] {
        for row in khabar_testkit::rows(out, table) {
            let text = &texts[&row["doc_id"]];
            let span = CharSpan::new(row["char_start"].parse().expect("int"), row["char_end"].parse().expect("int"));
            assert_eq!(slice_chars(text, span), row["text"], "{table} {row:?}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} spans checked");
}

fn raw(text: &str) -> RawDocument {
    RawDocument::from_text(text.to_owned(), "p.txt", "UTF-8")
}

fn check(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let normalizer = khabar_normalize::Normalizer::new(&khabar_normalize::Config::default()).expect("config");
    let enricher =
        khabar_enrich::Enricher::new(&khabar_enrich::Config::default(), &khabar_enrich::Resources::default())
            .expect("config");
    let Ok(doc) = normalizer.run(&raw(text)) else { return Ok(()) };
    let output = enricher.run(&doc).expect("enrich never fails");
    let t = &output.document.text;
    for s in &output.sentences {
        proptest::prop_assert_eq!(slice_chars(t, s.span), s.text.as_str());
    }
    for e in &output.entities {
        proptest::prop_assert_eq!(slice_chars(t, e.span), e.text.as_str());
    }
    for d in &output.dates {
        proptest::prop_assert_eq!(slice_chars(t, d.span), d.text.as_str());
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn spans_hold_on_random_utf8(text in "\\PC{0,300}") {
        check(&text)?;
    }

    #[test]
    fn spans_hold_on_arabic_like_text(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "قسد", "لقسد", "بالرقة", "وتركيا", "للقاعدة", "قوات", "سوريا", "الديمقراطية", "في", "عام", "2014",
                "الخامس", "عشر", "من", "أيلول", "ألفين", "وأربعة", ".", "،", "\n", "\u{a0}", "ـ", "١٥/٩/٢٠١٤", "؟",
                "بشار\u{a0}الأسد", "“", "”", "…", "7.8", "د.", "\u{200f}",
            ]),
            0..60,
        )
    ) {
        check(&words.join(" "))?;
    }
}

/// Every entity traced back through the offset map lands on the same name in `raw_text`
/// (up to the NBSP that normalization turned into a space).
#[test]
fn offset_map_traces_entities_back_to_the_raw_text() {
    let out = seeds_output();
    let mut docs = BTreeMap::new();
    for batch in khabar_testkit::read_table(out, "documents") {
        use arrow_array::cast::AsArray;
        let ids = batch.column_by_name("doc_id").expect("doc_id").as_string::<i32>().clone();
        let raw = batch.column_by_name("raw_text").expect("raw_text").as_string::<i32>().clone();
        let at_text = batch.column_by_name("offset_map_text").expect("map").as_list::<i32>().clone();
        let at_raw = batch.column_by_name("offset_map_raw").expect("map").as_list::<i32>().clone();
        for i in 0..batch.num_rows() {
            let list = |l: &arrow_array::ListArray| -> Vec<u32> {
                l.value(i).as_primitive::<arrow_array::types::Int64Type>().values().iter().map(|&v| v as u32).collect()
            };
            let map: Vec<(u32, u32)> = list(&at_text).into_iter().zip(list(&at_raw)).collect();
            docs.insert(ids.value(i).to_owned(), (raw.value(i).to_owned(), map));
        }
    }
    let mut checked = 0;
    for e in khabar_testkit::rows(out, "entities") {
        let (raw, map) = &docs[&e["doc_id"]];
        let start: u32 = e["char_start"].parse().expect("int");
        let end: u32 = e["char_end"].parse().expect("int");
        let trace = |n| khabar_normalize::steps::aligned::raw_offset(map, n).expect("mapped") as usize;
        let (r0, r1) = (trace(start), trace(end - 1) + 1);
        let slice: String = raw.chars().skip(r0).take(r1 - r0).collect();
        assert_eq!(slice.replace('\u{a0}', " "), e["text"], "{e:?}");
        checked += 1;
    }
    assert!(checked > 200, "{checked}");
}
