"""From a whole-level frame (aggstats.query.level_series) to what a view shows, in polars.

Selection (regions, period range), "top N + other" for breakdowns, and the comparisons:
absolute, per day, change vs previous period, index (first period = 100), share of the total,
per 100,000 residents. How periods combine follows the measure's kind (flow, stock, ratio).
Every function takes and returns a polars frame; none knows about Dash or Plotly.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from aggstats.calendar import period_end, period_label
from dashboard.denominator import population_gaps, with_population

OTHER = "Other"
PER_CAPITA = 100_000
SERIES_KEYS = ("region", "category")
# the calendar's and the denominator's, used here and by the views
__all__ = ["period_end", "period_label", "population_gaps", "with_population"]


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
    kept = []
    if regions:
        kept.append(pl.col("region_code").is_in(list(regions)))
    if start:
        kept.append(pl.col("period") >= dt.date.fromisoformat(start))
    if end:
        kept.append(pl.col("period") <= dt.date.fromisoformat(end))
    return frame.filter(*kept) if kept else frame


def top_categories(frame: pl.DataFrame, n: int, kind: str = "flow") -> pl.DataFrame:
    """The n largest categories (over the whole selection) kept, the rest named Other: rows
    still to be summed (`shape` sums each series' rows of a period).

    A publisher's own remainder (CBP's "OTHER") joins Other rather than taking a place. Rates
    and averages of the other categories cannot be summed: for a ratio they are left out, and
    the n kept are those highest in the last period shown.
    """
    named = frame.filter(pl.col("category").str.to_uppercase() != OTHER.upper())
    if kind == "ratio":
        named = named.filter(pl.col("period") == pl.col("period").max())
    ranked = (
        named.group_by("category")
        .agg(pl.col("value").sum())
        .sort(["value", "category"], descending=[True, False])["category"]
    )
    if ranked.len() <= n:
        return frame
    keep = set(ranked.head(n))
    if kind == "ratio":
        return frame.filter(pl.col("category").is_in(keep))
    return frame.with_columns(
        category=pl.when(pl.col("category").is_in(keep))
        .then(pl.col("category"))
        .otherwise(pl.lit(OTHER))
    )


COMBINED = ("value", "months", "days", "complete", "data_date", "final", "as_of", "file_ids")


def combine(frame: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    """Sums values into the series `by` per period; a period is complete only if all parts are."""
    return (
        frame.group_by([*by, "period", "grain", "unit"], maintain_order=True)
        .agg(
            pl.col("value").sum(),
            pl.col("months").min(),
            pl.col("days").max(),
            pl.col("complete").all(),
            pl.col("data_date").max(),
            pl.col("final").all(),
            pl.col("as_of").max(),
            pl.col("file_ids").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        )
        .sort([*by, "period"])
    )


def as_combined(frame: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    """`combine` of a frame that has one row per series `by` and period already (a level's
    totals): its columns, in its order, with nothing to sum."""
    return frame.select(*by, "period", "grain", "unit", *COMBINED).sort([*by, "period"])


def shape(frame: pl.DataFrame, *, breakdown: bool, style: str) -> pl.DataFrame:
    """One row per series and period, with `series` naming each line or area.

    Totals: one series per region. A breakdown drawn as stacked areas: one series per category,
    summed over the chosen regions. As small multiples: one per category and region.
    """
    if not breakdown:  # a level's totals: one row per region and period
        out = as_combined(frame, ("region_code", "region"))
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
    elif how == "per_capita":
        shown = value / pl.col("population") * PER_CAPITA
    else:
        raise ValueError(f"unknown comparison {how!r}")
    return frame.with_columns(shown=shown.cast(pl.Float64))


def _share_scope(frame: pl.DataFrame) -> list[str]:
    """A share is of the total of its period; within a region for small multiples."""
    multiples = frame["series"].str.contains(" · ").any() if frame.height else False
    return ["period", "region"] if multiples else ["period"]


def rank(frame: pl.DataFrame, how: str, kind: str = "flow") -> pl.DataFrame:
    """One row per series over the whole range, largest first (for bars and the map).

    A flow's range is its sum: absolute is the sum, per day the sum over the days covered, per
    resident the sum over the average population. A stock or a ratio is never summed over
    periods: its range is its last period. Share: of all series; change: last complete period
    against the first (%); index: last as a multiple of first x 100 (complete periods only).
    """
    ordered = frame.sort("period")
    has_population = "population" in frame.columns
    out = ordered.group_by("series", maintain_order=True).agg(
        pl.col("region_code").first() if "region_code" in frame.columns else pl.lit(None),
        total=pl.col("value").sum() if kind == "flow" else pl.col("value").last(),
        days=pl.col("days").sum(),
        # a change or an index sets whole periods against each other, never a period to date
        first=pl.col("value").filter(pl.col("complete")).first(),
        last=pl.col("value").filter(pl.col("complete")).last(),
        complete=pl.col("complete").all() if kind == "flow" else pl.col("complete").last(),
        periods=pl.len(),
        population=(
            (pl.col("population").mean() if kind == "flow" else pl.col("population").last())
            if has_population
            else pl.lit(None, pl.Float64)
        ),
        population_release=(
            pl.col("population_release").drop_nulls().first()
            if has_population
            else pl.lit(None, pl.String)
        ),
        population_gaps=pl.lit("\n".join(population_gaps(frame)), pl.String),
    )
    shown = {
        "absolute": pl.col("total"),
        "per_day": pl.col("total") / pl.col("days"),
        "share": pl.col("total") / pl.col("total").sum() * 100,
        "change": pl.when(pl.col("first") != 0).then((pl.col("last") / pl.col("first") - 1) * 100),
        "index": pl.when(pl.col("first") != 0).then(pl.col("last") / pl.col("first") * 100),
        "per_capita": pl.col("total") / pl.col("population") * PER_CAPITA,
    }[how]
    return out.with_columns(shown=shown.cast(pl.Float64)).sort(
        ["shown", "series"], descending=[True, False], nulls_last=True
    )


def with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds `label` (FY2024, 2024, Jan 2024) and `x` (where the period is drawn on time axes: its
    middle, or for a period to date the middle of the days its figures cover, so that the point
    sits inside an axis that ends at the data date). A frame labelled already is returned as it
    is: a view labels its frame once, and what it draws from it are subsets of those rows."""
    if "label" in frame.columns and "x" in frame.columns:
        return frame
    if frame.is_empty():
        return frame.with_columns(label=pl.lit(""), x=pl.col("period"))
    grain = frame["grain"][0]
    partial = "complete" in frame.columns and "days" in frame.columns
    periods = frame.group_by("period").agg(
        covered=pl.col("days").filter(~pl.col("complete")).max() if partial else pl.lit(None)
    )
    # a few dozen distinct periods: labelled in Python, without polars' per-row UDF machinery
    dates, covered = periods["period"].to_list(), periods["covered"].to_list()
    labels = pl.DataFrame(
        {
            "period": dates,
            "label": [period_label(p, grain) for p in dates],
            "x": [_drawn_at(p, grain, c) for p, c in zip(dates, covered, strict=True)],
        },
        schema={"period": frame.schema["period"], "label": pl.String, "x": pl.Date},
    )
    return frame.join(labels, on="period", how="left")


def _drawn_at(period: dt.date, grain: str, covered: int | None) -> dt.date:
    middle = midpoint(period, grain)
    if not covered:
        return middle
    return min(middle, period + dt.timedelta(days=(int(covered) - 1) // 2))


def partial_labels(frame: pl.DataFrame, *, final: bool | None = None) -> list[str]:
    """The partial periods shown, labelled with their data date where they have one ("Apr 2026,
    to 9 Apr"); `final` keeps only those no later release will fill (True) or the others."""
    partial = frame.filter(~pl.col("complete"))
    if final is not None and "final" in partial.columns:
        partial = partial.filter(pl.col("final").fill_null(False) == final)
    partial = with_labels(partial)
    dated = sorted({(row["period"], _to_date(row)) for row in partial.iter_rows(named=True)})
    return [text for _, text in dated]


def _to_date(row: dict) -> str:
    """ "Apr 2026, to 9 Apr 2026"; "FY2026, to Jan 2026" for whole months summed; or the label."""
    day = row.get("data_date")
    if day:
        return f"{row['label']}, to {day:%-d %b %Y}"
    if row.get("months") and row.get("days"):
        end = row["period"] + dt.timedelta(days=int(row["days"]) - 1)
        return f"{row['label']}, to {end:%b %Y}"
    return row["label"]
