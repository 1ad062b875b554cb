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
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod jsonl;
mod lines;
mod sgml;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::{Arc, Mutex};

use khabar_core::{DocFailure, FailureCode, RawDocument};
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
    /// `.txt` files larger than this many bytes (decompressed) are refused: read whole, they
    /// are one document (or, holding `<DOC>`s, one SGML file).
    pub max_txt_bytes: u64,
    /// JSON Lines lines and SGML `<DOC>` records longer than this many bytes are refused,
    /// without being held whole: the file goes on streaming after them.
    pub max_document_bytes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self { detect_legacy_encodings: true, max_txt_bytes: 64 << 20, max_document_bytes: 64 << 20 }
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

/// What reading one file produced besides documents: its size and SHA-256 (of the bytes on
/// disk, compressed or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// Hashes and counts the bytes of a file as they are read.
#[derive(Debug, Clone, Default)]
struct Tally(Arc<Mutex<(Sha256, u64)>>);

impl Tally {
    fn digest(&self) -> FileDigest {
        let guard = self.0.lock().expect("the tally lock is never poisoned: no panics while held");
        FileDigest { bytes: guard.1, sha256: hex(&guard.0.clone().finalize()) }
    }

    fn bytes(&self) -> u64 {
        self.0.lock().expect("the tally lock is never poisoned: no panics while held").1
    }
}

struct HashingReader<R> {
    inner: R,
    tally: Tally,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut guard = self.tally.0.lock().expect("the tally lock is never poisoned: no panics while held");
        guard.0.update(&buf[..n]);
        guard.1 += n as u64;
        Ok(n)
    }
}

type DynRead = Box<dyn BufRead + Send>;

/// The documents of one file, streamed; call [`FileDocs::digest`] once exhausted.
pub struct FileDocs {
    inner: Inner,
    tally: Tally,
}

enum Inner {
    /// Items already read (whole-file formats, or a file that could not be opened).
    Ready(std::vec::IntoIter<Result<RawDocument, DocFailure>>),
    /// JSON Lines, read line by line.
    Lines(jsonl::Lines<'static>),
    /// SGML records, read one `<DOC>` at a time.
    Sgml(sgml::Records<DynRead>),
}

impl Iterator for FileDocs {
    type Item = Result<RawDocument, DocFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Ready(items) => items.next(),
            Inner::Lines(lines) => lines.next(),
            Inner::Sgml(records) => records.next(),
        }
    }
}

impl FileDocs {
    /// Bytes of the file read so far (for progress).
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        self.tally.bytes()
    }

    /// Size and hash of the file, complete once the iterator is exhausted.
    #[must_use]
    pub fn digest(&self) -> FileDigest {
        self.tally.digest()
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
        let tally = Tally::default();
        let inner = match Self::reader(file, &tally) {
            Err(e) => Inner::Ready(vec![Err(unreadable(&file.rel, &e))].into_iter()),
            Ok((reader, size)) => match file.format {
                Format::Jsonl => Inner::Lines(jsonl::Lines::new(
                    file.rel.clone(),
                    reader,
                    self.max_document(),
                    self.config.detect_legacy_encodings,
                )),
                Format::Sgml => Inner::Sgml(sgml::Records::new(
                    file.rel.clone(),
                    reader,
                    self.config.detect_legacy_encodings,
                    self.max_document(),
                )),
                Format::Txt => self.read_txt(file, reader, size),
            },
        };
        FileDocs { inner, tally }
    }

    /// The file's bytes, decompressed by its last extension (`.gz`, `.zst`), hashed as read;
    /// and the size on disk of an uncompressed file (0 if compressed), to size buffers by.
    fn reader(file: &InputFile, tally: &Tally) -> std::io::Result<(DynRead, u64)> {
        // Listed as a regular file, it may have been replaced since (by a FIFO, which opening
        // would wait on forever) or removed.
        if !std::fs::metadata(&file.path)?.is_file() {
            return Err(std::io::Error::other("no longer a regular file"));
        }
        let inner = File::open(&file.path)?;
        let compression = Compression::of_name(&file.rel);
        let size = if compression == Compression::None { inner.metadata().map_or(0, |m| m.len()) } else { 0 };
        let raw = HashingReader { inner, tally: tally.clone() };
        let reader: DynRead = match compression {
            Compression::Gzip => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(raw)))),
            Compression::Zstd => Box::new(BufReader::new(zstd::stream::read::Decoder::new(raw)?)),
            Compression::None => Box::new(BufReader::with_capacity(1 << 16, raw)),
        };
        Ok((reader, size))
    }

    fn max_document(&self) -> usize {
        usize::try_from(self.config.max_document_bytes).unwrap_or(usize::MAX).max(1)
    }

    fn read_txt(&self, file: &InputFile, reader: DynRead, size: u64) -> Inner {
        let one = |item| Inner::Ready(vec![item].into_iter());
        // Sized by the file (plus the byte that tells the end), not grown by doubling.
        let mut bytes = Vec::with_capacity(size.min(self.config.max_txt_bytes) as usize + 1);
        if let Err(e) = reader.take(self.config.max_txt_bytes + 1).read_to_end(&mut bytes) {
            return one(Err(unreadable(&file.rel, &e)));
        }
        if bytes.len() as u64 > self.config.max_txt_bytes {
            let message = format!(
                "file is larger than ingest.max-txt-bytes ({} bytes{}); not read further",
                self.config.max_txt_bytes,
                if file.is_compressed() { " decompressed" } else { "" }
            );
            return one(Err(DocFailure::error(STAGE, &file.rel, FailureCode::DocumentTooLarge, message)));
        }
        let decoded = match decode(&bytes, self.config.detect_legacy_encodings) {
            Ok(d) => d,
            Err((code, message)) => return one(Err(DocFailure::error(STAGE, &file.rel, code, message))),
        };
        // A `.txt` file holding `<DOC>` records (the ANT corpus layout) is read as SGML.
        if decoded.text.trim_start().get(..4).is_some_and(|s| s.eq_ignore_ascii_case("<DOC")) {
            let cursor = std::io::Cursor::new(decoded.text);
            let records = sgml::Records::decoded(file.rel.clone(), cursor, decoded.encoding, self.max_document());
            return Inner::Ready(records.collect::<Vec<_>>().into_iter());
        }
        one(Ok(RawDocument::from_text(decoded.text, &file.rel, decoded.encoding)))
    }
}

/// Input formats khabar reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text; the first non-empty line is the title. A text file that starts with
    /// `<DOC` is read as SGML.
    Txt,
    /// JSON Lines; one object per line with a `text` key.
    Jsonl,
    /// TREC/LDC SGML `<DOC>` records (ANT corpus, LDC Gigaword).
    Sgml,
}

/// Compression of an input file, from its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl InputFile {
    /// Whether the file is read through a decompressor (`.gz`, `.zst`): its size on disk then
    /// says little about the text it holds.
    #[must_use]
    pub fn is_compressed(&self) -> bool {
        Compression::of_name(&self.rel) != Compression::None
    }
}

impl Compression {
    fn of_name(name: &str) -> Self {
        match name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
            Some("gz") => Self::Gzip,
            Some("zst" | "zstd") => Self::Zstd,
            _ => Self::None,
        }
    }
}

impl Format {
    /// The format of a file name by its extension (case-insensitive), looking through a
    /// `.gz`/`.zst` suffix: `a.jsonl.gz` is JSON Lines. `None` for names khabar does not read.
    #[must_use]
    pub fn of_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let base = lower
            .strip_suffix(".gz")
            .or_else(|| lower.strip_suffix(".zst"))
            .or_else(|| lower.strip_suffix(".zstd"))
            .unwrap_or(&lower);
        let file_name = base.rsplit('/').next().unwrap_or(base);
        match file_name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("txt" | "text") => Some(Self::Txt),
            Some("jsonl" | "ndjson") => Some(Self::Jsonl),
            Some("sgml" | "sgm" | "xml") => Some(Self::Sgml),
            // Gigaword files have no extension before `.gz` (afp_arb_200101.gz).
            None if base.len() < lower.len() => Some(Self::Sgml),
            _ => None,
        }
    }
}

fn unreadable(rel: &str, e: &std::io::Error) -> DocFailure {
    DocFailure::error(STAGE, rel, FailureCode::UnreadableFile, format!("cannot read file: {e}"))
}

pub(crate) use khabar_core::id::hex;

#[cfg(test)]
mod tests {
    use super::*;

    const JSONL: &str = "{\"id\": \"1\", \"text\": \"نص أول\"}\n{\"id\": \"2\", \"text\": \"نص ثان\"}\n";

    fn ids(docs: FileDocs) -> (Vec<Option<String>>, FileDigest) {
        let mut docs = docs;
        let ids = docs.by_ref().map(|d| d.expect("document").meta.source_id).collect();
        (ids, docs.digest())
    }

    /// A file removed, or replaced by a FIFO, after it was listed is one failure, and a FIFO is
    /// never opened (that would wait for a writer forever).
    #[cfg(unix)]
    #[test]
    fn files_gone_or_replaced_after_listing_are_failures() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        for name in ["gone.txt", "pipe.txt"] {
            std::fs::write(root.join(name), "نص").expect("write");
        }
        let listed = discover(std::slice::from_ref(&root)).expect("discover");
        std::fs::remove_file(root.join("gone.txt")).expect("rm");
        std::fs::remove_file(root.join("pipe.txt")).expect("rm");
        assert!(std::process::Command::new("mkfifo").arg(root.join("pipe.txt")).status().expect("mkfifo").success());
        let ingestor = Ingestor::new(&Config::default());
        for file in &listed.files {
            let items: Vec<_> = ingestor.open(file).collect();
            assert_eq!(items.len(), 1, "{}", file.rel);
            let failure = items[0].as_ref().expect_err("a failure");
            assert_eq!(failure.code, FailureCode::UnreadableFile, "{}", file.rel);
        }
    }

    #[test]
    fn compressed_inputs_stream_and_hash_the_bytes_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let gz_path = dir.path().join("feed.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, JSONL.as_bytes()).expect("gzip");
        let gz_bytes = gz.finish().expect("gzip");
        std::fs::write(&gz_path, &gz_bytes).expect("write");
        let zst_path = dir.path().join("feed.jsonl.zst");
        let zst_bytes = zstd::encode_all(JSONL.as_bytes(), 3).expect("zstd");
        std::fs::write(&zst_path, &zst_bytes).expect("write");
        let found = discover(&[dir.path().to_path_buf()]).expect("discover");
        assert_eq!(found.files.iter().map(|f| f.format).collect::<Vec<_>>(), [Format::Jsonl, Format::Jsonl]);
        let ingestor = Ingestor::new(&Config::default());
        for (file, bytes) in found.files.iter().zip([&gz_bytes, &zst_bytes]) {
            let (ids, digest) = ids(ingestor.open(file));
            assert_eq!(ids, [Some("1".to_owned()), Some("2".to_owned())], "{}", file.rel);
            assert_eq!(digest.bytes, bytes.len() as u64);
            assert_eq!(digest.sha256, hex(&Sha256::digest(bytes)));
        }
    }

    #[test]
    fn formats_by_name() {
        let cases = [
            ("a.txt", Some(Format::Txt)),
            ("a.TXT.gz", Some(Format::Txt)),
            ("a.jsonl.zst", Some(Format::Jsonl)),
            ("a.sgml", Some(Format::Sgml)),
            ("afp_arb_200101.gz", Some(Format::Sgml)),
            ("data/afp_arb_200101.gz", Some(Format::Sgml)),
            ("README.md", None),
            ("a.tar.gz", None),
        ];
        for (name, want) in cases {
            assert_eq!(Format::of_name(name), want, "{name}");
        }
    }

    #[test]
    fn a_txt_file_of_doc_records_is_sgml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("BB-culture-1-20180218.txt");
        std::fs::write(&path, "<DOC>\n<DOCNO>BB-culture-1-20180218</DOCNO>\n<TEXT>\nنص.\n</TEXT>\n</DOC>\n")
            .expect("write");
        let file = InputFile {
            root: dir.path().to_path_buf(),
            path,
            rel: "BB-culture-1-20180218.txt".into(),
            format: Format::Txt,
        };
        let doc = Ingestor::new(&Config::default()).open(&file).next().expect("one").expect("parsed");
        assert_eq!(doc.meta.format, "sgml");
        assert_eq!(doc.meta.source_id.as_deref(), Some("BB-culture-1-20180218"));
        assert_eq!(doc.text, "نص.");
    }
}
