"""ICE final book-outs by release reason and criminality, per release.

Two parsed layouts of one table: from April 2021 ICE prints it by month with a fiscal-year-to-
date column (`book_outs`); the FY2019, FY2020 and early FY2021 files print only the year to
date, criminality across the columns (`book_outs_annual`). The parser's third table
(`-all-years`) stacks the two year-to-date columns and is not read. `book_out_rows.csv` names
every reason and criminality label (ICE writes "Order of supervision" in early files).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import fiscal_year_start, national
from pipelines.sources.ice_detention.releases import covered_months, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_rows, refuse_unknown

SUBTOTAL = "(subtotal)"  # book_out_rows.csv: a printed sum of listed reasons
MEASURE = "ice_detention.final_book_outs"
ROWS_CSV = Path(__file__).with_name("book_out_rows.csv")
CRIMINALITY_COLUMNS = [
    "convicted_criminal",
    "pending_criminal_charges",
    "other_immigration_violator",
]
_KEYS = ["as_of", "fiscal_year", "reason", "criminality_label"]


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    frame = with_release_dates(path, staged, layout)
    if layout == "book_outs_annual":
        frame = _annual_long(path, frame)
    else:
        frame = frame.with_columns(criminality_label=pl.col("criminality").fill_null("Total"))
    frame = _labelled(path, frame)
    if layout == "book_outs_annual":
        return _observations(frame.rename({"value_ytd": "value"}), grain="fiscal_year")
    total = pl.col("reason") == "total"
    months = covered_months(path, frame, total, "n_book_outs", "n_book_outs")
    blank = months.filter(total & pl.col("n_book_outs").is_null())
    refuse_rows(path, blank, "blank total in a covered month", column="n_book_outs")
    by_month = months.filter(pl.col("n_book_outs").is_not_null()).with_columns(
        period=pl.col("date"), value=pl.col("n_book_outs")
    )
    return pl.concat([_observations(by_month, grain="month"), _year_to_date(path, frame)])


def _annual_long(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    parts = frame.filter(pl.all_horizontal(pl.col([*CRIMINALITY_COLUMNS, "total"]).is_not_null()))
    differs = parts.filter(pl.sum_horizontal(CRIMINALITY_COLUMNS) != pl.col("total"))
    refuse_rows(path, differs, "criminality columns do not add up to the total", column="total")
    return frame.unpivot(
        index=[ROW, "as_of", "fiscal_year", "release_reason"],
        on=[*CRIMINALITY_COLUMNS, "total"],
        variable_name="criminality_label",
        value_name="value_ytd",
    )


def _labelled(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    rows = pl.read_csv(ROWS_CSV, infer_schema=False)
    reasons = rows.filter(kind="reason").select(
        pl.col("label").alias("release_reason"), reason="category"
    )
    crims = rows.filter(kind="criminality").select(
        pl.col("label").alias("criminality_label"), criminality_category="category"
    )
    for table, column in [(reasons, "release_reason"), (crims, "criminality_label")]:
        refuse_unknown(
            path,
            frame,
            table,
            on=column,
            declared=column,
            what="label",
            listed_in="book_out_rows.csv",
            column="criminality" if column == "criminality_label" else column,
        )
    return frame.join(reasons, on="release_reason").join(crims, on="criminality_label")


def _year_to_date(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    """ICE repeats a row's fiscal-year-to-date figure on every month of the release."""
    per_row = frame.group_by([*_KEYS, "criminality_category"]).agg(
        pl.col("n_book_outs_ytd").drop_nulls().unique().alias("values"), pl.col(ROW).min()
    )
    uneven = per_row.filter(pl.col("values").list.len() > 1).sort(ROW)
    refuse_rows(
        path,
        uneven,
        "fiscal-year-to-date value differs between the months of one release",
        column="n_book_outs_ytd",
    )
    return _observations(
        per_row.filter(pl.col("values").list.len() == 1).with_columns(
            value=pl.col("values").list.first()
        ),
        grain="fiscal_year",
    )


def _observations(frame: pl.DataFrame, grain: str) -> pl.DataFrame:
    """Reason "Total" by criminality is the criminality breakdown; a reason's criminality rows
    form the reason-by-criminality breakdown ("Bond Set by IJ: Convicted Criminal"). A printed
    subtotal of listed reasons ("Bonded Out" = the two bond rows) is not stored beside its parts,
    where any sum of reasons would count it twice."""
    reason_total, crim_total = (
        pl.col("reason") == "total",
        pl.col("criminality_category") == "total",
    )
    dimension = (
        pl.when(reason_total & crim_total)
        .then(pl.lit("total"))
        .when(reason_total)
        .then(pl.lit("criminality"))
        .when(crim_total)
        .then(pl.lit("release_reason"))
        .otherwise(pl.lit("release_reason_criminality"))
    )
    category = (
        pl.when(reason_total & crim_total)
        .then(pl.lit("total"))
        .when(reason_total)
        .then("criminality_category")
        .when(crim_total)
        .then("reason")
        .otherwise(pl.concat_str(["reason", "criminality_category"], separator=": "))
    )
    return national(
        frame.filter(pl.col("value").is_not_null(), pl.col("reason") != SUBTOTAL),
        pl.lit(MEASURE),
        period=pl.col("period") if grain == "month" else fiscal_year_start(),
        grain=pl.lit(grain),
        dimension=dimension,
        category=category,
    )
