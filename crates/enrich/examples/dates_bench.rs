//! Throughput of `DateExtractor::extract`, single-threaded.
//!
//! ```text
//! python3 /work/shared/tools/make_corpus.py /tmp/dates-bench.jsonl --mb 20
//! cargo run --release -p khabar-enrich --example dates_bench [-- /tmp/dates-bench.jsonl] [--check]
//! ```
//! The corpus (JSON Lines `{"id","title","published","text"}`) is generated with the command
//! above when missing (`$KHABAR_SHARED`, default `/work/shared`, locates the script). Every
//! document's `text` is extracted with its `published` date; the MB/s figure counts the bytes
//! of the texts only (not the JSON around them), best of three passes. `--check` also verifies
//! that the anchor scan changes nothing (every document against whole-text parsing).
#![allow(clippy::print_stdout)]

use std::time::Instant;

use khabar_core::CivilDate;
use khabar_enrich::dates::DateExtractor;

/// The JSON string value of `key` in one JSON Lines record (enough for `make_corpus.py` output).
fn field(line: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\": \"");
    let start = line.find(&pat)? + pat.len();
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[allow(clippy::disallowed_methods)] // a dev tool: the data folder is configurable
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let path =
        args.iter().find(|a| !a.starts_with("--")).cloned().unwrap_or_else(|| "/tmp/dates-bench.jsonl".to_owned());
    if !std::path::Path::new(&path).exists() {
        let shared = std::env::var("KHABAR_SHARED").unwrap_or_else(|_| "/work/shared".to_owned());
        let status = std::process::Command::new("python3")
            .arg(format!("{shared}/tools/make_corpus.py"))
            .arg(&path)
            .args(["--mb", "20"])
            .status()
            .expect("python3 runs make_corpus.py");
        assert!(status.success(), "make_corpus.py failed");
    }
    let raw = std::fs::read_to_string(&path).expect("corpus readable");
    let docs: Vec<(String, Option<CivilDate>)> = raw
        .lines()
        .filter_map(|l| Some((field(l, "text")?, field(l, "published").and_then(|p| CivilDate::parse_iso_prefix(&p)))))
        .collect();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let x = DateExtractor::new();
    let mut best = f64::INFINITY;
    let mut found = 0usize;
    let mut valued = 0usize;
    for _ in 0..3 {
        found = 0;
        valued = 0;
        let t0 = Instant::now();
        for (text, published) in &docs {
            let ms = x.extract(text, *published);
            found += ms.len();
            valued += ms.iter().filter(|m| m.value.is_some()).count();
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    if check {
        // The anchor scan must not change results: compare with whole-text parsing.
        let differ = docs.iter().filter(|(t, p)| x.extract(t, *p) != x.extract_unfiltered(t, *p)).count();
        println!("scan check: {differ} of {} documents differ from whole-text parsing", docs.len());
    }
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!("{} documents, {mb:.1} MB of text, {found} expressions ({valued} with a value)", docs.len());
    println!("best of 3: {best:.3} s = {:.1} MB/s single-threaded", mb / best);
}
