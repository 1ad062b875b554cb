//! The readers over bytes in memory, for the fuzz targets in `fuzz/` (the `fuzzing` feature;
//! not part of the API).

use std::io::BufRead;

use khabar_core::{DocFailure, RawDocument};

/// The records of an SGML file holding `bytes`, as [`crate::Ingestor::open`] reads them.
#[must_use]
pub fn sgml_records(bytes: &[u8], detect_legacy: bool, max: usize) -> Vec<Result<RawDocument, DocFailure>> {
    let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    crate::sgml::Records::new("fuzz.sgml".into(), reader, detect_legacy, max).collect()
}

/// The records of text already decoded (a `.txt` file that starts with `<DOC`), named as
/// [`sgml_records`] names its file.
#[must_use]
pub fn sgml_records_decoded(text: String, encoding: &'static str, max: usize) -> Vec<Result<RawDocument, DocFailure>> {
    crate::sgml::Records::decoded("fuzz.sgml".into(), std::io::Cursor::new(text), encoding, max).collect()
}

/// The documents of a JSON Lines file holding `bytes`, read through a buffer of `capacity`
/// bytes (small ones make lines cross refills), lines longer than `max` refused, lines that are
/// not UTF-8 tried as legacy Arabic if `detect_legacy`.
#[must_use]
pub fn jsonl_docs(
    bytes: &[u8],
    capacity: usize,
    max: usize,
    detect_legacy: bool,
) -> Vec<Result<RawDocument, DocFailure>> {
    let reader = std::io::BufReader::with_capacity(capacity.max(1), bytes);
    crate::jsonl::Lines::new("fuzz.jsonl".into(), reader, max, detect_legacy).collect()
}
