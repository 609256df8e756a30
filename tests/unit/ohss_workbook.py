"""A tiny OHSS monthly-tables workbook, written by hand in the real layout.

Every declared sheet, with OHSS's presentation quirks: a "Return to Table of Contents" link and a
title above the table, merged group headers over the column names (row 3, names on row 4; or
names on row 3), footnote digits glued to names, a Total row carrying the fiscal year above
month rows whose year cell is blank, a partial "2024 YTD" year, notes and a source line below.
Two fiscal-year blocks: FY2014 (Total, October, November) and 2024 YTD (Total, October). Every
count is 0 unless `cells` gives it ({(sheet, "C5"): 486650}).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
from openpyxl.utils import column_index_from_string, get_column_letter

from pipelines.sources.ohss_monthly_tables.pipeline import HERE

BLOCKS = [("2014", ["Total", "October", "November"]), ("2024 YTD", ["Total", "October"])]


def first_data_row(sheet: str) -> int:
    return _sheets()[sheet]["header_row"] + 1


def write_workbook(path: Path, cells: dict[tuple[str, str], object] | None = None) -> Path:
    cells = cells or {}
    workbook = openpyxl.Workbook()
    workbook.active.title = "TOC"
    workbook["TOC"]["A1"] = "Table of Contents"
    columns = pl.read_csv(HERE / "columns.csv", infer_schema=False).unique(
        ["sheet", "column"], keep="first", maintain_order=True
    )
    for sheet, spec in _sheets().items():
        ws = workbook.create_sheet(sheet)
        ws["A1"] = "Return to Table of Contents."
        ws["C1"] = '* Please click on the "plus" sign to the left of the years to expand.'
        ws["A2"] = spec["title"]
        header_row = spec["header_row"]
        declared = columns.filter(pl.col("sheet") == sheet).select("column", "group", "header")
        previous, start = None, None
        for letter, group, header in declared.rows():
            ws[f"{letter}{header_row}"] = header
            if header_row == 4 and group != previous:
                _merge(ws, start, letter, previous)
                if group:
                    ws[f"{letter}3"] = group
                previous, start = group, letter
        last = declared["column"][-1]
        if header_row == 4:
            _merge(ws, start, get_column_letter(column_index_from_string(last) + 1), previous)
        row = header_row + 1
        values = [c for c in declared["column"] if c not in ("A", "B")]
        for fiscal_year, months in BLOCKS:
            for month in months:
                if month == "Total":
                    ws[f"A{row}"] = int(fiscal_year) if fiscal_year.isdigit() else fiscal_year
                ws[f"B{row}"] = month
                for letter in values:
                    ws[f"{letter}{row}"] = cells.get((sheet, f"{letter}{row}"), 0)
                row += 1
        ws[f"A{row}"] = "NA Not available."
        ws[f"A{row + 1}"] = "Notes: To protect privacy, table cells are rounded to the nearest ten."
        ws.merge_cells(f"A{row + 1}:J{row + 1}")
        ws[f"A{row + 2}"] = "Source: Office of Homeland Security Statistics Persist Dataset.\t\t"
    workbook.save(path)
    return path


def _merge(ws, start: str | None, end_exclusive: str, group: str | None) -> None:
    """Merge a group header over its columns, as OHSS does (C3:G3)."""
    if start is None or not group:
        return
    end = get_column_letter(column_index_from_string(end_exclusive) - 1)
    if end != start:
        ws.merge_cells(f"{start}3:{end}3")


def _sheets() -> dict[str, dict]:
    sheets = pl.read_csv(HERE / "sheets.csv", infer_schema=False).filter(
        pl.col("header_row").is_not_null()
    )
    return {
        s: {"header_row": int(h), "title": t}
        for s, h, t in sheets.select("sheet", "header_row", "title").rows()
    }
