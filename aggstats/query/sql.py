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


# Every region of one level at one grain, in two steps: the figures in force per published
# period (or as they stood at $cutoff: see OBSERVATIONS), then summed into the asked grain. `months`
# and `days` count the published periods the level has figures for in each period, whatever the
# region and category: publishers leave out zero rows, which must not make a year look partial.
LEVEL_SERIES = """
WITH published AS (
    SELECT o.region_code, o.period, o.grain, o.category, sum(o.value) AS value,
           max(o.as_of) AS as_of, list(DISTINCT o.file_id) AS file_ids
    FROM {observations} o
    WHERE o.measure_id = $measure_id AND o.grain = $source_grain AND o.dimension = $dimension
      AND o.region_code IN (SELECT region_code FROM dim_region WHERE level = $level)
    GROUP BY ALL
),
covered AS (
    -- a period to date counts the days to its data date, for per-day rates; it is final when
    -- a release after the period's end exists and does not reprint it (as ICE's FY2026
    -- releases leave September 2025 as the last FY2025 release had it, to 25 September)
    SELECT {period} AS period, count(*)::INTEGER AS months,
           sum(CASE WHEN o.partial THEN date_diff('day', o.period, o.as_of) + 1 ELSE {days} END)
               ::INTEGER AS days,
           bool_and(NOT o.partial) AS whole,
           max(CASE WHEN o.partial THEN o.as_of END) AS data_date,
           bool_or(o.partial) AND bool_and(NOT o.partial OR o.newest > o.period_end) AS final
    FROM (SELECT o.period, o.grain, max(o.as_of) AS as_of,
                 $to_date AND max(o.as_of) < ({after})::DATE - 1 AS partial,
                 ({after})::DATE - 1 AS period_end,
                 (SELECT max(as_of) FROM published) AS newest
          FROM published o GROUP BY o.period, o.grain) o
    GROUP BY ALL
),
-- For years published as such: the months the level's monthly figures cover in each, so that a
-- published year to date (OHSS's FY2024 through August) is known partial.
monthly AS (
    SELECT {year_of} AS period, count(DISTINCT o.period)::INTEGER AS months
    FROM {observations} o
    WHERE $source_grain IN ('fiscal_year', 'calendar_year')
      AND o.measure_id = $measure_id AND o.grain = 'month' AND o.dimension = 'total'
      AND o.region_code IN (SELECT region_code FROM dim_region WHERE level = $level)
    GROUP BY ALL
)
SELECT o.region_code, r.name AS region, {period} AS period, {grain} AS grain, o.category,
       sum(o.value) AS value, any_value(c.months) AS months, any_value(c.days) AS days,
       any_value(m.months) AS published_months, any_value(c.whole) AS whole,
       any_value(c.data_date) AS data_date, any_value(c.final) AS final,
       max(o.as_of) AS as_of, list_sort(list_distinct(flatten(list(o.file_ids)))) AS file_ids
FROM published o
JOIN dim_region r USING (region_code)
JOIN covered c ON c.period = {period}
LEFT JOIN monthly m ON m.period = {period}
GROUP BY ALL
ORDER BY region, o.category, period
"""


# The days a published period spans.
DAYS = "period_days(o.period, o.grain)"
