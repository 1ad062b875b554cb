//! Running the binary and locating the workspace.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Runs `khabar` with `args` in `cwd`.
pub(crate) fn khabar_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar")).args(args).current_dir(cwd).output().expect("khabar runs")
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
