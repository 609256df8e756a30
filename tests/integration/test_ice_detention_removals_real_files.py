"""ICE removals from the real parsed tables (the mirror): the figures ICE printed in its
releases, the release in force for each fiscal year, and the reconciliation with OHSS."""

from __future__ import annotations

import datetime as dt

import pytest

from aggstats import query

pytestmark = pytest.mark.integration
D = dt.date


def in_force(con, measure):
    rows = con.execute(
        """SELECT period, value, as_of FROM observation
           WHERE measure_id = ? AND grain = 'fiscal_year' AND region_code = 'nation:US'""",
        [measure],
    ).fetchall()
    return {p.year + 1: (v, a) for p, v, a in rows}


def test_removals_in_force_are_each_years_last_release(real_con):
    removals = in_force(real_con, "ice_detention.removals")
    assert removals[2019] == (267258, D(2019, 10, 7))  # FY19 year-end file, data as of 2019-10-07
    assert removals[2023] == (142580, D(2023, 10, 31))  # FY23_detentionStats10312023.xlsx
    assert removals[2024] == (271484, D(2024, 10, 7))  # FY24 year-end file
    assert removals[2025] == (319980, D(2025, 9, 25))  # FY25_detentionStats09252025.xlsx
    assert removals[2026] == (234236, D(2026, 4, 9))  # the newest release
    # The FY2021 year-end sheet repeats 2021-09-16's 55,590 and is set aside (releases.csv).
    assert removals[2021] == (57627, D(2021, 10, 7))
    famu = in_force(real_con, "ice_detention.family_unit_removals")
    assert famu[2024] == (49435, D(2024, 10, 7))
    assert famu[2026] == (23658, D(2026, 4, 9))


def test_every_release_of_a_year_is_kept(real_con):
    fy2024 = real_con.execute("""
        SELECT as_of, value FROM observation_all
        WHERE measure_id = 'ice_detention.removals' AND period = DATE '2023-10-01'
        ORDER BY as_of""").fetchall()
    # 24 files name FY2024; the one of 2024-11-15 holds FY2025's figures (releases.csv)
    assert len(fy2024) == 23
    assert fy2024[0] == (D(2023, 11, 15), 21529)  # FY24_detentionStats11152023.xlsx
    assert fy2024[-1] == (D(2024, 10, 7), 271484)


def test_removals_reconcile_with_ohss_ice_removals_where_the_year_is_complete(real_con):
    pairs = query.reconciliation(real_con).filter(
        reconciliation_id="ice_detention_vs_ohss_monthly_ice_removals"
    )
    rows = {
        p.year + 1: (left, right, a)
        for p, left, right, a in pairs.select(
            "period", "left_value", "right_value", "agrees"
        ).rows()
    }
    assert rows[2019] == (267258, 267260, True)  # OHSS rounds to ten
    assert rows[2023] == (142580, 142580, True)
    assert rows[2022] == (69019, 72180, False)  # ICE's last FY2022 release: data to 2022-09-19
    assert 2024 not in rows  # OHSS's FY2024 stops in August 2024
