"""The mirror's CSV extraction of every PDF edition (doj_eoir_asylym_decisions_2021_12_14.csv).

A third party's reshaping: one row per nationality and edition, counts written as decimals
("28.0"), suppressed cells blank, rates as text ("62.41%"), and the edition named by its fiscal
year and data date (`generated_my`). It holds the four editions the PDFs carry and three interim
FY2021 editions; editions.csv declares each and corrects one misprinted date.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW, check_unique
from pipelines.sources.eoir_adjudication.declarations import (
    HERE,
    columns_spec,
    corrections,
    editions,
)
from pipelines.sources.eoir_adjudication.row_checks import check_rows

INDEX = ""  # the extractor's pandas index, an unnamed first column
EDITION = ["fiscal_year", "generated_my"]
OTHER = ["nationality", *EDITION, "pdf_file"]


def read(path: Path, folder: Path = HERE) -> pl.DataFrame:
    columns = columns_spec(folder)
    names = dict(columns.select("csv_column", "column").iter_rows())
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    expected = [INDEX, *OTHER[:1], *names, *OTHER[1:]]
    if frame.columns != expected:
        raise InputError(path, f"header {frame.columns} is not the extraction's {expected}", row=1)
    refuse_identifying(path, frame.columns)
    refuse_event_log(path, frame, "total")
    frame = frame.drop(INDEX).with_row_index(ROW, offset=2)
    _check_editions(path, frame, folder)
    # the extractor wrote the last rows of the July 2021 edition twice, identically
    frame = frame.unique([c for c in frame.columns if c != ROW], keep="first", maintain_order=True)
    check_unique(path, frame, ["nationality", *EDITION])
    cells = frame.unpivot(index=[ROW, *OTHER], variable_name="csv_column", value_name="text")
    cells = _corrected(path, cells, folder).with_columns(
        column=pl.col("csv_column").replace_strict(names)
    )
    cells = _printed(cells, folder)
    cells = _typed(path, cells, columns).with_columns(
        label="nationality", where=pl.lit(None, pl.String)
    )
    check_rows(path, cells, columns, keys=EDITION)
    return cells.select(ROW, *EDITION, "pdf_file", "nationality", "column", "text", "value")


def _printed(cells: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """Only the columns the edition printed (editions.csv): the CSV leaves the FY2018-only
    administrative closures blank in later editions, which is not a suppressed cell."""
    printed = (
        editions(folder)
        .select(
            pl.col("fiscal_year").cast(pl.String),
            generated_my="generated_as_printed",
            column=pl.col("columns").str.split(";"),
        )
        .explode("column")
    )
    return cells.join(printed, on=[*EDITION, "column"], maintain_order="left")


def _corrected(path: Path, cells: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """Apply corrections.csv; a correction whose cell no longer prints what it says is refused."""
    for fix in corrections(path.name, folder).iter_rows(named=True):
        at = (pl.col(ROW) == fix["row"]) & (pl.col("csv_column") == fix["column"])
        printed = cells.filter(at)["text"].to_list()
        if printed != [fix["printed"]]:
            raise InputError(
                path,
                f"corrections.csv expects {fix['printed']!r} here, the file has {printed}",
                row=fix["row"],
                column=fix["column"],
            )
        cells = cells.with_columns(
            text=pl.when(at).then(pl.lit(fix["read_as"])).otherwise(pl.col("text"))
        )
    return cells


def _check_editions(path: Path, frame: pl.DataFrame, folder: Path) -> None:
    declared = editions(folder).filter(file=path.name)
    known = set(
        declared.select(pl.col("fiscal_year").cast(pl.String), "generated_as_printed").iter_rows()
    )
    bad = frame.filter(
        ~pl.concat_list("fiscal_year", "generated_my")
        .list.join("|")
        .is_in(["|".join(k) for k in known])
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise InputError(
            path,
            f"edition FY{row['fiscal_year']} generated {row['generated_my']} is not declared "
            "in editions.csv",
            row=row[ROW],
            column="generated_my",
        )


def _typed(path: Path, cells: pl.DataFrame, columns: pl.DataFrame) -> pl.DataFrame:
    """Counts are whole numbers written as decimals; rates end in %; blank is suppressed."""
    kinds = dict(columns.select("column", "kind").iter_rows())
    is_rate = pl.col("column").replace_strict(kinds) == "rate"
    number = pl.col("text").str.strip_suffix("%").cast(pl.Float64, strict=False)
    typed = cells.with_columns(value=number)
    bad = typed.filter(
        pl.col("text").is_not_null()
        & (
            pl.col("value").is_null()
            | (pl.col("value") < 0)
            | (pl.col("text").str.ends_with("%") != is_rate)
            | (~is_rate & (pl.col("value") != pl.col("value").floor()))
        )
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise InputError(
            path,
            f"{row['text']!r} is not a {kinds[row['column']]} figure",
            row=row[ROW],
            column=row["csv_column"],
        )
    return typed
