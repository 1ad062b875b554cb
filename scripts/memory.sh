#!/usr/bin/env bash
# Peak memory of a whole `khabar run` (everything on) with 2 worker threads, as the corpus grows
# in documents and in files: what must stay bounded whatever the corpus size. Corpora reshaped
# from ../shared/tools/make_corpus.py --mb $MB by scripts/reshape_corpus.py:
#   - one-paragraph documents: 100,000, 1,000,000, and all of them (2,364,070 for MB=2000);
#   - the million again with its first 200,000 lines repeated at the end (exact duplicates found
#     after the seen IDs have gone to disk);
#   - 200,000 .txt files of one paragraph each.
# Prints documents, inputs, duplicates, near-duplicates, wall time and peak RSS (/usr/bin/time -v)
# as a Markdown table. Takes about 5 minutes and 5 GB of disk under $BENCH_DIR, freed at the end
# (also when a run fails) except the generated corpus.
#
# usage: scripts/memory.sh [MB]          (default MB=2000)
#        KHABAR_BIN=path/to/khabar scripts/memory.sh    (another build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-2000}
source scripts/common.sh
GEN=$(generated_corpus "$MB")

run() { # name input
    local log="$WORK/memory-$1.log" out="$WORK/memory-out"
    rm -rf "$out"
    /usr/bin/time -v "$BIN" run --input "$2" --output "$out" --threads 2 >"$log" 2>&1
    python3 - "$log" "$1" "$out/manifest.json" <<'PY'
import json, re, sys
log, name, manifest = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(log, encoding="utf-8").read()
secs = float(re.search(r"MB in ([\d.]+) s", text)[1])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
c = json.load(open(manifest, encoding="utf-8"))["counts"]
print(f"| {name} | {c['documents']:,} | {c['inputs']:,} | {c['duplicates']:,} | {c['near_duplicates']:,} | {secs:.1f} | {rss / 1024:.0f} |")
PY
    rm -rf "$out"
}

echo "| corpus | documents | inputs | exact duplicates | near-duplicates | wall s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
made=()
trap 'rm -rf "${made[@]}" "$WORK/memory-out" "$WORK/memory-out.khabar-tmp"' EXIT
for docs in 100000 1000000 100000000; do
    f="$WORK/memory-short-$docs.jsonl"
    made+=("$f")
    [ -f "$f" ] || python3 scripts/reshape_corpus.py "$GEN" "$f" short --docs "$docs"
    name="one-paragraph documents"
    [ "$docs" = 100000000 ] && name="$name, all" || name="$name, $docs"
    run "$name" "$f"
done
dup="$WORK/memory-short-1000000-repeated.jsonl"
made+=("$dup")
{ cat "$WORK/memory-short-1000000.jsonl"; head -n 200000 "$WORK/memory-short-1000000.jsonl"; } >"$dup"
run "one-paragraph documents, 1000000 + 200000 repeated" "$dup"
files="$WORK/memory-files"
made+=("$files")
rm -rf "$files"
python3 scripts/reshape_corpus.py "$GEN" "$files" files --docs 200000
run "200000 files" "$files"
