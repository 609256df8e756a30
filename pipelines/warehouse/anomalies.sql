-- Implausible figures: plausible enough to load, too odd to chart silently (run by
-- warehouse.derive, after current.sql). Each row names the release and its neighbours' figures;
-- `aggstats check` lists them and the chart notes them (aggstats/query reads this table).
--
-- release_break: a stock's figure in one release breaks from the releases on either side: below
--   half of both, or above twice both (ICE's people detained halving in one release and back in
--   the next). A release's figure is the one it prints for the newest period it covers.
-- period_jump: within one release, a figure ten times (or a tenth of) the periods on either side.
-- Only totals, only where both neighbours are at least 100 (small counts swing honestly), and
-- only where the neighbours' periods are near (aggstats.calendar's neighbour_window: two months
-- for a month, a year for a year), so that a release is not judged against one years apart.
CREATE TABLE dim_anomaly AS
WITH published AS (
    SELECT o.*, m.kind
    FROM fact_observation o
    JOIN dim_measure m USING (measure_id)
    JOIN dim_file f USING (file_id)
    WHERE o.dimension = 'total' AND NOT f.reconcile_only
),
headline AS (
    SELECT measure_id, region_code, grain, dimension, category, as_of,
           max(period) AS period, arg_max(value, period) AS value,
           arg_max(file_id, period) AS file_id
    FROM published WHERE kind = 'stock'
    GROUP BY ALL
),
releases AS (
    SELECT *,
           lag(period) OVER w AS prev_period, lag(as_of) OVER w AS prev_as_of,
           lag(value) OVER w AS prev_value,
           lead(period) OVER w AS next_period, lead(as_of) OVER w AS next_as_of,
           lead(value) OVER w AS next_value
    FROM headline
    WINDOW w AS (PARTITION BY measure_id, region_code, grain, dimension, category ORDER BY as_of)
),
periods AS (
    SELECT *,
           lag(period) OVER w AS prev_period, lag(as_of) OVER w AS prev_as_of,
           lag(value) OVER w AS prev_value,
           lead(period) OVER w AS next_period, lead(as_of) OVER w AS next_as_of,
           lead(value) OVER w AS next_value
    FROM published
    WINDOW w AS (
        PARTITION BY measure_id, region_code, grain, dimension, category, file_id, as_of
        ORDER BY period)
),
-- each figure with its neighbours: a stock's release against the releases either side, and a
-- period against the periods either side in its release
neighboured AS (
    SELECT 'release_break' AS kind, measure_id, region_code, grain, dimension, category,
           period, as_of, file_id, value, prev_period, prev_as_of, prev_value,
           next_period, next_as_of, next_value
    FROM releases
    UNION ALL
    SELECT 'period_jump', measure_id, region_code, grain, dimension, category,
           period, as_of, file_id, value, prev_period, prev_as_of, prev_value,
           next_period, next_as_of, next_value
    FROM periods
),
found AS (
    SELECT * FROM neighboured
    -- both neighbours exist (least() skips NULLs), near enough and large enough to judge by
    WHERE prev_value IS NOT NULL AND next_value IS NOT NULL
      AND prev_period >= period - neighbour_window(grain)
      AND next_period <= period + neighbour_window(grain)
      AND least(prev_value, next_value) >= 100
      AND CASE kind
          WHEN 'release_break' THEN value < 0.5 * least(prev_value, next_value)
                                    OR value > 2 * greatest(prev_value, next_value)
          ELSE value <= 0.1 * least(prev_value, next_value)
               OR value >= 10 * greatest(prev_value, next_value)
          END
)
SELECT a.*, f.release
FROM found a JOIN dim_file f USING (file_id)
ORDER BY measure_id, region_code, grain, as_of, period;
