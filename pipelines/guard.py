"""The hard rule, enforced: aggstats reads published counts, never individual records.

A file is refused on evidence, at any row count, when:
- a column's name marks a person, case or event (names, A-numbers, dates of birth, booking, case
  or event ids, narratives, exact event dates);
- a column's values do: A-numbers, or free-text narratives;
- it has no count column, or none of its rows (two or more) has a count;
- nearly all its counts (NEARLY_ALL) are 0 or 1 and a key-like column (ids such as
  "BK-0012345", or "Last, First" names) is unique per row, or its rows are dated to the day
  beside categories, or rows repeat the same cell;
- or, from EVENT_LOG_MIN_ROWS counts other than 0, they have the shape of an event log: none
  above EVENT_COUNT_MAX and at least EVENT_SHARE of them 1 (a row per event, the few 2s and 3s
  its families or groups).

Published tables, even of small cells, fail none of these: the real files' highest share of
counts at most 1 is 38% (ICE's, zeros mostly) and every table's largest value is above 150
(tests/integration/test_guard_real_files.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines.errors import InputError, RecordLevelError
from pipelines.identifying import (
    Where,
    identifying_columns,
    refuse_identifying,
    refuse_identifying_values,
)

__all__ = [  # the guard's whole interface, the identifying half included
    "identifying_columns",
    "refuse_empty",
    "refuse_event_log",
    "refuse_identifying",
    "refuse_identifying_values",
    "refuse_record_level",
]

# The event-log shape is judged from this many counts other than 0 up: fewer say too little (a
# published table of three small cells is possible); below it only keys, day dates and repeats.
EVENT_LOG_MIN_ROWS = 10
EVENT_COUNT_MAX = 3  # an event log's counts: 1 per event, a family of 2 or 3 at most
EVENT_SHARE = 0.75  # ... and three in four of them 1
NEARLY_ALL = 0.9  # share of counts at most 1 from which keys, day dates and repeats are evidence
_KEY = re.compile(r"^(?=.*\d{5})(?=.*[A-Za-z-])[A-Za-z]{0,6}[-_ ]?[0-9][0-9A-Za-z-]{4,}$")
_PERSON_NAME = re.compile(r"^[A-Z][A-Za-z'-]+, [A-Z][a-z'-]+( [A-Z]\.?)?$")
# Day-grain dates: ISO (2024-03-17) or US (3/17/2024), with or without a time.
_DAY_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})([ T].*)?$")
_PERSON_ATTRIBUTE = re.compile(
    r"citizenship|nationality|country|gender|\bsex\b|race|ethnic|\bage\b|marital|language"
    r"|criminality|conviction|demographic",
    re.IGNORECASE,
)


def refuse_record_level(
    file: str | Path, frame: pl.DataFrame, count_column: str, *, sheet: str | None = None
) -> None:
    """Raise RecordLevelError if `frame` (as read, before any aggregation) looks record-level."""
    refuse_identifying(file, frame.columns, sheet=sheet)
    refuse_event_log(file, frame, count_column, sheet=sheet)


def refuse_event_log(
    file: str | Path,
    frame: pl.DataFrame,
    count_column: str,
    *,
    sheet: str | None = None,
    first_row: int = 2,
) -> None:
    """Raise RecordLevelError if the table's values show individual records (see the module).

    `first_row` is the file row of the frame's first row, for the message, unless the frame
    carries `_row`.
    """
    refuse_empty(file, frame, sheet=sheet, row=first_row)
    if count_column not in frame.columns:
        raise RecordLevelError(
            file,
            f"has no count column {count_column!r}: a file without counts is a row per "
            "event or person, which aggstats refuses",
            sheet=sheet,
            row=1,
        )
    refuse_identifying_values(file, frame, sheet=sheet, first_row=first_row)
    where = Where(file, frame, sheet, first_row)
    present = frame.get_column(count_column)
    if present.dtype == pl.String:
        present = present.str.strip_chars().replace("", None)
    # One blank row is a blank cell, the reader's to name; more, and no count anywhere, is a list.
    if frame.height > 1 and present.is_null().all():
        raise where.error(
            f"no row has a count (column {count_column!r} is blank on all {frame.height} rows): "
            "a row per event or person, which aggstats refuses",
            count_column,
            0,
        )
    counts = _numeric_counts(frame, count_column)
    if counts is None:
        return  # counts that are not numbers: the reader names the cell
    small = int(counts.le(1).sum())
    if small < NEARLY_ALL * counts.len():
        return _refuse_event_shape(where, counts, count_column)
    # Nearly no count above 1: the rows may be people or events. Look for what makes them so.
    what = f"{small} of {counts.len()} counts are 0 or 1 (column {count_column!r})"
    texts = {c: _as_text(frame.get_column(c)) for c in frame.columns if c != "_row"}
    _refuse_keys(where, frame, texts, count_column, what)
    _refuse_dated_events(where, frame, texts, count_column, what)
    _refuse_repeated_rows(where, frame, count_column, what)
    _refuse_event_shape(where, counts, count_column)


def refuse_empty(
    file: str | Path, frame: pl.DataFrame, *, sheet: str | None = None, row: int | None = None
) -> None:
    """Raise InputError if a table has its header but no rows: a release printed without its
    figures would otherwise replace them with nothing. Every reader hands its table here."""
    if frame.height == 0:
        raise InputError(
            file,
            "has its header but no data rows (a release without its figures?)",
            sheet=sheet,
            row=row,
        )


def _refuse_event_shape(where: Where, counts: pl.Series, count_column: str) -> None:
    """Refuse counts shaped like an event log's (see the module), whatever their columns. Zeros
    say nothing either way (an empty cell of a table, a "no" in a log) and are left out."""
    events = counts.filter(counts != 0)
    if events.len() < EVENT_LOG_MIN_ROWS:
        return
    ones, top = int(events.eq(1).sum()), float(events.abs().max())  # type: ignore[arg-type]
    if top <= EVENT_COUNT_MAX and ones >= EVENT_SHARE * events.len():
        raise where.error(
            f"{ones} of {events.len()} counts other than 0 are 1 and none is more than "
            f"{top:g}: this is an event log (a row per event), not a table of counts",
            count_column,
        )


def _numeric_counts(frame: pl.DataFrame, count_column: str) -> pl.Series | None:
    """The count column as numbers without blanks; None when a count is not a number or every
    count is blank (the reader's typing names those cells)."""
    counts = frame.get_column(count_column)
    if counts.dtype == pl.String:  # as published: "1,280"
        counts = counts.str.replace_all(r"[,\s]", "")
    counts = counts.cast(pl.Float64, strict=False)
    if counts.is_null().sum() > frame.get_column(count_column).is_null().sum():
        return None
    counts = counts.drop_nulls()
    return None if counts.is_empty() else counts


def _refuse_keys(
    where: Where, frame: pl.DataFrame, texts: dict, count_column: str, what: str
) -> None:
    for column, values in texts.items():
        if column == count_column or values is None or frame.height < 1:
            continue
        if _is_key(values):
            raise where.error(
                f"column values like {values[0]!r} are unique per row and {what}: "
                "a row per person, case or event, which aggstats refuses",
                column,
                0,
            )


def _refuse_dated_events(
    where: Where, frame: pl.DataFrame, texts: dict, count_column: str, what: str
) -> None:
    days = [c for c, v in texts.items() if v is not None and _day_dates(v)]
    attributes = [c for c, v in texts.items() if v is not None and c not in days + [count_column]]
    persons = [c for c in attributes if _PERSON_ATTRIBUTE.search(c.replace("_", " "))]
    if days and attributes and frame.height:
        raise where.error(
            f"rows carry a date at day grain ({days[0]!r}) and "
            f"{'person attributes' if persons else 'categories'} "
            f"({', '.join(persons or attributes)}) and {what}: an event log, "
            "which aggstats refuses",
            days[0],
            0,
        )


def _refuse_repeated_rows(where: Where, frame: pl.DataFrame, count_column: str, what: str) -> None:
    keys = [c for c in frame.columns if c not in ("_row", count_column)]
    if not keys:
        return
    repeated = frame.select(~pl.struct(keys).is_first_distinct()).to_series()
    if repeated.any():
        i = repeated.arg_true()[0]  # the first row that repeats an earlier one
        raise where.error(
            f"rows repeat the same cell ({', '.join(keys)}) and {what}: a row per event "
            "(an event log), not a table of counts",
            count_column,
            i,
        )


def _as_text(series: pl.Series) -> list[str | None] | None:
    """String and date values as text; None for numeric columns (counts, years)."""
    if series.dtype == pl.String:
        return [v.strip() if v is not None else None for v in series.to_list()]
    if series.dtype in (pl.Date, pl.Datetime):
        return [str(v) if v is not None else None for v in series.to_list()]
    return None


def _is_key(values: list[str | None]) -> bool:
    """Every value an id or a person's name, each on one row only."""
    present = [v for v in values if v]
    if not present or len(present) < len(values) or len(set(present)) < len(present):
        return False
    return all((_KEY.match(v) and not _DAY_DATE.match(v)) or _PERSON_NAME.match(v) for v in present)


def _day_dates(values: list[str | None]) -> bool:
    """Dates at day grain: full dates, not all on the 1st of a month (a monthly period)."""
    present = [v for v in values if v]
    if not present or not all(_DAY_DATE.match(v) for v in present):
        return False
    days = {re.split(r"[-/ T]", v)[2] if "-" in v[:5] else v.split("/")[1] for v in present}
    return days != {"01"} and days != {"1"}
