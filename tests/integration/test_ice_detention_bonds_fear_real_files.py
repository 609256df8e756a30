"""Bond statistics and USCIS fear-decision tables from the real parsed tables (the mirror):
figures ICE printed, and the release in force for each month or year."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date


def in_force(con, measure, period):
    return dict(
        (c, (v, a))
        for c, v, a in con.execute(
            """SELECT category, value, as_of FROM observation
               WHERE measure_id = ? AND period = ? AND region_code = 'nation:US'""",
            [measure, period],
        ).fetchall()
    )


def test_bonds_of_september_2025_from_the_last_fy2025_release(real_con):
    # FY25_detentionStats09252025.xlsx, Bond sheet (the next, of 2026-04-09, is set aside)
    assert in_force(real_con, "ice_detention.bond_book_outs", D(2025, 9, 1)) == {
        "total": (554, D(2025, 9, 25))
    }
    assert in_force(real_con, "ice_detention.bond_book_outs", D(2025, 8, 1)) == {
        "total": (945, D(2025, 9, 25))
    }
    amount = in_force(real_con, "ice_detention.average_bond_amount", D(2025, 9, 1))
    assert amount["total"][0] == pytest.approx(7831.64503)
    share = in_force(real_con, "ice_detention.bond_posted_share", D(2025, 9, 1))
    assert share["total"][0] == pytest.approx(2.343783)  # 554 of 23,637 book-outs


def test_bonds_of_a_month_are_a_flow_whose_year_sums(real_con):
    months = real_con.execute("""
        SELECT count(*), sum(value) FROM observation
        WHERE measure_id = 'ice_detention.bond_book_outs'
          AND period BETWEEN DATE '2024-10-01' AND DATE '2025-09-01'""").fetchone()
    # FY2025 as the release of 2025-09-25 prints it: 971 + 732 + ... + 554
    assert months == (12, 17216)


def test_detained_with_a_fear_decision(real_con):
    assert in_force(
        real_con, "ice_detention.currently_detained_with_fear_decision", D(2026, 4, 1)
    ) == {
        "total": (1704, D(2026, 4, 9)),
        "Family facility (FSC/FRC)": (16, D(2026, 4, 9)),
        "Adult facility": (1688, D(2026, 4, 9)),
    }
    first = in_force(real_con, "ice_detention.currently_detained_with_fear_decision", D(2025, 5, 1))
    assert first["total"] == (7472, D(2025, 5, 23))  # the newest of May 2025's three releases


def test_days_from_fear_decision_to_release(real_con):
    fy2020 = in_force(real_con, "ice_detention.fear_decision_to_release_days", D(2019, 10, 1))
    assert fy2020 == {  # FY2020 year-end file, data as of 2020-09-30
        "total": (133.68, D(2020, 9, 30)),
        "Family facility (FSC/FRC)": (19.15, D(2020, 9, 30)),
        "Adult facility": (137.15, D(2020, 9, 30)),
    }
    fy2026 = in_force(real_con, "ice_detention.fear_decision_to_release_days", D(2025, 10, 1))
    assert fy2026["total"][0] == pytest.approx(97.994828)
    assert fy2026["total"][1] == D(2026, 4, 9)
