"""The catalog: measures, regions, levels, breakdowns, sources, reconciliation, the schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from aggstats.query import sql_catalog
from aggstats.query.core import (
    QueryError,
    run,
)


def measures(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every declared measure with its unit, definition, caveats, levels, grains and coverage."""
    return run(con, sql_catalog.MEASURES)


def regions(
    con: duckdb.DuckDBPyConnection, level: str | None = None, measure_id: str | None = None
) -> pl.DataFrame:
    """Regions (all, or of one level; only those with data for `measure_id` if given)."""
    return run(con, sql_catalog.REGIONS, {"level": level, "measure_id": measure_id})


def levels(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every geography level with its display name, in display order."""
    return run(con, sql_catalog.LEVELS)


def breakdowns(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """For each measure and level, the breakdowns (dimensions) published there, with names."""
    return run(con, sql_catalog.BREAKDOWNS)


def level_periods(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """For each measure, level and grain, the periods its totals have (a list, oldest first)."""
    return run(con, sql_catalog.LEVEL_PERIODS)


def revisions(
    con: duckdb.DuckDBPyConnection,
    measure_id: str,
    regions: list[str],
    grain: str,
    start: dt.date,
    end: dt.date,
) -> pl.DataFrame:
    """Periods of `regions` printed by more than one release: first and newest figure, with
    their release dates and the number of releases (totals, at a published grain)."""
    params = {"measure_id": measure_id, "regions": regions, "grain": grain}
    return run(con, sql_catalog.REVISIONS, {**params, "start": start, "end": end})


def growth(
    con: duckdb.DuckDBPyConnection, measure_id: str, region_code: str, grain: str, days: int
) -> tuple[float | None, int]:
    """The median ratio of a period's newest figure to its first printed one, `days` into the
    period, and over how many periods (totals of one region; see sql_catalog.GROWTH)."""
    params = {"measure_id": measure_id, "region_code": region_code, "grain": grain, "days": days}
    row = run(con, sql_catalog.GROWTH, params).row(0)
    return row[0], row[1] or 0


def anomalies(
    con: duckdb.DuckDBPyConnection, measure_id: str | None = None, regions: Sequence[str] = ()
) -> pl.DataFrame:
    """Implausible figures the build flagged (dim_anomaly): all, or one measure's in `regions`."""
    return run(con, sql_catalog.ANOMALIES, {"measure_id": measure_id, "regions": list(regions)})


def anomaly_text(row: dict) -> str:
    """One flagged figure in words, naming its release and the neighbouring figures."""
    when = "release" if row["kind"] == "release_break" else "period"
    return (
        f"{row['measure']} ({row['measure_id']}), {row['region']}, {row['grain']} "
        f"{row['period']}: {row['value']:,.0f} in the release of {row['as_of']} "
        f"({row['release']}), against {row['prev_value']:,.0f} in the previous {when} "
        f"({_neighbour(row, 'prev', when)}) and {row['next_value']:,.0f} in the next "
        f"({_neighbour(row, 'next', when)})"
    )


def _neighbour(row: dict, side: str, when: str) -> str:
    if when == "release":
        return f"release of {row[f'{side}_as_of']}"
    return f"{row[f'{side}_period']}"


def releases(con: duckdb.DuckDBPyConnection, measure_id: str) -> pl.DataFrame:
    """A measure's releases (vintages), oldest first: `as_of`, the release names, figures."""
    return run(con, sql_catalog.RELEASES, {"measure_id": measure_id})


def context(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Policy periods, dated events and targets, each with the measures it applies to (a
    target's `dimensions`/`categories` name the category it counts, or 'total')."""
    return run(con, sql_catalog.CONTEXT)


def sources(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every source file with its publisher, release, vintage, URL and checksum."""
    return run(con, sql_catalog.SOURCES)


def reconciliation(con: duckdb.DuckDBPyConnection, measure_id: str | None = None) -> pl.DataFrame:
    """Each reconciled pair by fiscal year: both values, the difference, whether they agree
    (only the pairs with `measure_id` on either side, when given)."""
    return run(con, sql_catalog.RECONCILIATION, {"measure_id": measure_id})


def measure(con: duckdb.DuckDBPyConnection, measure_id: str) -> dict:
    """One measure's row of `measures` as a dict; QueryError when it is unknown."""
    return measure_row(con, measure_id)


def schema_objects(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every table, view and table macro of the warehouse (`name`, `kind`)."""
    return run(con, sql_catalog.OBJECTS)


def schema_columns(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every column of every table and view, in order, with its DuckDB type."""
    return run(con, sql_catalog.COLUMNS)


def export_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    measure_ids: Sequence[str],
    levels: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One table's rows for the chosen measures (and levels), in a stable order."""
    if table not in sql_catalog.EXPORT:
        raise QueryError(f"no export of {table!r}; tables: {', '.join(sql_catalog.EXPORT)}")
    params = {"measure_ids": list(measure_ids), "levels": list(levels) if levels else None}
    statement = sql_catalog.EXPORT[table]
    return run(con, statement, {k: v for k, v in params.items() if f"${k}" in statement})


def totals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The sum of the figures in force per measure and region level (exports check against it)."""
    return run(con, sql_catalog.TOTALS)


def primary_keys(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each table's primary key columns (`table_name`, `columns`)."""
    return run(
        con,
        "SELECT table_name, constraint_column_names AS columns FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY' AND schema_name = 'main' ORDER BY table_name",
    )


def measure_row(con: duckdb.DuckDBPyConnection, measure_id: str) -> dict:
    found = measures(con).filter(measure_id=measure_id)
    if found.is_empty():
        raise QueryError(f"unknown measure {measure_id!r}; `aggstats.measures()` lists them")
    return found.row(0, named=True)
