"""The Dash application factory, and the production entry for gunicorn.

gunicorn 'dashboard.app:server()'   # reads AGGSTATS_WAREHOUSE / AGGSTATS_DATA_DIR
"""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html

from aggstats.settings import settings
from dashboard import callbacks, ids
from dashboard.layout import View, page
from dashboard.store import Store

ASSETS = Path(__file__).parent / "assets"


def create_app(warehouse: Path) -> Dash:
    """The explorer on a built warehouse; nothing is read until the first request."""
    store = Store(warehouse)
    app = Dash(
        __name__,
        title="aggstats",
        assets_folder=str(ASSETS),
        use_pages=True,
        pages_folder="",
        suppress_callback_exceptions=True,
    )

    def explorer(**query: str):
        """Dash passes the URL's query string as arguments: a copied link restores the view."""
        return page(View.from_query(query), store.measures(), store.regions())

    dash.register_page("explorer", path="/", layout=explorer, title="aggstats explorer")
    app.layout = html.Div([dcc.Location(id=ids.URL, refresh=False), dash.page_container])
    callbacks.register(app, store)
    return app


def server():
    """WSGI entry: the Flask server of an app on the configured warehouse."""
    return create_app(settings().warehouse).server
