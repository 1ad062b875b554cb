//! The tables read from Python with pyarrow, with the types the contract promises.
//! Needs `python3` with `pyarrow` (installed by `tests/run.sh` and `.ci/run`).

use crate::common::{root, seeds_output};

#[test]
fn pyarrow_reads_every_table_with_contract_types() {
    let out = seeds_output();
    let script = root().join("tests/python/check_tables.py");
    let result = std::process::Command::new("python3")
        .arg(&script)
        .arg(out)
        .output()
        .expect("python3 must be installed (tests/run.sh installs pyarrow)");
    assert!(
        result.status.success(),
        "{}\n{}\n(hint: pip install pyarrow, or run tests/run.sh)",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(String::from_utf8_lossy(&result.stdout).contains("ok: 7 tables"));
}
