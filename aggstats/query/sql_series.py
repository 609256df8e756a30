"""The SQL of series across sources (pipelines/series.yaml; built by warehouse/series.sql)."""

from __future__ import annotations

# Every series, with what the catalog says of a measure: unit, kind, coverage, its segments.
SPANS = """
SELECT s.series_id, s.name, s.unit, s.kind, s.definition, s.region_code,
       min(f.period) AS first_period, max(f.period) AS last_period,
       (SELECT list({'rank': g.rank, 'measure_id': g.measure_id, 'source_id': g.source_id,
                     'dimension': g.dimension, 'category': g.category, 'label': g.label,
                     'short': g.short,
                     'first_year': g.first_year, 'last_year': g.last_year,
                     'measure_unit': g.measure_unit, 'unit_note': g.unit_note, 'note': g.note}
                    ORDER BY g.rank)
        FROM dim_series_segment g WHERE g.series_id = s.series_id) AS segments
FROM dim_series s LEFT JOIN fact_series f USING (series_id)
GROUP BY ALL
ORDER BY s.name
"""

# The series' ids, to check a name against.
SERIES_IDS = "SELECT series_id FROM dim_series ORDER BY series_id"

# One series (or every one: $series_id NULL), year by year: the winning segment's figure,
# named, in the shape of a level series.
SPAN = """
SELECT f.series_id, s.region_code, r.name AS region, f.period, 'fiscal_year' AS grain,
       'total' AS category, f.value, f.months, f.days, f.complete, f.data_date,
       f.final, f.as_of, f.file_ids, s.unit, f.rank, f.measure_id AS segment_measure,
       f.source_id, f.label AS segment
FROM fact_series f
JOIN dim_series s USING (series_id)
JOIN dim_region r ON r.region_code = s.region_code
WHERE ($series_id IS NULL OR f.series_id = $series_id) AND f.period BETWEEN $start AND $end
ORDER BY f.series_id, f.period
"""

# Every segment's figure for each year it has (inside its declared years or not), for seams.
SEGMENT_YEARS = """
SELECT series_id, rank, measure_id, source_id, label, short, period, fiscal_year, value, months,
       complete, in_range
FROM fact_series_segment
WHERE series_id = $series_id
ORDER BY rank, period
"""
