"""Policy periods, dates and official targets drawn on charts, as the warehouse holds them
(dim_context: built from pipelines/context.yaml and checked against the registry)."""

from __future__ import annotations

import polars as pl

KINDS = {"band": "bands", "marker": "markers", "target": "targets"}


def entries(frame: pl.DataFrame) -> dict[str, dict[str, list[dict]]]:
    """measure id -> {"bands", "markers", "targets"} from `aggstats.query.context` rows.

    Bands keep `start`/`end`, markers `date`, targets `since` (and `until`, None while in
    force); a target carries the breakdown (`dimension`) and `category` it counts for that
    measure ('total' for the measure's total).
    """
    out: dict[str, dict[str, list[dict]]] = {}
    for row in frame.iter_rows(named=True):
        base = {
            "id": row["context_id"],
            "label": row["label"],
            "note": row["note"],
            "counts": row["counts"],
            "source": row["source"],
            "source_short": row["source_short"] or row["source"],
            "url": row["url"],
            "secondary": row["secondary"] or [],
        }
        if row["kind"] == "band":
            base.update(start=row["start_date"], end=row["end_date"])
        elif row["kind"] == "marker":
            base["date"] = row["start_date"]
        else:
            base.update(since=row["start_date"], until=row["end_date"], per_day=row["per_day"])
        for measure_id, dimension, category in zip(
            row["measure_ids"], row["dimensions"], row["categories"], strict=True
        ):
            entry = dict(base, dimension=dimension, category=category)
            kinds = out.setdefault(measure_id, {k: [] for k in KINDS.values()})
            kinds[KINDS[row["kind"]]].append(entry)
    return out


def for_measure(context: dict[str, dict[str, list[dict]]], measure_id: str) -> dict:
    """The entries of each kind that apply to a measure."""
    return context.get(measure_id) or {k: [] for k in KINDS.values()}


def target_fit(target: dict, view, level_name: str = "") -> str:
    """Why a target cannot be drawn on a view ('' when it can).

    A goal is a national rate of events per day: it is drawn against per-day rates of the
    nation, over time; against the measure's total, or against the one category it counts when
    that category has a panel of its own (small multiples of its breakdown).
    """
    if view.compare != "per_day":
        return "it is a rate per day: choose Compare › Per day"
    if view.chart != "trend":
        return "it is drawn over time: choose Chart › Over time"
    if view.level != "nation":
        each = level_name or view.level
        return f"it is a national goal, not one for each {each}: choose the nation"
    if target["dimension"] == "total":
        if view.breakdown:
            return "it counts the total: choose Breakdown › none"
        return ""
    if view.breakdown != target["dimension"]:
        return (
            f"it counts {target['category']} alone: break the measure down by "
            f"{target['dimension'].replace('_', ' ')}, as small multiples"
        )
    if view.style != "multiples":
        return f"it counts {target['category']} alone: choose Small multiples to see its panel"
    return ""
