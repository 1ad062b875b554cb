//! Date expressions (placeholder interface; the full extractor lands with the dates work).

use khabar_core::CivilDate;

/// Finds date expressions.
#[derive(Debug, Default)]
pub struct DateExtractor {}

/// One date expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    /// Byte offset of the expression.
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
    /// ISO 8601 value.
    pub value: Option<String>,
    /// Granularity.
    pub granularity: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// First day of the value.
    pub date: Option<CivilDate>,
    /// Confidence.
    pub confidence: f32,
    /// Calendar as written.
    pub calendar: &'static str,
}

impl DateExtractor {
    /// Builds the extractor.
    #[must_use]
    pub fn new() -> Self {
        Self {}
    }

    /// Date expressions in `text`.
    #[must_use]
    pub fn extract(&self, _text: &str, _published: Option<CivilDate>) -> Vec<DateMatch> {
        Vec::new()
    }

    /// The publication date printed at the top of the page.
    #[must_use]
    pub fn find_publication_date(&self, _text: &str) -> Option<CivilDate> {
        None
    }
}
