"""The source's declarations beside the code: columns.csv and editions.csv."""

from __future__ import annotations

from pathlib import Path

import polars as pl

HERE = Path(__file__).parent


def columns_spec(folder: Path = HERE) -> pl.DataFrame:
    """columns.csv: each printed column, its CSV name, the measure it feeds and its kind."""
    return pl.read_csv(folder / "columns.csv", infer_schema=False)


def editions(folder: Path = HERE) -> pl.DataFrame:
    """editions.csv: each edition in each file: fiscal year, data date, partial year, and
    the footnote each PDF page prints or the columns the CSV gives the edition."""
    return pl.read_csv(folder / "editions.csv", infer_schema=False).with_columns(
        pl.col("fiscal_year").cast(pl.Int32),
        pl.col("generated", "through").str.to_date(),
        pl.col("partial") == "true",
    )


def corrections(file: str, folder: Path = HERE) -> pl.DataFrame:
    """corrections.csv: cells of `file` read otherwise than printed, each with its reason."""
    frame = pl.read_csv(folder / "corrections.csv", infer_schema=False)
    return frame.filter(file=file).with_columns(pl.col("row").cast(pl.Int64))
