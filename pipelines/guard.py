"""The hard rule, enforced: aggstats reads published counts, never individual records.

A file is refused when its columns identify people, cases or events (names, A-numbers, dates of
birth, case or booking ids, exact event dates), when it has no count column, or when it has the
shape of an event log (many rows, every count exactly 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from pipelines.errors import RecordLevelError

_IDENTIFYING = [
    r"\bname\b",
    r"first.?name",
    r"last.?name",
    r"surname",
    r"given.?name",
    r"\ba.?(number|num|no)\b",
    r"alien.?(number|file|no)",
    r"\banum\b",
    r"birth",
    r"\bdob\b",
    r"\bage\b",
    r"\bssn\b",
    r"social.?security",
    r"\bfins?\b",
    r"case.?(id|number|no)\b",
    r"booking.?(id|number|no)\b",
    r"\bbook.?in.?date",
    r"\bsubject.?(id|key)\b",
    r"\bperson.?(id|key)\b",
    r"\bidncase\b",
    r"\beid\b",
    r"(arrest|apprehension|encounter|removal|departure|release|book.?(in|out)).?date",
    r"\baddress\b",
    r"\bphone\b",
    r"\bpassport\b",
    r"\bgender\b",
    r"\bsex\b",
]
_IDENTIFYING_RE = re.compile("|".join(_IDENTIFYING), re.IGNORECASE)
EVENT_LOG_MIN_ROWS = 200


def identifying_columns(columns: Iterable[str]) -> list[str]:
    """The columns whose names mark individual records."""
    return [c for c in columns if _IDENTIFYING_RE.search(c.replace("_", " "))]


def refuse_record_level(
    file: str | Path, frame: pl.DataFrame, count_column: str, *, sheet: str | None = None
) -> None:
    """Raise RecordLevelError if `frame` (as read, before any aggregation) looks record-level."""
    refuse_identifying(file, frame.columns, sheet=sheet)
    if count_column not in frame.columns:
        raise RecordLevelError(
            file,
            f"has no count column {count_column!r}: a file without counts is a row per "
            "event or person, which aggstats refuses",
            sheet=sheet,
            row=1,
        )
    refuse_event_log(file, frame, count_column, sheet=sheet)


def refuse_identifying(
    file: str | Path, columns: Iterable[str], *, sheet: str | None = None
) -> None:
    """Raise RecordLevelError if any column name marks individual records."""
    found = identifying_columns(columns)
    if found:
        raise RecordLevelError(
            file,
            "looks like individual records (identifying columns: "
            f"{', '.join(found)}); aggstats only reads published aggregate counts",
            sheet=sheet,
            row=1,
            column=found[0],
        )


def refuse_event_log(
    file: str | Path, frame: pl.DataFrame, count_column: str, *, sheet: str | None = None
) -> None:
    """Raise RecordLevelError if the table has the shape of an event log: every count is 1."""
    counts = frame.get_column(count_column).cast(pl.Float64, strict=False)
    if frame.height >= EVENT_LOG_MIN_ROWS and counts.drop_nulls().eq(1).all():
        raise RecordLevelError(
            file,
            f"every one of {frame.height} rows counts exactly 1: this is an event log "
            "(a row per event), not a table of counts",
            sheet=sheet,
            column=count_column,
        )
