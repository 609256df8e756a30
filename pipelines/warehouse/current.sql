-- What the warehouse derives from its facts once they are loaded (run by warehouse.derive).

-- The figures in force: the newest release for every period. Kept as a table (built once, after
-- the facts are loaded), sorted so that a measure's rows sit together: the explorer and the API
-- read it on every request; observation_as_of(date) answers for an earlier date.
CREATE TABLE observation AS
SELECT * FROM observation_as_of(DATE '9999-12-31')
ORDER BY measure_id, region_level, grain, dimension, region_code, period, category;

-- Figures printed by more than one release after their period ended (totals): the first figure
-- and the newest, with their release dates and the number of releases. The explorer's Sources
-- tab and aggstats.revisions filter it by measure, grain, regions and periods.
CREATE TABLE revision AS
SELECT o.measure_id, o.region_code, r.name AS region, o.period, o.grain,
       arg_min(o.value, o.as_of) AS first_value, min(o.as_of) AS first_as_of,
       arg_max(o.value, o.as_of) AS last_value, max(o.as_of) AS last_as_of,
       count(DISTINCT o.as_of) AS releases
FROM observation_all o JOIN dim_region r USING (region_code)
WHERE o.dimension = 'total'
  AND o.file_id NOT IN (SELECT file_id FROM dim_file WHERE reconcile_only)
  AND o.as_of >= period_after(o.period, o.grain)
GROUP BY ALL
HAVING count(DISTINCT o.as_of) > 1
ORDER BY o.measure_id, o.grain, region, o.period;

-- The readable view for humans: names instead of codes, units and sources beside each value.
CREATE VIEW observation_readable AS
SELECT
    m.name AS measure,
    r.level AS region_level,
    r.name AS region,
    o.period,
    o.grain,
    o.dimension,
    o.category,
    o.value,
    m.unit,
    s.publisher,
    f.file_name,
    f.release,
    o.as_of,
    o.file_id,
    o.measure_id,
    o.region_code
FROM observation o
JOIN dim_measure m USING (measure_id)
JOIN dim_region r USING (region_code)
JOIN dim_file f USING (file_id)
JOIN dim_source s ON s.source_id = m.source_id;
