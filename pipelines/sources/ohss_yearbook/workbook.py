"""Yearbook tables as a grid of published text, and the strict parsing of their cells.

Every cell is read as text so that markers the publisher prints ("NA", "-", "1901-10") survive
until a rule here decides what each means; numbers are then typed cell by cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import fastexcel
import polars as pl

from aggstats.calendar import fiscal_year_start_expr
from pipelines.errors import InputError
from pipelines.guard import refuse_identifying

NOT_AVAILABLE = "NA"  # printed where a figure is not available or withheld
ZERO = "-"  # printed by INS for zero
_COUNT = re.compile(r"^\d+(\.0+)?$")
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
_DECADE = re.compile(r"^(\d{4})-(\d{2}|\d{4})$")


def read_grid(path: Path, sheet: str) -> list[list[str | None]]:
    """The sheet's cells as stripped text (None when empty), row by row from the sheet's row 1."""
    try:
        workbook = fastexcel.read_excel(path)
    except Exception as exc:  # calamine raises several types for a file that is not a workbook
        raise InputError(path, f"not a readable spreadsheet: {exc}") from exc
    if sheet not in workbook.sheet_names:
        raise InputError(path, f"no sheet {sheet!r}; the workbook has {workbook.sheet_names}")
    frame = workbook.load_sheet_by_name(
        sheet, header_row=None, dtypes="string", skip_rows=0
    ).to_polars()
    rows = [[_text(v) for v in row] for row in frame.iter_rows()]
    if not rows:
        raise InputError(path, "the sheet is empty", sheet=sheet)
    refuse_identifying(path, [c for c in rows[0] if c], sheet=sheet)
    return rows


def count(path: Path, text: str | None, *, sheet: str, row: int, column: str) -> int | None:
    """A published count: a whole number, 0 for INS's "-", None where the table prints NA."""
    if text == NOT_AVAILABLE:
        return None
    if text == ZERO:
        return 0
    if text is None or not _COUNT.match(text.replace(",", "")):
        raise InputError(
            path, f"{text!r} is not a count (nor NA)", sheet=sheet, row=row, column=column
        )
    return int(float(text.replace(",", "")))


def fiscal_years(path: Path, text: str | None, *, sheet: str, row: int, column: str):
    """(first, last) fiscal year of a year label: "1925" is one year, "1901-10" a decade."""
    year = _YEAR.match(text or "")
    if year:
        return int(year[1]), int(year[1])
    decade = _DECADE.match(text or "")
    if decade:
        first, end = int(decade[1]), decade[2]
        last = int(end) if len(end) == 4 else first - first % 100 + int(end)
        if 0 < last - first <= 9:
            return first, last
    raise InputError(
        path, f"{text!r} is not a fiscal year or a decade", sheet=sheet, row=row, column=column
    )


def fiscal_year_start(first_fiscal_year: pl.Expr) -> pl.Expr:
    """1 October before the fiscal year, whatever the era (see the source's quirks)."""
    return fiscal_year_start_expr(first_fiscal_year)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
