"""Read access to the warehouse for the app: one read-only connection per process, a cursor per
request, and the small catalog (measures, regions) cached until the warehouse file changes."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from aggstats import query


class Store:
    def __init__(self, warehouse: Path):
        self.warehouse = Path(warehouse)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: float | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current warehouse; reconnects after a rebuild replaced the file."""
        stamp = self.warehouse.stat().st_mtime if self.warehouse.exists() else None
        with self._lock:
            if self._con is None or stamp != self._stamp:
                if self._con is not None:
                    self._con.close()
                self._con = query.connect(self.warehouse)
                self._stamp = stamp
                _catalog.cache_clear()
            return self._con.cursor()

    def measures(self) -> pl.DataFrame:
        return _catalog(self, "measures")

    def regions(self) -> pl.DataFrame:
        return _catalog(self, "regions")

    def measure(self, measure_id: str) -> dict:
        found = self.measures().filter(measure_id=measure_id)
        if found.is_empty():
            raise query.QueryError(f"unknown measure {measure_id!r}")
        return found.row(0, named=True)

    def series(self, *args, **kwargs) -> pl.DataFrame:
        return query.series(self.cursor(), *args, **kwargs)


@lru_cache(maxsize=8)
def _catalog(store: Store, what: str) -> pl.DataFrame:
    reader = {"measures": query.measures, "regions": query.regions}[what]
    return reader(store.cursor())
