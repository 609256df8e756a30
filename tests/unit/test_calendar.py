"""One calendar: the warehouse's SQL macros say what the Python labels and ends say, for every
grain, and the schema refuses a grain the calendar does not know."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from aggstats import calendar
from pipelines import warehouse

PERIODS = {
    "month": [dt.date(2024, 2, 1), dt.date(2023, 12, 1)],
    "half_month": [dt.date(2024, 2, 1), dt.date(2024, 2, 16), dt.date(2023, 11, 16)],
    "fiscal_year": [dt.date(2023, 10, 1), dt.date(1891, 10, 1)],
    "calendar_year": [dt.date(2024, 1, 1)],
    "decade": [dt.date(1900, 10, 1)],
    "fiscal_quarter": [dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 7, 1)],
}


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as con:
        warehouse.create(con)
        yield con


def test_every_grain_has_periods_here():
    assert set(PERIODS) == set(calendar.GRAINS)


@pytest.mark.parametrize(("grain", "period"), [(g, p) for g, ps in PERIODS.items() for p in ps])
def test_sql_periods_end_where_python_says(con, grain, period):
    after, days, fiscal, year = con.execute(
        "SELECT period_after($p, $g), period_days($p, $g), fiscal_year_start($p), "
        "fiscal_year_of($p)",
        {"p": period, "g": grain},
    ).fetchone()
    assert year == calendar.fiscal_year_of(period)
    end = calendar.period_end(period, grain)
    assert after == end + dt.timedelta(days=1)
    assert days == (end - period).days + 1
    assert fiscal == calendar.fiscal_year_start(calendar.fiscal_year_of(period))


# the steps anomalies.sql kept in its own table before the calendar generated them
NEIGHBOUR_MONTHS = {"half_month": 1, "month": 2, "fiscal_quarter": 6, "fiscal_year": 12,
                    "calendar_year": 12, "decade": 120}  # fmt: skip


@pytest.mark.parametrize(("grain", "period"), [(g, p) for g, ps in PERIODS.items() for p in ps])
def test_a_neighbour_is_near_within_two_periods_below_a_year_one_above(con, grain, period):
    """neighbour_window, by which the build's anomaly checks (anomalies.sql) judge periods near."""
    assert calendar.NEIGHBOUR_MONTHS[grain] == NEIGHBOUR_MONTHS[grain]
    later, earlier = con.execute(
        "SELECT $p + neighbour_window($g), $p - neighbour_window($g)", {"p": period, "g": grain}
    ).fetchone()
    months = NEIGHBOUR_MONTHS[grain]
    first = period.replace(day=1)
    assert later.date() == calendar._add_months(first, months).replace(day=period.day)
    assert earlier.date() == calendar._add_months(first, -months).replace(day=period.day)


def test_fiscal_years_in_python_polars_and_sql(con):
    assert calendar.fiscal_year_start(2024) == dt.date(2023, 10, 1)
    assert calendar.fiscal_year_last_month(2024) == dt.date(2024, 9, 1)
    assert calendar.period_label(dt.date(2023, 10, 1), "fiscal_year") == "FY2024"
    frame = pl.DataFrame({"fy": [2024, 2024, 2024], "fm": [1, 3, 4]}).select(
        start=calendar.fiscal_year_start_expr(pl.col("fy")),
        month=calendar.fiscal_month_start(pl.col("fy"), pl.col("fm")),
    )
    assert frame["start"].to_list() == [dt.date(2023, 10, 1)] * 3
    assert frame["month"].to_list() == [
        dt.date(2023, 10, 1),
        dt.date(2023, 12, 1),
        dt.date(2024, 1, 1),
    ]
    assert calendar.FISCAL_MONTHS["OCT"] == 1 and calendar.FISCAL_MONTHS["SEP"] == 12
    sql = con.execute(
        "SELECT fiscal_year_start(DATE '2024-09-30'), fiscal_year_start(DATE '2024-10-01')"
    )
    assert sql.fetchone() == (dt.date(2023, 10, 1), dt.date(2024, 10, 1))


def test_the_schema_refuses_a_grain_the_calendar_does_not_know(con):
    con.execute("INSERT INTO dim_source VALUES ('s', 'p', 't', 'l', 'l', 'c', [], [], 'ended')")
    con.execute(
        "INSERT INTO dim_measure VALUES "
        "('s.m', 's', 'n', 'u', 't', 'd', [], true, 'flow', true, 'events', NULL, NULL)"
    )
    con.execute("INSERT INTO dim_level VALUES ('nation', 'Nation', 1)")
    con.execute("INSERT INTO dim_region VALUES ('nation:US', 'nation', 'US', NULL, [], 0, 0, NULL)")
    con.execute(
        "INSERT INTO dim_file VALUES ('s/f', 's', 'f', 'l', 'r', 'p', DATE '2024-01-01', 'a', 1, "
        "'x', NULL, [], true, 'p', 'c', [], false)"
    )
    insert = "INSERT INTO fact_observation VALUES ('s.m', 'nation:US', DATE '2024-01-01', $g, "
    insert += "'total', 'total', 1, 's/f', DATE '2024-01-01')"
    con.execute(insert, {"g": "month"})
    with pytest.raises(duckdb.ConstraintException, match="grain"):
        con.execute(insert, {"g": "week"})
