"""ATD participants by AOR and technology, and average days in the program by AOR, from the real
atd-by-aor table: the newest release's figures equal to ICE's published cells (sheet "ATD FY26"
of FY26_detentionStats04092026.xlsx, the table "Active ATD Participants ... by AOR", columns
count and average length in program; atd-by-aor.parquet rows 15311-15315), and how often the
technologies miss their AOR's total."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration
D = dt.date
APRIL_2026 = D(2026, 4, 1)


def by_category(con, measure, region, period=APRIL_2026):
    return {
        c: (v, a)
        for c, v, a in con.execute(
            """SELECT category, value, as_of FROM observation
               WHERE measure_id = ? AND region_code = ? AND period = ?""",
            [measure, region, period],
        ).fetchall()
    }


def test_atlanta_by_technology_on_the_newest_release(real_con):
    people = by_category(
        real_con, "ice_detention.atd_participants_by_aor_technology", "ice_aor:ATL"
    )
    assert {c: v for c, (v, _) in people.items()} == {
        "total": 6344,
        "SmartLINK": 2481,
        "Ankle Monitor": 3676,
        "Wristworn": 182,
        "Dual Tech": 5,
    }
    assert {a for _, a in people.values()} == {D(2026, 4, 9)}
    days = by_category(real_con, "ice_detention.atd_average_days_in_program", "ice_aor:ATL")
    assert days["total"][0] == pytest.approx(723.527112)
    assert days["Ankle Monitor"][0] == pytest.approx(635.351197)


def test_technologies_miss_their_aor_total_in_twelve_aor_releases(real_con):
    off = real_con.execute("""
        SELECT region_code, as_of, sum(value) FILTER (WHERE dimension = 'atd_technology') AS parts,
               any_value(value) FILTER (WHERE dimension = 'total') AS total
        FROM observation_all
        WHERE measure_id = 'ice_detention.atd_participants_by_aor_technology'
        GROUP BY ALL HAVING parts IS NOT NULL AND parts <> total
        ORDER BY as_of, region_code""").fetchall()
    assert len(off) == 12
    assert off[-1] == ("ice_aor:SEA", D(2026, 4, 9), 10035, 10037)
    assert max(abs(p - t) / t for _, _, p, t in off) < 0.008
