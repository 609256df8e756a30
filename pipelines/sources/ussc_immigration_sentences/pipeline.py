"""USSC prison sentences (immigration and all offenses) by federal judicial district and year."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW, check_unique, read_csv_as_published, to_int
from pipelines.registry import SourceFile
from pipelines.tidy import NATION, breakdowns, fiscal_month_start

HEADER = {
    "Year": "fiscal_year",
    "District": "district",
    "Immigration": "immigration",
    "FullName": "district_name",
    "SentenceAdd": "all_offenses",
    "PCTImmig": "immigration_share",
}
# Staged column -> measure. The compilation's own share column is not loaded.
MEASURES = {
    "immigration": "ussc_immigration_sentences.immigration_prison_sentences",
    "all_offenses": "ussc_immigration_sentences.prison_sentences",
}


def read(path: Path, layout: str) -> pl.DataFrame:
    """The compilation as published, counts as integers."""
    frame = read_csv_as_published(path, HEADER, guard_count="Immigration")
    for staged in ("fiscal_year", *MEASURES):
        published = next(p for p, s in HEADER.items() if s == staged)
        frame = to_int(path, frame, staged, published)
    # immigration sentences are a part of all sentences
    over = frame.filter(pl.col("immigration") > pl.col("all_offenses"))
    if over.height:
        raise InputError(
            path,
            f"immigration sentences {over['immigration'][0]} exceed all sentences "
            f"{over['all_offenses'][0]}",
            row=over[ROW][0],
            column="Immigration",
        )
    negative = frame.filter(pl.min_horizontal(*MEASURES) < 0)
    if negative.height:
        raise InputError(path, "negative count", row=negative[ROW][0])
    check_unique(path, frame, ["fiscal_year", "district"])
    return frame.drop("immigration_share")


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Each measure by fiscal year for the districts and their sum, the nation."""
    frame = staged.with_columns(period=fiscal_month_start(pl.col("fiscal_year"), pl.lit(1)))
    labels = {"nation": pl.lit(NATION), "federal_district": pl.col("district_name")}
    return pl.concat(
        breakdowns(
            frame,
            measure_id=measure,
            level=level,
            region_label=labels[level],
            dimensions=[],
            value=column,
            grain="fiscal_year",
        )
        for column, measure in MEASURES.items()
        for level in file.levels
    )
