//! The analyst examples (#19): `examples/isis_places.py` and `examples/isis_people.R` on the
//! seeds. Each must exit 0, write a PNG, and print as its first ranked line the place (person)
//! computed here from the tables with the test kit's Arrow reader, by the scripts' documented
//! definition: ISIS sentences are those with a mention of تنظيم الدولة الإسلامية or with داعش /
//! تنظيم الدولة in their text, near-duplicate documents and boilerplate sentences left out; a name
//! counts once per such sentence (unless it contains داعش itself); ties go to more documents, then the name in code point order.
//! The Python one needs pyarrow, pandas and matplotlib (installed by `tests/run.sh`); the R one
//! runs where `Rscript` is, and `KHABAR_R_TEST=1` (set by `.ci/run`) makes a missing R a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::common::{root, seeds_output};

const ISIS: &str = "تنظيم الدولة الإسلامية";

/// The rank-1 line the scripts print for `label`: `   1  SENTENCES  DOCUMENTS  NAME`.
fn expected_top(out: &Path, label: &str) -> String {
    let kept: BTreeSet<String> = khabar_testkit::rows(out, "documents")
        .into_iter()
        .filter(|d| d.get("near_duplicate_of").is_none_or(|v| v == "∅"))
        .map(|d| d["doc_id"].clone())
        .collect();
    let sentences: BTreeMap<String, (String, String)> = khabar_testkit::rows(out, "sentences")
        .into_iter()
        .filter(|s| kept.contains(&s["doc_id"]) && s.get("boilerplate").is_none_or(|b| b != "true"))
        .map(|s| (s["sentence_id"].clone(), (s["doc_id"].clone(), s["text"].clone())))
        .collect();
    let entities = khabar_testkit::rows(out, "entities");
    let mut isis: BTreeSet<&str> = sentences
        .iter()
        .filter(|(_, (_, text))| text.contains("داعش") || text.contains("تنظيم الدولة"))
        .map(|(id, _)| id.as_str())
        .collect();
    isis.extend(
        entities
            .iter()
            .filter(|e| e["canonical"] == ISIS && sentences.contains_key(&e["sentence_id"]))
            .map(|e| e["sentence_id"].as_str()),
    );
    let mut named: BTreeMap<&str, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
    let isis_word = |name: &str| name.contains("داعش") || name.contains("تنظيم الدولة");
    for e in entities
        .iter()
        .filter(|e| e["label"] == label && isis.contains(e["sentence_id"].as_str()) && !isis_word(&e["canonical"]))
    {
        let entry = named.entry(e["canonical"].as_str()).or_default();
        entry.0.insert(e["sentence_id"].as_str());
        entry.1.insert(sentences[&e["sentence_id"]].0.as_str());
    }
    let (name, (in_sentences, in_documents)) = named
        .iter()
        .min_by_key(|(name, (s, d))| (std::cmp::Reverse(s.len()), std::cmp::Reverse(d.len()), **name))
        .unwrap_or_else(|| panic!("the seeds name some {label} with ISIS"));
    format!("{:>4}  {:>9}  {:>9}  {name}", 1, in_sentences.len(), in_documents.len())
}

/// Asserts the script succeeded, printed `top` as a line, and wrote a PNG at `png`.
fn check(result: &std::process::Output, top: &str, png: &Path) {
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    assert!(stdout.lines().any(|line| line == top), "expected the line {top:?} in:\n{stdout}");
    let bytes = std::fs::read(png).unwrap_or_else(|e| panic!("{} not written: {e}\n{stdout}", png.display()));
    assert!(bytes.len() > 1000, "{} is only {} bytes", png.display(), bytes.len());
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", png.display());
}

#[test]
fn isis_places_python_example() {
    let out = seeds_output();
    let top = expected_top(out, "LOC");
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("places.png");
    let run = || {
        Command::new("python3")
            .arg(root().join("examples/isis_places.py"))
            .arg(out)
            .arg("--png")
            .arg(&png)
            .output()
            .expect("python3 must be installed (tests/run.sh installs pyarrow, pandas, matplotlib)")
    };
    let first = run();
    check(&first, &top, &png);
    assert!(String::from_utf8_lossy(&first.stdout).contains("\nper month of publication"));
    let second = run();
    assert_eq!(first.stdout, second.stdout, "the printout is deterministic");
}

#[test]
fn isis_people_r_example() {
    #[allow(clippy::disallowed_methods, reason = "CI requires the R test")]
    let required = std::env::var("KHABAR_R_TEST").is_ok_and(|v| v == "1");
    if Command::new("Rscript").arg("--version").output().is_err() {
        assert!(
            !required,
            "KHABAR_R_TEST=1 but Rscript is not installed (apt-get install r-base-core r-cran-reticulate)"
        );
        eprintln!("isis_people_r_example: skipped, no Rscript");
        return;
    }
    let out = seeds_output();
    let top = expected_top(out, "PER");
    // reticulate uses the Python the other tests use (the one with pyarrow).
    let python = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 must be installed");
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("people.png");
    let result = Command::new("Rscript")
        .env("RETICULATE_PYTHON", String::from_utf8_lossy(&python.stdout).trim())
        .arg(root().join("examples/isis_people.R"))
        .arg(out)
        .arg(&png)
        .output()
        .expect("Rscript runs");
    check(&result, &top, &png);
}
