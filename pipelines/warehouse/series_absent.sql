-- Segments of a series (pipelines/series.yaml) whose measure, region and category the loaded
-- facts do not hold: the build refuses them by name (pipelines/series.py).
SELECT s.series_id, s.rank, s.measure_id, s.dimension, s.category
FROM dim_series_segment s JOIN dim_series d USING (series_id)
WHERE NOT EXISTS (
    SELECT 1 FROM fact_observation o
    WHERE o.measure_id = s.measure_id AND o.region_code = d.region_code
      AND o.dimension = s.dimension AND o.category = s.category)
ORDER BY ALL
