# Shared by scripts/bench.sh and scripts/memory.sh (sourced from the repository root):
#   SHARED  ../shared, or $KHABAR_SHARED
#   WORK    where corpora and outputs go: /tmp/khabar-bench, or $BENCH_DIR (created)
#   BIN     the khabar binary: $KHABAR_BIN (another build, for before/after), else the release
#           build of this checkout, built here
# and `generated_corpus MB`, which prints the path of ../shared/tools/make_corpus.py's corpus of
# MB megabytes under $WORK, making it first if it is not there.
SHARED=${KHABAR_SHARED:-../shared}
WORK=${BENCH_DIR:-/tmp/khabar-bench}
mkdir -p "$WORK"
if [ -n "${KHABAR_BIN:-}" ]; then
    BIN=$(realpath "$KHABAR_BIN")
else
    cargo build --release --quiet
    BIN=$PWD/target/release/khabar
fi

generated_corpus() { # MB
    local gen="$WORK/generated-$1mb.jsonl"
    [ -f "$gen" ] || python3 "$SHARED/tools/make_corpus.py" "$gen" --mb "$1" >/dev/null
    echo "$gen"
}
