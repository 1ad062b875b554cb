//! Faults a long run meets: decompression bombs and oversized documents are failure rows and
//! the run goes on.

use std::io::Write;

use crate::common::{khabar_in, root};

const SENTENCE: &str = "أعلنت قوات سوريا الديمقراطية السيطرة على بلدة الباغوز في ريف دير الزور الشرقي. ";

/// A gzip and a zstd bomb (a `.txt` that inflates past `max-txt-bytes`), a JSON Lines line and
/// an SGML record past `max-document-bytes` among ordinary ones, beside the seeds: one failure
/// row each, with its line, and every good document written.
#[test]
fn bombs_and_oversized_documents_are_failures_and_the_rest_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    for entry in std::fs::read_dir(root().join("data")).expect("data") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, input.join(path.file_name().expect("name"))).expect("copy");
    }
    // 16 MiB of one sentence, against a 1 MiB limit.
    let inflated = SENTENCE.repeat((16 << 20) / SENTENCE.len());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(inflated.as_bytes()).expect("gzip");
    let gz = gz.finish().expect("gzip");
    assert!(gz.len() < 1 << 20, "a bomb: {} bytes compressed", gz.len());
    std::fs::write(input.join("bomb.txt.gz"), gz).expect("write");
    std::fs::write(input.join("bomb.txt.zst"), zstd::encode_all(inflated.as_bytes(), 3).expect("zstd")).expect("write");
    let line = |text: &str| format!("{{\"text\": \"{text}\"}}\n");
    let jsonl = [line("الأول."), line(&SENTENCE.repeat((4 << 20) / SENTENCE.len())), line("الثالث.")].concat();
    let mut jsonl_gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    jsonl_gz.write_all(jsonl.as_bytes()).expect("gzip");
    std::fs::write(input.join("feed.jsonl.gz"), jsonl_gz.finish().expect("gzip")).expect("write");
    let record = |id: &str, text: &str| format!("<DOC>\n<DOCNO>{id}</DOCNO>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n");
    let sgml = [
        record("A-1-20190323", "نص أول."),
        record("A-2-20190323", &SENTENCE.repeat((3 << 20) / SENTENCE.len())),
        record("A-3-20190323", "نص ثالث."),
    ]
    .concat();
    std::fs::write(input.join("wire.sgml"), sgml).expect("write");
    let config = "[run]\ninputs = [\"in\"]\n[ingest]\nmax-txt-bytes = 1048576\nmax-document-bytes = 1048576\n";
    std::fs::write(dir.path().join("p.toml"), config).expect("config");

    let run = khabar_in(dir.path(), &["run", "--config", "p.toml", "--output", "out", "--threads", "2"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let out = dir.path().join("out");
    let failures = khabar_testkit::rows(&out, "failures");
    let found: Vec<(&str, &str, &str)> =
        failures.iter().map(|f| (f["source_path"].as_str(), f["line"].as_str(), f["code"].as_str())).collect();
    assert_eq!(
        found,
        [
            ("bomb.txt.gz", "∅", "ING009"),
            ("bomb.txt.zst", "∅", "ING009"),
            ("feed.jsonl.gz", "2", "ING009"),
            ("wire.sgml", "7", "ING009")
        ]
    );
    assert!(failures[0]["message"].contains("larger than ingest.max-txt-bytes (1048576 bytes decompressed)"));
    let docs = khabar_testkit::rows(&out, "documents");
    let mut paths: Vec<&str> = docs.iter().map(|d| d["source_path"].as_str()).collect();
    paths.dedup();
    let seeds = std::fs::read_dir(root().join("data")).expect("data").count();
    assert_eq!(docs.len(), seeds + 4, "every seed, JSONL lines 1 and 3, SGML records 1 and 3: {paths:?}");
    let lines: Vec<&str> =
        docs.iter().filter(|d| d["source_path"] == "feed.jsonl.gz").map(|d| d["source_line"].as_str()).collect();
    assert_eq!(lines, ["1", "3"]);
}
