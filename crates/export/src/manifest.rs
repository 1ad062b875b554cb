//! `manifest.json`: what a run read, what it wrote, and how to check it.
//!
//! The manifest holds no timestamps or timings, so reruns produce the same bytes.

use serde::{Deserialize, Serialize};

/// The run manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// khabar's version.
    pub khabar_version: String,
    /// Output schema version (CONTRACT.md).
    pub schema_version: String,
    /// ID scheme name.
    pub id_scheme: String,
    /// SHA-256 of the output-affecting settings, as canonical JSON.
    pub config_hash: String,
    /// Row counts.
    pub counts: Counts,
    /// Every input file read.
    pub inputs: Vec<InputEntry>,
    /// Files under the input folders that were not read, and why.
    pub skipped: Vec<SkippedEntry>,
    /// Every output file with its SHA-256.
    pub outputs: Vec<OutputFile>,
}

/// Row and input counts. `inputs = documents + duplicates + failed_inputs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Documents found in the input files (a `.txt` file is one; a JSONL line is one).
    pub inputs: u64,
    /// Distinct documents written.
    pub documents: u64,
    /// Inputs whose decoded text repeats an earlier document (listed in `document_sources`).
    pub duplicates: u64,
    /// Documents written that are near-duplicates of an earlier one (`near_duplicate_of`).
    pub near_duplicates: u64,
    /// Inputs that could not be read or processed (error rows of `failures`).
    pub failed_inputs: u64,
    /// Warning rows of `failures` (documents kept).
    pub warnings: u64,
    /// `sentences` rows.
    pub sentences: u64,
    /// `entities` rows.
    pub entities: u64,
    /// `dates` rows.
    pub dates: u64,
    /// Bytes read from input files.
    pub input_bytes: u64,
}

/// One input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    /// The input root as given (`--input` or the config).
    pub root: String,
    /// Path relative to the root (`documents.source_path`).
    pub path: String,
    /// Size.
    pub bytes: u64,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Documents it yielded (including duplicates).
    pub documents: u64,
    /// Failures (errors) it yielded.
    pub failures: u64,
}

/// A file that was not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// The input root.
    pub root: String,
    /// Path relative to the root.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// One output file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Rows.
    pub rows: u64,
    /// Size.
    pub bytes: u64,
    /// SHA-256.
    pub sha256: String,
}
