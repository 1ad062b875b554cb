//! The date extractor on arbitrary text, with or without a publication date (from the first
//! three bytes), with the default and the forward-looking options.
//!
//! Asserts: matches sorted, not overlapping, not empty, on char boundaries; confidence in 0..=1;
//! a resolved date has a value; the publication date found in the text is one the extractor
//! finds in it; the anchor scan finds nothing the whole-text window would not parse.
#![no_main]

use std::sync::OnceLock;

use khabar_core::CivilDate;
use khabar_enrich::dates::{DateExtractor, Options};
use khabar_fuzz::{check_spans, text};
use libfuzzer_sys::fuzz_target;

fn extractors() -> &'static (DateExtractor, DateExtractor) {
    static E: OnceLock<(DateExtractor, DateExtractor)> = OnceLock::new();
    E.get_or_init(|| (DateExtractor::new(), DateExtractor::with_options(Options::future())))
}

fuzz_target!(|data: &[u8]| {
    let (published, future, data) = match data {
        [a, b, c, rest @ ..] if a & 1 == 1 => {
            let days = i32::from(u16::from_le_bytes([*b, *c])) - 20_000;
            (Some(CivilDate::from_days_since_epoch(days)), a & 2 == 2, rest)
        }
        [a, rest @ ..] => (None, a & 2 == 2, rest),
        [] => (None, false, data),
    };
    let text = text(data);
    let (past, forward) = extractors();
    let extractor = if future { forward } else { past };
    let found = extractor.extract(&text, published);
    check_spans(&text, found.iter().map(|m| (m.start, m.end)), "dates");
    for m in &found {
        assert!((0.0..=1.0).contains(&m.confidence), "confidence {}", m.confidence);
        if m.date.is_some() {
            assert!(m.value.is_some(), "a resolved date has a value: {m:?}");
        }
        assert!(!m.granularity.is_empty() && !m.kind.is_empty() && !m.calendar.is_empty());
    }
    if text.len() <= 2048 {
        let whole = extractor.extract_unfiltered(&text, published);
        check_spans(&text, whole.iter().map(|m| (m.start, m.end)), "dates (unfiltered)");
    }
    if let Some(date) = extractor.find_publication_date(&text) {
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(3).collect();
        assert!(
            lines.iter().any(|l| extractor.extract(l, None).iter().any(|m| m.date == Some(date))),
            "the publication date {date} is a date of the first lines"
        );
    }
});
