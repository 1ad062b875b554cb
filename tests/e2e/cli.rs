//! Exit codes and messages of `khabar run`.

use crate::common::{khabar_in, root};

#[test]
fn missing_input_is_fatal_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = khabar_in(dir.path(), &["run", "--input", "no/such/folder", "--output", "o"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("input path no/such/folder does not exist"), "{stderr}");
    assert!(!dir.path().join("o").exists(), "no dataset on a fatal error");
}

#[test]
fn misspelt_config_key_is_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("pipeline.toml"), "[normalize]\ndigit = \"keep\"\n").expect("write");
    let out = khabar_in(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown field `digit`"), "{stderr}");
}

#[test]
fn no_config_and_no_input_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = khabar_in(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --config FILE or --input PATH"));
}

#[test]
fn too_many_failures_exit_1_but_still_write_the_dataset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("a.txt"), "نص صالح").expect("write");
    std::fs::write(input.join("b.txt"), "").expect("write");
    std::fs::write(input.join("c.txt"), "").expect("write");
    std::fs::write(dir.path().join("p.toml"), "[run]\ninputs = [\"in\"]\noutput = \"o\"\nmax-failure-ratio = 0.5\n")
        .expect("write");
    let out = khabar_in(dir.path(), &["run", "--config", "p.toml"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("o/documents.parquet").exists());
}

#[test]
fn default_run_reads_pipeline_toml_and_data() {
    // What a new user types in the repository: `khabar run` (here into a temp output).
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let result = khabar_in(&root(), &["run", "--output", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("5 documents"), "summary: {stderr}");
    assert_eq!(khabar_testkit::rows(&out, "documents").len(), 5);
}
