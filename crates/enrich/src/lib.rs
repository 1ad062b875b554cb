//! The enrich stage: sentences, named entities and dates, as rows with stable IDs.
//!
//! ## Place in the pipeline
//!
//! `NormalizedDocument` (normalize) → [`Enricher::run`] → `EnrichedDocument` (export).
//!
//! ## Invariants
//!
//! - The text is never edited: every span is a code-point range of `documents.text` whose
//!   slice equals the row's `text`.
//! - Sentences are disjoint and in order; every mention and date lies inside the sentence it
//!   names (a date or mention that would straddle two sentences is dropped).
//! - IDs come from `khabar_core::id` only.
//!
//! ## Non-goals
//!
//! No I/O: user gazetteers arrive as strings in [`Resources`].
#![warn(missing_docs)]

pub mod dates;
pub mod dedup;
pub mod entities;
pub mod ner;
pub mod sentences;
pub mod tokens;

use khabar_core::id::OccurrenceCounter;
use khabar_core::span::CharIndex;
use khabar_core::{
    DateId, DateRow, DocFailure, DocumentRow, EnrichedDocument, EntityRow, MentionId, NormalizedDocument, SentenceId,
    SentenceRow, Stage,
};
use serde::{Deserialize, Serialize};

pub use dates::{DateExtractor, DateMatch};
pub use entities::{Gazetteer, GazetteerError};
pub use ner::Model as NerModel;
pub use sentences::SentenceSplitter;

/// Name of this stage in failure rows.
pub const STAGE: &str = "enrich";

/// A byte range `[start, end)` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Settings of the `[enrich]` section of `pipeline.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// Entity settings.
    pub entities: EntitiesConfig,
    /// Date settings.
    pub dates: DatesConfig,
    /// Near-duplicate and boilerplate settings.
    pub dedup: dedup::DedupConfig,
}

/// `[enrich.entities]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct EntitiesConfig {
    /// Find entities at all.
    pub enabled: bool,
    /// Run the statistical tagger (`crates/enrich/models/ner.bin`) as well as the gazetteer.
    pub model: bool,
    /// Use the built-in gazetteer.
    pub builtin_gazetteer: bool,
    /// Extra gazetteer files (paths relative to `pipeline.toml`), read by the CLI; later
    /// files override earlier ones and the built-in list.
    pub gazetteers: Vec<String>,
}

impl Default for EntitiesConfig {
    fn default() -> Self {
        Self { enabled: true, model: true, builtin_gazetteer: true, gazetteers: Vec::new() }
    }
}

/// `[enrich.dates]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DatesConfig {
    /// Find dates at all.
    pub enabled: bool,
    /// When the input gives no publication date, look for one in the first lines of the text.
    pub publication_date_from_text: bool,
    /// Dates that name no year (`في الرابع من آذار`, `في نيسان`, `يوم الثلاثاء`) take it from
    /// the publication date, by the tense of their sentence (kind `anchored`); `false` keeps
    /// them `XXXX-03-04` (kind `partial`).
    pub anchor_on_published: bool,
}

impl Default for DatesConfig {
    fn default() -> Self {
        Self { enabled: true, publication_date_from_text: true, anchor_on_published: true }
    }
}

/// Data the stage needs that the CLI reads from disk: user gazetteers as `(name, contents)`.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Extra gazetteer files, in order.
    pub gazetteers: Vec<(String, String)>,
}

/// The shipped tagger, trained by `khabar train-ner` (see docs/ner.md).
pub const NER_MODEL: &[u8] = include_bytes!("../models/ner.bin");

/// Why the stage cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer file is malformed.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The tagger model does not load.
    #[error("the entity model does not load: {0}")]
    Model(#[from] ner::ModelError),
}

/// The enrich stage, built once and run on any thread.
pub struct Enricher {
    config: Config,
    splitter: SentenceSplitter,
    gazetteer: Gazetteer,
    model: Option<ner::Model>,
    dates: DateExtractor,
}

impl std::fmt::Debug for Enricher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enricher")
            .field("config", &self.config)
            .field("model", &self.model.is_some())
            .finish_non_exhaustive()
    }
}

impl Enricher {
    /// Builds the stage: parses gazetteers, loads the tagger, compiles patterns.
    pub fn new(config: &Config, resources: &Resources) -> Result<Self, Error> {
        let builtin = config.entities.builtin_gazetteer.then_some(("builtin", entities::gazetteer::BUILTIN));
        let user = resources.gazetteers.iter().map(|(n, c)| (n.as_str(), c.as_str()));
        let gazetteer = Gazetteer::from_sources(builtin.into_iter().chain(user))?;
        let model = if config.entities.model { Some(ner::Model::from_bytes(NER_MODEL)?) } else { None };
        Ok(Self {
            config: config.clone(),
            splitter: SentenceSplitter::new(),
            gazetteer,
            model,
            dates: DateExtractor::with_options(dates::Options {
                anchor: config.dates.anchor_on_published,
                ..dates::Options::default()
            }),
        })
    }

    /// Mentions the tagger finds, sentence by sentence (none without a tagger).
    fn propose_entities(&self, text: &str, sentences: &[Span]) -> Vec<entities::link::Proposed> {
        let Some(model) = &self.model else { return Vec::new() };
        let (groups, kept) = ner::tokens_by_sentence(text, sentences);
        let tags: Vec<ner::Tag> = model.tag_document(&groups).into_iter().flatten().collect();
        model
            .mentions(text, &kept, &tags)
            .into_iter()
            .map(|m| entities::link::Proposed {
                start: m.start,
                end: m.end,
                label: m.label.as_str(),
                elided_alef: m.article_elided,
            })
            .collect()
    }
}

/// Finds the sentence holding the byte range `[start, end)`, if one holds it whole.
fn sentence_of(sentences: &[Span], start: usize, end: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= start);
    sentences.get(i).filter(|s| s.start <= start && end <= s.end).map(|_| i)
}

impl Stage for Enricher {
    const NAME: &'static str = STAGE;
    type Input = NormalizedDocument;
    type Output = EnrichedDocument;

    fn run(&self, doc: &NormalizedDocument) -> Result<EnrichedDocument, DocFailure> {
        let text = doc.text.as_str();
        let doc_id = &doc.meta.doc_id;
        let index = CharIndex::new(text);

        let (published, published_source) = match doc.meta.published {
            Some(d) => (Some(d), Some("input")),
            None if self.config.dates.enabled && self.config.dates.publication_date_from_text => {
                let found = self.dates.find_publication_date(text);
                (found, found.map(|_| "text"))
            }
            None => (None, None),
        };

        let spans = self.splitter.split(text);
        // The words of the text, folded once: for sentence fingerprints, the gazetteer and the
        // near-duplicate sketch.
        let tokens = tokens::tokenize(text);
        let mut counter = OccurrenceCounter::default();
        let mut words = tokens.words_within();
        let sentences: Vec<SentenceRow> = spans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let piece = &text[s.start..s.end];
                let fingerprint = words
                    .next(s.start, s.end)
                    .map_or_else(|| khabar_core::text::fingerprint(piece), khabar_core::text::fingerprint_of_words);
                SentenceRow {
                    sentence_id: SentenceId::new(doc_id, piece, counter.next(piece)),
                    doc_id: *doc_id,
                    index: i as u32,
                    span: index.span_of_bytes(s.start, s.end),
                    text: piece.to_owned(),
                    fingerprint,
                }
            })
            .collect();

        let mut entities = Vec::new();
        if self.config.entities.enabled {
            let mut counter = OccurrenceCounter::default();
            let listed = self.gazetteer.find(text, &tokens);
            let proposed = self.propose_entities(text, &spans);
            for m in entities::link::link(text, &self.gazetteer, &listed, &proposed) {
                let Some(si) = sentence_of(&spans, m.start, m.end) else { continue };
                let surface = &text[m.start..m.end];
                let sentence_id = &sentences[si].sentence_id;
                entities.push(EntityRow {
                    mention_id: MentionId::new(sentence_id, surface, m.label, counter.next((si, surface, m.label))),
                    doc_id: *doc_id,
                    sentence_id: *sentence_id,
                    span: index.span_of_bytes(m.start, m.end),
                    text: surface.to_owned(),
                    label: m.label,
                    entity_id: m.entity_id,
                    canonical: m.canonical,
                    method: m.method,
                });
            }
        }

        let mut dates = Vec::new();
        if self.config.dates.enabled {
            let mut counter = OccurrenceCounter::default();
            for m in self.dates.extract(text, published) {
                let Some(si) = sentence_of(&spans, m.start, m.end) else { continue };
                let surface = &text[m.start..m.end];
                let sentence_id = &sentences[si].sentence_id;
                dates.push(DateRow {
                    date_id: DateId::new(sentence_id, surface, counter.next((si, surface))),
                    doc_id: *doc_id,
                    sentence_id: *sentence_id,
                    span: index.span_of_bytes(m.start, m.end),
                    text: surface.to_owned(),
                    value: m.value,
                    granularity: m.granularity,
                    kind: m.kind,
                    date: m.date,
                    confidence: m.confidence,
                    calendar: m.calendar,
                    modifier: m.modifier,
                });
            }
        }

        let meta = &doc.meta;
        let document = DocumentRow {
            doc_id: *doc_id,
            source_id: meta.source_id.clone(),
            source_path: meta.source_path.clone(),
            source_line: meta.source_line,
            title: doc.title.clone(),
            published,
            published_source,
            url: meta.url.clone(),
            source: meta.source.clone(),
            format: meta.format,
            encoding: meta.encoding,
            extra: meta.extra.clone(),
            text: doc.text.clone(),
            raw_text: doc.raw_text.clone(),
            offset_map: doc.offset_map.clone(),
        };
        let word_hashes: Vec<u64> = if self.config.dedup.near_duplicates {
            tokens.folded_words().map(|w| khabar_core::text::fnv1a64(w.as_bytes())).collect()
        } else {
            Vec::new()
        };
        let sketch = dedup::sketch_of_words(&word_hashes, &self.config.dedup);
        Ok(EnrichedDocument { document, sentences, entities, dates, issues: doc.issues.clone(), sketch })
    }
}
