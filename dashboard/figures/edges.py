"""Where a chart ends: a period to date is drawn inside the axis (at the middle of the days its
figures cover), open-marked and labelled with its data date; in stacked areas it is a hatched
block over those days with an open marker on top, never a fall of the areas."""

from __future__ import annotations

import datetime as dt

DAY_MS = 86_400_000
EDGE_COLOUR = "#333333"


def date_text(row: dict) -> str:
    """A partial period as labelled on the chart: "Apr 2026 to 9 Apr 2026" (a period to date),
    "FY2026 to Jan 2026, 4 of 12 months" (whole months summed), or "FY2026 (partial)"."""
    day = row.get("data_date")
    if day:
        return f"{row['label']} to {day:%-d %b %Y}"
    months, days = row.get("months"), row.get("days")
    if months and days:
        end = row["period"] + dt.timedelta(days=int(days) - 1)
        return f"{row['label']} to {end:%b %Y}, {months} of 12 months"
    return f"{row['label']} (partial)"


def drawn_partial(rows: list[dict]) -> list[dict]:
    """The rows of partial periods that have a figure to draw."""
    return [row for row in rows if not row["complete"] and row["shown"] is not None]


def edge_labels(panels: list[tuple[str, str, list[dict]]], *, stacked: bool) -> list[dict]:
    """One label per panel (axis, name, rows) at its newest partial period: the data date, just
    above the highest point drawn there (the top of the stack for stacked areas)."""
    notes = []
    for axis, _, rows in panels:
        partial = drawn_partial(rows)
        if not partial:
            continue
        last = max(row["period"] for row in partial)
        newest = [row for row in partial if row["period"] == last]
        top = max(newest, key=lambda row: row["shown"])
        y = sum(row["shown"] for row in newest) if stacked else top["shown"]
        notes.append(
            {
                "text": f"partial: {date_text(top)}",
                "x": top["x"].isoformat(),
                "y": y,
                "xref": axis,
                "yref": "y" + axis[1:],
                "xanchor": "right",
                "yanchor": "bottom",
                "yshift": 8,
                "showarrow": False,
                "font": {"size": 11, "color": EDGE_COLOUR},
                "bgcolor": "rgba(255,255,255,0.85)",
                "name": "partial-edge",
            }
        )
    return notes


def stack_partials(
    rows: list[dict],
    names: list[str],
    colours: dict[str, str],
    axis: str,
    fmt: str,
    unit: str,
    *,
    blocks: bool,
) -> list[dict]:
    """The partial periods of stacked areas: an open marker on the stack's top, and with
    `blocks` (counts, which fall in a period to date) per series a hatched block as wide as the
    days the figures cover, stacked in the areas' order (the areas leave the period out)."""
    traces = []
    partial = drawn_partial(rows)
    for period in sorted({row["period"] for row in partial}):
        here = [row for row in partial if row["period"] == period]
        first = {}  # each series' row of the period
        for row in here:
            first.setdefault(row["series"], row)
        base = 0.0
        x = here[0]["x"].isoformat()
        for name in names:
            row = first.get(name)
            if row is None:
                continue
            base += row["shown"]
            if not blocks:
                continue
            traces.append(
                {
                    "type": "bar",
                    "x": [x],
                    "y": [row["shown"]],
                    "base": [base - row["shown"]],
                    "width": [int(row["days"] or 1) * DAY_MS],
                    "name": name,
                    "legendgroup": name,
                    "showlegend": False,
                    "xaxis": axis,
                    "yaxis": "y" + axis[1:],
                    "marker": {
                        "color": colours[name],
                        "opacity": 0.6,
                        "pattern": {"shape": "/", "fgcolor": "#ffffff", "size": 6},
                        "line": {"color": colours[name], "width": 1},
                    },
                    "hovertemplate": f"{date_text(row)}<br>%{{y:{fmt}}} {unit}"
                    f"<extra>{name}</extra>",
                }
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [x],
                "y": [base],
                "name": "partial period",
                "showlegend": False,
                "xaxis": axis,
                "yaxis": "y" + axis[1:],
                "marker": {
                    "symbol": "circle-open",
                    "size": 9,
                    "color": EDGE_COLOUR,
                    "line": {"width": 2, "color": EDGE_COLOUR},
                },
                "hovertemplate": f"{date_text(here[0])}<br>"
                f"all shown: %{{y:{fmt}}} {unit}<extra></extra>",
                "meta": "partial-edge",
            }
        )
    return traces
