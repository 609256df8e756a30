"""aggstats: official, already-aggregated US immigration-enforcement statistics.

The notebook API (see `aggstats.api`): `connect`, `measures`, `regions`, `sources`,
`releases`, `revisions`, `series`, `cite`. Frames are polars; `.to_pandas()` gives pandas.
"""

from aggstats.api import (
    cite,
    connect,
    measures,
    regions,
    releases,
    revisions,
    series,
    sources,
)
from aggstats.query import QueryError

__all__ = [
    "QueryError",
    "cite",
    "connect",
    "measures",
    "regions",
    "releases",
    "revisions",
    "series",
    "sources",
]
