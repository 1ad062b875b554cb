#!/usr/bin/env bash
# The test command: every Rust test of the workspace, including the end-to-end tests and the
# Python tests (pyarrow, pandas, polars, DuckDB and Hugging Face datasets read the tables; PyYAML
# reads the dataset card and the Kubernetes manifests; matplotlib draws the examples' figures) and the R tests (where Rscript is), then the Slurm
# example on a real single-node Slurm (tests/slurm/run.sh) where Slurm is installed and this is
# root, or wherever KHABAR_SLURM_TEST=1 (then a missing Slurm is a failure), and the report in
# headless Chromium (tests/report/chromium.sh) where chromium is, or wherever KHABAR_CHROMIUM_TEST=1.
# Installs the Python packages for the current user if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
for module in pyarrow yaml pandas polars duckdb datasets matplotlib; do
    if ! python3 -c "import $module" 2>/dev/null; then
        package=$module
        [ "$module" = yaml ] && package=PyYAML
        echo "tests/run.sh: installing $package for the Python tests" >&2
        python3 -m pip install --quiet --user "$package" 2>/dev/null || python3 -m pip install --quiet "$package"
    fi
done
cargo test --workspace --locked "$@"
if [ "${KHABAR_SLURM_TEST:-}" = 1 ] || { [ "$(id -u)" = 0 ] && command -v slurmctld >/dev/null; }; then
    tests/slurm/run.sh target/debug/khabar
else
    echo "tests/run.sh: the Slurm test did not run (needs root and Debian's slurmctld slurmd slurm-client munge; KHABAR_SLURM_TEST=1 makes it required)" >&2
fi
if [ "${KHABAR_CHROMIUM_TEST:-}" = 1 ] || command -v chromium >/dev/null; then
    tests/report/chromium.sh target/debug/khabar
else
    echo "tests/run.sh: the Chromium report test did not run (needs Debian's chromium; KHABAR_CHROMIUM_TEST=1 makes it required)" >&2
fi
