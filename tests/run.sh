#!/usr/bin/env bash
# The test command: every Rust test of the workspace, including the end-to-end tests and the
# Python (pyarrow) read test. Installs pyarrow for the current user if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import pyarrow' 2>/dev/null; then
    echo "tests/run.sh: installing pyarrow for the Python read test" >&2
    python3 -m pip install --quiet --user pyarrow 2>/dev/null || python3 -m pip install --quiet pyarrow
fi
cargo test --workspace --locked "$@"
