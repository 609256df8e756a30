"""Periods, in one place: the grains, the federal fiscal year, labels and ends.

Every layer takes its periods from here: Python labels (FY2024, Jan 2024, FY2026 Q2) and ends,
polars expressions for the pipelines, and the SQL macros the warehouse holds (created with its
schema by `pipelines.warehouse.create`), which the build's and the query layer's SQL call.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

# A federal fiscal year starts on 1 October of the year before its number: FY2024 runs from
# 1 October 2023 to 30 September 2024.
FISCAL_YEAR_START_MONTH = 10

# A period is the first day of its grain. `decade` is for tables that print only a decade's total
# (e.g. INS removals "1901-10"): its period is the first day of the decade's first fiscal year,
# and it is never spread over years. `half_month` is for reports published per half calendar month
# (1st-15th, 16th-end; period: its first day); never summed into months. `fiscal_quarter` is for
# reports published per quarter of the fiscal year (Q1 = October-December; period: its first day).
GRAINS = ("month", "fiscal_year", "calendar_year", "decade", "half_month", "fiscal_quarter")
# The months each grain spans from its first day (a half month: see period_end).
MONTHS = {"month": 1, "fiscal_quarter": 3, "fiscal_year": 12, "calendar_year": 12, "decade": 120}
HALF_MONTH_FIRST_DAYS = 15  # a first half month is the 1st to the 15th
# How far (in months) a neighbouring period may start from a period and still be its neighbour,
# for the build's anomaly checks (a figure is judged only against near ones, not one years
# apart): two periods below a year (two months for a month, a month for a half month), one from
# a year up.
NEIGHBOUR_MONTHS = {g: 2 * m if m < 12 else m for g, m in MONTHS.items()} | {"half_month": 1}
_ABBREVIATIONS = (
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "OCT",
    "NOV",
    "DEC",
)
# A month's abbreviation -> its number in the fiscal year (OCT is fiscal month 1).
FISCAL_MONTHS = {_ABBREVIATIONS[(FISCAL_YEAR_START_MONTH - 1 + i) % 12]: i + 1 for i in range(12)}


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a day falls in (1 October 2023 is in FY2024)."""
    return day.year + (day.month >= FISCAL_YEAR_START_MONTH)


def fiscal_year_start(fiscal_year: int) -> dt.date:
    """A fiscal year's first day (FY2024: 1 October 2023)."""
    return dt.date(fiscal_year - 1, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_last_month(fiscal_year: int) -> dt.date:
    """The first day of a fiscal year's last month (FY2024: 1 September 2024)."""
    return _add_months(fiscal_year_start(fiscal_year), 11)


def period_label(period: dt.date, grain: str) -> str:
    if grain == "fiscal_year":
        return f"FY{fiscal_year_of(period)}"
    if grain == "calendar_year":
        return str(period.year)
    if grain == "decade":  # the fiscal years of a decade, as yearbooks print them (1901-10)
        first = fiscal_year_of(period)
        last = ((first - 1) // 10 + 1) * 10  # 1892-1900: the first row is not a full decade
        return f"FY{first}-{last % 100:02d}"
    if grain == "half_month":
        half = (
            f"1-{HALF_MONTH_FIRST_DAYS}" if period.day == 1 else f"{HALF_MONTH_FIRST_DAYS + 1}-end"
        )
        return f"{period:%b %Y} ({half})"
    if grain == "fiscal_quarter":  # Q1 is October-December, in the fiscal year it starts
        quarter = (period.month - FISCAL_YEAR_START_MONTH) % 12 // 3 + 1
        return f"FY{fiscal_year_of(period)} Q{quarter}"
    return period.strftime("%b %Y")


def period_end(period: dt.date, grain: str) -> dt.date:
    """A period's last day."""
    if grain == "half_month" and period.day == 1:
        return period.replace(day=HALF_MONTH_FIRST_DAYS)
    months = 1 if grain == "half_month" else MONTHS.get(grain, 12)
    return _add_months(period.replace(day=1), months) - dt.timedelta(days=1)


def _add_months(first: dt.date, months: int) -> dt.date:
    year, month = divmod(first.month - 1 + months, 12)
    return dt.date(first.year + year, month + 1, 1)


# Polars, for the pipelines: periods from the fiscal years and months publishers print.


def fiscal_year_start_expr(fiscal_year: pl.Expr) -> pl.Expr:
    """The first day of each fiscal year of an integer column."""
    return pl.date(fiscal_year - 1, FISCAL_YEAR_START_MONTH, 1)


def fiscal_month_start(fiscal_year: pl.Expr, fiscal_month: pl.Expr) -> pl.Expr:
    """First day of fiscal month 1..12 of a fiscal year (month 1 is October, in the year before)."""
    calendar_month = (fiscal_month + FISCAL_YEAR_START_MONTH - 2) % 12 + 1
    in_year_before = fiscal_month <= 13 - FISCAL_YEAR_START_MONTH
    return pl.date(fiscal_year - in_year_before.cast(pl.Int32), calendar_month, 1)


# SQL: macros the warehouse holds, so that its SQL and the query layer's say a fiscal year once.


def _after_sql() -> str:
    spans = "\n".join(
        f"        WHEN '{grain}' THEN period + INTERVAL {months} MONTH"
        for grain, months in MONTHS.items()
    )
    return f"""CAST(CASE grain
        WHEN 'half_month' THEN CASE WHEN day(period) = 1
            THEN period + {HALF_MONTH_FIRST_DAYS} ELSE last_day(period) + 1 END
{spans}
    END AS DATE)"""


def _neighbour_sql() -> str:
    reach = "\n".join(
        f"        WHEN '{grain}' THEN INTERVAL {months} MONTH"
        for grain, months in NEIGHBOUR_MONTHS.items()
    )
    return f"""CASE grain
{reach}
    END"""


# signature -> (what it gives, its SQL), in dependency order; the data dictionary lists them.
MACROS = {
    "fiscal_year_of(day)": (
        "The fiscal year a day falls in (2024 for 1 October 2023).",
        f"year(day + INTERVAL {13 - FISCAL_YEAR_START_MONTH} MONTH)",
    ),
    "fiscal_year_start(day)": (
        "The first day of the fiscal year a day falls in (1 October).",
        f"make_date(year(day + INTERVAL {13 - FISCAL_YEAR_START_MONTH} MONTH) - 1, "
        f"{FISCAL_YEAR_START_MONTH}, 1)",
    ),
    "calendar_year_start(day)": (
        "The first day of the calendar year a day falls in.",
        "make_date(year(day), 1, 1)",
    ),
    "period_after(period, grain)": (
        "The day after a period of a grain (period: its first day).",
        _after_sql(),
    ),
    "period_days(period, grain)": (
        "The days a period of a grain spans.",
        "date_diff('day', period, period_after(period, grain))",
    ),
    "neighbour_window(grain)": (
        "How far a neighbouring period may start from a period of a grain (an interval): two "
        "periods below a year, one from a year up. The build's anomaly checks judge a figure "
        "only against neighbours this near.",
        _neighbour_sql(),
    ),
}


def macros_sql() -> str:
    """CREATE MACRO statements for every calendar macro (in dependency order)."""
    return "\n".join(
        f"CREATE OR REPLACE MACRO {name} AS {body};" for name, (_, body) in MACROS.items()
    )
