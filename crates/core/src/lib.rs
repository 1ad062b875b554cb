//! Shared types of the khabar pipeline: the hand-off documents between stages, the rows of
//! every output table, stable IDs, character spans, and per-document failures.
//!
//! ## Place in the pipeline
//!
//! Every stage crate (`khabar-ingest`, `khabar-normalize`, `khabar-enrich`, `khabar-export`)
//! depends on this crate and on nothing else of khabar's; the `khabar` binary wires them.
//!
//! ## Invariants
//!
//! - IDs are computed here and only here ([`id`]), from content alone.
//! - Offsets are Unicode code points, half-open ([`CharSpan`]); byte-to-char conversion is
//!   [`span::CharIndex`].
//!
//! ## Non-goals
//!
//! No I/O, no Arrow, no threads: this crate stays small so every stage can depend on it.
#![warn(missing_docs)]

pub mod date;
pub mod dedup;
pub mod doc;
pub mod failure;
pub mod id;
pub mod intern;
pub mod rows;
pub mod span;
pub mod stage;
pub mod text;

pub use date::CivilDate;
pub use doc::{EnrichedDocument, NormalizedDocument, RawDocument, Sketch};
pub use failure::{DocFailure, FailureCode, Severity};
pub use id::{DateId, DocId, EntityId, ID_SCHEME, MentionId, SentenceId};
pub use rows::{CatalogRow, DateRow, DocumentRow, EntityRow, SentenceRow, SourceRow};
pub use span::CharSpan;
pub use stage::Stage;

/// Version of the output tables' schema. Bumped when a column named in CONTRACT.md changes
/// name, type or meaning; written in every Parquet footer and in `manifest.json`.
pub const SCHEMA_VERSION: &str = "2";
