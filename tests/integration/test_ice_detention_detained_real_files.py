"""People currently in ICE detention from the real parsed tables: the counts ICE printed on a
release's data date, and the two tables' totals agreeing in every release."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date


def month(con, measure, period):
    return dict(
        ((d, c), (v, a))
        for d, c, v, a in con.execute(
            """SELECT dimension, category, value, as_of FROM observation
               WHERE measure_id = ? AND period = ? AND region_code = 'nation:US'""",
            [measure, period],
        ).fetchall()
    )


def test_currently_detained_on_the_newest_release(real_con):
    # FY26_detentionStats04092026.xlsx, data as of 2026-04-02
    april = month(real_con, "ice_detention.currently_detained", D(2026, 4, 1))
    assert april[("total", "total")] == (60311, D(2026, 4, 9))
    assert april[("arresting_agency", "ICE")] == (51428, D(2026, 4, 9))
    assert april[("arresting_agency", "CBP")] == (8883, D(2026, 4, 9))
    assert april[("criminality", "Convicted Criminal")] == (17589, D(2026, 4, 9))
    by_disposition = month(
        real_con, "ice_detention.currently_detained_by_disposition", D(2026, 4, 1)
    )
    assert by_disposition[("disposition", "Notice to Appear (I-862)")] == (43877, D(2026, 4, 9))
    assert by_disposition[("family_status", "Family facility (FSC/FRC)")] == (141, D(2026, 4, 9))


def test_the_fy2019_year_end_count(real_con):
    # FY19 year-end file, data as of 2019-10-07: 50,922 detained, 32,041 of them arrested by CBP
    october = month(real_con, "ice_detention.currently_detained", D(2019, 10, 1))
    assert october[("total", "total")] == (50922, D(2019, 10, 7))
    assert october[("arresting_agency", "CBP")] == (32041, D(2019, 10, 7))


def test_both_tables_print_the_same_total_in_every_release(real_con):
    differing = real_con.execute("""
        SELECT count(*), count(*) FILTER (WHERE c.value <> d.value)
        FROM observation_all c JOIN observation_all d USING (as_of, period, dimension)
        WHERE c.measure_id = 'ice_detention.currently_detained'
          AND d.measure_id = 'ice_detention.currently_detained_by_disposition'
          AND dimension = 'total'""").fetchone()
    assert differing == (127, 0)
