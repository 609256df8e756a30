"""Strict readers for published tables: check the layout, type the values, point at bad cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying

ROW = "_row"  # the 1-based line (or sheet row) a value came from, for error messages
_HEADER_ROWS = 1


def read_csv_as_published(
    path: Path, header: Mapping[str, str], *, guard_count: str
) -> pl.DataFrame:
    """Read a CSV whose header must be exactly `header`'s keys; rename to its values.

    Refuses a record-level file (see pipelines.guard); `guard_count` names the count column.

    Every value is read as text (typing is the caller's, cell by cell), with `_row` holding the
    line number in the file, so errors can name the row. Raises InputError for a missing,
    renamed or unexpected column, a row with too few fields (a truncated file) or an empty file.
    """
    try:
        frame = pl.read_csv(
            path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=False
        )
    except pl.exceptions.NoDataError as exc:
        raise InputError(path, "the file is empty") from exc
    except pl.exceptions.ComputeError as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    frame = frame.rename({c: c.strip() for c in frame.columns})
    refuse_identifying(path, frame.columns)
    columns = frame.columns
    expected = list(header)
    missing = [c for c in expected if c not in columns]
    unexpected = [c for c in columns if c not in header]
    if missing or unexpected:
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(map(repr, missing))}")
        if unexpected:
            detail.append(f"unexpected column(s) {', '.join(map(repr, unexpected))}")
        raise InputError(
            path,
            "header does not match the published layout: "
            + "; ".join(detail)
            + f". Expected: {', '.join(expected)}",
            row=1,
            column=(unexpected or missing)[0],
        )
    refuse_event_log(path, frame, guard_count)
    frame = frame.select(expected).rename(dict(header))
    frame = frame.with_row_index(ROW, offset=_HEADER_ROWS + 1)
    for column in frame.columns[1:]:
        _no_blanks(path, frame, column, _published_name(header, column))
    return frame


def to_int(path: Path, frame: pl.DataFrame, column: str, published: str) -> pl.DataFrame:
    """Cast a text column of whole numbers (thousands separators allowed) to Int64, strictly."""
    values = frame.get_column(column).str.replace_all(",", "").str.strip_chars()
    parsed = values.cast(pl.Int64, strict=False)
    bad = frame.filter(parsed.is_null())
    if bad.height:
        raise InputError(
            path, f"{bad[column][0]!r} is not a whole number", row=bad[ROW][0], column=published
        )
    return frame.with_columns(parsed.alias(column))


def check_values(
    path: Path, frame: pl.DataFrame, column: str, published: str, allowed: set[str]
) -> None:
    """Raise InputError at the first value of `column` outside `allowed`."""
    bad = frame.filter(~pl.col(column).is_in(sorted(allowed)))
    if bad.height:
        raise InputError(
            path,
            f"unexpected value {bad[column][0]!r}; expected one of {sorted(allowed)}",
            row=bad[ROW][0],
            column=published,
        )


def check_unique(path: Path, frame: pl.DataFrame, keys: list[str]) -> None:
    """Raise InputError if two rows share the same key: an aggregate table has one row per cell."""
    duplicated = frame.filter(pl.struct(keys).is_duplicated())
    if duplicated.height:
        rows = duplicated[ROW].head(2).to_list()
        raise InputError(
            path,
            f"rows {rows[0]} and {rows[1]} repeat the same cell ({', '.join(keys)}); "
            "a published table has one row per cell",
            row=rows[1],
        )


def refuse_after(path: Path, frame: pl.DataFrame, as_of: dt.date, published: str) -> None:
    """Raise InputError at the first row whose `period` begins after the release's data date
    `as_of`: a release cannot count what has not happened (a mistyped or future year)."""
    late = frame.filter(pl.col("period") > as_of)
    if late.height:
        first = late.row(0, named=True)
        raise InputError(
            path,
            f"fiscal year {first['fiscal_year']} ({first['period']:%B %Y}) begins after the "
            f"release's data date {as_of}",
            row=first[ROW],
            column=published,
        )


def _no_blanks(path: Path, frame: pl.DataFrame, column: str, published: str) -> None:
    blank = frame.filter(pl.col(column).is_null() | (pl.col(column).str.strip_chars() == ""))
    if blank.height:
        raise InputError(
            path, "blank value (is the file truncated?)", row=blank[ROW][0], column=published
        )


def _published_name(header: Mapping[str, str], staged: str) -> str:
    return next(p for p, s in header.items() if s == staged)
