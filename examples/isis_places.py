#!/usr/bin/env python3
"""Which places are named in the same sentence as the Islamic State, month by month?

usage: python3 examples/isis_places.py OUT [--png FILE] [--top N] [--lines K]

OUT is a khabar dataset folder (the output of `khabar run`). Needs pyarrow and pandas, and
matplotlib for --png (3.11 or later lays out Arabic through its bundled libraqm, so the place names
come out joined and right to left with no reshaping package).

Definitions, chosen on what the tables hold:

- An *ISIS sentence* is a sentence that holds a mention of the Islamic State entity, or whose
  text contains "داعش" or "تنظيم الدولة". The entity is every ORG row of `entity_catalog`
  whose canonical name or one of whose aliases is تنظيم الدولة الإسلامية, تنظيم الدولة or
  داعش (khabar gives داعش and تنظيم الدولة الإسلامية one entity_id). The text match adds the
  forms the tagger leaves out: clitics and derived words (لداعش, الداعشي, لتنظيم الدولة).
  "التنظيم" alone (an anaphor) is not counted.
- A *place* is an `entities` mention labelled LOC, counted under its canonical name, so
  سري كانيه and رأس العين are one place. A place counts once per ISIS sentence that names it
  (not once per mention): the numbers are sentences. A name that itself contains داعش or
  تنظيم الدولة (the tagger's slip: داعشي, "an ISIS member", tagged as a person) is left out.
- Near-duplicate documents (`documents.near_duplicate_of` set: a reprint of an article
  already in the corpus) and boilerplate sentences (`sentences.boilerplate`) are left out, so
  a syndicated article is counted once.
- The month is that of `documents.published`; documents with no date count in the overall
  table, not in the monthly one.

Output is sorted (count descending, then name in code point order), so the same dataset
always prints the same text and draws the same figure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as ds

ISIS_NAMES = {"تنظيم الدولة الإسلامية", "تنظيم الدولة", "داعش"}
ISIS_SUBSTRINGS = ("داعش", "تنظيم الدولة")
FONT_DIR = Path("/usr/share/fonts/truetype/noto")


def table_path(out: Path, name: str) -> Path:
    """`OUT/<name>.parquet`, or the folder `OUT/<name>/` of part files for large runs."""
    single = out / f"{name}.parquet"
    return single if single.exists() else out / name


def read(out: Path, name: str, columns: list[str]):
    """The columns of a table that exist (older datasets may lack the optional ones)."""
    dataset = ds.dataset(table_path(out, name), format="parquet")
    present = [c for c in columns if c in dataset.schema.names]
    return dataset.to_table(columns=present)


def isis_entity_ids(out: Path) -> set[str]:
    catalog = read(out, "entity_catalog", ["entity_id", "canonical", "label", "aliases"]).to_pylist()
    return {
        row["entity_id"]
        for row in catalog
        if row["label"] == "ORG" and ({row["canonical"], *(row.get("aliases") or [])} & ISIS_NAMES)
    }


def isis_sentences(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ISIS sentences with doc_id and month, the LOC/PER mentions of kept documents)."""
    documents = read(out, "documents", ["doc_id", "published", "near_duplicate_of"]).to_pandas()
    if "near_duplicate_of" in documents:
        documents = documents[documents["near_duplicate_of"].isna()]
    documents["month"] = pd.to_datetime(documents["published"]).dt.strftime("%Y-%m")
    kept = set(documents["doc_id"])

    sentences = read(out, "sentences", ["sentence_id", "doc_id", "text", "boilerplate"])
    mask = pc.match_substring(sentences["text"], ISIS_SUBSTRINGS[0])
    for needle in ISIS_SUBSTRINGS[1:]:
        mask = pc.or_(mask, pc.match_substring(sentences["text"], needle))
    by_text = set(sentences.filter(mask)["sentence_id"].to_pylist())
    if "boilerplate" in sentences.column_names:
        boilerplate = set(sentences.filter(sentences["boilerplate"])["sentence_id"].to_pylist())
    else:
        boilerplate = set()

    entities = read(out, "entities", ["sentence_id", "doc_id", "label", "entity_id", "canonical"]).to_pandas()
    entities = entities[entities["doc_id"].isin(kept) & ~entities["sentence_id"].isin(boilerplate)]
    by_entity = set(entities.loc[entities["entity_id"].isin(isis_entity_ids(out)), "sentence_id"])

    chosen = sentences.select(["sentence_id", "doc_id"]).to_pandas()
    chosen = chosen[
        chosen["sentence_id"].isin(by_text | by_entity)
        & chosen["doc_id"].isin(kept)
        & ~chosen["sentence_id"].isin(boilerplate)
    ]
    chosen = chosen.merge(documents[["doc_id", "month"]], on="doc_id", how="left")
    return chosen, entities


def co_named(chosen: pd.DataFrame, entities: pd.DataFrame, label: str) -> pd.DataFrame:
    """One row per (ISIS sentence, canonical name of label) with the document and month."""
    named = entities.loc[entities["label"] == label, ["sentence_id", "canonical"]].drop_duplicates()
    # The tagger's slips, such as داعشي ("an ISIS member") tagged as a person, are not names.
    is_isis_word = named["canonical"].map(lambda name: any(word in name for word in ISIS_SUBSTRINGS))
    named = named[~is_isis_word]
    return chosen.merge(named, on="sentence_id")


def rank(pairs: pd.DataFrame) -> pd.DataFrame:
    """Names by sentences, then documents, descending; ties in code point order."""
    counts = pairs.groupby("canonical").agg(sentences=("sentence_id", "nunique"), documents=("doc_id", "nunique"))
    counts = counts.reset_index()
    return counts.sort_values(
        ["sentences", "documents", "canonical"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def draw(path: Path, matrix: pd.DataFrame, sentences_per_month: pd.Series) -> None:
    """A heatmap: for each month (column) the share of its ISIS sentences that name each place
    (row), with the count written in the cell, under a bar of the month's ISIS sentences. Months
    holding less than 1% of the dated ISIS sentences are left out (a handful of sentences gives
    shares that mean nothing); the printed table keeps them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    for font in ("NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf"):
        if (FONT_DIR / font).exists():
            font_manager.fontManager.addfont(str(FONT_DIR / font))
    plt.rcParams["font.family"] = ["Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans"]

    totals = sentences_per_month.reindex(matrix.columns, fill_value=0)
    months = [m for m in matrix.columns if totals[m] >= 0.01 * totals.sum()]
    left_out = int(totals.sum() - totals[months].sum())
    counts = matrix[months]
    share = counts / totals[months].to_numpy()
    fig, (top, heat) = plt.subplots(
        2, 1, figsize=(max(7.5, 0.75 * len(months) + 3.5), 6.4), sharex=True,
        gridspec_kw={"height_ratios": [1, 3], "hspace": 0.06},
    )
    top.bar(range(len(months)), totals[months].to_numpy(), color="#555555", width=0.8)
    top.set_ylabel("ISIS\nsentences")
    top.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    top.spines[["top", "right"]].set_visible(False)
    # Arabic on a line of its own: one direction per line keeps the bidi layout plain.
    top.set_title("Places named in the same sentence as the Islamic State, per month\nداعش / تنظيم الدولة")
    image = heat.imshow(share.to_numpy(), aspect="auto", cmap="YlOrRd", interpolation="nearest", vmin=0)
    for row in range(share.shape[0]):
        for col in range(share.shape[1]):
            value = share.iat[row, col]
            color = "white" if value > 0.6 * share.to_numpy().max() else "black"
            heat.text(col, row, str(counts.iat[row, col]), ha="center", va="center", fontsize=8, color=color)
    heat.set_yticks(range(len(share.index)), list(share.index), fontsize=11)
    heat.set_xticks(range(len(months)), months, rotation=90 if len(months) > 14 else 0, fontsize=8)
    note = f" (months under 1% of them left out: {left_out} sentences)" if left_out else ""
    heat.set_xlabel(f"month of publication; cells: ISIS sentences naming the place{note}", fontsize=9)
    bar = fig.colorbar(image, ax=[top, heat], shrink=0.6, pad=0.01, format=PercentFormatter(1.0, decimals=0))
    bar.set_label("share of the month's ISIS sentences")
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a khabar dataset folder")
    parser.add_argument("--png", type=Path, help="write a heatmap of the top places per month here (PNG)")
    parser.add_argument("--top", type=int, default=15, help="places in the overall table (15)")
    parser.add_argument("--lines", type=int, default=8, help="places in the monthly table and figure (8)")
    args = parser.parse_args()

    chosen, entities = isis_sentences(args.out)
    places = co_named(chosen, entities, "LOC")
    ranked = rank(places)
    print(
        f"ISIS sentences: {chosen['sentence_id'].nunique()} in {chosen['doc_id'].nunique()} documents; "
        f"{len(ranked)} places named with it"
    )
    if ranked.empty:
        print("no place is named in an ISIS sentence")
        return 0

    print(f"\ntop {min(args.top, len(ranked))} places (ISIS sentences naming them, documents)")
    print(f"{'rank':>4}  {'sentences':>9}  {'documents':>9}  place")
    for i, row in ranked.head(args.top).iterrows():
        print(f"{i + 1:>4}  {row.sentences:>9}  {row.documents:>9}  {row.canonical}")

    leaders = list(ranked["canonical"].head(args.lines))
    dated = places[places["month"].notna()]
    per_month = chosen[chosen["month"].notna()].groupby("month")["sentence_id"].nunique()
    undated = chosen.loc[chosen["month"].isna(), "doc_id"].nunique()
    print(f"\nper month of publication (documents without a date: {undated}); columns #1..#{len(leaders)} are")
    print("  " + ", ".join(f"#{i + 1} {name}" for i, name in enumerate(leaders)))
    if per_month.empty:
        print("no dated document has an ISIS sentence")
        matrix = None
    else:
        counts = (
            dated[dated["canonical"].isin(leaders)]
            .groupby(["canonical", "month"])["sentence_id"].nunique()
            .unstack(fill_value=0)
        )
        first, last = per_month.index.min(), per_month.index.max()
        months = pd.period_range(first, last, freq="M").strftime("%Y-%m")
        matrix = counts.reindex(index=leaders, columns=months, fill_value=0).fillna(0).astype(int)
        print(f"{'month':<7}  {'isis':>5}  " + "  ".join(f"{'#' + str(i + 1):>4}" for i in range(len(leaders))))
        for month in months:
            if month not in per_month.index:
                continue
            cells = "  ".join(f"{matrix.at[name, month]:>4}" for name in leaders)
            print(f"{month:<7}  {per_month[month]:>5}  {cells}")

    if args.png:
        if matrix is None:
            print("no figure: no dated ISIS sentence", file=sys.stderr)
            return 1
        draw(args.png, matrix, per_month)
        print(f"\nwrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
