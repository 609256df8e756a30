"""The Sources tab's revisions: where an agency changed a figure it had already published, the
first figure and the newest, for the regions and periods on screen (query.revisions)."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboard.tables import number
from dashboard.transforms import period_label

SHOWN = 12  # the largest revisions; the CSV download and the API have them all


def revisions_component(revised: pl.DataFrame, releases: int, totals: bool = True) -> html.Div:
    """A summary line and the largest revisions, by relative change."""
    if releases < 2:
        return html.P("This measure has one release: nothing has been revised.")
    if not totals:
        return html.P(
            f"This measure has {releases} releases. Revisions are followed on totals, and it "
            "publishes only its breakdown: compare releases with “Figures as published”."
        )
    if revised.is_empty():
        return html.P(f"Of this measure's {releases} releases, none changed a figure shown here.")
    changed = revised.with_columns(
        change=pl.col("last_value") - pl.col("first_value"),
        relative=pl.when(pl.col("first_value") != 0).then(
            pl.col("last_value") / pl.col("first_value") - 1
        ),
    ).filter(pl.col("change") != 0)
    largest = changed.sort(pl.col("relative").abs(), descending=True, nulls_last=True).head(SHOWN)
    header = ["Region", "Period", "First published", "Figure", "Newest release", "Figure", "Change"]
    rows = [
        html.Tr(
            [
                html.Th(r["region"], scope="row"),
                html.Td(period_label(r["period"], r["grain"])),
                html.Td(f"{r['first_as_of']}"),
                html.Td(number(r["first_value"], _digits(r["first_value"]))),
                html.Td(f"{r['last_as_of']}"),
                html.Td(number(r["last_value"], _digits(r["last_value"]))),
                html.Td("" if r["relative"] is None else f"{r['relative']:+.2%}"),
            ]
        )
        for r in largest.iter_rows(named=True)
    ]
    one = revised.height == 1  # "1 period ... was", not "1 periods ... were"
    summary = (
        f"{revised.height} {'period' if one else 'periods'} shown here "
        f"{'was' if one else 'were'} printed again by later releases after "
        f"{'it' if one else 'they'} ended (of the measure's {releases} releases); "
        + (
            ("it changed." if changed.height else "it did not change.")
            if one
            else f"{changed.height} of them changed."
        )
    )
    if changed.is_empty():
        return html.P(summary)
    return html.Div(
        [
            html.P(summary + f" The largest {largest.height}:"),
            html.Div(
                # focusable, so that a keyboard can scroll a table wider than its column
                className="table-wrap",
                tabIndex="0",
                role="region",
                **{"aria-label": "Largest revisions"},
                children=html.Table(
                    className="data-table",
                    children=[
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                        html.Tbody(rows),
                    ],
                ),
            ),
        ]
    )


def _digits(value: float) -> int:
    return 0 if float(value).is_integer() else 1
