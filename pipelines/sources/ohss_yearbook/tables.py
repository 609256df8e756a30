"""Read each kind of yearbook table into long staged rows: one published cell per row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_identifying
from pipelines.sources.ohss_yearbook.workbook import count, fiscal_years, read_grid

TOTAL = "Total"
TYPES = ("Total", "Criminal", "Non-criminal")
_SERIES = {
    "_row": pl.Int64,
    "year": pl.String,
    "first_fiscal_year": pl.Int32,
    "last_fiscal_year": pl.Int32,
    "column": pl.String,
    "cell": pl.String,
    "count": pl.Int64,
}


def series(path: Path, spec: dict[str, Any]) -> pl.DataFrame:
    """Year (or decade) rows down to the first row without a year; footnotes may follow."""
    sheet = spec["sheet"]
    grid = read_grid(path, sheet)
    header = _header(path, grid[0], spec, sheet)
    body = []
    for number, row in enumerate(grid[1:], start=2):
        if row[0] is None:
            _only_notes_follow(path, grid, number, sheet)
            break
        body.append((number, row))
    return _series_rows(path, header, body, spec, sheet)


def series_csv(path: Path, spec: dict[str, Any]) -> pl.DataFrame:
    """The same series as a CSV; an empty cell is a figure the table does not give."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, frame.columns)
    header = _header(path, frame.columns, spec, None)
    body = [
        (i, [None if v is None else v.strip() or None for v in row])
        for i, row in enumerate(frame.iter_rows(), start=2)
    ]
    return _series_rows(path, header, body, {**spec, "blank_is_missing": True}, None)


def years_across(path: Path, spec: dict[str, Any]) -> pl.DataFrame:
    """Label rows (Total, regions, countries) by fiscal-year columns."""
    sheet = spec["sheet"]
    grid = read_grid(path, sheet)
    if grid[0][0] != spec["label_column"]:
        raise InputError(
            path, f"first header cell should be {spec['label_column']!r}", sheet=sheet, row=1
        )
    years = [_year(path, text, sheet, 1, text) for text in grid[0][1:]]
    rows = []
    for number, row in enumerate(grid[1:], start=2):
        if row[0] is None:
            _only_notes_follow(path, grid, number, sheet)
            break
        for year, text in zip(years, row[1:], strict=True):
            value = count(path, text, sheet=sheet, row=number, column=str(year))
            rows.append((number, row[0], year, text, value))
    frame = pl.DataFrame(
        rows,
        schema={
            "_row": pl.Int64,
            "label": pl.String,
            "fiscal_year": pl.Int32,
            "cell": pl.String,
            "count": pl.Int64,
        },
        orient="row",
    )
    _check_total_first(path, frame, sheet)
    return frame


def year_by_type(path: Path, spec: dict[str, Any]) -> pl.DataFrame:
    """Fiscal year x type rows (Total, Criminal, Non-criminal) by label columns."""
    sheet = spec["sheet"]
    grid = read_grid(path, sheet)
    labels = grid[0][2:]
    if labels[0] != TOTAL or None in labels:
        raise InputError(
            path,
            "columns after Year and Type should start with Total, all named",
            sheet=sheet,
            row=1,
        )
    rows = []
    for number, row in enumerate(grid[1:], start=2):
        year = _year(path, row[0], sheet, number, "Year")
        if row[1] not in TYPES:
            raise InputError(
                path,
                f"unexpected type {row[1]!r}; expected one of {TYPES}",
                sheet=sheet,
                row=number,
                column="Type",
            )
        for label, text in zip(labels, row[2:], strict=True):
            if text is None and spec.get("blank_is_missing"):
                value = None
            else:
                value = count(path, text, sheet=sheet, row=number, column=label)
            rows.append((number, year, row[1], label, text, value))
    return pl.DataFrame(
        rows,
        schema={
            "_row": pl.Int64,
            "fiscal_year": pl.Int32,
            "type": pl.String,
            "label": pl.String,
            "cell": pl.String,
            "count": pl.Int64,
        },
        orient="row",
    )


def _header(path, cells, spec, sheet) -> list[str]:
    header = [c.strip() if c else c for c in cells]
    expected = [spec["year_column"], *spec["columns"], *spec.get("not_read", [])]
    if header != expected:
        raise InputError(
            path,
            f"header {header} does not match the published layout {expected}",
            sheet=sheet,
            row=1,
        )
    return header


def _series_rows(path, header, body, spec, sheet) -> pl.DataFrame:
    rows = []
    for number, row in body:
        first, last = fiscal_years(path, row[0], sheet=sheet, row=number, column=header[0])
        for column, text in zip(header[1:], row[1:], strict=True):
            if column not in spec["columns"]:
                continue
            if text is None and spec.get("blank_is_missing"):
                value = None
            else:
                value = count(path, text, sheet=sheet, row=number, column=column)
            rows.append((number, row[0], first, last, column, text, value))
    frame = pl.DataFrame(rows, schema=_SERIES, orient="row")
    repeated = frame.filter(pl.struct("year", "column").is_duplicated())
    if repeated.height:
        raise InputError(
            path,
            f"year {repeated['year'][0]!r} appears twice",
            sheet=sheet,
            row=repeated["_row"][-1],
        )
    return frame


def _year(path, text, sheet, row, column) -> int:
    first, last = fiscal_years(path, text, sheet=sheet, row=row, column=column)
    if first != last:
        raise InputError(
            path, f"{text!r} should be one fiscal year", sheet=sheet, row=row, column=column
        )
    return first


def _only_notes_follow(path, grid, blank_row, sheet) -> None:
    """After the first blank row only footnotes may follow, never another year of data."""
    for number, row in enumerate(grid[blank_row:], start=blank_row + 1):
        if row[0] is not None and row[0][:1].isdigit() and row[0][:4].isdigit():
            raise InputError(
                path, f"data row {row[0]!r} after a blank row", sheet=sheet, row=number
            )


def _check_total_first(path, frame, sheet) -> None:
    if frame.height == 0 or frame["label"][0] != TOTAL:
        raise InputError(path, "the first row under the header should be Total", sheet=sheet, row=2)
    repeated = frame.filter(pl.struct("label", "fiscal_year").is_duplicated())
    if repeated.height:
        raise InputError(
            path,
            f"label {repeated['label'][0]!r} appears twice",
            sheet=sheet,
            row=repeated["_row"][-1],
        )
