"""The query layer: the only SQL readers run, shared by the explorer and the notebook API.

Every function takes a read-only DuckDB connection and returns a polars frame; the SQL lives in
`aggstats/query/sql.py` and `aggstats/query/sql_catalog.py`.
"""

from aggstats.query.catalog import (
    anomalies,
    anomaly_text,
    breakdowns,
    context,
    export_table,
    growth,
    level_periods,
    levels,
    measure,
    measures,
    primary_keys,
    reconciliation,
    regions,
    releases,
    revisions,
    schema_columns,
    schema_objects,
    sources,
    totals,
)
from aggstats.query.core import FAR_FUTURE, GRAINS, POPULATION_ROLE, QueryError, connect
from aggstats.query.series import (
    level_population,
    level_series,
    per_capita,
    population_year,
    series,
    series_keys,
)
from aggstats.query.spans import is_span, seams, segment_years, span, span_lines, spans
from aggstats.query.sql_catalog import EXPORT_TABLES

__all__ = [
    "EXPORT_TABLES",
    "FAR_FUTURE",
    "GRAINS",
    "POPULATION_ROLE",
    "QueryError",
    "anomalies",
    "anomaly_text",
    "breakdowns",
    "connect",
    "context",
    "export_table",
    "is_span",
    "level_periods",
    "level_population",
    "level_series",
    "growth",
    "levels",
    "measure",
    "measures",
    "per_capita",
    "population_year",
    "primary_keys",
    "reconciliation",
    "regions",
    "releases",
    "revisions",
    "schema_columns",
    "schema_objects",
    "seams",
    "segment_years",
    "series",
    "series_keys",
    "sources",
    "span",
    "span_lines",
    "spans",
    "totals",
]
