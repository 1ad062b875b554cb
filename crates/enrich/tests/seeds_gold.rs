//! Dev gold: the dates of the five sample articles (`$KHABAR_SHARED/seeds/*.txt`, gold in
//! `$KHABAR_SHARED/eval/seeds-gold.json`).
//!
//! Every gold date must be found with its value, matched as `tools/score.py` does (the
//! surfaces, folded, contain one another or share a content word), and no other expression
//! may carry a value. No publication date is given, except that seed 003's own dateline
//! (`• الجمعة. يوليو 26th, 2024`) yields 2024-07-26 through `find_publication_date`; there,
//! relative expressions (`اليوم`, the dateline's `الجمعة`) may resolve.

mod common;

use common::{Json, parse_json, read_shared, shared};
use khabar_core::CivilDate;
use khabar_core::text::fold;
use khabar_enrich::dates::DateExtractor;

fn norm(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn overlaps(gold: &str, pred: &str) -> bool {
    let (g, p) = (norm(gold), norm(pred));
    if g.contains(&p) || p.contains(&g) {
        return true;
    }
    let stop = ["من", "في", "عام", "يوم"];
    g.split(' ').any(|w| !stop.contains(&w) && p.split(' ').any(|x| x == w))
}

#[test]
fn seed_articles_match_gold() {
    let gold = read_shared("eval/seeds-gold.json");
    let gold = parse_json(&gold);
    let x = DateExtractor::new();
    let mut seeds: Vec<_> = std::fs::read_dir(shared().join("seeds"))
        .expect("seeds folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "five seed articles");
    let mut found_gold = 0;
    let gold_dates: Vec<&Json> = gold.get("dates").map_or(&[][..], Json::arr).iter().collect();
    for path in &seeds {
        let doc = &path.file_name().expect("file name").to_string_lossy()[..3];
        let text = std::fs::read_to_string(path).expect("seed readable");
        let published = x.find_publication_date(&text);
        if doc == "003" {
            assert_eq!(published, CivilDate::new(2024, 7, 26), "seed 003 dateline");
        } else {
            assert_eq!(published, None, "seed {doc} has no dateline");
        }
        let found = x.extract(&text, published);
        let golds: Vec<(&str, &str)> = gold_dates
            .iter()
            .filter(|g| g.get("doc").and_then(Json::str) == Some(doc))
            .map(|g| {
                (g.get("surface").and_then(Json::str).unwrap_or(""), g.get("value").and_then(Json::str).unwrap_or(""))
            })
            .collect();
        let mut used = vec![false; found.len()];
        for (surface, value) in &golds {
            // As score.py: every match with the gold value and an overlapping surface counts.
            let mut hit = false;
            for (i, m) in found.iter().enumerate() {
                let v = m.value.as_deref().unwrap_or("");
                if m.value.is_some() && v.split('/').any(|x| x == *value) && overlaps(surface, &text[m.start..m.end]) {
                    used[i] = true;
                    hit = true;
                }
            }
            assert!(hit, "seed {doc}: gold {surface} = {value} not found in {found:#?}");
            found_gold += 1;
        }
        for (m, used) in found.iter().zip(&used) {
            if *used || m.value.is_none() {
                continue;
            }
            panic!("seed {doc}: extra date {} = {:?} ({})", &text[m.start..m.end], m.value, m.kind);
        }
    }
    assert_eq!(found_gold, 12, "all twelve gold dates");
    eprintln!("seeds gold: {found_gold}/12 found, no false dates");
}
