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

/// A corpus that takes a debug build a few seconds: 1,200 files from the seeds.
fn long_corpus(dir: &std::path::Path) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let seeds: Vec<String> = std::fs::read_dir(root().join("data"))
        .expect("data")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed"))
        .collect();
    for i in 0..1200 {
        let text = format!("{}\n\nالخبر رقم {i}.", seeds[i % seeds.len()]);
        std::fs::write(input.join(format!("{i:05}.txt")), text).expect("write");
    }
    std::fs::write(dir.join("p.toml"), "[run]\ninputs = [\"in\"]\nbatch-docs = 16\n").expect("config");
}

fn run_args(out: &str) -> Vec<&str> {
    vec!["run", "--config", "p.toml", "--output", out, "--threads", "2"]
}

/// Names in `dir` besides the inputs and the config.
fn beside(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "in" && n != "p.toml")
        .collect();
    names.sort();
    names
}

fn signal(child: &std::process::Child, name: &str) {
    let status = std::process::Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status();
    assert!(status.expect("kill runs").success(), "kill -{name}");
}

/// Waits until the run has started writing its unfinished output.
fn wait_for_tmp(dir: &std::path::Path, child: &mut std::process::Child) {
    let tmp = dir.join("out.khabar-tmp");
    let t = std::time::Instant::now();
    while !tmp.exists() {
        assert!(child.try_wait().expect("wait").is_none(), "the run ended before it could be stopped");
        assert!(t.elapsed().as_secs() < 120, "the run never started writing");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// SIGTERM and SIGINT stop a run that is replacing a dataset: exit 143 / 130, the unfinished
/// output removed, the previous dataset as it was.
#[test]
fn sigterm_and_sigint_stop_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    long_corpus(dir.path());
    let first = khabar_in(dir.path(), &run_args("out"));
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = crate::determinism::file_bytes(&dir.path().join("out"));
    for (name, code) in [("TERM", 143), ("INT", 130)] {
        let mut child = crate::common::khabar_command(dir.path(), &run_args("out"))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        wait_for_tmp(dir.path(), &mut child);
        std::thread::sleep(std::time::Duration::from_millis(300));
        signal(&child, name);
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "SIG{name}: {stderr}");
        assert!(stderr.contains(&format!("stopped by SIG{name}")), "{stderr}");
        assert_eq!(beside(dir.path()), ["out"], "SIG{name}: nothing left beside OUT");
        assert!(crate::determinism::file_bytes(&dir.path().join("out")) == before, "SIG{name}: OUT as it was");
    }
}

/// SIGKILL at several points of a run replacing a dataset (reading, writing, closing the
/// tables, the swap): OUT is the previous dataset, whole, at every point (a watcher reads it
/// all along, the instant of the swap included); the rerun's bytes are an uninterrupted run's,
/// and nothing the killed runs left remains beside OUT.
#[test]
fn sigkill_at_any_point_leaves_a_whole_dataset_and_the_rerun_is_uninterrupted() {
    let dir = tempfile::tempdir().expect("tempdir");
    long_corpus(dir.path());
    let t = std::time::Instant::now();
    let first = khabar_in(dir.path(), &run_args("out"));
    let full = t.elapsed();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let want = crate::determinism::file_bytes(&dir.path().join("out"));
    let manifest = dir.path().join("out/manifest.json");
    let watching = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        // OUT's manifest is always there and whole, and names files that are there.
        let watcher = scope.spawn(|| {
            let mut reads = 0u64;
            while watching.load(std::sync::atomic::Ordering::Relaxed) {
                let bytes = std::fs::read(&manifest).expect("OUT/manifest.json is always there");
                let parsed: serde_json::Value = serde_json::from_slice(&bytes).expect("and whole");
                assert!(parsed["outputs"].as_array().is_some_and(|o| !o.is_empty()));
                reads += 1;
            }
            reads
        });
        for eighth in 1..=7 {
            let mut child = crate::common::khabar_command(dir.path(), &run_args("out"))
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn");
            std::thread::sleep(full * eighth / 8);
            child.kill().expect("SIGKILL");
            child.wait().expect("wait");
            assert!(crate::determinism::file_bytes(&dir.path().join("out")) == want, "killed at {eighth}/8: OUT whole");
        }
        // A run left to finish replaces OUT under the watcher's eyes.
        let last = khabar_in(dir.path(), &run_args("out"));
        assert!(last.status.success(), "{}", String::from_utf8_lossy(&last.stderr));
        watching.store(false, std::sync::atomic::Ordering::Relaxed);
        let reads = watcher.join().expect("the watcher found OUT whole every time");
        assert!(reads > 100, "the watcher read OUT {reads} times");
    });
    assert!(crate::determinism::file_bytes(&dir.path().join("out")) == want, "the rerun's bytes");
    assert_eq!(beside(dir.path()), ["out"], "nothing left beside OUT");
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The output disk fills mid-run (a 1 MiB tmpfs, as root): exit 2 naming the cause, the
/// previous dataset untouched, nothing left beside it. Needs root to mount; elsewhere it says
/// so and checks nothing, unless `KHABAR_ROOT_TESTS=1` (set by `.ci/run`) makes it required.
#[test]
fn a_full_disk_stops_the_run_and_keeps_the_previous_dataset() {
    let root_user = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    #[allow(clippy::disallowed_methods, reason = "CI requires the tests that need root")]
    let required = std::env::var("KHABAR_ROOT_TESTS").is_ok_and(|v| v == "1");
    if !root_user {
        assert!(!required, "KHABAR_ROOT_TESTS=1 but not root");
        eprintln!("a_full_disk_stops_the_run_and_keeps_the_previous_dataset: not root, cannot mount a tmpfs: not run");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    long_corpus(dir.path());
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).expect("mkdir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .status()
        .expect("mount runs");
    assert!(mounted.success(), "mount -t tmpfs (as root)");
    let _unmount = Tmpfs(disk.clone());
    let out = disk.join("out");
    let out_arg = out.to_str().expect("utf-8");
    let seeds = root().join("data");
    let small = khabar_in(dir.path(), &["run", "--input", seeds.to_str().expect("utf-8"), "--output", out_arg]);
    assert!(small.status.success(), "the seeds fit: {}", String::from_utf8_lossy(&small.stderr));
    let before = crate::determinism::file_bytes(&out);
    let full = khabar_in(dir.path(), &run_args(out_arg));
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(full.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(crate::determinism::file_bytes(&out) == before, "the previous dataset untouched");
    let left: Vec<_> = std::fs::read_dir(&disk).expect("disk").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, ["out"], "nothing left beside OUT");
}
