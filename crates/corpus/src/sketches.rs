//! The corpus's near-duplicate sketches, held for clustering at the end of the run: in memory up
//! to a budget, then in a file, so that memory does not grow with the number of documents.
//!
//! ## Why
//! A sketch is 64 bins of 4 bytes: about 260 bytes a document, 1 GiB at 4 million documents.
//! News corpora (ANT: 30,174 documents) stay in memory; a Gigaword-sized corpus goes to a file
//! in the unfinished output folder, which clustering reads a bin at a time (a few blocks at once
//! on the pool; the whole file once per bin, and again per range of documents when clustering
//! goes range by range) and a candidate bucket's sketches by offset.
//!
//! ## Why the clusters are the same
//! Clustering ([`crate::clusters::clusters`]) reads sketches only through
//! [`SketchSource`]; the file holds each sketch's bins and shingle count as written, in
//! document order, so both sources answer every question alike (a property test compares them).

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use khabar_core::Sketch;
use khabar_core::dedup::DedupConfig;

use crate::clusters::{NearDuplicates, SketchSource};
use rayon::prelude::*;

/// Memory the sketches may take before they go to a file.
pub const MEMORY_BUDGET: usize = 128 << 20;

/// Memory a held sketch takes: its bins, its shingle count and its `Vec` (with the `Option`
/// around it).
fn held_bytes_per_doc(config: &DedupConfig) -> usize {
    4 * (config.bins + 1) + 32
}

/// Sketches in input order: in memory, then (past the budget) in a file.
pub struct Sketches {
    config: DedupConfig,
    /// Documents pushed while sketching is off (none are held then).
    unsketched: usize,
    held: NearDuplicates,
    /// Documents held before the held sketches are written out.
    budget_docs: usize,
    dir: PathBuf,
    spilled: Option<Spilled>,
}

struct Spilled {
    path: PathBuf,
    out: BufWriter<File>,
    docs: usize,
}

impl Sketches {
    /// Sketches for `config`, spilled under `dir` past `memory_budget` bytes.
    #[must_use]
    pub fn new(config: &DedupConfig, dir: PathBuf, memory_budget: usize) -> Self {
        let per_doc = held_bytes_per_doc(config);
        Self {
            config: config.clone(),
            unsketched: 0,
            held: NearDuplicates::new(config),
            budget_docs: if crate::scratch::SPILLS { (memory_budget / per_doc).max(1) } else { usize::MAX },
            dir,
            spilled: None,
        }
    }

    /// Adds the next document's sketch.
    pub fn push(&mut self, sketch: Option<Sketch>) -> io::Result<()> {
        if !self.config.near_duplicates || self.config.bins == 0 {
            self.unsketched += 1;
            return Ok(());
        }
        self.held.push(sketch);
        if self.held.len() >= self.budget_docs { self.spill() } else { Ok(()) }
    }

    /// Writes the held sketches to the file: per document its bins (an empty bin, or a
    /// document without a sketch, as `u32::MAX`) and its shingle count, little-endian.
    fn spill(&mut self) -> io::Result<()> {
        if self.spilled.is_none() {
            fs::create_dir_all(&self.dir)?;
            let path = self.dir.join("sketches.bin");
            let out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            self.spilled = Some(Spilled { path, out, docs: 0 });
        }
        let spilled = self.spilled.as_mut().expect("opened above");
        let empty = Sketch { bins: vec![u32::MAX; self.config.bins], shingles: 0 };
        for sketch in self.held.take() {
            let sketch = sketch.as_ref().unwrap_or(&empty);
            debug_assert_eq!(sketch.bins.len(), self.config.bins, "a record of another width would shift the rest");
            for v in sketch.bins.iter().chain(std::iter::once(&sketch.shingles)) {
                spilled.out.write_all(&v.to_le_bytes())?;
            }
            spilled.docs += 1;
        }
        Ok(())
    }

    /// For each document, its cluster's representative (see [`crate::clusters::clusters`]),
    /// searched on the current rayon pool; the file, if any, is removed.
    pub fn clusters(mut self) -> io::Result<Vec<Option<u32>>> {
        if self.unsketched > 0 {
            return Ok(vec![None; self.unsketched]);
        }
        if self.spilled.is_none() {
            return Ok(self.held.clusters());
        }
        self.spill()?;
        let Spilled { path, out, docs } = self.spilled.take().expect("spilled above");
        // Flushed and closed: read back through a handle of its own.
        out.into_inner().map_err(io::IntoInnerError::into_error)?;
        let source = SpilledSource { file: File::open(&path)?, docs, width: self.config.bins + 1 };
        let clusters = crate::clusters::clusters(&self.config, &source);
        drop(source);
        fs::remove_dir_all(&self.dir)?;
        clusters
    }
}

/// The spilled sketches, read back.
struct SpilledSource {
    file: File,
    docs: usize,
    /// Values per document: the bins, then the shingle count.
    width: usize,
}

/// Documents read at a time when a column is gathered (a few in tests, so that their columns
/// take several blocks).
const BLOCK_DOCS: usize = if cfg!(test) { 7 } else { 4096 };

/// Blocks read at once, on the pool, when a column is gathered: enough for every thread of a
/// large pool to read one, few enough that their parts (16 × 32 KiB of column) stay small.
const PARALLEL_BLOCKS: usize = 16;

impl SpilledSource {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        crate::scratch::read_exact_at(&self.file, buf, offset)
    }

    fn value(bytes: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().expect("four bytes"))
    }
}

impl SketchSource for SpilledSource {
    fn docs(&self) -> usize {
        self.docs
    }

    fn column(&self, bin: usize) -> io::Result<Vec<(u32, u32)>> {
        // A few blocks at a time are read on the pool (each thread with a buffer of its own),
        // then appended in order: the column is the only thing that grows.
        let record = 4 * self.width;
        let blocks = self.docs.div_ceil(BLOCK_DOCS);
        let mut column = Vec::new();
        for start in (0..blocks).step_by(PARALLEL_BLOCKS) {
            let parts = (start..blocks.min(start + PARALLEL_BLOCKS))
                .into_par_iter()
                .map_init(
                    || vec![0u8; BLOCK_DOCS * record],
                    |block, b| -> io::Result<Vec<(u32, u32)>> {
                        let first = b * BLOCK_DOCS;
                        let n = BLOCK_DOCS.min(self.docs - first);
                        self.read_at(&mut block[..n * record], first as u64 * record as u64)?;
                        Ok(block[..n * record]
                            .chunks_exact(record)
                            .enumerate()
                            .map(|(i, bytes)| (Self::value(bytes, bin), (first + i) as u32))
                            .filter(|&(v, _)| v != u32::MAX)
                            .collect())
                    },
                )
                .collect::<io::Result<Vec<_>>>()?;
            for part in parts {
                column.extend(part);
            }
        }
        Ok(column)
    }

    fn sketch(&self, doc: u32) -> io::Result<Option<Cow<'_, Sketch>>> {
        let record = 4 * self.width;
        let mut bytes = vec![0u8; record];
        self.read_at(&mut bytes, u64::from(doc) * record as u64)?;
        let bins: Vec<u32> = (0..self.width - 1).map(|i| Self::value(&bytes, i)).collect();
        let shingles = Self::value(&bytes, self.width - 1);
        Ok(Some(Cow::Owned(Sketch { bins, shingles })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Sketches drawn from a few values per bin (buckets form, pairs recur across bins), some
        /// documents without one: spilled after every few documents, they give the clusters of
        /// the same sketches in memory, and the file is gone afterwards.
        #[test]
        fn spilled_sketches_cluster_as_in_memory(
            sketches in khabar_testkit::clustering_sketches(120),
            budget_docs in 1usize..20,
        ) {
            let config = DedupConfig { bins: 16, max_bucket: 24, min_equal_bins: 3, ..DedupConfig::default() };
            let mut memory = NearDuplicates::new(&config);
            let dir = tempfile::tempdir().expect("tempdir");
            let scratch = dir.path().join("sketches");
            let mut spilled = Sketches::new(&config, scratch.clone(), budget_docs * held_bytes_per_doc(&config));
            for s in &sketches {
                memory.push(s.clone());
                spilled.push(s.clone()).expect("spill");
            }
            let went_to_disk = sketches.len() >= budget_docs;
            proptest::prop_assert_eq!(scratch.exists(), went_to_disk);
            let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
            let got = pool.install(|| spilled.clusters()).expect("clusters");
            proptest::prop_assert_eq!(got, memory.clusters());
            proptest::prop_assert!(!scratch.exists(), "the scratch folder is removed");
        }
    }

    #[test]
    fn documents_are_counted_when_sketching_is_off() {
        let config = DedupConfig { near_duplicates: false, ..DedupConfig::default() };
        let dir = tempfile::tempdir().expect("tempdir");
        let mut sketches = Sketches::new(&config, dir.path().join("s"), 1);
        for _ in 0..3 {
            sketches.push(None).expect("push");
        }
        assert_eq!(sketches.clusters().expect("clusters"), [None, None, None]);
        assert!(!dir.path().join("s").exists());
    }
}
