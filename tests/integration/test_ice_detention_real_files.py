"""ICE detention statistics from the real parsed tables (the mirror): figures ICE printed in its
releases, the vintages, and facility ADP rolling up to AOR, state and nation."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date


def fiscal_year_figures(con, measure):
    rows = con.execute(
        """SELECT period, category, value, as_of FROM observation
           WHERE measure_id = ? AND grain = 'fiscal_year' AND region_code = 'nation:US'
             AND dimension IN ('total', 'arresting_agency')""",
        [measure],
    ).fetchall()
    return {(p.year + 1, c): (round(v, 5), a) for p, c, v, a in rows}


def test_fiscal_year_adp_is_icess_published_figure_from_the_newest_release(real_con):
    adp = fiscal_year_figures(real_con, "ice_detention.adp")
    # FY19 year-end spreadsheet (data as of 2019-10-07), "Detention FY19" ADP table, FY total
    assert adp[(2019, "total")] == (50165.43836, D(2019, 10, 7))
    assert adp[(2019, "ICE")] == (20115.38356, D(2019, 10, 7))
    assert adp[(2019, "CBP")] == (30050.05479, D(2019, 10, 7))
    # FY25_detentionStats09252025.xlsx, FY2025 to date (data as of 2025-09-15)
    assert adp[(2025, "total")] == (48404.48169, D(2025, 9, 25))
    # FY26_detentionStats04092026.xlsx, the newest release
    assert adp[(2026, "total")] == (66978.04839, D(2026, 4, 9))
    assert adp[(2026, "ICE")] == (56195.74193, D(2026, 4, 9))  # 56,195.741935


def test_book_ins_and_length_of_stay_as_published(real_con):
    book_ins = fiscal_year_figures(real_con, "ice_detention.book_ins")
    assert book_ins[(2019, "total")] == (510854, D(2019, 10, 7))
    assert book_ins[(2019, "CBP")] == (373770, D(2019, 10, 7))
    assert book_ins[(2026, "total")] == (230354, D(2026, 4, 9))
    alos = fiscal_year_figures(real_con, "ice_detention.average_length_of_stay")
    assert alos[(2019, "total")] == (34.34029, D(2019, 10, 7))


def test_atd_participants_on_the_newest_release(real_con):
    rows = dict(
        real_con.execute("""
        SELECT region_code, value FROM observation
        WHERE measure_id = 'ice_detention.atd_participants' AND period = DATE '2026-04-01'
          AND region_code IN ('nation:US', 'ice_aor:SFR', 'ice_aor:ATL')""").fetchall()
    )
    assert rows == {"nation:US": 180701, "ice_aor:SFR": 20500, "ice_aor:ATL": 6344}


def test_every_release_is_kept_and_the_latest_is_2026_04_09(real_con):
    vintages = dict(
        real_con.execute("""
        SELECT measure_id, count(DISTINCT as_of) FROM observation_all
        WHERE measure_id LIKE 'ice_detention.%' GROUP BY ALL""").fetchall()
    )
    assert vintages == {
        "ice_detention.adp": 129,
        "ice_detention.average_length_of_stay": 129,
        "ice_detention.book_ins": 129,
        "ice_detention.atd_participants": 130,
        "ice_detention.facility_adp": 130,
        "ice_detention.facility_average_length_of_stay": 129,  # not in the 2015 list
        "ice_detention.removals": 127,
        "ice_detention.family_unit_removals": 127,
        "ice_detention.currently_detained": 127,
        "ice_detention.currently_detained_by_disposition": 127,
        "ice_detention.final_book_outs": 127,
        "ice_detention.atd_participants_by_type": 128,
        # the case-type table's 128 releases and the AOR table's (130 less 2023-12-07, whose
        # averages are set aside), three of which the case-type table is set aside in
        "ice_detention.atd_average_days_in_program": 131,
        "ice_detention.atd_participants_by_aor_technology": 130,
        "ice_detention.book_ins_by_criminality": 127,
        "ice_detention.book_outs_by_facility_type": 123,
        # 95 releases print the table; 2024-11-15's FY2025 figures filed as FY2024 are set aside
        "ice_detention.segregation_placements": 94,
        "ice_detention.segregation_average_consecutive_days": 94,
        "ice_detention.segregation_average_cumulative_days": 94,
        "ice_detention.atd_technology_daily_cost": 86,
        "ice_detention.atd_court_hearings": 81,
        "ice_detention.atd_final_hearings": 81,
        "ice_detention.atd_court_appearance_rate": 81,
        "ice_detention.bond_book_outs": 98,
        "ice_detention.bond_posted_share": 98,
        "ice_detention.average_bond_amount": 98,
        "ice_detention.currently_detained_with_fear_decision": 18,
        "ice_detention.fear_decision_to_release_days": 128,
    }
    latest = real_con.execute("""
        SELECT max(as_of) FROM observation WHERE measure_id LIKE 'ice_detention.%'""").fetchone()
    assert latest == (D(2026, 4, 9),)


def test_monthly_adp_of_a_closed_year_comes_from_its_last_release(real_con):
    months = real_con.execute("""
        SELECT count(*), min(as_of), max(as_of) FROM observation
        WHERE measure_id = 'ice_detention.adp' AND grain = 'month' AND dimension = 'total'
          AND period BETWEEN DATE '2023-10-01' AND DATE '2024-09-01'""").fetchone()
    assert months == (12, D(2024, 10, 7), D(2024, 10, 7))  # FY24 year-end file


def test_facility_adp_rolls_up_to_aor_state_and_nation_in_every_release(real_con):
    mismatched = real_con.execute("""
        WITH by_level AS (
            SELECT as_of, region_level, sum(value) AS adp FROM observation_all
            WHERE measure_id = 'ice_detention.facility_adp' AND dimension = 'total'
            GROUP BY ALL)
        SELECT count(DISTINCT as_of), count(*) FILTER (WHERE abs(f.adp - o.adp) > 1e-6)
        FROM by_level f JOIN by_level o USING (as_of)
        WHERE f.region_level = 'detention_facility' AND o.region_level <> f.region_level
        """).fetchone()
    # 129 detention statistics releases and the 2015 facility list (state and nation only)
    assert mismatched == (130, 0)


def test_listed_facilities_hold_nearly_all_of_icess_published_national_adp(real_con):
    # ICE publishes no facility total; its national FYTD ADP is the comparable figure. The list
    # misses small facilities and hold rooms, so it sums below it, except in six releases.
    ratios = real_con.execute("""
        SELECT f.as_of, f.value / a.value FROM observation_all f
        JOIN observation_all a USING (as_of, period, grain, region_code, dimension)
        WHERE f.measure_id = 'ice_detention.facility_adp' AND a.measure_id = 'ice_detention.adp'
          AND f.region_code = 'nation:US' AND f.dimension = 'total'""").fetchall()
    assert len(ratios) == 126
    above = sorted(d for d, r in ratios if r > 1)
    assert above == [
        D(2022, 12, 22),
        D(2023, 1, 9),
        D(2023, 1, 19),
        D(2023, 12, 7),
        D(2023, 12, 20),
        D(2025, 7, 7),
    ]
    assert all(0.92 < r < 1.06 for _, r in ratios)
