"""A second measure on a trend chart: its own dashed lines, its own axis when its unit differs,
and the seams where one publisher's series ends and the other's begins, marked and named."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import transforms
from dashboard.figures.style import MARKER_COLOUR, PALETTE, value_format, value_title
from dashboard.figures.traces import series_traces

SECOND_COLOUR_FROM = 5  # the second measure's colours follow the first's, from the palette's end
# comparisons in which two measures that count events share one axis (arrests and book-ins per
# day, or per 100,000 residents); change, index and share are unitless and always share it
EVENT_RATES = ("absolute", "per_day", "per_capita")


def add_second(
    figure: dict,
    first: pl.DataFrame,
    second: pl.DataFrame,
    label: str,
    measures: tuple[dict, dict],
    view,
) -> dict:
    """`figure` (a trend_figure of `first`, totals) with `second` drawn beside it.

    Both share the axis when their units agree, or when both count events and are drawn as
    counts or per day (arrests and book-ins per day); otherwise the second has its own axis.
    """
    second = transforms.with_labels(second)
    first = transforms.with_labels(first)
    units = [value_title(m["unit"], view.compare) for m in measures]
    events = all(m.get("counts") == "events" for m in measures)
    axis = "y"
    if view.compare == "index":
        base = _index_base(first, second)
        title = (
            f"index ({base} = 100 for both)" if base else "index (each line's first period = 100)"
        )
        units = [title, title]
        figure["layout"]["yaxis"]["title"]["text"] = title
    if units[0] != units[1]:
        if events and view.compare in EVENT_RATES:
            figure["layout"]["yaxis"]["title"]["text"] = value_title("events", view.compare)
        else:
            axis = "y2"
    title_unit = units[1]
    fmt = value_format(view.compare)
    several = second["series"].n_unique() > 1
    firsts = list(figure["data"])  # the first measure's traces, named below
    for i, name in enumerate(sorted(second["series"].unique())):
        part = second.filter(pl.col("series") == name).sort("period")
        line, *dotted = series_traces(
            part,
            f"{label} · {name}" if several else label,
            PALETTE[(SECOND_COLOUR_FROM + i) % len(PALETTE)],
            "x",
            fmt,
            title_unit,
            stacked=False,
            legend=True,
            panel="",
        )
        line["line"]["dash"] = "dash"
        for trace in (line, *dotted):
            trace["yaxis"] = axis
            figure["data"].append(trace)
    layout = figure["layout"]
    if axis == "y2":
        layout["yaxis2"] = {
            "title": {"text": title_unit},
            "tickformat": fmt,
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "automargin": True,
            "rangemode": "tozero" if view.compare in ("absolute", "per_day") else "normal",
        }
    if "tickvals" in layout["xaxis"]:
        both = pl.concat([f.select("x", "label") for f in (first, second)])
        ticks = both.unique().sort("x")
        step = max(1, ticks.height // 12)
        layout["xaxis"]["tickvals"] = [d.isoformat() for d in ticks["x"]][::step]
        layout["xaxis"]["ticktext"] = ticks["label"].to_list()[::step]
    first_name = measures[0]["name"]
    regions = {trace["name"] for trace in firsts}
    for trace in firsts:
        trace["name"] = f"{first_name} · {trace['name']}" if len(regions) > 1 else first_name
        trace["legendgroup"] = trace["name"]
    shapes, notes = seams(first, first_name, second, label)
    layout["shapes"] = layout.get("shapes", []) + shapes
    layout["annotations"] = layout.get("annotations", []) + notes
    return figure


def common_base(first: pl.DataFrame, second: pl.DataFrame) -> tuple:
    """Indexes of two measures on one base: both = 100 at the first period both have (each
    compared frame's `shown` is its value over its own first period's, so rebasing is a ratio).
    Returns both frames and that period's label ('' when they share none: each keeps its own)."""
    common = set(first["period"]) & set(second["period"])
    if not common:
        return first, second, ""
    base = min(common)

    def rebase(frame: pl.DataFrame) -> pl.DataFrame:
        at = pl.col("shown").filter(pl.col("period") == base).first().over("series")
        return frame.with_columns(
            shown=pl.when(at != 0).then(pl.col("shown") / at * 100).otherwise(None)
        )

    label = transforms.with_labels(first.filter(pl.col("period") == base))["label"][0]
    return rebase(first), rebase(second), label


def subtitle(second: pl.DataFrame, label: str) -> str:
    """The chart's line on the second measure: dashed, and its partial periods."""
    partial = transforms.partial_labels(second)
    return f"Dashed: {label}" + (f" (partial: {'; '.join(partial)})." if partial else ".")


def span(first: pl.DataFrame, second: pl.DataFrame) -> tuple[dt.date, dt.date]:
    """The time axis that holds both measures' periods, each from its first to its last day."""
    return min(first["period"].min(), second["period"].min()), max(_end(first), _end(second))


def seams(first: pl.DataFrame, first_name: str, second: pl.DataFrame, second_name: str):
    """A dotted line and a label where one series ends before the other, or starts after it."""
    shapes, notes = [], []
    a_start, b_start = first["period"].min(), second["period"].min()
    a_end, b_end = _end(first), _end(second)
    marks = []
    if a_end < b_end:
        marks.append((a_end, f"{first_name} ends {_last_label(first)}", "right"))
    elif b_end < a_end:
        marks.append((b_end, f"{second_name} ends {_last_label(second)}", "right"))
    if b_start > a_start:
        marks.append((b_start, f"{second_name} starts {_first_label(second)}", "left"))
    elif a_start > b_start:
        marks.append((a_start, f"{first_name} starts {_first_label(first)}", "left"))
    for n, (at, text, anchor) in enumerate(marks):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "y domain",
                "x0": at.isoformat(),
                "x1": at.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": MARKER_COLOUR, "width": 1.5, "dash": "dashdot"},
                "name": "seam",
            }
        )
        notes.append(
            {
                "xref": "x",
                "yref": "y domain",
                "x": at.isoformat(),
                "y": 0.04 + 0.08 * n,
                "xanchor": anchor,
                "yanchor": "bottom",
                "text": f"seam: {text}",
                "showarrow": False,
                "font": {"size": 10, "color": MARKER_COLOUR},
                "bgcolor": "rgba(255,255,255,0.8)",
                "name": "seam",
            }
        )
    return shapes, notes


def _index_base(first: pl.DataFrame, second: pl.DataFrame) -> str:
    """The label of the period both indexes equal 100 at (common_base), or '' if none."""
    common = set(first["period"]) & set(second["period"])
    return first.filter(pl.col("period") == min(common))["label"][0] if common else ""


def _end(frame: pl.DataFrame) -> dt.date:
    last = frame["period"].max()
    days = frame.filter(pl.col("period") == last)["days"].max() or 1
    return last + dt.timedelta(days=int(days) - 1)


def _last_label(frame: pl.DataFrame) -> str:
    return frame.sort("period")["label"][-1]


def _first_label(frame: pl.DataFrame) -> str:
    return frame.sort("period")["label"][0]
