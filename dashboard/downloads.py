"""The data behind a view as a zip: the rows as CSV and a README with sources and caveats."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import polars as pl

from dashboard import transforms
from dashboard.denominator import CARRY_YEARS
from dashboard.state import COMPARE_LABELS

COLUMNS = [
    "measure_id", "series", "region_code", "region", "category", "period", "label", "grain",
    "value", "compare", "shown", "unit", "months", "days", "complete", "as_of", "file_ids",
    "population", "population_release", "population_year", "population_note",
]  # fmt: skip


def csv_rows(frame: pl.DataFrame, measure: dict, compare: str) -> pl.DataFrame:
    """The long table of the view: one row per series and period, the count and as compared."""
    frame = transforms.with_labels(frame).with_columns(
        measure_id=pl.lit(measure["measure_id"]),
        compare=pl.lit(compare),
        file_ids=pl.col("file_ids").list.join(" "),
    )
    for column in ("region_code", "region", "category", "population_release", "population_note"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(column))
    if "population" not in frame.columns:
        frame = frame.with_columns(population=pl.lit(None, pl.Float64))
    if "population_year" not in frame.columns:
        frame = frame.with_columns(population_year=pl.lit(None, pl.Int32))
    segment = ["segment"] if "segment" in frame.columns else []  # a series across sources
    return frame.select(COLUMNS + segment).sort("series", "period")


def readme(
    measure: dict,
    files: pl.DataFrame,
    link: str,
    compare: str,
    today: dt.date,
    as_of: str = "",
) -> str:
    lines = [
        f"# {measure['name']} — data behind an aggstats view",
        "",
        f"View: {link}",
        f"Downloaded: {today.isoformat()}",
        f"Comparison: {COMPARE_LABELS[compare]} (column `shown`; `value` is the published count)",
        f"Release: the figures as published by {as_of} (later revisions not included)"
        if as_of
        else "Release: the newest figures for every period (column `as_of` names each one's)",
        *(
            [
                "Denominator: US Census Bureau state population estimates (July 1 of the matching",
                "year; a fiscal year takes the year it ends in), columns `population` and",
                "`population_release`. Past the newest estimate, the newest is carried forward",
                f"(up to {CARRY_YEARS} years): `population_year` names the estimate's year and",
                "`population_note` says where it is carried forward, or why a row has no rate.",
            ]
            if compare == "per_capita"
            else []
        ),
        "",
        "aggstats republishes official, already-aggregated statistics; it never handles",
        "individual records. Numbers are the agency's own; `file_ids` names the files they come",
        "from.",
        "",
        "## Measure",
        f"{measure['definition']}",
        f"Unit: {measure['unit']} (counts {measure['counts']}). Agency: {measure['publisher']}.",
        "",
        "## Caveats",
        *[f"- {c}" for c in measure["caveats"]],
        "- Rows with complete = false are partial periods (a fiscal year to date): do not compare"
        " them with full periods; use the per-day rate.",
        "",
        "## Sources",
    ]
    for f in files.iter_rows(named=True):
        url = f["url"] or ", ".join(f["stands_for"] or [])
        lines += [
            f"- {f['file_name']}: {f['release']}",
            f"  URL: {url}",
            f"  published {f['published']}; retrieved {f['accessed']}; sha256 {f['sha256']}",
        ]
    if files.height:
        lines += ["", f"Cite as: {files['citation'][0]}", f"Licence: {files['licence'][0]}"]
    return "\n".join(lines) + "\n"


def zip_bytes(rows: pl.DataFrame, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", rows.write_csv())
        archive.writestr("README.md", text)
    return buffer.getvalue()
