//! `README.md`: the dataset card, in the Hugging Face dataset-card conventions.
//!
//! YAML front matter (`configs:` with one config per table, `language`, `license`,
//! `size_categories`, `pretty_name`) that `datasets.load_dataset` and the Hub read, then what a
//! person needs: the tables and their columns, row counts, the inputs, failures, duplicates, the
//! config, the ID scheme and how to load the tables. Built from the rows as they are written
//! ([`Stats`]) and the manifest, so a sharded run's merge, which writes the same rows, writes
//! the same card. No timestamps: the same dataset, the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use arrow_schema::DataType;
use khabar_core::{CivilDate, DocFailure, EnrichedDocument};
use serde::{Deserialize, Serialize};

use crate::manifest::{Manifest, OutputFile};
use crate::tables::TableKind;

/// The `[dataset]` section of `pipeline.toml`: what the card says the dataset is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DatasetInfo {
    /// `pretty_name` and the card's title.
    pub name: String,
    /// An SPDX identifier or a Hub licence name (`cc-by-4.0`, `other`...): the licence of the
    /// texts, which the user knows and khabar does not.
    pub license: String,
    /// A paragraph on what the corpus is (Markdown).
    pub description: String,
    /// How to cite it (BibTeX or plain text), or empty.
    pub citation: String,
}

impl Default for DatasetInfo {
    fn default() -> Self {
        Self {
            name: "Arabic news corpus (khabar)".to_owned(),
            license: "other".to_owned(),
            description: String::new(),
            citation: String::new(),
        }
    }
}

/// What the card needs from the caller: the `[dataset]` section and the settings that made
/// the dataset, as TOML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// `[dataset]`.
    pub info: DatasetInfo,
    /// The output-affecting settings, as the TOML the user can paste into `pipeline.toml`.
    pub config_toml: String,
}

/// Facts gathered from the rows as they are written; merged in any order to the same value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    published_min: Option<CivilDate>,
    published_max: Option<CivilDate>,
    undated: u64,
    formats: BTreeMap<String, u64>,
    sources: BTreeMap<String, u64>,
    /// (code, name, severity) → rows.
    failures: BTreeMap<(&'static str, &'static str, &'static str), u64>,
    pub(crate) boilerplate_sentences: u64,
}

impl Stats {
    pub(crate) fn of_documents(docs: &[EnrichedDocument]) -> Self {
        let mut stats = Self::default();
        for doc in docs {
            let row = &doc.document;
            match row.published {
                Some(date) => {
                    stats.published_min = Some(stats.published_min.map_or(date, |d| d.min(date)));
                    stats.published_max = Some(stats.published_max.map_or(date, |d| d.max(date)));
                }
                None => stats.undated += 1,
            }
            *stats.formats.entry(row.format.to_string()).or_default() += 1;
            *stats.sources.entry(row.source.clone().unwrap_or_default()).or_default() += 1;
        }
        stats
    }

    pub(crate) fn add_failures(&mut self, failures: &[DocFailure]) {
        for f in failures {
            *self.failures.entry((f.code.code(), f.code.name(), f.severity.as_str())).or_default() += 1;
        }
    }

    pub(crate) fn merge(&mut self, other: Self) {
        self.published_min = [self.published_min, other.published_min].into_iter().flatten().min();
        self.published_max = [self.published_max, other.published_max].into_iter().flatten().max();
        self.undated += other.undated;
        for (k, n) in other.formats {
            *self.formats.entry(k).or_default() += n;
        }
        for (k, n) in other.sources {
            *self.sources.entry(k).or_default() += n;
        }
        for (k, n) in other.failures {
            *self.failures.entry(k).or_default() += n;
        }
        self.boilerplate_sentences += other.boilerplate_sentences;
    }
}

/// What each column holds, for the card's column tables. A test checks every column of every
/// table has one.
fn column_meaning(table: TableKind, column: &str) -> Option<&'static str> {
    use TableKind::{Dates, DocumentSources, Documents, Entities, EntityCatalog, Failures, Sentences};
    Some(match (table, column) {
        (Documents, "doc_id") => "stable ID: a hash of the decoded text (ID scheme below)",
        (Documents, "source_id") => "the input's own ID (`id` in JSON Lines, `DOCNO` in SGML)",
        (Documents, "source_path") => "input file, relative to the input folder it came from",
        (Documents, "source_line") => "1-based line (JSON Lines) or record (SGML) in that file",
        (Documents, "title") => "title, from the input or the first line",
        (Documents, "published") => "publication date, from the input or a dateline in the text",
        (Documents, "published_source") => "where `published` came from: `input` or `text`",
        (Documents, "url") => "the input's URL",
        (Documents, "source") => "the input's source (outlet) name",
        (Documents, "format") => "input format: `txt`, `jsonl`, `sgml`",
        (Documents, "encoding") => "the input's character encoding, as detected",
        (Documents, "extra") => "the input's other fields, as JSON",
        (Documents, "text") => "normalized text: every offset in the dataset points into it",
        (Documents, "raw_text") => "decoded text before normalization (null when `export.raw-text` is off)",
        (Documents, "offset_map_text") => "offsets in `text` where the map to `raw_text` changes",
        (Documents, "offset_map_raw") => "the matching offsets in `raw_text`",
        (Documents, "cluster_id") => "`doc_id` of the first document of its near-duplicate cluster",
        (Documents, "near_duplicate_of") => "that `doc_id` when it is not this document's own",
        (Sentences, "sentence_id") => "stable ID, from the document's ID and the sentence's text",
        (Sentences | Entities | Dates | DocumentSources, "doc_id") => "the document (`documents.doc_id`)",
        (Sentences, "index") => "0-based order in the document",
        (Sentences | Entities | Dates, "char_start") => "first code point, in `documents.text`",
        (Sentences | Entities | Dates, "char_end") => "one past the last code point (half-open span)",
        (Sentences, "text") => "the sentence",
        (Sentences, "fingerprint") => {
            "hash of the folded text: equal for the same sentence up to spelling and punctuation"
        }
        (Sentences, "duplicate_count") => "documents holding this sentence",
        (Sentences, "boilerplate") => "repeated in so many documents that it is page furniture",
        (Entities, "mention_id") => "stable ID of this mention",
        (Entities | Dates, "sentence_id") => "the sentence (`sentences.sentence_id`)",
        (Entities, "text") => "surface of the name, without attached clitics (و ف ب ل ك)",
        (Entities | EntityCatalog, "label") => "PER, ORG, LOC or MISC",
        (Entities | EntityCatalog, "entity_id") => "stable ID of the canonical entity (`entity_catalog`)",
        (Entities | EntityCatalog, "canonical") => "canonical name of that entity",
        (Entities, "method") => {
            "what found it: `gazetteer`, `model`, or `model+document` (a shorter form of a name the model found)"
        }
        (Dates, "date_id") => "stable ID of this date expression",
        (Dates, "text") => "surface of the expression",
        (Dates, "value") => {
            "ISO 8601 value (`2014-09-15`, `2014-09`, `2014-W38`, `2014/2017`; `XXXX-` where the year is unknown)"
        }
        (Dates, "granularity") => "day, week, month, year, decade, century, interval...",
        (Dates, "kind") => {
            "`absolute` (spelled out), `relative` (an offset from `published` the text names: `أمس`, `العام الماضي`), `anchored` (no year written: placed on `published` by the sentence's tense), `partial` (no year and no `published`), `interval`, `duration`"
        }
        (Dates, "date") => "first day of `value` when it is resolved",
        (Dates, "confidence") => "0-1; halved when a weekday contradicts its date",
        (Dates, "calendar") => "the calendar written: `gregorian` or `hijri`",
        (Dates, "modifier") => {
            "the part of the period named (`مطلع`, `منتصف`, `أواخر`): `start`, `mid`, `end`; null for the whole"
        }
        (Failures | DocumentSources, "source_path") => "input file, relative to its input folder",
        (Failures, "line") => "1-based line or record, when the problem is one",
        (Failures, "doc_id") => "the document, when it got that far",
        (Failures, "stage") => "the stage that gave up: ingest, normalize, enrich, export",
        (Failures, "code") => "stable code (ING001...), listed in khabar's docs/failures.md",
        (Failures, "name") => "the code's name",
        (Failures, "severity") => "`error` (document not written) or `warning` (written)",
        (Failures, "message") => "what was found and what was expected",
        (EntityCatalog, "aliases") => "every surface seen for it",
        (EntityCatalog, "mentions") => "its `entities` rows",
        (EntityCatalog, "documents") => "documents that mention it",
        (DocumentSources, "source_line") => "line or record in that file",
        (DocumentSources, "source_id") => "the input's own ID",
        _ => return None,
    })
}

/// What each table is.
fn table_meaning(table: TableKind) -> &'static str {
    match table {
        TableKind::Documents => "one row per distinct document: its text, metadata and near-duplicate cluster",
        TableKind::Sentences => "one row per sentence, with its span and how many documents repeat it",
        TableKind::Entities => "one row per name mentioned: person, organization, place or other",
        TableKind::Dates => "one row per date expression, resolved against the publication date",
        TableKind::Failures => "inputs that could not be read (errors) and documents kept with a problem (warnings)",
        TableKind::DocumentSources => "every input that yielded each document: identical inputs are one document",
        TableKind::EntityCatalog => "one row per canonical entity: its aliases and counts, most mentioned first",
    }
}

const TABLES: [TableKind; 7] = [
    TableKind::Documents,
    TableKind::Sentences,
    TableKind::Entities,
    TableKind::Dates,
    TableKind::EntityCatalog,
    TableKind::DocumentSources,
    TableKind::Failures,
];

/// The Hub's bucket for a row count.
fn size_category(documents: u64) -> &'static str {
    match documents {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        100_000_000..1_000_000_000 => "100M<n<1B",
        _ => "n>1B",
    }
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// Text for a Markdown table cell: pipes escaped, no line breaks.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn type_name(ty: &DataType) -> String {
    match ty {
        DataType::Utf8 => "string".to_owned(),
        DataType::Int32 => "int32".to_owned(),
        DataType::Int64 => "int64".to_owned(),
        DataType::Float32 => "float32".to_owned(),
        DataType::Boolean => "bool".to_owned(),
        DataType::Date32 => "date32".to_owned(),
        DataType::List(item) => format!("list<{}>", type_name(item.data_type())),
        other => other.to_string(),
    }
}

/// The files a table was written to: one `<name>.parquet`, or a folder of parts.
fn data_files(table: TableKind, outputs: &[OutputFile]) -> (String, u64) {
    let name = table.name();
    let single = format!("{name}.parquet");
    let rows =
        outputs.iter().filter(|o| o.path == single || o.path.starts_with(&format!("{name}/"))).map(|o| o.rows).sum();
    if outputs.iter().any(|o| o.path == single) { (single, rows) } else { (format!("{name}/*.parquet"), rows) }
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 { "0%".to_owned() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

/// The card's text. `outputs` are the tables written (with their row counts); `input_files`
/// the number of input files read.
pub(crate) fn render(
    card: &Card,
    stats: &Stats,
    manifest: &Manifest,
    outputs: &[OutputFile],
    input_files: u64,
) -> String {
    let info = &card.info;
    let counts = &manifest.counts;
    let mut s = String::new();
    // Front matter, for the Hub and `datasets`.
    s.push_str("---\n");
    let _ = writeln!(s, "pretty_name: {}", yaml_str(&info.name));
    s.push_str("language:\n- ar\n");
    let _ = writeln!(s, "license: {}", yaml_str(&info.license));
    let _ = writeln!(s, "size_categories:\n- {}", size_category(counts.documents));
    s.push_str("tags:\n- news\n- arabic\n- named-entities\n- temporal-expressions\n- khabar\n");
    s.push_str("configs:\n");
    for (i, table) in TABLES.into_iter().enumerate() {
        let (files, _) = data_files(table, outputs);
        let _ = writeln!(s, "- config_name: {}", table.name());
        let _ = writeln!(s, "  data_files:\n  - split: train\n    path: {}", yaml_str(&files));
        if i == 0 {
            s.push_str("  default: true\n");
        }
    }
    s.push_str("---\n\n");

    let _ = writeln!(s, "# {}\n", info.name);
    if !info.description.trim().is_empty() {
        let _ = writeln!(s, "{}\n", info.description.trim());
    }
    let _ = writeln!(
        s,
        "Arabic news articles turned into tables of documents, sentences, entities and dates by \
         [khabar]({}) {} (schema version {}, ID scheme `{}`). \
         Every file below is listed with its SHA-256 in `manifest.json`; rerunning khabar on the same \
         inputs with the same settings gives the same bytes.\n",
        env!("CARGO_PKG_REPOSITORY"),
        manifest.khabar_version,
        manifest.schema_version,
        manifest.id_scheme
    );

    s.push_str("## Tables\n\n| table | rows | what a row is | files |\n|---|---:|---|---|\n");
    for table in TABLES {
        let (files, rows) = data_files(table, outputs);
        let _ = writeln!(s, "| `{}` | {rows} | {} | `{files}` |", table.name(), table_meaning(table));
    }
    s.push('\n');

    s.push_str("## Columns\n\n");
    s.push_str(
        "Offsets are Unicode code points (what Python `str` and R `substr` index), half-open \
         `[char_start, char_end)`, into `documents.text` of the same document. `?` marks a \
         column that may be null.\n\n",
    );
    for table in TABLES {
        let _ = writeln!(s, "### `{}`\n\n| column | type | meaning |\n|---|---|---|", table.name());
        for field in table.final_schema().fields() {
            let nullable = if field.is_nullable() { "?" } else { "" };
            let meaning = column_meaning(table, field.name()).unwrap_or("");
            let _ =
                writeln!(s, "| `{}` | {}{nullable} | {} |", field.name(), type_name(field.data_type()), cell(meaning));
        }
        s.push('\n');
    }

    s.push_str("## Inputs\n\n");
    let _ = writeln!(
        s,
        "{input_files} input files, {} bytes, holding {} documents: {} written, {} exact duplicates of \
         an earlier one (listed in `document_sources`), {} that could not be read.\n",
        counts.input_bytes, counts.inputs, counts.documents, counts.duplicates, counts.failed_inputs
    );
    match (stats.published_min, stats.published_max) {
        (Some(min), Some(max)) => {
            let _ = writeln!(
                s,
                "Published from {min} to {max}; {} documents ({}) have no publication date.\n",
                stats.undated,
                share(stats.undated, counts.documents)
            );
        }
        _ => s.push_str("No document has a publication date.\n\n"),
    }
    if !stats.formats.is_empty() {
        s.push_str("| format | documents |\n|---|---:|\n");
        for (format, n) in &stats.formats {
            let _ = writeln!(s, "| `{}` | {n} |", cell(format));
        }
        s.push('\n');
    }
    let mut sources: Vec<(&String, &u64)> = stats.sources.iter().filter(|(k, _)| !k.is_empty()).collect();
    if !sources.is_empty() {
        sources.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let _ = writeln!(s, "{} sources; the largest:\n\n| source | documents |\n|---|---:|", sources.len());
        for (source, n) in sources.iter().take(20) {
            let _ = writeln!(s, "| {} | {n} |", cell(source));
        }
        s.push('\n');
    }

    s.push_str("## Failures\n\n");
    if stats.failures.is_empty() {
        s.push_str("None: every input was read and every document written whole.\n\n");
    } else {
        s.push_str("| code | name | severity | rows |\n|---|---|---|---:|\n");
        for ((code, name, severity), n) in &stats.failures {
            let _ = writeln!(s, "| {code} | {name} | {severity} | {n} |");
        }
        s.push_str("\nEach row of `failures` names the file (and line) and why.\n\n");
    }

    s.push_str("## Duplicates\n\n");
    let _ = writeln!(
        s,
        "- {} inputs repeat an earlier document byte for byte after decoding: one `documents` row, \
         every input in `document_sources`.\n- {} documents are near-duplicates of an earlier one \
         (`near_duplicate_of`; clusters in `cluster_id`).\n- {} of {} sentences ({}) are marked \
         `boilerplate`: repeated across many documents.\n",
        counts.duplicates,
        counts.near_duplicates,
        stats.boilerplate_sentences,
        counts.sentences,
        share(stats.boilerplate_sentences, counts.sentences)
    );

    s.push_str("## IDs\n\n");
    let _ = writeln!(
        s,
        "`doc_id` is a BLAKE3 hash of the document's decoded text (before normalization), so the same \
         article gets the same ID in every run and every dataset made with ID scheme `{}`. Sentence, \
         mention and date IDs derive from their parent's ID, their own text and their occurrence \
         among identical siblings: never from offsets, paths, run order or the rest of the corpus. \
         `entity_id` is a hash of the label and the canonical name.\n",
        manifest.id_scheme
    );

    s.push_str("## How it was made\n\n");
    let _ = writeln!(
        s,
        "khabar {}, config hash `{}`. The settings that shape the output:\n\n```toml\n{}```\n",
        manifest.khabar_version, manifest.config_hash, card.config_toml
    );

    s.push_str("## Loading\n\nPython:\n\n```python\n");
    s.push_str(
        "import pyarrow.dataset as ds\n\
         entities = ds.dataset(\"entities.parquet\").to_table()\n\n\
         import pandas as pd\n\
         documents = pd.read_parquet(\"documents.parquet\")\n\n\
         import polars as pl\n\
         top = pl.scan_parquet(\"entities.parquet\").group_by(\"canonical\", \"label\").len().sort(\"len\", descending=True).collect()\n\n\
         import duckdb\n\
         duckdb.sql(\"SELECT label, count(*) FROM 'entities.parquet' GROUP BY label\").show()\n\n\
         from datasets import load_dataset  # one config per table, from this card\n\
         dates = load_dataset(\".\", \"dates\", split=\"train\")\n\
         # (`datasets` refuses a table of no rows, such as an empty `failures`: read that one with pyarrow)\n",
    );
    s.push_str("```\n\nR:\n\n```r\n");
    s.push_str(
        "library(arrow)\n\
         documents <- open_dataset(\"documents.parquet\") |> dplyr::collect()\n\
         # or, through Python: reticulate::import(\"pyarrow.parquet\")$read_table(\"dates.parquet\")$to_pandas()\n",
    );
    s.push_str("```\n");
    if !info.citation.trim().is_empty() {
        let _ = writeln!(s, "\n## Citation\n\n```\n{}\n```", info.citation.trim());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_meaning() {
        for table in TABLES {
            for field in table.final_schema().fields() {
                assert!(column_meaning(table, field.name()).is_some(), "{}.{}", table.name(), field.name());
            }
        }
    }

    #[test]
    fn size_categories_follow_the_hub() {
        assert_eq!(size_category(5), "n<1K");
        assert_eq!(size_category(31_525), "10K<n<100K");
        assert_eq!(size_category(9_000_000), "1M<n<10M");
    }

    #[test]
    fn user_strings_are_quoted_in_the_front_matter() {
        let card = Card {
            info: DatasetInfo { name: "a: b\n- c \"d\"".to_owned(), ..DatasetInfo::default() },
            config_toml: String::new(),
        };
        let text = render(&card, &Stats::default(), &Manifest::default(), &[], 0);
        assert!(text.contains(r#"pretty_name: "a: b\n- c \"d\"""#), "{text}");
        let front = text.split("---\n").nth(1).expect("front matter");
        assert_eq!(front.matches("config_name:").count(), 7);
    }

    #[test]
    fn stats_merge_in_any_order() {
        let mut a = Stats::default();
        a.formats.insert("txt".into(), 2);
        a.published_min = CivilDate::new(2014, 9, 15);
        a.published_max = a.published_min;
        let mut b = Stats::default();
        b.formats.insert("jsonl".into(), 1);
        b.undated = 3;
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(b);
        ba.merge(a);
        assert_eq!(ab, ba);
    }
}
