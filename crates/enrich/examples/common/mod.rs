//! Paths shared by the tagger examples.
#![allow(dead_code, reason = "each example uses some of these")]

/// A file under the shared data folder: `../shared` beside the workspace, else `/work/shared`.
pub(crate) fn shared(rel: &str) -> String {
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let root = if beside.join("external").is_dir() { beside } else { std::path::PathBuf::from("/work/shared") };
    root.join(rel).display().to_string()
}

/// A file of the committed models folder (`crates/enrich/models`).
pub(crate) fn models(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(name).display().to_string()
}
