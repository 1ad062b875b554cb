//! The ingest stage: finds input files and decodes them into [`RawDocument`]s.
//!
//! ## Place in the pipeline
//!
//! First stage, and the only one that reads files. [`discover`] walks the inputs in a fixed
//! order; [`Ingestor::open`] streams the documents of one file (one for `.txt`, one per line
//! for `.jsonl`), each either a [`RawDocument`] or a [`DocFailure`] saying which file, which
//! line and why.
//!
//! ## Invariants
//!
//! - Every input is accounted for: each supported file yields at least one document or
//!   failure; each other file is listed in [`Discovery::skipped`].
//! - Order is deterministic: folders are walked sorted by file name; JSONL lines in order.
//! - Nothing is held beyond one file (`.txt`) or one line (`.jsonl`).
//!
//! ## Non-goals
//!
//! No normalization: the text is handed on exactly as decoded (BOM removed), since `doc_id`
//! is derived from it.
#![warn(missing_docs)]

mod decode;
mod discover;
mod jsonl;

use std::fs::File;
use std::io::{BufReader, Read};

use khabar_core::{DocFailure, DocId, FailureCode, RawDocument, doc::DocMeta};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use decode::{Decoded, decode};
pub use discover::{Discovery, InputFile, Skipped, discover};

/// Name of this stage in failure rows.
pub const STAGE: &str = "ingest";

/// Settings of the `[ingest]` section of `pipeline.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// Try legacy Arabic code pages (windows-1256, ISO-8859-6) when a file is not UTF-8.
    pub detect_legacy_encodings: bool,
    /// Files larger than this many bytes are refused (`.txt` only; JSONL streams).
    pub max_txt_bytes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self { detect_legacy_encodings: true, max_txt_bytes: 64 * 1024 * 1024 }
    }
}

/// Errors that stop a run before it starts (a missing input path).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input path given on the command line or in the config does not exist.
    #[error("input path {path} does not exist")]
    MissingInput {
        /// The path as given.
        path: String,
    },
    /// A folder could not be listed.
    #[error("cannot list {path}: {source}")]
    Walk {
        /// The folder.
        path: String,
        /// Why.
        #[source]
        source: walkdir::Error,
    },
}

/// Builds document streams from input files.
#[derive(Debug, Clone)]
pub struct Ingestor {
    config: Config,
}

/// What reading one file produced besides documents: its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// The documents of one file, streamed; call [`FileDocs::digest`] once exhausted.
pub struct FileDocs {
    inner: Inner,
}

enum Inner {
    /// A whole-file format, already decoded: zero or one items left.
    Done(Option<Result<RawDocument, DocFailure>>, FileDigest),
    /// JSON Lines, read line by line.
    Lines(jsonl::Lines),
}

impl Iterator for FileDocs {
    type Item = Result<RawDocument, DocFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Done(item, _) => item.take(),
            Inner::Lines(lines) => lines.next(),
        }
    }
}

impl FileDocs {
    /// Bytes read so far (for progress).
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Done(_, digest) => digest.bytes,
            Inner::Lines(lines) => lines.bytes_read(),
        }
    }

    /// Size and hash of the file, complete once the iterator is exhausted.
    #[must_use]
    pub fn digest(&self) -> FileDigest {
        match &self.inner {
            Inner::Done(_, digest) => digest.clone(),
            Inner::Lines(lines) => lines.digest(),
        }
    }
}

impl Ingestor {
    /// An ingestor with these settings.
    #[must_use]
    pub fn new(config: &Config) -> Self {
        Self { config: config.clone() }
    }

    /// Opens one file and streams its documents. Never fails: a file that cannot be read
    /// yields one failure.
    #[must_use]
    pub fn open(&self, file: &InputFile) -> FileDocs {
        let inner = match file.format {
            Format::Txt => {
                let (item, digest) = self.read_txt(file);
                Inner::Done(Some(item), digest)
            }
            Format::Jsonl => match File::open(&file.path) {
                Ok(f) => Inner::Lines(jsonl::Lines::new(file.rel.clone(), BufReader::new(f))),
                Err(e) => {
                    Inner::Done(Some(Err(unreadable(&file.rel, &e))), FileDigest { bytes: 0, sha256: String::new() })
                }
            },
        };
        FileDocs { inner }
    }

    fn read_txt(&self, file: &InputFile) -> (Result<RawDocument, DocFailure>, FileDigest) {
        let mut bytes = Vec::new();
        let read = File::open(&file.path).and_then(|f| f.take(self.config.max_txt_bytes + 1).read_to_end(&mut bytes));
        let digest = FileDigest { bytes: bytes.len() as u64, sha256: sha256_hex(&bytes) };
        if let Err(e) = read {
            return (Err(unreadable(&file.rel, &e)), digest);
        }
        if bytes.len() as u64 > self.config.max_txt_bytes {
            let message = format!("file is larger than ingest.max-txt-bytes ({} bytes)", self.config.max_txt_bytes);
            return (Err(DocFailure::error(STAGE, &file.rel, FailureCode::UnreadableFile, message)), digest);
        }
        let decoded = match decode(&bytes, self.config.detect_legacy_encodings) {
            Ok(d) => d,
            Err((code, message)) => {
                return (Err(DocFailure::error(STAGE, &file.rel, code, message)), digest);
            }
        };
        let title = decoded.text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);
        let meta = DocMeta {
            doc_id: DocId::from_text(&decoded.text),
            source_path: file.rel.clone(),
            source_line: None,
            source_id: None,
            url: None,
            source: None,
            published: None,
            extra: None,
            format: "txt",
            encoding: decoded.encoding,
        };
        let doc = RawDocument { meta, title, title_from_first_line: true, text: decoded.text, issues: Vec::new() };
        (Ok(doc), digest)
    }
}

/// Input formats khabar reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text; the first non-empty line is the title.
    Txt,
    /// JSON Lines; one object per line with a `text` key.
    Jsonl,
}

impl Format {
    /// The format of a file name, by its extension (case-insensitive).
    #[must_use]
    pub fn of_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Txt),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            _ => None,
        }
    }
}

fn unreadable(rel: &str, e: &std::io::Error) -> DocFailure {
    DocFailure::error(STAGE, rel, FailureCode::UnreadableFile, format!("cannot read file: {e}"))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) use khabar_core::id::hex;
