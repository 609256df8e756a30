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
PLOTLY_BUNDLE = ASSETS / "vendor" / "plotly-aggstats.min.js"


class Explorer(Dash):
    """Dash, serving the explorer's own plotly.js build instead of the full library.

    The full plotly.min.js (4.8 MB) is most of the page's weight and of the browser's time before
    the first chart; the explorer draws four trace types, built into assets/vendor (1.4 MB) by
    tools/plotly-bundle. Dash registers the full library in this hook; here it does not, and the
    assets folder supplies `window.Plotly` before the first graph renders.
    """

    def _setup_plotlyjs(self):
        self._plotlyjs_url = self.get_asset_url("vendor/" + PLOTLY_BUNDLE.name)


def create_app(warehouse: Path) -> Dash:
    """The explorer on a built warehouse; nothing is read until the first request."""
    store = Store(warehouse)
    app = Explorer(
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
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    callbacks.register(app, store, topojson)
    return app


def server():
    """WSGI entry: the Flask server of an app on the configured warehouse."""
    return create_app(settings().warehouse).server
