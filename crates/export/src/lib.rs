//! The export stage: writes the tables as zstd Parquet and the run manifest, atomically.
//!
//! ## Place in the pipeline
//!
//! Last stage, and the only one that writes. The CLI encodes each batch of
//! `EnrichedDocument`s into Parquet row groups on its worker pool ([`Encoder`]), then hands the
//! encoded batches, failures and source rows to the writer in input order
//! ([`DatasetWriter::append`]); [`DatasetWriter::finish`] appends the corpus columns, closes
//! the files, hashes them and moves the finished dataset into place.
//!
//! ## Invariants
//!
//! - Output bytes depend only on the rows and their order: the writer is pinned
//!   (`created_by = "khabar <version>"`, zstd level, row-group size), row groups follow the
//!   batches (`run.batch-docs`, `run.batch-bytes`, not the thread count), and the CLI feeds them
//!   in input order.
//! - Atomic: everything is written into `<out>.khabar-tmp` beside the output folder, which
//!   replaces the previous output only once complete. A killed run leaves the last good
//!   dataset where it was.
//! - Every Parquet footer carries `khabar.schema_version`, `khabar.id_scheme` and
//!   `khabar.version`.
#![warn(missing_docs)]

mod card;
mod manifest;
mod tables;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{ArrayRef, BooleanArray, Int32Array, RecordBatch};
use khabar_core::{DocFailure, EnrichedDocument};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use card::{Card, DatasetInfo};
pub use manifest::{Counts, InputEntry, InputLog, Inputs, Manifest, OutputFile, SkippedEntry};

/// Columns that need the whole corpus, filled in when the dataset is finished.
#[derive(Debug, Clone, Default)]
pub struct CorpusColumns {
    /// For each `documents` row in written order, the row of its near-duplicate cluster's
    /// representative (the cluster's first document, so never a later row), or `None`.
    pub clusters: Vec<Option<u32>>,
    /// The `entity_catalog` rows, in the order to write them.
    pub catalog: Vec<CatalogRow>,
    /// Documents holding each sentence repeated, for `sentences.duplicate_count`.
    pub repeated_sentences: khabar_core::dedup::SentenceRepeats,
    /// `sentences.boilerplate` is true from this many documents on.
    pub boilerplate_min_docs: u32,
}
pub use khabar_core::{CatalogRow, SourceRow};

use rayon::prelude::*;
use tables::{Part, TableKind, TableWriter};

/// Settings of the `[export]` section of `pipeline.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// zstd compression level (1-22).
    pub zstd_level: i32,
    /// Rows per Parquet row group, at most. The tables of documents and what they hold also
    /// end a row group with every batch (`run.batch-docs`, `run.batch-bytes`), and `documents`
    /// at 2,048 rows.
    pub row_group_rows: usize,
    /// Rows per file, at most: above this many rows a table is written as a folder of
    /// `part-*.parquet` files.
    pub rows_per_file: usize,
    /// Write `documents.raw_text`, the decoded text before normalization (null when off).
    pub raw_text: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self { zstd_level: 1, row_group_rows: 65_536, rows_per_file: 1_000_000, raw_text: true }
    }
}

/// Errors that stop the run: the dataset cannot be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// File system error.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// Where.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Parquet or Arrow error.
    #[error("writing {table}: {message}")]
    Parquet {
        /// Table being written.
        table: &'static str,
        /// Writer's message.
        message: String,
    },
    /// The output folder exists and does not look like a khabar dataset.
    #[error(
        "output folder {0} exists and holds no manifest.json; refusing to replace it (choose another --output or remove it)"
    )]
    NotADataset(String),
    /// Invalid setting.
    #[error("export.{0}")]
    Config(String),
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.display().to_string();
    move |source| Error::Io { what, path, source }
}

/// Encodes batches of documents into Parquet row groups (columns in parallel on the current
/// rayon pool), so that the encoding and compression run on the worker threads and the
/// writer only appends bytes. Cheap to clone; `Send` and `Sync`.
#[derive(Clone)]
pub struct Encoder {
    raw_text: bool,
    documents: tables::RowGroupEncoder,
    sentences: tables::RowGroupEncoder,
    entities: tables::RowGroupEncoder,
    dates: tables::RowGroupEncoder,
}

impl Encoder {
    /// Encodes the `documents`, `sentences`, `entities` and `dates` rows of `docs`.
    pub fn encode(&self, docs: &[EnrichedDocument]) -> Result<EncodedBatch, Error> {
        let ((documents, sentences), (entities, dates)) = rayon::join(
            || {
                rayon::join(
                    || self.documents.encode(&tables::documents(docs, self.raw_text)),
                    || self.sentences.encode(&tables::sentences(docs)),
                )
            },
            || {
                rayon::join(
                    || self.entities.encode(&tables::entities(docs)),
                    || self.dates.encode(&tables::dates(docs)),
                )
            },
        );
        let stats = card::Stats::of_documents(docs);
        Ok(EncodedBatch { documents: documents?, sentences: sentences?, entities: entities?, dates: dates?, stats })
    }
}

/// A batch of documents encoded by an [`Encoder`], for [`DatasetWriter::append`].
pub struct EncodedBatch {
    documents: Vec<tables::EncodedRowGroup>,
    sentences: Vec<tables::EncodedRowGroup>,
    entities: Vec<tables::EncodedRowGroup>,
    dates: Vec<tables::EncodedRowGroup>,
    stats: card::Stats,
}

/// Writes a dataset into a temporary folder and moves it into place when finished.
pub struct DatasetWriter {
    out: PathBuf,
    raw_text: bool,
    tmp: PathBuf,
    documents: TableWriter,
    sentences: TableWriter,
    entities: TableWriter,
    dates: TableWriter,
    failures: TableWriter,
    sources: TableWriter,
    catalog: TableWriter,
    /// What `README.md`, the dataset card, says of the dataset, and what it counts of the rows.
    card: Card,
    stats: card::Stats,
    /// Removes the unfinished output when the writer is dropped unfinished (an error, a stop).
    _guard: TmpDir,
}

/// A folder removed when dropped: the unfinished output of a run that failed or was stopped
/// leaves nothing beside the output folder. (A run killed outright leaves it; the next run
/// removes it.)
struct TmpDir(PathBuf);

impl Drop for TmpDir {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

impl DatasetWriter {
    /// Starts a dataset that will land in `out`.
    pub fn create(out: &Path, config: &Config) -> Result<Self, Error> {
        if !(1..=22).contains(&config.zstd_level) {
            return Err(Error::Config(format!("zstd-level must be 1 to 22, found {}", config.zstd_level)));
        }
        if config.row_group_rows == 0 || config.rows_per_file == 0 {
            return Err(Error::Config("row-group-rows and rows-per-file must be positive".to_owned()));
        }
        if out.exists() && !(out.join("manifest.json").exists() || is_empty_dir(out)) {
            return Err(Error::NotADataset(out.display().to_string()));
        }
        let tmp = sibling(out, "khabar-tmp");
        // What a killed run may have left beside `out`: its unfinished output, or (killed
        // between the two renames of a filesystem without an atomic swap) the old dataset.
        for stale in [&tmp, &sibling(out, "khabar-old")] {
            if stale.exists() {
                fs::remove_dir_all(stale).map_err(io("removing stale", stale))?;
            }
        }
        fs::create_dir_all(&tmp).map_err(io("creating", &tmp))?;
        let guard = TmpDir(tmp.clone());
        let table = |kind| TableWriter::new(kind, &tmp, config);
        Ok(Self {
            documents: table(TableKind::Documents),
            sentences: table(TableKind::Sentences),
            entities: table(TableKind::Entities),
            dates: table(TableKind::Dates),
            failures: table(TableKind::Failures),
            sources: table(TableKind::DocumentSources),
            catalog: table(TableKind::EntityCatalog),
            out: out.to_path_buf(),
            raw_text: config.raw_text,
            card: Card::default(),
            stats: card::Stats::default(),
            tmp,
            _guard: guard,
        })
    }

    /// What the dataset card (`README.md`) says the dataset is, and the settings that made it
    /// (without it: [`DatasetInfo::default`] and no settings).
    pub fn set_card(&mut self, card: Card) {
        self.card = card;
    }

    /// A folder for the caller's scratch files during the run, `name` inside the unfinished
    /// output (not created here). The caller removes it before [`Self::finish`], which would
    /// otherwise publish it with the tables.
    #[must_use]
    pub fn scratch_dir(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Where to collect the manifest's `inputs` (see [`InputLog`]): its file, if it needs
    /// one, is in the unfinished output, and [`Self::finish`] removes it.
    #[must_use]
    pub fn input_log(&self) -> InputLog {
        InputLog::new(self.tmp.join(".inputs.jsonl"), InputLog::MEMORY_ENTRIES)
    }

    /// An encoder for [`Self::append`]: turns documents into encoded row groups on any thread.
    #[must_use]
    pub fn encoder(&self) -> Encoder {
        Encoder {
            raw_text: self.raw_text,
            documents: self.documents.encoder(),
            sentences: self.sentences.encoder(),
            entities: self.entities.encoder(),
            dates: self.dates.encoder(),
        }
    }

    /// Appends documents and their sentences, entities and dates, encoded by [`Self::encoder`],
    /// in the order given.
    pub fn append(&mut self, batch: EncodedBatch) -> Result<(), Error> {
        self.stats.merge(batch.stats);
        self.documents.append(batch.documents)?;
        self.sentences.append(batch.sentences)?;
        self.entities.append(batch.entities)?;
        self.dates.append(batch.dates)
    }

    /// Appends failure and warning rows.
    pub fn write_failures(&mut self, failures: &[DocFailure]) -> Result<(), Error> {
        self.stats.add_failures(failures);
        self.failures.write(&tables::failures(failures))
    }

    /// Appends `document_sources` rows: every input that yielded each document.
    pub fn write_sources(&mut self, rows: &[SourceRow]) -> Result<(), Error> {
        self.sources.write(&tables::sources(rows))
    }

    /// Closes every table, appends the corpus columns, writes `manifest.json` (with the
    /// output files and their hashes filled in), and moves the dataset into place. Returns the
    /// manifest written (its `inputs` empty if they were [`Inputs::Spilled`]: their file is
    /// removed once `manifest.json` holds them). The tables are closed, and the files hashed,
    /// in parallel on the current rayon pool.
    pub fn finish(self, mut manifest: Manifest, corpus: &CorpusColumns) -> Result<Manifest, Error> {
        let repeated = &corpus.repeated_sentences;
        let mut boilerplate_sentences = 0u64;
        let mut doc_row = 0usize;
        // The `doc_id` of each representative met so far: one per cluster, none per document.
        let mut representatives: std::collections::HashMap<u32, [u8; 32]> = std::collections::HashMap::new();
        let mut documents = |batch: &RecordBatch| -> Vec<ArrayRef> {
            let ids = batch.column(0).as_string::<i32>();
            let (mut cluster, mut of) = (StringBuilder::new(), StringBuilder::new());
            for i in 0..batch.num_rows() {
                let row = doc_row + i;
                let rep = corpus.clusters.get(row).copied().flatten();
                if rep == Some(row as u32) {
                    let id = ids.value(i).as_bytes().try_into().expect("a doc_id is 32 hex digits");
                    representatives.insert(row as u32, id);
                }
                let rep = rep.map(|r| {
                    let id = representatives.get(&r).expect("a representative comes before its cluster");
                    std::str::from_utf8(id).expect("a doc_id is ASCII")
                });
                cluster.append_option(rep);
                of.append_option(rep.filter(|r| *r != ids.value(i)));
            }
            doc_row += batch.num_rows();
            vec![Arc::new(cluster.finish()), Arc::new(of.finish())]
        };
        let mut sentences = |batch: &RecordBatch| -> Vec<ArrayRef> {
            let fingerprints =
                batch.column_by_name("fingerprint").expect("sentences have a fingerprint").as_primitive::<Int64Type>();
            let counts: Vec<u32> = fingerprints.values().iter().map(|&f| repeated.documents(f as u64)).collect();
            let duplicate_count = Int32Array::from_iter_values(counts.iter().map(|&c| c as i32));
            let boilerplate: BooleanArray = counts.iter().map(|&c| Some(c >= corpus.boilerplate_min_docs)).collect();
            boilerplate_sentences += boilerplate.true_count() as u64;
            vec![Arc::new(duplicate_count), Arc::new(boilerplate)]
        };
        let mut catalog = self.catalog;
        let (rest, (documents, sentences)) = rayon::join(
            || -> Result<Vec<Part>, Error> {
                for chunk in corpus.catalog.chunks(65_536) {
                    catalog.write(&tables::catalog(chunk))?;
                }
                let tables = [self.entities, self.dates, self.failures, self.sources, catalog];
                let parts =
                    tables.into_par_iter().map(|t| t.finish(&mut |_| Vec::new())).collect::<Result<Vec<_>, _>>()?;
                Ok(parts.into_iter().flatten().collect())
            },
            || rayon::join(|| self.documents.finish(&mut documents), || self.sentences.finish(&mut sentences)),
        );
        let parts: Vec<Part> = [documents?, sentences?, rest?].into_iter().flatten().collect();
        let mut outputs =
            parts.par_iter().map(|part| describe(&self.tmp, &part.path, part.rows)).collect::<Result<Vec<_>, _>>()?;
        let mut stats = self.stats;
        stats.boilerplate_sentences = boilerplate_sentences;
        let readme = self.tmp.join("README.md");
        let text = card::render(&self.card, &stats, &manifest, &outputs, input_files(&manifest.inputs)?);
        fs::write(&readme, text).map_err(io("writing", &readme))?;
        outputs.push(describe(&self.tmp, &readme, 0)?);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        manifest.outputs = outputs;
        // Written as it is serialized: with one entry per input file it can be tens of MB.
        let path = self.tmp.join("manifest.json");
        let mut out = std::io::BufWriter::new(fs::File::create(&path).map_err(io("writing", &path))?);
        serde_json::to_writer_pretty(&mut out, &manifest).map_err(|e| io("writing", &path)(e.into()))?;
        out.write_all(b"\n").and_then(|()| out.flush()).map_err(io("writing", &path))?;
        if let Inputs::Spilled(inputs) = &manifest.inputs {
            fs::remove_file(inputs).map_err(io("removing", inputs))?;
            // The entries are in `manifest.json`; the returned manifest keeps none.
            manifest.inputs = Inputs::Listed(Vec::new());
        }
        replace_dir(&self.tmp, &self.out)?;
        Ok(manifest)
    }
}

/// Input files read: the entries listed, or the lines of their file.
fn input_files(inputs: &Inputs) -> Result<u64, Error> {
    match inputs {
        Inputs::Listed(entries) => Ok(entries.len() as u64),
        Inputs::Spilled(path) => {
            let file = fs::File::open(path).map_err(io("reading", path))?;
            let mut lines = 0u64;
            for line in std::io::BufRead::split(std::io::BufReader::new(file), b'\n') {
                line.map_err(io("reading", path))?;
                lines += 1;
            }
            Ok(lines)
        }
    }
}

fn describe(root: &Path, path: &Path, rows: u64) -> Result<OutputFile, Error> {
    let mut file = fs::File::open(path).map_err(io("reading back", path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io("reading back", path))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
    let sha256 = khabar_core::id::hex(&hasher.finalize());
    Ok(OutputFile { path: rel, rows, bytes, sha256 })
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// `<parent>/<name>.<suffix>`: a sibling on the same file system, so renames are atomic.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!("{name}.{suffix}"))
}

/// Swaps the folders `a` and `b` in one step (Linux `renameat2` with `RENAME_EXCHANGE`):
/// at every instant each path holds one whole folder. `Ok(false)` where the system or the
/// filesystem cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e)
                if e == rustix::io::Errno::INVAL
                    || e == rustix::io::Errno::NOSYS
                    || e == rustix::io::Errno::OPNOTSUPP =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Moves `tmp` to `out`, replacing a previous dataset there: swapped in one step where the
/// filesystem can (so a kill at any instant leaves `out` a whole dataset, the old or the new),
/// else by moving the old one aside first.
fn replace_dir(tmp: &Path, out: &Path) -> Result<(), Error> {
    if out.exists() && exchange(tmp, out).map_err(io("swapping into place", tmp))? {
        // `tmp` now holds the old dataset.
        fs::remove_dir_all(tmp).map_err(io("removing the replaced dataset", tmp))?;
        return Ok(());
    }
    if out.exists() {
        let old = sibling(out, "khabar-old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io("removing stale", &old))?;
        }
        fs::rename(out, &old).map_err(io("moving aside", out))?;
        fs::rename(tmp, out).map_err(io("moving into place", tmp))?;
        fs::remove_dir_all(&old).map_err(io("removing", &old))?;
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io("creating", parent))?;
        }
        fs::rename(tmp, out).map_err(io("moving into place", tmp))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_dataset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("precious");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("thesis.docx"), "x").expect("write");
        assert!(matches!(DatasetWriter::create(&out, &Config::default()), Err(Error::NotADataset(_))));
    }

    /// Linux swaps two folders in one step (the filesystems of the tests' temporary folders
    /// can).
    #[cfg(target_os = "linux")]
    #[test]
    fn folders_are_exchanged_in_one_step() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).expect("mkdir");
        fs::create_dir_all(&b).expect("mkdir");
        fs::write(a.join("new"), "n").expect("write");
        fs::write(b.join("old"), "o").expect("write");
        assert!(exchange(&a, &b).expect("renameat2"), "RENAME_EXCHANGE is supported here");
        assert!(b.join("new").exists() && a.join("old").exists());
    }

    /// A finished run swaps its dataset in and leaves nothing beside it; one dropped
    /// unfinished (an error, a stop) removes its temporary folder.
    #[test]
    fn datasets_are_swapped_in_and_nothing_is_left_beside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        for counts in [1, 2] {
            let writer = DatasetWriter::create(&out, &Config::default()).expect("create");
            let manifest = Manifest { counts: Counts { inputs: counts, ..Counts::default() }, ..Manifest::default() };
            writer.finish(manifest, &CorpusColumns::default()).expect("finish");
            let names: Vec<_> = fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
            assert_eq!(names, ["out"], "only the dataset");
        }
        let manifest: Manifest =
            serde_json::from_slice(&fs::read(out.join("manifest.json")).expect("manifest")).expect("json");
        assert_eq!(manifest.counts.inputs, 2, "the second dataset replaced the first");
        let unfinished = DatasetWriter::create(&out, &Config::default()).expect("create");
        assert!(sibling(&out, "khabar-tmp").exists());
        drop(unfinished);
        assert!(!sibling(&out, "khabar-tmp").exists());
        // What a killed run left is cleared by the next.
        fs::create_dir_all(sibling(&out, "khabar-old")).expect("mkdir");
        fs::create_dir_all(sibling(&out, "khabar-tmp")).expect("mkdir");
        let next = DatasetWriter::create(&out, &Config::default()).expect("create");
        assert!(!sibling(&out, "khabar-old").exists());
        next.finish(Manifest::default(), &CorpusColumns::default()).expect("finish");
        assert!(!sibling(&out, "khabar-tmp").exists());
    }

    #[test]
    fn unfinished_runs_leave_the_old_dataset_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let first = DatasetWriter::create(&out, &Config::default()).expect("create");
        first.finish(Manifest::default(), &CorpusColumns::default()).expect("finish");
        let before = fs::read(out.join("manifest.json")).expect("manifest");
        // A second run that never finishes (dropped, as if killed) leaves `out` untouched.
        let second = DatasetWriter::create(&out, &Config::default()).expect("create");
        drop(second);
        assert_eq!(fs::read(out.join("manifest.json")).expect("manifest"), before);
        assert!(out.join("documents.parquet").exists());
        // The next run cleans the leftover temporary folder and replaces the dataset.
        let third = DatasetWriter::create(&out, &Config::default()).expect("create");
        third.finish(Manifest::default(), &CorpusColumns::default()).expect("finish");
        assert!(!dir.path().join("out.khabar-tmp").exists());
        assert!(!dir.path().join("out.khabar-old").exists());
    }

    /// Input entries spilled to the unfinished output are all in `manifest.json`, and their
    /// file is not published.
    #[test]
    fn spilled_inputs_are_in_the_manifest_and_not_in_the_dataset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let writer = DatasetWriter::create(&out, &Config::default()).expect("create");
        let mut log = InputLog::new(writer.input_log().path().to_owned(), 1);
        let entry = |i: u64| InputEntry { path: format!("{i}.txt"), bytes: i, ..InputEntry::default() };
        for i in 0..3 {
            log.push(entry(i)).expect("push");
        }
        let inputs = log.finish().expect("finish");
        assert!(matches!(inputs, Inputs::Spilled(_)));
        writer.finish(Manifest { inputs, ..Manifest::default() }, &CorpusColumns::default()).expect("finish");
        let manifest: Manifest =
            serde_json::from_slice(&fs::read(out.join("manifest.json")).expect("manifest")).expect("json");
        assert_eq!(manifest.inputs, Inputs::Listed((0..3).map(entry).collect()));
        let mut names: Vec<_> = fs::read_dir(&out)
            .expect("out")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        names.sort();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    }
}
