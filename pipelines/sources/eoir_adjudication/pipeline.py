"""EOIR "Asylum Decision Rates by Nationality": the agency's PDF editions and a CSV extraction.

`read` stages every printed cell (`*` and blank cells have no value); `tidy` turns the cells
into fiscal-year observations by nationality, one edition (vintage) per PDF and one per edition
in the CSV, dated as declared in source.yaml and editions.csv. EOIR prints no national total,
and its suppressed cells make the nationalities' sum no total either, so none is made.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.registry import SourceFile
from pipelines.sources.eoir_adjudication import csv_extraction, pdf_edition
from pipelines.sources.eoir_adjudication.declarations import HERE, columns_spec, editions
from pipelines.tidy import NATION, OBSERVATION_SCHEMA, fiscal_month_start

SOURCE = "eoir_adjudication"
DIMENSION = "nationality"
READERS = {"edition": pdf_edition.read, "extraction": csv_extraction.read}


def read(path: Path, layout: str) -> pl.DataFrame:
    if layout not in READERS:
        raise InputError(path, f"unknown layout {layout!r}; expected one of {sorted(READERS)}")
    return READERS[layout](path)


def tidy(staged: pl.DataFrame, file: SourceFile, folder: Path = HERE) -> pl.DataFrame:
    """Observations by nationality; the CSV's carry each edition's data date as `as_of`."""
    measures = columns_spec(folder).filter(pl.col("measure").is_not_null())
    cells = staged.filter(pl.col("value").is_not_null()).join(
        measures.select("column", "measure"), on="column"
    )
    declared = editions(folder).filter(file=file.name)
    if file.layout == "extraction":
        cells = cells.join(
            declared.select(
                pl.col("fiscal_year").cast(pl.String),
                generated_my="generated_as_printed",
                as_of="generated",
            ),
            on=["fiscal_year", "generated_my"],
        ).with_columns(pl.col("fiscal_year").cast(pl.Int32))
    else:
        cells = cells.with_columns(fiscal_year=pl.lit(declared["fiscal_year"].item()))
    vintage = ["as_of"] if "as_of" in cells.columns else []
    obs = cells.select(
        *vintage,
        measure_id=pl.lit(f"{SOURCE}.") + pl.col("measure"),
        region_level=pl.lit("nation"),
        region_label=pl.lit(NATION),
        period=fiscal_month_start(pl.col("fiscal_year"), pl.lit(1)),
        grain=pl.lit("fiscal_year"),
        dimension=pl.lit(DIMENSION),
        category="nationality",
        value="value",
    )
    return obs.select(*OBSERVATION_SCHEMA, *vintage).cast(
        {**OBSERVATION_SCHEMA, **dict.fromkeys(vintage, pl.Date)}
    )
