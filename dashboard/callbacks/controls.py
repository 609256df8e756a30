"""Controls that depend on each other: a measure's levels, grains and breakdowns, a level's
regions, the periods a choice covers. Each keeps what it can of the current choice."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from aggstats.calendar import period_end
from dashboard import ids
from dashboard.layout import options
from dashboard.layout.controls import measure_info
from dashboard.state import View, resolve
from dashboard.store import Store

CHOICE_OUTPUTS = [
    (ids.MEASURE_INFO, "children"),
    (ids.LEVEL, "options"),
    (ids.LEVEL, "value"),
    (ids.REGIONS, "options"),
    (ids.REGIONS, "value"),
    (ids.GRAIN, "options"),
    (ids.GRAIN, "value"),
    (ids.START, "options"),
    (ids.START, "value"),
    (ids.END, "options"),
    (ids.END, "value"),
    (ids.BREAKDOWN, "options"),
    (ids.BREAKDOWN, "value"),
    (ids.COMPARE, "options"),
    (ids.COMPARE, "value"),
    (ids.AS_OF, "options"),
    (ids.AS_OF, "value"),
    (ids.AS_OF, "disabled"),
    (ids.ALSO, "options"),
    (ids.ALSO, "value"),
]


# Every measure into the picker once the chart on screen is drawn (or its tab is not on screen),
# when the browser is idle, or at once when the picker is touched (assets/dropdown-search.js
# calls window.aggstatsFillMeasures): indexing them for search takes longer than drawing the chart.
FILL_MEASURES = """function (options) {
    return new Promise(function (resolve) {
        var filled = false;
        function fill() {
            if (!filled) { filled = true; resolve(options); }
        }
        window.aggstatsFillMeasures = fill;
        var waited = 0;
        (function wait() {
            var panel = document.getElementById("panel-chart");
            // a line, an area or a bar drawn, or the note of an empty chart
            var drawn = document.querySelector("#chart .js-line, #chart .js-fill, "
                + "#chart .bars .point, #chart .annotation-text");
            if (drawn || !panel || panel.hidden || waited >= 3000) {
                window.requestIdleCallback(fill, {timeout: 500});
            } else {
                waited += 50;
                setTimeout(wait, 50);
            }
        })();
    });
}"""


def choices(
    store: Store,
    measure_id,
    level,
    grain,
    regions,
    breakdown,
    start,
    end,
    compare="absolute",
    as_of="",
    also="",
    *,
    grain_changed: bool = False,
) -> tuple:
    """Every dependent control's options and value after the measure, level or grain changed."""
    catalog = store.catalog
    sent_end = end  # as the control holds it: a value left as it is is not sent back
    if grain_changed and isinstance(end, str) and end:
        end = whole_end(catalog, measure_id, level, grain, end)
    asked = View.from_values(
        {
            "measure": measure_id,
            "level": level,
            "regions": regions,
            "grain": grain,
            "breakdown": breakdown,
            "start": start,
            "end": end,
            "compare": compare,
            "as_of": as_of,
            "also": also,
        }
    )
    view = resolve(asked, catalog)
    measure = catalog.measures[view.measure]
    periods = options.period_options(catalog, view.measure, view.level, view.grain)

    def changed(new, old):
        # a value left as it is is not sent back: it could undo a choice made meanwhile
        return no_update if new == old else new

    return (
        measure_info(measure, view, catalog),
        options.level_options(catalog, measure),
        changed(view.level, level),
        options.region_options(catalog, view.level),
        changed(list(view.regions), regions if isinstance(regions, list) else []),
        options.grain_options(catalog, measure),
        changed(view.grain, grain),
        periods,
        changed(view.start, start),
        periods,
        changed(view.end, sent_end),
        options.breakdown_options(catalog, view.measure, view.level),
        changed(view.breakdown, breakdown),
        options.compare_options(catalog, measure, view.level),
        changed(view.compare, compare),
        options.release_options(catalog, view.measure),
        changed(view.as_of, as_of or ""),
        len(catalog.releases(view.measure)) < 2,
        options.also_options(catalog, view),
        changed(view.also, also or ""),
    )


def whole_end(catalog, measure_id, level, grain, end: str) -> str:
    """The end of a range after a change to a finer grain: the last period within the year the
    end named (FY2026 at months: to the newest month of FY2026, not Oct 2025 alone)."""
    try:
        day = dt.date.fromisoformat(end)
    except ValueError:
        return end
    for year in ("fiscal_year", "calendar_year"):
        if year == grain or end not in catalog.periods(measure_id, level, year):
            continue
        last = period_end(day, year).isoformat()
        within = [p for p in catalog.periods(measure_id, level, grain) if end <= p <= last]
        return within[-1] if within else end
    return end


def sort_column(clicks: list, triggered) -> str:
    """The column a sort button asks for (the button's id carries the sort it would apply)."""
    if not isinstance(triggered, dict) or not isinstance(clicks, list) or not any(clicks):
        return no_update
    column = triggered.get("column")
    return column if isinstance(column, str) else no_update


def register(app: Dash, store: Store) -> None:
    app.callback(
        [Output(i, p) for i, p in CHOICE_OUTPUTS],
        Input(ids.MEASURE, "value"),
        Input(ids.LEVEL, "value"),
        Input(ids.GRAIN, "value"),
        State(ids.REGIONS, "value"),
        State(ids.BREAKDOWN, "value"),
        State(ids.START, "value"),
        State(ids.END, "value"),
        State(ids.COMPARE, "value"),
        State(ids.AS_OF, "value"),
        State(ids.ALSO, "value"),
        prevent_initial_call=True,
    )(lambda *args: choices(store, *args, grain_changed=ctx.triggered_id == ids.GRAIN))
    app.clientside_callback(
        FILL_MEASURES,
        Output(ids.MEASURE, "options"),
        Input(ids.MEASURE_OPTIONS, "data"),
        prevent_initial_call=False,  # as the page opens
    )
    app.callback(
        Output(ids.SORT, "data"),
        Input({"type": ids.SORT_BUTTON, "column": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )(lambda clicks: sort_column(clicks, ctx.triggered_id))
