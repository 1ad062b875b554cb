//! Lists the dates of the ANT corpus (`SHARED/external/news_corpus`, SHARED the first argument) that the
//! publication date placed (kind `anchored`) or that name a part of a period (a modifier),
//! with their context, as TSV: for reviewing the resolution rules on real news.
//!
//! ```text
//! cargo run --release -p khabar-enrich --example dates_ant > /tmp/ant-anchored.tsv
//! ```
//! A document is its `<TEXT>` body, published on its `<TIME>` date (`Thu, 29 Mar 2018 ...`).
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};

use khabar_core::CivilDate;
use khabar_enrich::dates::DateExtractor;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

/// `Thu, 29 Mar 2018 10:38:55 +0400` → 2018-03-29.
fn rfc2822_date(s: &str) -> Option<CivilDate> {
    let mut it = s.split_whitespace().skip(1);
    let day: u8 = it.next()?.parse().ok()?;
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let name = it.next()?;
    let m = u8::try_from(months.iter().position(|x| *x == name)? + 1).ok()?;
    let y: i32 = it.next()?.parse().ok()?;
    CivilDate::new(y, m, day)
}

fn between<'a>(doc: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let s = doc.find(open)? + open.len();
    let e = s + doc[s..].find(close)?;
    Some(&doc[s..e])
}

fn main() {
    // The shared folder as the first argument (default ../shared).
    let shared = std::env::args().nth(1).unwrap_or_else(|| "../shared".into());
    let root = Path::new(&shared).join("external/news_corpus");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let x = DateExtractor::new();
    for path in &all {
        let Ok(doc) = std::fs::read_to_string(path) else { continue };
        let published = between(&doc, "<TIME>", "</TIME>").and_then(rfc2822_date);
        let Some(text) = between(&doc, "<TEXT>", "</TEXT>") else { continue };
        for m in x.extract(text, published) {
            if m.kind != "anchored" && m.modifier.is_none() {
                continue;
            }
            let lo = text[..m.start].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
            let hi = text[m.end..].char_indices().nth(40).map_or(text.len(), |(i, _)| m.end + i);
            let ctx = text[lo..hi].replace(['\n', '\t'], " ");
            let rel = path.strip_prefix(&root).unwrap_or(path).display();
            let p = published.map(|d| d.to_string()).unwrap_or_default();
            println!(
                "{rel}\t{p}\t{}\t{}\t{}\t{}\t{ctx}",
                &text[m.start..m.end],
                m.value.as_deref().unwrap_or("-"),
                m.kind,
                m.modifier.unwrap_or("-")
            );
        }
    }
}
