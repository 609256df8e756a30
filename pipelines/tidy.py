"""Shared helpers that turn staged tables into the long observation shape.

An observation frame has exactly OBSERVATION_SCHEMA: the region is given by level and the
publisher's own label, which the build resolves through the region mapping files. A file that
holds several releases (vintages) adds an `as_of` Date column; otherwise the build takes the
file's declared `as_of`.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

OBSERVATION_SCHEMA = {
    "measure_id": pl.String,
    "region_level": pl.String,
    "region_label": pl.String,
    "period": pl.Date,
    "grain": pl.String,
    "dimension": pl.String,
    "category": pl.String,
    "value": pl.Float64,
}
TOTAL = "total"
_MONTHS = ["OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP"]
FISCAL_MONTHS = {abbv: i for i, abbv in enumerate(_MONTHS, start=1)}  # OCT is fiscal month 1


def fiscal_month_start(fiscal_year: pl.Expr, fiscal_month: pl.Expr) -> pl.Expr:
    """First day of fiscal month 1..12 of a fiscal year: months 1-3 (Oct-Dec) are in FY-1."""
    calendar_month = (fiscal_month + 8) % 12 + 1
    calendar_year = fiscal_year - (fiscal_month <= 3).cast(pl.Int32)
    return pl.date(calendar_year, calendar_month, 1)


def breakdowns(
    frame: pl.DataFrame,
    *,
    measure_id: str,
    level: str,
    region_label: pl.Expr,
    dimensions: Sequence[str],
    value: str = "value",
    grain: str = "month",
) -> pl.DataFrame:
    """Sum `value` by region and period: one total row plus one row per category of each dimension.

    `frame` needs a `period` column; `region_label` says which column (or literal) names the
    region at `level`.
    """
    base = frame.with_columns(region_label.alias("region_label"))
    keys = ["region_label", "period"]
    parts = [
        base.group_by(keys)
        .agg(pl.col(value).sum().cast(pl.Float64).alias("value"))
        .with_columns(dimension=pl.lit(TOTAL), category=pl.lit(TOTAL))
    ]
    for dimension in dimensions:
        parts.append(
            base.group_by([*keys, dimension])
            .agg(pl.col(value).sum().cast(pl.Float64).alias("value"))
            .rename({dimension: "category"})
            .with_columns(dimension=pl.lit(dimension))
        )
    return pl.concat(
        [
            p.with_columns(
                measure_id=pl.lit(measure_id), region_level=pl.lit(level), grain=pl.lit(grain)
            ).select(list(OBSERVATION_SCHEMA))
            for p in parts
        ]
    ).cast(OBSERVATION_SCHEMA)


def empty_observations() -> pl.DataFrame:
    return pl.DataFrame(schema=OBSERVATION_SCHEMA)
