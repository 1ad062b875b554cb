//! Reruns are byte-identical for any thread count; IDs depend only on content.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{root, run};

/// Every file under `out` (recursively), by relative path.
pub(crate) fn file_bytes(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![out.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(out).expect("under out").to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

#[test]
fn one_and_four_threads_write_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Small batches so that four threads really split the work, small files so that the big
    // tables are written as folders of parts, and small row groups so that the corpus columns
    // are spliced into several row groups per part.
    let config = dir.path().join("p.toml");
    let toml = format!(
        "[run]\ninputs = [{:?}]\nbatch-docs = 2\n[export]\nrows-per-file = 20\nrow-group-rows = 3\n",
        root().join("data")
    );
    std::fs::write(&config, toml).expect("config");
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("out{threads}"));
        let status = crate::common::khabar_in(
            dir.path(),
            &["run", "--config", "p.toml", "--output", out.to_str().expect("utf-8"), "--threads", threads],
        );
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        outputs.push(file_bytes(&out));
    }
    assert_eq!(outputs[0].keys().collect::<Vec<_>>(), outputs[1].keys().collect::<Vec<_>>());
    for (name, bytes) in &outputs[0] {
        assert!(outputs[1][name] == *bytes, "{name} differs between --threads 1 and --threads 4");
    }
    assert!(outputs[0].contains_key("documents.parquet") && outputs[0].contains_key("manifest.json"));
    let parts: Vec<&String> = outputs[0].keys().filter(|k| k.starts_with("sentences/part-")).collect();
    assert!(parts.len() >= 4, "sentences written as parts: {parts:?}");
    // Parts and row groups read back as one table, in order, with the same rows (corpus
    // columns included) as the default layout.
    for table in ["documents", "sentences", "entities"] {
        let rows = khabar_testkit::rows(&dir.path().join("out1"), table);
        assert_eq!(rows, khabar_testkit::rows(crate::common::seeds_output(), table), "{table}");
    }
}

#[test]
fn a_batch_ends_at_batch_bytes_of_text() {
    // The limit is the text of the first two seed documents: the first batch ends exactly on it
    // (a batch ends when its text reaches the limit), the count starts again for the next. A
    // batch ends a row group of `documents`, so the row groups show the batches; the rows are
    // those of the default run, where the five seed documents fit in one batch of 512.
    let seeds = crate::common::seeds_output();
    let sizes: Vec<usize> = khabar_testkit::rows(seeds, "documents").iter().map(|d| d["raw_text"].len()).collect();
    let limit = sizes[0] + sizes[1];
    let mut want: Vec<i64> = Vec::new();
    let (mut docs, mut bytes) = (0, 0);
    for (i, size) in sizes.iter().enumerate() {
        docs += 1;
        bytes += size;
        if bytes >= limit || i + 1 == sizes.len() {
            want.push(docs);
            (docs, bytes) = (0, 0);
        }
    }
    assert!(want[0] == 2 && want[1..].iter().any(|&n| n > 1), "the seeds exercise the limit and its reset: {want:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("p.toml");
    std::fs::write(&config, format!("[run]\ninputs = [{:?}]\nbatch-bytes = {limit}\n", root().join("data")))
        .expect("config");
    let out = dir.path().join("out");
    let status = crate::common::khabar_in(
        dir.path(),
        &["run", "--config", "p.toml", "--output", out.to_str().expect("utf-8"), "--threads", "2"],
    );
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert_eq!(khabar_testkit::row_group_rows(&seeds.join("documents.parquet")), [5]);
    let got = khabar_testkit::row_group_rows(&out.join("documents.parquet"));
    assert_eq!(got, want);
    for table in ["documents", "sentences", "entities", "dates"] {
        assert_eq!(khabar_testkit::rows(&out, table), khabar_testkit::rows(seeds, table), "{table}");
    }
}

fn ids(out: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let docs = khabar_testkit::rows(out, "documents").into_iter().map(|d| d["doc_id"].clone()).collect();
    let sentences = khabar_testkit::rows(out, "sentences").into_iter().map(|s| s["sentence_id"].clone()).collect();
    (docs, sentences)
}

#[test]
fn an_unrelated_document_changes_no_existing_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for entry in std::fs::read_dir(root().join("data")).expect("data") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, corpus.join(path.file_name().expect("name"))).expect("copy");
    }
    let before = dir.path().join("before");
    run(&corpus, &before, 2);
    // Sorted first, so every existing document moves one place down in the input order.
    std::fs::write(corpus.join("0000_new.txt"), "خبر جديد\n\nأعلنت قسد اليوم عن عملية جديدة في دير الزور.")
        .expect("write");
    let after = dir.path().join("after");
    run(&corpus, &after, 3);
    let (docs_before, sentences_before) = ids(&before);
    let (docs_after, sentences_after) = ids(&after);
    assert_eq!(docs_before.len(), 5);
    assert_eq!(docs_after.len(), 6);
    assert!(docs_before.is_subset(&docs_after));
    assert!(sentences_before.is_subset(&sentences_after));
    assert!(sentences_after.len() > sentences_before.len());
}

#[test]
fn moving_a_file_keeps_its_doc_id_and_identical_files_are_one_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("elsewhere")).expect("mkdir");
    let seed = std::fs::read(root().join("data/002_be984290f18e93fa.txt")).expect("seed");
    std::fs::write(corpus.join("a.txt"), &seed).expect("write");
    std::fs::write(corpus.join("elsewhere/renamed.txt"), &seed).expect("write");
    let out = dir.path().join("out");
    run(&corpus, &out, 2);
    let docs = khabar_testkit::rows(&out, "documents");
    assert_eq!(docs.len(), 1);
    let sources = khabar_testkit::rows(&out, "document_sources");
    let paths: Vec<_> = sources.iter().map(|s| s["source_path"].as_str()).collect();
    assert_eq!(paths, ["a.txt", "elsewhere/renamed.txt"]);
    assert!(sources.iter().all(|s| s["doc_id"] == docs[0]["doc_id"]));
    let seeds = khabar_testkit::rows(crate::common::seeds_output(), "documents");
    assert!(seeds.iter().any(|d| d["doc_id"] == docs[0]["doc_id"]), "same text, same doc_id, wherever it lives");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    assert_eq!(manifest["counts"]["inputs"], 2);
    assert_eq!(manifest["counts"]["duplicates"], 1);
}

#[test]
fn small_files_read_in_parallel_and_a_large_file_streamed_keep_input_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("a.txt"), "عنوان أ\n\nأعلنت قسد اليوم عن عملية في الرقة.").expect("write");
    // Over 1 MiB: streamed line by line on the reader thread, between two runs of small files.
    let mut big = String::new();
    for i in 0..6000 {
        let line = format!(
            "{{\"id\": \"b{i}\", \"text\": \"خبر رقم {i} عن قوات سوريا الديمقراطية في دير الزور والحسكة والرقة وريفها الشرقي، حيث تستمر العمليات منذ أشهر.\"}}\n"
        );
        big.push_str(&line);
    }
    assert!(big.len() > 1 << 20);
    std::fs::write(corpus.join("b.jsonl"), big).expect("write");
    for name in ["c.txt", "d.txt"] {
        std::fs::write(corpus.join(name), format!("عنوان {name}\n\nوصل وفد إلى دمشق لبحث ملف {name}.")).expect("write");
    }
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let out = dir.path().join(format!("out{threads}"));
        run(&corpus, &out, threads);
        outputs.push(file_bytes(&out));
        let paths: Vec<String> =
            khabar_testkit::rows(&out, "documents").into_iter().map(|d| d["source_path"].clone()).collect();
        assert_eq!(paths.len(), 6003);
        assert_eq!(paths[0], "a.txt");
        assert!(paths[1..6001].iter().all(|p| p == "b.jsonl"), "the JSON Lines file in place");
        assert_eq!(paths[6001..], ["c.txt", "d.txt"]);
    }
    assert!(outputs[0] == outputs[1], "--threads 1 and 2 write the same bytes");
}

#[test]
fn no_part_holds_more_than_rows_per_file_even_when_a_batch_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("p.toml");
    // One batch holds all five seeds (86 sentences, over 200 entities): more than a part may.
    let toml = format!("[run]\ninputs = [{:?}]\nbatch-docs = 64\n[export]\nrows-per-file = 20\n", root().join("data"));
    std::fs::write(&config, toml).expect("config");
    let out = dir.path().join("out");
    let status =
        crate::common::khabar_in(dir.path(), &["run", "--config", "p.toml", "--output", out.to_str().expect("utf-8")]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest")).expect("json");
    let outputs = manifest["outputs"].as_array().expect("outputs");
    for file in outputs {
        let rows = file["rows"].as_u64().expect("rows");
        assert!(rows <= 20, "{} holds {rows} rows", file["path"]);
    }
    assert!(outputs.iter().filter(|f| f["path"].as_str().is_some_and(|p| p.starts_with("entities/"))).count() >= 10);
    let rows = khabar_testkit::rows(&out, "sentences");
    assert_eq!(rows, khabar_testkit::rows(crate::common::seeds_output(), "sentences"));
}
