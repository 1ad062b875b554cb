//! The anchor scan is only a speed-up: extracting from windows around anchor words must give
//! exactly what parsing the whole text gives. Checked on the seed articles and on real news
//! from `$KHABAR_SHARED/external/news_corpus` (ANT corpus; the first 400 articles in path
//! order), each with and without its publication date.

mod common;

use common::shared;
use khabar_core::CivilDate;
use khabar_enrich::dates::DateExtractor;

#[test]
fn windows_match_whole_text() {
    let shared = shared();
    let mut paths = Vec::new();
    common::txt_files(&shared.join("seeds"), &mut paths);
    let mut news = Vec::new();
    common::txt_files(&shared.join("external/news_corpus"), &mut news);
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
        let text = common::ant_body(&raw);
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
