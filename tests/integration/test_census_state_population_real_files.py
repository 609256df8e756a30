"""Census state population estimates from the real files: figures the files print, states adding
up to the nation, and the newer vintage winning for 2020."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
MEASURE = "census_state_population.population"


def population(con, region: str, year: int, view: str = "observation") -> list[tuple]:
    return con.execute(
        f"""SELECT value, as_of FROM {view} WHERE measure_id = ? AND region_code = ?
            AND period = make_date(?, 1, 1) ORDER BY as_of""",
        [MEASURE, region, year],
    ).fetchall()


def test_published_estimates(real_con):
    assert population(real_con, "nation:US", 2024)[0][0] == 340_110_988
    assert population(real_con, "nation:US", 2010)[0][0] == 309_327_143
    assert population(real_con, "state:CA", 2019)[0][0] == 39_437_610  # Vintage 2020


def test_both_vintages_are_kept_and_the_newer_wins_for_2020(real_con):
    both = population(real_con, "state:CA", 2020, "observation_all")
    assert [v for v, _ in both] == [39_368_078, 39_521_958]
    assert [v for v, _ in population(real_con, "state:CA", 2020)] == [39_521_958]


def test_coverage_and_states_add_up_to_the_nation_in_each_vintage(real_con):
    counts = real_con.execute(f"""
        SELECT count(DISTINCT region_code), min(year(period)), max(year(period))
        FROM observation WHERE measure_id = '{MEASURE}'""").fetchone()
    assert counts == (53, 2010, 2024)  # nation, 50 states, DC, Puerto Rico
    gaps = real_con.execute(f"""
        SELECT count(*) FILTER (WHERE nation <> states), count(*) FROM (
            SELECT period, file_id,
                   sum(value) FILTER (WHERE region_level = 'nation') AS nation,
                   sum(value) FILTER (WHERE region_level = 'state'
                                      AND region_code <> 'state:PR') AS states
            FROM observation_all WHERE measure_id = '{MEASURE}' GROUP BY ALL)""").fetchone()
    assert gaps == (0, 16)  # 11 years of Vintage 2020, 5 of Vintage 2024
