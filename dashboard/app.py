"""The Dash application factory, and the production entry for gunicorn.

    gunicorn --workers 2 --bind 127.0.0.1:8050 'dashboard.app:server()'
    (reads AGGSTATS_WAREHOUSE / AGGSTATS_DATA_DIR)

`aggstats serve --debug` runs the same app on Dash's debug server.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from aggstats.settings import settings
from dashboard import callbacks
from dashboard.layout.page import shell
from dashboard.store import Store

ASSETS = Path(__file__).parent / "assets"


def create_app(warehouse: Path) -> Dash:
    """The explorer on a built warehouse; nothing is read until the first request."""
    store = Store(warehouse)
    app = Dash(
        __name__,
        title="aggstats explorer",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Plotly's map outlines, served from here: the explorer never reaches for a CDN.
    topojson = app.get_asset_url("topojson/")
    app.layout = shell(topojson)
    # Plotly's library is most of the page's weight: start fetching it with the page rather than
    # when the first graph asks for it.
    plotly_js = app.get_relative_path("/_dash-component-suites/plotly/package_data/plotly.min.js")
    app.index_string = app.index_string.replace("<html>", '<html lang="en">').replace(
        "{%css%}", f'<link rel="preload" as="script" href="{plotly_js}">{{%css%}}'
    )
    callbacks.register(app, store, topojson)
    return app


def server():
    """WSGI entry: the Flask server of an app on the configured warehouse."""
    return create_app(settings().warehouse).server
