//! Tagging speed, single-threaded: tokens per second over every ANT news article once, and over
//! the `ANERcorp` test split's sentences.
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_bench -- [--model models/ner.bin] [--seconds 5]
//!     [--rounds N] [--only news|tag|tag_document|tokenize|keys]
//! ```
//!
//! Prints the model's load time, then four speeds: [`Model::tag_document`] over every ANT news
//! article once (`news`), [`Model::tag`] per sentence (first pass only), [`Model::tag_document`]
//! over pseudo-documents of the model's window (both passes, the second one for three rounds),
//! and [`tokenize`] alone; and (`keys`) how many first-pass feature keys a test-split token has
//! and how many of them tagging looks up past the word cache. `--rounds N` runs each test-split
//! measurement exactly `N` times instead of for `--seconds`, so that `perf stat -e
//! instructions` or callgrind count a fixed amount of work; `--only` runs one of the five.
//!
//! `news` is the figure to quote: its text is new to the tagger, as in a pipeline run. The
//! test-split figures repeat the same 25,008 tokens, so after the first round every word hits
//! the per-thread cache of word analyses and scores, and they overstate the speed on new text.
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, news_texts, shared};

use std::fs;
use std::hint::black_box;
use std::time::{Duration, Instant};

use khabar_enrich::SentenceSplitter;
use khabar_enrich::ner::{Model, TaggedSentence, read_conll, tokenize, tokens_by_sentence, word_cache_stats};

fn text_path() -> String {
    shared("external/anercorp/ANERCorp_CamelLab_test.txt")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let t = Instant::now();
    let bytes = fs::read(value("--model").unwrap_or_else(|| models("ner.bin")))?;
    let model = Model::from_bytes(&bytes)?;
    println!("load: {:.1?} for {} bytes", t.elapsed(), bytes.len());
    let seconds: f64 = value("--seconds").map_or(Ok(5.0), |v| v.parse())?;
    let budget = Duration::from_secs_f64(seconds);
    let fixed_rounds: Option<usize> = value("--rounds").map(|v| v.parse()).transpose()?;
    let only = value("--only");
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let sents = read_conll(&fs::read_to_string(text_path())?);
    let toks: Vec<Vec<&str>> = sents.iter().map(TaggedSentence::token_strs).collect();
    let per_round: usize = toks.iter().map(Vec::len).sum();

    let rate = |f: &mut dyn FnMut()| {
        f(); // warm-up
        let t = Instant::now();
        let mut rounds = 0usize;
        while fixed_rounds.map_or(t.elapsed() < budget, |n| rounds < n) {
            f();
            rounds += 1;
        }
        (rounds * per_round) as f64 / t.elapsed().as_secs_f64()
    };
    if wanted("news") {
        // Split and tokenized as the pipeline does, each article one document; timed once,
        // before any other measurement has seen a word.
        let texts = news_texts()?;
        let splitter = SentenceSplitter::new();
        let docs: Vec<Vec<Vec<&str>>> = texts.iter().map(|t| tokens_by_sentence(t, &splitter.split(t)).0).collect();
        let tokens: usize = docs.iter().flatten().map(Vec::len).sum();
        let t = Instant::now();
        for doc in &docs {
            black_box(model.tag_document(black_box(doc)));
        }
        let secs = t.elapsed().as_secs_f64();
        let (hits, lookups) = word_cache_stats();
        println!(
            "news ({} ANT articles, {tokens} tokens, once): {:.0} tokens/s; word cache hits {:.1}% of {lookups}",
            docs.len(),
            tokens as f64 / secs,
            100.0 * hits as f64 / lookups.max(1) as f64
        );
    }
    if wanted("keys") {
        let (all, looked_up) =
            toks.iter().map(|s| model.feature_key_counts(s)).fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
        println!(
            "first-pass feature keys per token on the test split: {:.1}, of which {:.1} are looked up when tagging",
            all as f64 / per_round as f64,
            looked_up as f64 / per_round as f64
        );
    }
    if wanted("tag") {
        let r = rate(&mut || {
            for s in &toks {
                black_box(model.tag(black_box(s)));
            }
        });
        println!("tag (sentence at a time, first pass): {r:.0} tokens/s");
    }
    if wanted("tag_document") {
        let window = model.doc_window().max(1);
        let r = rate(&mut || {
            for chunk in toks.chunks(window) {
                black_box(model.tag_document(black_box(chunk)));
            }
        });
        println!("tag_document ({window} sentences): {r:.0} tokens/s");
    }
    if wanted("tokenize") {
        let text: String = toks.iter().map(|s| s.join(" ")).collect::<Vec<_>>().join("\n");
        let r = rate(&mut || {
            black_box(tokenize(black_box(&text)));
        });
        println!("tokenize: {r:.0} tokens/s");
    }
    Ok(())
}
