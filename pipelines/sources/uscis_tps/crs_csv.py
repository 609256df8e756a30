"""The CRS compilation of TPS approvals by country at dates (a third party's CSV).

One row per country, one column per date (declared in crs_columns.csv). A blank cell is a
country not designated for TPS at that date: no figure, never a zero.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipelines.errors import InputError
from pipelines.guard import refuse_event_log, refuse_identifying
from pipelines.readers import ROW

HERE = Path(__file__).parent
COUNTRY = "Country"


def dates(folder: Path = HERE) -> dict[str, dt.date]:
    frame = pl.read_csv(folder / "crs_columns.csv", infer_schema=False)
    return {c: dt.date.fromisoformat(d) for c, d in frame.iter_rows()}


def read_crs(path: Path, folder: Path = HERE) -> pl.DataFrame:
    """Country x date cells as published: `country`, `column`, `date`, `text`, `value`."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.NoDataError, pl.exceptions.ComputeError) as exc:
        raise InputError(path, f"not a readable CSV table: {str(exc).splitlines()[0]}") from exc
    refuse_identifying(path, frame.columns)
    columns = dates(folder)
    expected = [COUNTRY, *columns]
    if frame.columns != expected:
        raise InputError(
            path, f"header {frame.columns} does not match the published layout {expected}", row=1
        )
    frame = frame.with_row_index(ROW, offset=2)
    if frame[COUNTRY].is_null().any() or frame[COUNTRY].is_duplicated().any():
        row = frame.filter(pl.col(COUNTRY).is_null() | pl.col(COUNTRY).is_duplicated())[ROW][0]
        raise InputError(path, "every row needs its own country", row=row, column=COUNTRY)
    long = frame.unpivot(index=[ROW, COUNTRY], variable_name="column", value_name="text")
    long = long.with_columns(pl.col("text").str.strip_chars())
    value = pl.col("text").str.replace_all(",", "").cast(pl.Int64, strict=False)
    bad = long.filter(pl.col("text").is_not_null() & (pl.col("text") != "") & value.is_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise InputError(
            path, f"{first['text']!r} is not a count", row=first[ROW], column=first["column"]
        )
    long = long.with_columns(
        value=value.cast(pl.Float64), date=pl.col("column").replace_strict(columns)
    )
    refuse_event_log(path, long, "value")
    return long.rename({COUNTRY: "country"}).select(
        ROW, "country", "column", "date", "text", "value"
    )
