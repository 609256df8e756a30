"""EOIR pending cases, new cases and completions by fiscal year (a transcription of EOIR's PDF)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW, check_unique, to_int
from pipelines.registry import SourceFile
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL, fiscal_month_start

# Published column -> (staged column, measure). QAI is the transcriber's own ratio: not loaded.
COLUMNS = {
    "FY": ("fiscal_year", None),
    "Pending": ("pending", "eoir_workload.pending_cases"),
    "Received": ("received", "eoir_workload.new_cases"),
    "Completions": ("completions", "eoir_workload.completions"),
    "QAI": (None, None),
}


def read(path: Path, layout: str) -> pl.DataFrame:
    """The table as published, QAI dropped, every count a whole number."""
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, frame.columns)
    if frame.columns != list(COLUMNS):
        raise InputError(
            path,
            f"header {frame.columns} does not match the published layout {list(COLUMNS)}",
            row=1,
        )
    kept = {published: staged for published, (staged, _) in COLUMNS.items() if staged}
    frame = frame.select(list(kept)).rename(kept).with_row_index(ROW, offset=2)
    for published, staged in kept.items():
        blank = frame.filter(pl.col(staged).is_null())
        if blank.height:
            raise InputError(path, "blank value", row=blank[ROW][0], column=published)
        frame = to_int(path, frame, staged, published)
    refuse_event_log(path, frame, "completions")
    check_unique(path, frame, ["fiscal_year"])
    return frame


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """One national total per measure and fiscal year; the period is the fiscal year's first day."""
    period = fiscal_month_start(pl.col("fiscal_year"), pl.lit(1))
    parts = [
        staged.select(
            measure_id=pl.lit(measure),
            region_level=pl.lit("nation"),
            region_label=pl.lit(NATION),
            period=period,
            grain=pl.lit("fiscal_year"),
            dimension=pl.lit(TOTAL),
            category=pl.lit(TOTAL),
            value=pl.col(column).cast(pl.Float64),
        )
        for column, measure in COLUMNS.values()
        if measure
    ]
    return pl.concat(parts).cast(OBSERVATION_SCHEMA)
