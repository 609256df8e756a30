"""The Map tab's figure and notes: how many regions with figures are drawn, the rest listed in
a collapsed list under the map (never printed over it); a level with no coordinates at all
is offered as a ranking instead of an empty map."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from dash import html

from dashboard import summary
from dashboard.figures import map as map_figures
from dashboard.figures.rank import rank_figure

MAP_NOTE = (
    "The map shows every region of the level over the chosen periods; those you chose are "
    "outlined. Use the Table tab for exact figures."
)


def map_view(ranked, regions, measure, *, view, period_text: str, level_name: str, partial=()):
    """(figure, notes, text alternative) for the Map tab."""
    data = map_figures.placed(ranked, regions, view.level)
    drawn = data.filter(pl.col("on_map"))
    if drawn.is_empty():
        ranking = replace(view, chart="rank")
        figure = rank_figure(
            ranked, measure, view=ranking, period_text=period_text, partial=partial
        )
        why = (
            f"{level_name or 'This level'} has no place on the map (no coordinates in the region "
            "mapping), so the Map tab ranks its regions instead."
        )
        alt = summary.chart_summary(ranked, measure, ranking, period_text)
        return figure, [html.P(why, className="placement")], alt
    notes = [
        html.P(
            f"On the map: {drawn.height:,} of {data.height:,} {plural(level_name)} with figures "
            "for these periods.",
            className="placement",
        )
    ]
    left_out = data.filter(~pl.col("on_map")).sort("series")["series"].to_list()
    if left_out:
        notes.append(
            html.Details(
                className="unplaced",
                children=[
                    html.Summary(
                        f"{len(left_out):,} not on the map (no known place, or in a territory "
                        "the map does not draw): list them"
                    ),
                    html.Ul([html.Li(name) for name in left_out]),
                ],
            )
        )
    figure = map_figures.map_figure(
        ranked,
        regions,
        measure,
        view=view,
        period_text=period_text,
        level_name=level_name,
        partial=partial,
    )
    alt = summary.map_summary(data, measure, view, period_text, plural(level_name))
    return figure, [*notes, html.P(MAP_NOTE)], alt


def plural(level_name: str) -> str:
    name = (level_name or "region").lower()
    if name.endswith("y"):
        return name[:-1] + "ies"
    return name if name.endswith("s") else name + "s"
