"""What a raw file really is, before any reader opens it, and text no table should hold.

A download can go wrong in ways a reader reports badly or not at all: an HTML error page saved
under the file's name, a zip where a CSV was expected, a CSV re-saved as UTF-16 or in a legacy
encoding (which a lenient decoder would turn into replacement characters), a semicolon
delimiter, a runaway line. `check_file` names what the file is instead, with the line and column
where that applies. `check_text` refuses, in a staged table, text that is a spreadsheet formula
(formula injection), that hides look-alike or invisible characters behind a familiar label, or
that is far too long to be a label.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polars as pl

from pipelines.errors import InputError

MAX_LINE = 100_000  # characters: the longest real CSV line is a few hundred
MAX_CELL = 1_000  # characters: the longest real label is under two hundred
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook or a zipped download)",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "a legacy Office file (.xls)",
    b"PAR1": "a parquet table",
}
# What each kind of file must start with (None: text, no signature).
_EXPECTED = {
    ".csv": None,
    ".txt": None,
    ".xlsx": b"PK\x03\x04",
    ".xls": b"\xd0\xcf\x11\xe0",
    ".parquet": b"PAR1",
    ".pdf": b"%PDF",
}
_FORMULA = re.compile(r"^(=|@|\+\D|-[^\d\s.,])")
_MIXED_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")
_LOOK_ALIKE = r"[\p{Cyrillic}\p{Greek}\p{Armenian}\p{Cherokee}]"


def check_file(path: Path) -> None:
    """Raise InputError if the file is empty, or not the kind its name says."""
    suffix = path.suffix.lower()
    if suffix not in _EXPECTED:
        return
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "the file is empty")
    if _HTML.match(data[:1024]):
        title = re.search(rb"<title>(.*?)</title>", data[:4096], re.I | re.S)
        said = f" ({title[1].decode('utf-8', 'replace').strip()!r})" if title else ""
        raise InputError(
            path,
            f"is an HTML page{said}, not the {suffix} file: the download saved an error "
            "or landing page in its place",
        )
    expected = _EXPECTED[suffix]
    if expected is not None:
        if not data.startswith(expected):
            what = next((w for s, w in _SIGNATURES.items() if data.startswith(s)), None)
            raise InputError(
                path,
                f"is {what}, not a {suffix} file"
                if what
                else f"is not a {suffix} file (it does not start as one does)",
            )
        if suffix in (".parquet", ".pdf") and not _complete(data, suffix):
            raise InputError(path, f"is a truncated {suffix} file (its end is missing)")
        return
    _check_text_file(path, data)


def _complete(data: bytes, suffix: str) -> bool:
    if suffix == ".parquet":
        return data.endswith(b"PAR1") and len(data) > 8
    return b"%%EOF" in data[-1024:]


def _check_text_file(path: Path, data: bytes) -> None:
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(path, f"is {what}, not a text (CSV) file")
    head = data[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 4 > len(head):
        raise InputError(
            path,
            "is UTF-16 encoded (or binary): aggstats reads CSV files as UTF-8; re-save it as UTF-8",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _at_byte(
            path,
            data,
            exc.start,
            f"is not UTF-8: byte 0x{data[exc.start]:02x}",
            "(a legacy encoding such as Windows-1252?); re-save it as UTF-8",
        ) from exc
    if b"\x00" in data:
        raise _at_byte(path, data, data.index(b"\x00"), "holds a NUL byte", "(binary data)")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if ";" in first and "," not in first:
        raise InputError(
            path,
            "is delimited by semicolons, not commas (a CSV saved with a European locale)",
            row=1,
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise InputError(
                path,
                f"line of {len(line):,} characters: not a line of a published table",
                row=number,
            )


def _at_byte(path: Path, data: bytes, at: int, what: str, why: str) -> InputError:
    """An error at byte `at` of a CSV file, named by its line and the column it falls in."""
    line = data.count(b"\n", 0, at) + 1
    start = data.rfind(b"\n", 0, at) + 1
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r").split(",")
    field = data[start:at].count(b",")
    return InputError(
        path,
        f"{what} at line {line} {why}",
        row=line,
        column=header[field] if field < len(header) else None,
    )


def check_text(path: Path, staged: pl.DataFrame, row: str = "_row") -> None:
    """Raise InputError at the first text cell of `staged` that is a formula, hides look-alike
    or invisible characters, or is too long to be a label."""
    for column in staged.columns:
        if staged.schema[column] != pl.String or column == row:
            continue
        values = staged.get_column(column)
        suspect = (
            (values.str.len_chars() > MAX_CELL)
            | values.str.contains(_FORMULA.pattern)
            | values.str.contains(r"[\p{Cf}\p{Co}]")
            | (values.str.contains(r"\p{Latin}") & values.str.contains(_LOOK_ALIKE))
        )
        if not suspect.any():
            continue
        i = suspect.arg_true()[0]
        value = values[i]
        raise InputError(
            path,
            f"{value[:60]!r}: {text_problem(value)}",
            sheet=staged["sheet"][i] if "sheet" in staged.columns else None,
            row=staged[row][i] if row in staged.columns else None,
            column=column,
        )


def text_problem(value: str | None) -> str | None:
    """What is wrong with one text cell, or None."""
    if not value:
        return None
    if len(value) > MAX_CELL:
        return f"a text of {len(value):,} characters, not a label"
    if _FORMULA.match(value):
        return "a spreadsheet formula, not a published label (formula injection?)"
    hidden = [c for c in value if unicodedata.category(c) in ("Cf", "Co")]
    if hidden:
        return f"holds the invisible character U+{ord(hidden[0]):04X}"
    scripts = {_script(c) for c in value if c.isalpha()}
    if "LATIN" in scripts and scripts & set(_MIXED_SCRIPTS):
        odd = next(c for c in value if _script(c) in _MIXED_SCRIPTS)
        return f"mixes Latin letters with the look-alike {unicodedata.name(odd)} (U+{ord(odd):04X})"
    return None


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split()[0]
