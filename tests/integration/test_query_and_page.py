"""The query layer on the real warehouse."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from aggstats import query

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"


def test_fiscal_years_are_sums_of_months_with_partial_years_marked(real_con):
    frame = query.series(real_con, ENCOUNTERS, "nation")
    by_year = {row["period"].year + 1: row for row in frame.iter_rows(named=True)}
    assert by_year[2023]["value"] == 3_201_144
    assert (by_year[2023]["months"], by_year[2023]["complete"]) == (12, True)
    assert (by_year[2026]["months"], by_year[2026]["complete"]) == (4, False)
    assert frame["unit"].unique().to_list() == ["encounters"]


def test_calendar_years_only_where_all_twelve_months_exist(real_con):
    frame = query.series(real_con, ENCOUNTERS, "nation", grain="calendar_year")
    assert [d.year for d in frame["period"]] == [2020, 2021, 2022, 2023, 2024, 2025]


def test_as_of_gives_the_figures_as_they_stood(real_con):
    now = query.series(real_con, ENCOUNTERS, "state", ["state:TX"], grain="month")
    then = query.series(
        real_con, ENCOUNTERS, "state", ["state:TX"], grain="month", as_of=dt.date(2025, 1, 1)
    )
    assert now["period"].max() == dt.date(2026, 1, 1)
    assert then["period"].max() == dt.date(2024, 9, 1)
    assert set(then["as_of"]) == {dt.date(2024, 10, 1)}


def test_breakdown_rows_sum_to_the_total(real_con):
    total = query.series(real_con, ENCOUNTERS, "nation")
    parts = query.series(real_con, ENCOUNTERS, "nation", breakdown="demographic")
    assert parts["value"].sum() == total["value"].sum()
    assert "UAC" in set(parts["category"]) and "UC / Single Minors" not in set(parts["category"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure_id": "no.such"}, "unknown measure 'no.such'"),
        ({"measure_id": ENCOUNTERS, "level": "immigration_court"}, "no figures at level"),
        ({"measure_id": ENCOUNTERS, "level": "state", "regions": ["state:ZZ"]}, "state:ZZ"),
        ({"measure_id": ENCOUNTERS, "breakdown": "gender"}, "no breakdown 'gender'"),
        ({"measure_id": ENCOUNTERS, "grain": "week"}, "unknown grain"),
    ],
)
def test_questions_the_warehouse_cannot_answer_say_why(real_con, kwargs, message):
    with pytest.raises(query.QueryError, match=message):
        query.series(real_con, **kwargs)


def test_connect_to_a_missing_warehouse_says_how_to_build_it(tmp_path):
    with pytest.raises(query.QueryError, match="aggstats fetch && aggstats build"):
        query.connect(tmp_path / "none.duckdb")


@pytest.mark.parametrize(
    ("level", "grain", "breakdown"),
    [
        ("land_border_region", "fiscal_year", None),
        ("state", "calendar_year", None),
        ("usbp_sector", "month", "demographic"),
        ("nation", "fiscal_year", "citizenship"),
    ],
)
def test_level_series_is_series_for_every_region_at_once(real_con, level, grain, breakdown):
    measure = query.measures(real_con).filter(measure_id=ENCOUNTERS).row(0, named=True)
    whole = query.level_series(real_con, measure, level, grain=grain, breakdown=breakdown)
    one = query.series(real_con, ENCOUNTERS, level, grain=grain, breakdown=breakdown)
    keys = ["region_code", "period", "category"]
    both = one.join(whole, on=keys, how="left", suffix="_whole")
    assert both["value"].to_list() == both["value_whole"].to_list()
    # calendar years: `series` also drops a state's year with a month left out (a zero)
    assert whole.height == one.height or grain == "calendar_year"


@pytest.mark.parametrize(
    ("measure_id", "level", "grain", "breakdown"),
    [
        (ENCOUNTERS, "state", "fiscal_year", None),
        (ENCOUNTERS, "nation", "month", "citizenship"),
        ("ice_detention.book_ins", "nation", "month", "arresting_agency"),
        ("ice_detention.removals", "nation", "fiscal_year", None),
    ],
)
def test_the_built_level_series_are_the_macros_figures_at_the_newest_release(
    real_con, measure_id, level, grain, breakdown
):
    """The build's table (read by every view) is what level_series_of computes: asked as of the
    newest release, the macro gives the same rows, to the file and the partial flags."""
    measure = query.measures(real_con).filter(measure_id=measure_id).row(0, named=True)
    newest = real_con.sql("SELECT max(as_of) FROM fact_observation").fetchall()[0][0]
    built = query.level_series(real_con, measure, level, grain=grain, breakdown=breakdown)
    asked = query.level_series(
        real_con, measure, level, grain=grain, breakdown=breakdown, as_of=newest
    )
    assert built.height > 0
    assert built.equals(asked)


def test_a_figure_two_files_of_one_release_print_is_counted_once(real_con):
    """The 2013 Yearbook (released 1 Jan 2014) prints FY2005 and FY2012 apprehensions in both
    table 33 and table 34d: as they stood in 2015, each is the figure once, not summed twice."""
    then = dt.date(2015, 1, 1)
    one = query.series(real_con, "ohss_yearbook.apprehensions", as_of=then)
    measure = (
        query.measures(real_con).filter(measure_id="ohss_yearbook.apprehensions").row(0, named=True)
    )
    level = query.level_series(real_con, measure, "nation", grain="fiscal_year", as_of=then)
    for frame in (one, level):
        by_year = dict(zip(frame["period"], frame["value"], strict=True))
        assert by_year[dt.date(2004, 10, 1)] == 1_291_065
        assert by_year[dt.date(2011, 10, 1)] == 671_327


def test_a_series_read_by_its_number_is_the_series_read_by_its_names(real_con):
    keys = query.series_keys(real_con)
    assert len(keys) == len(set(keys.values())) > 600  # every series numbered once
    measure = query.measures(real_con).filter(measure_id=ENCOUNTERS).row(0, named=True)
    for level, grain, breakdown in [
        ("state", "month", "citizenship"),
        ("nation", "fiscal_year", None),
    ]:
        key = keys[(ENCOUNTERS, level, grain, breakdown or "total")]
        by_names = query.level_series(real_con, measure, level, grain=grain, breakdown=breakdown)
        by_key = query.level_series(
            real_con, measure, level, grain=grain, breakdown=breakdown, series_key=key
        )
        assert by_key.height > 0 and by_key.equals(by_names)


def test_level_series_as_of_gives_the_level_as_it_stood(real_con):
    measure = query.measures(real_con).filter(measure_id=ENCOUNTERS).row(0, named=True)
    then = query.level_series(
        real_con, measure, "state", grain="fiscal_year", as_of=dt.date(2025, 1, 1)
    )
    texas = then.filter(region_code="state:TX").sort("period")
    # as of 1 Jan 2025 the newest release was October 2024's: FY2025 had not begun to be counted
    assert texas["period"].max() == dt.date(2023, 10, 1)
    assert set(then["as_of"]) == {dt.date(2024, 10, 1)}
    assert texas["complete"].all()


def test_level_series_counts_the_days_a_period_covers(real_con):
    measure = query.measures(real_con).filter(measure_id=ENCOUNTERS).row(0, named=True)
    frame = query.level_series(real_con, measure, "nation", grain="fiscal_year")
    days = {
        row["period"].year + 1: (row["days"], row["months"]) for row in frame.iter_rows(named=True)
    }
    assert days[2020] == (366, 12)  # October 2019 to September 2020 holds 29 February
    assert days[2023] == (365, 12)
    assert days[2026] == (31 + 30 + 31 + 31, 4)  # October 2025 to January 2026
    levels = query.levels(real_con)
    assert levels["level"][0] == "nation" and "Border Patrol sector" in set(levels["name"])
    breakdowns = query.breakdowns(real_con).filter(measure_id=ENCOUNTERS, level="state")
    assert set(breakdowns["dimension"]) == {"citizenship", "demographic", "title_of_authority"}


def test_a_category_left_out_in_a_month_does_not_make_its_year_partial(real_con):
    measure = query.measures(real_con).filter(measure_id=ENCOUNTERS).row(0, named=True)
    sectors = query.level_series(real_con, measure, "usbp_sector", breakdown="citizenship")
    partial = sectors.filter(~sectors["complete"])["period"].unique().to_list()
    assert partial == []  # sectors are published for whole fiscal years FY2020-FY2024
    # `series` counts a row's own months: a country with a month of no encounters looks partial
    rows = query.series(real_con, ENCOUNTERS, "usbp_sector", breakdown="citizenship")
    assert rows.filter(~rows["complete"]).height > 0


def test_a_published_year_to_date_is_partial(real_con):
    removals = query.series(real_con, "ice_detention.removals").sort("period")
    partial = removals.filter(~pl.col("complete"))
    # ICE's FY2026 removals as of its 2026-04-09 release: a fiscal year to date
    assert partial.filter(pl.col("period") == dt.date(2025, 10, 1))["value"].to_list() == [234_236]
    full = removals.filter(pl.col("period") == dt.date(2022, 10, 1)).row(0, named=True)
    assert full["complete"] and full["value"] == 142_580  # FY2023, released 2023-10-31
    ohss = query.series(real_con, "ohss_monthly_tables.cbp_encounters").sort("period")
    fy2024 = ohss.filter(pl.col("period") == dt.date(2023, 10, 1)).row(0, named=True)
    assert not fy2024["complete"] and fy2024["months"] == 11  # the August 2024 tables
