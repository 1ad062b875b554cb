#!/usr/bin/env python3
"""Every reader a user reaches for reads every khabar table with the contract's types and answers
one real query; the dataset card's front matter parses, its configs load with Hugging Face
`datasets` (offline, local files), and its row counts are the tables'.

usage: check_readers.py OUT_DIR

Readers: pyarrow, pandas, polars, DuckDB, `datasets`. The query, asked of each: the most
mentioned person (canonical name and mentions), compared with pyarrow's answer. Prints one
`ok: <reader>` line per reader and `ok: card`.
"""
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import yaml

TABLES = ["documents", "sentences", "entities", "dates", "entity_catalog", "document_sources", "failures"]

# The contract's types of a few telling columns: dates as dates, offsets as 64-bit integers,
# lists as lists, counts as integers.
TYPES = {
    ("documents", "published"): "date",
    ("documents", "text"): "string",
    ("sentences", "index"): "int32",
    ("sentences", "char_start"): "int64",
    ("entities", "char_end"): "int64",
    ("entities", "label"): "string",
    ("dates", "date"): "date",
    ("dates", "char_start"): "int64",
    ("dates", "confidence"): "float32",
    ("entity_catalog", "aliases"): "list<string>",
    ("entity_catalog", "mentions"): "int64",
    ("sentences", "boilerplate"): "bool",
}


def path_of(out, name):
    single = out / f"{name}.parquet"
    return single if single.exists() else out / name


def arrow_tables(out):
    return {name: ds.dataset(str(path_of(out, name)), format="parquet").to_table() for name in TABLES}


def expected_answer(tables):
    people = Counter()
    for row in tables["entities"].select(["label", "canonical"]).to_pylist():
        if row["label"] == "PER":
            people[row["canonical"]] += 1
    (name, n), = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:1]
    return name, n


def check_pyarrow(out, tables, answer):
    want = {"date": pa.date32(), "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(),
            "float32": pa.float32(), "list<string>": pa.list_(pa.string()), "bool": pa.bool_()}
    for (table, column), ty in TYPES.items():
        got = tables[table].schema.field(column).type
        assert got == want[ty], f"pyarrow {table}.{column}: {got}, expected {ty}"
    people = ds.dataset(str(path_of(out, "entities"))).to_table(filter=ds.field("label") == "PER")
    counts = people.group_by("canonical").aggregate([("canonical", "count")]).to_pylist()
    top = sorted(((r["canonical"], r["canonical_count"]) for r in counts), key=lambda kv: (-kv[1], kv[0]))[0]
    assert top == answer, f"pyarrow: {top} != {answer}"


def check_pandas(out, tables, answer):
    import datetime

    import pandas as pd

    for name in TABLES:
        frame = pd.read_parquet(path_of(out, name))
        assert len(frame) == tables[name].num_rows, f"pandas {name}: {len(frame)} rows"
        for (table, column), ty in TYPES.items():
            if table != name:
                continue
            series = frame[column]
            values = series.dropna()
            if ty == "date":
                assert all(isinstance(v, datetime.date) for v in values), f"pandas {name}.{column}: {series.dtype}"
            elif ty in ("int64", "int32", "float32", "bool"):
                assert str(series.dtype) == ty, f"pandas {name}.{column}: {series.dtype}, expected {ty}"
            elif ty == "list<string>":
                assert all(all(isinstance(x, str) for x in v) for v in values), f"pandas {name}.{column}"
            else:
                assert all(isinstance(v, str) for v in values), f"pandas {name}.{column}: {series.dtype}"
    entities = pd.read_parquet(path_of(out, "entities"), filters=[("label", "=", "PER")])
    counts = entities.groupby("canonical").size().reset_index(name="n").sort_values(["n", "canonical"],
                                                                                     ascending=[False, True])
    top = (counts.iloc[0]["canonical"], int(counts.iloc[0]["n"]))
    assert top == answer, f"pandas: {top} != {answer}"


def check_polars(out, tables, answer):
    import polars as pl

    want = {"date": pl.Date, "string": pl.String, "int32": pl.Int32, "int64": pl.Int64, "float32": pl.Float32,
            "list<string>": pl.List(pl.String), "bool": pl.Boolean}
    for name in TABLES:
        path = path_of(out, name)
        lazy = pl.scan_parquet(str(path) if path.suffix else str(path / "*.parquet"))
        schema = lazy.collect_schema()
        assert lazy.select(pl.len()).collect().item() == tables[name].num_rows, f"polars {name}"
        for (table, column), ty in TYPES.items():
            if table == name:
                assert schema[column] == want[ty], f"polars {name}.{column}: {schema[column]}, expected {ty}"
    path = path_of(out, "entities")
    top = (pl.scan_parquet(str(path) if path.suffix else str(path / "*.parquet"))
           .filter(pl.col("label") == "PER").group_by("canonical").len()
           .sort(["len", "canonical"], descending=[True, False]).head(1).collect().row(0))
    assert top == answer, f"polars: {top} != {answer}"


def check_duckdb(out, tables, answer):
    import duckdb

    want = {"date": "DATE", "string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "float32": "FLOAT",
            "list<string>": "VARCHAR[]", "bool": "BOOLEAN"}
    con = duckdb.connect()

    def source(name):
        path = path_of(out, name)
        return f"read_parquet('{path if path.suffix else path / '*.parquet'}')"

    for name in TABLES:
        (n,), = con.execute(f"SELECT count(*) FROM {source(name)}").fetchall()
        assert n == tables[name].num_rows, f"duckdb {name}: {n}"
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {source(name)}").fetchall()}
        for (table, column), ty in TYPES.items():
            if table == name:
                assert types[column] == want[ty], f"duckdb {name}.{column}: {types[column]}, expected {ty}"
    top = con.execute(f"""SELECT canonical, count(*) AS n FROM {source('entities')} WHERE label = 'PER'
                          GROUP BY canonical ORDER BY n DESC, canonical LIMIT 1""").fetchone()
    assert tuple(top) == answer, f"duckdb: {top} != {answer}"


def front_matter(out):
    text = (out / "README.md").read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, "README.md starts with YAML front matter"
    return yaml.safe_load(match.group(1)), text


def check_card(out, tables):
    meta, text = front_matter(out)
    assert meta["language"] == ["ar"], meta["language"]
    assert isinstance(meta["license"], str) and meta["license"], meta
    assert meta["pretty_name"], meta
    assert len(meta["size_categories"]) == 1, meta
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert sorted(configs) == sorted(TABLES), sorted(configs)
    for name, config in configs.items():
        (files,) = config["data_files"]
        assert files["split"] == "train"
        matched = list(out.glob(files["path"]))
        assert matched, f"card config {name}: {files['path']} matches no file"
    # The card's row counts are the tables'.
    for name in TABLES:
        row = re.search(rf"^\| `{name}` \| (\d+) \|", text, re.M)
        assert row, f"card: no row count for {name}"
        assert int(row.group(1)) == tables[name].num_rows, f"card {name}: {row.group(1)} != {tables[name].num_rows}"


def check_datasets(out, tables, answer):
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    with tempfile.TemporaryDirectory() as cache:
        features = {}
        for name in TABLES:
            if tables[name].num_rows == 0:
                # `datasets` refuses a split of no rows ("corresponds to no data"): the card says so.
                continue
            data = datasets.load_dataset(str(out), name, split="train", cache_dir=cache)
            assert data.num_rows == tables[name].num_rows, f"datasets {name}: {data.num_rows} rows"
            features[name] = data.features
            if name == "entities":
                people = Counter(r["canonical"] for r in data if r["label"] == "PER")
                top = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                assert top == answer, f"datasets: {top} != {answer}"
        want = {"date": "date32", "string": "string", "int32": "int32", "int64": "int64", "float32": "float32",
                "bool": "bool"}
        for (table, column), ty in TYPES.items():
            if table not in features:
                continue
            feature = features[table][column]
            if ty == "list<string>":
                inner = getattr(feature, "feature", None)
                assert inner is not None and inner.dtype == "string", f"datasets {table}.{column}: {feature}"
            else:
                assert feature.dtype == want[ty], f"datasets {table}.{column}: {feature.dtype}, expected {ty}"


def main():
    out = Path(sys.argv[1])
    tables = arrow_tables(out)
    answer = expected_answer(tables)
    for reader, check in [("pyarrow", check_pyarrow), ("pandas", check_pandas), ("polars", check_polars),
                          ("duckdb", check_duckdb), ("datasets", check_datasets)]:
        check(out, tables, answer)
        print(f"ok: {reader} (top person: {answer[0]}, {answer[1]} mentions)")
    check_card(out, tables)
    print("ok: card")


if __name__ == "__main__":
    main()
