"""Checks every ICE table's rows pass before they are read (each label is one its rows file
declares, no counted cell is blank), and the refusal every check ends in: an InputError at the
first offending row."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW


def refuse_rows(
    path: Path, offending: pl.DataFrame, message: str, *, column: str | None = None
) -> None:
    """Raise InputError at the first of the `offending` rows, in their order (sort by ROW to
    name the earliest), naming `column` as the cell at fault; no rows, no error."""
    if offending.height:
        raise InputError(path, message, row=offending[ROW][0], column=column)


def refuse_unknown(
    path: Path,
    frame: pl.DataFrame,
    rows: pl.DataFrame,
    *,
    on: str,
    declared: str = "label",
    what: str,
    listed_in: str,
    column: str | None = None,
) -> None:
    """Raise InputError at the first row whose `on` value is not among `rows[declared]` (the
    table's rows file `listed_in`), naming `column` (default `on`) as the cell at fault."""
    unknown = frame.join(rows, left_on=on, right_on=declared, how="anti")
    if unknown.height:
        raise InputError(
            path,
            f"unknown {what} {unknown[on][0]!r} (not in {listed_in})",
            row=unknown[ROW][0],
            column=column or on,
        )


def refuse_blank(
    path: Path, frame: pl.DataFrame, column: str, message: str = "blank value"
) -> None:
    """Raise InputError at the first row whose `column` is blank."""
    refuse_rows(path, frame.filter(pl.col(column).is_null()), message, column=column)
