"""Context on time charts: shaded policy periods, dated markers and official targets."""

from __future__ import annotations

import datetime as dt
import textwrap

from dashboard.figures.style import BAND_COLOUR, MARKER_COLOUR, TARGET_COLOUR

LEGEND_WIDTH = 40  # characters of a legend line: about 280 px at the legend's 13 px


def time_context(
    entries: dict[str, list[dict]],
    span: tuple[dt.date, dt.date],
    axes: list[str],
    *,
    show_policy: bool,
    labels: bool = True,
) -> tuple[list[dict], list[dict]]:
    """Shapes and annotations for the bands and markers that fall within `span`.

    `axes` are the x axes to draw on ("x", "x2", ...); labels go on the first only, if asked
    (small panels have no room for them: the notes under the chart name them).
    """
    shapes: list[dict] = []
    notes: list[dict] = []
    if not show_policy:
        return shapes, notes
    first, last = span
    for band in entries.get("bands", []):
        start, end = max(band["start"], first), min(band["end"], last)
        if start > end:
            continue
        for i, axis in enumerate(axes):
            shapes.append(
                {
                    "type": "rect",
                    "xref": axis,
                    "yref": f"{_y(axis)} domain",
                    "x0": start.isoformat(),
                    "x1": end.isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": BAND_COLOUR,
                    "line": {"width": 0},
                    "layer": "below",
                    "name": band["id"],
                }
            )
            if i == 0 and labels:
                notes.append(_label(axis, start, band["label"], _side(start, span)))
    shown = [m for m in entries.get("markers", []) if first <= m["date"] <= last]
    for n, marker in enumerate(shown):
        for i, axis in enumerate(axes):
            shapes.append(
                {
                    "type": "line",
                    "xref": axis,
                    "yref": f"{_y(axis)} domain",
                    "x0": marker["date"].isoformat(),
                    "x1": marker["date"].isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": MARKER_COLOUR, "width": 1, "dash": "dot"},
                    "name": marker["id"],
                }
            )
            if i == 0 and labels:
                # staggered, so that labels of close dates do not overlap
                side, y = _side(marker["date"], span), 0.92 - 0.07 * (n % 3)
                notes.append(_label(axis, marker["date"], marker["label"], side, y=y))
    return shapes, notes


def target_lines(
    targets: list[dict], panel_axes: dict[str, str], span: tuple[dt.date, dt.date]
) -> tuple[list[dict], list[str]]:
    """Horizontal lines for stated per-day targets, drawn only over the days the target applies
    (from its `since`, to its `until` if it ended) within `span` (the time axis), and named in
    the legend with their source: a line across the whole axis would read as a target of every
    year shown, and a label on the plot would sit on the policy labels along its top.

    `panel_axes` maps a panel (a category of small multiples; "" for a single chart) to its x
    axis; a target that counts one category is drawn on that category's panel only. Returns
    the shapes, and for each target that applies to none of the span, why it is not drawn.
    """
    shapes, outside = [], []
    first, last = span
    for target in targets:
        panel = "" if target["dimension"] == "total" else target["category"]
        axis = panel_axes.get(panel)
        if axis is None:
            continue
        start = max(target["since"], first)
        end = min(target.get("until") or last, last)
        if start >= end:
            outside.append(
                f"{target['label']} not drawn: it applies {_applies(target)}, "
                "outside the periods shown."
            )
            continue
        shapes.append(
            {
                "type": "line",
                "xref": axis,
                "yref": _y(axis),
                "x0": start.isoformat(),
                "x1": end.isoformat(),
                "y0": target["per_day"],
                "y1": target["per_day"],
                "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
                "name": target_name(target),
                "legendgroup": target["id"],
                "showlegend": True,
            }
        )
    return shapes, outside


def target_name(target: dict) -> str:
    """A target as the legend names it: what, since when, from whom (in short lines: the legend
    does not wrap, and a phone is 390 px wide)."""
    text = f"{target['label']}, {_applies(target)}; source: {target['source_short']}"
    return "<br>".join(textwrap.wrap(text, LEGEND_WIDTH))


def _applies(target: dict) -> str:
    since = f"from {target['since']:%-d %b %Y}"
    until = target.get("until")
    return f"{since} to {until:%-d %b %Y}" if until else since


def _side(at: dt.date, span: tuple[dt.date, dt.date]) -> str:
    """Which way a label runs from its date: rightwards in the span's first half, leftwards
    (ending at the date) in its second, so that no label runs off the chart's right edge."""
    first, last = span
    return "right" if (at - first) * 2 > (last - first) else "left"


def _y(axis: str) -> str:
    return "y" + axis[1:]


def _label(axis: str, at: dt.date, text: str, anchor: str, y: float = 1.0) -> dict:
    return {
        "xref": axis,
        "yref": f"{_y(axis)} domain",
        "x": at.isoformat(),
        "y": y,
        "xanchor": anchor,
        "yanchor": "top",
        "text": text,
        "showarrow": False,
        "font": {"size": 10, "color": MARKER_COLOUR},
        "bgcolor": "rgba(255,255,255,0.7)",
    }
