//! The run loop, and the shard and merge loops built from the same parts.
//!
//! A run: a reader thread gathers documents into bounded batches (parsing runs of small files
//! on the rayon pool) and drops exact duplicates ([`Batcher`]); the pool runs normalize and
//! enrich on each batch and encodes its rows; a writer thread appends the encoded row groups,
//! in input order, to the tables, and folds the documents into the corpus-wide steps.
//! Reading, processing and writing overlap.
//!
//! A shard ([`run_shard`]) is the same reader and the same processing over its share of the
//! files, with the results recorded in WORK instead of written as tables. A merge ([`merge`])
//! replays the shards' records, in shard order, through the same [`Batcher`] and the same
//! writer ([`write_batches`]): the sequence a single run would have seen, so the same bytes.
//!
//! This is the only place with threads. Output order is input order (files sorted, JSONL and
//! SGML records in order, `par_iter().collect()` keeps order, channels are FIFO), so the
//! dataset is byte-identical whatever `--threads`. Memory is bounded by a few batches in flight,
//! one run of small files (at most 16 MiB of uncompressed files), plus per-document keys (exact
//! duplicates, near-duplicate representatives) and sketches.

use std::io::IsTerminal;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar_core::dedup::DedupConfig;
use khabar_core::{DocFailure, EnrichedDocument, FailureCode, RawDocument, Severity, SourceRow, Stage};
use khabar_corpus::batch::{Batch, Batcher, Limits};
use khabar_corpus::catalog::Catalog;
use khabar_corpus::repeats::{self, SentenceCounter};
use khabar_corpus::seen::{self, SeenIds};
use khabar_corpus::shard::{Outcome, RecordReader, RecordWriter, ShardBatch};
use khabar_corpus::sketches::{self, Sketches};
use khabar_corpus::work::{self, Marker, ShardDir};
use khabar_enrich::Enricher;
use khabar_export::{
    CorpusColumns, Counts, DatasetWriter, EncodedBatch, InputEntry, InputLog, Inputs, Manifest, SkippedEntry,
};
use khabar_ingest::{Discovery, FileDigest, Ingestor, InputFile};
use khabar_normalize::Normalizer;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::settings::PipelineSettings;

/// Batches in flight between reader, workers and writer: the memory bound.
const IN_FLIGHT: usize = 2;

/// What a run did, for the summary and the exit code.
pub(crate) struct RunReport {
    pub(crate) manifest: Manifest,
    pub(crate) elapsed: Duration,
    pub(crate) timings: Timings,
}

/// Time spent per stage. Normalize and enrich are summed over worker threads.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    pub(crate) ingest: Duration,
    pub(crate) normalize: Duration,
    pub(crate) enrich: Duration,
    /// Encoding the tables' row groups on the pool (wall time of those phases).
    pub(crate) encode: Duration,
    pub(crate) export: Duration,
    /// Of `export`: closing the tables after the last batch (corpus columns, compression).
    pub(crate) finish: Duration,
}

/// Which shard of how many a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShardSpec {
    pub(crate) index: usize,
    pub(crate) count: usize,
}

/// What a shard did.
pub(crate) struct ShardReport {
    /// Where its folder is.
    pub(crate) path: PathBuf,
    /// False when it was complete already and nothing was done.
    pub(crate) ran: bool,
    /// Input files of the shard.
    pub(crate) files: u64,
    /// Inputs read and documents kept (exact duplicates within the shard dropped).
    pub(crate) inputs: u64,
    pub(crate) documents: u64,
    pub(crate) elapsed: Duration,
}

/// What the merge needs of the run, recorded in every shard's marker: the settings that shape
/// the dataset but not the per-document work, and the files the listing skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Plan {
    batch: Limits,
    max_failure_ratio: f64,
    export: khabar_export::Config,
    dedup: DedupConfig,
    skipped: Vec<SkippedEntry>,
    /// What the dataset card says.
    card: khabar_export::Card,
}

struct Stages {
    normalizer: Normalizer,
    enricher: Enricher,
    normalize_nanos: AtomicU64,
    enrich_nanos: AtomicU64,
}

impl Stages {
    /// Runs one document through normalize and enrich; a panic becomes a failure.
    fn process(&self, raw: &RawDocument) -> Result<EnrichedDocument, DocFailure> {
        // The stage a panic is charged to.
        let stage = std::cell::Cell::new("normalize");
        catch_unwind(AssertUnwindSafe(|| {
            let t0 = Instant::now();
            let normalized = self.normalizer.run(raw);
            stage.set("enrich");
            let t1 = Instant::now();
            self.normalize_nanos.fetch_add((t1 - t0).as_nanos() as u64, Ordering::Relaxed);
            let enriched = self.enricher.run(&normalized?);
            self.enrich_nanos.fetch_add(t1.elapsed().as_nanos() as u64, Ordering::Relaxed);
            enriched
        }))
        .unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let message = format!("khabar bug, please report it with this input: {what}");
            Err(DocFailure::error(stage.get(), &raw.meta.source_path, FailureCode::InternalPanic, message)
                .with_doc_id(raw.meta.doc_id))
        })
        .map_err(|mut f| {
            f.line = f.line.or(raw.meta.source_line);
            f
        })
    }
}

/// A batch processed and waiting to be encoded: the documents kept, and every failure and
/// warning in the order the tables list them (read failures first, then each document's).
struct Enriched {
    docs: Vec<EnrichedDocument>,
    sources: Vec<SourceRow>,
    failures: Vec<DocFailure>,
}

impl Enriched {
    fn from_batch(batch: Batch<Outcome>) -> Self {
        let mut failures = batch.failures;
        let mut docs = Vec::with_capacity(batch.docs.len());
        for outcome in batch.docs {
            match outcome {
                Ok(mut doc) => {
                    failures.append(&mut doc.issues);
                    docs.push(doc);
                }
                Err(failure) => failures.push(failure),
            }
        }
        Self { docs, sources: batch.sources, failures }
    }
}

/// One batch for the writer.
struct DoneBatch {
    docs: Vec<EnrichedDocument>,
    /// The rows of `docs`, encoded on the pool (the writer only appends them).
    encoded: EncodedBatch,
    sources: Vec<SourceRow>,
    failures: Vec<DocFailure>,
}

/// What the reader learned besides documents.
#[derive(Default)]
struct ReadTotals {
    inputs: Inputs,
    counts: Counts,
    /// Reading and parsing, summed over the threads that did it.
    elapsed: Duration,
}

/// What the writer gathered: the dataset so far, its counts and the corpus columns.
struct Written {
    writer: DatasetWriter,
    counts: Counts,
    corpus: CorpusColumns,
    /// The writer thread's busy time.
    busy: Duration,
    /// Encoding on the pool.
    encode: Duration,
}

/// Listing, stages and pool: what a run and a shard start from.
struct Start {
    discovery: Discovery,
    stages: Stages,
    pool: rayon::ThreadPool,
    /// Sizes on disk, read once: the split, the progress bar and the reader's small-file runs.
    sizes: Vec<Option<u64>>,
}

fn start(settings: &PipelineSettings) -> Result<Start> {
    // Walking the inputs and building the stages (loading the tagger) are independent: both run
    // at once. A walking error is reported first, as when they ran one after the other.
    let (discovery, stages) = std::thread::scope(|scope| {
        let stages = scope.spawn(|| -> Result<Stages> {
            Ok(Stages {
                normalizer: Normalizer::new(&settings.normalize).context("invalid [normalize] settings")?,
                enricher: Enricher::new(&settings.enrich, &settings.resources).context("invalid [enrich] settings")?,
                normalize_nanos: AtomicU64::new(0),
                enrich_nanos: AtomicU64::new(0),
            })
        });
        let discovery = khabar_ingest::discover(&settings.inputs);
        (discovery, stages.join())
    });
    let discovery = discovery?;
    let stages = stages.map_err(|_| anyhow!("building the stages panicked"))??;
    let pool = worker_pool(settings.threads)?;
    let sizes =
        pool.install(|| discovery.files.par_iter().map(|f| std::fs::metadata(&f.path).ok().map(|m| m.len())).collect());
    Ok(Start { discovery, stages, pool, sizes })
}

fn worker_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()
        .context("cannot start worker threads")
}

fn limits(settings: &PipelineSettings) -> Limits {
    Limits { docs: settings.batch_docs, bytes: settings.batch_bytes }
}

fn skipped(discovery: &Discovery) -> Vec<SkippedEntry> {
    discovery
        .skipped
        .iter()
        .map(|s| SkippedEntry { root: s.root.display().to_string(), path: s.rel.clone(), reason: s.reason.clone() })
        .collect()
}

/// Runs the pipeline over every input: one process, the whole dataset.
pub(crate) fn run(settings: &PipelineSettings) -> Result<RunReport> {
    let started = Instant::now();
    let Start { discovery, stages, pool, sizes } = start(settings)?;
    let mut writer = DatasetWriter::create(&settings.output, &settings.export)?;
    writer.set_card(settings.card.clone());
    let progress = progress_bar(sizes.iter().flatten().sum());
    let batcher = Batcher::new(limits(settings), SeenIds::new(writer.scratch_dir(".seen"), seen::MEMORY_KEYS));
    let input_log = writer.input_log();
    let (read_tx, read_rx) = sync_channel::<Batch<RawDocument>>(IN_FLIGHT);
    let files = &discovery.files[..];
    let (totals, written) = std::thread::scope(|scope| {
        let (pool, progress, sizes) = (&pool, &progress, &sizes[..]);
        let reader =
            scope.spawn(move || read_all(settings, files, sizes, (batcher, input_log), pool, &read_tx, progress));
        let enrich =
            |batch: Batch<RawDocument>| Enriched::from_batch(batch.map_par(|raw: &RawDocument| stages.process(raw)));
        let written = write_batches(pool, writer, &settings.enrich.dedup, read_rx, enrich);
        (reader.join().map_err(|_| anyhow!("the reader thread panicked")), written)
    });
    progress.finish_and_clear();
    let written = written?;
    let totals = totals??;
    let skipped = skipped(&discovery);
    // The file list is done with (the reader has finished): a corpus of many files frees it
    // before the tables are closed.
    drop(discovery);
    let manifest = manifest(settings.config_hash.clone(), &totals.counts, totals.inputs, skipped);
    let (manifest, finish, export) = finish_dataset(&pool, written, manifest)?;
    let timings = Timings {
        ingest: totals.elapsed,
        normalize: Duration::from_nanos(stages.normalize_nanos.load(Ordering::Relaxed)),
        enrich: Duration::from_nanos(stages.enrich_nanos.load(Ordering::Relaxed)),
        encode: export.1,
        export: export.0 + finish,
        finish,
    };
    Ok(RunReport { manifest, elapsed: started.elapsed(), timings })
}

fn manifest(config_hash: String, read: &Counts, inputs: Inputs, skipped: Vec<SkippedEntry>) -> Manifest {
    let counts =
        Counts { inputs: read.inputs, duplicates: read.duplicates, input_bytes: read.input_bytes, ..Counts::default() };
    Manifest {
        khabar_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: khabar_core::SCHEMA_VERSION.to_owned(),
        id_scheme: khabar_core::ID_SCHEME.to_owned(),
        config_hash,
        counts,
        inputs,
        skipped,
        outputs: Vec::new(),
    }
}

/// Closes the tables: the manifest written, the time it took, and the writer's and encoding
/// time before.
fn finish_dataset(
    pool: &rayon::ThreadPool,
    written: Written,
    mut manifest: Manifest,
) -> Result<(Manifest, Duration, (Duration, Duration))> {
    crate::stop::check()?;
    let Written { writer, counts, corpus, busy, encode } = written;
    let read = &manifest.counts;
    manifest.counts =
        Counts { inputs: read.inputs, duplicates: read.duplicates, input_bytes: read.input_bytes, ..counts };
    let t = Instant::now();
    // On the run's pool: a run of N threads closes and hashes its tables on N threads.
    let manifest = pool.install(|| writer.finish(manifest, &corpus))?;
    Ok((manifest, t.elapsed(), (busy, encode)))
}

/// Turns batches into the dataset's tables: `prepare` makes each batch's rows on the pool, and
/// they are encoded while the next batch is prepared; a writer thread appends them in order and
/// folds the documents into the corpus-wide steps. Returns when `batches` ends or a step fails
/// (dropping `batches`, which stops whoever fills it).
fn write_batches<B: Send>(
    pool: &rayon::ThreadPool,
    writer: DatasetWriter,
    dedup: &DedupConfig,
    batches: Receiver<B>,
    prepare: impl Fn(B) -> Enriched + Sync,
) -> Result<Written> {
    let row_groups = writer.encoder();
    let (done_tx, done_rx) = sync_channel::<DoneBatch>(IN_FLIGHT);
    let mut encode_error = None;
    let mut encode_time = Duration::ZERO;
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_all(writer, &done_rx, dedup, pool));
        let encode = |docs: &[EnrichedDocument]| {
            let t = Instant::now();
            // A panic here (say, a column past Arrow's 2 GiB offsets) stops the run with an
            // error, like any other failure to write.
            let result = match catch_unwind(AssertUnwindSafe(|| row_groups.encode(docs))) {
                Ok(Ok(batch)) => Ok(batch),
                Ok(Err(e)) => Err(anyhow::Error::from(e)),
                Err(_) => Err(anyhow!("encoding a batch of {} documents panicked", docs.len())),
            };
            (result, t.elapsed())
        };
        // Batch N is encoded while batch N+1 is prepared, both on the pool, so that no worker
        // waits for the last column of a batch to be encoded. Batches reach the writer in order.
        let mut pending: Option<Enriched> = None;
        let mut batches = batches.into_iter();
        loop {
            let ready = match (pending.take(), batches.next()) {
                (None, None) => break,
                (None, Some(batch)) => {
                    pending = Some(pool.install(|| prepare(batch)));
                    continue;
                }
                (Some(done), batch) => {
                    let (encoded, next) = pool.install(|| rayon::join(|| encode(&done.docs), || batch.map(&prepare)));
                    pending = next;
                    (done, encoded)
                }
            };
            let (Enriched { docs, sources, failures }, (result, took)) = ready;
            encode_time += took;
            let encoded = match result {
                Ok(batch) => batch,
                Err(e) => {
                    encode_error = Some(e);
                    break; // dropping the receiver stops the reader; the error is reported below
                }
            };
            if done_tx.send(DoneBatch { docs, encoded, sources, failures }).is_err() {
                break; // the writer failed (its error is reported below); dropping the receiver stops the reader
            }
        }
        drop(done_tx);
        writer.join().map_err(|_| anyhow!("the writer thread panicked"))
    });
    if let Some(e) = encode_error {
        return Err(e);
    }
    let mut written = written??;
    written.encode = encode_time;
    Ok(written)
}

/// The reader thread: the inputs `files`, in order, into batches; exact duplicates dropped here.
fn read_all(
    settings: &PipelineSettings,
    files: &[InputFile],
    sizes: &[Option<u64>],
    (batcher, input_log): (Batcher<RawDocument>, InputLog),
    pool: &rayon::ThreadPool,
    tx: &SyncSender<Batch<RawDocument>>,
    progress: &ProgressBar,
) -> Result<ReadTotals> {
    let ingestor = Ingestor::new(&settings.ingest);
    // Time spent reading and parsing, summed over the threads that did it.
    let parse_nanos = AtomicU64::new(0);
    let mut reader = Reader {
        tx,
        progress,
        totals: ReadTotals::default(),
        batcher,
        input_log,
        error: None,
        done_bytes: 0,
        waiting: Duration::ZERO,
    };
    // Size on disk of a file read whole, or `None` for one that streams (large or compressed).
    let small = |(f, len): (&InputFile, &Option<u64>)| {
        let len = (*len)?;
        (!f.is_compressed() && len <= SMALL_FILE_BYTES).then_some(len)
    };
    let mut i = 0;
    'files: while i < files.len() {
        // A run of small files (at most SMALL_FILE_RUN of them and SMALL_RUN_BYTES together)
        // is read and parsed on the pool, in parallel, then taken in order; a large or
        // compressed file streams here, batch by batch.
        let mut run_bytes = 0;
        let run = files[i..]
            .iter()
            .zip(&sizes[i..])
            .take(SMALL_FILE_RUN)
            .map_while(&small)
            .take_while(|&len| {
                run_bytes += len;
                run_bytes <= SMALL_RUN_BYTES
            })
            .count();
        if run == 0 {
            let (t, waited) = (Instant::now(), reader.waiting);
            let mut docs = ingestor.open(&files[i]);
            let mut counts = (0, 0);
            while let Some(item) = docs.next() {
                if !reader.take(item, &mut counts, docs.bytes_read()) {
                    break 'files;
                }
            }
            if !reader.file_done(&files[i], &docs.digest(), counts) {
                break 'files;
            }
            let busy = t.elapsed().saturating_sub(reader.waiting.saturating_sub(waited));
            parse_nanos.fetch_add(busy.as_nanos() as u64, Ordering::Relaxed);
            i += 1;
            continue;
        }
        let read: Vec<_> = pool.install(|| {
            files[i..i + run]
                .par_iter()
                .map(|f| {
                    let t = Instant::now();
                    let mut docs = ingestor.open(f);
                    let items: Vec<_> = docs.by_ref().collect();
                    parse_nanos.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    (items, docs.digest())
                })
                .collect()
        });
        for (file, (items, digest)) in files[i..i + run].iter().zip(read) {
            let mut counts = (0, 0);
            for item in items {
                if !reader.take(item, &mut counts, 0) {
                    break 'files;
                }
            }
            if !reader.file_done(file, &digest, counts) {
                break 'files;
            }
        }
        i += run;
    }
    if let Some((doing, e)) = reader.error {
        return Err(e).context(doing);
    }
    crate::stop::check()?;
    let Reader { batcher, input_log, mut totals, .. } = reader;
    totals.counts.inputs = batcher.inputs;
    totals.counts.duplicates = batcher.duplicates;
    // The last batch goes even if empty: a merge cuts the same batches, and the tables the
    // same row groups, as this run.
    let last = batcher.finish().context("removing the seen document IDs from the scratch folder")?;
    if tx.send(last).is_err() {
        return Ok(totals); // the pipeline stopped; its error is reported by whoever stopped it
    }
    totals.inputs = input_log.finish().context("writing the list of input files to disk")?;
    totals.elapsed = Duration::from_nanos(parse_nanos.load(Ordering::Relaxed));
    Ok(totals)
}

/// Uncompressed files up to this size are read whole, several at a time on the pool.
const SMALL_FILE_BYTES: u64 = 1 << 20;
/// Small files read together, at most.
const SMALL_FILE_RUN: usize = 64;
/// Bytes of small files read together, at most (the memory a run may hold).
const SMALL_RUN_BYTES: u64 = 16 << 20;

/// The reader thread's state: counts, and the batches being cut.
struct Reader<'a> {
    tx: &'a SyncSender<Batch<RawDocument>>,
    progress: &'a ProgressBar,
    totals: ReadTotals,
    batcher: Batcher<RawDocument>,
    /// The manifest's entry of every file read.
    input_log: InputLog,
    /// Why the reader stopped early, if it did on its own (the pipeline stopping is no error).
    error: Option<(&'static str, std::io::Error)>,
    done_bytes: u64,
    /// Time blocked on a full channel (not counted as reading).
    waiting: Duration,
}

impl Reader<'_> {
    /// Takes one item of the current file (counting documents and failures in `counts`);
    /// false when the pipeline has stopped.
    fn take(&mut self, item: Result<RawDocument, DocFailure>, counts: &mut (u64, u64), file_bytes_read: u64) -> bool {
        if crate::stop::requested().is_some() {
            return false;
        }
        let full = match item {
            Ok(raw) => {
                counts.0 += 1;
                let source = SourceRow {
                    doc_id: raw.meta.doc_id.as_str().to_owned(),
                    source_path: raw.meta.source_path.clone(),
                    source_line: raw.meta.source_line,
                    source_id: raw.meta.source_id.clone(),
                };
                let (key, bytes) = (raw.meta.doc_id.bits(), raw.text.len());
                match self.batcher.doc(source, key, bytes, raw) {
                    Ok(full) => full,
                    Err(e) => {
                        self.error = Some(("keeping the seen document IDs on disk", e));
                        return false;
                    }
                }
            }
            Err(failure) => {
                counts.1 += 1;
                self.batcher.failure(failure)
            }
        };
        match full {
            Some(batch) => {
                self.progress.set_position(self.done_bytes + file_bytes_read);
                self.send(batch)
            }
            None => true,
        }
    }

    /// Records a finished file in the manifest's inputs; false when that failed.
    fn file_done(&mut self, file: &InputFile, digest: &FileDigest, (documents, failures): (u64, u64)) -> bool {
        self.done_bytes += digest.bytes;
        self.totals.counts.input_bytes += digest.bytes;
        self.progress.set_position(self.done_bytes);
        let entry = InputEntry {
            root: file.root.display().to_string(),
            path: file.rel.clone(),
            bytes: digest.bytes,
            sha256: digest.sha256.clone(),
            documents,
            failures,
        };
        if let Err(e) = self.input_log.push(entry) {
            self.error = Some(("writing the list of input files to disk", e));
            return false;
        }
        true
    }

    /// Sends a batch; false when the pipeline has stopped.
    fn send(&mut self, batch: Batch<RawDocument>) -> bool {
        let t = Instant::now();
        let ok = self.tx.send(batch).is_ok();
        self.waiting += t.elapsed();
        ok
    }
}

/// The writer thread: appends each batch in arrival (= input) order, counts rows, and folds the
/// documents into the corpus-wide steps (sketches, sentence repeats, the catalog), which it
/// finishes after the last batch.
fn write_all(
    mut writer: DatasetWriter,
    rx: &Receiver<DoneBatch>,
    dedup: &DedupConfig,
    pool: &rayon::ThreadPool,
) -> Result<Written> {
    let mut counts = Counts::default();
    let mut busy = Duration::ZERO;
    let mut near = Sketches::new(dedup, writer.scratch_dir(".sketches"), sketches::MEMORY_BUDGET);
    let mut catalog = Catalog::default();
    let mut repeats = SentenceCounter::new(writer.scratch_dir(".sentence-counts"), repeats::DEFAULT_BUFFER);
    for mut batch in rx {
        let t = Instant::now();
        for doc in &mut batch.docs {
            near.push(doc.sketch.take()).context("writing near-duplicate sketches to disk")?;
            catalog.add(&doc.entities);
            repeats
                .add_document(doc.sentences.iter().map(|s| s.fingerprint))
                .context("counting repeated sentences on disk")?;
        }
        for f in &batch.failures {
            match f.severity {
                Severity::Error => counts.failed_inputs += 1,
                Severity::Warning => counts.warnings += 1,
            }
        }
        counts.documents += batch.docs.len() as u64;
        for doc in &batch.docs {
            counts.sentences += doc.sentences.len() as u64;
            counts.entities += doc.entities.len() as u64;
            counts.dates += doc.dates.len() as u64;
        }
        writer.append(batch.encoded)?;
        writer.write_failures(&batch.failures)?;
        writer.write_sources(&batch.sources)?;
        busy += t.elapsed();
    }
    crate::stop::check()?;
    let t = Instant::now();
    // After the last batch: the workers are free to search the sketches.
    let clusters = pool.install(|| near.clusters()).context("clustering near-duplicate sketches")?;
    counts.near_duplicates =
        clusters.iter().enumerate().filter(|&(i, rep)| rep.is_some_and(|r| r as usize != i)).count() as u64;
    let repeated_sentences = repeats.finish().context("counting repeated sentences")?;
    busy += t.elapsed();
    let corpus = CorpusColumns {
        clusters,
        catalog: catalog.rows(),
        repeated_sentences,
        boilerplate_min_docs: dedup.boilerplate_min_docs,
    };
    Ok(Written { writer, counts, corpus, busy, encode: Duration::ZERO })
}

/// SHA-256 of the input listing: every file's root, path and size, in order, and every file
/// skipped. Shards of one run must agree on it.
fn listing_sha256(discovery: &Discovery, sizes: &[Option<u64>]) -> String {
    let mut hasher = Sha256::new();
    for (file, size) in discovery.files.iter().zip(sizes) {
        let size = size.map_or_else(|| "-".to_owned(), |s| s.to_string());
        hasher.update(format!("{}\0{}\0{size}\n", file.root.display(), file.rel).as_bytes());
    }
    hasher.update(b"skipped\n");
    for s in &discovery.skipped {
        hasher.update(format!("{}\0{}\0{}\n", s.root.display(), s.rel, s.reason).as_bytes());
    }
    khabar_core::id::hex(&hasher.finalize())
}

/// Runs one shard: its share of the inputs, processed and recorded in WORK (`settings.output`)
/// for `khabar merge`. A shard already complete there for the same inputs and settings is
/// left as it is.
pub(crate) fn run_shard(settings: &PipelineSettings, spec: ShardSpec) -> Result<ShardReport> {
    let started = Instant::now();
    let work = &settings.output;
    let Start { discovery, stages, pool, sizes } = start(settings)?;
    let byte_sizes: Vec<u64> = sizes.iter().map(|s| s.unwrap_or(0)).collect();
    let range: Range<usize> = khabar_corpus::split::split(&byte_sizes, spec.count)[spec.index].clone();
    let plan = Plan {
        batch: limits(settings),
        max_failure_ratio: settings.max_failure_ratio,
        export: settings.export.clone(),
        dedup: settings.enrich.dedup.clone(),
        skipped: skipped(&discovery),
        card: settings.card.clone(),
    };
    let empty = khabar_corpus::shard::FileSum { bytes: 0, sha256: String::new() };
    let mut marker = Marker {
        khabar_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: khabar_core::SCHEMA_VERSION.to_owned(),
        id_scheme: khabar_core::ID_SCHEME.to_owned(),
        config_hash: settings.config_hash.clone(),
        shard_index: spec.index,
        num_shards: spec.count,
        listing_sha256: listing_sha256(&discovery, &sizes),
        files: range.len() as u64,
        plan,
        records: empty.clone(),
        inputs: empty,
        checksum: String::new(),
    };
    let finished = ShardDir::finished_path(work, spec.index, spec.count);
    let mut report = ShardReport {
        path: finished.clone(),
        ran: false,
        files: range.len() as u64,
        inputs: 0,
        documents: 0,
        elapsed: Duration::ZERO,
    };
    if let Ok(done) = work::read_marker::<Plan>(&finished) {
        let whole = |name: &str, sum: &khabar_corpus::shard::FileSum| {
            std::fs::metadata(finished.join(name)).is_ok_and(|m| m.len() == sum.bytes)
        };
        if done.same_shard(&marker) && whole(work::RECORDS, &done.records) && whole(work::INPUTS, &done.inputs) {
            report.elapsed = started.elapsed();
            return Ok(report);
        }
    }
    std::fs::create_dir_all(work).with_context(|| format!("cannot create {}", work.display()))?;
    let dir = ShardDir::begin(work, spec.index, spec.count)
        .with_context(|| format!("cannot start shard {} of {} in {}", spec.index, spec.count, work.display()))?;
    let records_path = dir.path().join(work::RECORDS);
    let inputs_path = dir.path().join(work::INPUTS);
    let records =
        RecordWriter::create(&records_path).with_context(|| format!("cannot create {}", records_path.display()))?;
    let progress = progress_bar(sizes[range.clone()].iter().flatten().sum());
    // Every entry goes to the file: the merge reads them back from it.
    let input_log = InputLog::new(inputs_path.clone(), 0);
    let batcher = Batcher::new(limits(settings), SeenIds::new(dir.path().join(".seen"), seen::MEMORY_KEYS));
    let (read_tx, read_rx) = sync_channel::<Batch<RawDocument>>(IN_FLIGHT);
    let (record_tx, record_rx) = sync_channel::<ShardBatch>(IN_FLIGHT);
    let (files, sizes) = (&discovery.files[range.clone()], &sizes[range]);
    let (totals, sums) = std::thread::scope(|scope| {
        let (pool, progress) = (&pool, &progress);
        let reader =
            scope.spawn(move || read_all(settings, files, sizes, (batcher, input_log), pool, &read_tx, progress));
        let recorder = scope.spawn(move || -> Result<(khabar_corpus::shard::FileSum, u64)> {
            let mut records = records;
            let mut documents = 0;
            for batch in record_rx {
                documents += batch.docs.len() as u64;
                records.write(&batch).context("writing the shard's records")?;
            }
            Ok((records.finish().context("writing the shard's records")?, documents))
        });
        for batch in read_rx {
            let batch = pool.install(|| ShardBatch::from_batch(batch, |raw| stages.process(raw)));
            if record_tx.send(batch).is_err() {
                break; // the recorder failed; its error is reported below
            }
        }
        drop(record_tx);
        let totals = reader.join().map_err(|_| anyhow!("the reader thread panicked"));
        let sums = recorder.join().map_err(|_| anyhow!("the record writer panicked"));
        (totals, sums)
    });
    progress.finish_and_clear();
    let (records, documents) = sums??;
    let totals = totals??;
    if let Inputs::Listed(_) = totals.inputs {
        // No file was read: the log never made its file.
        std::fs::write(&inputs_path, b"").with_context(|| format!("cannot write {}", inputs_path.display()))?;
    }
    marker.records = records;
    marker.inputs = work::file_sum(&inputs_path).with_context(|| format!("cannot read {}", inputs_path.display()))?;
    crate::stop::check()?;
    dir.publish(marker).with_context(|| format!("cannot publish {}", finished.display()))?;
    report.ran = true;
    report.inputs = totals.counts.inputs;
    report.documents = documents;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Merges the shards in WORK into the dataset a single run over the same inputs would have
/// written, byte for byte; with the run's `max-failure-ratio`, for the exit code.
pub(crate) fn merge(work: &Path, output: &Path, threads: usize) -> Result<(RunReport, f64)> {
    let started = Instant::now();
    let shards = work::open_work::<Plan>(work, env!("CARGO_PKG_VERSION"))?;
    let (_, first) = shards.first().expect("open_work returns at least one shard");
    let plan = first.plan.clone();
    let config_hash = first.config_hash.clone();
    let pool = worker_pool(threads)?;
    let mut writer = DatasetWriter::create(output, &plan.export)?;
    writer.set_card(plan.card.clone());
    let batcher = Batcher::new(plan.batch, SeenIds::new(writer.scratch_dir(".seen"), seen::MEMORY_KEYS));
    let input_log = writer.input_log();
    let progress = progress_bar(shards.iter().map(|(_, m)| m.records.bytes).sum());
    let (tx, rx) = sync_channel::<Batch<Outcome>>(IN_FLIGHT);
    let (read, written) = std::thread::scope(|scope| {
        let (shards, progress) = (&shards, &progress);
        let reader = scope.spawn(move || replay_all(shards, batcher, input_log, &tx, progress));
        let written = write_batches(&pool, writer, &plan.dedup, rx, Enriched::from_batch);
        (reader.join().map_err(|_| anyhow!("the shard reader panicked")), written)
    });
    progress.finish_and_clear();
    let written = written?;
    let (counts, inputs) = read??;
    let manifest = manifest(config_hash, &counts, inputs, plan.skipped);
    let (manifest, finish, (busy, encode)) = finish_dataset(&pool, written, manifest)?;
    let timings = Timings { encode, export: busy + finish, finish, ..Timings::default() };
    Ok((RunReport { manifest, elapsed: started.elapsed(), timings }, plan.max_failure_ratio))
}

/// The merge's reader: every shard's records, in order, replayed into `batcher`.
fn replay_all(
    shards: &[(PathBuf, Marker<Plan>)],
    mut batcher: Batcher<Outcome>,
    mut input_log: InputLog,
    tx: &SyncSender<Batch<Outcome>>,
    progress: &ProgressBar,
) -> Result<(Counts, Inputs)> {
    let mut counts = Counts::default();
    let mut done = 0;
    for (dir, marker) in shards {
        let path = dir.join(work::INPUTS);
        let sum = work::file_sum(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if sum != marker.inputs {
            anyhow::bail!("{}: not the file its marker describes (altered or cut short)", path.display());
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for line in text.lines() {
            let entry: InputEntry =
                serde_json::from_str(line).with_context(|| format!("{}: unreadable entry", path.display()))?;
            counts.input_bytes += entry.bytes;
            input_log.push(entry).context("writing the list of input files to disk")?;
        }
        let path = dir.join(work::RECORDS);
        let mut records = RecordReader::open(&path, marker.records.clone())
            .with_context(|| format!("cannot read {}", path.display()))?;
        while let Some(batch) = records.next_batch().with_context(|| format!("cannot read {}", path.display()))? {
            crate::stop::check()?;
            if !batch.replay(&mut batcher, &mut |b| tx.send(b).is_ok())? {
                return Ok((counts, Inputs::default())); // the writer stopped; it reports why
            }
        }
        done += marker.records.bytes;
        progress.set_position(done);
    }
    counts.inputs = batcher.inputs;
    counts.duplicates = batcher.duplicates;
    let last = batcher.finish().context("removing the seen document IDs from the scratch folder")?;
    if tx.send(last).is_ok() {
        return Ok((counts, input_log.finish().context("writing the list of input files to disk")?));
    }
    Ok((counts, Inputs::default()))
}

fn progress_bar(total_bytes: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
        )
        .expect("the template is valid"),
    );
    bar
}
