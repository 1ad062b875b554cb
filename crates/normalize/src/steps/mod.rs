//! The normalization steps, one file each, applied in the order listed in the crate docs.
//!
//! Each step says whether it is lossless (the original can be recovered up to Unicode
//! equivalence) or lossy.

pub mod aligned;
pub mod chars;
pub mod forms;
pub mod fused;
pub mod linebreaks;
pub mod lines;
pub mod traced;
pub mod unicode;
