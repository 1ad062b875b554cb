#!/usr/bin/env bash
# Renders `khabar report` of the seeds' dataset in headless Chromium: every section must be in
# the rendered DOM with its chart, the seeds' top entity named, and no console error logged.
# Writes the screenshot to $SCREENSHOT (default: a temporary file; docs/report.png is made with
# SCREENSHOT=docs/report.png HEIGHT=2600).
#
#   tests/report/chromium.sh [KHABAR_BINARY]
#
# Without chromium on PATH it skips (exit 0), unless KHABAR_CHROMIUM_TEST=1 makes it required.
set -euo pipefail
cd "$(dirname "$0")/../.."
khabar=${1:-target/debug/khabar}
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    if [[ "${KHABAR_CHROMIUM_TEST:-0}" == 1 ]]; then
        echo "chromium.sh: chromium not found and KHABAR_CHROMIUM_TEST=1" >&2
        exit 1
    fi
    echo "chromium.sh: chromium not found, skipped (apt-get install chromium fonts-noto-core)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$khabar" run --output "$work/out" >/dev/null 2>&1 || { echo "chromium.sh: khabar run failed" >&2; exit 1; }
"$khabar" report "$work/out" --output "$work/report.html"
shot=${SCREENSHOT:-$work/report.png}
height=${HEIGHT:-4000}
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
# --dump-dom prints the DOM after rendering; the log goes to stderr.
"$browser" "${flags[@]}" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/dom.log"
"$browser" "${flags[@]}" --screenshot="$shot" --window-size="1280,$height" "file://$work/report.html" \
    >/dev/null 2>"$work/shot.log"
status=0
for id in summary timeline entities cooccurrences sources clusters failures boilerplate; do
    # Each section, with its heading and chart, as the browser parsed it.
    section=$(python3 - "$work/dom.html" "$id" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<section id="%s">(.*?)</section>' % re.escape(sys.argv[2]), dom, re.S)
print("missing" if not m else ("ok" if "<h2>" in m.group(1) and "<svg" in m.group(1) else "incomplete"))
PY
)
    if [[ "$section" != ok ]]; then
        echo "chromium.sh: section $id $section in the rendered page" >&2
        status=1
    fi
done
# The seeds' most mentioned place, from the entities table, not from the report.
top=$(python3 - "$work/out" <<'PY'
import collections, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1] + "/entities.parquet", columns=["label", "canonical"]).to_pylist()
c = collections.Counter(r["canonical"] for r in t if r["label"] == "LOC")
print(max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] if c else "")
PY
) || top=""
if [[ -n "$top" ]] && ! grep -qF "$top" "$work/dom.html"; then
    echo "chromium.sh: the top LOC entity $top is not in the rendered page" >&2
    status=1
fi
if grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\([0-9]+\)" "$work/dom.log" "$work/shot.log"; then
    echo "chromium.sh: the page logged console errors" >&2
    status=1
fi
if [[ ! -s "$shot" ]]; then
    echo "chromium.sh: no screenshot written" >&2
    status=1
fi
if [[ $status == 0 ]]; then
    echo "chromium.sh: ok: 8 sections rendered, top LOC entity ${top:-?} shown, no console error; screenshot $shot"
fi
exit $status
