-- One reconciliation: both sides summed by fiscal year, compared where both cover all 12 months
-- (or publish the fiscal year itself). A side reads one file's figures when $*_file is set,
-- else the figures in force.
WITH sides AS (
    SELECT 'left' AS side, * FROM (
        SELECT * FROM observation WHERE $left_file IS NULL
        UNION ALL BY NAME
        SELECT * FROM observation_all WHERE file_id = $left_file)
    WHERE measure_id = $left_measure AND region_code = $left_region
      AND dimension = $left_dimension AND category = $left_category
    UNION ALL
    SELECT 'right' AS side, * FROM (
        SELECT * FROM observation WHERE $right_file IS NULL
        UNION ALL BY NAME
        SELECT * FROM observation_all WHERE file_id = $right_file)
    WHERE measure_id = $right_measure AND region_code = $right_region
      AND dimension = $right_dimension AND category = $right_category
),
years AS (
    SELECT side,
           CASE WHEN grain = 'month' THEN make_date(year(period + INTERVAL 3 MONTH) - 1, 10, 1)
                ELSE period END AS fiscal_year,
           sum(value) AS value,
           sum(CASE WHEN grain = 'month' THEN 1 ELSE 12 END) AS months
    FROM sides WHERE grain IN ('month', 'fiscal_year')
    GROUP BY ALL
)
SELECT l.fiscal_year AS period, l.value AS left_value, r.value AS right_value
FROM years l JOIN years r USING (fiscal_year)
WHERE l.side = 'left' AND r.side = 'right' AND l.months = 12 AND r.months = 12
ORDER BY period
