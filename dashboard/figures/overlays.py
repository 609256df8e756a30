"""Context on time charts: shaded policy periods, dated markers and official targets."""

from __future__ import annotations

import datetime as dt

from dashboard.figures.style import BAND_COLOUR, MARKER_COLOUR, TARGET_COLOUR


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


def target_lines(targets: list[dict], panel_axes: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Horizontal lines for stated per-day targets, labelled with their source.

    `panel_axes` maps a panel (a category of small multiples; "" for a single chart) to its x
    axis; a target that counts one category is drawn on that category's panel only.
    """
    shapes, notes = [], []
    for target in targets:
        panel = "" if target["dimension"] == "total" else target["category"]
        axis = panel_axes.get(panel)
        if axis is None:
            continue
        y = _y(axis)
        shapes.append(
            {
                "type": "line",
                "xref": f"{axis} domain",
                "yref": y,
                "x0": 0,
                "x1": 1,
                "y0": target["per_day"],
                "y1": target["per_day"],
                "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
                "name": target["id"],
            }
        )
        notes.append(
            {
                "xref": f"{axis} domain",
                "yref": y,
                "x": 1,
                "y": target["per_day"],
                "xanchor": "right",
                "yanchor": "bottom",
                "text": f"{target['label']} (since {target['since']:%-d %b %Y}) · "
                f"source: {target['source_short']}",
                "showarrow": False,
                "font": {"size": 11, "color": TARGET_COLOUR},
                "name": target["id"],
            }
        )
    return shapes, notes


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
