"""Alternatives to Detention (ATD) participants by case type and by technology, per release.

The ATD sheet prints two small national tables beside the AOR table (atd-by-aor): participants
by case type (family unit, single adult, with or without extended case management, ECMS) with
their average days in the program, and, from August 2022, participants by technology with the
technology's daily cost. Each table has its own Total row; both Totals count the same
participants on the same data date, so they must agree. `atd_population_rows.csv` says what each
printed row means; rows with neither count nor value are the sheet's footnotes ("Data from BI
Inc. Participants Report, ...") and are dropped.

These are separate measures from ice_detention.atd_participants (built from the AOR table),
which prints the same national Total: keeping them apart means no period holds that total twice.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import national
from pipelines.sources.ice_detention.releases import with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_rows

ROWS_CSV = Path(__file__).with_name("atd_population_rows.csv")
PARTICIPANTS = "ice_detention.atd_participants_by_type"
DAYS = "ice_detention.atd_average_days_in_program"
COST = "ice_detention.atd_technology_daily_cost"
# Costs are printed to the cent and more; their parts may differ from the Total by rounding.
CENT = 0.01


def tidy(path: Path, staged: pl.DataFrame) -> pl.DataFrame:
    meaning = pl.read_csv(ROWS_CSV, infer_schema=False).rename({"label": "category_label"})
    frame = with_release_dates(path, staged, "atd_population").rename(
        {"category": "category_label"}
    )
    frame = frame.join(meaning, on=["table", "category_label"], how="left")
    note = pl.col("count").is_null() & pl.col("value").is_null()
    unknown = frame.filter(pl.col("dimension").is_null() & ~note)
    if unknown.height:
        raise InputError(
            path,
            f"unknown row {unknown['category_label'][0]!r} in the {unknown['table'][0]} table "
            "(not in atd_population_rows.csv)",
            row=unknown[ROW][0],
            column="category",
        )
    frame = frame.filter(pl.col("dimension").is_not_null())
    blank = frame.filter(pl.col("count").is_null() & (pl.col("dimension") == "total"))
    refuse_rows(path, blank, "blank Total", column="count")
    # Two releases of June 2022 leave the family rows blank (the single adults make the Total):
    # not printed, so not a zero; the parts must still make the Total.
    frame = frame.filter(pl.col("count").is_not_null())
    _check_one_total(path, frame)
    _check_parts(path, frame, "count", 0.0)
    _check_parts(path, frame.filter(table="technology"), "value", CENT)
    _check_totals_agree(path, frame)
    # The technology table's Total repeats the case-type table's: emit it once.
    participants = frame.filter((pl.col("table") == "status") | (pl.col("dimension") != "total"))
    return pl.concat(
        [
            _observations(participants, PARTICIPANTS, "count"),
            _observations(frame.filter(table="status"), DAYS, "value"),
            _observations(frame.filter(table="technology"), COST, "value"),
        ]
    )


def _check_one_total(path: Path, frame: pl.DataFrame) -> None:
    totals = frame.group_by("as_of", "table").agg(
        (pl.col("dimension") == "total").sum().alias("n"), pl.col(ROW).min()
    )
    wrong = totals.filter(pl.col("n") != 1).sort(ROW)
    if wrong.height:
        row = wrong.row(0, named=True)
        raise InputError(
            path,
            f"the {row['table']} table of the release of {row['as_of']} has {row['n']} Total "
            "rows, not one",
            row=row[ROW],
            column="category",
        )


def _check_parts(path: Path, frame: pl.DataFrame, column: str, tolerance: float) -> None:
    """Each table's rows add up to its printed Total, in every release."""
    sums = frame.group_by("as_of", "table").agg(
        pl.col(column).filter(pl.col("dimension") != "total").sum().alias("parts"),
        pl.col(column).filter(pl.col("dimension") == "total").first().alias("total"),
        pl.col(ROW).filter(pl.col("dimension") == "total").first().alias(ROW),
    )
    differs = sums.filter((pl.col("parts") - pl.col("total")).abs() > tolerance + 1e-9)
    if differs.height:
        row = differs.sort(ROW).row(0, named=True)
        raise InputError(
            path,
            f"the {row['table']} table of the release of {row['as_of']}: its rows add up to "
            f"{row['parts']:,.2f}, its Total row prints {row['total']:,.2f}",
            row=row[ROW],
            column=column,
        )


def _check_totals_agree(path: Path, frame: pl.DataFrame) -> None:
    """Both tables count the same participants: their Totals are one figure."""
    totals = frame.filter(dimension="total")
    both = (
        totals.filter(table="status")
        .select("as_of", pl.col("count").alias("status"))
        .join(totals.filter(table="technology").select("as_of", "count", ROW), on="as_of")
    )
    differs = both.filter(pl.col("status") != pl.col("count")).sort(ROW)
    if differs.height:
        row = differs.row(0, named=True)
        raise InputError(
            path,
            f"release of {row['as_of']}: the technology table's Total ({row['count']:,.0f}) "
            f"differs from the case-type table's ({row['status']:,.0f})",
            row=row[ROW],
            column="count",
        )


def _observations(frame: pl.DataFrame, measure_id: str, column: str) -> pl.DataFrame:
    return national(
        frame.filter(pl.col(column).is_not_null()),
        pl.lit(measure_id),
        period=pl.col("as_of").dt.month_start(),
        grain=pl.lit("month"),
        value=column,
    )
