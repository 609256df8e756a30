"""What every query shares: the connection, errors, and running SQL into polars."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from aggstats import calendar
from aggstats.errors import AggstatsError

FAR_FUTURE = dt.date(9999, 12, 31)


# The role (source.yaml `role:`, dim_measure.role) of the measure per-capita rates divide by.
POPULATION_ROLE = "population_denominator"


GRAINS = calendar.GRAINS  # month, fiscal_year, calendar_year, and grains only some sources publish


class QueryError(AggstatsError):
    """A question the warehouse cannot answer as asked (unknown measure, region, grain...)."""


QueryError.__module__ = "aggstats.query"  # its public home, as tracebacks and docs name it


def connect(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a built warehouse, or a clear error saying how to build one."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(
            f"no warehouse at {path}: build it with `aggstats fetch && aggstats build` "
            "(or `aggstats up`), or set AGGSTATS_WAREHOUSE to a built file"
        )
    return duckdb.connect(str(path), read_only=True)


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or {}).pl()


def region_codes(con: duckdb.DuckDBPyConnection, level: str, codes: Sequence[str]) -> list[str]:
    """Which of `codes` are regions of `level` (with or without figures in the range)."""
    rows = con.execute(
        "SELECT region_code FROM dim_region WHERE level = $level "
        "AND list_contains($codes, region_code)",
        {"level": level, "codes": list(codes)},
    ).fetchall()
    return [code for (code,) in rows]
