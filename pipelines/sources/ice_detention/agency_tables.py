"""ADP, average length of stay and book-ins by arresting agency (and criminality), per release.

ICE's sheets list blocks of rows: a block's first row is its total ("CBP Average",
"ICE Average", "Average"), followed by that block's criminality rows. The parser kept the row
order but not the block, so the block is read from the order; `agency_rows.csv` says which
labels open a block and what each row means. Each row carries twelve monthly values and the
fiscal-year-to-date value of its release.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import national
from pipelines.sources.ice_detention.releases import covered_months, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows, refuse_unknown

ROWS_CSV = Path(__file__).with_name("agency_rows.csv")
# layout -> (measure, label column, monthly value column, fiscal-year-to-date column)
MEASURES = {
    "adp": ("ice_detention.adp", "agency", "adp", "adp_fy_ytd"),
    "stay_length": (
        "ice_detention.average_length_of_stay",
        "agency",
        "avg_stay_length_days",
        "avg_stay_length_days_fy_ytd",
    ),
    "book_ins": ("ice_detention.book_ins", "arresting_agency", "n_book_ins", "n_book_ins_ytd"),
}


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    measure_id, label, monthly, ytd = MEASURES[layout]
    rows = pl.read_csv(ROWS_CSV, infer_schema=False).filter(layout=layout).drop("layout")
    frame = with_release_dates(path, staged, layout).rename({label: "label"})
    refuse_unknown(
        path, frame, rows, on="label", what="row label", listed_in="agency_rows.csv", column=label
    )
    frame = frame.join(rows, on="label", how="left").sort(ROW)
    # Rows of one release are contiguous, month-major within each label: the block opener of
    # the same month precedes its criminality rows.
    frame = frame.with_columns(block=pl.col("opens_block").forward_fill().over("as_of", "month"))
    orphan = frame.filter(pl.col("block").is_null())
    refuse_rows(path, orphan, "a criminality row precedes every block total", column=label)
    emitted = frame.filter(pl.col("opens_block").is_not_null() | (pl.col("block") == "total"))
    total = pl.col("dimension") == "total"
    months = covered_months(path, emitted, total, monthly, monthly)
    refuse_blank(path, months, monthly, "blank value in a covered month")
    by_month = months.with_columns(
        period=pl.col("date"), grain=pl.lit("month"), value=pl.col(monthly)
    )
    return pl.concat(
        [_observations(by_month, measure_id), _year_to_date(path, emitted, ytd, measure_id)]
    )


def _year_to_date(path: Path, emitted: pl.DataFrame, ytd: str, measure_id: str) -> pl.DataFrame:
    """One fiscal-year-to-date value per release and row, which ICE repeats on every month."""
    keys = ["as_of", "fiscal_year", "block", "label", "dimension", "category"]
    per_row = emitted.group_by(keys).agg(
        pl.col(ytd).drop_nulls().unique().alias("values"), pl.col(ROW).min()
    )
    uneven = per_row.filter(pl.col("values").list.len() != 1).sort(ROW)
    refuse_rows(
        path,
        uneven,
        "fiscal-year-to-date value differs between the months of one release",
        column=ytd,
    )
    return _observations(
        per_row.with_columns(
            period=fiscal_year_start_expr(pl.col("fiscal_year")),
            grain=pl.lit("fiscal_year"),
            value=pl.col("values").list.first(),
        ),
        measure_id,
    )


def _observations(frame: pl.DataFrame, measure_id: str) -> pl.DataFrame:
    return national(frame, pl.lit(measure_id))
