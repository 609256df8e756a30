"""People in ICE detention on a release's data date, by arresting agency and criminality, and
by case disposition and family or adult facility.

Each release prints the detained population on its data date: a stock, filed (as the ATD
count) under the month of the release, so a wrong data date in the parse cannot move it.
`detained_rows.csv` says what each printed row and column means.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import national
from pipelines.sources.ice_detention.releases import RELEASE, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows, refuse_unknown

ROWS_CSV = Path(__file__).with_name("detained_rows.csv")
# layout -> (measure, row label column, total column, part columns that add up to the total)
TABLES = {
    "detained_criminality": (
        "ice_detention.currently_detained",
        "criminality",
        "total",
        ["ice", "cbp"],
    ),
    "detained_disposition": (
        "ice_detention.currently_detained_by_disposition",
        "disposition",
        "total",
        ["fsc_frc", "adult"],
    ),
}


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    measure_id, label, total, parts = TABLES[layout]
    meaning = pl.read_csv(ROWS_CSV, infer_schema=False).filter(layout=layout).drop("layout")
    frame = with_release_dates(path, staged, layout).sort(ROW)
    if layout == "detained_disposition":
        frame = _single_column_years(path, frame)
    rows = meaning.filter(pl.col("column") == total).drop("column")
    refuse_unknown(path, frame, rows, on=label, what="row", listed_in="detained_rows.csv")
    refuse_blank(path, frame, total)
    split = frame.filter(pl.all_horizontal(pl.col(parts).is_not_null()))
    differs = split.filter(pl.sum_horizontal(parts) != pl.col(total))
    refuse_rows(path, differs, f"{' + '.join(parts)} differs from the total", column=total)
    totals = frame.filter(pl.col(label) == "Total").group_by(RELEASE).len()
    odd = frame.join(totals.filter(pl.col("len") != 1), on=RELEASE)
    refuse_rows(path, odd, "a release has not exactly one Total row", column=label)
    long = frame.unpivot(
        index=[ROW, "as_of", label], on=[total, *parts], variable_name="column"
    ).rename({label: "label"})
    long = long.join(meaning, on=["label", "column"], how="inner").filter(
        pl.col("value").is_not_null()
    )
    return national(
        long, pl.lit(measure_id), period=pl.col("as_of").dt.month_start(), grain=pl.lit("month")
    )


def _single_column_years(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """From FY2024 ICE prints one count per disposition, and the parser copied it into both the
    family and the adult column and left the total blank: that count is the total."""
    single = pl.col("total").is_null()
    unequal = frame.filter(single & (pl.col("fsc_frc") != pl.col("adult")))
    refuse_rows(
        path, unequal, "blank total beside different family and adult counts", column="total"
    )
    return frame.with_columns(
        total=pl.coalesce("total", "adult"),
        fsc_frc=pl.when(single).then(None).otherwise("fsc_frc"),
        adult=pl.when(single).then(None).otherwise("adult"),
    )
