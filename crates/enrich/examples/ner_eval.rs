//! Scores `models/ner.bin` on the `ANERcorp` `CAMeL` Lab test split: `CoNLL` exact-span micro
//! P/R/F1 and per label.
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_eval -- [--model models/ner.bin] [--test PATH] [--window N]
//! ```
//!
//! Two settings are printed: each sentence tagged alone ([`Model::tag`], first pass only), and
//! the test file cut into pseudo-documents of `--window` consecutive sentences (default: the
//! window the model was trained with) tagged with [`Model::tag_document`], which adds the
//! second pass and its label consistency inside each pseudo-document. `ANERcorp` has no
//! document boundaries; the second setting is the headline number.
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, shared};

use std::fs;
use std::time::Instant;

use khabar_enrich::ner::{Model, TaggedSentence, evaluate, read_conll};

fn test_path() -> String {
    shared("external/anercorp/ANERCorp_CamelLab_test.txt")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let bytes = fs::read(value("--model").unwrap_or_else(|| models("ner.bin")))?;
    let model = Model::from_bytes(&bytes)?;
    let test = read_conll(&fs::read_to_string(value("--test").unwrap_or_else(test_path))?);
    let window = match value("--window") {
        Some(v) => v.parse()?,
        None => model.doc_window().max(1),
    };
    let tokens: usize = test.iter().map(TaggedSentence::len).sum();
    println!("model: {} bytes; test: {} sentences, {} tokens", bytes.len(), test.len(), tokens);
    let gold: Vec<_> = test.iter().map(|s| s.tags.clone()).collect();

    let t = Instant::now();
    let single: Vec<_> = test.iter().map(|s| model.tag(&s.token_strs())).collect();
    println!("\nsentence at a time, first pass only ({:.2?}):\n{}", t.elapsed(), evaluate(&gold, &single));

    if model.has_second_pass() {
        let t = Instant::now();
        let mut doc = Vec::new();
        for chunk in test.chunks(window) {
            let toks: Vec<Vec<&str>> = chunk.iter().map(TaggedSentence::token_strs).collect();
            doc.extend(model.tag_document(&toks));
        }
        println!("pseudo-documents of {window} sentences ({:.2?}):\n{}", t.elapsed(), evaluate(&gold, &doc));
    }
    Ok(())
}
