"""Which page to show, and the URL kept in step with the view (back and forward included).

A clientside callback writes the controls' values into the address bar (replacing a bare "/"
rather than stacking a second history entry) without telling dcc.Location, so that the page is
not built again for its own change, and no late server reply can write an old view. Back and forward
(assets/history.js puts the address into NAV) and links (dcc.Location's pathname) build the page
from the URL — the same path a copied link takes.
"""

from __future__ import annotations

import json
from dataclasses import fields

from dash import Dash, Input, Output, State, ctx, no_update
from dash.development.base_component import Component

from dashboard import ids
from dashboard.callbacks import view
from dashboard.layout.about import about
from dashboard.layout.page import explorer, not_found
from dashboard.links import read_link, shown
from dashboard.state import LISTS, TABS, View
from dashboard.store import Store

# The controls' values as the URL's query, in View's field order, as View.to_search writes it.
WRITE_URL = """
function (...values) {
    const names = NAMES, lists = LISTS;
    const params = new URLSearchParams();
    names.forEach(function (name, i) {
        let value = values[i];
        if (lists.includes(name)) { value = (value || []).join(","); }
        params.append(name, value === null || value === undefined ? "" : String(value));
    });
    const search = "?" + params.toString();
    if (search === window.location.search) { return window.dash_clientside.no_update; }
    const url = window.location.pathname + search;
    // The page rebuilt after back/forward settles its controls; writing those settling values
    // as new entries would cut off the forward history, so until the person touches the page
    // again (assets/history.js) they replace.
    const settling = window.aggstatsSettling === true;
    if (window.location.search && !settling) {
        window.history.pushState(null, "", url);
    } else {
        window.history.replaceState(null, "", url);
    }
    return search;
}
"""

SHOW_PANEL = (
    "function (tab) { return TABS.map(function (name) { return name !== tab; }); }"
).replace("TABS", json.dumps(list(TABS)))

# On a narrow screen the controls are folded (style.css); the button opens and closes them.
TOGGLE_CONTROLS = """function (clicks) {
    var open = clicks % 2 === 1;
    return [open ? "controls-area open" : "controls-area", open ? "true" : "false"];
}"""


PAGES = ("/", "/about")  # any other path is answered 404, with a page saying so


def page_for(store: Store, topojson: str, pathname: str, search: str):
    """The page for a URL; what its query asked for and could not be shown is named on it.
    Kept per URL, for the next request of the same link.

    The explorer comes with its view drawn (chart, notes, table... as the view callback would
    draw them): the page arrives with its chart, and the view callback, which does not run for
    a page it arrives with (the app's `prevent_initial_callbacks`), only follows changes.
    """
    path = (pathname if isinstance(pathname, str) else "/").rstrip("/") or "/"
    search = search if isinstance(search, str) else ""
    return store.view(
        ("page", topojson, path, search), lambda: _page(store, topojson, path, search)
    )


def _page(store: Store, topojson: str, path: str, search: str):
    if path == "/about":
        return about(store.catalog.sources)
    if path not in PAGES:
        return not_found(shown(path, 80))
    link, notes = read_link(search, store.catalog)
    page = explorer(link, store.catalog, topojson, notes)
    drawn = view.placed(view.render(store, link), topojson)
    found = with_ids(page)
    for (component_id, prop), value in zip(view.TARGETS, drawn, strict=True):
        if value is not no_update:
            setattr(found[component_id], prop, value)
    return page


def with_ids(page: Component) -> dict[str, Component]:
    """The page's components that have an id, by id, found in one walk of its children (a
    lookup by `page[id]` walks the page again for each)."""
    found, todo = {}, [page]
    while todo:
        component = todo.pop()
        if isinstance(component, list | tuple):
            todo.extend(component)
        elif isinstance(component, Component):
            if isinstance(getattr(component, "id", None), str):
                found[component.id] = component
            todo.append(getattr(component, "children", None))
    return found


def register(app: Dash, store: Store, topojson: str) -> None:
    def route(pathname, nav, search):
        if ctx.triggered_id == ids.NAV and isinstance(nav, dict):
            search = nav.get("search")  # back or forward: the address bar's, not dcc.Location's
        return page_for(store, topojson, pathname, search)

    # The first page comes with the layout (dashboard.app) when the layout request names it;
    # otherwise dcc.Location, mounting without a pathname, sets it and this builds the page.
    app.callback(
        Output(ids.PAGE, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.NAV, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(route)
    names = [name for _, _, name in view.INPUTS]
    assert names == [f.name for f in fields(View)], "INPUTS must follow View's fields"
    app.clientside_callback(
        WRITE_URL.replace("NAMES", json.dumps(names)).replace("LISTS", json.dumps(list(LISTS))),
        Output(ids.URL_WRITER, "data"),
        [Input(i, p) for i, p, _ in view.INPUTS],
        prevent_initial_call=False,  # a link's view is written out in full as the page opens
    )
    app.clientside_callback(
        TOGGLE_CONTROLS,
        Output(ids.CONTROLS_AREA, "className"),
        Output(ids.CONTROLS_TOGGLE, "aria-expanded"),
        Input(ids.CONTROLS_TOGGLE, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        SHOW_PANEL,
        [Output(f"{ids.PANEL}-{name}", "hidden") for name in TABS],
        Input(ids.TAB, "value"),
        prevent_initial_call=True,
    )
