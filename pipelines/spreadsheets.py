"""Strict reading of presentation spreadsheets: a declared table, found where it is declared.

Agencies publish workbooks made for eyes: title rows, a row of merged group headers above the
column names, footnote digits glued to labels, notes below the table. A `SheetLayout` says
where the table is and what every column is called; `read_sheet` checks the sheet against it and
returns the table's body as text, refusing (InputError naming file, sheet and cell) a missing or
renamed sheet, a header that moved, a renamed column or an unexpected one.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from pipelines.errors import InputError
from pipelines.readers import ROW


@dataclass(frozen=True)
class Column:
    letter: str  # where the column is: "C"
    header: str  # its name in the header row, exactly as published ("Single Adults1")
    group: str | None = None  # the merged group header above it ("USBP"), if any


@dataclass(frozen=True)
class SheetLayout:
    sheet: str
    header_row: int  # 1-based row of the column names
    columns: tuple[Column, ...]
    group_row: int | None = None  # 1-based row of the merged group headers, if any


def cell(letter: str, row: int) -> str:
    """A cell address as a spreadsheet shows it: C4."""
    return f"{letter}{row}"


def open_workbook(path: Path) -> Any:
    """The workbook, read-only, with cached formula results; InputError if it is not one."""
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(path, f"not a readable .xlsx workbook: {exc}") from exc


def check_sheets(path: Path, workbook: Any, declared: Iterable[str]) -> None:
    """Every declared sheet is there and no undeclared one: a renamed sheet fails either way."""
    declared = list(declared)
    present = list(workbook.sheetnames)
    missing = [s for s in declared if s not in present]
    unexpected = [s for s in present if s not in declared]
    if missing:
        instead = f"; undeclared sheets: {', '.join(map(repr, unexpected))}" if unexpected else ""
        raise InputError(
            path,
            f"sheet {missing[0]!r} is missing (renamed or removed?){instead}",
            sheet=missing[0],
        )
    if unexpected:
        raise InputError(
            path,
            f"unexpected sheet {unexpected[0]!r}: declare it (or its new name) in the layout",
            sheet=unexpected[0],
        )


def read_sheet(path: Path, workbook: Any, layout: SheetLayout) -> pl.DataFrame:
    """The table body of one sheet: `_row` plus one text column per declared column letter.

    The body runs from the row below the header to the first row with nothing beyond its first
    cell (a note, a source line or a blank row); nothing may follow below but such rows.
    """
    if layout.sheet not in workbook.sheetnames:
        raise InputError(path, "sheet is missing (renamed or removed?)", sheet=layout.sheet)
    rows = [tuple(r) for r in workbook[layout.sheet].iter_rows(min_row=1, values_only=True)]
    _check_header(path, layout, rows)
    letters = [c.letter for c in layout.columns]
    indices = [column_index_from_string(x) - 1 for x in letters]
    body, ended = [], False
    for number, values in enumerate(rows[layout.header_row :], start=layout.header_row + 1):
        texts = [_text(values[i]) if i < len(values) else None for i in indices]
        beyond_first = [t for t in _texts(values[1:]) if t is not None]
        if not beyond_first:
            ended = True
            continue
        if ended:
            column = next(get_column_letter(j + 2) for j, v in enumerate(values[1:]) if _text(v))
            raise InputError(
                path,
                "table cells below the table's end (a note or blank row): has the layout changed?",
                sheet=layout.sheet,
                row=number,
                column=column,
            )
        _check_no_extra_cells(path, layout, values, number, set(indices))
        body.append([number, *texts])
    if not body:
        raise InputError(
            path,
            "the table has its header but no rows (a release without its figures?)",
            sheet=layout.sheet,
            row=layout.header_row + 1,
        )
    _check_no_merged_body(path, layout.sheet, body[0][0], body[-1][0])
    schema = {ROW: pl.Int64, **{x: pl.String for x in letters}}
    return pl.DataFrame(body, schema=schema, orient="row")


def merged_ranges(path: Path, sheet: str) -> list[str]:
    """The merged ranges of a sheet ("C3:G3"), read from the workbook's XML: openpyxl's fast
    read-only mode does not report them."""
    with zipfile.ZipFile(path) as archive:
        sheets = _tags(archive.read("xl/workbook.xml"), "sheet")
        rels = _tags(archive.read("xl/_rels/workbook.xml.rels"), "Relationship")
        rid = next((t.get("r:id") for t in sheets if t.get("name") == sheet), None)
        target = next((t.get("Target") for t in rels if t.get("Id") == rid), None)
        if rid is None or target is None:
            return []
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = archive.read(posixpath.normpath(name)).decode()
    return re.findall(r'<mergeCell\b[^>]*ref="([^"]*)"', xml)


def _tags(xml: bytes, tag: str) -> list[dict[str, str]]:
    """The attributes of every <tag .../> in a workbook part, whatever their order."""
    return [
        dict(re.findall(r'([\w:]+)="([^"]*)"', m[1]))
        for m in re.finditer(rf"<{tag}\b([^>]*)>", xml.decode())
    ]


def _check_no_merged_body(path: Path, sheet: str, first: int, last: int) -> None:
    """Merged cells inside the table body hide every value but the first: refused."""
    for ref in merged_ranges(path, sheet):
        low_col, low_row, high_col, high_row = range_boundaries(ref)
        if low_row <= last and high_row >= first:
            # name the first cell the merge hides
            row, col = (low_row, low_col + 1) if high_col > low_col else (low_row + 1, low_col)
            raise InputError(
                path,
                f"merged cells {ref} inside the table body: the merge hides every value but "
                "the first (a blank where a count was)",
                sheet=sheet,
                row=max(row, first),
                column=get_column_letter(col),
            )


def _check_header(path: Path, layout: SheetLayout, rows: list[tuple]) -> None:
    header = _row(rows, layout.header_row)
    groups = _row(rows, layout.group_row) if layout.group_row else ()
    previous_group = None
    for column in layout.columns:
        i = column_index_from_string(column.letter) - 1
        found = _text(header[i]) if i < len(header) else None
        if found != column.header:
            raise InputError(
                path,
                f"expected column header {column.header!r} in cell "
                f"{cell(column.letter, layout.header_row)}, found {found!r} "
                "(has the header row moved, or a column been renamed or inserted?)",
                sheet=layout.sheet,
                row=layout.header_row,
                column=column.letter,
            )
        if layout.group_row:
            # A merged group header sits in its first column only; the rest of the range is blank.
            expected = column.group if column.group != previous_group else None
            found_group = _text(groups[i]) if i < len(groups) else None
            if found_group != expected:
                raise InputError(
                    path,
                    f"expected group header {expected!r} in cell "
                    f"{cell(column.letter, layout.group_row)}, found {found_group!r}",
                    sheet=layout.sheet,
                    row=layout.group_row,
                    column=column.letter,
                )
            previous_group = column.group
    declared = {column_index_from_string(c.letter) - 1 for c in layout.columns}
    for row_number, values in ((layout.header_row, header), (layout.group_row, groups)):
        for i, value in enumerate(values):
            if i not in declared and _text(value) is not None:
                letter = get_column_letter(i + 1)
                raise InputError(
                    path,
                    f"unexpected column header {_text(value)!r} in cell {cell(letter, row_number)}",
                    sheet=layout.sheet,
                    row=row_number,
                    column=letter,
                )


def _check_no_extra_cells(
    path: Path, layout: SheetLayout, values: tuple, number: int, declared: set[int]
) -> None:
    for i, value in enumerate(values):
        if i not in declared and _text(value) is not None:
            letter = get_column_letter(i + 1)
            raise InputError(
                path,
                f"value {_text(value)!r} in cell {cell(letter, number)}, outside the declared "
                "columns (an unexpected column?)",
                sheet=layout.sheet,
                row=number,
                column=letter,
            )


def _row(rows: list[tuple], number: int) -> tuple:
    return rows[number - 1] if number <= len(rows) else ()


def _texts(values: Iterable[Any]) -> list[str | None]:
    return [_text(v) for v in values]


def _text(value: Any) -> str | None:
    """A cell as text: whole numbers without a decimal point, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
