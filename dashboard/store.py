"""Read access to the warehouse for the app: one read-only connection per process, a cursor per
request, the catalog cached, and whole-level series cached, all until the warehouse file changes.

Nothing is read at import or at app creation: the first request connects.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

import duckdb
import polars as pl

from aggstats import query
from aggstats.freshness import freshness
from dashboard import context, spanning
from dashboard.state import COMPARISONS, GRAIN_LABELS

SERIES_CACHE_SIZE = 64  # whole-level frames are small (at most a few tens of thousands of rows)
VIEW_CACHE_SIZE = 32  # whole rendered views (figures with every point): the links shared most


class Catalog:
    """What the warehouse holds: measures, levels, regions, breakdowns. Read once per build."""

    def __init__(self, store: Store):
        self._store = store
        self._releases: dict[str, dict[str, str]] = {}
        self._freshness: dict[dt.date, pl.DataFrame] = {}
        self._seams: dict[str, list[dict]] = {}

    @cached_property
    def measures(self) -> dict[str, dict]:
        """Every measure, then every series across sources (as a measure: `series:<id>`)."""
        frame = query.measures(self._store.cursor())
        measures = {row["measure_id"]: row for row in frame.iter_rows(named=True)}
        spans = query.spans(self._store.cursor())
        return measures | {row["measure_id"]: spanning.as_measure(row) for row in spans.to_dicts()}

    def seams(self, measure_id: str) -> list[dict]:
        """Where a series across sources changes publication, with both sides' figures."""
        if measure_id not in self._seams:
            self._seams[measure_id] = query.seams(self._store.cursor(), measure_id)
        return self._seams[measure_id]

    @cached_property
    def levels(self) -> dict[str, str]:
        frame = query.levels(self._store.cursor())
        return dict(zip(frame["level"], frame["name"], strict=True))

    @cached_property
    def regions(self) -> pl.DataFrame:
        return query.regions(self._store.cursor())

    @cached_property
    def sources(self) -> pl.DataFrame:
        return query.sources(self._store.cursor())

    @cached_property
    def anomalies(self) -> pl.DataFrame:
        """Every implausible figure the build flagged (a few dozen rows), read once."""
        return query.anomalies(self._store.cursor())

    @cached_property
    def reconciliation(self) -> pl.DataFrame:
        return query.reconciliation(self._store.cursor())

    def freshness(self, today: dt.date) -> pl.DataFrame:
        """How current each source is, counted to `today` (see aggstats.freshness)."""
        if today not in self._freshness:
            self._freshness = {today: freshness(self._store.cursor(), today)}
        return self._freshness[today]

    @cached_property
    def context(self) -> dict[str, dict[str, list[dict]]]:
        """Bands, markers and targets by measure id (see dashboard.context); a series across
        sources has the bands and markers of its segments' measures."""
        found = context.entries(query.context(self._store.cursor()))
        return found | spanning.context(self.measures, found)

    @cached_property
    def _breakdowns(self) -> pl.DataFrame:
        return query.breakdowns(self._store.cursor())

    @cached_property
    def _breakdown_names(self) -> dict[tuple[str, str], dict[str, str]]:
        out: dict[tuple[str, str], dict[str, str]] = {}
        rows = self._breakdowns.select("measure_id", "level", "dimension", "name")
        for measure_id, level, dimension, name in rows.iter_rows():
            names = out.setdefault((measure_id, level), {})
            names[dimension] = name or dimension.replace("_", " ").capitalize()
        return out

    def breakdowns(self, measure_id: str, level: str) -> dict[str, str]:
        """The dimensions a measure is broken down by at a level, with their names."""
        return dict(self._breakdown_names.get((measure_id, level), {}))

    def releases(self, measure_id: str) -> list[str]:
        """The measure's release dates (ISO), oldest first."""
        return list(self.release_labels(measure_id))

    def release_labels(self, measure_id: str) -> dict[str, str]:
        """Release date (ISO) -> what was released then, oldest first; read once per measure."""
        if measure_id not in self._releases:
            frame = query.releases(self._store.cursor(), measure_id)
            self._releases[measure_id] = {
                as_of.isoformat(): "; ".join(names)
                for as_of, names in frame.select("as_of", "releases").iter_rows()
            }
        return self._releases[measure_id]

    def has_totals(self, measure_id: str, level: str) -> bool:
        """Whether the measure publishes totals at the level (or only breakdowns)."""
        return level in (self.measures[measure_id]["total_levels"] or [])

    def grains(self, measure: dict) -> list[str]:
        """The grains a measure can be shown at: as published, and years summed from months."""
        published = set(measure["grains"] or [])
        if "month" in published and measure["kind"] == "flow":
            published |= {"fiscal_year", "calendar_year"}
        return [g for g in GRAIN_LABELS if g in published]

    def comparisons(self, measure: dict, level: str) -> tuple[str, ...]:
        """The comparisons a measure allows at a level (per resident only where people live)."""
        allowed = COMPARISONS[measure["kind"]]
        if self._store.population(level).is_empty():
            allowed = tuple(c for c in allowed if c != "per_capita")
        return allowed

    @cached_property
    def _region_codes(self) -> dict[str, frozenset[str]]:
        frame = self.regions.group_by("level").agg("region_code")
        return {level: frozenset(codes) for level, codes in frame.iter_rows()}

    def region_codes(self, level: str) -> frozenset[str]:
        return self._region_codes.get(level, frozenset())

    def periods(self, measure_id: str, level: str, grain: str) -> list[str]:
        return self._store.periods(measure_id, level, grain)

    def default_regions(self, measure_id: str, level: str, grain: str) -> tuple[str, ...]:
        """The largest regions of a level (up to three), so a new level opens on something."""
        frame = self._store.level_series(measure_id, level, grain)
        top = (
            frame.group_by("region_code")
            .agg(pl.col("value").sum())
            .sort(["value", "region_code"], descending=[True, False])
        )
        return tuple(top["region_code"].head(3))


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
            frame = query.span(cursor, measure_id)
        else:
            frame = query.level_series(
                cursor,
                self.measure(measure_id),
                level,
                grain=grain,
                breakdown=breakdown or None,
                as_of=dt.date.fromisoformat(as_of) if as_of else None,
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
