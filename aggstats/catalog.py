"""What the registry declares and what the cache and warehouse hold, for `sources` and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from aggstats import query
from aggstats.settings import Settings
from pipelines import warehouse
from pipelines.errors import AggstatsError
from pipelines.fetch import cached_path, sha256_of
from pipelines.registry import load_registry


def source_files(config: Settings) -> list[tuple[str, ...]]:
    """One row per declared file: source, file, sha256 (short), coverage, cached?, last build."""
    built = last_build(config.warehouse)
    rows = []
    for source in load_registry(config.registry):
        for file in source.files:
            path = cached_path(config.raw_dir, file)
            if not path.is_file():
                cached = "missing"
            else:
                cached = "ok" if sha256_of(path) == file.sha256 else "CHECKSUM MISMATCH"
            rows.append(
                (source.source_id, file.name, file.sha256[:12], file.coverage, cached, built)
            )
    return rows


def last_build(path: Path) -> str:
    if not path.is_file():
        return "not built"
    with duckdb.connect(str(path), read_only=True) as con:
        built_at, seconds = con.execute(
            "SELECT built_at, seconds FROM meta_build ORDER BY built_at DESC LIMIT 1"
        ).fetchone()
    return f"{built_at:%Y-%m-%d %H:%M} UTC ({seconds:.1f} s)"


@dataclass(frozen=True)
class CheckResult:
    name: str
    failing: list[tuple]  # a few of the rows that fail it (empty: passed)


def check_warehouse(path: Path) -> list[CheckResult]:
    """Every integrity check of the built warehouse (checks.sql), with the rows failing it."""
    with _read(path) as con:
        return [CheckResult(name, rows) for name, rows in warehouse.check_results(con)]


def anomalies(path: Path) -> pl.DataFrame:
    """Every implausible figure the build flagged (dim_anomaly), with its release and the
    neighbouring figures (`query.anomaly_text` puts a row in words)."""
    with _read(path) as con:
        return query.anomalies(con)


def reconciliation(path: Path) -> pl.DataFrame:
    """Every reconciled pair and fiscal year, with both values and their difference."""
    with _read(path) as con:
        return query.reconciliation(con)


def _read(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise AggstatsError(f"no warehouse at {path}: run `aggstats build` (or `make up`) first")
    return duckdb.connect(str(path), read_only=True)
