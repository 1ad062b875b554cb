//! Per-document failures: a document that cannot be read, decoded or processed becomes a row
//! of the `failures` table and the run goes on.
//!
//! Codes are stable and never reused; `docs/failures.md` lists them all.

use std::fmt;

use crate::DocId;

/// How bad a recorded problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// The document was not written.
    Error,
    /// The document was written, but something in it was dropped or guessed.
    Warning,
}

impl Severity {
    /// Lowercase name as written in the `severity` column.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// A stable failure code. The code names the problem, not the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum FailureCode {
    /// The file could not be opened or read.
    UnreadableFile,
    /// The bytes are not valid UTF-8, UTF-16 (with BOM) or a recognised legacy Arabic encoding.
    UndecodableText,
    /// The file looks binary (NUL bytes, no text encoding fits).
    BinaryFile,
    /// The document has no text.
    EmptyDocument,
    /// A JSON Lines line is not a JSON object.
    InvalidJson,
    /// A JSON Lines object lacks a string `text`.
    MissingText,
    /// `published` is present but not an ISO 8601 date (the document is kept without it).
    InvalidPublished,
    /// An SGML record is cut short (no closing `</DOC>`).
    MalformedRecord,
    /// A document is larger than the configured limit (`ingest.max-txt-bytes` for a `.txt`
    /// file, `ingest.max-document-bytes` for a JSON Lines line or an SGML record).
    DocumentTooLarge,
    /// Nothing is left once page chrome is removed.
    EmptyAfterNormalization,
    /// The text is not Arabic (`normalize.non-arabic` is `flag`: a warning; `skip`: an error).
    NotArabic,
    /// A stage panicked on this document: a bug in khabar, please report it.
    InternalPanic,
}

impl FailureCode {
    /// The stable code, e.g. `ING002`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::UnreadableFile => "ING001",
            Self::UndecodableText => "ING002",
            Self::BinaryFile => "ING003",
            Self::EmptyDocument => "ING004",
            Self::InvalidJson => "ING005",
            Self::MissingText => "ING006",
            Self::InvalidPublished => "ING007",
            Self::MalformedRecord => "ING008",
            Self::DocumentTooLarge => "ING009",
            Self::EmptyAfterNormalization => "NRM001",
            Self::NotArabic => "NRM002",
            Self::InternalPanic => "INT001",
        }
    }

    /// The kebab-case name, e.g. `undecodable-text`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::UnreadableFile => "unreadable-file",
            Self::UndecodableText => "undecodable-text",
            Self::BinaryFile => "binary-file",
            Self::EmptyDocument => "empty-document",
            Self::InvalidJson => "invalid-json",
            Self::MissingText => "missing-text",
            Self::InvalidPublished => "invalid-published",
            Self::MalformedRecord => "malformed-record",
            Self::DocumentTooLarge => "document-too-large",
            Self::EmptyAfterNormalization => "empty-after-normalization",
            Self::NotArabic => "not-arabic",
            Self::InternalPanic => "internal-panic",
        }
    }

    /// Every code, in order (for documentation and tests).
    pub const ALL: [Self; 12] = [
        Self::UnreadableFile,
        Self::UndecodableText,
        Self::BinaryFile,
        Self::EmptyDocument,
        Self::InvalidJson,
        Self::MissingText,
        Self::InvalidPublished,
        Self::MalformedRecord,
        Self::DocumentTooLarge,
        Self::EmptyAfterNormalization,
        Self::NotArabic,
        Self::InternalPanic,
    ];
}

impl fmt::Display for FailureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// One row of the `failures` table: which input, where in it, which stage, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{source_path}{}: {code}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct DocFailure {
    /// Input path relative to its input root.
    pub source_path: String,
    /// 1-based line in a JSON Lines file, when the problem is one line.
    pub line: Option<u64>,
    /// The document's ID when it was decoded far enough to have one.
    pub doc_id: Option<DocId>,
    /// The stage that gave up: `ingest`, `normalize`, `enrich`, `export`.
    #[serde(deserialize_with = "crate::intern::name")]
    pub stage: crate::intern::Name,
    /// Stable code.
    pub code: FailureCode,
    /// Error or warning.
    pub severity: Severity,
    /// Lowercase, specific: what was found and what was expected.
    pub message: String,
}

impl DocFailure {
    /// An error-severity failure of `stage` on `source_path`.
    #[must_use]
    pub fn error(
        stage: &'static str,
        source_path: impl Into<String>,
        code: FailureCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            source_path: source_path.into(),
            line: None,
            doc_id: None,
            stage,
            code,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// The same failure, located at `line`.
    #[must_use]
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same failure, as a warning (the document is kept).
    #[must_use]
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same failure, tied to a document ID.
    #[must_use]
    pub fn with_doc_id(mut self, doc_id: DocId) -> Self {
        self.doc_id = Some(doc_id);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = FailureCode::ALL.iter().map(|c| c.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), FailureCode::ALL.len());
    }

    #[test]
    fn message_names_file_line_and_code() {
        let f = DocFailure::error("ingest", "a/b.jsonl", FailureCode::InvalidJson, "expected value").at_line(3);
        assert_eq!(f.to_string(), "a/b.jsonl:3: ING005 invalid-json: expected value");
    }
}
