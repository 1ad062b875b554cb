//! The shape every processing stage has: built once from its config, then run on one
//! document at a time from any thread.

use crate::DocFailure;

/// A pure, per-document stage: no I/O, no clock, no threads of its own.
pub trait Stage: Send + Sync {
    /// Name written in the `stage` column of failures.
    const NAME: &'static str;
    /// What the stage reads.
    type Input;
    /// What the stage hands on.
    type Output;
    /// Process one document.
    fn run(&self, input: &Self::Input) -> Result<Self::Output, DocFailure>;
}
