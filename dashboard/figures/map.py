"""The Map tab: states as a choropleth; every other level (sectors, field offices, any unit a
source adds) as points sized by value, placed by the coordinates kept in the region mapping."""

from __future__ import annotations

import math

import polars as pl

from dashboard.figures.style import (
    PALETTE,
    base_layout,
    by_place,
    partial_note,
    summary_notes,
    value_format,
    value_title,
)

# Okabe-Ito based sequential scale (light to dark blue), readable in grey too.
SCALE = [[0, "#f0f4f8"], [0.5, "#56B4E9"], [1, "#0b3d66"]]
GEO = {
    "scope": "usa",
    "projection": {"type": "albers usa"},
    "showland": True,
    "landcolor": "#f7f7f7",
    "subunitcolor": "#bbbbbb",
    "showsubunits": True,
    "showlakes": False,
    "bgcolor": "rgba(0,0,0,0)",
}


def placed(ranked: pl.DataFrame, regions: pl.DataFrame, level: str) -> pl.DataFrame:
    """The regions of `ranked` that have figures, with `on_map`: whether the map can draw them
    (a state Plotly's map knows; elsewhere, coordinates in the 50 states and DC: the "albers
    usa" projection has no place for Puerto Rico, Guam or the other territories)."""
    data = ranked.join(
        regions.select("region_code", "lat", "lon", "states"), on="region_code", how="left"
    ).filter(pl.col("shown").is_not_null())
    if level == "state":
        return data.with_columns(on_map=pl.col("region_code").str.slice(6).is_in(_STATES))
    in_territory = pl.col("states").list.len().fill_null(0).gt(0) & ~pl.col("states").list.eval(
        pl.element().is_in(_STATES)
    ).list.any().fill_null(False)
    return data.with_columns(on_map=pl.col("lat").is_not_null() & ~in_territory)


def map_figure(
    ranked: pl.DataFrame,
    regions: pl.DataFrame,
    measure: dict,
    *,
    view,
    period_text: str,
    level_name: str,
    partial: list[str] = (),
) -> dict:
    """`ranked`: one row per region of the level (transforms.rank), `regions`: dim_region rows;
    `partial`: the periods to date in the range, with their data dates. Regions the map cannot
    draw are not named on it: the notes under it list them (dashboard.placement)."""
    unit = value_title(measure["unit"], view.compare)
    fmt = value_format(view.compare)
    data = placed(ranked, regions, view.level).filter(pl.col("on_map"))
    chosen = set(view.regions)
    lines = summary_notes(measure, view, ranked)
    if not ranked["complete"].all():
        lines.append(partial_note("The range includes", list(partial)))
    if view.level == "state":
        trace = _choropleth(data, chosen, unit, fmt)
    else:
        trace = _points(data, chosen, unit, fmt)
    layout = base_layout(f"{by_place(measure['name'], level_name)}, {period_text}", lines)
    layout.update(geo=GEO, height=440 + layout["margin"]["t"])
    layout["margin"].update(l=8, r=8, b=8)
    return {"data": [trace], "layout": layout}


def _choropleth(states: pl.DataFrame, chosen: set[str], unit: str, fmt: str) -> dict:
    return {
        "type": "choropleth",
        "locationmode": "USA-states",
        "locations": [code.split(":", 1)[1] for code in states["region_code"]],
        "z": states["shown"].to_list(),
        "text": states["series"].to_list(),
        "colorscale": SCALE,
        "colorbar": {"title": {"text": unit}, "tickformat": fmt, "thickness": 12},
        "marker": {
            "line": {
                "color": ["#000000" if c in chosen else "#ffffff" for c in states["region_code"]],
                "width": [2.5 if c in chosen else 0.5 for c in states["region_code"]],
            }
        },
        "hovertemplate": f"%{{text}}<br>%{{z:{fmt}}} {unit}<extra></extra>",
    }


def _points(data: pl.DataFrame, chosen: set[str], unit: str, fmt: str) -> dict:
    values = [max(v, 0.0) for v in data["shown"]]
    biggest = max(values, default=0) or 1
    # area proportional to value: size (a diameter) grows with the square root
    sizes = [8 + 42 * math.sqrt(v / biggest) for v in values]
    return {
        "type": "scattergeo",
        "lat": data["lat"].to_list(),
        "lon": data["lon"].to_list(),
        "text": data["series"].to_list(),
        "mode": "markers",
        "marker": {
            "size": sizes,
            "color": [PALETTE[0] if c in chosen else PALETTE[5] for c in data["region_code"]],
            "opacity": 0.8,
            "line": {"color": "#ffffff", "width": 1},
        },
        "customdata": data["shown"].to_list(),
        "hovertemplate": f"%{{text}}<br>%{{customdata:{fmt}}} {unit}<extra></extra>",
    }


# Codes Plotly's USA-states map draws (50 states and DC); territories are listed instead.
_STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip
