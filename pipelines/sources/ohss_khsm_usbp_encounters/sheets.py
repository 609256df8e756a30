"""Strict reading of long tables in a workbook: each sheet's header at its declared row.

Cells are read with python-calamine from cell A1, empty leading rows and columns included, so the
rows and columns an error names are the ones a spreadsheet shows. (Readers that start at the first
non-empty cell would take a header moved down a row for one in place.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from python_calamine import CalamineWorkbook

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW

_TYPES = {"integer": pl.Int64, "text": pl.String}
_HEADER_SEARCH_ROWS = 20  # how far to look for a header that moved, to say where it went


@dataclass(frozen=True)
class Column:
    published: str  # the header cell, exactly as published
    name: str  # the staged column
    type: str  # integer | text


@dataclass(frozen=True)
class Sheet:
    name: str
    header_row: int  # 1-based, as a spreadsheet counts
    columns: tuple[Column, ...]  # in order from column A

    def letter(self, name: str) -> str:
        """The spreadsheet column letter of the staged column `name`."""
        return column_letter(next(i for i, c in enumerate(self.columns) if c.name == name))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def open_workbook(path: Path, declared: Sequence[str]) -> CalamineWorkbook:
    """Open the workbook; it must hold exactly the declared sheets."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for every kind of unreadable file
        raise InputError(path, f"not a readable workbook: {exc}") from exc
    present = list(workbook.sheet_names)
    missing = [s for s in declared if s not in present]
    if missing:
        raise InputError(
            path,
            f"sheet missing (renamed or removed?); the workbook has {present}",
            sheet=missing[0],
        )
    undeclared = [s for s in present if s not in declared]
    if undeclared:
        raise InputError(path, "sheet not declared in source.yaml", sheet=undeclared[0])
    return workbook


def read_sheet(path: Path, workbook: CalamineWorkbook, sheet: Sheet, count: str) -> pl.DataFrame:
    """The sheet's table below its header, typed, with `_row` the sheet row of each value.

    Refuses a header not where declared, an unexpected column, a blank or mistyped cell, and a
    record-level table (see pipelines.guard; `count` names the staged count column).
    """
    cells = workbook.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    if len(cells) >= sheet.header_row:
        header = [v for v in cells[sheet.header_row - 1] if isinstance(v, str) and v.strip()]
        refuse_identifying(path, header, sheet=sheet.name)
    _check_header(path, sheet, cells)
    body = cells[sheet.header_row :]
    while body and all(_blank(v) for v in body[-1]):
        body.pop()
    first = sheet.header_row + 1
    width = len(sheet.columns)
    for i, row in enumerate(body):
        extra = next((j for j in range(width, len(row)) if not _blank(row[j])), None)
        if extra is not None:
            raise InputError(
                path,
                f"value {row[extra]!r} outside the declared columns (unexpected column)",
                sheet=sheet.name,
                row=first + i,
                column=column_letter(extra),
            )
    data = {ROW: pl.Series(ROW, range(first, first + len(body)), dtype=pl.Int64)}
    for j, column in enumerate(sheet.columns):
        values = [row[j] if j < len(row) else "" for row in body]
        where = {"sheet": sheet.name, "column": column_letter(j)}
        data[column.name] = _typed(path, column, values, first, where)
    frame = pl.DataFrame(data)
    refuse_event_log(path, frame, count, sheet=sheet.name)
    return frame


def refuse(path: Path, sheet: Sheet, frame: pl.DataFrame, bad: pl.Expr, column: str, why: str):
    """Raise InputError naming the first cell where `bad` holds; `why` may use {value}."""
    hit = frame.filter(bad)
    if hit.height:
        raise InputError(
            path,
            why.format(value=repr(hit[column][0])),
            sheet=sheet.name,
            row=hit[ROW][0],
            column=sheet.letter(column),
        )


def _check_header(path: Path, sheet: Sheet, cells: list[list[Any]]) -> None:
    expected = [c.published for c in sheet.columns]
    found = cells[sheet.header_row - 1] if len(cells) >= sheet.header_row else []
    found = [*found, *[""] * (len(expected) - len(found))]
    for j, header in enumerate(expected):
        if found[j] != header:
            elsewhere = _find_header(cells, expected)
            moved = f"; the header is at {elsewhere} instead" if elsewhere else ""
            raise InputError(
                path,
                f"header is not where declared: expected {header!r}, found {found[j]!r}{moved}",
                sheet=sheet.name,
                row=sheet.header_row,
                column=column_letter(j),
            )
    extra = next((j for j in range(len(expected), len(found)) if not _blank(found[j])), None)
    if extra is not None:
        raise InputError(
            path,
            f"unexpected column {found[extra]!r}; declared: {expected}",
            sheet=sheet.name,
            row=sheet.header_row,
            column=column_letter(extra),
        )


def _find_header(cells: list[list[Any]], expected: list[str]) -> str | None:
    """The cell where the header row starts, if it is elsewhere near the top of the sheet."""
    for i, row in enumerate(cells[:_HEADER_SEARCH_ROWS]):
        for j in range(len(row) - len(expected) + 1):
            if list(row[j : j + len(expected)]) == expected:
                return f"{column_letter(j)}{i + 1}"
    return None


def _typed(
    path: Path, column: Column, values: list[Any], first: int, where: Mapping[str, str]
) -> pl.Series:
    for i, value in enumerate(values):
        if _blank(value):
            raise InputError(path, "blank cell (is the sheet truncated?)", row=first + i, **where)
        if column.type == "integer" and not _whole_number(value):
            raise InputError(path, f"{value!r} is not a whole number", row=first + i, **where)
        if column.type == "text" and not isinstance(value, str):
            raise InputError(path, f"{value!r} is not text", row=first + i, **where)
    if column.type == "integer":
        values = [int(v) for v in values]
    return pl.Series(column.name, values, dtype=_TYPES[column.type])


def _whole_number(value: Any) -> bool:
    # Excel stores every number as a float; a count must still be whole.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value == int(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
