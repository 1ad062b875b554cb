//! Locating `../shared` (the external data: gold sets, peer suites), which tests read in
//! place and never copy: `KHABAR_SHARED` if set, else `<workspace>/../shared`.

use std::path::PathBuf;

#[allow(clippy::disallowed_methods, reason = "tests may be pointed at the shared data folder")]
pub(crate) fn shared() -> PathBuf {
    if let Some(dir) = std::env::var_os("KHABAR_SHARED") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(dir.is_dir(), "shared data not found at {}; set KHABAR_SHARED", dir.display());
    dir
}
