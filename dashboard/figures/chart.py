"""The Chart tab: lines over time (stacked areas or small multiples for a breakdown) and bars
for rankings. Input frames come from dashboard.transforms (with `series`, `shown`, `label`, `x`).
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from dashboard import context, transforms
from dashboard.figures import overlays, segments
from dashboard.figures.axes import columns, time_axes
from dashboard.figures.edges import edge_labels, stack_partials
from dashboard.figures.style import (
    anomaly_notes,
    base_layout,
    colour,
    counts_note,
    denominator_note,
    value_format,
    value_title,
    vintage_note,
)
from dashboard.figures.traces import HOVER_COLUMNS, TRACE_COLUMNS, series_traces, with_trace_text

MAX_PANELS = 12


def empty_figure(message: str) -> dict:
    layout = base_layout("", [])
    layout["annotations"] = [
        {"text": message, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
    ]
    layout["xaxis"] = layout["yaxis"] = {"visible": False}
    return {"data": [], "layout": layout}


def subtitle(
    measure: dict,
    frame: pl.DataFrame,
    compare: str,
    as_of: str = "",
    blocks: bool = False,
    anomalies: pl.DataFrame | None = None,
) -> list[str]:
    """What must be read with the chart: events vs people, partial periods (`blocks`: drawn
    as hatched blocks, in stacked areas of counts), and unusual figures it draws (`anomalies`)."""
    notes = (counts_note(measure), vintage_note(as_of), denominator_note(frame, compare))
    lines = [n for n in notes if n] + transforms.population_gaps(frame)
    lines += newest_note(frame, compare)
    lines += anomaly_notes(frame, anomalies)
    if "series" in frame.columns and not frame.is_empty():
        gaps = segments.gap_note(segments.series_gaps(frame), frame["grain"][0])
        lines += [gaps] if gaps else []
    what = "no change computed" if compare == "change" else "not comparable with full ones"
    to_date = transforms.partial_labels(frame, final=False)
    if to_date:
        marks = "Hatched blocks, open markers" if blocks else "Open markers"
        lines.append(f"{marks}: partial periods ({'; '.join(to_date)}), {what}.")
    final = transforms.partial_labels(frame, final=True)
    if final:
        lines.append(f"Final but partial, never reprinted by later releases: {'; '.join(final)}.")
    return lines


def newest_note(frame: pl.DataFrame, compare: str = "absolute") -> list[str]:
    """The data date of the chart's newest point, and the release it is from. A period to date
    runs to its release's date (the warehouse holds no data date a publisher states apart from
    it, such as ICE's "IIDS data as of"), and the chart says so where it divides by those days."""
    if frame.is_empty() or "as_of" not in frame.columns:
        return []
    newest = transforms.with_labels(frame.filter(pl.col("period") == pl.col("period").max()))
    row = newest.sort("as_of", descending=True).row(0, named=True)
    day = row.get("data_date")
    release = f" (release of {row['as_of']:%-d %b %Y})"
    data = f", data to {day:%-d %b %Y}" if day else ""
    if day and compare == "per_day":
        data = (
            f", per day over its {int(row['days'])} days to {day:%-d %b %Y}, its release's "
            "date (the warehouse holds no data date the publisher states)"
        )
        release = ""
    if not day and not row["complete"] and row.get("months"):
        end = row["period"] + dt.timedelta(days=int(row["days"]) - 1)
        data = f", data to {end:%b %Y}, {row['months']} of 12 months"
    return [f"Newest figure: {row['label']}{data}{release}."]


def trend_figure(
    frame: pl.DataFrame,
    measure: dict,
    *,
    view,
    entries: dict[str, list[dict]],
    title: str | None = None,
    span: tuple[dt.date, dt.date] | None = None,
    more_lines: tuple[str, ...] = (),
    anomalies: pl.DataFrame | None = None,
) -> dict:
    """Lines (or stacked areas) over time, with policy periods and targets where they apply;
    `span` widens the time axis and `more_lines` the subtitle (for a second measure);
    `anomalies` (query.anomalies) are noted where the chart draws them."""
    frame = transforms.with_labels(frame)
    multiples = bool(view.breakdown) and view.style == "multiples"
    stacked = (
        bool(view.breakdown)
        and view.style == "stack"
        and view.compare in ("absolute", "per_day", "share", "per_capita")
    )
    # counts of a period to date fall: in stacked areas such a period is drawn apart
    apart = stacked and view.compare in ("absolute", "per_capita")
    # the chart's columns as Python values, converted once: panels, lines and edges are cut
    # from them by row number (a polars filter per panel and series would be most of its time)
    rows = Rows(frame.sort("period"))
    panels = _panels(rows, multiples)
    axes = ["x" if i == 0 else f"x{i + 1}" for i in range(len(panels))]
    fmt = value_format(view.compare)
    title_unit = value_title(measure["unit"], view.compare)
    data: list[dict] = []
    key = "region" if multiples else "series"
    order = sorted(range(rows.height), key=rows.column("series").__getitem__)
    names = list(dict.fromkeys(rows.column(key)[i] for i in order))
    colours = {name: colour(i, name) for i, name in enumerate(names)}
    complete = rows.column("complete")
    edge_rows = []
    for axis, (panel, numbers) in zip(axes, panels, strict=True):
        # drawn apart: by stack_partials, never as a fall of the areas
        parts = rows.parts([i for i in numbers if complete[i]] if apart else numbers, key)
        for name in names:
            part = parts.get(name)
            if part is None:
                continue
            data.extend(
                series_traces(
                    part,
                    name,
                    colours[name],
                    axis,
                    fmt,
                    title_unit,
                    stacked=stacked,
                    legend=axis == "x",
                    panel=panel,
                )
            )
        partial = rows.dicts([i for i in numbers if not complete[i]])
        edge_rows.append((axis, panel, partial))
        if stacked:
            data += stack_partials(partial, names, colours, axis, fmt, title_unit, blocks=apart)
    span = span or (frame["period"].min(), _period_end(frame))
    # the axis spans the periods shown (each from its first day to its last, or to the data
    # date of a period to date), with room for the last marker, nothing more
    pad = dt.timedelta(days=max(1, (span[1] - span[0]).days // 80))
    drawn = (span[0], span[1] + pad)
    targets = entries.get("targets", []) if "targets" in view.context else []
    unfit = {t["id"]: context.target_fit(t, view) for t in targets}
    panel_axes = {panel: axis for axis, (panel, _) in zip(axes, panels, strict=True)}
    goals, outside = overlays.target_lines(
        [t for t in targets if not unfit[t["id"]]], panel_axes, drawn
    )
    lines = subtitle(measure, frame, view.compare, view.as_of, apart, anomalies)
    lines += list(more_lines)
    lines += [f"{t['label']} not drawn: {unfit[t['id']]}." for t in targets if unfit[t["id"]]]
    layout = base_layout(title or measure["name"], lines + outside)
    layout.update(time_axes(frame, axes, title_unit, view, panels if multiples else None))
    if stacked:
        layout["barmode"] = "overlay"  # each partial block sits on the one below (its base)
    shapes, notes = overlays.time_context(
        entries, span, axes, show_policy="policy" in view.context, labels=not multiples
    )
    for name, axis in layout.items():
        if name.startswith("xaxis"):
            axis["range"] = [d.isoformat() for d in drawn]
    layout["shapes"] = shapes + goals
    edges = edge_labels(edge_rows, stacked=stacked)
    layout["annotations"] = layout.get("annotations", []) + notes + edges
    if multiples:
        layout["margin"]["t"] += 24  # room for the first row's panel titles
        rows = math.ceil(len(panels) / columns(len(panels)))
        layout["height"] = 260 * rows + layout["margin"]["t"] + 100
    return {"data": data, "layout": layout}


def _period_end(frame: pl.DataFrame):
    last = frame["period"].max()
    days = frame.filter(pl.col("period") == last)["days"].max() or 1
    return last + dt.timedelta(days=int(days) - 1)


class Rows:
    """A chart's rows as columns of Python values (with each point's x and hover text made in
    polars), cut into panels and series by row number."""

    def __init__(self, frame: pl.DataFrame):
        frame = with_trace_text(frame)
        self.columns = frame.select(c for c in ROW_COLUMNS if c in frame.columns).to_dict(
            as_series=False
        )
        self.height = frame.height

    def column(self, name: str) -> list:
        return self.columns[name]

    def parts(self, numbers: list[int], key: str) -> dict[str, dict[str, list]]:
        """Each series' rows (in period order) as the columns a trace reads."""
        by: dict[str, list[int]] = {}
        keys = self.columns[key]
        for i in numbers:
            by.setdefault(keys[i], []).append(i)
        read = [self.columns[c] for c in TRACE_COLUMNS]
        return {
            name: {c: [v[i] for i in rows] for c, v in zip(TRACE_COLUMNS, read, strict=True)}
            for name, rows in by.items()
        }

    def dicts(self, numbers: list[int]) -> list[dict]:
        return [{c: v[i] for c, v in self.columns.items()} for i in numbers]


def _panels(rows: Rows, multiples: bool) -> list[tuple[str, list[int]]]:
    """One panel of all rows, or for small multiples one per category (largest first, the
    publisher's Other last; at most MAX_PANELS): each with its row numbers."""
    if not multiples:
        return [("", list(range(rows.height)))]
    by: dict[str, list[int]] = {}
    totals: dict[str, float] = {}
    values = rows.column("value")
    for i, category in enumerate(rows.column("category")):
        by.setdefault(category, []).append(i)
        totals[category] = totals.get(category, 0.0) + (values[i] or 0.0)
    order = sorted(totals, key=lambda c: (c.upper() == "OTHER", -totals[c], c))
    return [(c, by[c]) for c in order[:MAX_PANELS]]


# what the chart reads of each row: its lines, panels and partial edges
ROW_COLUMNS = ("series", "region", "category", "period", "grain", "value", "days", "x", "shown")
ROW_COLUMNS += (*HOVER_COLUMNS, "x_text", "hover")
