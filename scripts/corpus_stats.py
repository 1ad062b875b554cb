#!/usr/bin/env python3
"""Counts of a khabar output folder: the manifest's counts, failures, and near-duplicate clusters.

usage: scripts/corpus_stats.py OUT
"""
import collections
import json
import sys
from pathlib import Path

import pyarrow.dataset as ds


def table(out, name, columns):
    for cand in (out / f"{name}.parquet", out / name):
        if cand.exists():
            return ds.dataset(str(cand), format="parquet").to_table(columns=columns).to_pylist()
    sys.exit(f"no {name} table under {out}")


out = Path(sys.argv[1])
print(json.load(open(out / "manifest.json"))["counts"])
for f in table(out, "failures", ["source_path", "code", "message"]):
    print("failure:", f["source_path"], f["code"], f["message"])
sizes = collections.Counter(r["cluster_id"] for r in table(out, "documents", ["cluster_id"]) if r["cluster_id"])
print(f"near-duplicate clusters: {len(sizes)}, documents in them: {sum(sizes.values())}, "
      f"largest: {max(sizes.values(), default=0)}")
