//! The run loop: a reader thread gathers documents into bounded batches (parsing runs of small
//! files on the rayon pool), the pool runs normalize and enrich on each batch and encodes its
//! rows, and a writer thread appends the encoded row groups, in input order, to the tables.
//! Reading, processing and writing overlap.
//!
//! This is the only place with threads. Output order is input order (files sorted, JSONL and
//! SGML records in order, `par_iter().collect()` keeps order, channels are FIFO), so the
//! dataset is byte-identical whatever `--threads`. Memory is bounded by a few batches in flight,
//! one run of small files (at most 16 MiB of uncompressed files), plus per-document keys (exact
//! duplicates, near-duplicate representatives) and sketches.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use ahash::{AHashMap, AHashSet};
use anyhow::{Context, Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar_core::{DocFailure, EnrichedDocument, FailureCode, RawDocument, Severity, Stage};
use khabar_enrich::Enricher;
use khabar_export::{
    CatalogRow, CorpusColumns, Counts, DatasetWriter, EncodedBatch, InputEntry, InputLog, Inputs, Manifest,
    SkippedEntry, SourceRow,
};
use khabar_ingest::{Discovery, FileDigest, Ingestor, InputFile};
use khabar_normalize::Normalizer;
use rayon::prelude::*;

use crate::seen::SeenIds;
use crate::settings::PipelineSettings;
use crate::sketches::Sketches;

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

struct Stages {
    normalizer: Normalizer,
    enricher: Enricher,
    normalize_nanos: AtomicU64,
    enrich_nanos: AtomicU64,
}

impl Stages {
    /// Runs one document through normalize and enrich; a panic becomes a failure.
    fn process(&self, raw: &RawDocument) -> Result<EnrichedDocument, DocFailure> {
        catch_unwind(AssertUnwindSafe(|| {
            let t0 = Instant::now();
            let normalized = self.normalizer.run(raw);
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
            Err(DocFailure::error("enrich", &raw.meta.source_path, FailureCode::InternalPanic, message)
                .with_doc_id(raw.meta.doc_id))
        })
        .map_err(|mut f| {
            f.line = f.line.or(raw.meta.source_line);
            f
        })
    }
}

/// One batch from the reader: documents to process, and rows that need no processing.
#[derive(Default)]
struct ReadBatch {
    docs: Vec<RawDocument>,
    sources: Vec<SourceRow>,
    failures: Vec<DocFailure>,
}

/// One batch for the writer.
struct DoneBatch {
    docs: Vec<EnrichedDocument>,
    /// The rows of `docs`, encoded on the pool (the writer only appends them).
    encoded: EncodedBatch,
    sources: Vec<SourceRow>,
    failures: Vec<DocFailure>,
}

/// A batch enriched and waiting to be encoded.
struct Enriched {
    docs: Vec<EnrichedDocument>,
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

pub(crate) fn run(settings: &PipelineSettings) -> Result<RunReport> {
    let started = Instant::now();
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()
        .context("cannot start worker threads")?;
    let writer = DatasetWriter::create(&settings.output, &settings.export)?;
    // Sizes on disk, read once: the progress bar's total and the reader's small-file runs.
    let sizes: Vec<Option<u64>> =
        pool.install(|| discovery.files.par_iter().map(|f| std::fs::metadata(&f.path).ok().map(|m| m.len())).collect());
    let progress = progress_bar(sizes.iter().flatten().sum());

    let (read_tx, read_rx) = sync_channel::<ReadBatch>(IN_FLIGHT);
    let (done_tx, done_rx) = sync_channel::<DoneBatch>(IN_FLIGHT);
    let (discovery_ref, progress_ref) = (&discovery, &progress);
    let row_groups = writer.encoder();
    let seen_dir = writer.scratch_dir(".seen");
    let input_log = writer.input_log();
    let mut encode_error = None;
    let mut encode_time = Duration::ZERO;
    let (totals, written) = std::thread::scope(|scope| {
        // Each thread owns its end of a channel, so a finished reader closes the stream.
        let pool_ref = &pool;
        let reader = scope.spawn(move || {
            read_all(settings, discovery_ref, &sizes, (seen_dir, input_log), pool_ref, &read_tx, progress_ref)
        });
        let dedup = &settings.enrich.dedup;
        let writer = scope.spawn(move || write_all(writer, &done_rx, dedup, pool_ref));
        // Batch N is encoded while batch N+1 is enriched, both on the pool, so that no worker
        // waits for the last column of a batch to be encoded. Batches reach the writer in order.
        let enrich = |batch: ReadBatch| -> Enriched {
            let results: Vec<Result<EnrichedDocument, DocFailure>> =
                batch.docs.par_iter().map(|raw| stages.process(raw)).collect();
            let mut failures = batch.failures;
            let mut docs = Vec::with_capacity(results.len());
            for result in results {
                match result {
                    Ok(mut doc) => {
                        failures.append(&mut doc.issues);
                        docs.push(doc);
                    }
                    Err(failure) => failures.push(failure),
                }
            }
            Enriched { docs, sources: batch.sources, failures }
        };
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
        let mut pending: Option<Enriched> = None;
        let mut batches = read_rx.into_iter();
        loop {
            let ready = match (pending.take(), batches.next()) {
                (None, None) => break,
                (None, Some(batch)) => {
                    pending = Some(pool.install(|| enrich(batch)));
                    continue;
                }
                (Some(done), batch) => {
                    let (encoded, next) = pool.install(|| rayon::join(|| encode(&done.docs), || batch.map(enrich)));
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
        // After a failure the loop ends early: a reader blocked on a full channel wakes (and
        // stops) only once the receiving end is gone.
        drop(batches);
        let totals = reader.join().map_err(|_| anyhow!("the reader thread panicked"));
        let written = writer.join().map_err(|_| anyhow!("the writer thread panicked"));
        (totals, written)
    });
    progress.finish_and_clear();
    if let Some(e) = encode_error {
        return Err(e);
    }
    let totals = totals??;
    let (writer, mut counts, export_time, corpus) = written??;
    counts.inputs = totals.counts.inputs;
    counts.duplicates = totals.counts.duplicates;
    counts.input_bytes = totals.counts.input_bytes;

    // The file list is done with (the reader has finished): a corpus of many files frees it
    // before the tables are closed.
    let skipped = discovery
        .skipped
        .into_iter()
        .map(|s| SkippedEntry { root: s.root.display().to_string(), path: s.rel, reason: s.reason })
        .collect();
    drop(discovery.files);
    let manifest = Manifest {
        khabar_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: khabar_core::SCHEMA_VERSION.to_owned(),
        id_scheme: khabar_core::ID_SCHEME.to_owned(),
        config_hash: settings.config_hash.clone(),
        counts,
        inputs: totals.inputs,
        skipped,
        outputs: Vec::new(),
    };
    let t = Instant::now();
    // On the run's pool: a run of N threads closes and hashes its tables on N threads.
    let manifest = pool.install(|| writer.finish(manifest, &corpus))?;
    let timings = Timings {
        ingest: totals.elapsed,
        normalize: Duration::from_nanos(stages.normalize_nanos.load(Ordering::Relaxed)),
        enrich: Duration::from_nanos(stages.enrich_nanos.load(Ordering::Relaxed)),
        encode: encode_time,
        export: export_time + t.elapsed(),
        finish: t.elapsed(),
    };
    Ok(RunReport { manifest, elapsed: started.elapsed(), timings })
}

/// The reader thread: every input, in order, into batches; exact duplicates dropped here.
fn read_all(
    settings: &PipelineSettings,
    discovery: &Discovery,
    sizes: &[Option<u64>],
    (seen_dir, input_log): (PathBuf, InputLog),
    pool: &rayon::ThreadPool,
    tx: &SyncSender<ReadBatch>,
    progress: &ProgressBar,
) -> Result<ReadTotals> {
    let ingestor = Ingestor::new(&settings.ingest);
    // Time spent reading and parsing, summed over the threads that did it.
    let parse_nanos = AtomicU64::new(0);
    let mut reader = Reader {
        settings,
        tx,
        progress,
        totals: ReadTotals::default(),
        seen: SeenIds::new(seen_dir, crate::seen::MEMORY_KEYS),
        input_log,
        error: None,
        batch: ReadBatch::default(),
        batch_bytes: 0,
        done_bytes: 0,
        waiting: Duration::ZERO,
    };
    let files = &discovery.files;
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
    reader.send();
    reader.seen.finish().context("removing the seen document IDs from the output's scratch folder")?;
    let mut totals = reader.totals;
    totals.inputs = reader.input_log.finish().context("writing the list of input files to disk")?;
    totals.elapsed = Duration::from_nanos(parse_nanos.load(Ordering::Relaxed));
    Ok(totals)
}

/// Uncompressed files up to this size are read whole, several at a time on the pool.
const SMALL_FILE_BYTES: u64 = 1 << 20;
/// Small files read together, at most.
const SMALL_FILE_RUN: usize = 64;
/// Bytes of small files read together, at most (the memory a run may hold).
const SMALL_RUN_BYTES: u64 = 16 << 20;

/// The reader thread's state: counts, exact-duplicate detection and the batch being filled.
struct Reader<'a> {
    settings: &'a PipelineSettings,
    tx: &'a SyncSender<ReadBatch>,
    progress: &'a ProgressBar,
    totals: ReadTotals,
    /// `doc_id`s seen, as 16-byte keys.
    seen: SeenIds,
    /// The manifest's entry of every file read.
    input_log: InputLog,
    /// Why the reader stopped early, if it did on its own (the pipeline stopping is no error).
    error: Option<(&'static str, std::io::Error)>,
    batch: ReadBatch,
    /// Bytes of document text in `batch`.
    batch_bytes: usize,
    done_bytes: u64,
    /// Time blocked on a full channel (not counted as reading).
    waiting: Duration,
}

impl Reader<'_> {
    /// Takes one item of the current file (counting documents and failures in `counts`);
    /// false when the pipeline has stopped.
    fn take(&mut self, item: Result<RawDocument, DocFailure>, counts: &mut (u64, u64), file_bytes_read: u64) -> bool {
        self.totals.counts.inputs += 1;
        match item {
            Ok(raw) => {
                counts.0 += 1;
                self.batch.sources.push(SourceRow {
                    doc_id: raw.meta.doc_id.as_str().to_owned(),
                    source_path: raw.meta.source_path.clone(),
                    source_line: raw.meta.source_line,
                    source_id: raw.meta.source_id.clone(),
                });
                match self.seen.insert(raw.meta.doc_id.bits()) {
                    Ok(true) => {
                        self.batch_bytes += raw.text.len();
                        self.batch.docs.push(raw);
                    }
                    Ok(false) => self.totals.counts.duplicates += 1,
                    Err(e) => {
                        self.error = Some(("keeping the seen document IDs on disk", e));
                        return false;
                    }
                }
            }
            Err(failure) => {
                counts.1 += 1;
                self.batch.failures.push(failure);
            }
        }
        if self.batch.docs.len() >= self.settings.batch_docs || self.batch_bytes >= self.settings.batch_bytes {
            self.progress.set_position(self.done_bytes + file_bytes_read);
            return self.send();
        }
        true
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

    /// Sends the batch; false when the pipeline has stopped.
    fn send(&mut self) -> bool {
        let t = Instant::now();
        self.batch_bytes = 0;
        let ok = self.tx.send(std::mem::take(&mut self.batch)).is_ok();
        self.waiting += t.elapsed();
        ok
    }
}

/// The writer thread: appends each batch in arrival (= input) order, counts rows, and
/// gathers what the corpus columns need (sketches, sentence fingerprints).
fn write_all(
    mut writer: DatasetWriter,
    rx: &Receiver<DoneBatch>,
    dedup: &khabar_enrich::dedup::DedupConfig,
    pool: &rayon::ThreadPool,
) -> Result<(DatasetWriter, Counts, Duration, CorpusColumns)> {
    let mut counts = Counts::default();
    let mut busy = Duration::ZERO;
    let mut near = Sketches::new(dedup, writer.scratch_dir(".sketches"), crate::sketches::MEMORY_BUDGET);
    let mut catalog = Catalog::default();
    for mut batch in rx {
        let t = Instant::now();
        for doc in &mut batch.docs {
            near.push(doc.sketch.take()).context("writing near-duplicate sketches to disk")?;
            catalog.add(&doc.entities);
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
    let t = Instant::now();
    // After the last batch: the workers are free to search the sketches.
    let clusters = pool.install(|| near.clusters()).context("clustering near-duplicate sketches")?;
    counts.near_duplicates =
        clusters.iter().enumerate().filter(|&(i, rep)| rep.is_some_and(|r| r as usize != i)).count() as u64;
    busy += t.elapsed();
    let corpus = CorpusColumns { clusters, catalog: catalog.rows(), boilerplate_min_docs: dedup.boilerplate_min_docs };
    Ok((writer, counts, busy, corpus))
}

/// The `entity_catalog`, gathered as documents are written: one entry per canonical entity.
#[derive(Default)]
struct Catalog {
    /// `entity_id` → entry. Only looked up while gathering; sorted before writing.
    entries: AHashMap<khabar_core::EntityId, CatalogRow>,
}

impl Catalog {
    fn add(&mut self, mentions: &[khabar_core::EntityRow]) {
        let mut seen_here: AHashSet<khabar_core::EntityId> = AHashSet::new();
        for m in mentions {
            let entry = self.entries.entry(m.entity_id).or_insert_with(|| CatalogRow {
                entity_id: m.entity_id.as_str().to_owned(),
                canonical: m.canonical.clone(),
                label: m.label.to_owned(),
                aliases: Vec::new(),
                mentions: 0,
                documents: 0,
            });
            entry.mentions += 1;
            if let Err(at) = entry.aliases.binary_search(&m.text) {
                entry.aliases.insert(at, m.text.clone());
            }
            if seen_here.insert(m.entity_id) {
                entry.documents += 1;
            }
        }
    }

    /// Rows, most mentioned first (ties by `entity_id`), so the order is deterministic.
    fn rows(self) -> Vec<CatalogRow> {
        let mut rows: Vec<CatalogRow> = self.entries.into_values().collect();
        rows.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.entity_id.cmp(&b.entity_id)));
        rows
    }
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
