//! Statistical Arabic named-entity tagger.
//!
//! ## What it does
//! Tags whitespace tokens of Arabic news text with IOB2 labels over `PER`, `LOC`, `ORG` and
//! `MISC`, using averaged structured perceptrons (first-order, Viterbi decoding with IOB
//! constraints) over hashed Arabic-aware features: folded word, clitic-split stem, affixes,
//! shape, ±2 context words, trigger words, an embedded gazetteer and Brown word clusters.
//! A second, stacked pass adds document-level label-consistency features (trained on
//! jackknifed first-pass output, decoded for three rounds).
//!
//! ## Why
//! Pure Rust, deterministic, ~4 MB, and over a million tokens per second per core, so the
//! pipeline can tag every document without a neural runtime. See `docs/ner.md` for the argument and
//! the measured numbers.
//!
//! ## Example
//! ```ignore
//! let model = Model::from_bytes(include_bytes!("ner.bin"))?;
//! let text = "قال الرئيس بشار الأسد في دمشق.";
//! let spans = tokenize(text);
//! let tokens: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
//! let tags = model.tag_document(&[tokens]);
//! let mentions = model.mentions(text, &spans, &tags[0]); // byte spans, proclitics stripped
//! ```
//!
//! ## Known limitations
//! Trained on `ANERcorp` (2000s newswire), so names that became frequent later are known only
//! through clusters and the gazetteer. Tokens are whitespace tokens with clitics attached, so a
//! mention's first token may carry a proclitic; [`name_start`] finds where the name begins.

mod cache;
mod clitic;
mod clusters;
mod conll;
mod consistency;
mod decode;
mod embed;
mod eval;
mod features;
mod gazetteer;
mod hash;
mod model;
mod tags;
mod tokenize;
mod train;

pub use clitic::{NameStart, STRONG_EVIDENCE, name_start};
pub use clusters::{BrownOptions, ClusterCorpus, ClusterTable, ClusteredWord, brown_clusters};
pub use conll::{TaggedSentence, read_conll};
pub use embed::{ClassedWord, EmbedCorpus, EmbedOptions, WordClasses, word_classes};
pub use eval::{Scores, TypeScores, evaluate, spans};
pub use model::{Mention, Model, ModelError, word_cache_stats};
pub use tags::{Label, Tag};
pub use tokenize::{tokenize, tokens_by_sentence};
pub use train::{TrainOptions, train};
