"""USCIS fear decisions of people in ICE detention: how many are held, and how long from the
decision to ICE's release, per release.

Two small tables on the Detention sheet: people detained with a USCIS-established (credible or
reasonable) fear decision on the data date, by facility type (a stock, filed under the month of
the release); and the average days from the USCIS fear decision to ICE's release, for the
fiscal year of the release to date (a ratio, filed under that fiscal year). `fear_rows.csv`
says what each printed row or column means.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import national
from pipelines.sources.ice_detention.releases import RELEASE, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_unknown

ROWS_CSV = Path(__file__).with_name("fear_rows.csv")
DETAINED = "ice_detention.currently_detained_with_fear_decision"
DAYS = "ice_detention.fear_decision_to_release_days"
PARTS = ["fsc", "adult"]


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    meaning = pl.read_csv(ROWS_CSV, infer_schema=False).filter(layout=layout).drop("layout")
    frame = with_release_dates(path, staged, layout).sort(ROW)
    if layout == "fear_detained":
        return _detained(path, frame, meaning)
    return _days(path, frame, meaning)


def _detained(path: Path, frame: pl.DataFrame, meaning: pl.DataFrame) -> pl.DataFrame:
    refuse_unknown(
        path, frame, meaning, on="facility_type", what="facility type", listed_in="fear_rows.csv"
    )
    refuse_blank(path, frame, "total_detained")
    frame = frame.join(meaning, left_on="facility_type", right_on="label")
    sums = frame.group_by(RELEASE).agg(
        pl.col("total_detained").filter(pl.col("dimension") != "total").sum().alias("parts"),
        pl.col("total_detained").filter(pl.col("dimension") == "total").alias("totals"),
        pl.col(ROW).min(),
    )
    wrong = sums.filter(
        (pl.col("totals").list.len() != 1) | (pl.col("parts") != pl.col("totals").list.first())
    ).sort(ROW)
    if wrong.height:
        row = wrong.row(0, named=True)
        raise InputError(
            path,
            f"release {row['file_date']}: FSC and Adult ({row['parts']:,.0f}) do not make one "
            f"Total row ({row['totals']})",
            row=row[ROW],
            column="total_detained",
        )
    return _observations(
        frame.with_columns(period=pl.col("as_of").dt.month_start(), grain=pl.lit("month")),
        DETAINED,
        "total_detained",
    )


def _days(path: Path, frame: pl.DataFrame, meaning: pl.DataFrame) -> pl.DataFrame:
    other_year = frame.filter(pl.col("data_fiscal_year") != pl.col("fiscal_year"))
    if other_year.height:
        row = other_year.row(0, named=True)
        raise InputError(
            path,
            f"release FY{row['fiscal_year']} of {row['file_date']} holds FY"
            f"{row['data_fiscal_year']}'s fear-decision figures: exclude it in releases.csv",
            row=row[ROW],
            column="data_fiscal_year",
        )
    refuse_blank(path, frame, "total", "blank total")
    long = frame.unpivot(
        index=[ROW, "as_of", "fiscal_year"], on=["total", *PARTS], variable_name="label"
    ).join(meaning, on="label")
    # No release from a family facility leaves ICE's cell blank or 0: an average of no one.
    long = long.filter(pl.col("value").is_not_null() & (pl.col("value") > 0))
    return _observations(
        long.with_columns(
            period=fiscal_year_start_expr(pl.col("fiscal_year")), grain=pl.lit("fiscal_year")
        ),
        DAYS,
        "value",
    )


def _observations(frame: pl.DataFrame, measure_id: str, column: str) -> pl.DataFrame:
    return national(frame, pl.lit(measure_id), value=column)
