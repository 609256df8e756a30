"""The state of a view: every control's value, read from and written to the URL's query.

A view read from a URL is checked against the catalog (`resolve`): what the warehouse cannot
show (an unknown measure, a level the measure lacks, a region of another level) falls back to
something it can, so any link opens a working view; `read_link` also says, for each value the
link gave that was not used, what was ignored and why (the page shows it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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


def resolve(view: View, catalog, ignored: list | None = None) -> View:
    """The nearest view the warehouse can show (`catalog` is a dashboard.store.Catalog); each
    value set aside is named, with why, in `ignored` as (field, reason)."""
    ignored = [] if ignored is None else ignored
    measures = catalog.measures
    if view.measure not in measures:
        why = "no such measure here, so the default view is shown instead of the link's"
        ignored.append(("measure", why))
        view = View()
        if view.measure not in measures:  # a warehouse without the default source
            view = view.replace(measure=next(iter(measures)), regions=())
    measure = measures[view.measure]
    levels = measure["levels"] or []
    if view.level not in levels:
        ignored.append(("level", f"{measure['name']} is not published at that geography"))
        view = view.replace(level=levels[0] if levels else "", regions=())
    grains = catalog.grains(measure)
    if view.grain not in grains:
        ignored.append(("grain", f"{measure['name']} is not published by that period"))
        view = view.replace(grain=grains[0])
    known = catalog.region_codes(view.level)
    regions = tuple(r for r in view.regions if r in known)
    if len(regions) < len(view.regions):
        ignored.append(("regions", _unknown_regions(view.regions, known, catalog, view.level)))
    if not regions:
        regions = catalog.default_regions(view.measure, view.level, view.grain)
    breakdown = _breakdown(view, catalog)
    if view.breakdown and view.breakdown not in catalog.breakdowns(view.measure, view.level):
        ignored.append(("breakdown", "not a breakdown of this measure at this geography"))
    view = _how(view, measure, catalog, ignored)
    periods = catalog.periods(view.measure, view.level, view.grain)
    start, end = _snap(view.start, periods, first=True), _snap(view.end, periods, first=False)
    if start and end and start > end:
        start, end = end, start
    return view.replace(regions=regions, breakdown=breakdown, start=start, end=end)


def _how(view: View, measure: dict, catalog, ignored: list) -> View:
    """The release, comparison, style, second measure and dates a view can have (and why not)."""
    releases = catalog.releases(view.measure)
    if view.as_of not in releases[:-1]:  # the newest is the default
        if view.as_of not in ("", *releases[-1:]):
            ignored.append(("as_of", "not a release date of this measure"))
        view = view.replace(as_of="")
    if view.compare not in catalog.comparisons(measure, view.level):
        per_resident = view.compare == "per_capita" and view.compare in COMPARISONS[measure["kind"]]
        why = "no residents are counted at this geography" if per_resident else "not offered"
        ignored.append(("compare", why if per_resident else f"{why} for {measure['name']}"))
        view = view.replace(compare="absolute")
    if measure["kind"] == "ratio" and view.style != "multiples":  # rates do not stack
        ignored.append(("style", "rates and averages do not stack: drawn as small multiples"))
        view = view.replace(style="multiples")
    problem = also_unfit(view, catalog) if view.also else ""
    if problem:
        ignored.append(("also", problem))
        view = view.replace(also="")
    for name in ("start", "end"):
        if getattr(view, name) and not _is_date(getattr(view, name)):
            ignored.append((name, "not a date (YYYY-MM-DD)"))
            view = view.replace(**{name: ""})
    return view


def _unknown_regions(asked, known, catalog, level: str) -> str:
    unknown = [r if len(r) <= 30 else r[:29] + "…" for r in asked if r not in known]
    listed = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
    return f"{listed} left out, not a region of {catalog.levels.get(level, level)}"


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _breakdown(view: View, catalog) -> str:
    """The view's breakdown if published; the first one where only breakdowns are published."""
    breakdowns = catalog.breakdowns(view.measure, view.level)
    breakdown = view.breakdown if view.breakdown in breakdowns else ""
    if not breakdown and breakdowns and not catalog.has_totals(view.measure, view.level):
        breakdown = next(iter(breakdowns))  # only breakdowns are published: show the first
    return breakdown


def parse_also(value: str) -> tuple[str, str, str]:
    """(measure id, dimension, category) of an `also` value; dimension and category may be ''."""
    measure, _, rest = (value or "").partition("[")
    dimension, _, category = rest.rstrip("]").partition("=")
    return measure, dimension, category


def also_value(measure: str, dimension: str = "", category: str = "") -> str:
    return f"{measure}[{dimension}={category}]" if dimension else measure


def resolve_also(view: View, catalog) -> str:
    """The second measure, if the chart can draw it beside the first: at the same level and
    grain, with the view's comparison, and the one category it names published there."""
    if also_unfit(view, catalog):
        return ""
    return also_value(*parse_also(view.also))


def also_unfit(view: View, catalog) -> str:
    """Why the view's second measure cannot be drawn beside the first ('' when it can)."""
    measure_id, dimension, category = parse_also(view.also)
    second = catalog.measures.get(measure_id)
    if not second or measure_id == view.measure:
        return "it is not a measure the warehouse holds" if not second else "it is the same measure"
    name = second["name"]
    if view.level not in (second["levels"] or []):
        return f"{name} has no figures at this level"
    if view.grain not in catalog.grains(second):
        return f"{name} has no figures at this grain"
    if view.compare not in catalog.comparisons(second, view.level):
        what = COMPARE_LABELS.get(view.compare, view.compare).lower()
        return f"{name} is a {second['kind']}: it has no {what} here"
    if dimension and dimension not in catalog.breakdowns(measure_id, view.level):
        return f"{name} has no breakdown {dimension!r} here"
    if not dimension and not catalog.has_totals(measure_id, view.level):
        return f"{name} publishes no totals here"
    return ""


def _snap(value: str, periods: list[str], *, first: bool) -> str:
    """The period (ISO first day) that holds `value`, so a range survives a change of grain."""
    if not periods:
        return ""
    if not value:
        return periods[0] if first else periods[-1]
    holding = [p for p in periods if p <= value]
    if not holding:
        return periods[0]
    return holding[-1]
