"""From a whole-level frame (aggstats.query.level_series) to what a view shows, in polars.

Selection (regions, period range), "top N + other" for breakdowns, and the comparisons:
absolute, per day, change vs previous period, index (first period = 100), share of the total.
Every function takes and returns a polars frame; none knows about Dash or Plotly.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

OTHER = "Other"
SERIES_KEYS = ("region", "category")


def period_label(period: dt.date, grain: str) -> str:
    if grain == "fiscal_year":
        return f"FY{period.year + 1}"  # a fiscal year starts on 1 October of the year before
    if grain == "calendar_year":
        return str(period.year)
    if grain == "decade":  # the fiscal years of a decade, as yearbooks print them (1901-10)
        return f"FY{period.year + 1}-{(period.year + 10) % 100:02d}"
    if grain == "half_month":
        return f"{period:%b %Y} ({'1-15' if period.day == 1 else '16-end'})"
    if grain == "fiscal_quarter":  # Q1 is October-December, in the fiscal year it starts
        fiscal_year = period.year + (period.month >= 10)
        return f"FY{fiscal_year} Q{(period.month - 10) % 12 // 3 + 1}"
    return period.strftime("%b %Y")


def midpoint(period: dt.date, grain: str) -> dt.date:
    """Where a period is drawn on a time axis: its middle, so bands and markers line up."""
    if grain == "month":
        return period + dt.timedelta(days=14)
    if grain == "half_month":
        return period + dt.timedelta(days=7)
    if grain == "fiscal_quarter":
        return period + dt.timedelta(days=45)
    if grain == "decade":
        return period + dt.timedelta(days=5 * 365)
    return period + dt.timedelta(days=182)


def select(frame: pl.DataFrame, regions, start: str = "", end: str = "") -> pl.DataFrame:
    """The chosen regions (all if none) within the period range (ISO first days, inclusive)."""
    if regions:
        frame = frame.filter(pl.col("region_code").is_in(list(regions)))
    if start:
        frame = frame.filter(pl.col("period") >= dt.date.fromisoformat(start))
    if end:
        frame = frame.filter(pl.col("period") <= dt.date.fromisoformat(end))
    return frame


def top_n(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """Keeps the n largest categories (over the whole selection) and sums the rest as Other.

    A publisher's own remainder (CBP's "OTHER") joins Other rather than taking a place.
    """
    ranked = (
        frame.filter(pl.col("category").str.to_uppercase() != OTHER.upper())
        .group_by("category")
        .agg(pl.col("value").sum())
        .sort(["value", "category"], descending=[True, False])["category"]
    )
    if ranked.len() <= n:
        return frame
    keep = set(ranked.head(n))
    return combine(
        frame.with_columns(
            category=pl.when(pl.col("category").is_in(keep))
            .then(pl.col("category"))
            .otherwise(pl.lit(OTHER))
        ),
        by=("region_code", "region", "category"),
    )


def combine(frame: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    """Sums values into the series `by` per period; a period is complete only if all parts are."""
    return (
        frame.group_by([*by, "period", "grain", "unit"], maintain_order=True)
        .agg(
            pl.col("value").sum(),
            pl.col("months").min(),
            pl.col("days").max(),
            pl.col("complete").all(),
            pl.col("as_of").max(),
            pl.col("file_ids").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        )
        .sort([*by, "period"])
    )


def shape(frame: pl.DataFrame, *, breakdown: bool, style: str) -> pl.DataFrame:
    """One row per series and period, with `series` naming each line or area.

    Totals: one series per region. A breakdown drawn as stacked areas: one series per category,
    summed over the chosen regions. As small multiples: one per category and region.
    """
    if not breakdown:
        out = combine(frame, ("region_code", "region"))
        return out.with_columns(series=pl.col("region"), category=pl.lit("total"))
    if style == "stack":
        out = combine(frame, ("category",))
        return out.with_columns(series=pl.col("category"), region=pl.lit("Selected regions"))
    out = combine(frame, ("region_code", "region", "category"))
    return out.with_columns(series=pl.col("region") + " · " + pl.col("category"))


def compare(frame: pl.DataFrame, how: str) -> pl.DataFrame:
    """Adds `shown`: the value as compared (see dashboard.state.COMPARE_LABELS)."""
    value = pl.col("value")
    if how == "absolute":
        shown = value
    elif how == "per_day":
        shown = value / pl.col("days")
    elif how == "change":
        previous = value.shift(1).over("series", order_by="period")
        prev_complete = pl.col("complete").shift(1).over("series", order_by="period")
        # a partial period is never set against a full one: no change is computed for it
        shown = (
            pl.when(pl.col("complete") & prev_complete & (previous != 0))
            .then((value / previous - 1) * 100)
            .otherwise(None)
        )
    elif how == "index":
        first = value.sort_by("period").first().over("series")
        shown = pl.when(first != 0).then(value / first * 100).otherwise(None)
    elif how == "share":
        total = value.sum().over(_share_scope(frame))
        shown = pl.when(total != 0).then(value / total * 100).otherwise(None)
    else:
        raise ValueError(f"unknown comparison {how!r}")
    return frame.with_columns(shown=shown.cast(pl.Float64))


def _share_scope(frame: pl.DataFrame) -> list[str]:
    """A share is of the total of its period; within a region for small multiples."""
    multiples = frame["series"].str.contains(" · ").any() if frame.height else False
    return ["period", "region"] if multiples else ["period"]


def rank(frame: pl.DataFrame, how: str) -> pl.DataFrame:
    """One row per series over the whole range, largest first (for bars and the map).

    absolute: the sum; per day: the sum over the days covered; share: of the sum of all series;
    change: last period against the first (%); index: last as a multiple of first x 100.
    """
    ordered = frame.sort("period")
    out = ordered.group_by("series", maintain_order=True).agg(
        pl.col("region_code").first() if "region_code" in frame.columns else pl.lit(None),
        total=pl.col("value").sum(),
        days=pl.col("days").sum(),
        first=pl.col("value").first(),
        last=pl.col("value").last(),
        complete=pl.col("complete").all(),
        periods=pl.len(),
    )
    shown = {
        "absolute": pl.col("total"),
        "per_day": pl.col("total") / pl.col("days"),
        "share": pl.col("total") / pl.col("total").sum() * 100,
        "change": pl.when(pl.col("first") != 0).then((pl.col("last") / pl.col("first") - 1) * 100),
        "index": pl.when(pl.col("first") != 0).then(pl.col("last") / pl.col("first") * 100),
    }[how]
    return out.with_columns(shown=shown.cast(pl.Float64)).sort(
        ["shown", "series"], descending=[True, False], nulls_last=True
    )


def with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds `label` (FY2024, 2024, Jan 2024) and `x` (the period's midpoint, for time axes)."""
    if frame.is_empty():
        return frame.with_columns(label=pl.lit(""), x=pl.col("period"))
    grain = frame["grain"][0]
    periods = frame.select("period").unique()
    periods = periods.with_columns(
        label=pl.col("period").map_elements(lambda p: period_label(p, grain), pl.String),
        x=pl.col("period").map_elements(lambda p: midpoint(p, grain), pl.Date),
    )
    return frame.join(periods, on="period", how="left")


def partial_labels(frame: pl.DataFrame) -> list[str]:
    partial = with_labels(frame.filter(~pl.col("complete")))
    return [label for _, label in sorted(set(partial.select("period", "label").iter_rows()))]
