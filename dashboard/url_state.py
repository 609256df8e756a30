"""A view as its URL holds it: every control's value, read from and written to the query.

What is missing or garbled keeps its default, and is named with why; whether the warehouse can
show what is left is dashboard/state.py's (`resolve`, against the catalog).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from urllib.parse import parse_qs, urlencode

DEFAULT_MEASURE = "cbp_encounters.encounters"
DEFAULT_LEVEL = "land_border_region"
DEFAULT_REGIONS = ("land_border_region:SW",)

GRAIN_LABELS = {
    "fiscal_year": "Fiscal year",
    "calendar_year": "Calendar year",
    "month": "Month",
    # grains only some sources publish, shown as published (never summed)
    "half_month": "Half month",
    "fiscal_quarter": "Fiscal quarter",
    "decade": "Decade",
}
COMPARE_LABELS = {
    "absolute": "Count",
    "per_day": "Per day",
    "change": "Change vs previous period (%)",
    "index": "Index (first period = 100)",
    "share": "Share of selected total (%)",
    "per_capita": "Per 100,000 residents",
}
# The comparisons that mean something for each kind of measure (pipelines.registry.KINDS): a
# stock (people held, cases pending) has no per-day rate; a ratio (a rate, an average) has no
# share of a total and no per-resident rate. Per resident needs a level with population.
COMPARISONS = {
    "flow": ("absolute", "per_day", "change", "index", "share", "per_capita"),
    "stock": ("absolute", "change", "index", "share", "per_capita"),
    "ratio": ("absolute", "change", "index"),
}
STYLE_LABELS = {"stack": "Stacked areas", "multiples": "Small multiples"}
CHART_LABELS = {"trend": "Over time (lines)", "rank": "Ranking (bars)"}
CONTEXT_LABELS = {"policy": "Policy periods", "targets": "Official targets"}
TABS = {
    "chart": "Chart",
    "map": "Map",
    "table": "Table",
    "sources": "Sources",
    "status": "Data status",
}
TOP_CHOICES = (3, 5, 8, 10, 20)
LISTS = ("regions", "context")


@dataclass(frozen=True)
class View:
    measure: str = DEFAULT_MEASURE
    level: str = DEFAULT_LEVEL
    regions: tuple[str, ...] = DEFAULT_REGIONS
    grain: str = "fiscal_year"
    start: str = ""  # ISO date of the first period shown; empty: from the first published
    end: str = ""
    as_of: str = ""  # ISO date of a release: the figures as published then; empty: the newest
    breakdown: str = ""  # a dimension, or empty for totals
    style: str = "stack"
    top: int = 5
    compare: str = "absolute"
    chart: str = "trend"
    context: tuple[str, ...] = ("policy", "targets")
    tab: str = "chart"
    sort: str = ""  # table column, "-" before it for descending
    # a second measure on the same chart: "<measure_id>" or "<measure_id>[<dimension>=<category>]"
    also: str = ""

    @classmethod
    def from_values(cls, values: dict, ignored: list | None = None) -> View:
        """The view of controls' or a URL's values, whatever their types: what is missing or
        garbled keeps its default (and is named, with why, in `ignored` as (field, reason))."""
        ignored = [] if ignored is None else ignored
        kept: dict = {}
        for field in fields(cls):
            if values.get(field.name) is not None:
                _keep(field.name, values[field.name], kept, ignored)
        view = cls(**kept)
        for name, labels in CHOICES.items():
            value = getattr(view, name)
            if value not in labels:
                ignored.append((name, "not one of " + ", ".join(labels)))
                view = view.replace(**{name: getattr(cls, name)})
        unknown = [c for c in view.context if c not in CONTEXT_LABELS]
        if unknown:
            ignored.append(("context", "not one of " + ", ".join(CONTEXT_LABELS)))
            view = view.replace(context=tuple(c for c in view.context if c in CONTEXT_LABELS))
        return view

    @classmethod
    def from_query(cls, query: dict[str, str], ignored: list | None = None) -> View:
        """The view a URL's query names; what it leaves out or garbles keeps its default."""
        return cls.from_values(dict(query), ignored)

    @classmethod
    def from_search(cls, search: str | None, ignored: list | None = None) -> View:
        ignored = [] if ignored is None else ignored
        params = parse_qs(search.lstrip("?") if isinstance(search, str) else "", True)
        names = {f.name for f in fields(cls)}
        for name, values in params.items():
            if name not in names:
                ignored.append((name, "not a setting of the explorer"))
            elif len(values) > 1:
                ignored.append((name, f"given {len(values)} times; the first is used"))
        return cls.from_query({k: v[0] for k, v in params.items() if k in names}, ignored)

    def to_search(self) -> str:
        params = {}
        for field in fields(self):
            value = getattr(self, field.name)
            params[field.name] = ",".join(value) if field.name in LISTS else str(value)
        return "?" + urlencode(params)

    def replace(self, **changes) -> View:
        return dataclasses.replace(self, **changes)


def _keep(name: str, value, kept: dict, ignored: list) -> None:
    """One field's value, typed as View holds it, into `kept` (or why not, into `ignored`)."""
    if name in LISTS:
        kept[name] = _names(value)
    elif name == "top":
        top = _whole_number(value)
        if top in TOP_CHOICES:
            kept["top"] = top
        elif value != "":
            ignored.append(("top", "not one of " + ", ".join(map(str, TOP_CHOICES))))
    elif isinstance(value, str):
        kept[name] = value
    else:
        ignored.append((name, "not text"))


CHOICES = {
    "grain": GRAIN_LABELS,
    "compare": COMPARE_LABELS,
    "style": STYLE_LABELS,
    "chart": CHART_LABELS,
    "tab": TABS,
}


def _names(value) -> tuple[str, ...]:
    """A list control's value (a list, or a URL's comma-separated text) as non-empty names."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        return ()
    return tuple(item for item in items if isinstance(item, str) and item)


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 4:
        return int(value)
    return None
