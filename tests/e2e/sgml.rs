//! LDC/TREC SGML inputs end to end: a Gigaword-style file of several `<DOC>`s (plain, gzip and
//! zstd) and an ANT-style `.txt` record, from the fixtures in `tests/fixtures/sgml/`.

use std::io::Write;

use crate::common::{root, run};

#[test]
fn sgml_records_plain_gzip_and_zstd() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_sgml_inputs(&input);

    let out = dir.path().join("out");
    run(&input, &out, 2);

    // The three copies of the Gigaword file are one set of documents (same texts): the gzip and
    // zstd copies are exact duplicates of the plain one, listed in document_sources.
    let docs = khabar_testkit::rows(&out, "documents");
    let ids: Vec<(&str, &str, &str)> =
        docs.iter().map(|d| (d["source_path"].as_str(), d["source_id"].as_str(), d["published"].as_str())).collect();
    assert_eq!(
        ids,
        [
            ("SK-middleEast-1-20190323.txt", "SK-middleEast-1-20190323", "2019-03-23"),
            ("afp_arb_201903.sgml", "AFP_ARB_20190323.0001", "2019-03-23"),
            ("afp_arb_201903.sgml", "AFP_ARB_20190325.0003", "2019-03-25"),
        ]
    );
    let sources = khabar_testkit::rows(&out, "document_sources");
    let from_gz: Vec<&str> = sources
        .iter()
        .filter(|s| s["source_path"] == "gz/afp_arb_201903.gz")
        .map(|s| s["source_id"].as_str())
        .collect();
    assert_eq!(from_gz, ["AFP_ARB_20190323.0001", "AFP_ARB_20190325.0003"]);
    assert_eq!(sources.iter().filter(|s| s["source_path"] == "zst/afp_arb_201903.sgml.zst").count(), 2);

    // Unescaped & and < survive; <P> lines are joined; the repeated ABSTRACT is written once.
    let afp = &docs[1];
    assert!(afp["text"].contains("بشرق سوريا & بدء مرحلة جديدة."), "{}", afp["text"]);
    assert!(docs[2]["text"].contains("و< لن يتراجع"));
    assert_eq!(afp["title"], "قوات سوريا الديمقراطية تعلن السيطرة على الباغوز");
    assert!(afp["extra"].contains("\"type\":\"story\""));
    let sky = &docs[0];
    assert_eq!(sky["text"].matches("القضاء على آخر جيب لداعش").count(), 1);
    assert_eq!(sky["url"], "https://www.skynewsarabia.com/middle-east/1");
    assert_eq!(sky["source"], "SkyNews");

    // The advisory with an empty <TEXT> is a failure in each of the three copies, with a reason.
    let failures = khabar_testkit::rows(&out, "failures");
    assert_eq!(failures.len(), 3);
    for f in &failures {
        assert_eq!((f["code"].as_str(), f["line"].as_str()), ("ING004", "18"));
        assert_eq!(f["message"], "<TEXT> is empty in AFP_ARB_20190324.0002");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["counts"]["inputs"], 10);
    assert_eq!(manifest["counts"]["documents"], 3);
    assert_eq!(manifest["counts"]["duplicates"], 4);
    assert_eq!(manifest["counts"]["failed_inputs"], 3);
}

/// Writes the SGML inputs into `input`: a Gigaword-style file plain, gzipped and in zstd, and
/// an ANT-style `.txt` record.
pub(crate) fn write_sgml_inputs(input: &std::path::Path) {
    let fixtures = root().join("tests/fixtures/sgml");
    std::fs::create_dir_all(input.join("gz")).expect("mkdir");
    std::fs::create_dir_all(input.join("zst")).expect("mkdir");
    let gigaword = std::fs::read(fixtures.join("afp_arb_201903.sgml")).expect("fixture");
    std::fs::copy(fixtures.join("SK-middleEast-1-20190323.txt"), input.join("SK-middleEast-1-20190323.txt"))
        .expect("copy");
    std::fs::write(input.join("afp_arb_201903.sgml"), &gigaword).expect("write");
    // Gigaword ships gzipped files without an inner extension.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&gigaword).expect("gzip");
    std::fs::write(input.join("gz/afp_arb_201903.gz"), gz.finish().expect("gzip")).expect("write");
    std::fs::write(input.join("zst/afp_arb_201903.sgml.zst"), zstd::encode_all(&gigaword[..], 3).expect("zstd"))
        .expect("write");
}
