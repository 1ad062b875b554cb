//! Trains the tagger on the `ANERcorp` training portion and writes `models/ner.bin`.
//!
//! ```text
//! cargo run --release -p khabar-enrich --example ner_train -- [--clusters models/clusters.bin] [--classes models/wordclasses.bin|none] [--out models/ner.bin]
//!     [--epochs 12] [--no-second-pass] [--doc-window 40] [--min-count 1] [--prune 0] [--dev]
//!     [--cv 5 [--seed N] [--dump FILE]] [--prune-rows 0] [--prune-stack-rows 0]
//! ```
//!
//! `--prune-rows N` / `--prune-stack-rows N` drop the feature rows of pass 1 / pass 2 whose
//! quantized weights are all within ±N (measured, not shipped: docs/ner.md, "What did not help").
//! `--dump FILE` writes the CV error sentences (train file only), for error analysis.
//!
//! `--dev` holds out the last 10% of the training sentences, trains on the rest, prints dev
//! scores, and writes nothing: it is how settings are tuned (the test split is never used).
#![allow(clippy::print_stdout, reason = "an example that reports its results")]

mod common;

use common::{models, shared};

use std::fs;
use std::time::Instant;

use khabar_enrich::ner::{ClusterTable, Model, TaggedSentence, TrainOptions, WordClasses, evaluate, read_conll, train};

fn train_path() -> String {
    shared("external/anercorp/ANERCorp_train_derived.txt")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let mut options = TrainOptions::default();
    let clusters_path = value("--clusters").unwrap_or_else(|| models("clusters.bin"));
    if clusters_path != "none" {
        options.clusters = ClusterTable::from_bytes(&fs::read(&clusters_path)?)?;
    }
    let classes_path = value("--classes").unwrap_or_else(|| models("wordclasses.bin"));
    if classes_path != "none" {
        options.clusters.attach_classes(&WordClasses::from_bytes(&fs::read(&classes_path)?)?);
    }
    if let Some(v) = value("--epochs") {
        options.epochs = v.parse()?;
    }
    if let Some(v) = value("--doc-window") {
        options.doc_window = v.parse()?;
    }
    if let Some(v) = value("--min-count") {
        options.min_feature_count = v.parse()?;
    }
    if let Some(v) = value("--prune") {
        options.prune_below = v.parse()?;
    }
    if let Some(v) = value("--prune-rows") {
        options.prune_rows = v.parse()?;
    }
    if let Some(v) = value("--prune-stack-rows") {
        options.prune_stack_rows = v.parse()?;
    }
    if let Some(v) = value("--folds") {
        options.folds = v.parse()?;
    }
    if let Some(v) = value("--base-scale") {
        options.stack_base_scale = v.parse()?;
    }
    if let Some(v) = value("--stack-epochs") {
        options.stack_epochs = v.parse()?;
    }
    if let Some(v) = value("--disable") {
        for t in v.split(',') {
            options.disabled_templates |= 1u64 << t.parse::<u32>()?;
        }
    }
    if let Some(v) = value("--stack-ensemble") {
        options.stack_ensemble = v.parse()?;
    }
    if let Some(v) = value("--seed") {
        options.seed = v.parse()?;
    }
    if let Some(v) = value("--ensemble") {
        options.ensemble = v.parse()?;
    }
    if flag("--no-second-pass") {
        options.second_pass = false;
    }
    let sentences = read_conll(&fs::read_to_string(value("--train").unwrap_or_else(train_path))?);
    eprintln!(
        "{} sentences, {} clustered words, {} class views",
        sentences.len(),
        options.clusters.len(),
        options.clusters.class_views()
    );

    if let Some(k) = value("--cv") {
        // K-fold cross-validation over the training portion (contiguous folds), pooled counts.
        let k: usize = k.parse()?;
        let t = Instant::now();
        let eval_window: usize = match value("--eval-window") {
            Some(v) => v.parse()?,
            None => options.doc_window,
        };
        let biases: Vec<f32> = match value("--o-bias-sweep") {
            Some(v) => v.split(',').map(str::parse).collect::<Result<_, _>>()?,
            None => vec![0.0],
        };
        let mut gold_all = Vec::new();
        let mut pred_all = vec![Vec::new(); biases.len()];
        for f in 0..k {
            let lo = sentences.len() * f / k;
            let hi = sentences.len() * (f + 1) / k;
            let tr: Vec<TaggedSentence> = sentences[..lo].iter().chain(&sentences[hi..]).cloned().collect();
            let mut model = train(&tr, &options);
            let held = &sentences[lo..hi];
            gold_all.extend(held.iter().map(|s| s.tags.clone()));
            for (b, preds) in biases.iter().zip(pred_all.iter_mut()) {
                model.set_o_bias(*b);
                preds.extend(tag_all(&model, held, eval_window));
            }
        }
        eprintln!("{k}-fold CV in {:.1?}", t.elapsed());
        if let Some(path) = value("--dump") {
            dump_errors(&path, &sentences, &pred_all[0])?;
        }
        for (b, preds) in biases.iter().zip(&pred_all) {
            println!("cv, o-bias {b}:\n{}", evaluate(&gold_all, preds));
        }
        return Ok(());
    }
    if flag("--dev") {
        let cut = sentences.len() * 9 / 10;
        let (tr, dev) = sentences.split_at(cut);
        let t = Instant::now();
        let model = train(tr, &options);
        eprintln!("trained on {} sentences in {:.1?}", tr.len(), t.elapsed());
        let bytes = model.to_bytes();
        let model = Model::from_bytes(&bytes)?;
        eprintln!("model {} bytes, {} feature rows", bytes.len(), model.feature_count());
        report(&model, dev, options.doc_window);
        return Ok(());
    }
    let t = Instant::now();
    let model = train(&sentences, &options);
    let secs = t.elapsed();
    let bytes = model.to_bytes();
    let out = value("--out").unwrap_or_else(|| models("ner.bin"));
    if let Some(dir) = std::path::Path::new(&out).parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&out, &bytes)?;
    eprintln!("trained in {secs:.1?}; wrote {out} ({} bytes, {} feature rows)", bytes.len(), model.feature_count());
    Ok(())
}

/// Writes every sentence whose predicted mentions differ from the gold ones (for error analysis
/// on CV output; never run on the test split).
fn dump_errors(path: &str, sents: &[TaggedSentence], preds: &[Vec<khabar_enrich::ner::Tag>]) -> std::io::Result<()> {
    use khabar_enrich::ner::spans;
    use std::fmt::Write as _;
    let mut out = String::new();
    for (s, p) in sents.iter().zip(preds) {
        let (gs, ps) = (spans(&s.tags), spans(p));
        if gs == ps {
            continue;
        }
        let show = |v: &[(usize, usize, khabar_enrich::ner::Label)]| -> String {
            v.iter().map(|&(a, b, l)| format!("[{} {}]", l, s.tokens[a..b].join(" "))).collect::<Vec<_>>().join(" ")
        };
        let miss: Vec<_> = gs.iter().filter(|g| !ps.contains(g)).copied().collect();
        let extra: Vec<_> = ps.iter().filter(|x| !gs.contains(x)).copied().collect();
        let _ = writeln!(out, "S: {}\nFN: {}\nFP: {}\n", s.tokens.join(" "), show(&miss), show(&extra));
    }
    fs::write(path, out)
}

fn tag_all(model: &Model, sents: &[TaggedSentence], window: usize) -> Vec<Vec<khabar_enrich::ner::Tag>> {
    let mut out = Vec::new();
    for chunk in sents.chunks(window.max(1)) {
        let toks: Vec<Vec<&str>> = chunk.iter().map(TaggedSentence::token_strs).collect();
        out.extend(model.tag_document(&toks));
    }
    out
}

fn report(model: &Model, dev: &[TaggedSentence], window: usize) {
    let gold: Vec<_> = dev.iter().map(|s| s.tags.clone()).collect();
    let single: Vec<_> = dev.iter().map(|s| model.tag(&s.token_strs())).collect();
    println!("dev, sentence at a time (first pass):\n{}", evaluate(&gold, &single));
    if model.has_second_pass() {
        let mut doc = Vec::new();
        for chunk in dev.chunks(window.max(1)) {
            let toks: Vec<Vec<&str>> = chunk.iter().map(TaggedSentence::token_strs).collect();
            doc.extend(model.tag_document(&toks));
        }
        println!("dev, documents of {window} sentences:\n{}", evaluate(&gold, &doc));
    }
}
