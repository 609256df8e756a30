-- Integrity checks. Each query is named by a `-- check:` line and returns the rows that fail,
-- at most a few; an empty result means the check passed.

-- check: unique observation keys
SELECT measure_id, region_code, period, grain, dimension, category, file_id, as_of, count(*) AS n
FROM fact_observation
GROUP BY ALL HAVING count(*) > 1
LIMIT 5;

-- check: files of one release that print the same figure print the same value (it is taken once)
SELECT measure_id, region_code, period, grain, dimension, category, as_of,
       list(file_id ORDER BY file_id) AS files, list(value ORDER BY file_id) AS values
FROM fact_observation
WHERE file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
GROUP BY measure_id, region_code, period, grain, dimension, category, as_of
HAVING count(DISTINCT value) > 1
LIMIT 5;

-- check: observations reference a declared measure
SELECT DISTINCT o.measure_id FROM fact_observation o
ANTI JOIN dim_measure m USING (measure_id) LIMIT 5;

-- check: observations reference a known region
SELECT DISTINCT o.region_code FROM fact_observation o
ANTI JOIN dim_region r USING (region_code) LIMIT 5;

-- check: observations reference a declared file
SELECT DISTINCT o.file_id FROM fact_observation o
ANTI JOIN dim_file f USING (file_id) LIMIT 5;

-- check: regions have a known parent
SELECT r.region_code, r.parent_code FROM dim_region r
WHERE r.parent_code IS NOT NULL
  AND r.parent_code NOT IN (SELECT region_code FROM dim_region)
LIMIT 5;

-- check: breakdown dimensions are declared by their source
SELECT DISTINCT m.source_id, o.dimension FROM fact_observation o
JOIN dim_measure m USING (measure_id)
WHERE o.dimension <> 'total'
  AND (m.source_id, o.dimension) NOT IN (SELECT (source_id, dimension) FROM dim_dimension)
LIMIT 5;

-- check: every breakdown of an additive measure has a total beside it
SELECT o.measure_id, o.region_code, o.period, o.grain, o.dimension, o.file_id
FROM fact_observation o JOIN dim_measure m USING (measure_id)
WHERE m.additive AND o.dimension <> 'total'
  AND NOT EXISTS (
    SELECT 1 FROM fact_observation t
    WHERE t.dimension = 'total' AND t.measure_id = o.measure_id
      AND t.region_code = o.region_code AND t.period = o.period
      AND t.grain = o.grain AND t.file_id = o.file_id AND t.as_of = o.as_of)
LIMIT 5;

-- check: breakdowns of additive measures sum to the total (within the published rounding)
-- Besides the rounding, a relative 1e-8 allows for averages stored to a few decimal places
-- (ICE's daily populations: parts and total each rounded to 0.00001).
WITH parts AS (
    SELECT measure_id, region_code, period, grain, dimension, file_id, as_of,
           sum(value) AS parts, count(*) AS n
    FROM fact_observation WHERE dimension <> 'total'
    GROUP BY ALL
),
-- A publisher that rounds leaves out the cells that round to 0, so every category the file has
-- anywhere for the region may be missing from a period with up to half a rounding step.
categories AS (
    SELECT measure_id, region_code, grain, dimension, file_id, as_of,
           count(DISTINCT category) AS n
    FROM fact_observation WHERE dimension <> 'total'
    GROUP BY ALL
)
SELECT p.measure_id, p.region_code, p.period, p.grain, p.dimension, p.file_id,
       p.parts, t.value AS total
FROM parts p
JOIN fact_observation t
  ON t.dimension = 'total' AND t.measure_id = p.measure_id AND t.region_code = p.region_code
 AND t.period = p.period AND t.grain = p.grain AND t.file_id = p.file_id AND t.as_of = p.as_of
JOIN categories c
  ON c.measure_id = p.measure_id AND c.region_code = p.region_code AND c.grain = p.grain
 AND c.dimension = p.dimension AND c.file_id = p.file_id AND c.as_of = p.as_of
JOIN dim_measure m ON m.measure_id = p.measure_id
WHERE m.additive
  AND abs(p.parts - t.value)
      > coalesce(m.rounded_to, 0) * 0.5 * (c.n + 1) + 1e-9 + 1e-8 * abs(t.value)
LIMIT 5;

-- check: counts are not negative
SELECT o.measure_id, o.region_code, o.period, o.value FROM fact_observation o
JOIN dim_measure m USING (measure_id)
WHERE m.unit NOT LIKE '%change%' AND o.value < 0
LIMIT 5;

-- check: a target's category is one its measure publishes in that breakdown
SELECT c.context_id, c.measure_id, c.dimension, c.category FROM dim_context_measure c
WHERE c.dimension <> 'total'
  AND EXISTS (SELECT 1 FROM fact_observation o
              WHERE o.measure_id = c.measure_id AND o.dimension = c.dimension)
  AND NOT EXISTS (
    SELECT 1 FROM fact_observation o
    WHERE o.measure_id = c.measure_id AND o.dimension = c.dimension AND o.category = c.category)
LIMIT 5;

-- check: a figure quoted in context.yaml is the one its release published (where the warehouse holds that release)
WITH quoted AS (
    SELECT c.context_id, c.figure_value, o.as_of, sum(o.value) AS value
    FROM dim_context c
    LEFT JOIN observation_all o
      ON o.measure_id = c.figure_measure AND o.region_code = c.figure_region
     AND o.grain = c.figure_grain AND o.period = c.figure_period AND o.dimension = 'total'
     AND o.as_of <= c.figure_as_of
    WHERE c.figure_measure IS NOT NULL AND EXISTS (
        SELECT 1 FROM fact_observation f
        WHERE f.measure_id = c.figure_measure AND f.as_of = c.figure_as_of)
    GROUP BY ALL
)
SELECT context_id, figure_value, arg_max(value, as_of) AS published FROM quoted
GROUP BY ALL
HAVING published IS NULL OR abs(published - figure_value) > 0.5
LIMIT 5;
