"""The choices each control offers, from the catalog (nothing here names a source)."""

from __future__ import annotations

from dash import html

from dashboard import transforms
from dashboard.state import COMPARE_LABELS, GRAIN_LABELS, also_value, resolve_also

GROUP = "group:"  # values of the disabled headings that group measures


def measure_options(catalog) -> list[dict]:
    """Measures grouped by agency and topic: a disabled heading before each group; series
    across sources first, under one heading.

    Each measure carries its label as `search`, and a heading none, so that typing in the
    picker finds measures only (Enter takes the first match, never a heading).
    """
    return catalog.kept(("measures",), lambda: _measure_options(catalog))


def _measure_options(catalog) -> list[dict]:
    options, group = [], None
    rows = sorted(
        catalog.measures.values(),
        key=lambda m: (not m.get("segments"), m["publisher"], m["topic"], m["name"]),
    )
    for m in rows:
        if (m["publisher"], m["topic"]) != group:
            group = (m["publisher"], m["topic"])
            spans = bool(m.get("segments"))
            options.append(
                {
                    "label": html.Strong(
                        m["topic"] if spans else f"{m['publisher']} · {m['topic']}"
                    ),
                    "value": f"{GROUP}{len(options)}",  # no words: search must not find it
                    "disabled": True,
                }
            )
        label = f"{m['name']} ({m['unit']})"
        options.append({"label": label, "value": m["measure_id"], "search": label})
    return options


def chosen_measure(catalog, measure_id: str) -> list[dict]:
    """The picker's options as the page opens: the measure on screen alone. Every measure
    (measure_options, in a store) follows once the chart is drawn, or as soon as the picker is
    touched (callbacks.controls.FILL_MEASURES): the dropdown indexes every substring of its
    options for search as it draws them, which for every measure took longer than the chart."""
    return [o for o in measure_options(catalog) if o["value"] == measure_id]


def also_options(catalog, view) -> list[dict]:
    """The measures that can share the view's chart (same level, grain and comparison), and the
    categories official targets count (ICE book-ins of people ICE arrested), so that a goal's
    two published measures can be read as one question."""
    key = ("also", view.measure, view.level, view.grain, view.compare)  # what also_unfit reads
    return catalog.kept(key, lambda: _also_options(catalog, view))


def _also_options(catalog, view) -> list[dict]:
    counted = {
        (measure_id, t["dimension"], t["category"])
        for measure_id, kinds in catalog.context.items()
        for t in kinds["targets"]
        if t["dimension"] != "total"
    }
    candidates = [(m, "", "") for m in catalog.measures] + sorted(counted)
    out = [{"label": "None", "value": ""}]
    for measure_id, dimension, category in candidates:
        value = also_value(measure_id, dimension, category)
        if resolve_also(view.replace(also=value), catalog) != value:
            continue
        m = catalog.measures[measure_id]
        label = f"{m['name']} ({m['unit']})"
        if dimension:
            name = catalog.breakdowns(measure_id, view.level).get(dimension, dimension)
            label = f"{m['name']}: {name.split(' (')[0].lower()} {category} ({m['unit']})"
        out.append({"label": label, "value": value})
    return out


def level_options(catalog, measure: dict) -> list[dict]:
    return [
        {"label": catalog.levels.get(level, level), "value": level}
        for level in measure["levels"] or []
    ]


def region_options(catalog, level: str) -> list[dict]:
    return catalog.kept(("regions", level), lambda: _region_options(catalog, level))


def _region_options(catalog, level: str) -> list[dict]:
    regions = catalog.regions.filter(level=level).sort("name")
    return [
        {"label": name, "value": code}
        for code, name in regions.select("region_code", "name").iter_rows()
    ]


def grain_options(catalog, measure: dict) -> list[dict]:
    """The three usual grains (greyed out where the measure cannot give them), and any other
    grain only for a measure that publishes it (half-months, fiscal quarters, decades)."""
    possible = catalog.grains(measure)
    usual = ("fiscal_year", "calendar_year", "month")
    return [
        {"label": label, "value": grain, "disabled": grain not in possible}
        for grain, label in GRAIN_LABELS.items()
        if grain in usual or grain in possible
    ]


def period_options(catalog, measure_id: str, level: str, grain: str) -> list[dict]:
    key = ("periods", measure_id, level, grain)
    return catalog.kept(key, lambda: _period_options(catalog, measure_id, level, grain))


def _period_options(catalog, measure_id: str, level: str, grain: str) -> list[dict]:
    return [
        {"label": period_text(p, grain), "value": p}
        for p in catalog.periods(measure_id, level, grain)
    ]


def period_text(period: str, grain: str) -> str:
    """A period's first day (ISO) as agencies label it (FY2026, Jan 2026)."""
    import datetime as dt

    return transforms.period_label(dt.date.fromisoformat(period), grain)


def breakdown_options(catalog, measure_id: str, level: str) -> list[dict]:
    totals = catalog.has_totals(measure_id, level)
    return [
        {
            "label": "None (totals)" if totals else "None (no totals published)",
            "value": "",
            "disabled": not totals,
        }
    ] + [
        {"label": name, "value": dimension}
        for dimension, name in catalog.breakdowns(measure_id, level).items()
    ]


def compare_options(catalog, measure: dict, level: str) -> list[dict]:
    """Every comparison, greyed out where the measure's kind or the level rules it out."""
    allowed = catalog.comparisons(measure, level)
    return [
        {"label": label, "value": key, "disabled": key not in allowed}
        for key, label in COMPARE_LABELS.items()
    ]


def release_options(catalog, measure_id: str) -> list[dict]:
    """The newest figures (default), then each earlier release, newest first."""
    labels = catalog.release_labels(measure_id)
    earlier = list(labels.items())[:-1][::-1]
    named = len(set(labels.values())) > 1  # one file of many releases names them by date only
    return [{"label": "Newest release (figures in force)", "value": ""}] + [
        {"label": f"As published {as_of}" + (f": {_short(names)}" if named else ""), "value": as_of}
        for as_of, names in earlier
    ]


def _short(text: str, most: int = 70) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"
