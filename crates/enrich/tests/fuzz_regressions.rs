//! Inputs the fuzz targets (fuzz/) found crashing, kept as regression tests: each file of
//! `tests/fuzz_regressions/` is given to its target's code the way the target gives it
//! (`dates-*`: the first byte holds the settings, the rest is text, decoded lossily).

use khabar_enrich::dates::{DateExtractor, Options};

#[test]
fn dates_crash_inputs_extract_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let (past, future) = (DateExtractor::new(), DateExtractor::with_options(Options::future()));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz_regressions") {
        let path = entry.expect("entry").path();
        if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("dates-")) {
            continue;
        }
        let data = std::fs::read(&path).expect("read");
        let (flags, rest) = data.split_first().map_or((0, &data[..]), |(f, r)| (*f, r));
        assert_eq!(flags & 1, 0, "{}: these inputs carry no publication date", path.display());
        let text = String::from_utf8_lossy(rest);
        let extractor = if flags & 2 == 2 { &future } else { &past };
        for m in extractor.extract(&text, None) {
            assert!(m.start < m.end && text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
        seen += 1;
    }
    assert!(seen >= 1, "the crash inputs are there");
}
