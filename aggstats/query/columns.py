"""The columns of a series as the notebook API returns it (aggstats.series), in order."""

SERIES_COLUMNS = [
    "measure_id",
    "region_code",
    "region",
    "period",
    "grain",
    "dimension",
    "category",
    "value",
    "unit",
    "months",
    "complete",
    "as_of",
    "source",
    "publisher",
    "file_ids",
]
