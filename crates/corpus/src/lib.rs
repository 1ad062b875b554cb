//! The corpus-wide steps of a run, and the files a shard hands them in.
//!
//! ## Place in the pipeline
//!
//! Per-document work (ingest, normalize, enrich) can be split over shards; what needs the
//! whole corpus cannot: which documents repeat an earlier one exactly ([`batch::Batcher`] with
//! [`seen::SeenIds`]), which are near-duplicates ([`clusters`], over [`sketches::Sketches`]), how many documents hold each
//! sentence ([`repeats::SentenceCounter`]), the entity catalog ([`catalog::Catalog`]), and the batches, which are the tables' row groups. Each
//! step is a state folded over the documents in input order, and a finish that turns it into
//! rows. A shard records its documents' results in input order ([`shard::RecordWriter`]);
//! merging shards is reading their records one after the other ([`shard::RecordReader`]) into
//! the same steps, so that `khabar merge` and `khabar run` run the same code over the same
//! sequence and write the same bytes.
//!
//! ## Why a replay, not a merge of states
//!
//! Each step's state could be merged shard by shard (`DataFusion`'s `Accumulator`: state, merge,
//! evaluate), but what the steps give depends on order across shards: a document that repeats
//! one of an earlier shard is dropped, which moves where every later batch, and so every later
//! row group, ends; a near-duplicate cluster's representative is its first document. Merging
//! states would have to rebuild that order; replaying the shards' records in shard order is that
//! order, so the fold is the single run's fold, step for step. The replay reads what the shards
//! computed (rows, sketches, fingerprints) and never processes a document again.
//!
//! ## Invariants
//!
//! - Every step sees documents in input order, and its result depends only on that sequence
//!   (not on threads, budgets or where the state was spilled).
//! - Memory is bounded: each step spills to a scratch folder past a fixed budget.
//!
//! ## Non-goals
//!
//! No normalization or enrichment: a merge never processes a document again.
#![warn(missing_docs)]

pub mod batch;
pub mod catalog;
pub mod clusters;
pub mod repeats;
pub mod scratch;
pub mod seen;
pub mod shard;
pub mod sketches;
pub mod split;
pub mod work;
