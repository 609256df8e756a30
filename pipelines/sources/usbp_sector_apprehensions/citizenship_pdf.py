"""CBP's PDF of Border Patrol apprehensions by citizenship and sector, one table per fiscal year.

Each year's table runs over about three pages; tables.csv declares every page (its title, its
header line, its row count) and columns.csv what each column is (a sector, a border's total or
the nationwide total) and which total it is part of. A blank cell is printed as nothing and
means 0. Every table's printed TOTAL row is checked against the sum of its rows, and every
row's border and nationwide totals against the sum of its sectors and borders.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.pdf_placed import page_word_lines, read_placed_table
from pipelines.pdf_tables import CELLS, check_totals, load_specs, refuse_unread
from pipelines.readers import ROW
from pipelines.registry import SourceFile
from pipelines.tidy import OBSERVATION_SCHEMA, TOTAL

HERE = Path(__file__).parent
DIMENSION = "citizenship"
_CELLS = {**CELLS, "page": pl.Int64}


def columns_spec(folder: Path = HERE) -> pl.DataFrame:
    """columns.csv: each printed column's region and the total column it is part of."""
    return pl.read_csv(folder / "columns.csv", infer_schema=False)


def tables_spec(folder: Path = HERE) -> pl.DataFrame:
    """tables.csv's per-table columns beyond the shared reader's: fiscal year and measure."""
    frame = pl.read_csv(folder / "tables.csv", infer_schema=False)
    return frame.select("table", pl.col("fiscal_year").cast(pl.Int32), "measure").unique(
        maintain_order=True
    )


def read(path: Path, layout: str) -> pl.DataFrame:
    """Every cell of every declared page, blank cells as 0, with its page and line."""
    return read_pages(path, page_word_lines(path, {s.page for s in load_specs(HERE)}))


def read_pages(path: Path, lines: dict, folder: Path = HERE) -> pl.DataFrame:
    """`read` on the pages' word lines, with the declarations in `folder`."""
    specs, columns = load_specs(folder), columns_spec(folder)
    frames = []
    for table in dict.fromkeys(s.table for s in specs):
        pages = [s for s in specs if s.table == table]
        refuse_identifying(path, pages[0].columns, sheet=pages[0].where)
        cells = pl.DataFrame(read_placed_table(path, lines, pages), schema=_CELLS)
        cells = _typed(path, cells, pages)
        last = max(pages, key=lambda s: s.page)
        _check_total_columns(path, cells, columns, pages)
        check_totals(path, cells, last, list(last.columns))
        frames.append(cells.with_columns(table=pl.lit(table)))
    staged = pl.concat(frames).join(tables_spec(folder), on="table", how="left")
    return staged.select(
        ROW, "table", "fiscal_year", "measure", "page", "label", "is_total", "column", "value"
    )


def tidy(staged: pl.DataFrame, file: SourceFile, folder: Path = HERE) -> pl.DataFrame:
    """Each column's region: the TOTAL row as the total, each citizenship row as a breakdown."""
    columns = columns_spec(folder).filter(pl.col("region_level").is_in(file.levels))
    return (
        staged.join(columns, on="column")
        .select(
            measure_id=pl.col("measure"),
            region_level=pl.col("region_level"),
            region_label=pl.col("region_label"),
            period=fiscal_year_start_expr(pl.col("fiscal_year")),
            grain=pl.lit("fiscal_year"),
            dimension=pl.when("is_total").then(pl.lit(TOTAL)).otherwise(pl.lit(DIMENSION)),
            category=pl.when("is_total").then(pl.lit(TOTAL)).otherwise(pl.col("label")),
            value=pl.col("value"),
        )
        .cast(OBSERVATION_SCHEMA)
    )


def _typed(path: Path, cells: pl.DataFrame, pages) -> pl.DataFrame:
    """Figures are whole counts with thousands commas; a blank cell is 0."""
    number = pl.col("text").str.replace_all(",", "").cast(pl.Int64, strict=False)
    cells = cells.with_columns(value=number.fill_null(0).cast(pl.Float64))
    bad = cells.filter(pl.col("text").is_not_null() & (number.is_null() | (number < 0)))
    if bad.height:
        spec = next(s for s in pages if s.page == bad["page"][0])
        refuse_unread(path, bad, spec, lambda cell: f"a count (row {cell['label']!r})")
    duplicated = cells.filter(~pl.col("is_total")).select("label").unique().height
    rows = cells.filter(~pl.col("is_total"), column=pages[0].columns[0]).height
    if duplicated != rows:
        raise InputError(path, "a citizenship is printed twice", sheet=pages[0].where)
    return cells


def _check_total_columns(path: Path, cells: pl.DataFrame, columns: pl.DataFrame, pages) -> None:
    """Within each row, a border's total is the sum of its sectors, the nationwide total the sum
    of the borders' totals."""
    parts = (
        cells.join(columns.select("column", "part_of"), on="column")
        .filter(pl.col("part_of").is_not_null())
        .group_by("page", ROW, "part_of")
        .agg(parts=pl.col("value").sum())
    )
    off = (
        cells.join(parts, left_on=["page", ROW, "column"], right_on=["page", ROW, "part_of"])
        .filter(pl.col("parts") != pl.col("value"))
        .sort("page", ROW)
    )
    if off.height:
        first = off.row(0, named=True)
        spec = next(s for s in pages if s.page == first["page"])
        raise InputError(
            path,
            f"{first['column']} of {first['label']!r} prints {first['value']:,.0f}, "
            f"its parts sum to {first['parts']:,.0f}",
            sheet=spec.where,
            row=first[ROW],
            column=first["column"],
        )
