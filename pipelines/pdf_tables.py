"""Tables in a PDF's text layer, found and shaped by their declaration in a source's tables.csv.

A table is declared by page, the title printed above it, an anchor line after which its rows
start, a pattern for its row labels, its columns and its row count. Charts interleave axis labels
with the data lines, so a row is a label followed by exactly as many values as the table has
columns, at the end of a line; every other line is skipped, and the declared row count proves
that nothing was skipped that should not have been. The totals row may follow the rows or head
them (right under the anchor).

A table whose blank cells are left unprinted declares `headers` and is read by position
(pipelines.pdf_placed); a table whose labels wrap over lines declares `wrap`
(pipelines.pdf_wrapped).

A source whose files print the same table on different pages or under different titles adds a
`file` column to tables.csv: a declaration with a file name applies to that file only, one with
a blank file to every file. Footnote markers glued to a row label (`Total**`) are not part of
the label; a table that prints them beside its values declares them in its `value` pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import polars as pl
from pdfplumber.utils.exceptions import PdfminerException

from pipelines.errors import InputError
from pipelines.pdf_wrapped import wrapped_rows
from pipelines.readers import ROW

# The columns of the cells read_cells returns, as a polars schema.
CELLS = {
    "label": pl.String,
    "is_total": pl.Boolean,
    "column": pl.String,
    "text": pl.String,
    ROW: pl.Int64,
}
FIGURE = r"-?[\d,]+(?:\.\d+)?%?"  # a printed figure: 1,234 or -5 or 12% or 62.41%
VALUE = rf"(?:{FIGURE})"


@dataclass(frozen=True)
class TableSpec:
    table: str
    page: int  # 1-based page of the PDF file
    printed_page: str  # the page number printed on it (the yearbook's tab and page)
    title: str
    anchor: str
    rows_are: str  # region | fiscal_year | category
    label: str  # regex of a row label
    columns: tuple[str, ...]
    rows: int
    total_label: str | None
    value: str = VALUE  # regex of one printed value, when a table prints more than figures
    headers: tuple[str, ...] = ()  # printed header of each column, to read cells by position
    file: str | None = None  # the one file this declaration is for (None: every file)
    skip: int = 0  # header lines printed after the anchor line
    wrap: str = "none"  # where a row's values sit beside a wrapped label: none | above | centered

    @property
    def where(self) -> str:
        return f"page {self.page} ({self.table}, printed page {self.printed_page})"


def load_specs(folder: Path, file: str | None = None) -> list[TableSpec]:
    """The tables declared in `folder`/tables.csv (an optional `value` column widens VALUE; it is
    tried first, so a declared `1,234.56` is not read as a figure and a stray `56`; an optional
    `headers` column places cells by position). Given a `file` name, only the declarations for
    that file or for every file."""
    frame = pl.read_csv(folder / "tables.csv", infer_schema=False)
    if "file" in frame.columns and file is not None:
        frame = frame.filter(pl.col("file").is_null() | (pl.col("file") == file))
    return [
        TableSpec(
            table=row["table"],
            page=int(row["page"]),
            printed_page=row["printed_page"],
            title=row["title"],
            anchor=row["anchor"],
            rows_are=row["rows_are"],
            label=row["label"],
            columns=tuple(row["columns"].split(";")),
            rows=int(row["rows"]),
            total_label=row["total_label"] or None,
            value=rf"(?:{row['value']}|{FIGURE})" if row.get("value") else VALUE,
            headers=tuple(row["headers"].split(";")) if row.get("headers") else (),
            file=row.get("file") or None,
            skip=int(row.get("skip") or 0),
            wrap=row.get("wrap") or "none",
        )
        for row in frame.iter_rows(named=True)
    ]


def page_lines(path: Path, pages: set[int], y_tolerance: float = 3) -> dict[int, list[str]]:
    """The text lines of each wanted page (1-based). Words whose tops differ by at most
    `y_tolerance` points share a line (pdfplumber's default is 3; a value printed a little
    above its row's label needs more)."""
    try:
        with pdfplumber.open(path) as pdf:
            if max(pages) > len(pdf.pages):
                raise InputError(path, f"has {len(pdf.pages)} pages; page {max(pages)} is declared")
            return {
                p: (pdf.pages[p - 1].extract_text(y_tolerance=y_tolerance) or "").splitlines()
                for p in pages
            }
    except PdfminerException as exc:
        raise InputError(path, f"not a readable PDF: {exc}") from exc


def read_cells(path: Path, lines: list[str], spec: TableSpec) -> list[dict]:
    """Every cell of the table as printed: label, column and text, with its line on the page."""
    sheet = spec.where
    start = _anchor_line(path, lines, spec)
    value = spec.value
    values = rf"(?P<values>{value}(?:\s+{value}){{{len(spec.columns) - 1}}})$"
    if spec.wrap != "none":
        return wrapped_rows(path, lines[start + 1 + spec.skip :], start + 2 + spec.skip, spec)
    row_re = re.compile(rf"(?P<label>{spec.label})\**\s+{values}")
    total_re = re.compile(rf"(?:^|\s)(?P<label>{re.escape(spec.total_label or '')})\**\s+{values}")
    cells, rows, total, total_seen = [], 0, False, False
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        line = line.strip()
        match = spec.total_label and not total_seen and total_re.search(line)
        total = bool(match)
        if total and not rows and number != start + 2:
            break  # a totals row heads its rows only right under the anchor: here rows are missing
        total_seen = total_seen or total
        if not match:
            match = row_re.search(line)
            if not match:
                continue
            rows += 1
        texts = re.findall(value, match["values"])
        cells += [
            {
                "label": match["label"].strip(),
                "is_total": total,
                "column": column,
                "text": text,
                "_row": number,
            }
            for column, text in zip(spec.columns, texts, strict=True)
        ]
        # a totals row ends the table, unless it heads it; then the row count does
        if (total and rows) or (rows == spec.rows and (total_seen or not spec.total_label)):
            break
    if rows != spec.rows:
        raise InputError(path, f"found {rows} rows, the declaration says {spec.rows}", sheet=sheet)
    if spec.total_label and not total_seen:
        raise InputError(path, f"no {spec.total_label!r} row around the rows", sheet=sheet)
    return cells


def _anchor_line(path: Path, lines: list[str], spec: TableSpec) -> int:
    """The index of the line holding the table's anchor, on a page that prints its title."""
    if spec.title not in (line.strip() for line in lines):
        raise InputError(path, f"title {spec.title!r} not found on the page", sheet=spec.where)
    start = next((i for i, line in enumerate(lines) if spec.anchor in line), None)
    if start is None:
        raise InputError(path, f"line {spec.anchor!r} not found on the page", sheet=spec.where)
    return start


def check_totals(path: Path, cells: pl.DataFrame, spec: TableSpec, counts: list[str]) -> None:
    """The table's printed totals row equals the sum of its rows, column by column. A row whose
    value is null (a cell the publisher withholds, typed so by the caller) may leave the rows
    short of the total, never over it."""
    if not spec.total_label:
        return
    for column in counts:
        cells_of = cells.filter(pl.col("column") == column)
        printed = cells_of.filter("is_total")
        rows = cells_of.filter(~pl.col("is_total"))["value"]
        summed = rows.sum()
        if printed["value"].item() is None:
            continue
        withheld = rows.null_count() > 0
        if printed["value"].item() != summed and not (
            withheld and printed["value"].item() > summed
        ):
            raise InputError(
                path,
                f"the {spec.total_label} row prints {printed['value'].item():,.0f}, "
                f"its {cells_of.height - 1} rows sum to {summed:,.0f}",
                sheet=spec.where,
                row=printed["_row"].item(),
                column=column,
            )


def refuse_unread(path: Path, bad: pl.DataFrame, spec: TableSpec, what) -> None:
    """InputError at the first of `bad` cells (those that did not read as figures), naming the
    page, line and column; `what(cell)` says what the cell should have been."""
    if bad.height:
        first = bad.row(0, named=True)
        raise InputError(
            path,
            f"{first['text']!r} is not {what(first)}",
            sheet=spec.where,
            row=first[ROW],
            column=first["column"],
        )
