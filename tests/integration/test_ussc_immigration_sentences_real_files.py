"""USSC immigration prison sentences from the real compilation (The Marshall Project's file)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

IMMIGRATION = "ussc_immigration_sentences.immigration_prison_sentences"
FY = "year(period + INTERVAL 3 MONTH)"


def test_94_districts_every_year_all_mapped(real_con):
    rows = real_con.execute(f"""
        SELECT count(DISTINCT region_code), count(DISTINCT {FY}), count(*) FROM observation
        WHERE measure_id = '{IMMIGRATION}' AND region_code LIKE 'federal_district:%'""").fetchone()
    assert rows == (94, 17, 94 * 17)


def test_the_nation_is_the_sum_of_districts_for_every_year(real_con):
    mismatched = real_con.execute("""
        WITH d AS (SELECT measure_id, period, sum(value) AS v FROM observation
                   WHERE region_code LIKE 'federal_district:%' GROUP BY ALL)
        SELECT count(*) FILTER (WHERE d.v <> n.value), count(*) FROM d
        JOIN observation n USING (measure_id, period)
        WHERE n.region_code = 'nation:US' AND n.measure_id LIKE 'ussc%'""").fetchone()
    assert mismatched == (0, 2 * 17)


def test_national_sums_and_district_figures_as_in_the_file(real_con):
    nation = dict(
        real_con.execute(f"""
        SELECT {FY}, value FROM observation WHERE measure_id = '{IMMIGRATION}'
          AND region_code = 'nation:US' ORDER BY 1""").fetchall()
    )
    assert (nation[2001], nation[2011], nation[2017]) == (9_499, 26_808, 18_475)
    assert max(nation, key=nation.get) == 2011  # the peak
    all_2011 = real_con.execute(f"""
        SELECT value FROM observation
        WHERE measure_id = 'ussc_immigration_sentences.prison_sentences'
          AND region_code = 'nation:US' AND {FY} = 2011""").fetchone()[0]
    assert all_2011 == 73_891
    arizona_2001 = real_con.execute(f"""
        SELECT value FROM observation WHERE measure_id = '{IMMIGRATION}'
          AND region_code = 'federal_district:AZ' AND {FY} = 2001""").fetchone()[0]
    assert arizona_2001 == 1_593  # the file's row 2001, "AZ"
