"""The catalog's SQL: measures, regions, sources, releases, revisions, context, the schema and
exports (the series' statements are in aggstats/query/sql.py)."""

from __future__ import annotations

MEASURES = """
WITH coverage AS (
    SELECT measure_id, region_level, grain, min(period) AS first_period,
           max(period) AS last_period, bool_or(dimension = 'total') AS totals
    FROM observation_all GROUP BY ALL
),
levels AS (
    SELECT measure_id, list(region_level ORDER BY sort_order) AS levels
    FROM (SELECT DISTINCT c.measure_id, c.region_level, l.sort_order
          FROM coverage c JOIN dim_level l ON l.level = c.region_level)
    GROUP BY measure_id
)
SELECT m.measure_id, m.name, m.unit, m.topic, m.counts, m.additive, m.kind, m.to_date, m.rounded_to,
       m.definition, m.caveats, m.source_id, s.publisher, s.title AS source_title,
       any_value(lv.levels) AS levels,
       -- levels with totals (some measures publish only breakdowns, e.g. EOIR by nationality)
       list(DISTINCT c.region_level ORDER BY c.region_level) FILTER (WHERE c.totals)
           AS total_levels,
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


REGIONS = """
SELECT r.region_code, r.level, r.name, r.parent_code, r.states, r.lat, r.lon, r.note
FROM dim_region r JOIN dim_level l USING (level)
WHERE ($level IS NULL OR r.level = $level)
  AND ($measure_id IS NULL OR r.region_code IN (
      SELECT region_code FROM fact_observation WHERE measure_id = $measure_id))
ORDER BY l.sort_order, r.name
"""


SOURCES = """
SELECT s.source_id, s.publisher, s.title, s.landing_page, s.licence, s.citation, s.quirks,
       f.file_id, f.file_name, f.release, f.published, f.as_of, f.accessed, f.url,
       f.stands_for, f.sha256, f.size, f.original, f.provenance, f.coverage
FROM dim_source s JOIN dim_file f USING (source_id)
ORDER BY s.source_id, f.as_of, f.file_name
"""


RECONCILIATION = """
SELECT d.reconciliation_id, d.title, d.why, d.left_label, d.right_label, d.tolerance,
       d.left_measure, d.left_region, d.right_measure, d.right_region,
       f.period, f.left_value, f.right_value, f.difference, f.relative_difference, f.agrees
FROM dim_reconciliation d JOIN fact_reconciliation f USING (reconciliation_id)
WHERE $measure_id IS NULL OR $measure_id IN (d.left_measure, d.right_measure)
ORDER BY d.reconciliation_id, f.period
"""


OBJECTS = """
SELECT table_name AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind
FROM information_schema.tables WHERE table_schema = 'main'
UNION ALL
SELECT function_name, 'table macro' FROM duckdb_functions()
WHERE NOT internal AND function_type = 'table_macro' AND schema_name = 'main'
ORDER BY name
"""


COLUMNS = """
SELECT table_name, column_name, data_type
FROM information_schema.columns WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position
"""


# The rows of one exported table for the chosen measures (and region levels). Dimensions
# follow the measures: their sources, files and breakdowns; all regions and levels.
EXPORT = {
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


EXPORT_TABLES = tuple(EXPORT)


TOTALS = """
SELECT measure_id, region_level, sum(value) AS value, count(*) AS rows
FROM observation GROUP BY ALL ORDER BY ALL
"""


LEVELS = """
SELECT level, name, sort_order FROM dim_level ORDER BY sort_order
"""


# Which breakdowns each measure has at each level, with the registry's name for each.
BREAKDOWNS = """
SELECT o.measure_id, r.level, o.dimension, any_value(d.name) AS name
FROM (SELECT DISTINCT measure_id, region_code, dimension FROM fact_observation
      WHERE dimension <> 'total') o
JOIN dim_region r USING (region_code)
JOIN dim_measure m USING (measure_id)
LEFT JOIN dim_dimension d ON d.source_id = m.source_id AND d.dimension = o.dimension
GROUP BY ALL
ORDER BY o.measure_id, r.level, o.dimension
"""


# The periods each measure's totals have at each level and grain (the explorer's range controls;
# a calendar year only when complete, as level series keep them).
LEVEL_PERIODS = """
SELECT measure_id, level, grain, list(DISTINCT period ORDER BY period) AS periods
FROM level_series
WHERE dimension = 'total' AND (grain <> 'calendar_year' OR complete)
GROUP BY ALL
"""


# Revisions: each period of the chosen regions that more than one release printed after the
# period ended (a figure to date that grows is not a revision), with the figure first published
# then and the newest one (totals, at one published grain); the build derives them (current.sql).
REVISIONS = """
SELECT region_code, region, period, grain, first_value, first_as_of, last_value, last_as_of,
       releases
FROM revision
WHERE measure_id = $measure_id AND grain = $grain
  AND list_contains($regions, region_code) AND period BETWEEN $start AND $end
ORDER BY region, period
"""


# How much a period's first printed figure grows by its newest (totals of one region at a grain
# it is published at): the median of newest / first over the periods more than one release
# printed whose first print came as far into the period as $days (from half to twice as many
# days, so that like is set against like), the newest period left out (no later figure yet).
GROWTH = """
WITH printed AS (
    SELECT o.period, o.as_of, o.value FROM observation_all o
    WHERE o.measure_id = $measure_id AND o.region_code = $region_code AND o.grain = $grain
      AND o.dimension = 'total'
      AND o.file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
),
periods AS (
    SELECT period, arg_min(value, as_of) AS first_value, arg_max(value, as_of) AS last_value,
           date_diff('day', period, min(as_of)) + 1 AS first_days,
           count(DISTINCT as_of) AS releases
    FROM printed GROUP BY period
)
SELECT median(last_value / first_value) AS ratio, count(*)::INTEGER AS periods
FROM periods
WHERE releases > 1 AND first_value > 0 AND period < (SELECT max(period) FROM printed)
  AND first_days BETWEEN $days // 2 AND $days * 2
"""


# Implausible figures the build flagged (pipelines/warehouse/anomalies.sql): all, or one measure's
# in some regions (an empty list: every region).
ANOMALIES = """
SELECT a.kind, a.measure_id, m.name AS measure, a.region_code, r.name AS region, a.grain,
       a.period, a.as_of, a.release, a.file_id, a.value,
       a.prev_period, a.prev_as_of, a.prev_value, a.next_period, a.next_as_of, a.next_value
FROM dim_anomaly a
JOIN dim_measure m USING (measure_id)
JOIN dim_region r USING (region_code)
WHERE ($measure_id IS NULL OR a.measure_id = $measure_id)
  AND (len($regions) = 0 OR list_contains($regions, a.region_code))
ORDER BY a.measure_id, a.region_code, a.grain, a.as_of, a.period
"""


# The releases (vintages) of one measure: each `as_of` date and the releases that carry it.
RELEASES = """
SELECT o.as_of, list(DISTINCT f.release ORDER BY f.release) AS releases, count(*) AS figures
FROM fact_observation o JOIN dim_file f USING (file_id)
WHERE o.measure_id = $measure_id AND NOT f.reconcile_only
GROUP BY o.as_of ORDER BY o.as_of
"""


# Context for charts (pipelines/context.yaml): each entry with the measures it applies to.
CONTEXT = """
SELECT c.context_id, c.kind, c.label, c.start_date, c.end_date, c.per_day, c.note, c.counts,
       c.source, c.source_short, c.url, c.secondary,
       list(m.measure_id ORDER BY m.measure_id) AS measure_ids,
       list(m.dimension ORDER BY m.measure_id) AS dimensions,
       list(m.category ORDER BY m.measure_id) AS categories
FROM dim_context c JOIN dim_context_measure m USING (context_id)
GROUP BY ALL
ORDER BY c.kind, c.start_date, c.context_id
"""


# Freshness: each source's newest period at each level and grain (with the release it is from),
# and each source's newest release, with its publisher's cadence.
NEWEST_PERIODS = """
SELECT m.source_id, r.level, l.name AS level_name, l.sort_order, o.grain,
       -- the newest period, and the newest release among its figures (ties on period alone
       -- would pick any of them)
       max(o.period) AS period, arg_max(o.as_of, (o.period, o.as_of)) AS as_of,
       bool_or(m.kind = 'flow' OR m.to_date) AS to_date
FROM observation o
JOIN dim_measure m USING (measure_id)
JOIN dim_region r USING (region_code)
JOIN dim_level l ON l.level = r.level
WHERE o.file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
GROUP BY ALL
ORDER BY m.source_id, l.sort_order, o.grain
"""


SOURCE_RELEASES = """
SELECT s.source_id, s.publisher, s.title, s.cadence, max(o.as_of) AS release
FROM dim_source s
JOIN dim_measure m USING (source_id)
JOIN fact_observation o USING (measure_id)
WHERE o.file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
GROUP BY ALL
ORDER BY s.source_id
"""
