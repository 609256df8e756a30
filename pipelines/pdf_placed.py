"""PDF tables whose blank cells are left unprinted, so a line holds fewer values than columns.

Such a table declares `headers` in tables.csv, the printed header of each column: its cells are
placed by position under them (`read_placed_cells`), and a table continuing over pages keeps the
header positions of its previous page where a page reprints none (`read_placed_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from pipelines.errors import InputError
from pipelines.pdf_tables import TableSpec


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
    start, edges = _header(path, lines, texts, spec, edges)
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


def _header(
    path: Path,
    lines: list[list[Word]],
    texts: list[str],
    spec: TableSpec,
    edges: list[float] | None,
) -> tuple[int, list[float]]:
    """(index of the header line, or -1 where the page reprints none; the column edges)."""
    if spec.title not in texts:
        raise InputError(path, f"title {spec.title!r} not found on the page", sheet=spec.where)
    start = -1
    if spec.anchor:
        found = next((i for i, text in enumerate(texts) if spec.anchor in text), None)
        if found is None:
            raise InputError(path, f"line {spec.anchor!r} not found on the page", sheet=spec.where)
        start, edges = found, column_edges(path, lines[found], spec)
    if edges is None:
        raise InputError(path, "no header line on the page and no previous page", sheet=spec.where)
    return start, edges


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
