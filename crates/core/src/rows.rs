//! One row type per output table; field names are the column names of CONTRACT.md.

use crate::{CharSpan, CivilDate, DateId, DocId, EntityId, MentionId, SentenceId};

/// A row of `documents`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocumentRow {
    /// Stable ID from the decoded text.
    pub doc_id: DocId,
    /// The input's own ID, if it had one.
    pub source_id: Option<String>,
    /// Input path relative to its input root.
    pub source_path: String,
    /// 1-based line where the document starts in a JSON Lines or SGML file.
    pub source_line: Option<u64>,
    /// Title.
    pub title: Option<String>,
    /// Publication date, from the input or found in the text.
    pub published: Option<CivilDate>,
    /// Where `published` came from: `input` or `text`.
    #[serde(deserialize_with = "crate::intern::optional_name")]
    pub published_source: Option<crate::intern::Name>,
    /// `url` from the input.
    pub url: Option<String>,
    /// `source` (publisher) from the input.
    pub source: Option<String>,
    /// Input format: `txt`, `jsonl` or `sgml`.
    #[serde(deserialize_with = "crate::intern::name")]
    pub format: crate::intern::Name,
    /// Encoding the input was decoded from.
    #[serde(deserialize_with = "crate::intern::name")]
    pub encoding: crate::intern::Name,
    /// Input keys khabar does not interpret, as a JSON object.
    pub extra: Option<String>,
    /// Normalized text.
    pub text: String,
    /// The decoded text before normalization.
    pub raw_text: String,
    /// Trace from `text` to `raw_text` (see `NormalizedDocument::offset_map`).
    pub offset_map: Vec<(u32, u32)>,
}

/// A row of `sentences`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentenceRow {
    /// Stable ID.
    pub sentence_id: SentenceId,
    /// Parent document.
    pub doc_id: DocId,
    /// 0-based order in the document.
    pub index: u32,
    /// Code points of the sentence in `documents.text`.
    pub span: CharSpan,
    /// The sentence text, equal to the span's slice.
    pub text: String,
    /// `khabar_core::text::fingerprint` of the text: equal for sentences that differ only in
    /// spelling variants, diacritics, punctuation or spacing.
    pub fingerprint: u64,
}

/// A row of `entities`: one mention of a named entity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityRow {
    /// Stable ID of this mention.
    pub mention_id: MentionId,
    /// Parent document.
    pub doc_id: DocId,
    /// Sentence holding the mention.
    pub sentence_id: SentenceId,
    /// The name, without attached clitics.
    pub span: CharSpan,
    /// Surface of the mention.
    pub text: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(deserialize_with = "crate::intern::name")]
    pub label: crate::intern::Name,
    /// Canonical entity.
    pub entity_id: EntityId,
    /// Canonical name.
    pub canonical: String,
    /// What found it: `gazetteer`, ...
    #[serde(deserialize_with = "crate::intern::name")]
    pub method: crate::intern::Name,
}

/// A row of `dates`: one date or time expression.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DateRow {
    /// Stable ID.
    pub date_id: DateId,
    /// Parent document.
    pub doc_id: DocId,
    /// Sentence holding the expression.
    pub sentence_id: SentenceId,
    /// Code points of the expression.
    pub span: CharSpan,
    /// Surface of the expression.
    pub text: String,
    /// ISO 8601 value at its granularity, `XXXX-MM-DD` for an unknown year, `A/B` for an
    /// interval; `None` when it cannot be resolved.
    pub value: Option<String>,
    /// `day`, `month`, `year`, ...
    #[serde(deserialize_with = "crate::intern::name")]
    pub granularity: crate::intern::Name,
    /// `absolute`, `relative`, `anchored`, `partial`, `duration`, `interval`.
    #[serde(deserialize_with = "crate::intern::name")]
    pub kind: crate::intern::Name,
    /// The part of the period `value` names (`مطلع`, `منتصف`, `أواخر`): `start`, `mid` or
    /// `end`; `None` for the whole period.
    #[serde(deserialize_with = "crate::intern::optional_name")]
    pub modifier: Option<crate::intern::Name>,
    /// First day of `value` when resolved.
    pub date: Option<CivilDate>,
    /// 0 to 1: how sure the extractor is of `value`.
    pub confidence: f32,
    /// Calendar the expression is written in: `gregorian` or `hijri`.
    #[serde(deserialize_with = "crate::intern::name")]
    pub calendar: crate::intern::Name,
}

/// One row of `document_sources`: an input that yielded a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceRow {
    /// The document.
    pub doc_id: String,
    /// Input path relative to its root.
    pub source_path: String,
    /// JSONL line.
    pub source_line: Option<u64>,
    /// The input's own ID.
    pub source_id: Option<String>,
}

/// One row of `entity_catalog`: a canonical entity and how it was mentioned.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CatalogRow {
    /// Stable ID of the entity.
    pub entity_id: String,
    /// Canonical name.
    pub canonical: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// Distinct surfaces it was mentioned by, sorted.
    pub aliases: Vec<String>,
    /// Mentions in the run.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
}
