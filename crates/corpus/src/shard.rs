//! A shard's record file: the result of every input of the shard, in input order, for the
//! merge to fold into the corpus steps as a single run would have.
//!
//! ## Format
//!
//! A zstd stream of records, each a little-endian `u64` length and a [`ShardBatch`] in
//! `postcard` (serde's compact binary form). The file's SHA-256 and size go into the shard's
//! completion marker; [`RecordReader`] checks both as it reaches the end, so a truncated or
//! altered file is an error, never a silently shorter dataset.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use khabar_core::{DocFailure, EnrichedDocument, RawDocument, SourceRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::batch::{Batch, Batcher, Item};

/// What processing one document gave: its rows, or why it failed.
pub type Outcome = Result<EnrichedDocument, DocFailure>;

/// One document of a shard's batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardDoc {
    /// Its `doc_id`'s bits, for exact duplicates across shards.
    pub key: u128,
    /// Bytes of its decoded text, for where batches end.
    pub text_bytes: u64,
    /// Its rows, or its failure.
    pub outcome: Outcome,
}

/// One batch of a shard, as read and processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardBatch {
    /// How documents, duplicates and failures interleaved.
    pub order: Vec<Item>,
    /// Source rows of documents and duplicates.
    pub sources: Vec<SourceRow>,
    /// Read failures.
    pub failures: Vec<DocFailure>,
    /// Documents not seen before in the shard.
    pub docs: Vec<ShardDoc>,
}

impl ShardBatch {
    /// A batch of raw documents, each turned into its outcome by `process` on the current rayon
    /// pool.
    pub fn from_batch(batch: Batch<RawDocument>, process: impl Fn(&RawDocument) -> Outcome + Sync) -> Self {
        let Batch { docs, sources, failures, order } = batch.map_par(|raw| ShardDoc {
            key: raw.meta.doc_id.bits(),
            text_bytes: raw.text.len() as u64,
            outcome: process(raw),
        });
        Self { order, sources, failures, docs }
    }

    /// Feeds the batch's inputs, in their order, to `batcher`; `emit` gets each batch they
    /// complete and returns false to stop (the merge failed further on). False when stopped.
    pub fn replay(
        self,
        batcher: &mut Batcher<Outcome>,
        emit: &mut impl FnMut(Batch<Outcome>) -> bool,
    ) -> io::Result<bool> {
        let docs = self.order.iter().filter(|i| **i == Item::Doc).count();
        let failures = self.order.iter().filter(|i| **i == Item::Failure).count();
        if docs != self.docs.len()
            || failures != self.failures.len()
            || self.order.len() - failures != self.sources.len()
        {
            return Err(invalid("a record's lists do not match its order"));
        }
        let (mut sources, mut failures, mut docs) =
            (self.sources.into_iter(), self.failures.into_iter(), self.docs.into_iter());
        for item in self.order {
            let done = match item {
                Item::Doc => {
                    let doc = docs.next().expect("counted above");
                    let source = sources.next().expect("counted above");
                    batcher.doc(source, doc.key, doc.text_bytes as usize, doc.outcome)?
                }
                Item::Duplicate => batcher.duplicate(sources.next().expect("counted above")),
                Item::Failure => batcher.failure(failures.next().expect("counted above")),
            };
            if let Some(batch) = done {
                if !emit(batch) {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }
}

fn invalid(what: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.into())
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Size and SHA-256 of a finished record file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSum {
    /// Bytes.
    pub bytes: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// Writes a shard's records.
pub struct RecordWriter {
    out: zstd::Encoder<'static, Hashing<BufWriter<File>>>,
    buf: Vec<u8>,
}

impl RecordWriter {
    /// Creates `path`.
    pub fn create(path: &Path) -> io::Result<Self> {
        let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let out = zstd::Encoder::new(Hashing { inner: file, hasher: Sha256::new(), bytes: 0 }, 1)?;
        Ok(Self { out, buf: Vec::new() })
    }

    /// Appends one batch.
    pub fn write(&mut self, batch: &ShardBatch) -> io::Result<()> {
        self.buf.clear();
        self.buf = postcard::to_extend(batch, std::mem::take(&mut self.buf)).map_err(|e| invalid(e.to_string()))?;
        self.out.write_all(&(self.buf.len() as u64).to_le_bytes())?;
        self.out.write_all(&self.buf)
    }

    /// Ends the stream and syncs the file to disk; its size and hash.
    pub fn finish(self) -> io::Result<FileSum> {
        let mut hashing = self.out.finish()?;
        hashing.flush()?;
        let file = hashing.inner.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        Ok(FileSum { bytes: hashing.bytes, sha256: khabar_core::id::hex(&hashing.hasher.finalize()) })
    }
}

/// Reads a shard's records back, checking the file against its [`FileSum`] at the end.
pub struct RecordReader {
    input: zstd::Decoder<'static, BufReader<Hashing<File>>>,
    expected: FileSum,
    path: PathBuf,
    buf: Vec<u8>,
    done: bool,
}

/// Largest record accepted (a batch is at most `batch-bytes` of text, 8 MiB by default, and
/// its rows): a damaged length is an error, not an allocation of exabytes.
const MAX_RECORD: u64 = 16 << 30;

impl RecordReader {
    /// Opens `path`, which should match `expected`.
    pub fn open(path: &Path, expected: FileSum) -> io::Result<Self> {
        let file = File::open(path)?;
        let hashing = Hashing { inner: file, hasher: Sha256::new(), bytes: 0 };
        let input = zstd::Decoder::with_buffer(BufReader::with_capacity(1 << 20, hashing))?;
        Ok(Self { input, expected, path: path.to_path_buf(), buf: Vec::new(), done: false })
    }

    /// The next batch, or `None` at the end of a whole, unaltered file.
    pub fn next_batch(&mut self) -> io::Result<Option<ShardBatch>> {
        if self.done {
            return Ok(None);
        }
        let mut len = [0u8; 8];
        let mut got = 0;
        while got < len.len() {
            match self.input.read(&mut len[got..])? {
                0 if got == 0 => return self.end().map(|()| None),
                0 => return Err(invalid(format!("{}: cut short in a record", self.path.display()))),
                n => got += n,
            }
        }
        let len = u64::from_le_bytes(len);
        if len > MAX_RECORD {
            return Err(invalid(format!("{}: a record of {len} bytes", self.path.display())));
        }
        self.buf.resize(len as usize, 0);
        self.input
            .read_exact(&mut self.buf)
            .map_err(|e| invalid(format!("{}: cut short in a record ({e})", self.path.display())))?;
        postcard::from_bytes(&self.buf)
            .map(Some)
            .map_err(|e| invalid(format!("{}: unreadable record: {e}", self.path.display())))
    }

    fn end(&mut self) -> io::Result<()> {
        self.done = true;
        // Whatever follows the zstd frame counts too.
        let reader = self.input.get_mut().get_mut();
        io::copy(reader, &mut io::sink())?;
        let got = FileSum { bytes: reader.bytes, sha256: khabar_core::id::hex(&reader.hasher.clone().finalize()) };
        if got != self.expected {
            return Err(invalid(format!(
                "{}: {} bytes with SHA-256 {}, but its marker says {} bytes with {}",
                self.path.display(),
                got.bytes,
                got.sha256,
                self.expected.bytes,
                self.expected.sha256
            )));
        }
        Ok(())
    }
}
