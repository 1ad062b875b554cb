#!/usr/bin/env bash
# Builds the cargo-fuzz targets of fuzz/ (nightly, libFuzzer) and runs each for SECONDS
# (default 60), or for RUNS executions if RUNS is set, one process at a time, under `nice`;
# prints a Markdown table: target, executions, crashes (with the files libFuzzer wrote to
# fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh [SECONDS]              every target
#   TARGETS="sgml jsonl" scripts/fuzz.sh 300
#   RUNS=10000000 scripts/fuzz.sh          each target for 10^7 executions (-runs=N)
#   MAX_LEN=4096 scripts/fuzz.sh           the longest input libFuzzer makes (default 4096)
#
# The build is `-s none -a`: no AddressSanitizer (the crates are safe Rust, `unsafe` is
# forbidden in them, so ASan only slows every execution down) but with debug assertions and
# overflow checks on, which is what finds the arithmetic bugs; `SANITIZER=address` brings ASan back.
#
# Seed corpora are read in place, never copied into the repository: ../shared/seeds (or
# $KHABAR_SHARED/seeds), tests/fixtures, and a sample of ANT (../shared/external/news_corpus,
# one file in $ANT_EVERY, linked from fuzz/corpus/seeds-ant); the JSONL target gets the same
# texts as JSON Lines (some in UTF-16, some with a windows-1256 line), written to
# fuzz/corpus/seeds-jsonl. What the fuzzer finds goes to
# fuzz/corpus/<target> (kept between runs) and fuzz/artifacts/<target>; both are gitignored.
# Logs: fuzz/logs/<target>.log; every run adds a line to the ledger fuzz/runs.tsv (time, commit
# built, target, executions, crashes, libFuzzer's average executions per second), which is
# committed: corpora and logs stay on the machine that ran them, the ledger is the record the
# README's figures are summed from. Needs `cargo install cargo-fuzz` and a nightly toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
RUNS=${RUNS:-}
MAX_LEN=${MAX_LEN:-4096}
SANITIZER=${SANITIZER:-none}
SHARED=$(realpath "${KHABAR_SHARED:-../shared}")
ANT_EVERY=${ANT_EVERY:-200}
ALL="sgml jsonl decode normalize sentences dates numbers tagger tables"
TARGETS=${TARGETS:-$ALL}
ROOT=$PWD
FUZZ=$ROOT/fuzz

# Seeds, built at run time.
mkdir -p "$FUZZ/corpus/seeds-ant" "$FUZZ/corpus/seeds-jsonl" "$FUZZ/logs"
[ -f "$FUZZ/runs.tsv" ] || printf 'time\tcommit\ttarget\texecutions\tcrashes\texecs_per_sec\n' >"$FUZZ/runs.tsv"
if [ -d "$SHARED/external/news_corpus" ] && [ -z "$(ls -A "$FUZZ/corpus/seeds-ant")" ]; then
    find "$SHARED/external/news_corpus" -type f -name '*.txt' | sort | awk -v n="$ANT_EVERY" 'NR % n == 1' |
        while read -r f; do ln -s "$(realpath "$f")" "$FUZZ/corpus/seeds-ant/$(basename "$f")"; done
fi
texts=()
for d in "$SHARED/seeds" "$ROOT/tests/fixtures" "$FUZZ/corpus/seeds-ant"; do
    [ -d "$d" ] && texts+=("$d")
done
python3 - "$FUZZ/corpus/seeds-jsonl" "${texts[@]}" <<'EOF'
import json, os, sys
out, dirs = sys.argv[1], sys.argv[2:]
files = sorted(os.path.join(r, f) for d in dirs for r, _, fs in os.walk(d, followlinks=True) for f in fs)
for i, path in enumerate(files):
    text = open(path, encoding="utf-8", errors="replace").read()
    lines = [{"id": i, "title": text.strip().split("\n")[0][:80], "published": "2019-03-23", "text": text},
             {"text": text[: len(text) // 2], "url": "https://example.com/" + str(i), "lang": "ar"}]
    body = "\n".join(json.dumps(l, ensure_ascii=i % 2 == 0) for l in lines) + "\n"
    # One file in five as UTF-16 with a byte order mark, one in five with its second line in
    # windows-1256 (the readers' other paths); the rest UTF-8.
    if i % 5 == 1:
        data = body.encode("utf-16")
    elif i % 5 == 3:
        first, second = body.split("\n", 1)
        data = first.encode("utf-8") + b"\n" + second.encode("cp1256", errors="replace")
    else:
        data = body.encode("utf-8")
    with open(os.path.join(out, f"{i:04}.jsonl"), "wb") as f:
        f.write(data)
EOF

cd "$FUZZ"
nice -n 19 cargo +nightly fuzz build -O -a -s "$SANITIZER" >"$FUZZ/logs/build.log" 2>&1 || { tail -30 "$FUZZ/logs/build.log"; exit 1; }
BIN=$FUZZ/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
# The commit the targets were built from, for the ledger (`-dirty` with uncommitted changes).
built=$(git -C "$ROOT" describe --always --dirty --abbrev=7)

if [ -n "$RUNS" ]; then limit=(-runs="$RUNS"); else limit=(-max_total_time="$SECONDS_EACH"); fi
rows=()
for t in $TARGETS; do
    case $t in
        jsonl) seeds=("$FUZZ/corpus/seeds-jsonl") ;;
        *) seeds=("${texts[@]}") ;;
    esac
    mkdir -p "$FUZZ/corpus/$t" "$FUZZ/artifacts/$t"
    before=$(ls "$FUZZ/artifacts/$t" | wc -l)
    # One job, one worker: libFuzzer writes the job's output to fuzz-0.log in the working folder.
    work=$(mktemp -d)
    status=0
    (cd "$work" && nice -n 19 "$BIN/$t" "$FUZZ/corpus/$t" "${seeds[@]}" \
        -jobs=1 -workers=1 "${limit[@]}" -timeout=10 -max_len="$MAX_LEN" -rss_limit_mb=2048 \
        -artifact_prefix="$FUZZ/artifacts/$t/" -print_final_stats=1) >"$FUZZ/logs/$t.run.log" 2>&1 || status=$?
    cat "$work"/fuzz-*.log >"$FUZZ/logs/$t.log" 2>/dev/null || true
    rm -rf "$work"
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$FUZZ/logs/$t.log" | grep -oE '[0-9]+$' | tail -1 || true)
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$FUZZ/logs/$t.log" | tr -d '#' | tail -1 || true)
    rate=$(grep -oE '^stat::average_exec_per_sec: *[0-9]+' "$FUZZ/logs/$t.log" | grep -oE '[0-9]+$' | tail -1 || true)
    after=$(ls "$FUZZ/artifacts/$t" | wc -l)
    found=$((after - before))
    note=""
    if [ "$found" -gt 0 ]; then
        note=" ($(ls -t "$FUZZ/artifacts/$t" | head -"$found" | tr '\n' ' ' | sed 's/ $//'))"
    elif [ "$status" -ne 0 ]; then
        note=" (exit $status, see fuzz/logs/$t.log)"
    fi
    rows+=("| $t | ${runs:-?} | $found$note |")
    # A ledger of every run, so runs on one persistent corpus can be summed and traced.
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$built" "$t" "${runs:-?}" "$found" "${rate:-?}" \
        >>"$FUZZ/runs.tsv"
done

echo
if [ -n "$RUNS" ]; then
    echo "Each target for $RUNS executions: \`RUNS=$RUNS MAX_LEN=$MAX_LEN scripts/fuzz.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, one job, -s $SANITIZER -a)"
else
    echo "Each target for ${SECONDS_EACH} s: \`MAX_LEN=$MAX_LEN scripts/fuzz.sh $SECONDS_EACH\` ($(date -u +%Y-%m-%d), $(nproc) cores, one job, -s $SANITIZER -a)"
fi
echo
echo "| target | executions | crashes |"
echo "|---|---:|---:|"
printf '%s\n' "${rows[@]}"
