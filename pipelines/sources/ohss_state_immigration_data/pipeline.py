"""DHS OHSS State Immigration Data: yearly counts by state of residence, 2013-2023.

The published counts (columns.csv) are read; the file's ranks and per-million rates are derived
by OHSS from those counts and the population, so they are checked to be present but not kept.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW, check_unique, to_int
from pipelines.registry import SourceFile
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

FLOWS = [
    "Lawful Permanent Residents",
    "Adjustments",
    "New Arrivals",
    "Nonimmigrants",
    "Naturalizations",
    "Refugees",
    "Asylees",
]
HEADER = ["State", "Year", "Population"]
HEADER += [c for f in FLOWS for c in (f"{f} Total", f"{f} Rank")]
HEADER += [c for f in FLOWS for c in (f"{f} Per Million", f"{f} Per Million Rank")]
COLUMNS = pl.read_csv(Path(__file__).parent / "columns.csv")


def read(path: Path, layout: str) -> pl.DataFrame:
    """One row per state, year and published count column, typed."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, frame.columns)
    if frame.columns != HEADER:
        odd = next(
            (h for h, e in zip(frame.columns, HEADER, strict=False) if h != e), frame.columns[-1]
        )
        raise InputError(
            path, f"header does not match the published layout at {odd!r}", row=1, column=odd
        )
    counted = COLUMNS["column"].to_list()
    frame = frame.select("State", "Year", *counted).with_row_index(ROW, offset=2)
    refuse_event_log(path, frame, "Population")
    frame = to_int(path, frame.rename({"Year": "year"}), "year", "Year")
    long = frame.rename({"State": "state"}).unpivot(
        index=[ROW, "state", "year"], variable_name="column", value_name="count"
    )
    blank = long.filter(pl.col("count").is_null() | (pl.col("count").str.strip_chars() == ""))
    if blank.height:
        raise InputError(path, "blank count", row=blank[ROW][0], column=blank["column"][0])
    for column in counted:
        part = long.filter(column=column)
        to_int(path, part, "count", column)
    long = long.with_columns(pl.col("count").str.replace_all(",", "").cast(pl.Int64))
    check_unique(path, long, ["state", "year", "column"])
    return long.sort(ROW, "column")


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Each count by state: population by calendar year, flows by fiscal year."""
    frame = staged.join(COLUMNS, on="column", how="left", validate="m:1")
    return (
        frame.with_columns(
            region_level=pl.lit("state"),
            region_label=pl.col("state"),
            # A calendar year starts 1 January; a fiscal year the 1 October before it.
            period=pl.when(pl.col("grain") == "fiscal_year")
            .then(fiscal_year_start_expr(pl.col("year")))
            .otherwise(pl.date(pl.col("year"), 1, 1)),
            dimension=pl.lit(TOTAL),
            category=pl.lit(TOTAL),
            value=pl.col("count"),
        )
        .select(list(OBSERVATION_SCHEMA))
        .cast(OBSERVATION_SCHEMA)
    )
