"""Periods as agencies label them (FY2024, Jan 2024, FY2026 Q2) and where they end."""

from __future__ import annotations

import datetime as dt


def period_label(period: dt.date, grain: str) -> str:
    if grain == "fiscal_year":
        return f"FY{period.year + 1}"  # a fiscal year starts on 1 October of the year before
    if grain == "calendar_year":
        return str(period.year)
    if grain == "decade":  # the fiscal years of a decade, as yearbooks print them (1901-10)
        first = period.year + 1
        last = ((first - 1) // 10 + 1) * 10  # 1892-1900: the first row is not a full decade
        return f"FY{first}-{last % 100:02d}"
    if grain == "half_month":
        return f"{period:%b %Y} ({'1-15' if period.day == 1 else '16-end'})"
    if grain == "fiscal_quarter":  # Q1 is October-December, in the fiscal year it starts
        fiscal_year = period.year + (period.month >= 10)
        return f"FY{fiscal_year} Q{(period.month - 10) % 12 // 3 + 1}"
    return period.strftime("%b %Y")


def period_end(period: dt.date, grain: str) -> dt.date:
    """A period's last day."""
    if grain == "half_month" and period.day == 1:
        return period.replace(day=15)
    months = {"month": 1, "half_month": 1, "fiscal_quarter": 3, "decade": 120}.get(grain, 12)
    first = period.replace(day=1)
    year, month = divmod(first.month - 1 + months, 12)
    return dt.date(first.year + year, month + 1, 1) - dt.timedelta(days=1)
