"""The Data status tab: how current every source is, as `aggstats sources` reports it."""

from __future__ import annotations

import polars as pl
from dash import html

from aggstats.freshness import OVERDUE_AFTER

COLUMNS = ("Source", "Publisher", "Newest period", "Release", "Days since", "Cadence", "Status")


def status_component(frame: pl.DataFrame, today) -> html.Div:
    """One row per source: newest period (and data date), release, days since, cadence, status."""
    rows = [
        html.Tr(
            [
                html.Th(_breakable(row["source_id"]), scope="row"),
                html.Td(row["publisher"]),
                html.Td(row["newest"]),
                html.Td(f"{row['release']:%-d %b %Y}"),
                html.Td(f"{row['days_since']:,}", className="num"),
                html.Td(row["cadence"]),
                html.Td(row["status"], className="overdue" if row["overdue"] else None),
            ]
        )
        for row in frame.sort("newest_end", descending=True).iter_rows(named=True)
    ]
    overdue = frame["overdue"].sum()
    return html.Div(
        className="status",
        children=[
            html.H2("How current each source is"),
            html.P(
                f"As of {today:%-d %B %Y}: {overdue} of {frame.height} sources are overdue "
                f"(more than {OVERDUE_AFTER:g} times their publisher's usual cadence since "
                "their newest release in this warehouse). Sources that are no longer published "
                "are kept as they last were."
            ),
            # focusable, so that a keyboard can scroll the table on a phone
            html.Div(
                className="table-wrap",
                tabIndex="0",
                children=html.Table(
                    className="data-table status-table",
                    children=[
                        html.Caption("Newest period and release of every source"),
                        html.Thead(html.Tr([html.Th(c, scope="col") for c in COLUMNS])),
                        html.Tbody(rows),
                    ],
                ),
            ),
        ],
    )


def _breakable(source_id: str) -> list:
    """A source id that may break after its underscores (a table column as narrow as its
    longest part, not as its whole id)."""
    parts = source_id.split("_")
    out: list = []
    for i, part in enumerate(parts):
        out += [part + ("_" if i < len(parts) - 1 else "")]
        if i < len(parts) - 1:
            out.append(html.Wbr())
    return out
