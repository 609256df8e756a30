"""One EOIR PDF edition of "Asylum Decision Rates by Nationality": every declared page's rows.

Pages, anchors, columns and row counts are declared in tables.csv (one row per page of each
file); the nationality labels that wrap over two or three lines are put back together by
pipelines.pdf_tables. Each page must print the edition's footnote declared in editions.csv, so a
file holding another fiscal year or data date than declared is refused.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.pdf_tables import load_specs, page_lines, read_cells
from pipelines.readers import ROW
from pipelines.sources.eoir_adjudication.declarations import HERE, columns_spec, editions
from pipelines.sources.eoir_adjudication.row_checks import check_rows

SUPPRESSED = "*"
_CELLS = {"label": pl.String, "column": pl.String, "text": pl.String, ROW: pl.Int64}


def read(path: Path) -> pl.DataFrame:
    specs = load_specs(HERE, path.name)
    if not specs:
        raise InputError(path, "no pages are declared for this file in tables.csv")
    return read_pages(path, page_lines(path, {s.page for s in specs}))


def read_pages(path: Path, lines: dict[int, list[str]], folder: Path = HERE) -> pl.DataFrame:
    """`read` on the text lines of each page, with the declarations in `folder`."""
    footnote = _footnote(path, folder)
    columns = columns_spec(folder)
    frames = []
    for spec in load_specs(folder, path.name):
        refuse_identifying(path, spec.columns, sheet=spec.where)
        if not any(footnote in line for line in lines[spec.page]):
            raise InputError(path, f"the page does not print {footnote!r}", sheet=spec.where)
        cells = pl.DataFrame(
            [{k: cell[k] for k in _CELLS} for cell in read_cells(path, lines[spec.page], spec)],
            schema=_CELLS,
        )
        frames.append(
            _typed(path, cells, columns, spec.where).with_columns(
                page=pl.lit(spec.page), where=pl.lit(spec.where)
            )
        )
    staged = pl.concat(frames)
    _check_unique(path, staged)
    check_rows(path, staged, columns, keys=["page"])
    return staged.select(
        ROW, "page", nationality="label", column="column", text="text", value="value"
    )


def _footnote(path: Path, folder: Path) -> str:
    edition = editions(folder).filter(file=path.name)
    if edition.height != 1:
        raise InputError(path, "the file is not declared once in editions.csv")
    return edition["footnote"].item()


def _typed(path: Path, cells: pl.DataFrame, columns: pl.DataFrame, where: str) -> pl.DataFrame:
    """A figure is a count or a percent; `*` is EOIR's suppressed small cell: no value, not 0."""
    number = pl.col("text").str.replace_all(",", "").str.strip_suffix("%")
    typed = cells.with_columns(
        value=pl.when(pl.col("text") == SUPPRESSED)
        .then(None)
        .otherwise(number.cast(pl.Float64, strict=False))
    )
    kinds = dict(columns.select("column", "kind").iter_rows())
    is_rate = pl.col("column").replace_strict(kinds) == "rate"
    bad = typed.filter(
        (pl.col("text") != SUPPRESSED)
        & (
            pl.col("value").is_null()
            | (pl.col("value") < 0)
            | (pl.col("text").str.ends_with("%") != is_rate)
        )
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise InputError(
            path,
            f"{row['text']!r} is not a {'rate' if kinds[row['column']] == 'rate' else 'count'} "
            f"(row {row['label']!r})",
            sheet=where,
            row=row[ROW],
            column=row["column"],
        )
    return typed


def _check_unique(path: Path, staged: pl.DataFrame) -> None:
    rows = staged.select("label", "page", ROW, "where").unique(maintain_order=True)
    twice = rows.filter(pl.col("label").is_duplicated())
    if twice.height:
        row = twice.row(1, named=True)
        raise InputError(
            path,
            f"nationality {row['label']!r} is printed twice",
            sheet=row["where"],
            row=row[ROW],
        )
