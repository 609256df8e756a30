"""Shared helpers that turn staged tables into the long observation shape.

An observation frame has exactly OBSERVATION_SCHEMA: the region is given by level and the
publisher's own label, which the build resolves through the region mapping files. A file that
holds several releases (vintages) adds an `as_of` Date column; otherwise the build takes the
file's declared `as_of`.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from aggstats.calendar import FISCAL_MONTHS as FISCAL_MONTHS
from aggstats.calendar import fiscal_month_start as fiscal_month_start

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
# The nation's label in every source's observations: the name of its region (nation:US) in
# pipelines/mappings/regions.csv.
NATION = "United States"


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
