//! `khabar report`: one offline HTML file of charts that say what a khabar dataset holds.
//!
//! ## Place
//! Reads a finished dataset folder (what `khabar run` or `khabar merge` wrote) and nothing
//! else; depends on `khabar-core` (for [`khabar_core::SCHEMA_VERSION`]) and polars, which no other
//! crate links. The CLI calls [`build`] and writes [`Report::html`] where the user asked.
//!
//! ## Invariants
//! - Read only: the tables are lazily scanned with polars and never written (polars' Parquet
//!   writer emits string-view columns that pyarrow cannot filter).
//! - Deterministic: the same dataset gives the same bytes (no clock, no paths of the machine,
//!   every aggregate sorted on all its keys before it is drawn).
//! - Self-contained: inline CSS and inline SVG, no script, nothing fetched from the network.
//! - Every string that comes from the data is HTML-escaped.
//! - A folder that is not a khabar dataset, or one of another schema version (in `manifest.json`
//!   or in a Parquet footer's `khabar.schema_version`), is an [`Error`], never a partial report.
//!
//! ## Non-goals
//! Interactive charts, a report over a folder of shards (merge them first), editing the dataset.

mod aggregate;
mod dataset;
mod html;

use std::path::{Path, PathBuf};

pub use aggregate::{
    EntityCount, MAX_ENTITIES_PER_SENTENCE, Pair, Rows, Stats, TOP_BOILERPLATE, TOP_ENTITIES, TOP_PAIRS,
};
pub use dataset::Dataset;
pub use html::SECTIONS;

/// The steps of [`build`], in order, as the progress callback names them.
pub const STEPS: &[&str] = &[
    "checking the dataset",
    "counting rows",
    "documents and dates per month",
    "top entities",
    "entity co-occurrences",
    "sources and formats",
    "near-duplicate clusters",
    "failures",
    "boilerplate",
    "drawing",
];

/// A rendered report.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was counted.
    pub stats: Stats,
    /// The whole HTML document.
    pub html: String,
}

/// Reads the dataset in `dir`, aggregates it and renders the report. `progress` is called with
/// each name of [`STEPS`] as that step starts.
pub fn build(dir: &Path, progress: &mut dyn FnMut(&'static str)) -> Result<Report, Error> {
    progress(STEPS[0]);
    let dataset = Dataset::open(dir)?;
    let stats = aggregate::collect(&dataset, progress)?;
    progress(STEPS[9]);
    let html = html::render(&dataset, &stats);
    Ok(Report { stats, html })
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.kind)]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

/// The kinds of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The folder holds no khabar dataset (no manifest, a manifest of something else, a table
    /// missing, a Parquet file khabar did not write).
    #[error("{} is not a khabar dataset: {reason}", path.display())]
    NotADataset {
        /// The folder or file.
        path: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },
    /// The dataset was written with another schema version.
    #[error(
        "{} has schema version {found}, this khabar reads version {expected}: rebuild the dataset with this khabar (`khabar run`)",
        path.display()
    )]
    SchemaVersion {
        /// The manifest or Parquet file that says so.
        path: PathBuf,
        /// The version written there.
        found: String,
        /// [`khabar_core::SCHEMA_VERSION`].
        expected: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A table could not be read or aggregated (a corrupt file, a column of an unexpected type).
    #[error("cannot aggregate the {table} table: {message}")]
    Table {
        /// The table's name.
        table: &'static str,
        /// polars' message.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    //! On `testdata/seeds/`: what `khabar run` writes for the five seed articles in `data/`.
    //! After a schema change, regenerate it with
    //! `cargo run -q --bin khabar -- run --output crates/report/testdata/seeds`.

    use std::path::{Path, PathBuf};

    use super::{ErrorKind, build};

    fn seeds() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/seeds")
    }

    #[test]
    fn seeds_are_counted() {
        let mut steps = Vec::new();
        let report = build(&seeds(), &mut |step| steps.push(step)).expect("report");
        assert_eq!(steps, super::STEPS, "every step is announced, in order");
        let s = &report.stats;
        let cases: [(&str, u64, u64); 8] = [
            ("documents", s.rows.documents, 5),
            ("published", s.rows.published, 1),
            ("sentences", s.rows.sentences, 86),
            ("mentions", s.rows.entities, 257),
            ("dates", s.rows.dates, 26),
            ("failures", s.rows.failures, 0),
            ("published months", s.published_per_month.iter().map(|m| m.2).sum(), 1),
            ("unresolved dates", s.unresolved_dates, 15),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(s.published_per_month, vec![(2024, 7, 1)]);
        assert_eq!(s.cluster_sizes, vec![(2, 1)], "one pair of near-duplicates");
        assert_eq!(s.sources, vec![(None, "txt".to_owned(), 5)]);
        let loc = &s.top_entities.iter().find(|(label, _)| label == "LOC").expect("LOC").1;
        assert_eq!((loc[0].canonical.as_str(), loc[0].mentions, loc[0].documents), ("سوريا", 28, 5));
        let org = &s.top_entities.iter().find(|(label, _)| label == "ORG").expect("ORG").1;
        assert_eq!((org[0].canonical.as_str(), org[0].mentions), ("تنظيم الدولة الإسلامية", 58));
        assert!(s.pairs.windows(2).all(|w| w[0].sentences >= w[1].sentences), "pairs most first");
        assert_eq!(s.pairs[0].sentences, 24);
    }

    #[test]
    fn seeds_report_is_deterministic_and_has_every_section() {
        let first = build(&seeds(), &mut |_| {}).expect("report").html;
        let second = build(&seeds(), &mut |_| {}).expect("report").html;
        assert!(first == second, "the same dataset gives the same bytes");
        for (id, _) in super::SECTIONS {
            assert!(first.contains(&format!("<section id=\"{id}\">")), "{id}");
        }
    }

    #[test]
    fn refusals_name_the_problem() {
        let empty = tempfile_dir("empty");
        let err = build(&empty, &mut |_| {}).expect_err("no manifest");
        assert!(matches!(err.kind(), ErrorKind::NotADataset { .. }), "{err}");
        let missing = empty.join("no-such-folder");
        let err = build(&missing, &mut |_| {}).expect_err("no folder");
        assert!(err.to_string().contains("not a folder"), "{err}");
        std::fs::write(empty.join("manifest.json"), r#"{"schema_version": "0", "outputs": []}"#).expect("write");
        let err = build(&empty, &mut |_| {}).expect_err("old schema");
        assert!(matches!(err.kind(), ErrorKind::SchemaVersion { .. }), "{err}");
        let current = format!(r#"{{"schema_version": "{}", "outputs": []}}"#, khabar_core::SCHEMA_VERSION);
        std::fs::write(empty.join("manifest.json"), current).expect("write");
        let err = build(&empty, &mut |_| {}).expect_err("no tables");
        assert!(err.to_string().contains("lists no documents table"), "{err}");
        std::fs::remove_dir_all(&empty).expect("clean up");
    }

    /// A fresh folder under the target dir (no tempfile dependency for one test).
    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-tests").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create");
        dir
    }
}
