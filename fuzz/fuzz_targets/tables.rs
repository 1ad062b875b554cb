//! The Parquet/Arrow row builders fed arbitrary strings: documents with arbitrary text, title,
//! IDs, URL, source, `extra` and path go through the normalizer and the enricher (the tagger
//! on or off), and failures, document sources and catalog rows with arbitrary strings; all
//! seven tables are written in memory the way a run writes them (zstd-compressed for one input
//! in eight, uncompressed for the others: the zstd contexts took a third of the time), then read
//! back.
//!
//! Asserts: writing never fails; every table reads back with its rows; the strings read back
//! are the strings written (documents' text, raw text and title; failures' messages; sources'
//! paths; the catalog's canonical names and aliases).
#![no_main]

use std::sync::OnceLock;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use khabar_core::doc::DocMeta;
use khabar_core::{CatalogRow, CivilDate, DocFailure, EnrichedDocument, FailureCode, RawDocument, SourceRow, Stage};
use khabar_enrich::Enricher;
use khabar_normalize::Normalizer;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

#[derive(Arbitrary, Debug)]
struct Doc {
    text: String,
    title: Option<String>,
    source_id: Option<String>,
    url: Option<String>,
    source: Option<String>,
    extra: Option<String>,
    path: String,
    line: Option<u64>,
    published: Option<u16>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    docs: Vec<Doc>,
    failures: Vec<(String, String, Option<u64>, u8)>,
    sources: Vec<(String, Option<u64>, Option<String>)>,
    catalog: Vec<(String, String, Vec<String>, u64, u64)>,
    raw_text: bool,
    tagger: bool,
    row_group_rows: u8,
    /// zstd when 1 modulo 8, else uncompressed.
    zstd: u8,
}

const CODES: [FailureCode; 5] = [
    FailureCode::UndecodableText,
    FailureCode::InvalidJson,
    FailureCode::MalformedRecord,
    FailureCode::DocumentTooLarge,
    FailureCode::InternalPanic,
];

struct Stages {
    normalizer: Normalizer,
    plain: Enricher,
    tagged: Enricher,
}

fn stages() -> &'static Stages {
    static S: OnceLock<Stages> = OnceLock::new();
    S.get_or_init(|| {
        // The encoder runs on the current rayon pool: libFuzzer's own thread and no other, so
        // the parallel encoding runs inline (a second thread only handed each job over and spun).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).use_current_thread().build_global();
        let mut config = khabar_enrich::Config::default();
        let tagged = Enricher::new(&config, &Default::default()).expect("default enricher");
        config.entities.model = false;
        let plain = Enricher::new(&config, &Default::default()).expect("enricher without tagger");
        let normalizer = Normalizer::new(&Default::default()).expect("default normalizer");
        Stages { normalizer, plain, tagged }
    })
}

fn read_back(bytes: Vec<u8>) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .expect("the file's footer reads")
        .build()
        .expect("a reader")
        .collect::<Result<_, _>>()
        .expect("the rows read back")
}

/// The strings of column `name`, nulls as `None`, over all batches.
fn strings(batches: &[RecordBatch], name: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let c = b.column_by_name(name).expect("column").as_string::<i32>();
            (0..c.len()).map(|i| c.is_valid(i).then(|| c.value(i).to_owned())).collect::<Vec<_>>()
        })
        .collect()
}

fuzz_target!(|input: Input| {
    let s = stages();
    let enricher = if input.tagger { &s.tagged } else { &s.plain };
    let mut docs: Vec<EnrichedDocument> = Vec::new();
    for d in input.docs.into_iter().take(6) {
        let mut meta = DocMeta::new(&d.text, &d.path, "jsonl", "UTF-8");
        meta.source_line = d.line;
        meta.source_id = d.source_id;
        meta.url = d.url;
        meta.source = d.source;
        meta.extra = d.extra;
        meta.published = d.published.map(|n| CivilDate::from_days_since_epoch(i32::from(n) - 10_000));
        let raw = RawDocument { meta, title: d.title, title_from_first_line: false, text: d.text, issues: Vec::new() };
        let Ok(normalized) = s.normalizer.run(&raw) else { continue };
        docs.push(enricher.run(&normalized).expect("enrich never fails"));
    }
    let failures: Vec<DocFailure> = input
        .failures
        .into_iter()
        .take(16)
        .map(|(path, message, line, code)| {
            let f = DocFailure::error("ingest", path, CODES[usize::from(code) % CODES.len()], message);
            match line {
                Some(l) => f.at_line(l),
                None => f,
            }
        })
        .collect();
    let sources: Vec<SourceRow> = input
        .sources
        .into_iter()
        .take(16)
        .map(|(source_path, source_line, source_id)| SourceRow {
            doc_id: khabar_core::DocId::from_text(&source_path).to_string(),
            source_path,
            source_line,
            source_id,
        })
        .collect();
    let catalog: Vec<CatalogRow> = input
        .catalog
        .into_iter()
        .take(16)
        .map(|(canonical, label, aliases, mentions, documents)| CatalogRow {
            entity_id: khabar_core::EntityId::new(&label, &canonical).to_string(),
            canonical,
            label,
            aliases,
            mentions,
            documents,
        })
        .collect();
    let config = khabar_export::Config {
        raw_text: input.raw_text,
        row_group_rows: usize::from(input.row_group_rows).max(1),
        ..Default::default()
    };
    let tables =
        config.fuzz_tables(&docs, &failures, &sources, &catalog, input.zstd % 8 == 1).expect("the tables are written");
    assert_eq!(tables.len(), 7);
    for (name, bytes) in tables {
        let batches = read_back(bytes);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        match name {
            "documents" => {
                assert_eq!(rows, docs.len());
                let text: Vec<_> = docs.iter().map(|d| Some(d.document.text.clone())).collect();
                assert_eq!(strings(&batches, "text"), text);
                let raw: Vec<_> = docs.iter().map(|d| input.raw_text.then(|| d.document.raw_text.clone())).collect();
                assert_eq!(strings(&batches, "raw_text"), raw);
                let title: Vec<_> = docs.iter().map(|d| d.document.title.clone()).collect();
                assert_eq!(strings(&batches, "title"), title);
                let url: Vec<_> = docs.iter().map(|d| d.document.url.clone()).collect();
                assert_eq!(strings(&batches, "url"), url);
            }
            "sentences" => {
                assert_eq!(rows, docs.iter().map(|d| d.sentences.len()).sum::<usize>());
                let text: Vec<_> = docs.iter().flat_map(|d| d.sentences.iter().map(|s| Some(s.text.clone()))).collect();
                assert_eq!(strings(&batches, "text"), text);
            }
            "entities" => assert_eq!(rows, docs.iter().map(|d| d.entities.len()).sum::<usize>()),
            "dates" => assert_eq!(rows, docs.iter().map(|d| d.dates.len()).sum::<usize>()),
            "failures" => {
                assert_eq!(rows, failures.len());
                let messages: Vec<_> = failures.iter().map(|f| Some(f.message.clone())).collect();
                assert_eq!(strings(&batches, "message"), messages);
            }
            "document_sources" => {
                assert_eq!(rows, sources.len());
                let paths: Vec<_> = sources.iter().map(|r| Some(r.source_path.clone())).collect();
                assert_eq!(strings(&batches, "source_path"), paths);
            }
            "entity_catalog" => {
                assert_eq!(rows, catalog.len());
                let canonical: Vec<_> = catalog.iter().map(|r| Some(r.canonical.clone())).collect();
                assert_eq!(strings(&batches, "canonical"), canonical);
                let aliases: Vec<Vec<String>> = batches
                    .iter()
                    .flat_map(|b| {
                        let list = b.column_by_name("aliases").expect("aliases").as_list::<i32>();
                        (0..list.len())
                            .map(|i| {
                                let v = list.value(i);
                                let v = v.as_string::<i32>();
                                (0..v.len()).map(|j| v.value(j).to_owned()).collect()
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                assert_eq!(aliases, catalog.iter().map(|r| r.aliases.clone()).collect::<Vec<_>>());
            }
            other => panic!("unexpected table {other}"),
        }
    }
});
