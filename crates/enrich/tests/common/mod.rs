//! Locating the shared data folder (gold sets, peer suites, corpora), which tests read in
//! place and never copy: `KHABAR_SHARED` if set, else `../shared` beside the workspace, else
//! `/work/shared`.

use std::path::PathBuf;

#[allow(clippy::disallowed_methods, reason = "tests may be pointed at the shared data folder")]
pub(crate) fn shared() -> PathBuf {
    if let Some(dir) = std::env::var_os("KHABAR_SHARED") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let candidates = [beside, PathBuf::from("/work/shared")];
    candidates.iter().find(|d| d.join("external").is_dir()).cloned().unwrap_or_else(|| {
        panic!("shared data not found at {} or /work/shared; set KHABAR_SHARED", candidates[0].display())
    })
}
