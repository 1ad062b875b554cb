//! The run loop: stream documents in bounded batches through the stages on a rayon pool and
//! hand the results, in input order, to the writer.
//!
//! This is the only place with threads. Output order is input order (files sorted, JSONL
//! lines in order, and `par_iter().collect()` keeps order), so the dataset is byte-identical
//! whatever `--threads`.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar_core::{DocFailure, DocId, EnrichedDocument, FailureCode, RawDocument, Severity, Stage};
use khabar_enrich::Enricher;
use khabar_export::{Counts, DatasetWriter, InputEntry, Manifest, SkippedEntry, SourceRow};
use khabar_ingest::Ingestor;
use khabar_normalize::Normalizer;
use rayon::prelude::*;

use crate::settings::PipelineSettings;

/// What a run did, for the summary and the exit code.
pub(crate) struct RunReport {
    pub(crate) manifest: Manifest,
    pub(crate) elapsed: Duration,
}

struct Stages {
    normalizer: Normalizer,
    enricher: Enricher,
}

impl Stages {
    /// Runs one document through normalize and enrich; a panic becomes a failure.
    fn process(&self, raw: &RawDocument) -> Result<EnrichedDocument, DocFailure> {
        catch_unwind(AssertUnwindSafe(|| {
            let normalized = self.normalizer.run(raw)?;
            self.enricher.run(&normalized)
        }))
        .unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(DocFailure::error(
                "enrich",
                &raw.meta.source_path,
                FailureCode::InternalPanic,
                format!("khabar bug, please report: {what}"),
            )
            .with_doc_id(raw.meta.doc_id.clone()))
        })
        .map_err(|mut f| {
            f.line = f.line.or(raw.meta.source_line);
            f
        })
    }
}

/// The batch being filled, and what has been written so far.
struct Batch {
    docs: Vec<RawDocument>,
    sources: Vec<SourceRow>,
    failures: Vec<DocFailure>,
}

pub(crate) fn run(settings: &PipelineSettings) -> Result<RunReport> {
    let started = Instant::now();
    let discovery = khabar_ingest::discover(&settings.inputs)?;
    let stages = Stages {
        normalizer: Normalizer::new(&settings.normalize).context("invalid [normalize] settings")?,
        enricher: Enricher::new(&settings.enrich, &settings.resources).context("invalid [enrich] settings")?,
    };
    let ingestor = Ingestor::new(&settings.ingest);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .thread_name(|i| format!("khabar-worker-{i}"))
        .build()
        .context("cannot start worker threads")?;
    let mut writer = DatasetWriter::create(&settings.output, &settings.export)?;

    let total_bytes: u64 =
        discovery.files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let progress = progress_bar(total_bytes);

    let mut counts = Counts::default();
    let mut inputs = Vec::new();
    let mut seen: HashSet<DocId> = HashSet::new();
    let mut batch = Batch { docs: Vec::new(), sources: Vec::new(), failures: Vec::new() };
    let mut done_bytes = 0u64;

    // Roots are written as given; `rel` is relative to them.
    let root_of = |path: &std::path::Path| {
        settings.inputs.iter().find(|root| path.starts_with(root)).map_or_else(String::new, |r| r.display().to_string())
    };

    for file in &discovery.files {
        let mut docs = ingestor.open(file);
        let (mut file_docs, mut file_failures) = (0u64, 0u64);
        while let Some(item) = docs.next() {
            counts.inputs += 1;
            match item {
                Ok(raw) => {
                    file_docs += 1;
                    batch.sources.push(SourceRow {
                        doc_id: raw.meta.doc_id.as_str().to_owned(),
                        source_path: raw.meta.source_path.clone(),
                        source_line: raw.meta.source_line,
                        source_id: raw.meta.source_id.clone(),
                    });
                    if seen.insert(raw.meta.doc_id.clone()) {
                        batch.docs.push(raw);
                    } else {
                        counts.duplicates += 1;
                    }
                }
                Err(failure) => {
                    file_failures += 1;
                    batch.failures.push(failure);
                }
            }
            if batch.docs.len() >= settings.batch_docs {
                flush(&pool, &stages, &mut batch, &mut writer, &mut counts)?;
                progress.set_position(done_bytes + docs.bytes_read());
            }
        }
        let digest = docs.digest();
        done_bytes += digest.bytes;
        counts.input_bytes += digest.bytes;
        progress.set_position(done_bytes);
        inputs.push(InputEntry {
            root: root_of(&file.path),
            path: file.rel.clone(),
            bytes: digest.bytes,
            sha256: digest.sha256,
            documents: file_docs,
            failures: file_failures,
        });
    }
    flush(&pool, &stages, &mut batch, &mut writer, &mut counts)?;
    progress.finish_and_clear();

    let skipped = discovery
        .skipped
        .iter()
        .map(|s| SkippedEntry { root: root_of(&settings.inputs[0]), path: s.rel.clone(), reason: s.reason.clone() })
        .collect();
    let manifest = Manifest {
        khabar_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: khabar_core::SCHEMA_VERSION.to_owned(),
        id_scheme: khabar_core::ID_SCHEME.to_owned(),
        config_hash: settings.config_hash.clone(),
        counts,
        inputs,
        skipped,
        outputs: Vec::new(),
    };
    let manifest = writer.finish(manifest)?;
    Ok(RunReport { manifest, elapsed: started.elapsed() })
}

/// Processes the pending documents in parallel and writes everything pending, in order.
fn flush(
    pool: &rayon::ThreadPool,
    stages: &Stages,
    batch: &mut Batch,
    writer: &mut DatasetWriter,
    counts: &mut Counts,
) -> Result<()> {
    let results: Vec<Result<EnrichedDocument, DocFailure>> =
        pool.install(|| batch.docs.par_iter().map(|raw| stages.process(raw)).collect());
    let mut enriched = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(mut doc) => {
                batch.failures.append(&mut doc.issues);
                enriched.push(doc);
            }
            Err(failure) => batch.failures.push(failure),
        }
    }
    for f in &batch.failures {
        match f.severity {
            Severity::Error => counts.failed_inputs += 1,
            Severity::Warning => counts.warnings += 1,
        }
    }
    counts.documents += enriched.len() as u64;
    for doc in &enriched {
        counts.sentences += doc.sentences.len() as u64;
        counts.entities += doc.entities.len() as u64;
        counts.dates += doc.dates.len() as u64;
    }
    writer.write_documents(&enriched)?;
    writer.write_failures(&batch.failures)?;
    writer.write_sources(&batch.sources)?;
    batch.docs.clear();
    batch.sources.clear();
    batch.failures.clear();
    Ok(())
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
