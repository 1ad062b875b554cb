//! Trains Brown word clusters from the allowed raw text and writes `models/clusters.bin`
//! (hashed, what training reads) and `models/clusters.txt` (for inspection; not for commits).
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_clusters -- [--no-news] [--clusters 256] [--min-count 3] [--max-words 150000]
//! ```
//!
//! Text used: the `ANERcorp` training portion (tokens only, no tags), the seed articles, and
//! (unless `--no-news`) `<TITLE>` and `<TEXT>` of the ANT news corpus. Never the `ANERcorp` test
//! split or `NewsFANE`.
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, raw_corpus};

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use khabar_enrich::ner::{BrownOptions, ClusterCorpus, ClusterTable, brown_clusters};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let mut options = BrownOptions::default();
    if let Some(v) = value("--clusters") {
        options.clusters = v.parse()?;
    }
    if let Some(v) = value("--min-count") {
        options.min_count = v.parse()?;
    }
    if let Some(v) = value("--max-words") {
        options.max_words = v.parse()?;
    }
    let out_dir = PathBuf::from(value("--out-dir").unwrap_or_else(|| models("")));

    let start = Instant::now();
    let mut corpus = ClusterCorpus::new();
    let files = raw_corpus(!flag("--no-news"), |toks| corpus.add_sentence(toks))?;
    eprintln!("{} tokens ({files} news files)", corpus.tokens());
    eprintln!("vocabulary {} words; read in {:.1?}", corpus.vocabulary(), start.elapsed());
    let prefix = "clusters";
    let t = Instant::now();
    let words = brown_clusters(&corpus, &options);
    eprintln!("clustered {} words into {} leaves in {:.1?}", words.len(), options.clusters, t.elapsed());
    fs::create_dir_all(&out_dir)?;
    let mut txt = String::new();
    for w in &words {
        writeln!(txt, "{}\t{}\t{}", w.path_string(), w.word, w.count)?;
    }
    fs::write(out_dir.join(format!("{prefix}.txt")), txt)?;
    let table = ClusterTable::from_words(&words);
    let bytes = table.to_bytes();
    let bin = out_dir.join(format!("{prefix}.bin"));
    fs::write(&bin, &bytes)?;
    eprintln!("wrote {} ({} bytes)", bin.display(), bytes.len());
    Ok(())
}
