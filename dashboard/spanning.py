"""Series across sources in the explorer: each offered as a measure (`series:<id>`, in the
group "Series across sources"), with the context of its segments' measures."""

from __future__ import annotations

import polars as pl
from dash import html

from dashboard.figures import spans

GROUP = "Series across sources"


def as_measure(row: dict) -> dict:
    """A row of `aggstats.query.spans` as the catalog describes a measure: one region, by fiscal
    year, no breakdown and no earlier releases; its caveats name each segment."""
    level = row["region_code"].split(":")[0]
    return {
        "measure_id": row["measure_id"],
        "name": row["name"],
        "unit": row["unit"],
        "topic": GROUP,
        "counts": "events",
        "additive": True,
        "kind": row["kind"],
        "to_date": False,
        "rounded_to": None,
        "definition": row["definition"],
        "caveats": [segment_text(s) for s in row["segments"]],
        "source_id": None,
        "publisher": GROUP,
        "source_title": GROUP,
        "levels": [level],
        "total_levels": [level],
        "grains": ["fiscal_year"],
        "first_period": row["first_period"],
        "last_period": row["last_period"],
        "dimensions": [],
        "segments": row["segments"],
    }


def with_segments(frame: pl.DataFrame, spans: pl.DataFrame, compare: str) -> pl.DataFrame:
    """A shown series with each year's publication (`segment`); a change is not computed
    across a seam, where the count changes publication (and often definition)."""
    frame = frame.join(spans.select("period", "segment"), on="period", how="left")
    if compare == "change":
        seam = pl.col("segment") != pl.col("segment").shift(1).over("series", order_by="period")
        frame = frame.with_columns(shown=pl.when(seam).then(None).otherwise(pl.col("shown")))
    return frame


def segment_text(segment: dict) -> str:
    """One segment as a caveat: its source, measure, years and what changes at its seam."""
    last = f"FY{segment['last_year']}" if segment["last_year"] else "the newest"
    category = "" if segment["dimension"] == "total" else f" ({segment['category']})"
    notes = " ".join(filter(None, (segment["unit_note"], segment["note"])))
    return (
        f"{segment['rank']}. {segment['label']}: {segment['measure_id']}{category}, "
        f"FY{segment['first_year']} to {last}" + (f". {notes}" if notes else "")
    )


def context(measures: dict[str, dict], found: dict) -> dict:
    """Bands and markers of each series' segments' measures (targets count one measure)."""
    out = {}
    for measure_id, measure in measures.items():
        if not measure.get("segments"):
            continue
        bands, markers = {}, {}
        for segment in measure["segments"]:
            kinds = found.get(segment["measure_id"]) or {}
            bands |= {e["id"]: e for e in kinds.get("bands", [])}
            markers |= {e["id"]: e for e in kinds.get("markers", [])}
        out[measure_id] = {
            "bands": list(bands.values()),
            "markers": list(markers.values()),
            "targets": [],
        }
    return out


def notes(measure: dict, seams: list[dict]) -> list:
    """Below the chart: the segments in order of precedence, and each seam's figures."""
    items = [html.Li(text) for text in measure["caveats"]]
    for seam in seams:
        head, *figures = spans.seam_lines(seam, bridge=False)
        others = spans.others_text(seam)
        items.append(
            html.Li(
                [html.Strong(head + ". "), "; ".join(figures) + "."]
                + ([f" Other publications: {others}."] if others else [])
            )
        )
    return [
        html.P(
            f"One line from {len(measure['segments'])} publications, by fiscal year: where they "
            "overlap, the first listed with a complete year gives it; seams are marked, and no "
            "change is computed across one."
        ),
        html.Ul(items, className="span-notes"),
    ]
