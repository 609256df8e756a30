"""Bars for rankings: each region (or category) over the chosen range, largest on top."""

from __future__ import annotations

import polars as pl

from dashboard.figures.style import (
    base_layout,
    colour,
    partial_note,
    summary_notes,
    value_format,
    value_title,
)


def rank_figure(
    ranked: pl.DataFrame, measure: dict, *, view, period_text: str, partial: list[str] = ()
) -> dict:
    """Horizontal bars, largest on top: each region (or category) over the chosen range;
    `partial` names the periods to date in the range, with their data dates."""
    ranked = ranked.filter(pl.col("shown").is_not_null())
    unit = value_title(measure["unit"], view.compare)
    fmt = value_format(view.compare)
    names = ranked["series"].to_list()
    hatched = [not c for c in ranked["complete"]]
    lines = summary_notes(measure, view, ranked)
    if any(hatched):
        lines.append(partial_note("Hatched bars include", partial))
    layout = base_layout(f"{measure['name']}, {period_text}", lines)
    layout.update(
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        xaxis={"title": {"text": unit}, "tickformat": fmt, "automargin": True},
        height=max(200, 28 * len(names)) + layout["margin"]["t"] + 90,
        showlegend=False,
    )
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": ranked["shown"].to_list(),
            "y": names,
            "marker": {
                "color": [colour(i, n) for i, n in enumerate(names)],
                "pattern": {"shape": ["/" if p else "" for p in hatched]},
            },
            "hovertemplate": f"%{{y}}<br>%{{x:{fmt}}} {unit}<extra></extra>",
            "name": measure["name"],
        }
    ]
    return {"data": data, "layout": layout}
