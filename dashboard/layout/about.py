"""The about page: what aggstats is, what it never does, how to cite it."""

from __future__ import annotations

from dash import dcc, html


def about(sources) -> html.Div:
    """`sources`: query.sources() rows; one citation per source."""
    citations = sources.unique(subset=["source_id"], maintain_order=True)
    return html.Div(
        id="main",
        className="page about",
        children=[
            html.H1("About aggstats"),
            html.P(
                "aggstats is an open-source explorer of the official, already-aggregated "
                "statistics that US agencies publish about immigration enforcement and the "
                "immigration courts. It gathers the published tables, loads them into one "
                "warehouse, and shows them by region and period — with every number traceable to "
                "the file and the agency it came from."
            ),
            html.H2("What it never does"),
            html.P(
                "aggstats never handles individual records. Its inputs are published counts; a "
                "file that looks like a row per person, case, arrest or booking is refused, and "
                "the warehouse has no table that could hold one."
            ),
            html.H2("Reading the numbers"),
            html.Ul(
                [
                    html.Li(
                        "Encounters, apprehensions, book-ins and removals count events, not "
                        "people: one person counted twice counts twice."
                    ),
                    html.Li(
                        "Federal fiscal years run October to September (FY2024 = Oct 2023 – "
                        "Sep 2024). A year still in progress is partial and is marked."
                    ),
                    html.Li(
                        "Agencies revise their figures. aggstats keeps every release and "
                        "shows, for each period, the newest release that covers it."
                    ),
                    html.Li(
                        "Per-day rates divide a period's count by the days it covers, so "
                        "months of different length and partial years compare fairly."
                    ),
                ]
            ),
            html.H2("How to cite"),
            html.P(
                "Cite the agency whose figures you use (below, and in the Sources tab of every "
                "view), and aggstats with the link to the view: every control is in the URL."
            ),
            html.Ul([html.Li(c) for c in citations["citation"]]),
            html.P(["Back to the ", dcc.Link("explorer", href="/"), "."]),
        ],
    )
