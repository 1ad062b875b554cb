#!/usr/bin/env python3
"""Reads every khabar table with pyarrow and checks the column types CONTRACT.md promises.

usage: check_tables.py OUT_DIR
"""
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

STRING, DATE, INT32, INT64 = pa.string(), pa.date32(), pa.int32(), pa.int64()

CONTRACT = {
    "documents": {"doc_id": STRING, "source_id": STRING, "source_path": STRING, "title": STRING,
                  "published": DATE, "text": STRING},
    "sentences": {"sentence_id": STRING, "doc_id": STRING, "index": INT32, "char_start": INT64,
                  "char_end": INT64, "text": STRING},
    "entities": {"mention_id": STRING, "doc_id": STRING, "sentence_id": STRING, "char_start": INT64,
                 "char_end": INT64, "text": STRING, "label": STRING, "entity_id": STRING, "canonical": STRING},
    "dates": {"date_id": STRING, "doc_id": STRING, "sentence_id": STRING, "char_start": INT64,
              "char_end": INT64, "text": STRING, "value": STRING, "granularity": STRING, "kind": STRING,
              "date": DATE},
    "failures": {"source_path": STRING, "stage": STRING, "code": STRING, "message": STRING},
    "document_sources": {"doc_id": STRING, "source_path": STRING},
    "entity_catalog": {"entity_id": STRING, "canonical": STRING, "label": STRING,
                       "aliases": pa.list_(STRING), "mentions": INT64, "documents": INT64},
}


def open_table(out, name):
    for cand in (out / f"{name}.parquet", out / name):
        if cand.exists():
            return ds.dataset(str(cand), format="parquet").to_table()
    sys.exit(f"missing table {name}")


def main():
    out = Path(sys.argv[1])
    tables = {}
    for name, columns in CONTRACT.items():
        table = open_table(out, name)
        tables[name] = table
        for column, want in columns.items():
            got = table.schema.field(column).type
            assert got == want, f"{name}.{column}: expected {want}, found {got}"
    docs = tables["documents"].to_pylist()
    assert len(docs) == 5, f"expected the 5 seeds, found {len(docs)}"
    text = {d["doc_id"]: d["text"] for d in docs}
    # Offsets are code points: Python's str slicing must give back each row's text.
    for name in ("sentences", "entities", "dates"):
        for row in tables[name].to_pylist():
            piece = text[row["doc_id"]][row["char_start"]:row["char_end"]]
            assert piece == row["text"], f"{name}: {piece!r} != {row['text']!r}"
    # Filtering (pyarrow 26 fails on string_view columns; khabar writes plain strings).
    filtered = ds.dataset(str(out / "entities.parquet")).to_table(filter=ds.field("label") == "PER")
    assert filtered.num_rows > 0
    print(f"ok: {len(tables)} tables")


if __name__ == "__main__":
    main()
