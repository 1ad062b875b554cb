//! End-to-end tests of `khabar run`, one binary (see crates/cli/Cargo.toml).
//!
//! Golden snapshots live in `tests/e2e/snapshots/`; after an intended change, regenerate them
//! with `INSTA_UPDATE=always cargo test -p khabar --test e2e` and review the diff.

mod bad_input;
mod cli;
mod common;
mod dependency_graph;
mod determinism;
mod examples;
mod faults;
mod golden;
mod non_arabic;
mod occurrences;
mod python;
mod report;
mod sgml;
mod shards;
mod spans;
