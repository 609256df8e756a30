-- What each measure's levels cover in the previous warehouse (attached as `previous`) that this
-- build no longer does: periods a level has no figure for any more, and cells (region x period x
-- grain x breakdown, whatever the release) it lost. Only measures still declared are compared: a
-- measure or source taken out of the registry is an edit of the registry, made on purpose.
-- pipelines/coverage.py judges each row against the source's tolerance and withdrawals.
WITH old_cells AS (
    SELECT DISTINCT o.measure_id, r.level, o.region_code, o.period, o.grain, o.dimension, o.category
    FROM previous.fact_observation o
    JOIN previous.dim_region r USING (region_code)
    WHERE o.measure_id IN (SELECT measure_id FROM dim_measure)
),
new_cells AS (
    SELECT DISTINCT o.measure_id, r.level, o.region_code, o.period, o.grain, o.dimension, o.category
    FROM fact_observation o
    JOIN dim_region r USING (region_code)
),
old_series AS (
    SELECT measure_id, level, count(*) AS cells, count(DISTINCT (period, grain)) AS periods
    FROM old_cells GROUP BY ALL
),
new_series AS (
    SELECT measure_id, level, count(*) AS cells, count(DISTINCT (period, grain)) AS periods
    FROM new_cells GROUP BY ALL
),
lost_periods AS (
    SELECT measure_id, level, count(*) AS lost, min(period) AS first_lost, max(period) AS last_lost
    FROM (
        SELECT DISTINCT measure_id, level, period, grain FROM old_cells
        EXCEPT
        SELECT DISTINCT measure_id, level, period, grain FROM new_cells
    )
    GROUP BY ALL
),
old_files AS (  -- the releases the lost cells came from, to name in the refusal
    SELECT lost.measure_id, lost.level, list(DISTINCT f.file_name ORDER BY f.file_name) AS files
    FROM (SELECT * FROM old_cells EXCEPT SELECT * FROM new_cells) lost
    JOIN previous.fact_observation o
        USING (measure_id, region_code, period, grain, dimension, category)
    JOIN previous.dim_file f USING (file_id)
    GROUP BY ALL
)
SELECT
    m.source_id,
    o.measure_id,
    o.level,
    f.files,
    o.periods,
    coalesce(l.lost, 0) AS lost_periods,
    l.first_lost,
    l.last_lost,
    o.cells,
    coalesce(n.cells, 0) AS new_cells
FROM old_series o
JOIN dim_measure m USING (measure_id)
JOIN old_files f USING (measure_id, level)
LEFT JOIN new_series n USING (measure_id, level)
LEFT JOIN lost_periods l USING (measure_id, level)
WHERE coalesce(l.lost, 0) > 0 OR coalesce(n.cells, 0) < o.cells
ORDER BY m.source_id, o.measure_id, o.level
