"""Checks every ICE table's rows pass before they are read: each label is one its rows file
declares, and no counted cell is blank."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.readers import ROW


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
    blank = frame.filter(pl.col(column).is_null())
    if blank.height:
        raise InputError(path, message, row=blank[ROW][0], column=column)
