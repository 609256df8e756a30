"""The Dash application factory, and the production entry for gunicorn.

    gunicorn --workers 2 --bind 127.0.0.1:8050 'dashboard.app:server()'
    (reads AGGSTATS_WAREHOUSE / AGGSTATS_DATA_DIR)

`aggstats serve --debug` runs the same app on Dash's debug server.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from dash import Dash
from flask import Response, request
from plotly.offline import get_plotlyjs_version

from aggstats.settings import settings
from dashboard import callbacks
from dashboard.callback_bodies import check_callback_bodies
from dashboard.callbacks.routing import page_for
from dashboard.callbacks.view import render
from dashboard.layout.page import shell
from dashboard.security import secure
from dashboard.state import View
from dashboard.store import Store

ASSETS = Path(__file__).parent / "assets"
# The explorer's own plotly.js, kept gzipped (tools/plotly-bundle builds it) and sent as stored.
PLOTLY_BUNDLE = Path(__file__).parent / "vendor" / "plotly-aggstats.min.js.gz"
PLOTLY_PATH = "/vendor/plotly-aggstats.min.js"


class Explorer(Dash):
    """Dash, serving the explorer's own plotly.js build instead of the full library.

    The full plotly.min.js (4.8 MB) is most of the page's weight and of the browser's time before
    the first chart; the explorer draws four trace types, built into dashboard/vendor (1.4 MB,
    482 kB gzipped) by tools/plotly-bundle. Dash registers the full library in this hook; here
    it does not, and the bundle, an external script, sets `window.Plotly` before any component.
    """

    def _setup_plotlyjs(self):
        self._plotlyjs_url = PLOTLY_PATH


@cache
def plotly_bundle() -> bytes:
    """The gzipped bundle, read on its first request."""
    return PLOTLY_BUNDLE.read_bytes()


def serve_plotly() -> Response:
    """The bundle as stored, gzip-encoded; unzipped for the rare client that does not take gzip."""
    body, headers = plotly_bundle(), {"Cache-Control": "public, max-age=31536000, immutable"}
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, mimetype="application/javascript", headers=headers)


def create_app(warehouse: Path, debug: bool = False) -> Dash:
    """The explorer on a built warehouse; nothing is read until the first request. `debug`
    keeps Dash's development endpoints (`aggstats serve --debug`)."""
    store = Store(warehouse)
    app = Explorer(
        __name__,
        title="aggstats explorer",
        # the version in the query: browsers keep the bundle until plotly is upgraded
        external_scripts=[f"{PLOTLY_PATH}?v={get_plotlyjs_version()}"],
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Plotly's map outlines, served from here: the explorer never reaches for a CDN.
    topojson = app.get_asset_url("topojson/")
    app.layout = shell(topojson)
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    app.server.add_url_rule(PLOTLY_PATH, "plotly_bundle", serve_plotly)
    callbacks.register(app, store, topojson)
    check_callback_bodies(app)
    secure(app, debug=debug)
    app.store = store
    return app


def warm(app: Dash) -> None:
    """Read what the default page needs (the catalog, the default view's series), as its first
    request would; a server calls it as it starts."""
    store = app.store
    with app.server.test_request_context("/"):
        page_for(store, app.get_asset_url("topojson/"), "/", "")
        render(store, View())


def server():
    """WSGI entry: the Flask server of an app on the configured warehouse."""
    return create_app(settings().warehouse).server
