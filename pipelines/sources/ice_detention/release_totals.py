"""Removals and family-unit removals: one fiscal-year-to-date figure per ICE release.

ICE's "Detention" sheet prints a single removals number, those completed in the fiscal year up to
the release's data date; every release restates it, so each is a vintage of that fiscal year.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW
from pipelines.sources.ice_detention.national import TOTALS, fiscal_year_start, national
from pipelines.sources.ice_detention.releases import RELEASE, with_release_dates
from pipelines.sources.ice_detention.row_checks import refuse_blank

# layout -> (measure, value column, whether later releases of a year may not print less)
MEASURES = {
    "removals": ("ice_detention.removals", "removals", True),
    # ICE's family-unit figures rise and fall between releases of one year (FY2021, FY2023):
    # printed as they are, so no such check.
    "famu_removals": ("ice_detention.family_unit_removals", "famu_removals", False),
}


def tidy(path: Path, staged: pl.DataFrame, layout: str) -> pl.DataFrame:
    measure_id, column, cumulative = MEASURES[layout]
    frame = with_release_dates(path, staged, layout).sort(ROW)
    refuse_blank(path, frame, column)
    repeated = frame.filter(pl.struct(RELEASE).is_duplicated())
    if repeated.height:
        raise InputError(
            path, "a release has more than one row", row=repeated[ROW][-1], column=column
        )
    if cumulative:
        check_year_to_date_grows(path, frame, column)
    return national(
        frame,
        pl.lit(measure_id),
        period=fiscal_year_start(),
        grain=pl.lit("fiscal_year"),
        value=column,
        **TOTALS,
    )


def check_year_to_date_grows(path: Path, frame: pl.DataFrame, column: str) -> None:
    """A count to date never falls in a later release of the same year: a release that prints
    less than an earlier one holds another year's sheet (set it aside in releases.csv)."""
    ordered = frame.sort("fiscal_year", "as_of").with_columns(
        earlier=pl.col(column).cum_max().shift(1).over("fiscal_year")
    )
    falls = ordered.filter(pl.col(column) < pl.col("earlier"))
    if falls.height:
        row = falls.row(0, named=True)
        raise InputError(
            path,
            f"FY{row['fiscal_year']} release of {row['as_of']} prints {row[column]:,.0f}, less "
            f"than an earlier release of the year ({row['earlier']:,.0f}): exclude the release "
            "holding another year's sheet in releases.csv",
            row=row[ROW],
            column=column,
        )
