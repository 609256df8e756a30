"""INS-era activity tables: one row per printed label, one column per fiscal year.

Which label feeds which measure (and breakdown), and which printed totals must equal the sum of
which rows, are declared in layouts.yaml; this module reads the cells and proves the totals.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.errors import InputError
from pipelines.sources.ohss_yearbook.workbook import count, read_grid

# "1997 /1": a fiscal year with a footnote marker (INS 1998 Table 73)
_YEAR_HEADER = re.compile(r"^(\d{4})(?:\.0+)?(?:\s*/\d+)?$")
SCHEMA = {
    "_row": pl.Int64,
    "label": pl.String,
    "year_label": pl.String,
    "fiscal_year": pl.Int32,
    "cell": pl.String,
    "count": pl.Int64,
}


def labelled_rows(path: Path, spec: dict[str, Any]) -> pl.DataFrame:
    """Every declared label's cells; an undeclared or missing label is refused."""
    sheet, header_row = spec["sheet"], spec.get("header_row", 1)
    grid = read_grid(path, sheet)
    if len(grid) < header_row or grid[header_row - 1][0] != spec["label_column"]:
        raise InputError(
            path,
            f"row {header_row} should start with {spec['label_column']!r}",
            sheet=sheet,
            row=header_row,
        )
    header = grid[header_row - 1][1:]
    years = [_year(path, text, sheet, header_row) for text in header]
    rows, seen = [], {}
    for number, row in _body(path, grid, header_row, sheet):
        label = row[0]
        if label not in spec["rows"]:
            raise InputError(path, f"undeclared row label {label!r}", sheet=sheet, row=number)
        if label in seen:
            raise InputError(path, f"label {label!r} appears twice", sheet=sheet, row=number)
        seen[label] = number
        for text, year, cell in zip(header, years, row[1:], strict=True):
            value = count(path, cell, sheet=sheet, row=number, column=text)
            rows.append((number, label, text, year, cell, value))
    missing = [label for label in spec["rows"] if label not in seen]
    if missing:
        raise InputError(path, f"declared rows not found: {missing}", sheet=sheet)
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    check_sums(path, frame, spec, sheet)
    return frame


def targets(spec: dict[str, Any]) -> pl.DataFrame:
    """label -> (measure, dimension, category): "measure" alone is its total."""
    rows = []
    for label, entries in spec["rows"].items():
        for entry in [entries] if isinstance(entries, str) else entries:
            measure, *breakdown = [part.strip() for part in entry.split(" / ")]
            dimension, category = breakdown or ("total", "total")
            rows.append((label, measure, dimension, category))
    return pl.DataFrame(rows, schema=["label", "measure_id", "dimension", "category"], orient="row")


def check_sums(path: Path, frame: pl.DataFrame, spec: dict[str, Any], sheet: str) -> None:
    """Each declared total equals the sum of its rows. Where a row prints NA (a small count
    withheld) the rows may fall short of the total, never exceed it; a total that disagrees
    otherwise must be declared in `mismatches` with both figures, or the file is refused."""
    cells = {(r["label"], r["fiscal_year"]): r for r in frame.iter_rows(named=True)}
    years = frame["fiscal_year"].unique(maintain_order=True).to_list()
    declared = {(m["total"], m["year"]): m for m in spec.get("mismatches", [])}
    found = set()
    for total, *parts in spec.get("sums", []):
        for year in years:
            printed = cells[(total, year)]
            values = [cells[(part, year)]["count"] for part in parts]
            summed = sum(v for v in values if v is not None)
            withheld = None in values
            if printed["count"] is None or printed["count"] == summed:
                continue
            if withheld and printed["count"] > summed:
                continue
            known = declared.get((total, year))
            if known and (known["printed"], known["parts"]) == (printed["count"], summed):
                found.add((total, year))
                continue
            raise InputError(
                path,
                f"{total!r} prints {printed['count']:,}, its rows sum to {summed:,}",
                sheet=sheet,
                row=printed["_row"],
                column=printed["year_label"],
            )
    for total, *parts in spec.get("at_least", []):
        for year in years:
            printed = cells[(total, year)]
            summed = sum(cells[(part, year)]["count"] or 0 for part in parts)
            if printed["count"] is not None and printed["count"] < summed:
                raise InputError(
                    path,
                    f"{total!r} prints {printed['count']:,}, less than its rows' {summed:,}",
                    sheet=sheet,
                    row=printed["_row"],
                    column=printed["year_label"],
                )
    stale = sorted(set(declared) - found)
    if stale:
        raise InputError(path, f"declared mismatches not found in the table: {stale}", sheet=sheet)


def _body(path, grid, header_row, sheet):
    """Label rows after the header; blank rows may precede them, footnotes follow the first
    blank row after them."""
    started = False
    for number, row in enumerate(grid[header_row:], start=header_row + 1):
        blank = all(cell is None for cell in row)
        if blank and started:
            for later, rest in enumerate(grid[number:], start=number + 1):
                if any(cell is not None for cell in rest[1:]):
                    raise InputError(
                        path, f"figures after the table's end: {rest[0]!r}", sheet=sheet, row=later
                    )
            return
        if not blank:
            started = True
            yield number, row


def _year(path, text, sheet, row) -> int:
    match = _YEAR_HEADER.match(text or "")
    if not match:
        raise InputError(
            path, f"{text!r} is not a fiscal year", sheet=sheet, row=row, column=str(text)
        )
    return int(match[1])
