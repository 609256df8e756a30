"""Downloads: the data behind the view (CSV and README in a zip), the chart as PNG or SVG."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dash import Dash, Input, Output, State, dcc, get_relative_path, no_update

from aggstats.settings import settings
from dashboard import downloads, ids
from dashboard.callbacks.view import INPUTS, view_of
from dashboard.frames import shown_frame
from dashboard.state import resolve
from dashboard.store import Store

# The image is drawn in the browser from the graph on screen (chart or map), with the view's
# citation under it and in its metadata (dashboard/assets/export.js).
SAVE_IMAGE = """
function (clicks, citation) {
    if (!clicks || !window.aggstatsExport) { return window.dash_clientside.no_update; }
    window.aggstatsExport.download("FORMAT", citation);
    return "FORMAT-" + clicks;
}
"""


def view_link(view) -> str:
    """The address of a view at the explorer's public address (AGGSTATS_PUBLIC_URL): never
    built from the request's Host header, which a client chooses."""
    return settings().public_url + get_relative_path("/") + view.to_search()


def data_zip(store: Store, view, link, today: dt.date | None = None) -> dict:
    """The payload of dcc.Download: aggstats-<measure>.zip with data.csv and README.md.

    `link(view)` gives the address of the view, for the README. Kept per view and day.
    """
    view = resolve(view, store.catalog)
    href = link(view)
    today = today or dt.date.today()
    return store.view(("zip", view, href, today), lambda: _zip(store, view, href, today))


def _zip(store: Store, view, href: str, today: dt.date) -> dict:
    measure = store.measure(view.measure)
    frame = shown_frame(store, view)
    files = frame["file_ids"].list.explode().unique().to_list()
    sources = store.catalog.sources.filter(pl.col("file_id").is_in(files))
    text = downloads.readme(measure, sources, href, view.compare, today, view.as_of)
    content = downloads.zip_bytes(downloads.csv_rows(frame, measure, view.compare), text)
    return dcc.send_bytes(content, f"aggstats-{view.measure.replace('.', '-')}.zip")


def register(app: Dash, store: Store) -> None:
    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        [State(i, p) for i, p, _ in INPUTS],
        prevent_initial_call=True,
    )(lambda clicks, *values: data_zip(store, view_of(*values), view_link) if clicks else no_update)
    for button, fmt in ((ids.DOWNLOAD_PNG, "png"), (ids.DOWNLOAD_SVG, "svg")):
        app.clientside_callback(
            SAVE_IMAGE.replace("FORMAT", fmt),
            Output(ids.IMAGE_DONE, "data", allow_duplicate=True),
            Input(button, "n_clicks"),
            State(ids.CITATION, "data"),
            prevent_initial_call=True,
        )
