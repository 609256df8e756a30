"""Series across sources, checked against the registry: one long line from several publishers.

`series.yaml` is data; this module reads it, refuses a series that names a measure, region,
dimension or category the registry (or the loaded facts) does not have, by name, or whose
segments count in another kind or unit without saying what changes at the seam, and loads it:
dim_series and dim_series_segment from here, fact_series_segment and fact_series by
warehouse/series.sql (each segment's fiscal years, and the one that wins each year).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import yaml

from pipelines.entries import check_entry
from pipelines.errors import AggstatsError
from pipelines.registry import KINDS, Source
from pipelines.tidy import TOTAL
from pipelines.warehouse import insert

SERIES_FILE = Path(__file__).with_name("series.yaml")
_SQL = (Path(__file__).parent / "warehouse" / "series.sql").read_text()
_ABSENT = (Path(__file__).parent / "warehouse" / "series_absent.sql").read_text()
NATION = "nation:US"
REQUIRED = {"id", "name", "unit", "kind", "definition", "segments"}
SEGMENT_REQUIRED = {"measure", "label", "from"}
FISCAL_YEAR = re.compile(r"^FY(\d{4})$")

SERIES_COLUMNS = {
    "series_id": pl.String,
    "name": pl.String,
    "unit": pl.String,
    "kind": pl.String,
    "definition": pl.String,
    "region_code": pl.String,
}
SEGMENT_COLUMNS = {
    "series_id": pl.String,
    "rank": pl.Int32,
    "measure_id": pl.String,
    "source_id": pl.String,
    "dimension": pl.String,
    "category": pl.String,
    "label": pl.String,
    "short": pl.String,
    "first_year": pl.Int32,
    "last_year": pl.Int32,
    "measure_unit": pl.String,
    "unit_note": pl.String,
    "note": pl.String,
}


class SeriesError(AggstatsError):
    """A series of series.yaml that the registry or the warehouse contradicts."""


def read(
    sources: list[Source], regions: set[str], path: Path = SERIES_FILE
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(dim_series, dim_series_segment) rows for every series whose sources are registered
    (a series waits for its sources, as reconciliation pairs do; tests/unit/test_series.py
    proves every declared series is active with the full registry)."""
    doc = yaml.safe_load(path.read_text()) or {}
    measures = {m.measure_id: (s, m) for s in sources for m in s.measures}
    registered = {s.source_id for s in sources}
    rows, segments, seen = [], [], set()
    for entry in doc.get("series") or []:
        where = f"{path.name}: series {entry.get('id')!r}"
        check_entry(entry, REQUIRED, where, SeriesError, seen)
        if entry["kind"] not in KINDS:
            raise SeriesError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        items = entry["segments"] or []
        if not items:
            raise SeriesError(f"{where} lists no segments")
        if any(str(i.get("measure", "")).split(".")[0] not in registered for i in items):
            continue
        region = entry.get("region", NATION)
        if region not in regions:
            raise SeriesError(f"{where}: unknown region {region!r}")
        rows.append(
            {
                "series_id": entry["id"],
                "name": entry["name"],
                "unit": entry["unit"],
                "kind": entry["kind"],
                "definition": " ".join(entry["definition"].split()),
                "region_code": region,
            }
        )
        for rank, item in enumerate(items, start=1):
            segments.append(_segment(entry, rank, item, measures, region, where))
    return (
        pl.DataFrame(rows, schema=SERIES_COLUMNS),
        pl.DataFrame(segments, schema=SEGMENT_COLUMNS),
    )


def _segment(entry: dict, rank: int, item: dict, measures: dict, region: str, where: str) -> dict:
    where = f"{where}, segment {rank} ({item.get('measure')!r})"
    check_entry(item, SEGMENT_REQUIRED, where, SeriesError)
    if item["measure"] not in measures:
        raise SeriesError(f"{where}: unknown measure {item['measure']!r}")
    source, measure = measures[item["measure"]]
    level = region.split(":")[0]
    if level not in source.levels:
        raise SeriesError(
            f"{where}: {measure.measure_id} has no level {level!r} for region {region!r} "
            f"(its source has {', '.join(source.levels)})"
        )
    (dimension, category), *more = (item.get("where") or {TOTAL: TOTAL}).items()
    if more:
        raise SeriesError(f"{where}: a segment may name one category, not several")
    if dimension != TOTAL and dimension not in source.dimensions:
        raise SeriesError(
            f"{where}: {measure.measure_id} has no dimension {dimension!r} "
            f"(its source declares {', '.join(source.dimensions) or 'none'})"
        )
    if measure.kind != entry["kind"]:
        raise SeriesError(
            f"{where}: {measure.measure_id} is a {measure.kind}, the series a {entry['kind']}"
        )
    unit_note = " ".join(str(item.get("unit_note") or "").split()) or None
    if measure.unit != entry["unit"] and not unit_note:
        raise SeriesError(
            f"{where}: {measure.measure_id} counts {measure.unit!r}, the series {entry['unit']!r}; "
            f"a segment in another unit must say what changes at its seam (unit_note)"
        )
    first, last = _year(item, "from", where), _year(item, "to", where)
    if last is not None and last < first:
        raise SeriesError(f"{where}: `to` FY{last} comes before `from` FY{first}")
    return {
        "series_id": entry["id"],
        "rank": rank,
        "measure_id": measure.measure_id,
        "source_id": source.source_id,
        "dimension": dimension,
        "category": str(category),
        "label": item["label"],
        "short": item.get("short") or item["label"],
        "first_year": first,
        "last_year": last,
        "measure_unit": measure.unit,
        "unit_note": unit_note,
        "note": " ".join(str(item.get("note") or "").split()) or None,
    }


def _year(item: dict, key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None and key == "to":
        return None
    found = FISCAL_YEAR.match(str(value))
    if not found:
        raise SeriesError(f"{where}: {key} {value!r} is not a fiscal year (FY2020)")
    return int(found.group(1))


def load(con: duckdb.DuckDBPyConnection, series: pl.DataFrame, segments: pl.DataFrame) -> None:
    """Insert the declarations, refuse a category the facts do not hold, build the tables."""
    if not series.is_empty():
        insert(con, "dim_series", series)
        insert(con, "dim_series_segment", segments)
    absent = con.execute(_ABSENT).fetchall()
    if absent:
        series_id, rank, measure_id, dimension, category = absent[0]
        what = "totals" if dimension == TOTAL else f"category {category!r} of {dimension!r}"
        raise SeriesError(
            f"{SERIES_FILE.name}: series {series_id!r}, segment {rank} ({measure_id!r}): "
            f"the warehouse holds no {what} for it"
        )
    derive(con)


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """fact_series_segment and fact_series from the declarations and the figures in force."""
    con.execute(_SQL)
