"""The query layer: the only SQL readers run, shared by the explorer and the notebook API.

Every function takes a read-only DuckDB connection and returns a polars frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from pipelines import registry
from pipelines.errors import AggstatsError

FAR_FUTURE = dt.date(9999, 12, 31)
POPULATION = "census_state_population.population"
GRAINS = registry.GRAINS  # month, fiscal_year, calendar_year, and grains only some sources publish


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

_RECONCILIATION = """
SELECT d.reconciliation_id, d.title, d.why, d.left_label, d.right_label, d.tolerance,
       f.period, f.left_value, f.right_value, f.difference, f.relative_difference, f.agrees
FROM dim_reconciliation d JOIN fact_reconciliation f USING (reconciliation_id)
ORDER BY d.reconciliation_id, f.period
"""

# The denominator for per-capita rates: one estimate per region and year, as in force.
_POPULATION = """
SELECT p.region_code, year(p.period) AS year, p.value AS population,
       p.as_of AS population_as_of, f.release AS population_release
FROM observation p JOIN dim_file f USING (file_id)
WHERE p.measure_id = $denominator AND p.dimension = 'total' AND p.grain = 'calendar_year'
  AND list_contains($regions, p.region_code)
"""

# One series: the figures at one level, one breakdown ('total' for none), as they stood at
# $cutoff. {period} and {grain} turn months into fiscal or calendar years where asked;
# `coverage` counts the months of each year a region's total has, so a partial year is known
# whether the year is summed here or published as a year-to-date figure.
_SERIES = """
WITH picked AS (
    SELECT o.*, r.name AS region
    FROM observation_as_of($cutoff) o JOIN dim_region r USING (region_code)
    WHERE o.measure_id = $measure_id AND o.region_level = $level
      AND ($regions IS NULL OR list_contains($regions, o.region_code))
),
coverage AS (
    SELECT o.region_code, {year} AS year_start, count(DISTINCT o.period) AS months
    FROM picked o WHERE o.grain = 'month' AND o.dimension = 'total'
    GROUP BY ALL
)
SELECT o.measure_id, o.region_code, o.region, {period} AS period,
       {grain} AS grain, o.dimension, o.category, sum(o.value) AS value,
       any_value(c.months) AS months, max(o.as_of) AS as_of,
       list(DISTINCT o.file_id ORDER BY o.file_id) AS file_ids
FROM picked o
LEFT JOIN coverage c ON c.region_code = o.region_code AND c.year_start = {period}
WHERE o.grain = $source_grain AND o.dimension = $dimension
GROUP BY o.measure_id, o.region_code, o.region, {period}, {grain}, o.dimension, o.category
HAVING {period} BETWEEN $start AND $end
ORDER BY o.region, o.category, {period}
"""
_FISCAL_YEAR = "make_date(year(o.period + INTERVAL 3 MONTH) - 1, 10, 1)"
_CALENDAR_YEAR = "make_date(year(o.period), 1, 1)"
_YEAR_OF = {"fiscal_year": _FISCAL_YEAR, "calendar_year": _CALENDAR_YEAR, "month": "o.period"}
_PERIOD = {
    "as published": ("o.period", "o.grain"),
    "fiscal_year": (_FISCAL_YEAR, "'fiscal_year'"),
    "calendar_year": (_CALENDAR_YEAR, "'calendar_year'"),
}


def measures(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every declared measure with its unit, definition, caveats, levels, grains and coverage."""
    return _frame(con, _MEASURES)


def regions(
    con: duckdb.DuckDBPyConnection, level: str | None = None, measure_id: str | None = None
) -> pl.DataFrame:
    """Regions (all, or of one level; only those with data for `measure_id` if given)."""
    return _frame(con, _REGIONS, {"level": level, "measure_id": measure_id})


def levels(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every region level, coarsest first (`level`, `name`)."""
    return _frame(con, "SELECT level, name FROM dim_level ORDER BY sort_order")


def sources(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every source file with its publisher, release, vintage, URL and checksum."""
    return _frame(con, _SOURCES)


def reconciliation(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each reconciled pair by fiscal year: both values, the difference, whether they agree."""
    return _frame(con, _RECONCILIATION)


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

    Months are summed into fiscal or calendar years for additive measures (a publisher's own
    annual figures are used where it prints them); `months` says how many months of a year the
    region's monthly figures cover and `complete` whether all twelve (calendar years that are
    not complete are dropped; partial fiscal years are kept and marked).
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
    sql = _SERIES.format(period=period, grain=grain_sql, year=_YEAR_OF.get(grain, "o.period"))
    frame = _frame(con, sql, params)
    if breakdown and breakdown not in measure["dimensions"]:
        raise QueryError(
            f"{measure_id} has no breakdown {breakdown!r}; it has {measure['dimensions']}"
        )
    if regions:
        known = set(frame["region_code"])
        unknown = sorted(set(regions) - known - set(_codes(con, level, regions)))
        if unknown:
            raise QueryError(f"unknown region(s) at level {level!r}: {', '.join(unknown)}")
    yearly = grain in ("fiscal_year", "calendar_year")
    months = pl.col("months").cast(pl.Int32) if yearly else pl.lit(None, pl.Int32)
    frame = frame.with_columns(
        unit=pl.lit(measure["unit"]),
        months=months,
        # a year is partial when the region's monthly figures cover fewer than 12 of its months;
        # a year published without monthly figures is taken as the publisher states it
        complete=(months.fill_null(12) == 12) if yearly else pl.lit(True),
    )
    if grain == "calendar_year":
        frame = frame.filter("complete")
    return frame


def per_capita(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    per: int = 100_000,
    denominator: str = POPULATION,
) -> pl.DataFrame:
    """A series with `population`, its vintage, and `value_per_capita` (per `per` residents).

    The population is the July 1 estimate of the matching year: the calendar year of a month or
    calendar year, and for a fiscal year the year it ends in (its July 1 falls inside it). Years
    without an estimate get no rate (null), never a neighbouring year's; regions without any
    population (sectors, field offices, courts...) are an error that says so.
    """
    codes = frame["region_code"].unique().to_list()
    population = _frame(con, _POPULATION, {"denominator": denominator, "regions": codes})
    missing = sorted(set(codes) - set(population["region_code"]))
    if missing:
        raise QueryError(
            f"no population for {', '.join(missing[:5])}: per-capita rates exist only for regions "
            f"with a {denominator} estimate (states and the nation)"
        )
    year = pl.when(pl.col("grain") == "fiscal_year").then(pl.col("period").dt.year() + 1)
    return (
        frame.with_columns(year.otherwise(pl.col("period").dt.year()).alias("population_year"))
        .join(
            population.rename({"year": "population_year"}),
            on=["region_code", "population_year"],
            how="left",
        )
        .with_columns(
            value_per_capita=pl.col("value") / pl.col("population") * per,
            per=pl.lit(per),
        )
    )


def measure(con: duckdb.DuckDBPyConnection, measure_id: str) -> dict:
    """One measure's row of `measures` as a dict; QueryError when it is unknown."""
    return _measure(con, measure_id)


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


# Whole tables and the schema, for exports and the data dictionary.

_OBJECTS = """
SELECT table_name AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind
FROM information_schema.tables WHERE table_schema = 'main'
UNION ALL
SELECT function_name, 'table macro' FROM duckdb_functions()
WHERE NOT internal AND function_type = 'table_macro' AND schema_name = 'main'
ORDER BY name
"""

_COLUMNS = """
SELECT table_name, column_name, data_type
FROM information_schema.columns WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position
"""

# The rows of one exported table for the chosen measures (and region levels). Dimensions
# follow the measures: their sources, files and breakdowns; all regions and levels.
_EXPORT = {
    "observation_readable": """
        SELECT * FROM observation_readable
        WHERE list_contains($measure_ids, measure_id)
          AND ($levels IS NULL OR list_contains($levels, region_level))
        ORDER BY measure_id, region_code, period, grain, dimension, category""",
    "fact_observation": """
        SELECT o.* FROM fact_observation o JOIN dim_region r USING (region_code)
        WHERE list_contains($measure_ids, o.measure_id)
          AND ($levels IS NULL OR list_contains($levels, r.level))
        ORDER BY o.measure_id, o.region_code, o.period, o.grain, o.dimension, o.category,
                 o.as_of, o.file_id""",
    "dim_measure": """
        SELECT * FROM dim_measure WHERE list_contains($measure_ids, measure_id)
        ORDER BY measure_id""",
    "dim_source": """
        SELECT * FROM dim_source WHERE source_id IN (
            SELECT source_id FROM dim_measure WHERE list_contains($measure_ids, measure_id))
        ORDER BY source_id""",
    "dim_file": """
        SELECT * FROM dim_file WHERE source_id IN (
            SELECT source_id FROM dim_measure WHERE list_contains($measure_ids, measure_id))
        ORDER BY file_id""",
    "dim_dimension": """
        SELECT * FROM dim_dimension WHERE source_id IN (
            SELECT source_id FROM dim_measure WHERE list_contains($measure_ids, measure_id))
        ORDER BY source_id, dimension""",
    "dim_region": "SELECT * FROM dim_region ORDER BY region_code",
    "dim_level": "SELECT * FROM dim_level ORDER BY sort_order",
}
EXPORT_TABLES = tuple(_EXPORT)

_TOTALS = """
SELECT measure_id, region_level, sum(value) AS value, count(*) AS rows
FROM observation GROUP BY ALL ORDER BY ALL
"""


def schema_objects(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every table, view and table macro of the warehouse (`name`, `kind`)."""
    return _frame(con, _OBJECTS)


def schema_columns(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every column of every table and view, in order, with its DuckDB type."""
    return _frame(con, _COLUMNS)


def export_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    measure_ids: Sequence[str],
    levels: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One table's rows for the chosen measures (and levels), in a stable order."""
    if table not in _EXPORT:
        raise QueryError(f"no export of {table!r}; tables: {', '.join(_EXPORT)}")
    params = {"measure_ids": list(measure_ids), "levels": list(levels) if levels else None}
    sql = _EXPORT[table]
    return _frame(con, sql, {k: v for k, v in params.items() if f"${k}" in sql})


def totals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The sum of the figures in force per measure and region level (exports check against it)."""
    return _frame(con, _TOTALS)


def primary_keys(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each table's primary key columns (`table_name`, `columns`)."""
    return _frame(
        con,
        "SELECT table_name, constraint_column_names AS columns FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY' AND schema_name = 'main' ORDER BY table_name",
    )
