"""The base of every error aggstats raises on purpose, shared by the pipelines and queries."""

from __future__ import annotations


class AggstatsError(Exception):
    """Base class: every error aggstats raises on purpose."""
