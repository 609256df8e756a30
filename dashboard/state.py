"""The state of a view: every control's value, read from and written to the URL's query
(dashboard/url_state.py), then checked against the catalog here.

A view read from a URL is checked against the catalog (`resolve`): what the warehouse cannot
show (an unknown measure, a level the measure lacks, a region of another level) falls back to
something it can, so any link opens a working view; dashboard.links.read_link also says, for
each value the link gave that was not used, what was ignored and why (the page shows it).
"""

from __future__ import annotations

import datetime as dt

# The view and its labels are imported from here by the explorer, its tests and benchmarks.
from dashboard.url_state import (
    CHART_LABELS,
    CHOICES,
    COMPARE_LABELS,
    COMPARISONS,
    CONTEXT_LABELS,
    DEFAULT_LEVEL,
    DEFAULT_MEASURE,
    DEFAULT_REGIONS,
    GRAIN_LABELS,
    LISTS,
    STYLE_LABELS,
    TABS,
    TOP_CHOICES,
    View,
)

__all__ = [
    "CHART_LABELS",
    "CHOICES",
    "COMPARE_LABELS",
    "COMPARISONS",
    "CONTEXT_LABELS",
    "DEFAULT_LEVEL",
    "DEFAULT_MEASURE",
    "DEFAULT_REGIONS",
    "GRAIN_LABELS",
    "LISTS",
    "STYLE_LABELS",
    "TABS",
    "TOP_CHOICES",
    "View",
    "also_unfit",
    "also_value",
    "parse_also",
    "resolve",
    "resolve_also",
]


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
