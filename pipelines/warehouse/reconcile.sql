-- One reconciliation: both sides by fiscal year, compared where both cover all 12 months. A side reads one file's figures when $*_file is set
-- (the file's newest release of each period, where it holds several), else the figures in force.
-- Months are summed into years only for flows (registry kind).
WITH flows AS (SELECT measure_id FROM dim_measure WHERE kind = 'flow'),
sides AS (
    SELECT 'left' AS side, * FROM (
        SELECT * FROM observation WHERE $left_file IS NULL
        UNION ALL BY NAME
        SELECT * FROM observation_all WHERE file_id = $left_file
        QUALIFY as_of = max(as_of) OVER (
            PARTITION BY measure_id, region_code, period, grain, dimension))
    WHERE measure_id = $left_measure AND region_code = $left_region
      AND dimension = $left_dimension AND category = $left_category
      AND (grain <> 'month' OR $left_measure IN (SELECT measure_id FROM flows))
    UNION ALL
    SELECT 'right' AS side, * FROM (
        SELECT * FROM observation WHERE $right_file IS NULL
        UNION ALL BY NAME
        SELECT * FROM observation_all WHERE file_id = $right_file
        QUALIFY as_of = max(as_of) OVER (
            PARTITION BY measure_id, region_code, period, grain, dimension))
    WHERE measure_id = $right_measure AND region_code = $right_region
      AND dimension = $right_dimension AND category = $right_category
      AND (grain <> 'month' OR $right_measure IN (SELECT measure_id FROM flows))
),
years AS (
    -- A side's fiscal year: its published annual figure where it prints one, else the sum of
    -- its months; complete when it has all 12 months (or an annual figure and no months).
    SELECT side,
           CASE WHEN grain = 'month' THEN fiscal_year_start(period)
                ELSE period END AS fiscal_year,
           coalesce(max(value) FILTER (WHERE grain = 'fiscal_year'),
                    sum(value) FILTER (WHERE grain = 'month')) AS value,
           coalesce(nullif(count(*) FILTER (WHERE grain = 'month'), 0), 12) AS months
    FROM sides WHERE grain IN ('month', 'fiscal_year')
    GROUP BY ALL
)
SELECT l.fiscal_year AS period, l.value AS left_value, r.value AS right_value
FROM years l JOIN years r USING (fiscal_year)
WHERE l.side = 'left' AND r.side = 'right' AND l.months = 12 AND r.months = 12
ORDER BY period
