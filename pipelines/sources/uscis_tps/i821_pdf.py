"""USCIS's quarterly Form I-821 (TPS) table: one PDF page, countries by quarter and case status.

The table is declared in tables.csv (one row per file: its rows differ by edition) and its
columns in columns.csv. USCIS withholds small cells (D) and cells from which a withheld one could
be deduced (H); both are kept as text with no value and are never worked out from the others.
"-" is zero or rounds to zero, stored as 0.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.pdf_tables import (
    CELLS,
    check_totals,
    load_specs,
    page_lines,
    read_cells,
    refuse_unread,
)
from pipelines.readers import ROW

HERE = Path(__file__).parent
WITHHELD = ("D", "H")
ZERO = "-"


def columns_spec(folder: Path = HERE) -> pl.DataFrame:
    """columns.csv: each printed column's measure, grain, quarter and kind (flow or stock)."""
    frame = pl.read_csv(folder / "columns.csv", infer_schema=False)
    return frame.with_columns(pl.col("quarter").cast(pl.Int32))


def read_i821(path: Path) -> pl.DataFrame:
    """Every cell of the file's table, typed, its totals row and fiscal-year columns checked."""
    spec = _spec(path, HERE)
    return read_i821_lines(path, page_lines(path, {spec.page})[spec.page])


def read_i821_lines(path: Path, lines: list[str], folder: Path = HERE) -> pl.DataFrame:
    """`read_i821` on the page's text lines, with the declarations in `folder`."""
    spec = _spec(path, folder)
    declared = pl.read_csv(folder / "tables.csv", infer_schema=False)
    extra = declared.filter(table=path.name).row(0, named=True)
    if extra["period_line"] not in (line.strip() for line in lines):
        raise InputError(
            path, f"the period line {extra['period_line']!r} is not printed", sheet=spec.where
        )
    refuse_identifying(path, spec.columns, sheet=spec.where)
    cells = _typed(path, pl.DataFrame(read_cells(path, lines, spec), schema=CELLS), spec)
    check_totals(path, cells, spec, list(spec.columns))
    _check_fiscal_year_columns(path, cells, columns_spec(folder), spec.where)
    return cells.with_columns(fiscal_year=pl.lit(int(extra["fiscal_year"]), pl.Int32)).select(
        ROW, "fiscal_year", "label", "is_total", "column", "text", "value"
    )


def _spec(path: Path, folder: Path):
    specs = {s.table: s for s in load_specs(folder)}
    if path.name not in specs:
        raise InputError(path, f"no table declared for this file in {folder.name}/tables.csv")
    return specs[path.name]


def _typed(path: Path, cells: pl.DataFrame, spec) -> pl.DataFrame:
    number = pl.col("text").str.replace_all(",", "").cast(pl.Int64, strict=False)
    value = (
        pl.when(pl.col("text").is_in(WITHHELD))
        .then(None)
        .when(pl.col("text") == ZERO)
        .then(0)
        .otherwise(number)
    )
    cells = cells.with_columns(value=value.cast(pl.Float64))
    bad = cells.filter(pl.col("value").is_null() & ~pl.col("text").is_in(WITHHELD))
    refuse_unread(path, bad, spec, lambda _: "a count, D, H or -")
    return cells


def _check_fiscal_year_columns(path, cells, columns, where) -> None:
    """Per row, a flow's Fiscal Year Total is the sum of its quarters (at least, where a quarter
    is withheld); a stock's (pending) equals the fourth quarter's."""
    joined = cells.join(columns, on="column")
    status = pl.col("column").str.split(" ").list.last()
    keys = ["label", ROW, "status", "kind"]
    sums = (
        joined.with_columns(status=status)
        .group_by(keys)
        .agg(
            year=pl.col("value").filter(pl.col("grain") == "fiscal_year").first(),
            quarters=pl.col("value").filter(pl.col("grain") == "fiscal_quarter").sum(),
            withheld=pl.col("value").filter(pl.col("grain") == "fiscal_quarter").null_count(),
            q4=pl.col("value").filter(pl.col("quarter") == 4).first(),
        )
        .filter(pl.col("year").is_not_null())
    )
    flow = pl.col("kind") == "flow"
    bad = sums.filter(
        (flow & (pl.col("withheld") == 0) & (pl.col("year") != pl.col("quarters")))
        | (flow & (pl.col("year") < pl.col("quarters")))
        | (~flow & pl.col("q4").is_not_null() & (pl.col("year") != pl.col("q4")))
    )
    if bad.height:
        first = bad.sort(ROW).row(0, named=True)
        quarters = first["quarters"] if first["kind"] == "flow" else first["q4"]
        raise InputError(
            path,
            f"{first['label']}: Fiscal Year Total {first['status']} prints {first['year']:,.0f}, "
            f"its quarters give {quarters:,.0f}",
            sheet=where,
            row=first[ROW],
            column=f"FY {first['status']}",
        )
