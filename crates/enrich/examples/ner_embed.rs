//! Word vectors (PPMI + truncated SVD) over the allowed raw text, clustered with spherical
//! k-means at several granularities; writes `models/wordclasses.bin` (hashed word keys and class
//! ids only, what training reads).
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_embed -- [--no-news] [--dims 100] [--classes 64,256,1024] [--out models/wordclasses.bin]
//! ```
//!
//! Text used: the same as `ner_clusters`: the `ANERcorp` training portion (tokens only, no
//! tags), the seed articles, and (unless `--no-news`) `<TITLE>` and `<TEXT>` of the ANT news
//! corpus. Never the `ANERcorp` test split or `NewsFANE`.
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, raw_corpus};

use std::fmt::Write as _;
use std::fs;
use std::time::Instant;

use khabar_enrich::ner::{EmbedCorpus, EmbedOptions, WordClasses, word_classes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let mut options = EmbedOptions::default();
    if let Some(v) = value("--dims") {
        options.dims = v.parse()?;
    }
    if let Some(v) = value("--context-words") {
        options.context_words = v.parse()?;
    }
    if let Some(v) = value("--classes") {
        options.classes = v.split(',').map(str::parse).collect::<Result<_, _>>()?;
    }
    if let Some(v) = value("--kmeans-iters") {
        options.kmeans_iters = v.parse()?;
    }
    let out = value("--out").unwrap_or_else(|| models("wordclasses.bin"));
    let start = Instant::now();
    let mut corpus = EmbedCorpus::new();
    let files = raw_corpus(!flag("--no-news"), |toks| corpus.add_sentence(toks))?;
    eprintln!("{} tokens ({files} news files), read in {:.1?}", corpus.tokens(), start.elapsed());
    let t = Instant::now();
    let words = word_classes(&corpus, &options);
    eprintln!("{} words classed into {:?} in {:.1?}", words.len(), options.classes, t.elapsed());
    if let Some(txt) = value("--txt") {
        // For inspection only (a word list; not for commits).
        let mut s = String::new();
        for w in &words {
            writeln!(s, "{}\t{}\t{:?}", w.word, w.count, w.classes)?;
        }
        fs::write(txt, s)?;
    }
    let bytes = WordClasses::from_words(&words).to_bytes();
    fs::write(&out, &bytes)?;
    eprintln!("wrote {out} ({} bytes)", bytes.len());
    Ok(())
}
