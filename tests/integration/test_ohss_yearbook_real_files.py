"""The yearbook tables from the real files: figures the Yearbooks print, each table's total equal
to its parts, and the 2013-edition xls tables reconciled with the 2019-edition CSVs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def series(con, measure: str, grain: str = "fiscal_year") -> dict[int, float]:
    rows = con.execute(
        """SELECT year(period) + 1, value FROM observation
           WHERE measure_id = ? AND grain = ? AND dimension = 'total'""",
        [measure, grain],
    ).fetchall()
    return dict(rows)


def test_apprehensions_as_printed(real_con):
    apprehended = series(real_con, "ohss_yearbook.apprehensions")
    assert (min(apprehended), max(apprehended), len(apprehended)) == (1925, 2019, 95)
    assert apprehended[1925] == 22_199
    assert apprehended[1954] == 1_089_583
    assert apprehended[2000] == 1_814_729
    assert apprehended[2009] == 889_212  # the 2019 edition's revision (2013 edition: 889,203)
    assert apprehended[2019] == 1_013_539


def test_removals_and_returns_as_printed(real_con):
    removals = series(real_con, "ohss_yearbook.removals")
    returns = series(real_con, "ohss_yearbook.returns")
    assert (min(removals), max(removals), len(removals)) == (1892, 2019, 128)
    assert (min(returns), max(returns), len(returns)) == (1927, 2019, 93)
    assert removals[1892] == 2_801
    assert removals[1998] == 174_813  # DHS's figure, newer than INS 1998's 172,547
    assert removals[2003] == 211_098  # not the 2003 edition's 186,151
    assert removals[2019] == 359_885
    assert returns[1954] == 1_074_277
    assert returns[2019] == 171_445


def test_decade_totals_are_kept_as_decades(real_con):
    removals = series(real_con, "ohss_yearbook.removals", "decade")
    returns = series(real_con, "ohss_yearbook.returns", "decade")
    assert removals == {
        1892: 25_642,
        1901: 119_769,
        1911: 206_021,
        1921: 281_464,
        1931: 185_303,
        1941: 141_112,
        1951: 150_472,
    }
    assert returns == {1921: 72_233, 1931: 93_330, 1941: 1_470_925, 1951: 3_883_660}


def test_every_tables_total_row_equals_the_sum_of_its_regions(real_con):
    for table, regions in [
        ("table34", "'Africa','Asia','Europe','North America','Oceania','South America','Unknown'"),
        ("table37", "'Africa','Asia','Europe','North America','Oceania','South America','Unknown'"),
        ("table40", "'Africa','Asia','Europe','North America','Oceania','South America','Unknown'"),
    ]:
        compared = real_con.execute(f"""
            SELECT count(*) FILTER (WHERE total <> parts), count(*) FROM (
                SELECT fiscal_year, sum(count) FILTER (WHERE label = 'Total') AS total,
                       sum(count) FILTER (WHERE label IN ({regions})) AS parts
                FROM stg_ohss_yearbook__{table} GROUP BY fiscal_year)""").fetchone()
        assert compared[0] == 0 and compared[1] >= 5, table


def test_table37d_regions_and_criminal_status_add_up(real_con):
    regions = "'Africa','Asia','Caribbean','Central America','Europe','North America','Oceania',"
    regions += "'South America','Unknown'"
    compared = real_con.execute(f"""
        SELECT count(*) FILTER (WHERE total <> parts OR total <> criminal + non_criminal), count(*)
        FROM (SELECT fiscal_year,
                     sum(count) FILTER (WHERE type = 'Total' AND label = 'Total') AS total,
                     sum(count) FILTER (WHERE type = 'Total' AND label IN ({regions})) AS parts,
                     sum(count) FILTER (WHERE type = 'Criminal' AND label = 'Total') AS criminal,
                     sum(count) FILTER (WHERE type = 'Non-criminal' AND label = 'Total')
                         AS non_criminal
              FROM stg_ohss_yearbook__table37d GROUP BY fiscal_year)""").fetchone()
    assert compared == (0, 10)


def test_table43d_criminal_status_adds_up_and_its_regions_fall_short_as_documented(real_con):
    rows = real_con.execute("""
        SELECT fiscal_year,
               sum(count) FILTER (WHERE type = 'Total' AND label = 'Total')
                 - sum(count) FILTER (WHERE type = 'Total' AND label IN ('Europe', 'Asia',
                   'Africa', 'Oceania', 'North America', 'South America', 'Other', 'Unknown')),
               sum(count) FILTER (WHERE type = 'Total' AND label = 'Total')
                 - sum(count) FILTER (WHERE type <> 'Total' AND label = 'Total')
        FROM stg_ohss_yearbook__table43d GROUP BY ALL ORDER BY 1""").fetchall()
    short = {year: gap for year, gap, _ in rows if gap}
    assert short == {1993: 1, 1995: 2, 1996: 2, 1997: 1, 1998: 1}
    assert all(status_gap == 0 for _, _, status_gap in rows)


def test_2013_edition_xls_and_2019_edition_csv_agree_but_for_revised_years(real_con):
    apprehended = real_con.execute("""
        SELECT x.year, x.count, c.count FROM stg_ohss_yearbook__table33 x
        JOIN stg_ohss_yearbook__apprehended_csv c USING (year)
        WHERE x.count IS DISTINCT FROM c.count ORDER BY 1""").fetchall()
    assert apprehended == [
        ("2006", 1_206_412, 1_206_408),
        ("2007", 960_772, 960_673),
        ("2008", 1_043_799, 1_043_759),
        ("2009", 889_203, 889_212),
    ]
    compared = real_con.execute("""
        SELECT count(*), list(DISTINCT x.year ORDER BY x.year)
                         FILTER (WHERE x.count IS DISTINCT FROM c.count)
        FROM stg_ohss_yearbook__table39 x JOIN stg_ohss_yearbook__deported_csv c
          ON x.year = c.year AND x."column" = c."column" """).fetchone()
    assert compared == (244, ["2009", "2010", "2011", "2012", "2013"])


def test_ins_table62_and_the_dhs_series_agree_until_dhs_revised_fy1993(real_con):
    compared = real_con.execute("""
        SELECT count(*) FROM stg_ohss_yearbook__table62 n
        JOIN stg_ohss_yearbook__deported_csv d
          ON n.year = d.year AND (n."column" = 'Formal removals') = (d."column" = 'Removals')
        WHERE n.count IS DISTINCT FROM d.count AND n.year < '1993'""").fetchone()
    assert compared == (0,)  # INS and DHS agree until DHS revised FY1993-FY1998


def test_nationality_breakdowns(real_con):
    mexico = real_con.execute("""
        SELECT value FROM observation WHERE measure_id = 'ohss_yearbook.removals_by_nationality'
          AND dimension = 'nationality' AND category = 'Mexico'
          AND period = DATE '1999-10-01'""").fetchone()
    assert mexico is not None and mexico[0] > 100_000
    status = dict(
        real_con.execute("""
        SELECT category, value FROM observation WHERE measure_id = 'ohss_yearbook.removals'
          AND dimension = 'criminal_status' AND period = DATE '1999-10-01'""").fetchall()
    )
    assert status == {"Criminal": 73_065, "Non-criminal": 115_402}  # 2008 edition, FY2000
    guatemala = real_con.execute("""
        SELECT value FROM observation
        WHERE measure_id = 'ohss_yearbook.apprehensions_by_nationality'
          AND category = 'Guatemala' AND period = DATE '2012-10-01'""").fetchone()
    assert guatemala == (73_208,)
