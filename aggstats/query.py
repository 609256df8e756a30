"""The query layer: the only SQL readers run, shared by the explorer and the notebook API.

Every function takes a read-only DuckDB connection and returns a polars frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from pipelines.errors import AggstatsError

FAR_FUTURE = dt.date(9999, 12, 31)
GRAINS = ("month", "fiscal_year", "calendar_year")


class QueryError(AggstatsError):
    """A question the warehouse cannot answer as asked (unknown measure, region, grain...)."""


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a built warehouse, or a clear error saying how to build one."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(
            f"no warehouse at {path}: build it with `aggstats fetch && aggstats build` "
            "(or `aggstats up`), or set AGGSTATS_WAREHOUSE to a built file"
        )
    return duckdb.connect(str(path), read_only=True)


_MEASURES = """
WITH coverage AS (
    SELECT measure_id, region_level, grain, min(period) AS first_period,
           max(period) AS last_period
    FROM observation_all GROUP BY ALL
),
levels AS (
    SELECT measure_id, list(region_level ORDER BY sort_order) AS levels
    FROM (SELECT DISTINCT c.measure_id, c.region_level, l.sort_order
          FROM coverage c JOIN dim_level l ON l.level = c.region_level)
    GROUP BY measure_id
)
SELECT m.measure_id, m.name, m.unit, m.topic, m.counts, m.additive, m.rounded_to,
       m.definition, m.caveats, m.source_id, s.publisher, s.title AS source_title,
       any_value(lv.levels) AS levels,
       list(DISTINCT c.grain ORDER BY c.grain) AS grains,
       min(c.first_period) AS first_period, max(c.last_period) AS last_period,
       (SELECT list(DISTINCT dimension ORDER BY dimension) FROM fact_observation f
        WHERE f.measure_id = m.measure_id AND f.dimension <> 'total') AS dimensions
FROM dim_measure m
JOIN dim_source s USING (source_id)
LEFT JOIN coverage c USING (measure_id)
LEFT JOIN levels lv USING (measure_id)
GROUP BY ALL
ORDER BY s.publisher, m.topic, m.name
"""

_REGIONS = """
SELECT r.region_code, r.level, r.name, r.parent_code, r.states, r.lat, r.lon, r.note
FROM dim_region r JOIN dim_level l USING (level)
WHERE ($level IS NULL OR r.level = $level)
  AND ($measure_id IS NULL OR r.region_code IN (
      SELECT region_code FROM fact_observation WHERE measure_id = $measure_id))
ORDER BY l.sort_order, r.name
"""

_SOURCES = """
SELECT s.source_id, s.publisher, s.title, s.landing_page, s.licence, s.citation, s.quirks,
       f.file_id, f.file_name, f.release, f.published, f.as_of, f.accessed, f.url,
       f.stands_for, f.sha256, f.size, f.original, f.provenance, f.coverage
FROM dim_source s JOIN dim_file f USING (source_id)
ORDER BY s.source_id, f.as_of, f.file_name
"""

# One series: the figures at one level, one breakdown ('total' for none), as they stood at
# $cutoff. {period} and {grain} turn months into fiscal or calendar years where asked.
_SERIES = """
SELECT o.measure_id, o.region_code, r.name AS region, {period} AS period,
       {grain} AS grain, o.dimension, o.category, sum(o.value) AS value,
       count(DISTINCT o.period) AS months, max(o.as_of) AS as_of,
       list(DISTINCT o.file_id ORDER BY o.file_id) AS file_ids
FROM observation_as_of($cutoff) o
JOIN dim_region r USING (region_code)
WHERE o.measure_id = $measure_id AND o.region_level = $level AND o.grain = $source_grain
  AND o.dimension = $dimension
  AND ($regions IS NULL OR list_contains($regions, o.region_code))
GROUP BY ALL
HAVING {period} BETWEEN $start AND $end
ORDER BY region, o.category, period
"""
_PERIOD = {
    "as published": ("o.period", "o.grain"),
    "fiscal_year": ("make_date(year(o.period + INTERVAL 3 MONTH) - 1, 10, 1)", "'fiscal_year'"),
    "calendar_year": ("make_date(year(o.period), 1, 1)", "'calendar_year'"),
}


def measures(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every declared measure with its unit, definition, caveats, levels, grains and coverage."""
    return _frame(con, _MEASURES)


def regions(
    con: duckdb.DuckDBPyConnection, level: str | None = None, measure_id: str | None = None
) -> pl.DataFrame:
    """Regions (all, or of one level; only those with data for `measure_id` if given)."""
    return _frame(con, _REGIONS, {"level": level, "measure_id": measure_id})


def sources(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every source file with its publisher, release, vintage, URL and checksum."""
    return _frame(con, _SOURCES)


def series(
    con: duckdb.DuckDBPyConnection,
    measure_id: str,
    level: str = "nation",
    regions: Sequence[str] | None = None,
    *,
    grain: str = "fiscal_year",
    breakdown: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
) -> pl.DataFrame:
    """A tidy series: one row per region, period (first day) and category.

    Months are summed into fiscal or calendar years for additive measures; `months` says how
    many months a year holds and `complete` whether it holds all twelve (calendar years that
    are not complete are dropped; partial fiscal years are kept and marked).
    """
    if grain not in GRAINS:
        raise QueryError(f"unknown grain {grain!r}; choose one of {', '.join(GRAINS)}")
    measure = _measure(con, measure_id)
    if level not in measure["levels"]:
        raise QueryError(
            f"{measure_id} has no figures at level {level!r}; it has {measure['levels']}"
        )
    source_grain, shape = _plan(measure, grain)
    period, grain_sql = _PERIOD[shape]
    params = {
        "cutoff": as_of or FAR_FUTURE,
        "measure_id": measure_id,
        "level": level,
        "source_grain": source_grain,
        "dimension": breakdown or "total",
        "regions": list(regions) if regions else None,
        "start": start or dt.date(1, 1, 1),
        "end": end or FAR_FUTURE,
    }
    frame = _frame(con, _SERIES.format(period=period, grain=grain_sql), params)
    if breakdown and breakdown not in measure["dimensions"]:
        raise QueryError(
            f"{measure_id} has no breakdown {breakdown!r}; it has {measure['dimensions']}"
        )
    if regions:
        known = set(frame["region_code"])
        unknown = sorted(set(regions) - known - set(_codes(con, level, regions)))
        if unknown:
            raise QueryError(f"unknown region(s) at level {level!r}: {', '.join(unknown)}")
    frame = frame.with_columns(
        unit=pl.lit(measure["unit"]),
        months=pl.col("months").cast(pl.Int32) if shape != "as published" else None,
        complete=(pl.col("months") == 12) if shape != "as published" else pl.lit(True),
    )
    if grain == "calendar_year":
        frame = frame.filter("complete")
    return frame


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or {}).pl()


def _measure(con: duckdb.DuckDBPyConnection, measure_id: str) -> dict:
    found = measures(con).filter(measure_id=measure_id)
    if found.is_empty():
        raise QueryError(f"unknown measure {measure_id!r}; `aggstats.measures()` lists them")
    return found.row(0, named=True)


def _plan(measure: dict, grain: str) -> tuple[str, str]:
    """Which published grain to read, and whether to sum months into years."""
    if grain in measure["grains"]:
        return grain, "as published"
    if grain in ("fiscal_year", "calendar_year") and "month" in measure["grains"]:
        if not measure["additive"]:
            raise QueryError(
                f"{measure['measure_id']} is not additive ({measure['unit']}): months cannot be "
                f"summed into years; ask for grain='month'"
            )
        return "month", grain
    raise QueryError(
        f"{measure['measure_id']} is published by {', '.join(measure['grains'])}; "
        f"no {grain} figures can be made from it"
    )


def _codes(con: duckdb.DuckDBPyConnection, level: str, codes: Sequence[str]) -> list[str]:
    """Which of `codes` are regions of `level` (with or without figures in the range)."""
    rows = con.execute(
        "SELECT region_code FROM dim_region WHERE level = $level "
        "AND list_contains($codes, region_code)",
        {"level": level, "codes": list(codes)},
    ).fetchall()
    return [code for (code,) in rows]


# --- Catalog and whole-level series for the explorer (added; the functions above are unchanged).

_LEVELS = """
SELECT level, name, sort_order FROM dim_level ORDER BY sort_order
"""

# Which breakdowns each measure has at each level, with the registry's name for each.
_BREAKDOWNS = """
SELECT o.measure_id, r.level, o.dimension, any_value(d.name) AS name
FROM (SELECT DISTINCT measure_id, region_code, dimension FROM fact_observation
      WHERE dimension <> 'total') o
JOIN dim_region r USING (region_code)
JOIN dim_measure m USING (measure_id)
LEFT JOIN dim_dimension d ON d.source_id = m.source_id AND d.dimension = o.dimension
GROUP BY ALL
ORDER BY o.measure_id, r.level, o.dimension
"""

# Every region of one level at one grain, in two steps: the figures in force per published
# period (observation_as_of decides which release), then summed into the asked grain. `months`
# and `days` count the published periods the level has figures for in each period, whatever the
# region and category: publishers leave out zero rows, which must not make a year look partial.
_LEVEL_SERIES = """
WITH published AS (
    SELECT o.region_code, o.period, o.grain, o.category, sum(o.value) AS value,
           max(o.as_of) AS as_of, list(DISTINCT o.file_id) AS file_ids
    FROM observation_as_of($cutoff) o
    WHERE o.measure_id = $measure_id AND o.grain = $source_grain AND o.dimension = $dimension
      AND o.region_code IN (SELECT region_code FROM dim_region WHERE level = $level)
    GROUP BY ALL
),
covered AS (
    SELECT {period} AS period, count(*)::INTEGER AS months, sum({days})::INTEGER AS days
    FROM (SELECT DISTINCT period, grain FROM published) o
    GROUP BY ALL
)
SELECT o.region_code, r.name AS region, {period} AS period, {grain} AS grain, o.category,
       sum(o.value) AS value, any_value(c.months) AS months, any_value(c.days) AS days,
       max(o.as_of) AS as_of, list_sort(list_distinct(flatten(list(o.file_ids)))) AS file_ids
FROM published o
JOIN dim_region r USING (region_code)
JOIN covered c ON c.period = {period}
GROUP BY ALL
ORDER BY region, o.category, period
"""
_DAYS = {
    "month": "day(last_day(o.period))",
    "fiscal_year": "date_diff('day', o.period, o.period + INTERVAL 1 YEAR)",
    "calendar_year": "date_diff('day', o.period, o.period + INTERVAL 1 YEAR)",
}


def levels(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every geography level with its display name, in display order."""
    return _frame(con, _LEVELS)


def breakdowns(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """For each measure and level, the breakdowns (dimensions) published there, with names."""
    return _frame(con, _BREAKDOWNS)


def level_series(
    con: duckdb.DuckDBPyConnection,
    measure: dict,
    level: str,
    *,
    grain: str = "fiscal_year",
    breakdown: str | None = None,
    as_of: dt.date | None = None,
) -> pl.DataFrame:
    """`series` for every region of a level at once, plus `days` (the days a period's figures
    cover, for per-day rates). `measure` is a row of `measures()`, so a caller that keeps the
    catalog does not read it again; the rules (grains, additivity, vintages) are `series`'s,
    except that `months` and `complete` are the level's coverage, not the row's (a region or
    category absent in a month, as publishers leave out zeros, does not make a year partial).
    """
    if grain not in GRAINS:
        raise QueryError(f"unknown grain {grain!r}; choose one of {', '.join(GRAINS)}")
    if level not in (measure["levels"] or []):
        raise QueryError(f"{measure['measure_id']} has no figures at level {level!r}")
    source_grain, shape = _plan(measure, grain)
    period, grain_sql = _PERIOD[shape]
    sql = _LEVEL_SERIES.format(period=period, grain=grain_sql, days=_DAYS[source_grain])
    params = {
        "cutoff": as_of or FAR_FUTURE,
        "measure_id": measure["measure_id"],
        "level": level,
        "source_grain": source_grain,
        "dimension": breakdown or "total",
    }
    frame = _frame(con, sql, params)
    summed = shape != "as published"
    frame = frame.with_columns(
        unit=pl.lit(measure["unit"]),
        complete=(pl.col("months") == 12) if summed else pl.lit(True),
    )
    if not summed:
        frame = frame.with_columns(months=pl.lit(None, dtype=pl.Int32))
    if grain == "calendar_year":
        frame = frame.filter("complete")
    return frame
