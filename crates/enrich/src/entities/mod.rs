//! Named entities: gazetteer matching with clitic stripping and alias → canonical linking.
//!
//! ## What it does
//! Every name of every gazetteer entry is folded and split into words. The text's words are
//! matched against them, longest match first, left to right; the first word may carry
//! attached clitics (و ف ب ل ك, and لل for ل + ال), which stay outside the span. Each match
//! becomes a mention of the entry's canonical entity.
//!
//! ## Known limitations
//! Only listed names are found; ambiguous common words (القاعدة "the base") are tagged
//! whenever they appear.

pub mod gazetteer;
pub mod link;

pub use gazetteer::{Gazetteer, GazetteerError, GazetteerMatch};
