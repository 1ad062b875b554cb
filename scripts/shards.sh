#!/usr/bin/env bash
# A sharded run against a single run, on one machine: `khabar run --threads 2` over a corpus,
# then SHARDS shards (`--threads 1`, two at a time, as on two cores) and `khabar merge
# --threads 2`. Prints the wall time and peak RSS of each part, the merge's share of the sharded
# run's wall time, and checks that the merged dataset is the single run's, file for file
# (`cmp`). Default corpus: ANT (../shared/external/news_corpus).
#
# usage: scripts/shards.sh [SHARDS] [INPUT]        (default 4, ANT)
#        KHABAR_BIN=path/to/khabar scripts/shards.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SHARDS=${1:-4}
source scripts/common.sh
INPUT=${2:-$SHARED/external/news_corpus}
out="$WORK/shards"
rm -rf "$out"
mkdir -p "$out"

timed() { # label command...: prints "label wall_s rss_kb"
    local label=$1
    shift
    /usr/bin/time -f "$label %e %M" "$@" 2>&1 >/dev/null | tail -n 1
}
single=$(timed single "$BIN" run --input "$INPUT" --output "$out/one" --threads 2)
start=$(date +%s.%N)
shard_lines=()
for ((i = 0; i < SHARDS; i += 2)); do
    pids=()
    for j in $i $((i + 1)); do
        ((j < SHARDS)) || continue
        timed "shard-$j" "$BIN" run --input "$INPUT" --output "$out/work" --threads 1 --num-shards "$SHARDS" \
            --shard-index "$j" >"$out/shard-$j.time" &
        pids+=($!)
    done
    wait "${pids[@]}"
done
shards_wall=$(echo "$(date +%s.%N) - $start" | bc)
merge=$(timed merge "$BIN" merge "$out/work" --output "$out/merged" --threads 2)
diff -r "$out/one" "$out/merged" >/dev/null && same=yes || same=NO
python3 - "$single" "$merge" "$shards_wall" "$same" "$out"/shard-*.time <<'PY'
import sys
single, merge, shards_wall, same = sys.argv[1].split(), sys.argv[2].split(), float(sys.argv[3]), sys.argv[4]
shards = [open(p).read().split() for p in sys.argv[5:]]
mb = lambda kb: int(kb) / 1024
print("| part | wall s | peak RSS MiB |")
print("|---|---|---|")
print(f"| single run, 2 threads | {float(single[1]):.2f} | {mb(single[2]):.0f} |")
for s in sorted(shards, key=lambda s: int(s[0].split('-')[1])):
    print(f"| {s[0]}, 1 thread | {float(s[1]):.2f} | {mb(s[2]):.0f} |")
print(f"| all {len(shards)} shards, two at a time | {shards_wall:.2f} | |")
print(f"| merge, 2 threads | {float(merge[1]):.2f} | {mb(merge[2]):.0f} |")
total = shards_wall + float(merge[1])
print(f"\nsharded run {total:.2f} s against {float(single[1]):.2f} s; merge's share {100 * float(merge[1]) / total:.0f}%; "
      f"merged dataset identical to the single run: {same}")
PY
du -sh "$out/work" "$out/one" | sed 's/^/bytes: /'
