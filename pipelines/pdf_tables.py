"""Tables in a PDF's text layer, found and shaped by their declaration in a source's tables.csv.

A table is declared by page, the title printed above it, an anchor line after which its rows
start, a pattern for its row labels, its columns and its row count. Charts interleave axis labels
with the data lines, so a row is a label followed by exactly as many values as the table has
columns, at the end of a line; every other line is skipped, and the declared row count proves
that nothing was skipped that should not have been. The totals row may follow the rows or head
them (right under the anchor).

A table whose blank cells are left unprinted (so a line holds fewer values than columns) declares
`headers`, the printed header of each column: its cells are then placed by position under them
(`read_placed_cells`), and a table continuing over pages keeps the header positions of its
previous page where a page reprints none (`read_placed_table`).

A source whose files print the same table on different pages or under different titles adds a
`file` column to tables.csv: a declaration with a file name applies to that file only, one with
a blank file to every file. Footnote markers glued to a row label (`Total**`) are not part of
the label; a table that prints them beside its values declares them in its `value` pattern.

A table whose labels wrap over several lines (`wrap` above or centered) is read strictly instead:
every line between the anchor and the last row is a row or a piece of a label, and the pieces
are put back together around the row's values (see `_wrapped_rows`). A folder that declares the
tables of several files names each table's `file`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import polars as pl
from pdfplumber.utils.exceptions import PdfminerException

from pipelines.errors import InputError

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
    if spec.title not in (line.strip() for line in lines):
        raise InputError(path, f"title {spec.title!r} not found on the page", sheet=sheet)
    start = next((i for i, line in enumerate(lines) if spec.anchor in line), None)
    if start is None:
        raise InputError(path, f"line {spec.anchor!r} not found on the page", sheet=sheet)
    value = spec.value
    values = rf"(?P<values>{value}(?:\s+{value}){{{len(spec.columns) - 1}}})$"
    if spec.wrap != "none":
        return _wrapped_rows(path, lines[start + 1 + spec.skip :], start + 2 + spec.skip, spec)
    row_re = re.compile(rf"(?P<label>{spec.label})\**\s+{values}")
    total_re = re.compile(rf"(?:^|\s)(?P<label>{re.escape(spec.total_label or '')})\**\s+{values}")
    cells, rows, total, total_seen = [], 0, False, False
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        line = line.strip()
        match = spec.total_label and not total_seen and total_re.search(line)
        total = bool(match)
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


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # left edge on the page, in points
    x1: float  # right edge


def page_word_lines(path: Path, pages: set[int]) -> dict[int, list[list[Word]]]:
    """The text lines of each wanted page (as `page_lines` splits them), as words with their
    horizontal extent."""
    try:
        with pdfplumber.open(path) as pdf:
            if max(pages) > len(pdf.pages):
                raise InputError(path, f"has {len(pdf.pages)} pages; page {max(pages)} is declared")
            return {
                p: [
                    _words(path, p, line)
                    for line in pdf.pages[p - 1].extract_text_lines(return_chars=True)
                ]
                for p in pages
            }
    except PdfminerException as exc:
        raise InputError(path, f"not a readable PDF: {exc}") from exc


def _words(path: Path, page: int, line: dict) -> list[Word]:
    # The line's text puts spaces between words; its chars are the printed (non-space) ones.
    chars = [c for c in line["chars"] if not c["text"].isspace()]
    if sum(len(token) for token in line["text"].split()) != len(chars):
        raise InputError(
            path, f"line {line['text']!r}: text and characters differ", sheet=f"page {page}"
        )
    words, at = [], 0
    for token in line["text"].split():
        words.append(Word(token, chars[at]["x0"], chars[at + len(token) - 1]["x1"]))
        at += len(token)
    return words


def column_edges(path: Path, line: list[Word], spec: TableSpec) -> list[float]:
    """The left edge of each column: where its printed header starts on the header line."""
    texts, edges, at = [w.text for w in line], [], 0
    for header in spec.headers:
        parts = header.split()
        found = next((i for i in range(at, len(texts)) if texts[i : i + len(parts)] == parts), None)
        if found is None:
            raise InputError(path, f"column header {header!r} not found in order", sheet=spec.where)
        edges.append(line[found].x0)
        at = found + len(parts)
    return edges


def read_placed_cells(
    path: Path, lines: list[list[Word]], spec: TableSpec, edges: list[float] | None = None
) -> tuple[list[dict], list[float]]:
    """Every cell of a table whose blank cells are not printed, and the column edges used.

    Figures are right-aligned, so a value belongs to the column whose span (from its header's
    left edge to the next header's) holds the value's right edge; a blank cell has text None.
    The header line is the one holding `anchor`; with an empty anchor the page reprints no
    header, its rows start at the top and `edges` (from the previous page) place them.
    """
    sheet = spec.where
    texts = [" ".join(w.text for w in line) for line in lines]
    if spec.title not in texts:
        raise InputError(path, f"title {spec.title!r} not found on the page", sheet=sheet)
    start = -1
    if spec.anchor:
        start = next((i for i, text in enumerate(texts) if spec.anchor in text), None)
        if start is None:
            raise InputError(path, f"line {spec.anchor!r} not found on the page", sheet=sheet)
        edges = column_edges(path, lines[start], spec)
    if edges is None:
        raise InputError(path, "no header line on the page and no previous page", sheet=sheet)
    values = rf"(?P<values>{spec.value}(?:\s+{spec.value})*)$"
    row_re = re.compile(rf"(?P<label>{spec.label})\s+{values}")
    total_re = re.compile(rf"^(?P<label>{re.escape(spec.total_label or '')})\s+{values}")
    cells, rows, total = [], 0, False
    for index in range(start + 1, len(lines)):
        match = spec.total_label and total_re.match(texts[index])
        total = bool(match)
        if not match:
            match = row_re.match(texts[index])
            if not match:
                continue
            rows += 1
        placed = _place(path, lines[index], len(match["values"].split()), edges, spec, index + 1)
        cells += [
            {
                "label": match["label"].strip(),
                "is_total": total,
                "column": column,
                "text": placed.get(column),
                "_row": index + 1,
            }
            for column in spec.columns
        ]
        if total or (not spec.total_label and rows == spec.rows):
            break
    if rows != spec.rows:
        raise InputError(path, f"found {rows} rows, the declaration says {spec.rows}", sheet=sheet)
    if spec.total_label and not total:
        raise InputError(path, f"no {spec.total_label!r} row after the rows", sheet=sheet)
    return cells, edges


def _place(
    path: Path, line: list[Word], n: int, edges: list[float], spec: TableSpec, row: int
) -> dict[str, str]:
    """The line's last `n` words by the column they stand under."""
    placed: dict[str, str] = {}
    for word in line[len(line) - n :]:
        index = sum(edge <= word.x1 for edge in edges) - 1
        column = spec.columns[index] if index >= 0 else None
        if column is None or column in placed:
            raise InputError(
                path,
                f"value {word.text!r} at x={word.x1:.1f} stands under no column of its own",
                sheet=spec.where,
                row=row,
                column=column,
            )
        placed[column] = word.text
    return placed


def read_placed_table(
    path: Path, lines: dict[int, list[list[Word]]], specs: list[TableSpec]
) -> list[dict]:
    """A table declared page by page (same `table`, pages in order): the cells of all its pages,
    each with its `page`; a page without a header line keeps the previous page's columns."""
    cells, edges = [], None
    for spec in sorted(specs, key=lambda s: s.page):
        page_cells, edges = read_placed_cells(path, lines[spec.page], spec, edges)
        cells += [{**cell, "page": spec.page} for cell in page_cells]
    return cells


def _cells(label: str, texts: list[str], spec: TableSpec, row: int, total: bool) -> list[dict]:
    return [
        {"label": label, "is_total": total, "column": column, "text": text, "_row": row}
        for column, text in zip(spec.columns, texts, strict=True)
    ]


def _wrapped_rows(path: Path, lines: list[str], first: int, spec: TableSpec) -> list[dict]:
    """Rows of a table whose labels may wrap; `lines` start after the header, at line `first`.

    A label too long for its cell is printed on several lines and its values on one line beside
    it: on the label's last line (`above`: the pieces come before the values line), or in the
    middle (`centered`: as many pieces after the values line as before it; the values line
    carries the middle piece or none). Pieces are joined by a space, or by nothing after a
    hyphen ("BOSNIA-" + "HERZEGOVINA"). Any other line before the last row ends is an error.
    """
    value = spec.value
    values = rf"(?P<values>{value}(?:\s+{value}){{{len(spec.columns) - 1}}})"
    row_re = re.compile(rf"(?:(?P<label>{spec.label})\s+)?{values}")
    piece_re = re.compile(spec.label)
    centered = spec.wrap == "centered"
    rows: list[dict] = []
    pieces: list[str] = []
    end = len(lines)
    for index, line in enumerate(lines):
        number, line = first + index, line.strip()
        if len(rows) == spec.rows and (
            not centered or len(rows[-1]["after"]) == len(rows[-1]["before"])
        ):
            end = index
            break
        match = row_re.fullmatch(line)
        if match and len(rows) < spec.rows:
            if rows and centered:
                owed = len(rows[-1]["before"])
                rows[-1]["after"], pieces = pieces[:owed], pieces[owed:]
            rows.append({"before": pieces, "label": match["label"] or "", "after": []})
            rows[-1].update(texts=re.findall(value, match["values"]), _row=number)
            pieces = []
        elif not match and piece_re.fullmatch(line):
            pieces.append(line)
            if len(rows) == spec.rows:
                rows[-1]["after"] = pieces
        else:
            what = "a row whose label is cut off" if match else "neither a row nor part of a label"
            raise InputError(path, f"line {line!r} is {what}", sheet=spec.where, row=number)
    if len(rows) != spec.rows:
        raise InputError(
            path, f"found {len(rows)} rows, the declaration says {spec.rows}", sheet=spec.where
        )
    for row in rows if centered else []:
        if len(row["after"]) != len(row["before"]):
            raise InputError(
                path,
                f"the label of this row has {len(row['before'])} line(s) above its values "
                f"and {len(row['after'])} below",
                sheet=spec.where,
                row=row["_row"],
            )
    for index, line in enumerate(lines[end:], start=end):
        if row_re.fullmatch(line.strip()):
            raise InputError(
                path,
                f"a row after the declared {spec.rows}: {line.strip()!r}",
                sheet=spec.where,
                row=first + index,
            )
    return [
        cell
        for row in rows
        for cell in _cells(
            _joined([*row["before"], row["label"], *row["after"]]),
            row["texts"],
            spec,
            row["_row"],
            total=False,
        )
    ]


def _joined(pieces: list[str]) -> str:
    label = ""
    for piece in filter(None, pieces):
        label += piece if not label or label.endswith("-") else f" {piece}"
    return label
