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
