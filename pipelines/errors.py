"""Errors that name exactly what is wrong and where, so a user can fix the input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aggstats.errors import AggstatsError

__all__ = [
    "AggstatsError",
    "BusyError",
    "CheckError",
    "CoverageError",
    "FetchError",
    "FileNotFetchedError",
    "InputError",
    "RecordLevelError",
    "RegistryError",
]


class InputError(AggstatsError):
    """A raw file does not look as its source declaration says it should.

    Carries the file, and where known the sheet, row (1-based, as a spreadsheet or text editor
    counts them, header included) and column, so the message points at the offending cell.
    """

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ):
        self.file = Path(file).name
        self.sheet = sheet
        self.row = row
        self.column = column
        self.detail = message
        where = [f"file {self.file!r}"]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # rebuilt from its parts when it crosses processes (a build reads files in workers)
        return (_rebuild, (type(self), self.file, self.detail, self.sheet, self.row, self.column))


def _rebuild(
    cls: type[InputError],
    file: str,
    message: str,
    sheet: str | None,
    row: int | None,
    column: str | None,
) -> InputError:
    return cls(file, message, sheet=sheet, row=row, column=column)


class RecordLevelError(InputError):
    """A file looks like individual records (a row per person, case or event): refused."""


class FetchError(AggstatsError):
    """A raw file could not be obtained with the declared checksum."""


class FileNotFetchedError(FetchError):
    """One file, what was tried (`tried`, one line) and how to get it (`fix`)."""

    def __init__(self, tried: str, fix: str):
        self.tried, self.fix = tried, fix
        super().__init__(f"{tried}. To fix: {fix}")


class RegistryError(AggstatsError):
    """A source declaration is incomplete or inconsistent."""


class BusyError(AggstatsError):
    """Another `aggstats fetch`, `build` or `update` holds the data folder's lock."""


class CheckError(AggstatsError):
    """The built warehouse failed an integrity check."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__("warehouse checks failed:\n  - " + "\n  - ".join(failures))


class CoverageError(AggstatsError):
    """A new build would cover less than the warehouse it replaces (pipelines.coverage)."""

    def __init__(self, losses: list[str]):
        self.losses = losses
        super().__init__(
            "the new build would erase figures the previous warehouse has (declare a deliberate "
            "withdrawal under `withdrawn:` in the source's source.yaml):\n  - "
            + "\n  - ".join(losses)
        )


class UpdateError(AggstatsError):
    """`aggstats update` could not take a newer release; nothing was changed."""


class LandingPageError(UpdateError):
    """A landing page could not be read, or holds no link a declaration recognises."""


class DownloadError(UpdateError):
    """A release's file could not be downloaded (an HTTP error such as 404)."""


class HtmlInsteadOfFileError(DownloadError):
    """The server answered a release's URL with an HTML page (an error or login page)."""


class TruncatedDownloadError(DownloadError):
    """The download ended before the size the server announced."""


class LayoutChangedError(UpdateError):
    """A new release no longer reads with the layout of the file it is modelled on."""
