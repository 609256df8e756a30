"""ATD participants by case type and technology, and ATD court appearances, from the real parsed
tables (the mirror): figures ICE printed on its ATD sheets, and the national total shared with
the AOR table."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date


def breakdown(con, measure, period):
    rows = con.execute(
        """SELECT category, value, as_of FROM observation
           WHERE measure_id = ? AND period = ? AND region_code = 'nation:US'""",
        [measure, period],
    ).fetchall()
    return {c: v for c, v, _ in rows}, {a for *_, a in rows}


def test_participants_by_technology_and_case_type_on_the_newest_release(real_con):
    people, as_of = breakdown(real_con, "ice_detention.atd_participants_by_type", D(2026, 4, 1))
    assert as_of == {D(2026, 4, 9)}
    assert people == {
        "total": 180701,
        "SmartLINK": 131643,
        "Ankle Monitor": 46302,
        "Wristworn": 2707,
        "Dual technology": 49,
        "Family unit (FAMU)": 67299,
        "Single adult": 113402,
    }
    cost, _ = breakdown(real_con, "ice_detention.atd_technology_daily_cost", D(2026, 4, 1))
    assert cost["Ankle Monitor"] == pytest.approx(126867.48, abs=0.005)
    assert cost["total"] == pytest.approx(265607.56, abs=0.005)
    days, _ = breakdown(real_con, "ice_detention.atd_average_days_in_program", D(2026, 4, 1))
    assert days["total"] == pytest.approx(767.057991)


def test_fy2019_year_end_case_types(real_con):
    people, as_of = breakdown(real_con, "ice_detention.atd_participants_by_type", D(2019, 10, 1))
    assert as_of == {D(2019, 10, 7)}  # FY2019 year-end file, data as of 2019-10-07
    assert people == {
        "Family unit (FAMU)": 58608,
        "Family unit - ECMS": 44,
        "Single adult": 24484,
        "Single adult - ECMS": 50,
        "total": 83186,
    }


def test_the_case_type_total_is_the_aor_tables_total_in_every_release(real_con):
    """The ATD sheet prints the national total in the AOR table (atd_participants) and in the
    case-type and technology tables: in every release both keep, they are one figure."""
    compared, differ = real_con.execute("""
        SELECT count(*), count(*) FILTER (WHERE t.value <> a.value)
        FROM observation_all t JOIN observation_all a
          ON a.measure_id = 'ice_detention.atd_participants' AND a.region_code = 'nation:US'
         AND a.as_of = t.as_of AND a.dimension = 'total'
        WHERE t.measure_id = 'ice_detention.atd_participants_by_type' AND t.dimension = 'total'
        """).fetchone()
    assert (compared, differ) == (127, 0)


def test_court_hearings_year_to_date_in_force(real_con):
    rows = real_con.execute("""
        SELECT measure_id, period, category, value, as_of FROM observation
        WHERE measure_id IN ('ice_detention.atd_court_hearings', 'ice_detention.atd_final_hearings',
                             'ice_detention.atd_court_appearance_rate')""").fetchall()
    got = {(m.removeprefix("ice_detention."), p.year + 1, c): (v, a) for m, p, c, v, a in rows}
    # FY23_detentionStats10312023.xlsx (data as of 2023-09-30)
    assert got[("atd_court_hearings", 2023, "total")] == (79452, D(2023, 10, 31))
    assert got[("atd_court_hearings", 2023, "Failed to attend")] == (736, D(2023, 10, 31))
    assert got[("atd_final_hearings", 2023, "Attended")] == (9557, D(2023, 10, 31))
    assert got[("atd_court_appearance_rate", 2023, "Final hearings")] == (94.0, D(2023, 10, 31))
    # FY2025_detentionStats09252025.xlsx; FY2026 to the release of 2026-04-09
    assert got[("atd_court_hearings", 2025, "total")] == (88434, D(2025, 9, 25))
    assert got[("atd_court_hearings", 2026, "total")] == (37011, D(2026, 4, 9))
    assert got[("atd_final_hearings", 2026, "Failed to attend")] == (852, D(2026, 4, 9))


def test_a_release_repeating_february_is_not_may(real_con):
    # the release of 2021-05-28 reprints the ATD tables of the data of 2021-02-22 (89,115)
    may = real_con.execute("""
        SELECT value, as_of FROM observation
        WHERE measure_id = 'ice_detention.atd_participants' AND region_code = 'nation:US'
          AND dimension = 'total' AND period = DATE '2021-05-01'""").fetchall()
    assert may == [(96_574, dt.date(2021, 5, 13))]
