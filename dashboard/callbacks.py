"""Callbacks, as plain functions (unit-testable) and their registration on the app."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html, no_update

from aggstats.query import QueryError
from dashboard import figures, ids
from dashboard.layout import View, level_options, region_options
from dashboard.store import Store


def update_view(store: Store, measure_id: str, level: str, regions: list[str], grain: str):
    """The chart, the table, the measure's definition and caveats, and the URL, for a view."""
    measure = store.measure(measure_id)
    view = View(measure_id, level, tuple(regions or ()), grain)
    info = html.Div(
        [
            html.Strong(f"{measure['name']} ({measure['unit']}). "),
            measure["definition"],
            f" Source: {measure['publisher']}.",
        ]
    )
    caveats = html.Ul([html.Li(c) for c in measure["caveats"]])
    try:
        frame = store.series(measure_id, level, list(regions or ()) or None, grain=grain)
    except QueryError as exc:
        return (
            figures.go.Figure(),
            html.P(str(exc), className="error"),
            info,
            caveats,
            view.to_search(),
        )
    if frame.is_empty():
        return (
            figures.go.Figure(),
            html.P("No figures for this choice."),
            info,
            caveats,
            view.to_search(),
        )
    header, rows = figures.table_rows(frame)
    table = html.Table(
        className="data-table",
        children=[
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
        ],
    )
    return figures.trend_figure(frame, measure), table, info, caveats, view.to_search()


def choices_for_measure(store: Store, measure_id: str, level: str):
    """The levels a measure has, keeping the current level where it can."""
    measure = store.measure(measure_id)
    levels = measure["levels"] or []
    return level_options(measure), level if level in levels else (levels[0] if levels else None)


def choices_for_level(store: Store, level: str, regions: list[str]):
    """The regions of a level, keeping those chosen that still apply."""
    options = region_options(store.regions(), level)
    valid = {o["value"] for o in options}
    kept = [r for r in regions or [] if r in valid]
    return options, kept or ([options[0]["value"]] if options else [])


def register(app: Dash, store: Store) -> None:
    app.callback(
        Output(ids.CHART, "figure"),
        Output(ids.TABLE, "children"),
        Output(ids.MEASURE_INFO, "children"),
        Output(ids.CAVEATS, "children"),
        Output(ids.URL, "search"),
        Input(ids.MEASURE, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.REGIONS, "value"),
        Input(ids.GRAIN, "value"),
    )(lambda *args: update_view(store, *args))
    app.callback(
        Output(ids.LEVEL, "options"),
        Output(ids.LEVEL, "value"),
        Input(ids.MEASURE, "value"),
        State(ids.LEVEL, "value"),
        prevent_initial_call=True,
    )(lambda *args: choices_for_measure(store, *args))
    app.callback(
        Output(ids.REGIONS, "options"),
        Output(ids.REGIONS, "value"),
        Input(ids.LEVEL, "value"),
        State(ids.REGIONS, "value"),
        prevent_initial_call=True,
    )(lambda level, regions: choices_for_level(store, level, regions) if level else no_update)
