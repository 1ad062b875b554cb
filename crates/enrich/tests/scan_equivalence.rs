//! The anchor scan is only a speed-up: extracting from windows around anchor words must give
//! exactly what parsing the whole text gives. Checked on the seed articles and on real news
//! from `$KHABAR_SHARED/external/news_corpus` (ANT corpus; the first 400 articles in path
//! order), each with and without its publication date.

mod common;

use std::path::{Path, PathBuf};

use common::shared;
use khabar_core::CivilDate;
use khabar_enrich::dates::DateExtractor;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

/// `<TEXT>...</TEXT>` of an ANT corpus file, or the whole file.
fn body(s: &str) -> &str {
    match (s.find("<TEXT>"), s.find("</TEXT>")) {
        (Some(a), Some(b)) if a < b => &s[a + 6..b],
        _ => s,
    }
}

#[test]
fn windows_match_whole_text() {
    let shared = shared();
    let mut paths = Vec::new();
    files(&shared.join("seeds"), &mut paths);
    let mut news = Vec::new();
    files(&shared.join("external/news_corpus"), &mut news);
    // Spread over the five sources.
    let step = (news.len() / 400).max(1);
    paths.extend(news.into_iter().step_by(step).take(400));
    if paths.is_empty() {
        eprintln!("skipping: no texts under {}", shared.display());
        return;
    }
    let x = DateExtractor::new();
    let published = CivilDate::new(2018, 2, 20);
    let mut checked = 0;
    for p in &paths {
        let Ok(raw) = std::fs::read_to_string(p) else {
            continue;
        };
        let text = body(&raw);
        for anchor in [None, published] {
            let windowed_matches = x.extract(text, anchor);
            let whole_matches = x.extract_unfiltered(text, anchor);
            if windowed_matches != whole_matches {
                let show = |v: &[khabar_enrich::dates::DateMatch]| {
                    v.iter().map(|m| format!("{}={:?}", &text[m.start..m.end], m.value)).collect::<Vec<_>>()
                };
                let windowed = show(&windowed_matches);
                let whole = show(&whole_matches);
                let only_windowed: Vec<_> = windowed.iter().filter(|a| !whole.contains(a)).collect();
                let only_whole: Vec<_> = whole.iter().filter(|a| !windowed.contains(a)).collect();
                panic!("{}: windows {only_windowed:?} vs whole text {only_whole:?}", p.display());
            }
        }
        checked += 1;
    }
    eprintln!("scan equivalence: {checked} texts identical");
}
