"""`aggstats.series` for a series across sources (`series:<id>`, pipelines/series.yaml): one
line by fiscal year, each year's figure named with the segment (publisher) that gives it."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from aggstats import query
from aggstats.query import QueryError
from aggstats.query.columns import SERIES_COLUMNS

COLUMNS = [*SERIES_COLUMNS, "segment", "segment_measure"]  # a series' columns, and who gave each


def series(
    con: duckdb.DuckDBPyConnection,
    series_id: str,
    level: str,
    regions,
    *,
    grain: str,
    breakdown: str | None,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
) -> pl.DataFrame:
    """The series' years from `start` to `end` (the figures in force; no breakdown, by fiscal
    year, at the one region it is declared for)."""
    line = query.span(con, series_id, start, end)
    region = query.spans(con).filter(measure_id=series_id).row(0, named=True)["region_code"]
    if level != region.split(":")[0] or any(
        r not in (region, region[len(level) + 1 :]) for r in regions or ()
    ):
        raise QueryError(f"{series_id} is one line, for {region} only")
    if grain != "fiscal_year":
        raise QueryError(f"{series_id} is by fiscal year; ask for grain='fiscal_year'")
    if breakdown or as_of:
        raise QueryError(f"{series_id} has no breakdown and no earlier releases (as_of)")
    publishers = dict(query.sources(con).select("source_id", "publisher").unique().iter_rows())
    return line.with_columns(
        measure_id=pl.lit(series_id),
        dimension=pl.lit("total"),
        source=pl.col("source_id"),
        publisher=pl.col("source_id").replace_strict(publishers, default=None),
    ).select(COLUMNS)
