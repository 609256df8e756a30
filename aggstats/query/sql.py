"""The series' SQL: observations, one series, a level's series, populations. With
aggstats/query/sql_catalog.py (the catalog's), all the SQL of the query layer; the modules
beside them run it."""

from __future__ import annotations

# The measure a role names (dim_measure.role, from its declaration), e.g. the population.
MEASURE_OF_ROLE = "SELECT measure_id FROM dim_measure WHERE role = $role"


# The denominator for per-capita rates: one estimate per region and year, as in force.
POPULATION = """
SELECT p.region_code, year(p.period) AS year, p.value AS population,
       p.as_of AS population_as_of, f.release AS population_release
FROM observation p JOIN dim_file f USING (file_id)
WHERE p.measure_id = $denominator AND p.dimension = 'total' AND p.grain = 'calendar_year'
  AND list_contains($regions, p.region_code)
"""

# The same estimates for every region of a level that has them ($denominator, else the measure
# with the role; none where the warehouse holds no such measure).
LEVEL_POPULATION = """
SELECT p.region_code, year(p.period) AS year, p.value AS population,
       p.as_of AS population_as_of, f.release AS population_release
FROM observation p JOIN dim_file f USING (file_id)
WHERE p.measure_id = coalesce($denominator, (SELECT measure_id FROM dim_measure WHERE role = $role))
  AND p.dimension = 'total' AND p.grain = 'calendar_year'
  AND p.region_level = $level
ORDER BY p.region_code, year
"""


# The day after a published period (o.period, o.grain): a figure whose release (as_of, its data
# date) comes before it covers the period to date, where the measure is `to_date`. The calendar
# macros (period_after, period_days, fiscal_year_start...) are aggstats.calendar's, in the
# warehouse.
AFTER = "period_after(o.period, o.grain)"


# Where series read from: the figures in force (a table the build derives), or as they stood at
# $cutoff (the macro picks, per period, the newest release published by then).
def observations(as_of: object) -> str:
    return "observation_as_of($cutoff)" if as_of else "observation"


# One series: the figures at one level, one breakdown ('total' for none), as they stood at
# $cutoff. {period} and {grain} turn months into fiscal or calendar years where asked;
# `coverage` counts the months of each year a region's total has, so a partial year is known
# whether the year is summed here or published as a year-to-date figure.
SERIES = """
WITH picked AS (
    SELECT o.*, r.name AS region
    FROM {observations} o JOIN dim_region r USING (region_code)
    WHERE o.measure_id = $measure_id AND o.region_level = $level
      AND ($regions IS NULL OR list_contains($regions, o.region_code))
),
coverage AS (
    SELECT o.region_code, {year} AS year_start, count(DISTINCT o.period) AS months,
           bool_and(NOT ($to_date AND o.as_of < ({after})::DATE - 1)) AS months_whole
    FROM picked o WHERE o.grain = 'month' AND o.dimension = 'total'
    GROUP BY ALL
)
SELECT o.measure_id, o.region_code, o.region, {period} AS period,
       {grain} AS grain, o.dimension, o.category, sum(o.value) AS value,
       any_value(c.months) AS months, max(o.as_of) AS as_of,
       bool_and(NOT ($to_date AND o.as_of < ({after})::DATE - 1))
           AND coalesce(any_value(c.months_whole), true) AS whole,
       list(DISTINCT o.file_id ORDER BY o.file_id) AS file_ids
FROM picked o
LEFT JOIN coverage c ON c.region_code = o.region_code AND c.year_start = {period}
WHERE o.grain = $source_grain AND o.dimension = $dimension
GROUP BY o.measure_id, o.region_code, o.region, {period}, {grain}, o.dimension, o.category
HAVING {period} BETWEEN $start AND $end
ORDER BY o.region, o.category, {period}
"""


FISCAL_YEAR = "fiscal_year_start(o.period)"


CALENDAR_YEAR = "calendar_year_start(o.period)"


YEAR_OF = {"fiscal_year": FISCAL_YEAR, "calendar_year": CALENDAR_YEAR, "month": "o.period"}


PERIOD = {
    "as published": ("o.period", "o.grain"),
    "fiscal_year": (FISCAL_YEAR, "'fiscal_year'"),
    "calendar_year": (CALENDAR_YEAR, "'calendar_year'"),
}


# Every region of one level at one grain and breakdown: the build's table of series in force
# (pipelines/warehouse/level_series.sql, which says how months, days and partial periods are
# counted; stored sorted by region, category and period, the order a scan keeps), or its macro
# for the series as they stood at $cutoff (sorted here).
LEVEL_SERIES = """
SELECT region_code, region, period, grain, category, value, months, days, data_date, final,
       as_of, file_ids, complete
FROM {source}
WHERE {which}
{order}
"""
BY_NAMES = (
    "measure_id = $measure_id AND level = $level AND grain = $grain AND dimension = $dimension"
)

LEVEL_SERIES_IN_FORCE = {"source": "level_series", "which": BY_NAMES, "order": ""}
# the same by its number (level_series_key), for a reader that keeps the numbers: faster
LEVEL_SERIES_BY_KEY = {"source": "level_series", "which": "series_key = $series_key", "order": ""}
LEVEL_SERIES_AS_OF = {
    "source": "level_series_of($cutoff, $measure_id, $level, $dimension)",
    "which": BY_NAMES,
    "order": "ORDER BY region, category, period",
}

# Every series' number, for LEVEL_SERIES_BY_KEY.
LEVEL_SERIES_KEYS = "SELECT series_key, measure_id, level, grain, dimension FROM level_series_key"
