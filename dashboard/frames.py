"""What a view draws, as polars frames: its series (selected, top N, shaped, compared and
labelled), a second measure's, and the level ranked for the map; each kept in the store for the
view's other tabs, its download and the next request."""

from __future__ import annotations

import polars as pl

from dashboard import spanning, transforms
from dashboard.state import View, parse_also
from dashboard.store import Store

# what the series a view draws depend on (the tab, chart kind, sort and context do not)
SHOWN_BY = ("measure", "level", "grain", "regions", "start", "end", "as_of", "breakdown", "top")
SHOWN_BY += ("style", "compare")


def shown_frame(store: Store, view: View) -> pl.DataFrame:
    """The series a view draws: selected, top N + other, shaped, compared and labelled; kept
    for the view's other tabs and its download."""
    key = ("shown", *(getattr(view, name) for name in SHOWN_BY))
    return store.derived(key, lambda: _shown_frame(store, view))


def _shown_frame(store: Store, view: View) -> pl.DataFrame:
    kind = store.measure(view.measure)["kind"]
    frame = store.level_series(view.measure, view.level, view.grain, view.breakdown, view.as_of)
    frame = transforms.select(frame, view.regions, view.start, view.end)
    regions = frame["region_code"].unique() if view.compare == "per_capita" else ()
    if view.breakdown:
        frame = transforms.top_categories(frame, view.top, kind)  # summed by shape
    frame = transforms.shape(frame, breakdown=bool(view.breakdown), style=view.style)
    if view.compare == "per_capita":
        frame = transforms.with_population(frame, store.population(view.level), regions)
    frame = transforms.compare(frame, view.compare)
    if store.measure(view.measure).get("segments"):  # each year's publication, named
        spans = store.level_series(view.measure, view.level, view.grain)
        frame = spanning.with_segments(frame, spans, view.compare)
    return transforms.with_labels(frame)  # once: what the view draws are subsets of these rows


def second_frame(store: Store, view: View) -> tuple[pl.DataFrame, dict, str]:
    """The second measure of a view (`also`), as its totals (or the one category it names) over
    the same regions, range and comparison; with the measure and its label."""
    measure_id, dimension, category = parse_also(view.also)
    measure = store.measure(measure_id)
    frame = store.level_series(measure_id, view.level, view.grain, dimension)
    if dimension:
        frame = frame.filter(pl.col("category") == category)
    # a range that runs to the first measure's first or last period is open at that end, so
    # that the second can show what it has before or after (the 2024 -> 2026 trajectory)
    periods = store.catalog.periods(view.measure, view.level, view.grain)
    start = "" if periods and view.start == periods[0] else view.start
    end = "" if periods and view.end == periods[-1] else view.end
    frame = transforms.select(frame, view.regions, start, end)
    regions = frame["region_code"].unique() if view.compare == "per_capita" else ()
    frame = transforms.shape(frame, breakdown=False, style="")
    if view.compare == "per_capita":
        frame = transforms.with_population(frame, store.population(view.level), regions)
    label = measure["name"] + (f" ({category})" if dimension else "")
    return transforms.with_labels(transforms.compare(frame, view.compare)), measure, label


# what the map's ranking depends on
RANKED_BY = ("measure", "level", "grain", "start", "end", "as_of", "compare")


def level_ranking(store: Store, view: View) -> pl.DataFrame:
    """Every region of the level over the range (totals), as compared: for the map; kept."""
    key = ("ranking", *(getattr(view, name) for name in RANKED_BY))
    return store.derived(key, lambda: _level_ranking(store, view))


def _level_ranking(store: Store, view: View) -> pl.DataFrame:
    frame = store.level_series(view.measure, view.level, view.grain, as_of=view.as_of)
    frame = transforms.select(frame, None, view.start, view.end)
    frame = transforms.compare(transforms.shape(frame, breakdown=False, style=""), "absolute")
    if view.compare == "per_capita":
        frame = transforms.with_population(frame, store.population(view.level), ())
    return transforms.rank(frame, view.compare, store.measure(view.measure)["kind"])


def ranged_partials(frame: pl.DataFrame, kind: str) -> list[str]:
    """The partial periods a ranking or a map over a range includes: any of a flow's (it sums
    them), only the last of a stock's or a ratio's (it shows the last period)."""
    if kind != "flow":
        frame = frame.filter(pl.col("period") == pl.col("period").max())
    return transforms.partial_labels(frame)


def period_text(frame: pl.DataFrame) -> str:
    """ "FY2020 – FY2026": the first and last periods of a labelled frame."""
    if frame.is_empty():
        return ""
    label = pl.col("label").sort_by("period")
    first, last = frame.select(label.first(), label.last().alias("last")).row(0)
    return first if first == last else f"{first} – {last}"


def growth_note(store: Store, view: View, frame: pl.DataFrame) -> list[str]:
    """For a count whose newest period is to date, how much such periods grew in past releases:
    the median of newest / first printed figure over the periods first printed as far in (the
    releases are the measure's vintages). Said of one region's totals, counted, not rated."""
    if view.breakdown or view.also or view.compare != "absolute" or frame.is_empty():
        return []
    if "data_date" not in frame.columns or frame["region_code"].n_unique() != 1:
        return []
    newest = frame.filter(pl.col("period") == pl.col("period").max()).row(0, named=True)
    if newest["complete"] or newest.get("final") or not newest["data_date"]:
        return []
    days = (newest["data_date"] - newest["period"]).days + 1
    ratio, periods = store.growth(view.measure, newest["region_code"], view.grain, days)
    if ratio is None or periods < 3:
        return []
    label = transforms.period_label(newest["period"], view.grain)
    return [
        f"{label} is to {newest['data_date']:%-d %b %Y} ({days} days): in past releases, a "
        f"period first printed {days // 2}–{days * 2} days in grew to its newest figure by a "
        f"median ×{ratio:.1f} ({periods} periods)."
    ]
