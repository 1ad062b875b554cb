#!/usr/bin/env bash
# Speed and memory of a whole `khabar run` (everything on: normalize, sentences, entities,
# dates, dedup, export), with 1 and 2 worker threads, on:
#   - the ANT corpus (31,525 Arabic news articles; ../shared/external/news_corpus, see its SOURCE.md)
#   - a generated corpus of real Arabic sentences (../shared/tools/make_corpus.py --mb $MB)
# Prints MB/s, documents/s, per-stage time, peak RSS (/usr/bin/time -v) as a Markdown table, then the 1→2 thread
# speed-up of each corpus. More rows: ANT with 1 thread and the statistical tagger off; with 2
# threads, 700 documents of 1 MB each and 100,000 of one paragraph (scripts/reshape_corpus.py).
# Numbers are ratios within one run on one machine.
#
# usage: scripts/bench.sh [MB]          (default MB=2000; MB=0 skips the generated corpus)
#        KHABAR_BIN=path/to/khabar scripts/bench.sh    (another build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-2000}
source scripts/common.sh

run() { # name input threads [config]
    local name=$1 input=$2 threads=$3 config=${4:-pipeline.toml} log="$WORK/$1-t$3.log"
    /usr/bin/time -v "$BIN" -v run --config "$config" --input "$input" --output "$WORK/out-$name-t$threads" \
        --threads "$threads" >"$log" 2>&1
    python3 - "$log" "$name" "$threads" <<'PY'
import re, sys
log, name, threads = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(log, encoding="utf-8").read()
summary = re.search(r"khabar: (\d+) documents.*?; (\d+) inputs, ([\d.]+) MB in ([\d.]+) s", text)
stages = re.search(r"stage time: ingest ([\d.]+) s, normalize ([\d.]+) s, enrich ([\d.]+) s.*encode ([\d.]+) s.*export ([\d.]+) s", text)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
docs, inputs, mb, secs = int(summary[1]), int(summary[2]), float(summary[3]), float(summary[4])
print(f"| {name} | {threads} | {inputs} | {mb:.0f} | {secs:.1f} | {mb/secs:.1f} | {docs/secs:.0f} | "
      f"{stages[1]} / {stages[2]} / {stages[3]} / {stages[4]} / {stages[5]} | {int(rss[1])/1024:.0f} |")
PY
}

echo "| corpus | threads | inputs | MB | wall s | MB/s | docs/s | stage s: ingest / normalize / enrich / encode / export | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
run ant "$SHARED/external/news_corpus" 1
run ant "$SHARED/external/news_corpus" 2
# The same with the statistical tagger off (pipeline.toml with `[enrich.entities] model = false`;
# gazetteer mentions stay): what the tagger costs.
sed '/^\[enrich.entities\]/,/^\[/ s/^model = true/model = false/' pipeline.toml >"$WORK/no-tagger.toml"
grep -q '^model = false' "$WORK/no-tagger.toml"
run ant-no-tagger "$SHARED/external/news_corpus" 1 "$WORK/no-tagger.toml"
if [ "$MB" != 0 ]; then
    GEN=$(generated_corpus "$MB")
    run "generated-${MB}mb" "$GEN" 1
    run "generated-${MB}mb" "$GEN" 2
    # Long and short documents, reshaped from the generated corpus by scripts/reshape_corpus.py:
    # 700 of 1 MB each (memory stays bounded when documents, not only corpora, are large), and
    # 100,000 of one paragraph each (per-document costs, near-duplicate clustering).
    for shape in long short; do
        [ -f "$WORK/$shape-docs.jsonl" ] || python3 scripts/reshape_corpus.py "$GEN" "$WORK/$shape-docs.jsonl" "$shape"
        run "$shape-docs" "$WORK/$shape-docs.jsonl" 2
    done
fi

# The 1 → 2 thread speed-up of each corpus (wall time with 1 thread / wall time with 2).
echo
for log1 in "$WORK"/*-t1.log; do
    name=$(basename "$log1" -t1.log)
    log2="$WORK/$name-t2.log"
    [ -f "$log2" ] && [ "$log1" -nt "$BIN" ] && [ "$log2" -nt "$BIN" ] || continue
    python3 - "$log1" "$log2" "$name" <<'PY'
import re, sys
secs = [float(re.search(r" in ([\d.]+) s \(", open(p, encoding="utf-8").read())[1]) for p in sys.argv[1:3]]
print(f"{sys.argv[3]}: 1 → 2 threads ×{secs[0] / secs[1]:.2f}")
PY
done
