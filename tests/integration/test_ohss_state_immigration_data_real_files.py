"""OHSS state immigration data from the real file: sums the file gives, rounding, coverage, and
its population column against the Census Bureau's own Vintage 2024 file."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
PREFIX = "ohss_state_immigration_data."


def state_sum(con, measure: str, fiscal_year: int) -> float:
    return con.execute(
        """SELECT sum(value) FROM observation WHERE measure_id = ? AND grain = 'fiscal_year'
           AND period = make_date(? - 1, 10, 1)""",
        [PREFIX + measure, fiscal_year],
    ).fetchone()[0]


def test_sums_of_the_states(real_con):
    assert state_sum(real_con, "lawful_permanent_residents", 2013) == 988_010
    assert state_sum(real_con, "lawful_permanent_residents", 2023) == 1_170_100
    assert state_sum(real_con, "refugee_arrivals", 2021) == 11_470
    assert state_sum(real_con, "refugee_arrivals", 2023) == 59_970


def test_coverage_and_rounding(real_con):
    coverage = real_con.execute(f"""
        SELECT count(DISTINCT measure_id), count(DISTINCT region_code), count(*),
               count(*) FILTER (WHERE measure_id <> '{PREFIX}population' AND value % 10 <> 0)
        FROM observation WHERE measure_id LIKE '{PREFIX}%'""").fetchone()
    assert coverage == (8, 52, 52 * 11 * 8, 0)


def test_population_is_census_vintage_2019_then_vintage_2024(real_con):
    california_2019 = real_con.execute(f"""
        SELECT value FROM observation WHERE measure_id = '{PREFIX}population'
          AND region_code = 'state:CA' AND period = DATE '2019-01-01'""").fetchone()
    assert california_2019 == (39_512_223,)  # Vintage 2019; Vintage 2020 says 39,437,610
    differences = real_con.execute(f"""
        SELECT count(*) FILTER (WHERE o.value <> c.value), count(*)
        FROM observation o JOIN observation c USING (region_code, period)
        WHERE o.measure_id = '{PREFIX}population'
          AND c.measure_id = 'census_state_population.population'
          AND year(o.period) BETWEEN 2020 AND 2023""").fetchone()
    assert differences == (0, 52 * 4)
