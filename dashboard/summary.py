"""What a chart or a map says, in one sentence: the text alternative a screen reader reads
for the figure (its container's aria-label). The Table tab has every figure."""

from __future__ import annotations

import polars as pl

from dashboard import transforms
from dashboard.figures.style import by_place, value_title

SHOWN = 4  # series named in full; more are counted


def number(value: float | None, compare: str) -> str:
    if value is None:
        return "no figure"
    return f"{value:,.0f}" if compare == "absolute" else f"{value:,.1f}"


def chart_summary(frame: pl.DataFrame, measure: dict, view, period_text: str) -> str:
    """ "Chart of <measure> (<unit>), <regions>, <first> – <last>. Latest, <period>: <series>
    <value>; …" — the latest value of each series drawn (a few, then how many more)."""
    unit = value_title(measure["unit"], view.compare)
    if "period" not in frame.columns:  # a ranking: one row per series over the range
        return ranking_summary(frame, f"Ranking of {measure['name']} ({unit}), {period_text}", view)
    series = frame["series"].unique(maintain_order=True).to_list()
    head = f"Chart of {measure['name']} ({unit}), {named(series)}, {period_text}."
    if frame.is_empty():
        return head
    latest = transforms.with_labels(
        frame.filter(pl.col("shown").is_not_null())
        .sort("period")
        .group_by("series", maintain_order=True)
        .last()
    )
    if latest.is_empty():
        return head
    parts = [
        f"{row['series']}, {row['label']}{'' if row['complete'] else ' (partial)'}: "
        f"{number(row['shown'], view.compare)}"
        for row in latest.head(SHOWN).iter_rows(named=True)
    ]
    more = f"; and {latest.height - SHOWN} more" if latest.height > SHOWN else ""
    return f"{head} Latest value: {'; '.join(parts)}{more}."


def ranking_summary(ranked: pl.DataFrame, head: str, view) -> str:
    shown = ranked.filter(pl.col("shown").is_not_null()).sort("shown", descending=True)
    top = [
        f"{row['series']} {number(row['shown'], view.compare)}"
        for row in shown.head(3).iter_rows(named=True)
    ]
    more = f"; {shown.height - 3:,} more" if shown.height > 3 else ""
    bars = f"{shown.height:,} bar{'' if shown.height == 1 else 's'}"
    return f"{head}: {bars}. Largest: {'; '.join(top)}{more}."


def map_summary(data: pl.DataFrame, measure: dict, view, period_text: str, level: str) -> str:
    """The map's regions drawn, of those with figures, and the largest."""
    unit = value_title(measure["unit"], view.compare)
    drawn = data.filter(pl.col("on_map")).sort("shown", descending=True, nulls_last=True)
    head = (
        f"Map of {by_place(measure['name'], level)} ({unit}), {period_text}: "
        f"{drawn.height:,} of {data.height:,} drawn."
    )
    if drawn.is_empty():
        return head
    top = [
        f"{row['series']} {number(row['shown'], view.compare)}"
        for row in drawn.head(3).iter_rows(named=True)
    ]
    return f"{head} Largest: {'; '.join(top)}."


def named(series: list[str]) -> str:
    if len(series) <= SHOWN:
        return ", ".join(series)
    return f"{', '.join(series[:SHOWN])} and {len(series) - SHOWN} more"
