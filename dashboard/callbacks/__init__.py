"""Callbacks: plain functions (unit-testable) in each module, registered on the app here."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import controls, downloads, routing, view
from dashboard.store import Store


def register(app: Dash, store: Store, topojson: str) -> None:
    routing.register(app, store, topojson)
    controls.register(app, store)
    view.register(app, store, topojson)
    downloads.register(app, store)
