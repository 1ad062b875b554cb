//! Batches: the unit of parallel work and the row groups of the tables of documents.
//!
//! A batch ends with the document that brings it to `batch-docs` documents or `batch-bytes`
//! bytes of text; exact duplicates (a `doc_id` seen before) are dropped on the way but keep
//! their source row. The reader of a run and the merge of shards both cut their batches here,
//! so the same inputs give the same batches, and so the same row groups, whoever reads them.

use std::io;

use khabar_core::{DocFailure, SourceRow};
use serde::{Deserialize, Serialize};

use crate::seen::SeenIds;

/// When a batch ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Documents, at most.
    pub docs: usize,
    /// Bytes of text at which a batch ends (the document that reaches them included).
    pub bytes: usize,
}

/// What came next in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    /// A document not seen before in this batcher: the next of [`Batch::docs`], with the next
    /// source row.
    Doc,
    /// A document seen before: the next source row only.
    Duplicate,
    /// An input that could not be read: the next of [`Batch::failures`].
    Failure,
}

/// One batch: its documents, the source row of every input read, and read failures, with the
/// order they were read in.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<D> {
    /// Documents, in input order.
    pub docs: Vec<D>,
    /// `document_sources` rows of the documents and duplicates, in input order.
    pub sources: Vec<SourceRow>,
    /// Inputs that failed to be read, in input order.
    pub failures: Vec<DocFailure>,
    /// How the three lists interleave in the input.
    pub order: Vec<Item>,
}

impl<D> Default for Batch<D> {
    fn default() -> Self {
        Self { docs: Vec::new(), sources: Vec::new(), failures: Vec::new(), order: Vec::new() }
    }
}

impl<D> Batch<D> {
    /// The same batch with each document mapped (its results, say).
    pub fn map<E>(self, f: impl FnMut(D) -> E) -> Batch<E> {
        Batch {
            docs: self.docs.into_iter().map(f).collect(),
            sources: self.sources,
            failures: self.failures,
            order: self.order,
        }
    }
}

impl<D: Sync> Batch<D> {
    /// The same batch with each document mapped on the current rayon pool, in order.
    pub fn map_par<E: Send>(self, f: impl Fn(&D) -> E + Sync) -> Batch<E> {
        use rayon::prelude::*;
        Batch {
            docs: self.docs.par_iter().map(&f).collect(),
            sources: self.sources,
            failures: self.failures,
            order: self.order,
        }
    }
}

/// Cuts the inputs, in order, into batches, dropping exact duplicates.
pub struct Batcher<D> {
    limits: Limits,
    seen: SeenIds,
    batch: Batch<D>,
    bytes: usize,
    /// Inputs taken: documents, duplicates and failures.
    pub inputs: u64,
    /// Documents dropped as exact duplicates.
    pub duplicates: u64,
}

impl<D> Batcher<D> {
    /// A batcher that remembers the documents it has seen in `seen`.
    #[must_use]
    pub fn new(limits: Limits, seen: SeenIds) -> Self {
        Self { limits, seen, batch: Batch::default(), bytes: 0, inputs: 0, duplicates: 0 }
    }

    /// Takes a document with `doc_id` bits `key` and `text_bytes` bytes of text: kept unless
    /// `key` was seen before. Returns the batch it completes, if it does.
    pub fn doc(&mut self, source: SourceRow, key: u128, text_bytes: usize, doc: D) -> io::Result<Option<Batch<D>>> {
        self.inputs += 1;
        self.batch.sources.push(source);
        if self.seen.insert(key)? {
            self.bytes += text_bytes;
            self.batch.docs.push(doc);
            self.batch.order.push(Item::Doc);
        } else {
            self.duplicates += 1;
            self.batch.order.push(Item::Duplicate);
        }
        Ok(self.full())
    }

    /// Takes a document known to repeat one taken before.
    pub fn duplicate(&mut self, source: SourceRow) -> Option<Batch<D>> {
        self.inputs += 1;
        self.duplicates += 1;
        self.batch.sources.push(source);
        self.batch.order.push(Item::Duplicate);
        self.full()
    }

    /// Takes an input that could not be read.
    pub fn failure(&mut self, failure: DocFailure) -> Option<Batch<D>> {
        self.inputs += 1;
        self.batch.failures.push(failure);
        self.batch.order.push(Item::Failure);
        self.full()
    }

    fn full(&mut self) -> Option<Batch<D>> {
        (self.batch.docs.len() >= self.limits.docs || self.bytes >= self.limits.bytes).then(|| self.take())
    }

    /// The batch so far (possibly empty), starting a new one.
    pub fn take(&mut self) -> Batch<D> {
        self.bytes = 0;
        std::mem::take(&mut self.batch)
    }

    /// The last batch (possibly empty); the seen keys' scratch file is removed.
    pub fn finish(mut self) -> io::Result<Batch<D>> {
        let last = self.take();
        self.seen.finish()?;
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(i: u64) -> SourceRow {
        SourceRow { doc_id: format!("{i:032x}"), source_path: format!("{i}.txt"), source_line: None, source_id: None }
    }

    fn failure(i: u64) -> DocFailure {
        DocFailure::error("ingest", format!("{i}.bad"), khabar_core::FailureCode::UnreadableFile, "x")
    }

    /// A batch ends with the document that reaches a limit, never with a duplicate or a
    /// failure; duplicates keep their source row.
    #[test]
    fn batches_end_at_the_document_that_reaches_a_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut b = Batcher::new(Limits { docs: 2, bytes: 10 }, SeenIds::new(dir.path().join("seen"), 1));
        let mut batches = Vec::new();
        let mut push = |out: Option<Batch<u64>>| batches.extend(out);
        push(b.doc(source(1), 1, 3, 1).expect("io"));
        push(b.doc(source(1), 1, 3, 1).expect("io")); // a duplicate: not counted
        push(b.failure(failure(9)));
        push(b.doc(source(2), 2, 3, 2).expect("io")); // two documents: the batch ends
        push(b.doc(source(3), 3, 12, 3).expect("io")); // past the bytes: ends alone
        push(b.failure(failure(8)));
        push(b.duplicate(source(3)));
        let last = b.finish().expect("finish");
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].docs, [1, 2]);
        assert_eq!(batches[0].order, [Item::Doc, Item::Duplicate, Item::Failure, Item::Doc]);
        assert_eq!(batches[0].sources.len(), 3);
        assert_eq!(batches[1].docs, [3]);
        assert_eq!(last.docs, Vec::<u64>::new());
        assert_eq!(last.order, [Item::Failure, Item::Duplicate]);
    }
}
