"""USCIS Temporary Protected Status: Form I-821 applications by country of designation, quarter
and case status (agency PDFs), and TPS approvals by country at dates (CRS compilation).

Quarters of the fiscal year are grain fiscal_quarter; the PDF's own Fiscal Year Total column is
kept at grain fiscal_year beside them, never summed here. The CRS figures are stocks at a date:
each is stored at grain month, dated the first day of the month of its date (the exact dates
are in the measure's caveats and in the staging table).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.registry import SourceFile
from pipelines.sources.uscis_tps.crs_csv import read_crs
from pipelines.sources.uscis_tps.i821_pdf import columns_spec, read_i821
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL, breakdowns, fiscal_month_start

COUNTRY = "country_of_designation"
CRS_MEASURE = "uscis_tps.tps_approvals_crs"


def read(path: Path, layout: str) -> pl.DataFrame:
    if layout == "i821_quarterly":
        return read_i821(path)
    if layout == "crs_approvals":
        return read_crs(path)
    raise ValueError(f"unknown layout {layout!r}")


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    if file.layout == "crs_approvals":
        return _crs(staged)
    return _i821(staged)


def _i821(staged: pl.DataFrame) -> pl.DataFrame:
    cells = staged.filter(pl.col("value").is_not_null()).join(columns_spec(), on="column")
    quarter_start = fiscal_month_start(pl.col("fiscal_year"), (pl.col("quarter") - 1) * 3 + 1)
    return (
        cells.with_columns(
            measure_id=pl.col("measure"),
            region_level=pl.lit("nation"),
            region_label=pl.lit(NATION),
            period=pl.when(pl.col("grain") == "fiscal_quarter")
            .then(quarter_start)
            .otherwise(fiscal_year_start_expr(pl.col("fiscal_year"))),
            dimension=pl.when("is_total").then(pl.lit(TOTAL)).otherwise(pl.lit(COUNTRY)),
            category=pl.when("is_total").then(pl.lit(TOTAL)).otherwise(pl.col("label")),
        )
        .select(list(OBSERVATION_SCHEMA))
        .cast(OBSERVATION_SCHEMA)
    )


def _crs(staged: pl.DataFrame) -> pl.DataFrame:
    # CRS prints no total: the total is the sum of the countries designated at the date
    designated = staged.filter(pl.col("value").is_not_null()).with_columns(
        period=pl.col("date").dt.month_start(), **{COUNTRY: pl.col("country")}
    )
    return breakdowns(
        designated,
        measure_id=CRS_MEASURE,
        level="nation",
        region_label=pl.lit(NATION),
        dimensions=[COUNTRY],
        grain="month",
    )
