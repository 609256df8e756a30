"""The view: from the controls to the chart, map, table and sources of the tab on screen."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
from dash import Dash, Input, Output, html, no_update

from dashboard import context, ids, placement, spanning, summary, tables, transforms
from dashboard.citation import citation
from dashboard.figures import chart, pair, spans
from dashboard.figures.rank import rank_figure
from dashboard.frames import (
    growth_note,
    level_ranking,
    period_text,
    ranged_partials,
    second_frame,
    shown_frame,
)
from dashboard.layout.page import map_graph
from dashboard.notes import chart_notes
from dashboard.reconciliation import cross_checks
from dashboard.revisions import revisions_component
from dashboard.state import View, also_unfit, parse_also, resolve
from dashboard.status import status_component
from dashboard.store import Store

INPUTS = [
    (ids.MEASURE, "value", "measure"),
    (ids.LEVEL, "value", "level"),
    (ids.REGIONS, "value", "regions"),
    (ids.GRAIN, "value", "grain"),
    (ids.START, "value", "start"),
    (ids.END, "value", "end"),
    (ids.AS_OF, "value", "as_of"),
    (ids.BREAKDOWN, "value", "breakdown"),
    (ids.STYLE, "value", "style"),
    (ids.TOP, "value", "top"),
    (ids.COMPARE, "value", "compare"),
    (ids.CHART_KIND, "value", "chart"),
    (ids.CONTEXT, "value", "context"),
    (ids.TAB, "value", "tab"),
    (ids.SORT, "data", "sort"),
    (ids.ALSO, "value", "also"),
]
RESOLVED = ("measure", "level", "grain", "compare")  # what a second measure is checked against
OUTPUTS = [
    (ids.CHART, "figure"),
    (ids.CHART_NOTES, "children"),
    (ids.CHART_FIGURE, "aria-label"),
    (ids.MAP, "figure"),
    (ids.MAP_NOTES, "children"),
    (ids.MAP_FIGURE, "aria-label"),
    (ids.TABLE, "children"),
    (ids.SOURCES, "children"),
    (ids.STATUS, "children"),
    (ids.CITATION, "data"),
]
# Where they go on the page: each to its component's property, except the map's figure, which
# goes in as the map's graph (a graph made when the Map tab is first drawn: page.map_graph).
TARGETS = [(ids.MAP_FIGURE, "children") if key == ids.MAP else (key, p) for key, p in OUTPUTS]


def placed(out: dict, topojson: str) -> list:
    """A render's outputs in OUTPUTS order, as they go to their TARGETS."""
    return [
        map_graph(out[key], topojson) if key == ids.MAP and out[key] is not no_update else out[key]
        for key, _ in OUTPUTS
    ]


def view_of(*values) -> View:
    """A View from the controls' values, in INPUTS order (a value of the wrong type, which no
    control sends, keeps its default)."""
    names = [name for _, _, name in INPUTS]
    return View.from_values(dict(zip(names, values, strict=True)))


def chart_figure(
    store: Store, view: View, measure: dict, frame: pl.DataFrame, entries: dict
) -> go.Figure:
    """The Chart tab's figure: a ranking, or lines over time (with a second measure, segments)."""
    if view.chart == "rank":
        return rank_figure(
            transforms.rank(frame, view.compare, measure["kind"]),
            measure,
            view=view,
            period_text=period_text(frame),
            partial=ranged_partials(frame, measure["kind"]),
        )
    second = second_frame(store, view) if view.also and not view.breakdown else None
    if second and second[0].is_empty():
        second = None
    if second and view.compare == "index":  # one base for both lines
        frame, other, _ = pair.common_base(frame, second[0])
        second = (other, *second[1:])
    figure = chart.trend_figure(
        frame,
        measure,
        view=view,
        entries=entries,
        title=chart_title(store, view, measure),
        span=pair.span(frame, second[0]) if second else None,
        more_lines=(pair.subtitle(second[0], second[2]),)
        if second
        else tuple(growth_note(store, view, frame)),
        anomalies=None if view.breakdown else store.anomalies(view.measure, view.grain),
    )
    if measure.get("segments"):
        figure = spans.draw_segments(
            figure,
            frame,
            store.level_series(view.measure, view.level, view.grain),
            measure,
            view,
        )
    if second:
        other_frame, other, label = second
        figure = pair.add_second(figure, frame, other_frame, label, (measure, other), view)
    if measure.get("segments"):
        figure = spans.mark_seams(figure, store.catalog.seams(view.measure))
    return figure


def chart_notes_of(store: Store, asked: View, view: View, measure: dict, entries: dict) -> list:
    """The notes under the chart: why a second measure is not drawn, seams, context."""
    notes = chart_notes(view, entries, store.catalog.levels.get(view.level, ""))
    if asked.also and not view.also:  # why the second measure asked for is not drawn
        unfit = also_unfit(asked.replace(**{k: getattr(view, k) for k in RESOLVED}), store.catalog)
        notes = [html.P(f"Second measure not drawn: {unfit}."), *notes]
    if measure.get("segments"):
        notes = [*spanning.notes(measure, store.catalog.seams(view.measure)), *notes]
    return notes


def render(store: Store, view: View) -> dict:
    """Everything the tab on screen shows, by output name (see `compute`), kept per view: the
    next request of the same view (a shared link opened again) is answered from the store; the
    Data status tab's counts of days are kept for the day."""
    today = dt.date.today() if view.tab == "status" else None
    return dict(store.view(("render", view, today), lambda: compute(store, view)))


def compute(store: Store, view: View) -> dict:
    """Everything the tab on screen shows, by output name; other tabs are left as they are."""
    asked = view
    view = resolve(view, store.catalog)
    measure = store.measure(view.measure)
    entries = context.for_measure(store.catalog.context, view.measure)
    out = {key: no_update for key, _ in OUTPUTS}
    frame = shown_frame(store, view)
    if frame.is_empty():
        empty = chart.empty_figure("No figures for this choice.")
        out.update({ids.CHART: empty, ids.MAP: empty, ids.TABLE: html.P("No figures.")})
        return out
    files = frame["file_ids"].list.explode().unique().to_list()
    sources = store.catalog.sources.filter(pl.col("file_id").is_in(files))
    out[ids.CITATION] = citation(frame, sources, measure)
    if view.tab == "chart":
        out[ids.CHART] = chart_figure(store, view, measure, frame, entries)
        drawn = (
            transforms.rank(frame, view.compare, measure["kind"]) if view.chart == "rank" else frame
        )
        out[ids.CHART_FIGURE] = summary.chart_summary(drawn, measure, view, period_text(frame))
        out[ids.CHART_NOTES] = chart_notes_of(store, asked, view, measure, entries)
    elif view.tab == "map":
        out[ids.MAP], out[ids.MAP_NOTES], out[ids.MAP_FIGURE] = placement.map_view(
            level_ranking(store, view),
            store.catalog.regions.filter(level=view.level),
            measure,
            view=view,
            period_text=period_text(frame),
            level_name=store.catalog.levels.get(view.level, ""),
            partial=ranged_partials(frame, measure["kind"]),
        )
    elif view.tab == "status":
        today = dt.date.today()
        out[ids.STATUS] = status_component(store.catalog.freshness(today), today)
    elif view.tab == "table":
        out[ids.TABLE] = tables.table_component(
            frame, measure, view.compare, view.sort, f"{measure['name']}, {period_text(frame)}"
        )
    else:
        out[ids.SOURCES] = [
            tables.sources_component(measure, sources, entries),
            html.H3("Revised by later releases"),
            revisions_component(
                revised(store, view, frame),
                len(store.catalog.releases(view.measure)),
                store.catalog.has_totals(view.measure, view.level),
            ),
            html.H3("Checked against other published figures"),
            cross_checks(store.catalog, view.measure, view.regions),
        ]
    return out


def revised(store: Store, view: View, frame: pl.DataFrame) -> pl.DataFrame:
    """The revisions of the regions and periods on screen, at the grain the agency printed."""
    measure = store.measure(view.measure)
    grain = view.grain if view.grain in (measure["grains"] or []) else "month"
    periods = frame["period"]
    last = transforms.period_end(periods.max(), frame["grain"][0])
    codes = frame["region_code"].unique().to_list() if "region_code" in frame.columns else []
    regions = codes or list(view.regions)
    return store.revisions(view.measure, regions, grain, periods.min(), last)


def chart_title(store: Store, view: View, measure: dict) -> str:
    """The measure, and the breakdown it is split by."""
    breakdowns = store.catalog.breakdowns(view.measure, view.level)
    if view.also and not view.breakdown:
        other, dimension, category = parse_also(view.also)
        label = store.measure(other)["name"] + (f" ({category})" if dimension else "")
        return f"{measure['name']} and {label}"
    if not view.breakdown:
        return measure["name"]
    name = breakdowns.get(view.breakdown, view.breakdown).split(" (")[0].lower()
    return f"{measure['name']} by {name}"


def register(app: Dash, store: Store, topojson: str) -> None:
    def callback(*values):
        return placed(render(store, view_of(*values)), topojson)

    app.callback(
        [Output(i, p) for i, p in TARGETS],
        [Input(i, p) for i, p, _ in INPUTS],
    )(callback)
