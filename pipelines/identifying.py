"""The first half of the guard (pipelines.guard): columns and values that identify a person,
a case or an event, whatever else the table holds, and where a refused cell is.
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
    r"(case|booking|event|incident|arrest|encounter|detainee|subject|person|record|file)"
    r".?(id|number|no|key|ref)\b",
    r"\bbook.?in.?date",
    r"\bidncase\b",
    r"\beid\b",
    r"(arrest|apprehension|encounter|removal|departure|release|book.?(in|out)|event|incident)"
    r".?date",
    r"\baddress\b",
    r"\bphone\b",
    r"\bpassport\b",
    r"\bgender\b",
    r"\bsex\b",
    r"\bnarrative\b",
    r"\bremarks?\b",
    r"\bcomments?\b",
    # a column named for one person (not "noncitizens removed", a count of them)
    r"^(detainee|subject|individual|person|alien|noncitizen|respondent|defendant|inmate)$",
]
_IDENTIFYING_RE = re.compile("|".join(_IDENTIFYING), re.IGNORECASE)
# Values that identify a person or an event, whatever the column is called.
_A_NUMBER = re.compile(r"(?i)^A[- ]?\d{3}[- ]?\d{3}[- ]?\d{2,3}$")
NARRATIVE_WORDS = 12  # a cell of this many words or more is prose, not a category


def identifying_columns(columns: Iterable[str]) -> list[str]:
    """The columns whose names mark individual records."""
    return [c for c in columns if _IDENTIFYING_RE.search(c.replace("_", " ").strip())]


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


def refuse_identifying_values(
    file: str | Path, frame: pl.DataFrame, *, sheet: str | None = None, first_row: int = 2
) -> None:
    """Raise RecordLevelError at the first A-number, or a column that is mostly prose, in any
    text column of `frame` (the build applies this to every staged table, whatever its reader)."""
    where = Where(file, frame, sheet, first_row)
    for column in frame.columns:
        if column != "_row":
            _refuse_identifying_values(where, column, frame.get_column(column))


class Where:
    """Names the file, sheet, row and column of a refused cell."""

    def __init__(self, file: str | Path, frame: pl.DataFrame, sheet: str | None, first_row: int):
        self.file, self.frame, self.sheet, self.first_row = file, frame, sheet, first_row

    def error(self, message: str, column: str, index: int | None = None) -> RecordLevelError:
        row = None
        if index is not None:
            rows = self.frame.get_column("_row") if "_row" in self.frame.columns else None
            row = int(rows[index]) if rows is not None else self.first_row + index
        return RecordLevelError(self.file, message, sheet=self.sheet, row=row, column=column)


def _refuse_identifying_values(where: Where, column: str, series: pl.Series) -> None:
    if series.dtype != pl.String:
        return
    values = series.str.strip_chars()
    a_numbers = values.str.contains(_A_NUMBER.pattern)
    if a_numbers.any():
        raise where.error(
            "holds an A-number (an individual's alien registration number); "
            "aggstats only reads published aggregate counts",
            column,
            a_numbers.arg_true()[0],
        )
    # Prose in most of a column's cells is a narrative per record; a footnote printed in a
    # label column of an aggregate table is one cell among many.
    prose = values.str.count_matches(r"\S+") >= NARRATIVE_WORDS
    present = values.is_not_null() & (values != "")
    if prose.any() and 2 * prose.sum() >= present.sum():
        i = prose.arg_true()[0]
        value = values[i]
        raise where.error(
            f"holds free text ({len(value.split())} words: {value[:40]!r}...) in "
            f"{prose.sum()} of {present.sum()} rows, a narrative per record; aggstats only "
            "reads published aggregate counts",
            column,
            i,
        )
