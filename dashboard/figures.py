"""Figure and table builders: plain functions from a series frame to Plotly figures and rows."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
EVENTS_NOTE = "Counts events, not people: one person encountered twice counts twice."


def period_label(period: dt.date, grain: str) -> str:
    if grain == "fiscal_year":
        return f"FY{period.year + 1}"  # a fiscal year starts on 1 October of the year before
    if grain == "calendar_year":
        return str(period.year)
    return period.strftime("%b %Y")


def with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds `label` (FY2024, 2024, Jan 2024) and `partial` (a year with fewer than 12 months)."""
    return frame.with_columns(
        label=pl.struct("period", "grain").map_elements(
            lambda row: period_label(row["period"], row["grain"]), return_dtype=pl.String
        ),
        partial=~pl.col("complete"),
    )


def trend_figure(frame: pl.DataFrame, measure: dict) -> go.Figure:
    """Lines, one per region; partial periods drawn as open markers and named in the hover."""
    figure = go.Figure()
    frame = with_labels(frame)
    by_month = frame["grain"][0] == "month"
    # years are labelled as agencies label them (FY2024), in period order
    order = frame.select("period", "label").unique().sort("period")["label"].to_list()
    for i, (region,) in enumerate(frame.select("region").unique(maintain_order=True).iter_rows()):
        rows = frame.filter(region=region).sort("period")
        colour = PALETTE[i % len(PALETTE)]
        hover = [
            f"{label}{' (partial: ' + str(months) + ' of 12 months)' if partial else ''}"
            for label, months, partial in rows.select("label", "months", "partial").iter_rows()
        ]
        figure.add_trace(
            go.Scatter(
                x=rows["period" if by_month else "label"].to_list(),
                y=rows["value"].to_list(),
                name=region,
                mode="lines+markers",
                line={"color": colour, "width": 2.5},
                marker={
                    "color": colour,
                    "size": 8,
                    "symbol": ["circle-open" if p else "circle" for p in rows["partial"]],
                },
                customdata=hover,
                hovertemplate="%{customdata}<br>%{y:,.0f} "
                + measure["unit"]
                + f"<extra>{region}</extra>",
            )
        )
    partial = frame.filter("partial")
    notes = []
    if measure["counts"] == "events":
        notes.append(EVENTS_NOTE)
    if not partial.is_empty():
        labels = sorted(set(partial["label"]))
        notes.append(
            f"Open markers: partial periods ({', '.join(labels)}), not comparable with full years."
        )
    figure.update_layout(
        title={"text": measure["name"], "x": 0},
        yaxis={"title": {"text": measure["unit"]}, "rangemode": "tozero", "tickformat": ",d"},
        xaxis={"title": {"text": None}}
        if by_month
        else {
            "title": {"text": None},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order,
        },
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 60, "r": 20, "t": 50, "b": 80},
        template="plotly_white",
        hovermode="closest",
        annotations=[
            {
                "text": "<br>".join(notes),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.0,
                "yanchor": "bottom",
                "xanchor": "left",
                "yshift": 2,
                "font": {"size": 11, "color": "#555"},
                "align": "left",
            }
        ]
        if notes
        else [],
    )
    return figure


def table_rows(frame: pl.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one row per period, one column per region, a total column."""
    frame = with_labels(frame)
    wide = frame.pivot(on="region", index=["period", "label", "partial"], values="value").sort(
        "period"
    )
    regions = [c for c in wide.columns if c not in ("period", "label", "partial")]
    header = ["Period", *regions, "Total"] if len(regions) > 1 else ["Period", *regions]
    rows = []
    for record in wide.iter_rows(named=True):
        values = [record[r] for r in regions]
        cells = [record["label"] + (" (partial)" if record["partial"] else "")]
        cells += [_number(v) for v in values]
        if len(regions) > 1:
            cells.append(_number(sum(v for v in values if v is not None)))
        rows.append(cells)
    return header, rows


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"
