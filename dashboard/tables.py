"""The Table tab (the accessible alternative to the chart) and the Sources tab, as Dash html."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboard import ids, transforms
from dashboard.figures.style import value_title

SUMMABLE = ("absolute", "per_day")


def wide(
    frame: pl.DataFrame, compare: str, sort: str = "", kind: str = "flow"
) -> tuple[list[str], list[list], list]:
    """Header, rows (one per period, one column per series) and a totals row.

    Totals are shown where they mean something: counts add up; a per-day rate's total is the
    total count over the total days. Changes, indexes and shares have no total. A stock adds up
    over regions but not over periods (no totals row); a ratio adds up over nothing.
    """
    frame = transforms.with_labels(frame)
    series = list(dict.fromkeys(frame.sort("series")["series"]))
    table = frame.pivot(on="series", index=["period", "label"], values="shown").sort("period")
    partial = set(frame.filter(~pl.col("complete"))["period"])
    estimates = _estimate_labels(frame) if compare == "per_capita" else {}
    many = len(series) > 1 and compare in SUMMABLE and kind != "ratio"
    header = ["Period", *series, *(["Total"] if many else [])]
    rows = []
    for record in table.iter_rows(named=True):
        values = [record.get(s) for s in series]
        said = ["partial"] if record["period"] in partial else []
        said += [estimates[record["period"]]] if record["period"] in estimates else []
        label = record["label"] + (f" ({'; '.join(said)})" if said else "")
        total = None
        if many:
            total = sum(v for v in values if v is not None)
            if compare == "per_day":
                counts = frame.filter(period=record["period"])
                total = counts["value"].sum() / counts["days"].max()
        rows.append([label, *values, *([total] if many else [])])
    rows = _sorted(rows, header, sort)
    footer = []
    if compare in SUMMABLE and kind == "flow":
        footer = ["Total"]
        for name in series:
            part = frame.filter(series=name)
            total = part["value"].sum()
            footer.append(total if compare == "absolute" else total / part["days"].sum())
        if many:
            days = frame.group_by("period").agg(pl.col("days").max())["days"].sum()
            footer.append(frame["value"].sum() / (1 if compare == "absolute" else days))
    return header, rows, footer


def _estimate_labels(frame: pl.DataFrame) -> dict:
    """Per period, the population estimate a rate divides by when it is not the period's own:
    "2024 population" (carried forward) or "no population estimate"."""
    if "population_for" not in frame.columns:
        return {}
    out = {}
    for row in frame.iter_rows(named=True):
        if row["population"] is None:
            out[row["period"]] = "no population estimate"
        elif row["population_year"] < row["population_for"]:
            out.setdefault(row["period"], f"{row['population_year']} population")
    return out


def _sorted(rows: list[list], header: list[str], sort: str) -> list[list]:
    column = sort.lstrip("-")
    if column not in header or column == "Period":
        return rows[::-1] if sort == "-Period" else rows
    i = header.index(column)
    return sorted(rows, key=lambda r: (r[i] is None, r[i] or 0), reverse=sort.startswith("-"))


def table_component(
    frame: pl.DataFrame, measure: dict, compare: str, sort: str, caption: str
) -> html.Table:
    header, rows, footer = wide(frame, compare, sort, measure["kind"])
    caption = f"{caption} — {value_title(measure['unit'], compare)}"
    if compare == "per_capita":  # the denominator's years, said where the rates are read
        caption = " ".join([caption + ".", *transforms.population_gaps(frame)])
    digits = 0 if compare == "absolute" else 1
    column, descending = sort.lstrip("-") or "Period", sort.startswith("-")

    def head(name: str) -> html.Th:
        state = "none"
        if name == column:
            state = "descending" if descending else "ascending"
        following = f"-{name}" if name == column and not descending else name
        return html.Th(
            html.Button(
                [name, html.Span(_ARROWS[state], **{"aria-hidden": "true"})],
                id={"type": ids.SORT_BUTTON, "column": following},
                className="sort",
                title=f"Sort by {name}",
            ),
            scope="col",
            **{"aria-sort": state},
        )

    return html.Table(
        className="data-table",
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([head(h) for h in header])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Th(r[0], scope="row")] + [html.Td(number(v, digits)) for v in r[1:]]
                    )
                    for r in rows
                ]
            ),
            html.Tfoot(
                html.Tr(
                    [html.Th(footer[0], scope="row")]
                    + [html.Td(number(v, digits)) for v in footer[1:]]
                )
            )
            if footer
            else None,
        ],
    )


_ARROWS = {"none": " ↕", "ascending": " ↑", "descending": " ↓"}


def number(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def sources_component(
    measure: dict, files: pl.DataFrame, entries: dict[str, list[dict]]
) -> html.Div:
    """Everything the registry says about the series shown, straight from the warehouse."""
    first = files.row(0, named=True) if files.height else {}
    items = []
    for f in files.iter_rows(named=True):
        links = [f["url"]] if f["url"] else list(f["stands_for"] or [])
        items.append(
            html.Li(
                [
                    html.Strong(f["file_name"]),
                    f" — {f['release']}. ",
                    html.Br(),
                    f"Published {f['published']}; vintage {f['as_of']}; accessed {f['accessed']}; "
                    f"covers {f['coverage']}. ",
                    html.Br(),
                    "sha256 ",
                    html.Code(f["sha256"], className="sha"),
                    html.Br(),
                    *(_links("Official URL" if f["url"] else "Stands for", links)),
                    html.P(f["provenance"], className="provenance"),
                ]
            )
        )
    context_items = [
        html.Li(
            [
                html.Strong(e["label"] + ": "),
                e.get("note") or e.get("counts") or "",
                " ",
                html.A(e["source"], href=e["url"], target="_blank", rel="noopener"),
            ]
        )
        for kind in ("bands", "markers", "targets")
        for e in entries.get(kind, [])
    ]
    return html.Div(
        className="sources",
        children=[
            html.H2(measure["name"]),
            html.P([html.Strong("Agency: "), measure["publisher"]]),
            html.P([html.Strong("Official title: "), first.get("title", measure["source_title"])]),
            html.P([html.Strong("Landing page: "), *_links("", [first.get("landing_page")])])
            if first.get("landing_page")
            else None,
            html.P(
                [
                    html.Strong("Definition: "),
                    measure["definition"],
                    f" Unit: {measure['unit']} ({measure['counts']}).",
                ]
            ),
            html.H3("Caveats"),
            html.Ul([html.Li(c) for c in measure["caveats"]]),
            html.H3("Quirks of the published files"),
            html.Ul([html.Li(q) for q in first.get("quirks") or []]),
            html.H3(f"Files behind this view ({files.height})"),
            html.Ul(items, className="files"),
            html.P([html.Strong("Licence: "), first.get("licence", "")]),
            html.P([html.Strong("Cite as: "), first.get("citation", "")]),
            html.H3("Context drawn on the chart"),
            html.Ul(context_items) if context_items else html.P("None for this measure."),
        ],
    )


def _links(label: str, urls: list[str]) -> list:
    out = [label + ": "] if label else []
    for i, url in enumerate(u for u in urls if u):
        out += [", " if i else "", html.A(url, href=url, target="_blank", rel="noopener")]
    return out
