"""PDF tables whose row labels wrap over several lines (`wrap` above or centered in tables.csv).

Such a table is read strictly: every line between the anchor and the last row is a row or a piece
of a label, and the pieces are put back together around the row's values (`wrapped_rows`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.errors import InputError

if TYPE_CHECKING:
    from pipelines.pdf_tables import TableSpec


def _cells(label: str, texts: list[str], spec: TableSpec, row: int, total: bool) -> list[dict]:
    return [
        {"label": label, "is_total": total, "column": column, "text": text, "_row": row}
        for column, text in zip(spec.columns, texts, strict=True)
    ]


def wrapped_rows(path: Path, lines: list[str], first: int, spec: TableSpec) -> list[dict]:
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
    _check_rows(path, rows, centered, spec)
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


def _check_rows(path: Path, rows: list[dict], centered: bool, spec: TableSpec) -> None:
    """As many rows as declared, and a centered label's pieces as many below as above."""
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


def _joined(pieces: list[str]) -> str:
    label = ""
    for piece in filter(None, pieces):
        label += piece if not label or label.endswith("-") else f" {piece}"
    return label
