"""A series across sources on the trend chart: one line drawn as its segments, each named by
the publication that gives its years (legend and hover), joined where one ends and the next
begins, with each seam marked and both sides' figures at the years they overlap."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import transforms
from dashboard.figures.style import MARKER_COLOUR, PALETTE, value_format, value_title
from dashboard.figures.traces import series_traces

JOIN_COLOUR = "#999999"


def segment_runs(frame: pl.DataFrame, segments: pl.DataFrame) -> list[pl.DataFrame]:
    """`frame` (one line, shaped and compared) cut into runs of years given by one segment;
    `segments` holds each period's `rank` and `segment` (aggstats.query.span)."""
    frame = frame.drop("rank", "segment", "source_id", strict=False)
    joined = transforms.with_labels(frame).join(
        segments.select("period", "rank", "segment", "source_id"), on="period", how="left"
    )
    joined = joined.sort("period").with_columns(
        run=(pl.col("rank") != pl.col("rank").shift(1)).fill_null(True).cum_sum()
    )
    return [part for _, part in joined.group_by("run", maintain_order=True)]


def draw_segments(
    figure: dict, frame: pl.DataFrame, segments: pl.DataFrame, measure: dict, view
) -> dict:
    """`figure` (a trend_figure of the series) with its line replaced by one trace per segment."""
    runs = segment_runs(frame, segments)
    fmt, unit = value_format(view.compare), value_title(measure["unit"], view.compare)
    colours = {}
    traces = []
    for i, part in enumerate(runs):
        label = part["segment"][0]
        colours.setdefault(label, PALETTE[len(colours) % len(PALETTE)])
        years = _years(part)
        trace, *dotted = series_traces(
            part,
            f"{label} ({years})",
            colours[label],
            "x",
            fmt,
            unit,
            stacked=False,
            legend=True,
            panel="",
        )
        trace["customdata"] = [c and f"{c}<br>Source: {label}" for c in trace["customdata"]]
        trace["meta"] = {"segment": label, "source_id": part["source_id"][0]}
        if i:  # the join from the previous segment's last year, not a figure of its own
            before = runs[i - 1].tail(1)
            traces.append(_join(before, part.head(1)))
        traces += [trace, *dotted]
    figure["data"] = traces
    return figure


def _join(before: pl.DataFrame, after: pl.DataFrame) -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": [before["x"][0].isoformat(), after["x"][0].isoformat()],
        "y": [before["shown"][0], after["shown"][0]],
        "line": {"color": JOIN_COLOUR, "width": 1.5, "dash": "dot"},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "seam join",
    }


def _years(part: pl.DataFrame) -> str:
    first, last = part["label"][0], part["label"][-1]
    return first if first == last else f"{first}–{last}"


def mark_seams(figure: dict, seams: list[dict]) -> dict:
    """A dash-dot line at each seam (the first day of the year the new segment gives), labelled
    with both sides' counts at the years they have in common (or each side's nearest year, and
    a third publisher's count across the seam)."""
    layout = figure["layout"]
    shapes, notes = [], []
    first, last = layout["xaxis"].get("range") or [None, None]
    for n, seam in enumerate(seams):
        at = seam["period"].isoformat()
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "y domain",
                "x0": at,
                "x1": at,
                "y0": 0,
                "y1": 1,
                "line": {"color": MARKER_COLOUR, "width": 1.5, "dash": "dashdot"},
                "name": "seam",
            }
        )
        right = bool(first and last) and at > _middle(first, last)
        notes.append(
            {
                "xref": "x",
                "yref": "y domain",
                "x": at,
                "y": 0.98 - 0.3 * (n % 3),
                "xanchor": "right" if right else "left",
                "yanchor": "top",
                "align": "right" if right else "left",
                "text": "<br>".join(seam_lines(seam, short=True)),
                "showarrow": False,
                "font": {"size": 10, "color": MARKER_COLOUR},
                "bgcolor": "rgba(255,255,255,0.6)",
                "name": "seam",
            }
        )
    layout["shapes"] = layout.get("shapes", []) + shapes
    layout["annotations"] = layout.get("annotations", []) + notes
    layout["height"] = max(layout.get("height") or 0, 640)  # room for the seams' figures
    layout["margin"]["t"] += 16
    return figure


def _middle(first: str, last: str) -> str:
    a, b = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    return (a + (b - a) / 2).isoformat()


def seam_lines(seam: dict, *, short: bool = False, bridge: bool = True) -> list[str]:
    """`seam FY2000`, then both sides' counts at the years they overlap (else each side's year
    next to the seam, and any third publisher's count across it)."""
    key = "short" if short else "label"
    sides = {seam["from_rank"], seam["to_rank"]}
    figures = [f for f in seam["figures"] if f["rank"] in sides]
    years = seam["overlap_years"] or sorted({f["fiscal_year"] for f in figures})
    lines = [f"seam FY{seam['fiscal_year']}: {seam['from_' + key]} → {seam['to_' + key]}"]
    for year in years:
        shown = [f for f in figures if f["fiscal_year"] == year]
        lines += [
            f"FY{year} {f[key]}: {f['value']:,.0f}" + ("" if f["complete"] else " (partial)")
            for f in sorted(shown, key=lambda f: f["rank"] != seam["from_rank"])
        ]
    if bridge and not seam["overlap_years"]:
        lines += [f"across it, {b}" for b in bridges(seam, key)]
    return lines


def bridges(seam: dict, key: str = "label") -> list[str]:
    """Where the two sides share no year: the other segments that have both years around the
    seam (a third publisher's count across it), as `label FY2019 859,500 → FY2020 405,050`."""
    sides = {seam["from_rank"], seam["to_rank"]}
    by_rank: dict[int, list[dict]] = {}
    for f in seam["figures"]:
        if f["rank"] not in sides:
            by_rank.setdefault(f["rank"], []).append(f)
    return [
        f"{rows[0][key]} " + " → ".join(f"FY{f['fiscal_year']} {f['value']:,.0f}" for f in rows)
        for _, rows in sorted(by_rank.items())
        if len(rows) == 2
    ]


def others_text(seam: dict) -> str:
    """The other segments' counts at a seam's years (a third publisher bridging the seam)."""
    sides = {seam["from_rank"], seam["to_rank"]}
    rows = [f for f in seam["figures"] if f["rank"] not in sides]
    return "; ".join(
        f"{f['label']} FY{f['fiscal_year']} {f['value']:,.0f}"
        + ("" if f["complete"] else " (partial)")
        for f in sorted(rows, key=lambda f: (f["fiscal_year"], f["rank"]))
    )
