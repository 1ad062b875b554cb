//! The `khabar-report` binary on the seeds' dataset in `testdata/seeds/`: the report is
//! written where asked, whole, the same bytes twice; a folder that is not a dataset exits 2 and
//! leaves nothing behind. (The sections themselves are tested in the library and in
//! tests/e2e/report.rs through `khabar report`.)

use std::path::Path;
use std::process::{Command, Output};

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/seeds"))
}

fn report(dataset: &Path, file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar-report"))
        .arg(dataset)
        .arg("--output")
        .arg(file)
        .output()
        .expect("khabar-report runs")
}

#[test]
fn writes_the_report_where_asked_the_same_bytes_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    for file in [&a, &b] {
        let out = report(seeds(), file);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("report of 5 documents"));
    }
    let html = std::fs::read_to_string(&a).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.as_bytes(), std::fs::read(&b).expect("written"), "byte-identical reports");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_folder_that_is_not_a_dataset_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.html");
    let out = report(dir.path(), &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("khabar: error:"));
    assert!(!file.exists());
}
