//! Sharded runs: `khabar run --num-shards N --shard-index I` into WORK, then `khabar merge`,
//! write the single run's dataset byte for byte, whatever the number of shards, their order or
//! their concurrency; killed shards are redone, finished ones skipped; a WORK that cannot be
//! merged is refused before anything is written.

use std::path::{Path, PathBuf};
use std::process::Output;

use khabar_corpus::work::{self, Marker};

use crate::common::{khabar_command, khabar_in, root};
use crate::determinism::file_bytes;

/// A corpus of the seeds, a copy of one seed (an exact duplicate in another shard), the
/// bad-input folder and the SGML fixtures, with a config of small batches, parts and row
/// groups, so that every batch boundary and every corpus-wide step crosses shards.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        let seeds = input.join("seeds");
        std::fs::create_dir_all(&seeds).expect("mkdir");
        for entry in std::fs::read_dir(root().join("data")).expect("data") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, seeds.join(path.file_name().expect("name"))).expect("copy");
        }
        crate::bad_input::write_bad_inputs(&input.join("bad"));
        crate::sgml::write_sgml_inputs(&input.join("sgml"));
        std::fs::create_dir_all(input.join("z-copies")).expect("mkdir");
        let first = std::fs::read_dir(&seeds).expect("seeds").map(|e| e.expect("entry").path()).min().expect("a seed");
        std::fs::copy(&first, input.join("z-copies/copy.txt")).expect("copy");
        let config = "[run]\ninputs = [\"in/seeds\", \"in/bad\", \"in/sgml\", \"in/z-copies\"]\nbatch-docs = 2\n\
                      [export]\nrows-per-file = 20\nrow-group-rows = 3\n";
        std::fs::write(dir.path().join("p.toml"), config).expect("config");
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `khabar ARGS --config p.toml` in the corpus folder.
    fn khabar(&self, args: &[&str]) -> Output {
        let mut all = args.to_vec();
        all.extend(["--config", "p.toml"]);
        khabar_in(self.dir.path(), &all)
    }

    fn single_run(&self, out: &str) -> PathBuf {
        let output = self.khabar(&["run", "--output", out, "--threads", "2"]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        self.path(out)
    }

    fn shard_args(work: &str, index: usize, count: usize) -> Vec<String> {
        [
            "run",
            "--output",
            work,
            "--threads",
            "1",
            "--num-shards",
            &count.to_string(),
            "--shard-index",
            &index.to_string(),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain(["--config".to_owned(), "p.toml".to_owned()])
        .collect()
    }

    fn shard(&self, work: &str, index: usize, count: usize) -> Output {
        let args = Self::shard_args(work, index, count);
        let output = khabar_in(self.dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(output.status.success(), "shard {index}: {}", String::from_utf8_lossy(&output.stderr));
        output
    }

    /// Runs all `count` shards at once.
    fn shards_at_once(&self, work: &str, count: usize) {
        let children: Vec<_> = (0..count)
            .map(|i| {
                let args = Self::shard_args(work, i, count);
                khabar_command(self.dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let output = child.wait_with_output().expect("wait");
            assert!(output.status.success(), "shard {i}: {}", String::from_utf8_lossy(&output.stderr));
        }
    }

    fn merge(&self, work: &str, out: &str) -> Output {
        khabar_in(self.dir.path(), &["merge", work, "--output", out, "--threads", "2"])
    }
}

/// Every file of two datasets, byte for byte.
fn assert_same_dataset(want: &Path, got: &Path) {
    let (want, got) = (file_bytes(want), file_bytes(got));
    assert_eq!(want.keys().collect::<Vec<_>>(), got.keys().collect::<Vec<_>>(), "the same files");
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs from the single run's");
    }
}

#[test]
fn shards_merged_are_the_single_run_byte_for_byte() {
    let corpus = Corpus::new();
    let one = corpus.single_run("one");
    // The corpus has what the merge must get right: duplicates, failures, near-duplicates.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("manifest.json")).expect("manifest")).expect("json");
    let counts = &manifest["counts"];
    assert!(counts["duplicates"].as_u64() >= Some(5), "{counts}");
    assert!(counts["failed_inputs"].as_u64() >= Some(4), "{counts}");
    assert!(counts["near_duplicates"].as_u64() >= Some(1), "{counts}");
    assert!(!manifest["skipped"].as_array().expect("skipped").is_empty());

    for (count, how) in [(1, "in order"), (2, "at once"), (3, "in reverse order"), (7, "at once")] {
        let work = format!("work-{count}");
        match how {
            "at once" => corpus.shards_at_once(&work, count),
            "in reverse order" => (0..count).rev().for_each(|i| drop(corpus.shard(&work, i, count))),
            _ => (0..count).for_each(|i| drop(corpus.shard(&work, i, count))),
        }
        let out = format!("merged-{count}");
        let merged = corpus.merge(&work, &out);
        assert!(merged.status.success(), "{count} shards: {}", String::from_utf8_lossy(&merged.stderr));
        assert_same_dataset(&one, &corpus.path(&out));
        // Shards write only their own folders.
        let mut names: Vec<String> = std::fs::read_dir(corpus.path(&work))
            .expect("work")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let want: Vec<String> = (0..count).map(|i| work::shard_name(i, count)).collect();
        assert_eq!(names, want, "{count} shards run {how}");
    }
}

#[test]
fn the_seeds_with_the_shipped_config_merge_to_the_single_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, work, merged) = (dir.path().join("one"), dir.path().join("work"), dir.path().join("merged"));
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let run = khabar_in(&root(), &["run", "--output", &s(&out)]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for i in [1, 0] {
        let shard =
            khabar_in(&root(), &["run", "--output", &s(&work), "--num-shards", "2", "--shard-index", &i.to_string()]);
        assert!(shard.status.success(), "{}", String::from_utf8_lossy(&shard.stderr));
    }
    let merge = khabar_in(&root(), &["merge", &s(&work), "--output", &s(&merged)]);
    assert!(merge.status.success(), "{}", String::from_utf8_lossy(&merge.stderr));
    assert_same_dataset(&out, &merged);
}

/// The schedulers' variables pick the same shard as the flags: the same files, byte for byte.
#[test]
fn slurm_and_kubernetes_variables_select_the_flagged_shard() {
    let corpus = Corpus::new();
    corpus.shard("flags", 1, 3);
    let with_env = |work: &str, vars: &[(&str, &str)]| {
        let mut command = khabar_command(corpus.dir.path(), &["run", "--config", "p.toml", "--output", work]);
        command.envs(vars.iter().copied());
        let output = command.output().expect("khabar runs");
        assert!(output.status.success(), "{vars:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    // `sbatch --array=1-3`: task IDs 1, 2, 3.
    with_env("slurm", &[("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")]);
    // An Indexed Job of completions 3, its count in the manifest's env.
    with_env("k8s", &[("JOB_COMPLETION_INDEX", "1"), ("KHABAR_NUM_SHARDS", "3")]);
    let name = work::shard_name(1, 3);
    let flags = file_bytes(&corpus.path("flags").join(&name));
    for work in ["slurm", "k8s"] {
        assert_eq!(file_bytes(&corpus.path(work).join(&name)), flags, "{work}");
    }
    // Out of range, or half given: exit 2, and no shard is written.
    for (args, want) in [
        (&["--num-shards", "3", "--shard-index", "3"][..], "shard index 3 is outside 0..3"),
        (&["--shard-index", "0"][..], "without a number of shards"),
        (&["--num-shards", "0", "--shard-index", "0"][..], "must be positive"),
    ] {
        let mut all = vec!["run", "--output", "bad"];
        all.extend(args);
        let output = corpus.khabar(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(want),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!corpus.path("bad").exists());
    }
}

#[test]
fn a_killed_shard_is_redone_and_a_finished_one_is_skipped() {
    // Enough documents that the shard is still writing when it is killed.
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let seeds: Vec<String> = std::fs::read_dir(root().join("data"))
        .expect("data")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed"))
        .collect();
    for i in 0..1200 {
        let text = format!("{}\n\nالخبر رقم {i}.", seeds[i % seeds.len()]);
        std::fs::write(input.join(format!("{i:05}.txt")), text).expect("write");
    }
    std::fs::write(dir.path().join("p.toml"), "[run]\ninputs = [\"in\"]\nbatch-docs = 16\n").expect("config");
    let args = |i: usize| -> Vec<String> {
        ["run", "--config", "p.toml", "--output", "work", "--threads", "1", "--num-shards", "2", "--shard-index"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([i.to_string()])
            .collect()
    };
    let run_shard = |i: usize| {
        let output = khabar_in(dir.path(), &args(i).iter().map(String::as_str).collect::<Vec<_>>());
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    run_shard(1);
    let mut child = khabar_command(dir.path(), &args(0).iter().map(String::as_str).collect::<Vec<_>>())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let records = dir.path().join("work/.shard-00000-of-00002.tmp").join(work::RECORDS);
    let t = std::time::Instant::now();
    while std::fs::metadata(&records).map_or(true, |m| m.len() == 0) {
        assert!(t.elapsed().as_secs() < 120, "the shard never wrote its records");
        assert!(child.try_wait().expect("wait").is_none(), "the shard ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let finished = dir.path().join("work").join(work::shard_name(0, 2));
    assert!(!finished.exists(), "a killed shard has no finished folder");
    let merge = khabar_in(dir.path(), &["merge", "work", "--output", "merged"]);
    assert_eq!(merge.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&merge.stderr).contains("missing or unfinished shards of 2: 0"));

    assert!(run_shard(0).contains("shard 0 of 2:"));
    assert!(!dir.path().join("work/.shard-00000-of-00002.tmp").exists());
    // Run again: complete already, nothing written.
    let before = file_bytes(&finished);
    let modified = std::fs::metadata(finished.join(work::RECORDS)).and_then(|m| m.modified()).expect("mtime");
    assert!(run_shard(0).contains("already complete"));
    assert_eq!(file_bytes(&finished), before);
    assert_eq!(std::fs::metadata(finished.join(work::RECORDS)).and_then(|m| m.modified()).expect("mtime"), modified);

    let merge = khabar_in(dir.path(), &["merge", "work", "--output", "merged"]);
    assert!(merge.status.success(), "{}", String::from_utf8_lossy(&merge.stderr));
    let one = khabar_in(dir.path(), &["run", "--config", "p.toml", "--output", "one"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_same_dataset(&dir.path().join("one"), &dir.path().join("merged"));
}

/// Copies a folder (one level of subfolders, as WORK has).
fn copy_work(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("work") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        std::fs::create_dir_all(&dest).expect("mkdir");
        for file in std::fs::read_dir(&path).expect("shard") {
            let file = file.expect("entry").path();
            std::fs::copy(&file, dest.join(file.file_name().expect("name"))).expect("copy");
        }
    }
}

#[test]
fn merge_refuses_what_it_cannot_merge_and_writes_nothing() {
    let corpus = Corpus::new();
    (0..3).for_each(|i| drop(corpus.shard("work", i, 3)));
    let shard = |work: &str, i: usize| corpus.path(work).join(work::shard_name(i, 3));
    let refused = |work: &str, out: &str, want: &str| {
        let output = corpus.merge(work, out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{work}: {stderr}");
        assert!(stderr.contains(want), "{work}: wanted {want:?} in {stderr}");
        stderr.into_owned()
    };
    let case = |name: &str| {
        copy_work(&corpus.path("work"), &corpus.path(name));
        name.to_owned()
    };

    let missing = case("missing");
    std::fs::remove_dir_all(shard(&missing, 1)).expect("rm");
    refused(&missing, "out-missing", "missing or unfinished shards of 3: 1");
    assert!(!corpus.path("out-missing").exists());

    // Shard 2 run again with other settings: it replaces the old one, and the merge refuses.
    let configs = case("configs");
    let other = "[run]\ninputs = [\"in/seeds\", \"in/bad\", \"in/sgml\", \"in/z-copies\"]\nbatch-docs = 2\n\
                 [normalize]\ndigits = \"keep\"\n[export]\nrows-per-file = 20\nrow-group-rows = 3\n";
    std::fs::write(corpus.path("other.toml"), other).expect("config");
    let rerun = khabar_in(
        corpus.dir.path(),
        &["run", "--config", "other.toml", "--output", &configs, "--num-shards", "3", "--shard-index", "2"],
    );
    assert!(rerun.status.success(), "{}", String::from_utf8_lossy(&rerun.stderr));
    let stderr = refused(&configs, "out-configs", "another config (config_hash) than shard-00000-of-00003");
    assert!(stderr.contains(": shard-00002-of-00003"), "{stderr}");

    // A shard written by another khabar, its marker otherwise sound.
    let version = case("version");
    let mut marker: Marker<serde_json::Value> = work::read_marker(&shard(&version, 0)).expect("marker");
    marker.khabar_version = "0.0.1".to_owned();
    work::write_marker(&shard(&version, 0), marker).expect("write marker");
    refused(&version, "out-version", "shard-00000-of-00003 (khabar 0.0.1)");

    // Markers cut short, or edited by hand.
    let truncated = case("truncated");
    let path = shard(&truncated, 1).join(work::MARKER);
    let text = std::fs::read_to_string(&path).expect("marker");
    std::fs::write(&path, &text[..text.len() / 2]).expect("write");
    refused(&truncated, "out-truncated", "shard-00001-of-00003: complete.json is not a marker");
    let edited = case("edited");
    let path = shard(&edited, 1).join(work::MARKER);
    std::fs::write(&path, text.replace("\"files\": ", "\"files\": 1")).expect("write");
    refused(&edited, "out-edited", "shard-00001-of-00003: complete.json was altered");

    // Records altered after the marker was written: found as they are read; OUT untouched.
    let records = case("records");
    let path = shard(&records, 2).join(work::RECORDS);
    let mut bytes = std::fs::read(&path).expect("records");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).expect("write");
    refused(&records, "out-records", "records.zst");
    assert!(!corpus.path("out-records").exists());

    // An OUT that is not a khabar dataset is left as it was.
    std::fs::create_dir_all(corpus.path("notes")).expect("mkdir");
    std::fs::write(corpus.path("notes/thesis.txt"), "mine").expect("write");
    refused("work", "notes", "holds no manifest.json");
    let left: Vec<_> = std::fs::read_dir(corpus.path("notes")).expect("notes").collect();
    assert_eq!(left.len(), 1);
    assert_eq!(std::fs::read_to_string(corpus.path("notes/thesis.txt")).expect("read"), "mine");

    // And the WORK the cases were copied from still merges.
    let ok = corpus.merge("work", "merged");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    for name in ["out-missing", "out-configs", "out-version", "out-truncated", "out-edited"] {
        assert!(!corpus.path(name).exists(), "{name} written");
    }
}

/// The Kubernetes manifests parse as the Job API reads them (`tests/python/check_k8s.py`), and
/// what they run, run by a stand-in for Kubernetes (each index of the Indexed Job with its
/// `JOB_COMPLETION_INDEX`, `parallelism` at a time, then the merge Job, `/data` a folder
/// here), gives the single run's dataset.
#[test]
fn kubernetes_jobs_run_in_a_stand_in_merge_to_the_single_run() {
    let examples = root().join("examples/k8s");
    let checked = std::process::Command::new("python3")
        .arg(root().join("tests/python/check_k8s.py"))
        .arg(examples.join("shards-job.yaml"))
        .arg(examples.join("merge-job.yaml"))
        .output()
        .expect("python3 must be installed (tests/run.sh installs PyYAML)");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    let jobs: serde_json::Value = serde_json::from_slice(&checked.stdout).expect("json");

    let data = tempfile::tempdir().expect("tempdir");
    let seeds = data.path().join("in");
    std::fs::create_dir_all(&seeds).expect("mkdir");
    for entry in std::fs::read_dir(root().join("data")).expect("data") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, seeds.join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(data.path().join("pipeline.toml"), "[run]\ninputs = [\"in\"]\nbatch-docs = 2\n").expect("config");
    let mount = data.path().to_str().expect("utf-8");
    // The container's command with the volume mounted at `data` instead of /data.
    let container = |job: &serde_json::Value| {
        let args: Vec<String> = job["command"].as_array().expect("command")[1..]
            .iter()
            .map(|a| a.as_str().expect("string").replace("/data", mount))
            .collect();
        let mut command = khabar_command(data.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
        for (k, v) in job["env"].as_object().expect("env") {
            command.env(k, v.as_str().expect("string"));
        }
        command
    };
    let shards = &jobs["shards"];
    let completions = shards["completions"].as_u64().expect("completions") as usize;
    let parallelism = shards["parallelism"].as_u64().expect("parallelism") as usize;
    let indices: Vec<usize> = (0..completions).collect();
    for wave in indices.chunks(parallelism) {
        let pods: Vec<_> = wave
            .iter()
            .map(|i| {
                let mut command = container(shards);
                command.env("JOB_COMPLETION_INDEX", i.to_string()).stderr(std::process::Stdio::piped());
                command.spawn().expect("spawn")
            })
            .collect();
        for pod in pods {
            let output = pod.wait_with_output().expect("wait");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        }
    }
    let merged = container(&jobs["merge"]).output().expect("merge runs");
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    // The manifest lists input roots as the config resolves them: the same config path, here
    // as in the Job.
    let config = format!("{mount}/pipeline.toml");
    let one = khabar_in(data.path(), &["run", "--config", &config, "--output", "one"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_same_dataset(&data.path().join("one"), &data.path().join("out"));
}
