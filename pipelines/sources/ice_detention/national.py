"""ICE's tables are national: their rows in the warehouse's shape, in one place."""

from __future__ import annotations

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL


def fiscal_year_start() -> pl.Expr:
    """The first day of the row's `fiscal_year` (FY2024 starts on 1 October 2023)."""
    return fiscal_year_start_expr(pl.col("fiscal_year"))


def national(
    frame: pl.DataFrame,
    measure_id: pl.Expr,
    *,
    period: pl.Expr | str = "period",
    grain: pl.Expr | str = "grain",
    value: pl.Expr | str = "value",
    dimension: pl.Expr | str = "dimension",
    category: pl.Expr | str = "category",
) -> pl.DataFrame:
    """Observations of the nation with their release's `as_of`; a string names a column."""
    return frame.select(
        measure_id=measure_id,
        region_level=pl.lit("nation"),
        region_label=pl.lit(NATION),
        period=period,
        grain=grain,
        dimension=dimension,
        category=category,
        value=pl.col(value) if isinstance(value, str) else value,
        as_of="as_of",
    ).cast({**OBSERVATION_SCHEMA, "as_of": pl.Date})


TOTALS = {"dimension": pl.lit(TOTAL), "category": pl.lit(TOTAL)}
