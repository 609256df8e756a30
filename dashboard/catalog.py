"""What the warehouse holds, as the explorer reads it once per build: measures (and series
across sources), levels, regions, breakdowns, periods, sources, context, flagged figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import polars as pl

from aggstats import query
from aggstats.freshness import freshness
from aggstats.query.spans import PREFIX
from dashboard import context, spanning
from dashboard.state import COMPARISONS, GRAIN_LABELS

if TYPE_CHECKING:
    from dashboard.store import Store

T = TypeVar("T")


class Catalog:
    """What the warehouse holds: measures, levels, regions, breakdowns. Read once per build."""

    def __init__(self, store: Store):
        self._store = store
        self._made: dict[tuple, object] = {}
        self._freshness: dict[dt.date, pl.DataFrame] = {}

    def kept(self, key: tuple, make: Callable[[], T]) -> T:
        """`make()` the first time `key` is asked, what it made after: for what is made from
        the catalog alone (or from it and a few of a view's values), kept as long as it is (a
        rebuilt warehouse has a new catalog). Callers do not change what they get."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]  # type: ignore[return-value]

    def read_all(self) -> None:
        """Read everything the catalog holds (a server's first requests read it bit by bit)."""
        for name in ("measures", "levels", "regions", "sources", "span_lines", "anomalies"):
            getattr(self, name)
        for name in ("reconciliation", "context", "_breakdown_names", "_region_codes"):
            getattr(self, name)
        self._periods  # noqa: B018
        self.series_keys  # noqa: B018
        for measure_id in self.measures:
            self.release_labels(measure_id)
            if query.is_span(measure_id):
                self.seams(measure_id)

    @cached_property
    def measures(self) -> dict[str, dict]:
        """Every measure, then every series across sources (as a measure: `series:<id>`)."""
        frame = query.measures(self._store.cursor())
        measures = {row["measure_id"]: row for row in frame.iter_rows(named=True)}
        spans = query.spans(self._store.cursor())
        return measures | {row["measure_id"]: spanning.as_measure(row) for row in spans.to_dicts()}

    def seams(self, measure_id: str) -> list[dict]:
        """Where a series across sources changes publication, with both sides' figures."""
        return self.kept(
            ("seams", measure_id), lambda: query.seams(self._store.cursor(), measure_id)
        )

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
    def span_lines(self) -> dict[str, pl.DataFrame]:
        """Every series across sources, year by year, by id (`series:<id>`): a few hundred rows
        in all, read once."""
        frame = query.span_lines(self._store.cursor())
        return {
            PREFIX + series_id: rows
            for (series_id,), rows in frame.partition_by(
                "series_id", as_dict=True, maintain_order=True
            ).items()
        }

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

        def read() -> dict[str, str]:
            frame = query.releases(self._store.cursor(), measure_id)
            rows = frame.select("as_of", "releases").iter_rows()
            return {as_of.isoformat(): "; ".join(names) for as_of, names in rows}

        return self.kept(("releases", measure_id), read)

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

    @cached_property
    def series_keys(self) -> dict[tuple[str, str, str, str], int]:
        """Each series' number in the build's level_series (a read by number is faster)."""
        return query.series_keys(self._store.cursor())

    @cached_property
    def _periods(self) -> dict[tuple[str, str, str], list[str]]:
        frame = query.level_periods(self._store.cursor())
        return {
            (measure_id, level, grain): [p.isoformat() for p in periods]
            for measure_id, level, grain, periods in frame.iter_rows()
        }

    def periods(self, measure_id: str, level: str, grain: str) -> list[str]:
        """The periods (ISO first days) a measure's totals have at a level and grain; read once
        for every measure (a series across sources: from its line)."""
        if query.is_span(measure_id):
            return self._store.periods(measure_id, level, grain)
        return list(self._periods.get((measure_id, level, grain), []))

    def default_regions(self, measure_id: str, level: str, grain: str) -> tuple[str, ...]:
        """The largest regions of a level (up to three), so a new level opens on something."""
        frame = self._store.level_series(measure_id, level, grain)
        top = (
            frame.group_by("region_code")
            .agg(pl.col("value").sum())
            .sort(["value", "region_code"], descending=[True, False])
        )
        return tuple(top["region_code"].head(3))
