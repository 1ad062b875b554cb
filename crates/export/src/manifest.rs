//! `manifest.json`: what a run read, what it wrote, and how to check it.
//!
//! The manifest holds no timestamps or timings, so reruns produce the same bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    pub inputs: Inputs,
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

/// The manifest's `inputs`: listed in memory, or (a run of many files) in a file of JSON lines
/// that the manifest reads back as it is written. Either way `manifest.json` holds the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inputs {
    /// The entries.
    Listed(Vec<InputEntry>),
    /// A file of one entry per line, in order (removed once the manifest is written).
    Spilled(PathBuf),
}

impl Default for Inputs {
    fn default() -> Self {
        Self::Listed(Vec::new())
    }
}

impl Serialize for Inputs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Listed(entries) => entries.serialize(serializer),
            Self::Spilled(path) => {
                let fail = |e: &dyn std::fmt::Display| S::Error::custom(format!("{}: {e}", path.display()));
                let file = File::open(path).map_err(|e| fail(&e))?;
                let mut seq = serializer.serialize_seq(None)?;
                for line in BufReader::new(file).lines() {
                    let line = line.map_err(|e| fail(&e))?;
                    seq.serialize_element(&serde_json::from_str::<InputEntry>(&line).map_err(|e| fail(&e))?)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Self::Listed)
    }
}

/// Collects the [`Inputs`] as files are read: the first [`InputLog::MEMORY_ENTRIES`] in memory,
/// all of them in a file past that (an entry is about 270 bytes held, and a corpus can be
/// millions of files).
#[derive(Debug)]
pub struct InputLog {
    path: PathBuf,
    listed: Vec<InputEntry>,
    out: Option<BufWriter<File>>,
    memory_entries: usize,
}

impl InputLog {
    /// Entries held in memory before they go to the file (ANT's 31,525 files stay in memory).
    pub const MEMORY_ENTRIES: usize = 1 << 16;

    /// A log that spills to `path` past `memory_entries` entries.
    #[must_use]
    pub fn new(path: PathBuf, memory_entries: usize) -> Self {
        Self { path, listed: Vec::new(), out: None, memory_entries }
    }

    /// The file the entries go to past the memory budget.
    #[must_use]
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Adds the next file's entry.
    pub fn push(&mut self, entry: InputEntry) -> io::Result<()> {
        if let Some(out) = &mut self.out {
            return write_line(out, &entry);
        }
        self.listed.push(entry);
        if self.listed.len() > self.memory_entries {
            let mut out = BufWriter::new(File::create(&self.path)?);
            for entry in self.listed.drain(..) {
                write_line(&mut out, &entry)?;
            }
            self.listed = Vec::new();
            self.out = Some(out);
        }
        Ok(())
    }

    /// The entries pushed, for [`Manifest::inputs`].
    pub fn finish(self) -> io::Result<Inputs> {
        match self.out {
            None => Ok(Inputs::Listed(self.listed)),
            Some(out) => {
                out.into_inner().map_err(io::IntoInnerError::into_error)?;
                Ok(Inputs::Spilled(self.path))
            }
        }
    }
}

fn write_line(out: &mut impl Write, entry: &InputEntry) -> io::Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: u64) -> InputEntry {
        InputEntry {
            root: "in".into(),
            path: format!("{i:03}.txt"),
            bytes: i,
            sha256: format!("{i:064x}"),
            documents: 1,
            failures: i % 2,
        }
    }

    /// However many entries stay in memory, the manifest's JSON is the same.
    #[test]
    fn spilled_inputs_serialize_as_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let all: Vec<InputEntry> = (0..7).map(entry).collect();
        let want =
            serde_json::to_string_pretty(&Manifest { inputs: Inputs::Listed(all.clone()), ..Manifest::default() })
                .expect("json");
        for memory_entries in [0, 1, 6, 7, 100] {
            let mut log = InputLog::new(dir.path().join(format!("inputs-{memory_entries}")), memory_entries);
            for e in &all {
                log.push(e.clone()).expect("push");
            }
            let inputs = log.finish().expect("finish");
            assert_eq!(matches!(inputs, Inputs::Spilled(_)), memory_entries < 7, "{memory_entries}");
            let got = serde_json::to_string_pretty(&Manifest { inputs, ..Manifest::default() }).expect("json");
            assert_eq!(got, want, "{memory_entries} entries in memory");
            let back: Manifest = serde_json::from_str(&got).expect("parse");
            assert_eq!(back.inputs, Inputs::Listed(all.clone()));
        }
    }
}
