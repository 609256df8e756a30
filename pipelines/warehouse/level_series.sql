-- The explorer's series, derived once per build (run by warehouse.derive after
-- current.sql): every region of a level, one breakdown ('total' for none), at every grain a
-- measure is served at. A read of one is a filter on a sorted table, not a query over the facts.

-- level_series_of(cutoff, measure, lvl, dim): the series in force (cutoff NULL) or as they
-- stood at `cutoff` (observation_as_of), of one measure, level and breakdown, or of all (NULL),
-- at every grain (a caller filters on `grain`).
-- A measure is served at each grain it publishes, as published, and a count of events published
-- by month also at the fiscal and calendar years summed from its months (where it does not
-- publish them). `months` and `days` count the published periods the level has figures for in
-- each period, whatever the region and category: publishers leave out zero rows, which must not
-- make a year look partial.
CREATE MACRO level_series_of(cutoff, measure, lvl, dim) AS TABLE
WITH figures AS (
    -- the figures in force (cutoff NULL), or as they stood at cutoff; of one measure and level
    -- where named (NULL: all)
    SELECT * FROM observation o
    WHERE cutoff IS NULL
      AND (measure IS NULL OR o.measure_id = measure) AND (lvl IS NULL OR o.region_level = lvl)
    UNION ALL
    SELECT * FROM observation_as_of(cutoff) o
    WHERE cutoff IS NOT NULL
      AND (measure IS NULL OR o.measure_id = measure) AND (lvl IS NULL OR o.region_level = lvl)
),
published_grains AS (
    SELECT measure_id, list(DISTINCT grain) AS grains
    FROM observation_all
    WHERE measure IS NULL OR measure_id = measure
    GROUP BY measure_id
),
plan AS (
    SELECT p.measure_id, g.grain AS source_grain, g.grain
    FROM published_grains p, unnest(p.grains) AS g(grain)
    UNION ALL
    SELECT p.measure_id, 'month', y.grain
    FROM published_grains p
    JOIN dim_measure m USING (measure_id)
    CROSS JOIN (VALUES ('fiscal_year'), ('calendar_year')) AS y(grain)
    WHERE m.kind = 'flow' AND list_contains(p.grains, 'month')
      AND NOT list_contains(p.grains, y.grain)
),
-- the figures in force per published period, region and category: one each (a figure two
-- files of a release print is taken once: observation_as_of)
published AS (
    SELECT o.measure_id, o.region_level AS level, o.dimension, o.region_code, o.period,
           o.grain, o.category, o.value, o.as_of, [o.file_id] AS file_ids
    FROM figures o
    WHERE dim IS NULL OR o.dimension = dim
),
-- each published period, and the period of each grain it is served at
served AS (
    SELECT DISTINCT o.measure_id, o.period, o.grain AS source_grain, p.grain,
           CASE WHEN p.grain = p.source_grain THEN o.period
                WHEN p.grain = 'fiscal_year' THEN fiscal_year_start(o.period)
                ELSE calendar_year_start(o.period) END AS served_period
    FROM (SELECT DISTINCT measure_id, period, grain FROM published) o
    JOIN plan p ON p.measure_id = o.measure_id AND p.source_grain = o.grain
),
-- a period to date counts the days to its data date, for per-day rates; it is final when a
-- release after the period's end exists and does not reprint it (as ICE's FY2026 releases leave
-- September 2025 as the last FY2025 release had it, to 25 September)
periods AS (
    SELECT o.*, m.to_date AND o.as_of < period_after(o.period, o.grain) - 1 AS partial,
           period_after(o.period, o.grain) - 1 AS period_end,
           max(o.as_of) OVER (PARTITION BY o.measure_id, o.level, o.dimension, o.grain) AS newest
    FROM (SELECT measure_id, level, dimension, period, grain, max(as_of) AS as_of
          FROM published GROUP BY ALL) o
    JOIN dim_measure m USING (measure_id)
),
covered AS (
    SELECT o.measure_id, o.level, o.dimension, s.grain, s.served_period AS period,
           count(*)::INTEGER AS months,
           sum(CASE WHEN o.partial THEN date_diff('day', o.period, o.as_of) + 1
                    ELSE period_days(o.period, o.grain) END)::INTEGER AS days,
           bool_and(NOT o.partial) AS whole,
           max(CASE WHEN o.partial THEN o.as_of END) AS data_date,
           bool_or(o.partial) AND bool_and(NOT o.partial OR o.newest > o.period_end) AS final
    FROM periods o
    JOIN served s ON s.measure_id = o.measure_id AND s.source_grain = o.grain
                 AND s.period = o.period
    GROUP BY ALL
),
-- for years published as such: the months the level's monthly totals cover in each, so that a
-- published year to date (OHSS's FY2024 through August) is known partial
monthly AS (
    SELECT o.measure_id, o.region_level AS level, y.grain,
           CASE y.grain WHEN 'fiscal_year' THEN fiscal_year_start(o.period)
                        ELSE calendar_year_start(o.period) END AS period,
           count(DISTINCT o.period)::INTEGER AS months
    FROM figures o CROSS JOIN (VALUES ('fiscal_year'), ('calendar_year')) AS y(grain)
    WHERE o.grain = 'month' AND o.dimension = 'total'
    GROUP BY ALL
),
-- each grain's figures: as published, or months summed into years
figures_served AS (
    SELECT o.measure_id, o.level, s.grain, s.source_grain, o.dimension, o.region_code,
           o.period, o.category, o.value, o.as_of, o.file_ids
    FROM published o
    JOIN served s ON s.measure_id = o.measure_id AND s.source_grain = o.grain
                 AND s.period = o.period AND s.grain = s.source_grain
    UNION ALL
    SELECT o.measure_id, o.level, s.grain, s.source_grain, o.dimension, o.region_code,
           s.served_period, o.category, sum(o.value), max(o.as_of),
           list_sort(list_distinct(flatten(list(o.file_ids))))
    FROM published o
    JOIN served s ON s.measure_id = o.measure_id AND s.source_grain = o.grain
                 AND s.period = o.period AND s.grain <> s.source_grain
    GROUP BY ALL
)
-- `months`: for a year summed from months, the months the level has figures for; for a year
-- published as such, the months its monthly totals cover (empty without them); `complete`:
-- every published period in it was released after it ended (or is not counted to date), and
-- a year covers its twelve months
SELECT o.measure_id, o.level, o.grain, o.dimension, o.region_code, r.name AS region, o.period,
       o.category, o.value,
       CASE WHEN o.grain = o.source_grain THEN m.months ELSE c.months END AS months,
       c.days, c.data_date, c.final, o.as_of, o.file_ids,
       c.whole AND CASE WHEN o.grain = o.source_grain THEN coalesce(m.months, 12) = 12
                        ELSE c.months = 12 END AS complete
FROM figures_served o
JOIN dim_region r USING (region_code)
JOIN covered c ON c.measure_id = o.measure_id AND c.level = o.level
              AND c.dimension = o.dimension AND c.grain = o.grain AND c.period = o.period
LEFT JOIN monthly m ON o.grain = o.source_grain AND m.measure_id = o.measure_id
                   AND m.level = o.level AND m.grain = o.grain AND m.period = o.period;

-- The series in force, sorted so that one (measure, level, grain, breakdown) sits together, and
-- numbered (series_key): a read by number skips the rest of the table by its statistics, which
-- keep only a prefix of a text column's smallest and largest values.
CREATE TABLE level_series AS
SELECT dense_rank() OVER (ORDER BY measure_id, level, grain, dimension)::INTEGER AS series_key, *
FROM level_series_of(NULL, NULL, NULL, NULL)
ORDER BY measure_id, level, grain, dimension, region, category, period;

-- Each series' number.
CREATE TABLE level_series_key AS
SELECT DISTINCT series_key, measure_id, level, grain, dimension
FROM level_series
ORDER BY series_key;
