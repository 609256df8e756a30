"""Segregation placements of vulnerable and special-population detainees from the real table:
the newest quarter of the newest release equal to ICE's published cells (sheet "Vulnerable &
Special Population" of FY26_detentionStats04092026.xlsx, the table "Fiscal Year (FY) 2026
Quarter 2", columns Number of Placements, Average Consecutive and Average Cumulative days;
vulnerable-population.parquet rows 4195-4200), with ICE's two labels of one reason as one."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
Q2_FY2026 = dt.date(2026, 1, 1)


def quarter(con, measure, period=Q2_FY2026):
    return {
        c: (v, a)
        for c, v, a in con.execute(
            """SELECT category, value, as_of FROM observation
               WHERE measure_id = ? AND region_code = 'nation:US' AND grain = 'fiscal_quarter'
                 AND period = ?""",
            [measure, period],
        ).fetchall()
    }


def test_fy2026_second_quarter_on_the_newest_release(real_con):
    placements = quarter(real_con, "ice_detention.segregation_placements")
    assert {c: v for c, (v, _) in placements.items()} == {
        "total": 467,
        "Disciplinary": 152,
        "Facility Security Threat": 26,
        "Medical/Mental Health": 61,  # printed "Medical Mental"
        "Pending Investigation of Disciplinary Violation": 97,
        "Protective Custody": 131,
    }
    assert {a for _, a in placements.values()} == {dt.date(2026, 4, 9)}
    consecutive = quarter(real_con, "ice_detention.segregation_average_consecutive_days")
    assert consecutive["total"][0] == pytest.approx(63.15)
    cumulative = quarter(real_con, "ice_detention.segregation_average_cumulative_days")
    assert cumulative["Protective Custody"][0] == pytest.approx(141.689857)


def test_every_quarter_since_fy2022(real_con):
    periods = real_con.execute("""
        SELECT count(DISTINCT period), min(period), max(period) FROM observation
        WHERE measure_id = 'ice_detention.segregation_placements'""").fetchone()
    assert periods == (18, dt.date(2021, 10, 1), Q2_FY2026)
