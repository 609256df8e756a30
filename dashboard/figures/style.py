"""Colours, axis titles and the notes every figure carries."""

from __future__ import annotations

import textwrap

import polars as pl

from dashboard import transforms

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
OTHER_COLOUR = "#999999"
BAND_COLOUR = "rgba(120, 120, 120, 0.14)"
MARKER_COLOUR = "#555555"
TARGET_COLOUR = "#B2182B"
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}

# What one unit of a measure is, said on the chart (dim_measure.counts).
COUNTS_NOTES = {
    "events": "{unit} are events, not unique people: one person counted twice counts twice.",
    "people": "These figures count people, each once, not events.",
    "cases": "{unit} count cases, not people.",
}


def colour(i: int, name: str) -> str:
    return OTHER_COLOUR if name.upper() == "OTHER" else PALETTE[i % len(PALETTE)]


def by_place(name: str, level: str) -> str:
    """A measure's name with the geography it is drawn by, unless its name says one already
    ("average daily population by facility", not "... by facility by detention facility")."""
    return name if " by " in name else f"{name} by {level.lower()}"


def value_title(unit: str, compare: str) -> str:
    return {
        "absolute": unit,
        "per_day": f"{unit} per day",
        "change": "% change vs previous period",
        "index": "index (first period = 100)",
        "share": "% of selected total",
        "per_capita": f"{unit} per 100,000 residents",
    }[compare]


def value_format(compare: str) -> str:
    """A d3 format for hover and ticks."""
    return {"absolute": ",.0f"}.get(compare, ",.1~f")  # 2,500 and 2.5, not 2,500.0


def denominator_note(frame: pl.DataFrame, compare: str) -> str | None:
    """Which population a per-resident rate divides by (named on the chart and in downloads)."""
    if compare != "per_capita" or "population_release" not in frame.columns:
        return None
    releases = sorted(set(frame["population_release"].drop_nulls()))
    named = "; ".join(releases) or "no estimate for these periods"
    return f"Per 100,000 residents: {named}, July 1 of the matching year."


def partial_note(start: str, partial: list[str]) -> str:
    """ "Hatched bars include a partial period (FY2026, to 31 Jan 2026): not comparable with
    full periods." """
    named = f" ({'; '.join(partial)})" if partial else ""
    many = "partial periods" if len(partial) > 1 else "a partial period"
    return f"{start} {many}{named}: not comparable with full periods."


def vintage_note(as_of: str) -> str | None:
    """Which release a view shows, when it is not the newest."""
    return f"Figures as published by {as_of}: later revisions not shown." if as_of else None


def anomaly_notes(frame: pl.DataFrame, anomalies: pl.DataFrame | None) -> list[str]:
    """A note for each implausible figure the chart draws (dim_anomaly), naming its release and
    the neighbouring figures: a break reads as a question about a release, not as a collapse."""
    if anomalies is None or anomalies.is_empty() or frame.is_empty():
        return []
    keys = [c for c in ("region_code", "period", "as_of") if c in frame.columns]
    shown = anomalies.join(frame.select(keys).unique(), on=keys, how="semi")
    return [_anomaly_note(row) for row in shown.iter_rows(named=True)]


def _anomaly_note(row: dict) -> str:
    if row["kind"] == "release_break":
        beside = f"releases of {row['prev_as_of']:%-d %b %Y} and {row['next_as_of']:%-d %b %Y}"
    else:
        beside = f"periods either side ({row['prev_period']:%b %Y}, {row['next_period']:%b %Y})"
    return (
        f"Unusual figure, check it: {row['value']:,.0f} ({row['region']}, "
        f"{row['period']:%b %Y}) in the release of {row['as_of']:%-d %b %Y}, against "
        f"{row['prev_value']:,.0f} and {row['next_value']:,.0f} in the {beside}."
    )


def range_note(measure: dict) -> str | None:
    """A stock or a ratio over a range is its last period, never a sum of periods."""
    if measure["kind"] == "flow":
        return None
    return f"A {measure['kind']} is not summed over periods: each region shows the last period."


def summary_notes(measure: dict, view, ranked: pl.DataFrame) -> list[str]:
    """What a ranking or a map over a range must say: events or people, which release, how a
    stock's range is read, and the denominator of a per-resident rate."""
    notes = (
        counts_note(measure),
        vintage_note(view.as_of),
        range_note(measure),
        denominator_note(ranked, view.compare),
    )
    gaps = transforms.population_gaps(ranked) if view.compare == "per_capita" else []
    return [n for n in notes if n] + gaps


def counts_note(measure: dict) -> str | None:
    note = COUNTS_NOTES.get(measure.get("counts") or "")
    return note.format(unit=measure["unit"].capitalize()) if note else None


# Plotly spaces the lines of a title by 1.3 em of the title's font: the title's own font is the
# notes' size, so each note line takes NOTE_LINE pixels, and the heading is set larger in a span.
NOTE_SIZE, HEADING_SIZE = 12, 16
NOTE_LINE = 1.3 * NOTE_SIZE
TITLE_PAD, TITLE_GAP = 16, 14  # above the heading; between the last note and the plot
PLOT_HEIGHT = 380  # below the notes: the plot area, the time axis and the legend


# SVG titles do not wrap: lines short enough for a phone (390 px) and for exported images
HEADING_WIDTH, NOTE_WIDTH = 44, 56


def top_margin(lines: int, headings: int = 1) -> int:
    """The top margin that holds `headings` heading lines and `lines` note lines above the plot
    area (and above its axis labels, which sit inside the margin only when they stick out)."""
    return round(TITLE_PAD + 1.3 * HEADING_SIZE * headings + NOTE_LINE * lines + TITLE_GAP)


def base_layout(title: str, subtitle: list[str]) -> dict:
    headings = textwrap.wrap(title, HEADING_WIDTH) or [""]
    subtitle = [line for text in subtitle for line in textwrap.wrap(text, NOTE_WIDTH)]
    notes = "<br><span style='color:#555'>" + "<br>".join(subtitle) + "</span>" if subtitle else ""
    heading = "<br>".join(f"<span style='font-size:{HEADING_SIZE}px'>{h}</span>" for h in headings)
    top = top_margin(len(subtitle), len(headings))
    return {
        "title": {
            "text": heading + notes,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": TITLE_PAD, "l": 12},
            "font": {"size": NOTE_SIZE},
        },
        "template": "plotly_white",
        "font": FONT,
        "colorway": PALETTE,
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "margin": {"l": 64, "r": 16, "t": top, "b": 64},
        "height": PLOT_HEIGHT + top,  # notes never squeeze the plot
        "hovermode": "closest",
        "hoverlabel": {"namelength": -1},
    }
