"""Read access to the warehouse for the app: one read-only connection per process, a cursor per
request, the catalog (dashboard.catalog) read once, and whole-level series, derived frames and
rendered views kept, all until the warehouse file changes.

Nothing is read at import or at app creation: the first request connects.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb
import polars as pl

from aggstats import query
from dashboard.catalog import Catalog

SERIES_CACHE_SIZE = 64  # whole-level frames are small (at most a few tens of thousands of rows)
VIEW_CACHE_SIZE = 32  # whole rendered views (figures with every point): the links shared most


class Store:
    def __init__(self, warehouse: Path):
        self.warehouse = Path(warehouse)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: float | None = None
        self._catalog: Catalog | None = None
        self._series: OrderedDict[tuple, pl.DataFrame] = OrderedDict()
        # derived from the series (their periods) or read per view (revisions): kept with them
        self._derived: OrderedDict[tuple, object] = OrderedDict()
        # what a view showed, for the next request of the same view (a link opened many times)
        self._views: OrderedDict[tuple, object] = OrderedDict()
        self._population: dict[str, pl.DataFrame] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current warehouse; reconnects after a rebuild replaced the file."""
        return self._current().cursor()

    def _current(self) -> duckdb.DuckDBPyConnection:
        """The connection to the current warehouse: after a rebuild replaced the file, a new
        one, and everything read from the old one forgotten."""
        try:
            stamp: float | None = self.warehouse.stat().st_mtime
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if self._con is None or stamp != self._stamp:
                if self._con is not None:
                    self._con.close()
                self._con = query.connect(self.warehouse)
                self._stamp = stamp
                self._catalog = Catalog(self)
                self._series.clear()
                self._derived.clear()
                self._views.clear()
                self._population.clear()
            return self._con

    @property
    def catalog(self) -> Catalog:
        self._current()  # notices a rebuilt warehouse
        return self._catalog

    def measure(self, measure_id: str) -> dict:
        found = self.catalog.measures.get(measure_id)
        if found is None:
            raise query.QueryError(f"unknown measure {measure_id!r}")
        return found

    def level_series(
        self, measure_id: str, level: str, grain: str, breakdown: str = "", as_of: str = ""
    ) -> pl.DataFrame:
        """Every region of a level at a grain (one breakdown, or totals), as published by
        `as_of` (ISO date; empty: the newest figures), cached."""
        key = (measure_id, level, grain, breakdown, as_of)
        con = self._current()
        with self._lock:
            if key in self._series:
                self._series.move_to_end(key)
                return self._series[key]
        cursor = con.cursor()
        if query.is_span(measure_id):
            frame = self.catalog.span_lines.get(measure_id)
            if frame is None:
                raise query.QueryError(f"unknown series {measure_id!r}")
        else:
            frame = query.level_series(
                cursor,
                self.measure(measure_id),
                level,
                grain=grain,
                breakdown=breakdown or None,
                as_of=dt.date.fromisoformat(as_of) if as_of else None,
                series_key=self.catalog.series_keys.get(
                    (measure_id, level, grain, breakdown or "total")
                ),
            )
        with self._lock:
            self._series[key] = frame
            while len(self._series) > SERIES_CACHE_SIZE:
                self._series.popitem(last=False)
        return frame

    def anomalies(self, measure_id: str, grain: str) -> pl.DataFrame:
        """The implausible figures the build flagged for a measure at a grain (dim_anomaly)."""
        return self.catalog.anomalies.filter(measure_id=measure_id, grain=grain)

    def population(self, level: str) -> pl.DataFrame:
        """The population estimates of a level's regions (empty where nobody is counted)."""
        con = self._current()
        with self._lock:
            if level in self._population:
                return self._population[level]
        frame = query.level_population(con.cursor(), level)
        with self._lock:
            self._population[level] = frame
        return frame

    def periods(self, measure_id: str, level: str, grain: str) -> list[str]:
        """The periods (ISO first days) a measure has at a level and grain, cached."""
        key = ("periods", measure_id, level, grain)
        return self._cached(
            key,
            lambda: sorted(
                {p.isoformat() for p in self.level_series(measure_id, level, grain)["period"]}
            ),
        )

    def revisions(self, measure_id: str, regions: list[str], grain: str, start, end):
        """Periods the measure's releases printed differently (see query.revisions), cached."""
        key = ("revisions", measure_id, tuple(regions), grain, start, end)
        return self._cached(
            key, lambda: query.revisions(self.cursor(), measure_id, regions, grain, start, end)
        )

    def growth(self, measure_id: str, region: str, grain: str, days: int):
        """How much a period's figure printed `days` in grows by its newest (query.growth)."""
        key = ("growth", measure_id, region, grain, days)
        return self._cached(
            key, lambda: query.growth(self.cursor(), measure_id, region, grain, days)
        )

    def derived(self, key: tuple, read):
        """A frame derived from cached series (what a view shows of them), kept with them."""
        return self._cached(key, read)

    def view(self, key: tuple, render):
        """What `render()` gives for a view, kept for the next request of the same view (the
        caller must not change what it gets); forgotten when the warehouse is rebuilt."""
        return self._cached(key, render, self._views, VIEW_CACHE_SIZE)

    def _cached(self, key: tuple, read, into=None, size: int = 4 * SERIES_CACHE_SIZE):
        into = self._derived if into is None else into
        self._current()  # notices a rebuilt warehouse (and forgets what it held)
        with self._lock:
            if key in into:
                into.move_to_end(key)
                return into[key]
        value = read()
        with self._lock:
            into[key] = value
            while len(into) > size:
                into.popitem(last=False)
        return value

    def clear_cache(self, catalog: bool = True) -> None:
        """Forget cached series (and the catalog, unless told not to): the benchmark measures
        cold views with it."""
        with self._lock:
            self._series.clear()
            self._derived.clear()
            self._views.clear()
            if catalog:
                self._population.clear()
                self._catalog = Catalog(self)
