#!/usr/bin/env python3
"""The share of date rows whose value stays unresolved (null, or `XXXX-` with the year unknown)
in khabar datasets, counted over the rows that name a point or a period in time: durations
(`kind = duration`, "three years") have no point in time and are counted apart.

    python3 scripts/dates_unresolved.py OUT [OUT...]

README, "Dates on ANT": the same corpus run with `[enrich.dates] anchor-on-published = false`
(before) and `true` (after, the default).
"""
import os
import sys

import pyarrow.compute as pc
import pyarrow.dataset as ds


def main(outs):
    for out in outs:
        t = ds.dataset(dates_path(out)).to_table(columns=["value", "kind"])
        duration = pc.fill_null(pc.equal(t["kind"], "duration"), False)
        points = t.filter(pc.invert(duration))
        null = points["value"].null_count
        unknown_year = pc.sum(pc.fill_null(pc.starts_with(points["value"], "XXXX"), False)).as_py() or 0
        unresolved = null + unknown_year
        print(
            f"{out}: {t.num_rows} date rows, {t.num_rows - points.num_rows} durations; of the other "
            f"{points.num_rows}: {null} null, {unknown_year} XXXX-, unresolved {unresolved} = "
            f"{100 * unresolved / max(points.num_rows, 1):.1f}%"
        )


def dates_path(out):
    """`OUT/dates.parquet`, or the folder of its parts past `export.rows-per-file` rows."""
    single = os.path.join(out, "dates.parquet")
    return single if os.path.exists(single) else os.path.join(out, "dates")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
