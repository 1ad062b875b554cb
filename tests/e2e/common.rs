//! Running the binary and locating the workspace.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// The variables that make `khabar run` a shard (a Slurm array task, a Kubernetes Indexed Job).
pub(crate) const SHARD_VARIABLES: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_STEP",
    "SLURM_ARRAY_TASK_COUNT",
    "JOB_COMPLETION_INDEX",
    "KHABAR_NUM_SHARDS",
];

/// `khabar` with `args` in `cwd`, without the scheduler's variables the tests may run under.
pub(crate) fn khabar_command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_khabar"));
    command.args(args).current_dir(cwd);
    for name in SHARD_VARIABLES {
        command.env_remove(name);
    }
    command
}

/// Runs `khabar` with `args` in `cwd`.
pub(crate) fn khabar_in(cwd: &Path, args: &[&str]) -> Output {
    khabar_command(cwd, args).output().expect("khabar runs")
}

/// Runs `khabar run --input INPUT --output OUT --threads N`, asserting exit 0.
pub(crate) fn run(input: &Path, out: &Path, threads: usize) -> Output {
    let output = khabar_in(
        &root(),
        &[
            "run",
            "--input",
            input.to_str().expect("utf-8 path"),
            "--output",
            out.to_str().expect("utf-8 path"),
            "--threads",
            &threads.to_string(),
        ],
    );
    assert!(output.status.success(), "khabar failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// The seeds run once per test binary, shared by tests that only read it.
pub(crate) fn seeds_output() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        run(&root().join("data"), &out, 2);
        (dir, out)
    });
    out
}

/// The shared data folder (gold sets, peer suites, scorer), read in place: `KHABAR_SHARED` if
/// set, else `../shared` beside the workspace, else `/work/shared`.
#[allow(clippy::disallowed_methods, reason = "tests may be pointed at the shared data folder")]
pub(crate) fn shared() -> PathBuf {
    if let Some(dir) = std::env::var_os("KHABAR_SHARED") {
        return PathBuf::from(dir);
    }
    let candidates = [root().join("../shared"), PathBuf::from("/work/shared")];
    candidates.iter().find(|d| d.join("tools/score.py").is_file()).cloned().unwrap_or_else(|| {
        panic!("shared data not found at {} or /work/shared; set KHABAR_SHARED", candidates[0].display())
    })
}
