"""The Dash application factory, and the production entry for gunicorn.

    gunicorn --workers 2 --bind 127.0.0.1:8050 'dashboard.app:server()'
    (reads AGGSTATS_WAREHOUSE / AGGSTATS_DATA_DIR)

`aggstats serve --debug` runs the same app on Dash's debug server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from dash import Dash
from flask import has_request_context, request
from plotly.offline import get_plotlyjs_version

from aggstats.settings import settings
from dashboard import callbacks
from dashboard.caching import keep_assets
from dashboard.callback_bodies import check_callback_bodies
from dashboard.callbacks.routing import PAGES, page_for
from dashboard.callbacks.view import render
from dashboard.compression import compress
from dashboard.layout.page import shell
from dashboard.scripts import PLOTLY_PATH, Explorer, add_vendor_routes
from dashboard.security import answer_404_off_pages, secure
from dashboard.state import View
from dashboard.store import Store

ASSETS = Path(__file__).parent / "assets"


def page_url() -> tuple[str, str] | None:
    """The pathname and query of the page asking for the layout: the Referer of Dash's layout
    request, which the page sends to its own origin (Referrer-Policy: same-origin); None when it
    does not name a page of this server."""
    referrer = request.referrer if has_request_context() else None
    if not referrer:
        return None
    url = urlsplit(referrer)
    if url.netloc != request.host or url.scheme not in ("http", "https"):
        return None
    return url.path, f"?{url.query}" if url.query else ""


def layout(store: Store, topojson: str):
    """The layout Dash serves: the shell, and in it the page the URL names, its view drawn, so
    that the first chart needs no callback (without a Referer the router builds the page)."""

    def serve():
        url = page_url()
        if url is None:
            return shell(topojson)
        return shell(topojson, url, page_for(store, topojson, *url))

    return serve


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
        # a page arrives with its view drawn (callbacks.routing.page_for): the callbacks run on
        # changes, and those that must run as a page opens say so
        prevent_initial_callbacks=True,
    )
    # Plotly's map outlines, served from here: the explorer never reaches for a CDN.
    topojson = app.get_asset_url("topojson/")
    app.layout = layout(store, topojson)
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    add_vendor_routes(app)
    callbacks.register(app, store, topojson)
    check_callback_bodies(app)
    secure(app, debug=debug)
    answer_404_off_pages(app, PAGES)
    compress(app.server)
    keep_assets(app.server)
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
