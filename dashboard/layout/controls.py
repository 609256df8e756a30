"""The control panel: what to see (measure, geography, regions, period, breakdown) and how."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.layout import options
from dashboard.state import (
    CHART_LABELS,
    CONTEXT_LABELS,
    STYLE_LABELS,
    TOP_CHOICES,
    View,
)


def control_panel(view: View, catalog) -> html.Div:
    measure = catalog.measures[view.measure]
    periods = options.period_options(catalog, view.measure, view.level, view.grain)
    return html.Div(
        className="controls",
        children=[
            html.Fieldset(
                className="group what",
                children=[
                    html.Legend("What"),
                    labelled(
                        "Measure",
                        choice(
                            ids.MEASURE,
                            view.measure,
                            options.chosen_measure(catalog, view.measure),
                            maxHeight=320,
                        ),
                        wide=True,
                    ),
                    dcc.Store(id=ids.MEASURE_OPTIONS, data=options.measure_options(catalog)),
                    html.Div(
                        measure_info(measure, view, catalog),
                        id=ids.MEASURE_INFO,
                        className="measure-info",
                    ),
                    labelled(
                        "Compare with another measure",
                        choice(ids.ALSO, view.also, options.also_options(catalog, view)),
                        wide=True,
                    ),
                ],
            ),
            html.Fieldset(
                className="group where",
                children=[
                    html.Legend("Where"),
                    labelled(
                        "Geography",
                        choice(ids.LEVEL, view.level, options.level_options(catalog, measure)),
                    ),
                    labelled(
                        "Regions",
                        dcc.Dropdown(
                            id=ids.REGIONS,
                            value=list(view.regions),
                            multi=True,
                            searchable=True,
                            placeholder="Search regions…",
                            options=options.region_options(catalog, view.level),
                        ),
                    ),
                ],
            ),
            html.Fieldset(
                className="group when",
                children=[
                    html.Legend("When"),
                    radio("Grain", ids.GRAIN, view.grain, options.grain_options(catalog, measure)),
                    html.Div(
                        className="range",
                        children=[
                            labelled("From", period_dropdown(ids.START, view.start, periods)),
                            labelled("To", period_dropdown(ids.END, view.end, periods)),
                        ],
                    ),
                    labelled(
                        "Figures as published",
                        choice(
                            ids.AS_OF,
                            view.as_of,
                            options.release_options(catalog, view.measure),
                            disabled=len(catalog.releases(view.measure)) < 2,
                        ),
                        wide=True,
                    ),
                ],
            ),
            html.Fieldset(
                className="group how",
                children=[
                    html.Legend("How"),
                    labelled(
                        "Breakdown",
                        choice(
                            ids.BREAKDOWN,
                            view.breakdown,
                            options.breakdown_options(catalog, view.measure, view.level),
                        ),
                    ),
                    radio("Draw breakdown as", ids.STYLE, view.style, _pairs(STYLE_LABELS)),
                    labelled(
                        "Categories shown",
                        dcc.Dropdown(
                            id=ids.TOP,
                            value=view.top,
                            clearable=False,
                            searchable=False,
                            options=[
                                {"label": f"Top {n} + other", "value": n} for n in TOP_CHOICES
                            ],
                        ),
                    ),
                    radio(
                        "Compare",
                        ids.COMPARE,
                        view.compare,
                        options.compare_options(catalog, measure, view.level),
                    ),
                    radio("Chart", ids.CHART_KIND, view.chart, _pairs(CHART_LABELS)),
                    html.Fieldset(
                        className="control",
                        children=[
                            html.Legend("Context", className="label"),
                            dcc.Checklist(
                                id=ids.CONTEXT,
                                value=list(view.context),
                                options=_pairs(CONTEXT_LABELS),
                                inline=True,
                            ),
                        ],
                    ),
                ],
            ),
        ],
    )


def measure_info(measure: dict, view: View | None = None, catalog=None) -> list:
    """What a measure is, and the periods published at the geography and grain chosen (a
    measure's own first and last month can belong to other geographies: CBP's sectors run to
    Aug 2026, its nation to Jan 2026; ICE removals by fiscal year run to FY2026, not Oct 2025)."""
    first, last = measure["first_period"], measure["last_period"]
    coverage = f" Published {first:%b %Y} – {last:%b %Y}." if first and last else ""
    periods = catalog.periods(view.measure, view.level, view.grain) if view and catalog else []
    if periods:
        shown = [options.period_text(p, view.grain) for p in (periods[0], periods[-1])]
        where = catalog.levels.get(view.level, view.level)
        coverage = f" Published {shown[0]} – {shown[1]} ({where})."
    return [
        html.Strong(f"{measure['name']} — unit: {measure['unit']}. "),
        measure["definition"],
        coverage,
        KIND_NOTES.get(measure["kind"], ""),
        f" Source: {measure['publisher']}.",
    ]


# How a measure's periods combine, said where it is chosen (pipelines.registry.KINDS).
KIND_NOTES = {
    "stock": " A level at a date or over a period (a stock): periods are never added up.",
    "ratio": " A rate or an average: never added up over periods, regions or categories.",
}


def period_dropdown(component_id: str, value: str, periods: list[dict]) -> dcc.Dropdown:
    return choice(component_id, value, periods, maxHeight=260)


def choice(component_id: str, value, choices: list[dict], **extra) -> dcc.Dropdown:
    """A dropdown that always holds a value (it cannot be cleared)."""
    return dcc.Dropdown(id=component_id, value=value, clearable=False, options=choices, **extra)


def radio(label: str, component_id: str, value, choices: list[dict]) -> html.Fieldset:
    """Radio buttons in a fieldset whose legend names them (what a screen reader announces)."""
    return html.Fieldset(
        className="control",
        children=[
            html.Legend(label, className="label"),
            dcc.RadioItems(
                id=component_id, value=value, options=choices, inline=True, className="radios"
            ),
        ],
    )


def labelled(label: str, control, wide: bool = False) -> html.Div:
    return html.Div(
        className="control wide" if wide else "control",
        # the id names the dropdown's button too (assets/a11y.js): "Measure: <its value>"
        children=[
            html.Label(label, htmlFor=control.id, id=f"{control.id}-label", className="label"),
            control,
        ],
    )


def _pairs(labels: dict) -> list[dict]:
    return [{"label": text, "value": key} for key, text in labels.items()]
