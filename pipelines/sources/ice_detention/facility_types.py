"""Book-ins by facility type and criminality, and book-outs by facility type, fiscal year to date.

Beside its removals, ICE's "Detention" sheet prints the fiscal year's initial book-ins by
criminality, for all facilities (Total) and by facility type (family: FRC, later FSC; adult),
and the year's book-outs by facility type. The parser kept each table's Total and the first
facility-type row under it (a family facility, or in FY2021 the adult facilities), so each
release gives the total, its criminality split and one facility type. `facility_type_rows.csv`
says what each printed row and column means.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import fiscal_year_start, national
from pipelines.sources.ice_detention.release_totals import check_year_to_date_grows
from pipelines.sources.ice_detention.releases import RELEASE, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows, refuse_unknown

ROWS_CSV = Path(__file__).with_name("facility_type_rows.csv")
CRIMINALITY_COLUMNS = [
    "convicted_criminal",
    "pending_criminal_charges",
    "other_immigration_violator",
]
# layout -> (measure, columns that add up to the row's total)
TABLES = {
    "book_ins_facility": ("ice_detention.book_ins_by_criminality", CRIMINALITY_COLUMNS),
    "book_outs_facility": ("ice_detention.book_outs_by_facility_type", []),
}


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    measure_id, parts = TABLES[layout]
    meaning = pl.read_csv(ROWS_CSV, infer_schema=False).filter(layout=layout).drop("layout")
    frame = with_release_dates(path, staged, layout).sort(ROW)
    refuse_unknown(
        path, frame, meaning, on="facility_type", what="row", listed_in="facility_type_rows.csv"
    )
    refuse_blank(path, frame, "total", "blank total")
    _check_rows(path, frame, parts)
    totals = frame.filter(facility_type="Total")
    check_year_to_date_grows(path, totals, "total")
    long = frame.unpivot(
        index=[ROW, "as_of", "fiscal_year", "facility_type"],
        on=["total", *parts],
        variable_name="column",
    ).rename({"facility_type": "label"})
    long = long.join(meaning, on=["label", "column"], how="inner").filter(
        pl.col("value").is_not_null()
    )
    return national(
        long, pl.lit(measure_id), period=fiscal_year_start(), grain=pl.lit("fiscal_year")
    )


def _check_rows(path: Path, frame: pl.DataFrame, parts: list[str]) -> None:
    """Each row's parts make its total (a blank part is a zero ICE left unprinted); each release
    has one Total row, and its facility-type row is a part of that Total."""
    if parts:
        differs = frame.filter(pl.sum_horizontal(pl.col(parts).fill_null(0)) != pl.col("total"))
        refuse_rows(
            path, differs, f"{' + '.join(parts)} differs from the row's total", column="total"
        )
    per_release = frame.group_by(RELEASE).agg(
        (pl.col("facility_type") == "Total").sum().alias("totals"),
        pl.col("total").filter(pl.col("facility_type") == "Total").max().alias("all"),
        pl.col("total").filter(pl.col("facility_type") != "Total").max().alias("part"),
        pl.col(ROW).min(),
    )
    odd = per_release.filter(pl.col("totals") != 1).sort(ROW)
    refuse_rows(path, odd, "a release has not exactly one Total row", column="facility_type")
    larger = per_release.filter(pl.col("part") > pl.col("all")).sort(ROW)
    refuse_rows(path, larger, "a facility type's count exceeds the release's Total", column="total")
