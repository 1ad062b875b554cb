//! `khabar report` (#19): every section, the seeds' top entities, escaping, refusals, determinism.
//! What the report should say is computed here from the tables with the test kit's Arrow reader,
//! not with the report's polars code.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{khabar_in, root, run, seeds_output};

const SECTIONS: [&str; 8] =
    ["summary", "timeline", "entities", "cooccurrences", "sources", "clusters", "failures", "boilerplate"];

/// The `khabar-report` binary beside `khabar`, which `khabar report` runs. `cargo test
/// --workspace` builds it (the report crate's own tests need it); `cargo test -p khabar` alone
/// does not, so it is built here once if it is missing.
fn report_binary() -> &'static Path {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let khabar = Path::new(env!("CARGO_BIN_EXE_khabar"));
        let path = khabar.with_file_name(format!("khabar-report{}", std::env::consts::EXE_SUFFIX));
        if !path.is_file() {
            let mut build = std::process::Command::new(env!("CARGO"));
            build.args(["build", "-p", "khabar-report", "--bin", "khabar-report"]).current_dir(root());
            if let Some(profile) = khabar.parent().and_then(Path::file_name).and_then(|p| p.to_str()) {
                if profile == "release" {
                    build.arg("--release");
                }
            }
            let status = build.status().expect("cargo runs");
            assert!(status.success(), "cargo build -p khabar-report");
        }
        assert!(path.is_file(), "{} built", path.display());
        path
    })
}

/// Runs `khabar report DATASET --output FILE`, returning the process output.
fn report(dataset: &Path, file: &Path) -> std::process::Output {
    report_binary();
    khabar_in(
        &root(),
        &["report", dataset.to_str().expect("utf-8 path"), "--output", file.to_str().expect("utf-8 path")],
    )
}

fn report_html(dataset: &Path) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.html");
    let out = report(dataset, &file);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(&file).expect("report written")
}

/// The text of `<section id="ID">` up to its end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\">")).unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").expect("section closed");
    &html[start..start + end]
}

/// HTML-escapes like any conforming escaper (the test's own, not the report's).
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn report_has_every_section_with_a_chart_and_heading() {
    let html = report_html(seeds_output());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in SECTIONS {
        let body = section(&html, id);
        assert!(body.contains("<h2>"), "section {id} has a heading");
        assert!(body.contains("<svg"), "section {id} has a chart");
    }
    // Offline: nothing to fetch, no script.
    for needle in ["<script", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(needle), "the report refers to {needle}");
    }
    assert!(html.contains("\"Noto Naskh Arabic\""), "a font stack with Arabic glyphs");
    assert!(html.contains("dir=\"rtl\""), "Arabic is laid out right to left");
}

#[test]
fn report_names_the_seeds_top_entities() {
    let dataset = seeds_output();
    let html = report_html(dataset);
    let entities = section(&html, "entities");
    // Mentions per (label, entity), from the entities table.
    let mut counts: BTreeMap<(String, String), (u64, String)> = BTreeMap::new();
    for row in khabar_testkit::rows(dataset, "entities") {
        let entry = counts.entry((row["label"].clone(), row["entity_id"].clone())).or_insert((0, String::new()));
        entry.0 += 1;
        entry.1.clone_from(&row["canonical"]);
    }
    let mut by_label: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for ((label, _), (n, canonical)) in counts {
        by_label.entry(label).or_default().push((n, canonical));
    }
    assert!(!by_label.is_empty(), "the seeds have entities");
    for (label, mut list) in by_label {
        list.sort_by_key(|e| std::cmp::Reverse(e.0));
        // Every entity mentioned more often than the tenth is in the top ten, whatever the ties.
        let threshold = list.get(9).map_or(0, |e| e.0);
        let sure: Vec<&(u64, String)> = list.iter().filter(|e| e.0 > threshold).collect();
        for (n, canonical) in &sure {
            assert!(entities.contains(&escaped(canonical)), "{label} entity {canonical} ({n} mentions) is named");
        }
        assert!(entities.contains(&format!("<h3>{}</h3>", escaped(&label))), "label {label} has its chart");
        let (top_n, top) = &list[0];
        assert!(entities.contains(&format!("{}: {top_n}</title>", escaped(top))), "{label}'s top entity {top} drawn");
    }
}

#[test]
fn report_escapes_strings_from_the_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("hostile.jsonl");
    let hostile = r#"<script>alert("x")</script>&'"#;
    let line = serde_json::json!({
        "id": "h1",
        "title": hostile,
        "source": hostile,
        "published": "2024-03-01",
        "text": "قال الرئيس في دمشق إن الحكومة السورية ستعقد اجتماعا في بيروت يوم 5 آذار 2024.",
    });
    std::fs::write(&input, format!("{line}\n")).expect("write input");
    let out = dir.path().join("out");
    run(&input, &out, 1);
    let html = report_html(&out);
    assert!(!html.contains("<script"), "no raw markup from the data");
    assert!(html.contains(&escaped(hostile)), "the hostile source is shown escaped");
}

#[test]
fn report_refuses_a_folder_that_is_not_a_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = report(dir.path(), &dir.path().join("r.html"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not a khabar dataset: no manifest.json"), "{stderr}");
    assert!(!dir.path().join("r.html").exists(), "no report on a refusal");
}

/// A copy of the seeds' dataset to tamper with.
fn copy_of_seeds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(seeds_output()).expect("seeds output") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    dir
}

#[test]
fn report_refuses_another_schema_version_in_the_manifest() {
    let dir = copy_of_seeds();
    let path = dir.path().join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("manifest")).expect("json");
    manifest["schema_version"] = serde_json::json!("0");
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).expect("json")).expect("write");
    let out = report(dir.path(), &dir.path().join("r.html"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has schema version 0, this khabar reads version"), "{stderr}");
}

#[test]
fn report_refuses_another_schema_version_in_a_footer() {
    let dir = copy_of_seeds();
    // The footer holds `khabar.schema_version` then the value as a Thrift binary (0x18, its
    // length, its bytes); the same length keeps the file valid (Parquet footers carry no checksum).
    let path = dir.path().join("entities.parquet");
    let mut bytes = std::fs::read(&path).expect("entities");
    let current = khabar_core::SCHEMA_VERSION.as_bytes();
    let mut needle = b"khabar.schema_version".to_vec();
    needle.push(0x18);
    needle.push(current.len() as u8);
    needle.extend_from_slice(current);
    let at = bytes.windows(needle.len()).rposition(|w| w == needle).expect("the footer names its schema version");
    let value = at + needle.len() - current.len();
    let other = if current[0] == b'0' { b'9' } else { b'0' };
    bytes[value] = other;
    std::fs::write(&path, &bytes).expect("write");
    let out = report(dir.path(), &dir.path().join("r.html"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("entities.parquet has schema version"), "{stderr}");
}

#[test]
fn report_is_byte_identical_on_two_runs() {
    let first = report_html(seeds_output());
    let second = report_html(seeds_output());
    assert!(first == second, "two reports of one dataset differ");
}

/// Without `khabar-report` beside it or on `PATH`, `khabar report` exits 2 and says how to
/// build it; nothing is written.
#[test]
fn report_without_the_report_binary_says_how_to_build_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lone = dir.path().join("khabar");
    std::fs::copy(env!("CARGO_BIN_EXE_khabar"), &lone).expect("copy khabar");
    let file = dir.path().join("report.html");
    let out = std::process::Command::new(&lone)
        .args(["report", seeds_output().to_str().expect("utf-8 path"), "--output", file.to_str().expect("utf-8")])
        .env("PATH", dir.path().join("empty"))
        .output()
        .expect("khabar runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cargo build --release -p khabar-report"), "{stderr}");
    assert!(!file.exists(), "no report written");
}
