-- Series across sources (pipelines/series.yaml, loaded into dim_series and dim_series_segment):
-- each segment's fiscal years from the figures in force, then the one segment that wins each
-- year. A year summed from months is complete only with all 12 months; a fiscal year published
-- to date (a `to_date` measure whose release came before the year ended) is partial, its days
-- counted to the release's data date. Segments keep their own years outside their `from`/`to`.

CREATE TABLE fact_series_segment AS
WITH picked AS (
    SELECT g.series_id, g.rank, o.period, o.grain, o.value, o.as_of, o.file_id, m.to_date,
           max(o.as_of) OVER (PARTITION BY g.series_id, g.rank) AS newest
    FROM dim_series_segment g
    JOIN dim_series s USING (series_id)
    JOIN dim_measure m ON m.measure_id = g.measure_id
    JOIN observation o ON o.measure_id = g.measure_id AND o.region_code = s.region_code
        AND o.dimension = g.dimension AND o.category = g.category
    WHERE o.grain IN ('month', 'fiscal_year')
),
months AS (
    SELECT series_id, rank,
           fiscal_year_start(period) AS period,
           sum(value) AS value,
           count(DISTINCT period)::INTEGER AS months,
           sum(day(last_day(period)))::INTEGER AS days,
           bool_and(NOT (to_date AND as_of < (period + INTERVAL 1 MONTH)::DATE - 1)) AS whole,
           NULL::DATE AS data_date,
           false AS final,
           max(as_of) AS as_of,
           list(DISTINCT file_id ORDER BY file_id) AS file_ids
    FROM picked WHERE grain = 'month'
    GROUP BY ALL
),
years AS (
    -- a year to date counts the months its data date reaches into; it is final when a later
    -- release of the measure, after the year ended, does not reprint it (ICE's FY2025)
    SELECT series_id, rank, period, value,
           CASE WHEN partial THEN date_diff('month', period, as_of) + 1 ELSE 12 END::INTEGER
               AS months,
           CASE WHEN partial THEN date_diff('day', period, as_of) + 1
                ELSE date_diff('day', period, (period + INTERVAL 1 YEAR)::DATE) END::INTEGER
               AS days,
           NOT partial AS whole,
           CASE WHEN partial THEN as_of END AS data_date,
           partial AND newest > (period + INTERVAL 1 YEAR)::DATE - 1 AS final,
           as_of, [file_id] AS file_ids
    FROM (SELECT *, to_date AND as_of < (period + INTERVAL 1 YEAR)::DATE - 1 AS partial
          FROM picked WHERE grain = 'fiscal_year')
),
both_ AS (
    -- a segment's months, where it has them; else the year as its publisher prints it
    SELECT * FROM months
    UNION ALL BY NAME
    SELECT y.* FROM years y
    WHERE NOT EXISTS (SELECT 1 FROM months m
                      WHERE m.series_id = y.series_id AND m.rank = y.rank
                        AND m.period = y.period)
)
SELECT b.series_id, b.rank, g.measure_id, g.source_id, g.label, g.short, b.period,
       fiscal_year_of(b.period) AS fiscal_year, b.value, b.months, b.days,
       b.months = 12 AND b.whole AS complete, b.data_date, b.final, b.as_of, b.file_ids,
       fiscal_year_of(b.period) BETWEEN g.first_year AND coalesce(g.last_year, 9999) AS in_range
FROM both_ b JOIN dim_series_segment g USING (series_id, rank)
ORDER BY b.series_id, b.rank, b.period;

-- The figure of each year: the first segment (by rank) with a complete year in its range wins;
-- where none is complete, the first with a partial one (marked partial).
CREATE TABLE fact_series AS
SELECT series_id, period, fiscal_year, value, months, days, complete, data_date, final, rank,
       measure_id, source_id, label, as_of, file_ids
FROM fact_series_segment
WHERE in_range
QUALIFY row_number() OVER (PARTITION BY series_id, period ORDER BY NOT complete, rank) = 1
ORDER BY series_id, period;
