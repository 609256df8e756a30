"""The explorer page and the app shell around every page."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.layout.controls import control_panel
from dashboard.layout.questions import questions
from dashboard.state import TABS, View

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # images are saved by the Image buttons, which draw the source and link into them
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
}


def graph_config(topojson_url: str) -> dict:
    """A graph's config: GRAPH_CONFIG, and where its map outlines are served."""
    return {**GRAPH_CONFIG, "topojsonURL": topojson_url}


def shell(topojson_url: str, url: tuple[str, str] | None = None, page=None) -> html.Div:
    """What every page sits in: the URL, the view's state, and the page itself.

    With `url` (pathname and query) the shell comes with its `page` built: the location holds
    that URL, so that it does not set it as it mounts, which would build the page again.
    """
    location = {"pathname": url[0], "search": url[1]} if url else {}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False, **location),
            dcc.Store(id=ids.URL_WRITER),
            dcc.Store(id=ids.NAV),
            dcc.Store(id=ids.IMAGE_DONE),
            html.A("Skip to the explorer", href="#main", className="skip"),
            header(),
            html.Main(page, id=ids.PAGE, tabIndex="-1", **{"data-topojson": topojson_url}),
            html.Footer(
                html.P(
                    "aggstats shows official, published aggregate statistics. It never handles "
                    "individual records."
                )
            ),
        ],
        className="shell",
    )


def header() -> html.Header:
    return html.Header(
        className="site",
        children=[
            html.A("aggstats", href="/", className="brand"),
            html.Nav(
                [dcc.Link("Explorer", href="/"), dcc.Link("About", href="/about")],
                **{"aria-label": "Site"},
            ),
        ],
    )


def explorer(view: View, catalog, topojson_url: str, ignored: list[str] = ()) -> html.Div:
    config = graph_config(topojson_url)
    return html.Div(
        id="main",
        className="page",
        children=[
            html.H1("Explore official immigration-enforcement statistics", className="title"),
            link_notice(ignored),
            html.Button(
                ["Choose what to see: ", html.Span(summary_of(view, catalog), className="now")],
                id=ids.CONTROLS_TOGGLE,
                className="controls-toggle button",
                **{"aria-expanded": "false", "aria-controls": ids.CONTROLS_AREA},
            ),
            html.Div(
                [questions(catalog), control_panel(view, catalog)],
                id=ids.CONTROLS_AREA,
                className="controls-area",
            ),
            results(view, config),
        ],
    )


def results(view: View, config: dict) -> html.Div:
    """The tabs and what they show: beside the controls on a wide screen (style.css)."""
    return html.Div(
        className="results",
        children=[
            dcc.Store(id=ids.SORT, data=view.sort),
            tabbar(view),
            panel(
                "chart",
                view,
                [
                    figure(ids.CHART_FIGURE, ids.CHART, config),
                    html.Div(id=ids.CHART_NOTES, className="notes"),
                ],
            ),
            panel(
                "map",
                view,
                [
                    # the map's graph is made when the Map tab is first drawn (map_graph): a
                    # graph in a hidden panel would draw an empty plot as the page opens
                    html.Div(id=ids.MAP_FIGURE, role="figure", **{"aria-label": "Map not drawn"}),
                    html.Div(id=ids.MAP_NOTES, className="notes"),
                ],
            ),
            panel("table", view, [html.Div(id=ids.TABLE, className="table-wrap")]),
            panel("sources", view, [html.Div(id=ids.SOURCES)]),
            panel("status", view, [html.Div(id=ids.STATUS)]),
        ],
    )


def tabbar(view: View) -> html.Div:
    """The tabs, and the downloads of what the tab on screen shows."""
    return html.Div(
        className="tabbar",
        children=[
            html.Fieldset(
                className="tabset",
                children=[
                    html.Legend("View", className="visually-hidden"),
                    dcc.RadioItems(
                        id=ids.TAB,
                        value=view.tab,
                        options=[{"label": v, "value": k} for k, v in TABS.items()],
                        inline=True,
                        className="tabs",
                    ),
                ],
            ),
            html.Div(
                className="downloads",
                children=[
                    html.Button("Data (CSV zip)", id=ids.DOWNLOAD_CSV, className="button"),
                    html.Button("Image (PNG)", id=ids.DOWNLOAD_PNG, className="button"),
                    html.Button("Image (SVG)", id=ids.DOWNLOAD_SVG, className="button"),
                    dcc.Download(id=ids.DOWNLOAD),
                    dcc.Store(id=ids.CITATION),
                ],
            ),
        ],
    )


def map_graph(figure, topojson_url: str) -> dcc.Graph:
    """The Map tab's graph, made with its first figure (it goes into the map's container)."""
    return dcc.Graph(
        id=ids.MAP, figure=figure, config=graph_config(topojson_url), className="graph"
    )


def summary_of(view: View, catalog) -> str:
    """What the folded controls show: the measure on screen (the button opens the rest)."""
    measure = catalog.measures.get(view.measure)
    return measure["name"] if measure else ""


def figure(component_id: str, graph_id: str, config: dict) -> html.Div:
    """A graph in a container a screen reader announces as a figure, labelled by a summary of
    what it draws (set with the figure: dashboard.callbacks.view)."""
    return html.Div(
        dcc.Graph(id=graph_id, config=config, className="graph"),
        id=component_id,
        role="figure",
        **{"aria-label": "Loading"},
    )


def link_notice(ignored: list[str]):
    """What the link asked for that could not be shown, and why (nothing when all was used)."""
    if not ignored:
        return None
    return html.Div(
        id=ids.LINK_NOTICE,
        className="notice",
        role="status",
        children=[
            html.P("Part of this link could not be used; the view shows what could be:"),
            html.Ul([html.Li(note) for note in ignored]),
        ],
    )


def panel(name: str, view: View, children: list) -> html.Section:
    return html.Section(
        id=f"{ids.PANEL}-{name}",
        className="panel",
        hidden=view.tab != name,
        children=children,
        **{"aria-label": TABS[name]},
    )


def not_found(path: str) -> html.Div:
    return html.Div(
        id="main",
        className="page",
        children=[
            html.H1("Not found"),
            html.P(f"No page at {path}. "),
            dcc.Link("Explorer", href="/"),
        ],
    )
