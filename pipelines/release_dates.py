"""How a release's date is read from its link, by name: a declaration's `date` says which rule.

Each rule takes the named groups of the declaration's patterns (and the link's Last-Modified
header, for a rule that needs it) and returns the release date: the vintage (`as_of`) of the
figures the release holds. CBP and OHSS name a file by the month its data ends; its figures are
taken as of the first day of the next month, as the registry dates the releases it already has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.utils import parsedate_to_datetime

ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {abbreviation: number for number, abbreviation in enumerate(ABBREVIATIONS, 1)}


def _month_after(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def _fiscal_to_calendar(fiscal_year: int, month: int) -> int:
    return fiscal_year - 1 if month >= 10 else fiscal_year


def mmddyyyy(groups: dict[str, str]) -> dt.date:
    """ICE: FY26_detentionStats04092026.xlsx -> 2026-04-09 (the data date in its name)."""
    return dt.datetime.strptime(groups["date"], "%m%d%Y").date()


def yyyy_mmdd(groups: dict[str, str]) -> dt.date:
    """OHSS Monthly Tables: 2024_1206_ohss_... -> 2024-12-06 (the day it was published)."""
    return dt.datetime.strptime(groups["year"] + groups["mmdd"], "%Y%m%d").date()


def fiscal_year_month(groups: dict[str, str]) -> dt.date:
    """CBP: ...-fy23-fy26-jan-state.csv (data to January of FY2026) -> 2026-02-01."""
    month = MONTHS[groups["month"].lower()[:3]]
    return _month_after(_fiscal_to_calendar(2000 + int(groups["fy"]), month), month)


def fiscal_year_month_number(groups: dict[str, str]) -> dt.date:
    """OHSS Knowledge Hub: 'KHSM Encounters (USBP) fy25m11' (data to November of FY2025, the
    calendar month number) -> 2024-12-01."""
    month = int(groups["month"])
    return _month_after(_fiscal_to_calendar(2000 + int(groups["fy"]), month), month)


def last_modified(groups: dict[str, str]) -> dt.date:
    """A link whose name carries no date (EOIR's /media/<id>/dl): the file's Last-Modified."""
    return parsedate_to_datetime(groups["last_modified"]).date()


RULES: dict[str, Callable[[dict[str, str]], dt.date]] = {
    "mmddyyyy": mmddyyyy,
    "yyyy_mmdd": yyyy_mmdd,
    "fiscal_year_month": fiscal_year_month,
    "fiscal_year_month_number": fiscal_year_month_number,
    "last_modified": last_modified,
}
