//! Dependencies run one way: stages (and the corpus-wide steps) depend on core only, core on no
//! khabar crate, the CLI on all of them. A new edge fails here.

use std::collections::{BTreeMap, BTreeSet};

#[test]
fn workspace_edges_run_one_way() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(crate::common::root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in meta["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name").to_owned();
        let deps = package["dependencies"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|d| d["kind"].is_null()) // normal dependencies; dev-dependencies may cross
            .map(|d| d["name"].as_str().expect("dep name").to_owned())
            .filter(|d| d.starts_with("khabar"))
            .collect();
        edges.insert(name, deps);
    }
    let set = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<String>>();
    assert_eq!(edges["khabar-core"], set(&[]));
    for stage in ["khabar-ingest", "khabar-normalize", "khabar-enrich", "khabar-export", "khabar-corpus"] {
        assert_eq!(edges[stage], set(&["khabar-core"]), "{stage} may depend on khabar-core only");
    }
    assert_eq!(
        edges["khabar"],
        set(&["khabar-core", "khabar-ingest", "khabar-normalize", "khabar-enrich", "khabar-export", "khabar-corpus"])
    );
    // The report is its own binary (polars is never built with the pipeline): nothing links it.
    for (name, deps) in &edges {
        assert!(!deps.contains("khabar-report"), "{name} depends on khabar-report");
    }
    // The report reads finished datasets: core only, never a stage.
    assert_eq!(edges["khabar-report"], set(&["khabar-core"]), "khabar-report may depend on khabar-core only");
    // Arrow and Parquet stay in export (and the test kit); polars in the report alone.
    let all = meta["packages"].as_array().expect("packages");
    for package in all {
        let name = package["name"].as_str().expect("name");
        let links = |crates: &[&str]| {
            package["dependencies"]
                .as_array()
                .expect("deps")
                .iter()
                .any(|d| d["kind"].is_null() && d["name"].as_str().is_some_and(|n| crates.contains(&n)))
        };
        let arrow = links(&["parquet", "arrow-array"]);
        assert!(!arrow || matches!(name, "khabar-export" | "khabar-testkit"), "{name} links Arrow/Parquet");
        let polars = links(&["polars"]);
        assert!(!polars || name == "khabar-report", "{name} links polars");
    }
}
