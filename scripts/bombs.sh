#!/usr/bin/env bash
# The hostile-input check: the seeds beside a gzip bomb (one article repeated to 4 GiB), a zstd
# bomb (32 GiB) and a JSON Lines file with one 1 GiB line between two ordinary ones, in one run
# on 2 threads under /usr/bin/time. Prints the exit code, peak RSS, the failures rows and the
# document count. The bombs are made once under $WORK (a few MB each; the 1 GiB line is 1 GiB).
#
# usage: scripts/bombs.sh            KHABAR_BIN=path/to/khabar scripts/bombs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
dir="$WORK/bombs"
in="$dir/in"
mkdir -p "$in"
cp data/* "$in/"
article=$(ls data/* | head -n 1)
repeat() { # bytes: the article over and over, cut at `bytes`
    python3 - "$article" "$1" <<'PY'
import sys
text = open(sys.argv[1], "rb").read() + b"\n"
left = int(sys.argv[2])
chunk = text * max(1, (1 << 20) // len(text))
out = sys.stdout.buffer
while left > 0:
    piece = chunk[:left]
    out.write(piece)
    left -= len(piece)
PY
}
[ -f "$in/bomb-4g.txt.gz" ] || repeat $((4 << 30)) | gzip -1 > "$in/bomb-4g.txt.gz"
[ -f "$in/bomb-32g.txt.zst" ] || repeat $((32 << 30)) | zstd -q -3 -T2 > "$in/bomb-32g.txt.zst"
if [ ! -f "$in/long-line.jsonl" ]; then
    {
        echo '{"text": "السطر الأول من الملف."}'
        printf '{"text": "'
        repeat $((1 << 30)) | tr -d '\n"\\'
        echo '"}'
        echo '{"text": "السطر الثالث من الملف."}'
    } > "$in/long-line.jsonl"
fi
ls -l "$in" | sed 's/^/input: /'
set +e
/usr/bin/time -v "$BIN" run --input "$in" --output "$dir/out" --threads 2 2> "$dir/run.log"
code=$?
set -e
echo "exit code: $code"
grep -E "^khabar:|Maximum resident set size|Elapsed \(wall" "$dir/run.log"
python3 - "$dir/out" <<'PY'
import sys, pyarrow.parquet as pq
out = sys.argv[1]
for row in pq.read_table(f"{out}/failures.parquet").to_pylist():
    print(f"failure: {row['source_path']} line {row['line']} {row['code']}: {row['message']}")
docs = pq.read_table(f"{out}/documents.parquet", columns=["source_path", "source_line"]).to_pylist()
print(f"documents: {len(docs)}:", sorted({(d['source_path'], d['source_line']) for d in docs}, key=str))
PY
