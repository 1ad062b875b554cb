//! The documents handed from stage to stage.

use crate::{CivilDate, DateRow, DocFailure, DocId, EntityRow, SentenceRow};

/// What ingest knows of a document besides its text; passed through unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// ID derived from the decoded text.
    pub doc_id: DocId,
    /// Input path relative to the input root it came from, `/`-separated.
    pub source_path: String,
    /// 1-based line where the document starts in a JSON Lines or SGML file.
    pub source_line: Option<u64>,
    /// The input's own ID (`id` in JSONL).
    pub source_id: Option<String>,
    /// `url` from the input.
    pub url: Option<String>,
    /// `source` (publisher) from the input.
    pub source: Option<String>,
    /// Publication date given by the input.
    pub published: Option<CivilDate>,
    /// Keys of a JSONL object that khabar does not interpret, as a JSON object text.
    pub extra: Option<String>,
    /// Input format: `txt`, `jsonl` or `sgml`.
    pub format: &'static str,
    /// The text encoding the input was decoded from (`UTF-8`, `UTF-16LE`, `windows-1256`...).
    pub encoding: &'static str,
}

impl DocMeta {
    /// Metadata of a document with this decoded text, found at `source_path`; every optional
    /// field empty.
    #[must_use]
    pub fn new(text: &str, source_path: &str, format: &'static str, encoding: &'static str) -> Self {
        Self {
            doc_id: DocId::from_text(text),
            source_path: source_path.to_owned(),
            source_line: None,
            source_id: None,
            url: None,
            source: None,
            published: None,
            extra: None,
            format,
            encoding,
        }
    }
}

impl RawDocument {
    /// A plain-text document: its first non-empty line is the title.
    #[must_use]
    pub fn from_text(text: String, source_path: &str, encoding: &'static str) -> Self {
        let title = text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);
        Self {
            meta: DocMeta::new(&text, source_path, "txt", encoding),
            title,
            title_from_first_line: true,
            text,
            issues: Vec::new(),
        }
    }
}

/// A document as read: decoded text, not yet normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// Metadata.
    pub meta: DocMeta,
    /// Title given by the input (JSONL `title`) or taken from the first non-empty line.
    pub title: Option<String>,
    /// True when `title` is the text's first non-empty line rather than a separate field.
    pub title_from_first_line: bool,
    /// Decoded text, BOM removed.
    pub text: String,
    /// Recoverable problems found while reading (warnings).
    pub issues: Vec<DocFailure>,
}

/// A document after normalization: its text is frozen from here on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedDocument {
    /// Metadata.
    pub meta: DocMeta,
    /// Normalized title.
    pub title: Option<String>,
    /// Normalized text; every offset of every table points into it.
    pub text: String,
    /// The decoded text before normalization (what `doc_id` is computed from).
    pub raw_text: String,
    /// Trace from `text` to `raw_text`: `(text offset, raw offset)` in code points at the
    /// start and wherever the two stop advancing together.
    pub offset_map: Vec<(u32, u32)>,
    /// Lines removed as page chrome.
    pub removed_lines: u32,
    /// Warnings so far.
    pub issues: Vec<DocFailure>,
}

/// A document with its annotations: the rows it contributes to each table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnrichedDocument {
    /// The `documents` row.
    pub document: crate::DocumentRow,
    /// `sentences` rows, in document order.
    pub sentences: Vec<SentenceRow>,
    /// `entities` rows, in document order.
    pub entities: Vec<EntityRow>,
    /// `dates` rows, in document order.
    pub dates: Vec<DateRow>,
    /// Warnings to record in `failures`.
    pub issues: Vec<DocFailure>,
    /// `MinHash` sketch of the text, for near-duplicate detection across the corpus.
    pub sketch: Option<Sketch>,
}

/// A one-permutation `MinHash` sketch of a document's word shingles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sketch {
    /// The minimum shingle hash that fell into each bin (`u32::MAX` for an empty bin).
    pub bins: Vec<u32>,
    /// Number of distinct shingles sketched.
    pub shingles: u32,
}
