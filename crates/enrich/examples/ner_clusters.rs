//! Trains Brown word clusters from the allowed raw text and writes `models/clusters.bin`
//! (hashed, what training reads) and `models/clusters.txt` (for inspection; not for commits).
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_clusters -- [--no-news] [--clusters 256] [--min-count 3] [--max-words 150000]
//! ```
//!
//! Text used: the `ANERcorp` training portion (tokens only, no tags), the seed articles, and
//! (unless `--no-news`) `<TITLE>` and `<text_path()>` of the ANT news corpus. Never the `ANERcorp` test
//! split or `NewsFANE`.
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, shared};

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use khabar_enrich::ner::{BrownOptions, ClusterCorpus, ClusterTable, brown_clusters, read_conll, tokenize};

fn train_path() -> String {
    shared("external/anercorp/ANERCorp_train_derived.txt")
}
fn seeds_path() -> String {
    shared("seeds")
}
fn news_path() -> String {
    shared("external/news_corpus")
}

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
    for s in read_conll(&fs::read_to_string(train_path())?) {
        corpus.add_sentence(&s.tokens);
    }
    eprintln!("anercorp train: {} tokens", corpus.tokens());
    let mut files = Vec::new();
    collect(Path::new(&seeds_path()), &mut files)?;
    for f in &files {
        add_text(&mut corpus, &fs::read_to_string(f)?);
    }
    eprintln!("+ seeds: {} tokens", corpus.tokens());
    if !flag("--no-news") {
        let mut files = Vec::new();
        collect(Path::new(&news_path()), &mut files)?;
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        for f in &files {
            let doc = fs::read_to_string(f)?;
            for tag in ["TITLE", "text_path()"] {
                if let Some(body) = between(&doc, tag) {
                    add_text(&mut corpus, body);
                }
            }
        }
        eprintln!("+ news ({} files): {} tokens", files.len(), corpus.tokens());
    }
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

fn add_text(corpus: &mut ClusterCorpus, text: &str) {
    for line in text.lines() {
        let toks: Vec<&str> = tokenize(line).into_iter().map(|(a, b)| &line[a..b]).collect();
        if !toks.is_empty() {
            corpus.add_sentence(&toks);
        }
    }
}

fn between<'a>(doc: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let s = doc.find(&open)? + open.len();
    let e = doc[s..].find(&close)? + s;
    Some(&doc[s..e])
}

/// All files under `dir`, sorted (deterministic order).
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}
