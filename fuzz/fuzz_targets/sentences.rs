//! The sentence splitter on arbitrary text.
//!
//! Asserts: spans in order, not overlapping, not empty, on char boundaries; no sentence starts
//! or ends with whitespace or holds a line break; together they cover every non-space char.
#![no_main]

use khabar_enrich::SentenceSplitter;
use khabar_fuzz::{check_spans, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let spans = SentenceSplitter::new().split(&text);
    check_spans(&text, spans.iter().map(|s| (s.start, s.end)), "sentences");
    let mut covered = 0;
    for s in &spans {
        let piece = &text[s.start..s.end];
        assert_eq!(piece.trim(), piece, "a sentence is trimmed");
        assert!(!piece.contains('\n'), "a line break ends a sentence");
        assert!(text[covered..s.start].chars().all(char::is_whitespace), "only whitespace between sentences");
        covered = s.end;
    }
    assert!(text[covered..].chars().all(char::is_whitespace), "only whitespace after the last sentence");
});
