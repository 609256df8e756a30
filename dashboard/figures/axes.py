"""Time axes: one, or a grid of small multiples, labelled as agencies label periods."""

from __future__ import annotations

import math

from dashboard.figures.style import value_format


def columns(n: int) -> int:
    return 1 if n == 1 else 2 if n <= 4 else 3


def time_axes(frame, axes, unit, view, panels) -> dict:
    """Time axes labelled as agencies label periods (FY2024), ticks at each period's middle."""
    periods = frame.select("x", "label").unique().sort("x")
    yearly = frame["grain"][0] != "month"
    x = {"type": "date", "showgrid": False, "automargin": True}
    if yearly:
        step = max(1, len(periods) // 12)
        x["tickvals"] = [d.isoformat() for d in periods["x"]][::step]
        x["ticktext"] = periods["label"].to_list()[::step]
    y = {"title": {"text": unit}, "tickformat": value_format(view.compare), "automargin": True}
    if view.compare in ("absolute", "per_day", "share"):
        y["rangemode"] = "tozero"
    if not panels:
        return {"xaxis": x, "yaxis": y}
    out, n = {}, len(panels)
    cols = columns(n)
    rows = math.ceil(n / cols)
    gap_x, gap_y = 0.06, 0.12
    w, h = (1 - gap_x * (cols - 1)) / cols, (1 - gap_y * (rows - 1)) / rows
    for i, (axis, (name, _)) in enumerate(zip(axes, panels, strict=True)):
        r, c = divmod(i, cols)
        suffix = axis[1:]
        x0, y1 = c * (w + gap_x), 1 - r * (h + gap_y)
        out[f"xaxis{suffix}"] = {
            **x,
            "domain": [x0, x0 + w],
            "anchor": f"y{suffix}",
            "matches": "x" if suffix else None,
        }
        out[f"yaxis{suffix}"] = {
            **y,
            "domain": [y1 - h, y1],
            "anchor": f"x{suffix}",
            "title": {"text": unit if c == 0 else ""},
        }
        out.setdefault("annotations", []).append(
            {
                "text": f"<b>{name}</b>",
                "showarrow": False,
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 12},
            }
        )
    return out
