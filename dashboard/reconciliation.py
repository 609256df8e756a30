"""The Sources tab's cross-checks: where another publisher (or release) counts the same thing as
the measure shown, both figures by fiscal year and their difference (dim/fact_reconciliation)."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboard.tables import number


def cross_checks(catalog, measure_id: str, regions=()) -> html.Div:
    """The Sources tab's cross-checks of a measure, made once per catalog for each set of the
    pairs' regions on screen (only those change what is open and what comes first)."""
    pairs = catalog.kept(("pairs", measure_id), lambda: _pairs(catalog, measure_id))
    named = set(pairs["left_region"]) | set(pairs["right_region"])
    here = tuple(sorted(named.intersection(regions)))
    return catalog.kept(("checks", measure_id, here), lambda: reconciliation_component(pairs, here))


def _pairs(catalog, measure_id: str) -> pl.DataFrame:
    both = pl.col("left_measure") == measure_id, pl.col("right_measure") == measure_id
    return catalog.reconciliation.filter(both[0] | both[1])


def reconciliation_component(pairs: pl.DataFrame, regions=()) -> html.Div:
    """One collapsible section per reconciled pair: what is compared and why, then every fiscal
    year. Pairs about the regions on screen come first, open; the others stay folded."""
    if pairs.is_empty():
        return html.Div(
            html.P("No other published figure counts the same thing for this measure yet.")
        )
    shown = set(regions)
    pairs = pairs.with_columns(
        here=pl.col("left_region").is_in(shown) | pl.col("right_region").is_in(shown)
    ).sort("here", descending=True, maintain_order=True)
    sections = []
    for (pair_id,), rows in pairs.group_by("reconciliation_id", maintain_order=True):
        first = rows.row(0, named=True)
        agreeing = int(rows["agrees"].sum())
        tolerance = f"{first['tolerance'] * 100:.2g}%" if first["tolerance"] else "exact agreement"
        sections.append(
            html.Details(
                className="reconciliation",
                id=f"reconciliation-{pair_id}",
                open=first["here"],
                children=[
                    html.Summary(
                        [
                            html.Strong(first["title"]),
                            f" — {agreeing} of {rows.height} fiscal years agree "
                            f"(tolerance: {tolerance}).",
                        ]
                    ),
                    html.P(first["why"]),
                    html.Ul(
                        [
                            html.Li([html.Strong("A: "), first["left_label"]]),
                            html.Li([html.Strong("B: "), first["right_label"]]),
                        ]
                    ),
                    _table(rows),
                ],
            )
        )
    return html.Div(sections)


def _table(rows: pl.DataFrame) -> html.Div:
    header = ["Fiscal year", "A", "B", "B − A", "B − A (%)", "Agree"]
    body = [
        html.Tr(
            [
                html.Th(f"FY{r['period'].year + 1}", scope="row"),
                html.Td(number(r["left_value"])),
                html.Td(number(r["right_value"])),
                html.Td(number(r["difference"])),
                html.Td(
                    "" if r["relative_difference"] is None else f"{r['relative_difference']:+.2%}"
                ),
                html.Td("yes" if r["agrees"] else "no", className="" if r["agrees"] else "differs"),
            ]
        )
        for r in rows.iter_rows(named=True)
    ]
    return html.Div(
        # focusable, so that a keyboard can scroll a table wider than its column
        className="table-wrap",
        tabIndex="0",
        role="region",
        **{"aria-label": "Cross-checks with other published figures"},
        children=html.Table(
            className="data-table",
            children=[
                html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                html.Tbody(body),
            ],
        ),
    )
