"""Court hearings of Alternatives to Detention participants, attended or not, per release.

The ATD sheet prints, for all hearings and for final hearings, how many ATD participants
attended and failed to attend, with the share of each, in the fiscal year to the release's data
date: counts that only grow through a year (a flow, filed as the fiscal year's year-to-date
figure of each release). `atd_court_rows.csv` says what each printed row means; the attended
share is kept as printed, as a rate.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import fiscal_year_start, national
from pipelines.sources.ice_detention.release_totals import check_year_to_date_grows
from pipelines.sources.ice_detention.releases import with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank, refuse_rows

ROWS_CSV = Path(__file__).with_name("atd_court_rows.csv")
RATE = "ice_detention.atd_court_appearance_rate"


def tidy(path: Path, staged: pl.DataFrame) -> pl.DataFrame:
    meaning = pl.read_csv(ROWS_CSV, infer_schema=False)
    frame = with_release_dates(path, staged, "atd_court")
    unknown = frame.join(meaning, on=["hearing_type", "metric"], how="anti")
    if unknown.height:
        raise InputError(
            path,
            f"unknown row {unknown['hearing_type'][0]!r} / {unknown['metric'][0]!r} "
            "(not in atd_court_rows.csv)",
            row=unknown[ROW][0],
            column="metric",
        )
    frame = frame.join(meaning, on=["hearing_type", "metric"], how="left").sort(ROW)
    for column in ("count", "pct"):
        refuse_blank(path, frame, column)
    _check_attended_and_failed_make_the_total(path, frame)
    totals = frame.filter(dimension="total")
    for measure in totals["measure"].unique(maintain_order=True):
        check_year_to_date_grows(path, totals.filter(measure=measure), "count")
    counts = frame.select(
        measure_id="measure",
        dimension="dimension",
        category="category",
        value="count",
        as_of="as_of",
        fiscal_year="fiscal_year",
    )
    attended = frame.filter(metric="Attended").select(
        measure_id=pl.lit(RATE),
        dimension=pl.when(pl.col("hearing_type") == "total")
        .then(pl.lit("total"))
        .otherwise(pl.lit("hearing_type")),
        category=pl.when(pl.col("hearing_type") == "total")
        .then(pl.lit("total"))
        .otherwise(pl.lit("Final hearings")),
        value=pl.col("pct") * 100,
        as_of="as_of",
        fiscal_year="fiscal_year",
    )
    return national(
        pl.concat([counts, attended]),
        pl.col("measure_id"),
        period=fiscal_year_start(),
        grain=pl.lit("fiscal_year"),
    )


def _check_attended_and_failed_make_the_total(path: Path, frame: pl.DataFrame) -> None:
    keys = ["as_of", "hearing_type"]
    sums = frame.group_by(keys).agg(
        pl.col("count").filter(pl.col("dimension") != "total").sum().alias("parts"),
        pl.col("count").filter(pl.col("dimension") == "total").alias("totals"),
        pl.col(ROW).filter(pl.col("dimension") == "total").first().alias(ROW),
        pl.col(ROW).min().alias("first_row"),
    )
    wrong = sums.filter(pl.col("totals").list.len() != 1).sort("first_row")
    if wrong.height:
        row = wrong.row(0, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']}: the {row['hearing_type']} hearings have "
            f"{len(row['totals'])} Total rows, not one",
            row=row["first_row"],
            column="metric",
        )
    differs = sums.filter(pl.col("parts") != pl.col("totals").list.first()).sort(ROW)
    if differs.height:
        row = differs.row(0, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']}: {row['hearing_type']} hearings attended and failed to "
            f"attend add up to {row['parts']:,.0f}, the Total row prints {row['totals'][0]:,.0f}",
            row=row[ROW],
            column="count",
        )
    shares = frame.filter(pl.col("dimension") == "total", (pl.col("pct") - 1).abs() > 1e-9)
    refuse_rows(path, shares, "a Total row's share is not 100%", column="pct")
