"""Census Bureau state population estimates (July 1), Vintage 2020 and Vintage 2024.

Only the identifying columns and the POPESTIMATE<year> columns are read; the file's other
columns (components of change: births, deaths, migration, and their rates) are left as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW, check_unique, check_values, to_int
from pipelines.registry import SourceFile
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, TOTAL

MEASURE = "census_state_population.population"
KEYS = {
    "SUMLEV": "sumlev",
    "REGION": "region",
    "DIVISION": "division",
    "STATE": "state_fips",
    "NAME": "name",
}
YEARS = {"v2020": range(2010, 2021), "v2024": range(2020, 2025)}
# Summary levels, which the re-saved V2020 copy prints without leading zeros.
SUMLEVS = {"010": "nation", "020": "census_region", "030": "division", "040": "state"}
_NOT_PERSONAL = re.compile(r"NAME|R?BIRTHS?\d{4}")


def read(path: Path, layout: str) -> pl.DataFrame:
    """One row per geography and year: its July-1 population estimate, typed."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    wanted = [*KEYS, *(f"POPESTIMATE{year}" for year in YEARS[layout])]
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", row=1, column=missing[0])
    # NAME names the geography (a state), not a person; BIRTHS<year> and RBIRTH<year> are counts
    # and rates per state and year. Every other column goes through the guard.
    refuse_identifying(path, [c for c in frame.columns if not _NOT_PERSONAL.fullmatch(c)])
    frame = frame.select(wanted).with_row_index(ROW, offset=2).rename(KEYS)
    frame = frame.with_columns(pl.col("sumlev").str.zfill(3))
    check_values(path, frame, "sumlev", "SUMLEV", set(SUMLEVS))
    long = frame.unpivot(
        index=[ROW, *KEYS.values()], variable_name="column", value_name="population"
    ).with_columns(year=pl.col("column").str.slice(len("POPESTIMATE")).cast(pl.Int32))
    refuse_event_log(path, long, "population")
    # typed year by year, so that a bad cell is named by its own column (POPESTIMATE2022)
    long = pl.concat(
        to_int(path, part, "population", part["column"][0])
        for part in long.partition_by("column", maintain_order=True)
    ).sort(ROW, "column")
    negative = long.filter(pl.col("population") < 0)
    if negative.height:
        first = negative.row(0, named=True)
        raise InputError(path, "negative population", row=first[ROW], column=first["column"])
    check_unique(path, long, ["name", "year"])
    return long.drop("column").sort(ROW, "year")


def tidy(staged: pl.DataFrame, file: SourceFile) -> pl.DataFrame:
    """Population of the nation and of each state, DC and Puerto Rico, per calendar year."""
    level = pl.col("sumlev").replace_strict(SUMLEVS)
    frame = staged.with_columns(region_level=level).filter(
        pl.col("region_level").is_in(list(file.levels))
    )
    return (
        frame.with_columns(
            measure_id=pl.lit(MEASURE),
            region_label=pl.when(pl.col("region_level") == "nation")
            .then(pl.lit(NATION))
            .otherwise(pl.col("name")),
            period=pl.date(pl.col("year"), 1, 1),
            grain=pl.lit("calendar_year"),
            dimension=pl.lit(TOTAL),
            category=pl.lit(TOTAL),
            value=pl.col("population"),
        )
        .select(list(OBSERVATION_SCHEMA))
        .cast(OBSERVATION_SCHEMA)
    )
