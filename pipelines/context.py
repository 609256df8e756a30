"""Context for charts, checked against the registry: policy periods, dated events, targets.

`context.yaml` is data: `pipelines/context.yaml` holds the entries several sources share, and a
source's own folder holds those about its measures alone (`<source folder>/context.yaml`, naming
only that source's measures). This module reads them all, refuses an entry that names a
measure, dimension or category the registry does not have (by name), and turns it into the
warehouse's dim_context and dim_context_measure. A marker that quotes a figure (`figure:`)
carries it into dim_context, where a warehouse check (checks.sql) compares it with the release
it names, so a label cannot drift from the data it quotes.
"""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatch
from pathlib import Path

import polars as pl
import yaml

from pipelines.entries import check_entry
from pipelines.errors import AggstatsError
from pipelines.registry import Source

CONTEXT_FILE = Path(__file__).with_name("context.yaml")
SOURCE_CONTEXT = "context.yaml"  # in a source's folder
KINDS = {"bands": "band", "markers": "marker", "targets": "target"}
REQUIRED = {"id", "label", "source", "url"}

CONTEXT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "context_id": pl.String,
    "kind": pl.String,
    "label": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "per_day": pl.Float64,
    "note": pl.String,
    "counts": pl.String,
    "source": pl.String,
    "source_short": pl.String,
    "url": pl.String,
    "secondary": pl.List(pl.Struct({"source": pl.String, "url": pl.String})),
    "figure_measure": pl.String,
    "figure_region": pl.String,
    "figure_grain": pl.String,
    "figure_period": pl.Date,
    "figure_as_of": pl.Date,
    "figure_value": pl.Float64,
}
APPLIES_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "context_id": pl.String,
    "measure_id": pl.String,
    "dimension": pl.String,
    "category": pl.String,
}


class ContextError(AggstatsError):
    """An entry of context.yaml that the registry or the warehouse contradicts."""


def read(sources: list[Source], path: Path = CONTEXT_FILE) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(dim_context, dim_context_measure) rows for every entry, checked against `sources`."""
    files = [(path, None)] + [
        (s.folder / SOURCE_CONTEXT, s.source_id)
        for s in sources
        if (s.folder / SOURCE_CONTEXT).is_file()
    ]
    docs = [(file, owner, yaml.safe_load(file.read_text()) or {}) for file, owner in files]
    measures = {m.measure_id: s for s in sources for m in s.measures}
    entries, applies = [], []
    seen: set[str] = set()
    for key, kind in KINDS.items():
        for file, owner, entry in ((f, o, e) for f, o, d in docs for e in d.get(key) or []):
            where = f"{_shown(file, owner)}: {key} entry {entry.get('id')!r}"
            if owner:
                _refuse_foreign(entry, owner, where)
            check_entry(entry, REQUIRED, where, ContextError, seen)
            row = _row(entry, kind, where)
            quoted = row.get("figure_measure")
            if quoted and quoted not in measures:
                if _registered(quoted.split(".")[0], measures):
                    raise ContextError(f"{where}: its figure names unknown measure {quoted!r}")
                row = {k: v for k, v in row.items() if not k.startswith("figure_")}
            entries.append(row)
            if kind == "target":
                applies += _target_measures(entry, measures, where)
            else:
                applies += _matched_measures(entry, measures, where)
    return (
        pl.DataFrame(entries, schema=CONTEXT_COLUMNS),
        pl.DataFrame(applies, schema=APPLIES_COLUMNS),
    )


def _shown(file: Path, owner: str | None) -> str:
    return f"pipelines/sources/{owner}/{file.name}" if owner else file.name


def _refuse_foreign(entry: dict, owner: str, where: str) -> None:
    """A source's context names its own measures; entries several sources share are central."""
    named = [
        *(entry.get("measures") or []),
        *(str(a.get("measure")) for a in entry.get("applies_to") or []),
    ]
    foreign = [m for m in named if not m.startswith(f"{owner}.")]
    if foreign:
        raise ContextError(
            f"{where} names measures of other sources ({', '.join(foreign)}): "
            "entries several sources share belong in pipelines/context.yaml"
        )


def _row(entry: dict, kind: str, where: str) -> dict:
    dates = {
        "band": ("start", "end"),
        "marker": ("date", "date"),
        "target": ("since", None),
    }[kind]
    start = _date(entry, dates[0], where)
    end = _date(entry, dates[1], where) if dates[1] else None
    if kind == "target" and entry.get("until") is not None:  # a target that ended
        end = _date(entry, "until", where)
    if kind == "target" and not isinstance(entry.get("per_day"), int | float):
        raise ContextError(f"{where}: a target needs a number `per_day`")
    return {
        "context_id": entry["id"],
        "kind": kind,
        "label": entry["label"],
        "start_date": start,
        "end_date": end,
        "per_day": float(entry["per_day"]) if kind == "target" else None,
        "note": " ".join(str(entry.get("note", "")).split()),
        "counts": " ".join(str(entry.get("counts", "")).split()),
        "source": " ".join(entry["source"].split()),
        "source_short": entry.get("source_short") or None,
        "url": entry["url"],
        "secondary": [
            {"source": " ".join(s["source"].split()), "url": s["url"]}
            for s in entry.get("secondary") or []
        ],
        **_figure(entry, where),
    }


def _figure(entry: dict, where: str) -> dict:
    """The published figure an entry quotes, to be checked against the warehouse."""
    figure = entry.get("figure")
    if figure is None:
        return {}
    required = ("measure", "region", "grain", "period", "as_of", "value")
    check_entry(figure, required, f"{where}: its figure", ContextError)
    return {
        "figure_measure": figure["measure"],
        "figure_region": figure["region"],
        "figure_grain": figure["grain"],
        "figure_period": _date(figure, "period", where),
        "figure_as_of": _date(figure, "as_of", where),
        "figure_value": float(figure["value"]),
    }


def _date(entry: dict, key: str, where: str) -> dt.date:
    value = entry.get(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContextError(f"{where}: {key} {value!r} is not a date (YYYY-MM-DD)") from None


def _matched_measures(entry: dict, measures: dict[str, Source], where: str) -> list[dict]:
    patterns = entry.get("measures") or []
    if not patterns:
        raise ContextError(f"{where} lists no `measures`")
    rows = []
    for pattern in patterns:
        matched = sorted(m for m in measures if fnmatch(m, pattern))
        if not matched and _registered(pattern.split(".")[0], measures):
            raise ContextError(f"{where}: the pattern {pattern!r} matches no measure")
        rows += [_applies(entry["id"], m) for m in matched]
    return list({r["measure_id"]: r for r in rows}.values())


def _registered(source_pattern: str, measures: dict[str, Source]) -> bool:
    """Whether a registered source answers to the source part of a measure id or pattern: an
    entry naming only sources that are not registered waits for them (as reconciliation pairs
    do; tests/unit/test_context.py proves every entry applies with the full registry)."""
    return any(fnmatch(s.source_id, source_pattern) for s in measures.values())


def _target_measures(entry: dict, measures: dict[str, Source], where: str) -> list[dict]:
    rows = []
    for item in entry.get("applies_to") or []:
        measure_id = str(item.get("measure"))
        if measure_id not in measures:
            if _registered(measure_id.split(".")[0], measures):
                raise ContextError(f"{where}: unknown measure {measure_id!r} in applies_to")
            continue
        source = measures[measure_id]
        (dimension, category), *more = (item.get("where") or {"total": "total"}).items()
        if more:
            raise ContextError(f"{where}: {measure_id} may name one category, not several")
        if dimension != "total" and dimension not in source.dimensions:
            raise ContextError(
                f"{where}: {measure_id} has no dimension {dimension!r} "
                f"(its source declares {', '.join(source.dimensions) or 'none'})"
            )
        rows.append(_applies(entry["id"], measure_id, dimension, str(category)))
    if not entry.get("applies_to"):
        raise ContextError(f"{where}: a target names the measures it counts in `applies_to`")
    return rows


def _applies(
    context_id: str, measure_id: str, dimension: str = "total", category: str = "total"
) -> dict:
    return {
        "context_id": context_id,
        "measure_id": measure_id,
        "dimension": dimension,
        "category": category,
    }
