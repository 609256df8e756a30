"""EOIR "Asylum Decision Rates by Nationality" read from the four real PDF editions and the CSV
extraction: figures EOIR printed, each edition's vintage, and the row checks."""

from __future__ import annotations

import datetime as dt

import pytest

from aggstats import query

pytestmark = pytest.mark.integration

MEASURE = "eoir_adjudication."
PDF = "eoir_adjudication/eoir_adjudication_stats_{}.pdf"


def printed(con, nationality: str, fiscal_year: int, view: str = "observation") -> dict:
    rows = con.execute(
        f"""SELECT replace(measure_id, '{MEASURE}', ''), value, file_id FROM {view}
            WHERE measure_id LIKE '{MEASURE}%' AND region_code = 'nation:US'
              AND period = make_date(? - 1, 10, 1) AND dimension = 'nationality'
              AND category = ?""",
        [fiscal_year, nationality],
    ).fetchall()
    return {measure: value for measure, value, _ in rows}


def test_fy2018_edition_as_printed(real_con):
    # page 4: values on the last line of a wrapped name; two-decimal rates
    assert printed(real_con, "MEXICO", 2018) == {
        "asylum_grants": 629,
        "asylum_grant_rate": 5.76,
        "asylum_denials": 4520,
        "asylum_other": 5415,
        "asylum_admin_closures": 359,
        "asylum_decisions": 10923,
    }
    # page 1: CENTRAL / AFRICAN / REPUBLIC 11 * * * 4 * * * *
    assert printed(real_con, "CENTRAL AFRICAN REPUBLIC", 2018) == {
        "asylum_grants": 11,
        "asylum_other": 4,
    }
    assert printed(real_con, "EL SALVADOR", 2018)["asylum_decisions"] == 12002


def test_fy2019_edition_as_printed(real_con):
    assert printed(real_con, "CHINA", 2019) == {
        "asylum_grants": 3438,
        "asylum_grant_rate": 55,
        "asylum_denials": 1193,
        "asylum_other": 1648,
        "asylum_decisions": 6279,
    }
    # page 2: DEMOCRATIC / 56 40% 56 40% 29 21% 141 / REPUBLIC OF CONGO
    congo = printed(real_con, "DEMOCRATIC REPUBLIC OF CONGO", 2019)
    assert (congo["asylum_grants"], congo["asylum_denials"], congo["asylum_decisions"]) == (
        56,
        56,
        141,
    )
    assert (
        printed(real_con, "Former Countries", 2019)["asylum_decisions"] == 249
    )  # FORMER COUNTRIES4


def test_fy2020_partial_edition_as_printed(real_con):
    # FY2020 through June 30, 2020
    assert printed(real_con, "MEXICO", 2020) == {
        "asylum_grants": 664,
        "asylum_grant_rate": 7,
        "asylum_denials": 4672,
        "asylum_other": 3553,
        "asylum_decisions": 8889,
    }
    assert printed(real_con, "SERBIA MONTENEGRO", 2020)["asylum_decisions"] == 16


def test_fy2021_edition_as_printed(real_con):
    assert printed(real_con, "EL SALVADOR", 2021) == {
        "asylum_grants": 1132,
        "asylum_grant_rate": 14,
        "asylum_denials": 3021,
        "asylum_other": 3877,
        "asylum_decisions": 8030,
    }
    # page 4: STATELESS -ALIEN / UNABLE TO NAME A 12 * * * 9 * * / COUNTRY
    assert printed(real_con, "STATELESS -ALIEN UNABLE TO NAME A COUNTRY", 2021) == {
        "asylum_grants": 12,
        "asylum_other": 9,
    }


def test_each_edition_lists_its_nationalities(real_con):
    counts = real_con.execute(
        """SELECT file_id, count(DISTINCT nationality) FROM stg_eoir_adjudication__edition
           GROUP BY ALL ORDER BY 1"""
    ).fetchall()
    assert [n for _, n in counts] == [185, 184, 171, 163]


def test_every_printed_row_total_is_its_parts(real_con):
    rows = real_con.execute(
        """SELECT file_id, nationality,
                  sum(value) FILTER (WHERE "column" IN ('Grants', 'Denials', 'Other',
                                                        'Admin Closure')) AS parts,
                  count(*) FILTER (WHERE "column" IN ('Grants', 'Denials', 'Other',
                                                      'Admin Closure') AND value IS NULL) AS hidden,
                  max(value) FILTER (WHERE "column" = 'Total') AS total
           FROM stg_eoir_adjudication__edition GROUP BY ALL"""
    ).fetchall()
    complete = [r for r in rows if r[4] is not None]
    assert len(complete) == 256  # rows whose total EOIR printed, over the four editions
    assert all(parts == total and hidden == 0 for _, _, parts, hidden, total in complete)


def test_the_newest_edition_is_in_force_and_interim_editions_are_vintages(real_con):
    mexico = printed(real_con, "MEXICO", 2021, "observation")
    assert mexico["asylum_decisions"] == 6750
    file = real_con.execute(
        """SELECT DISTINCT file_id, as_of FROM observation WHERE measure_id LIKE ?
           AND period = DATE '2020-10-01'""",
        [MEASURE + "%"],
    ).fetchall()
    assert file == [(PDF.format("2021-12-01 15:43:44"), dt.date(2021, 12, 1))]
    vintages = real_con.execute(
        """SELECT as_of, value FROM observation_all WHERE measure_id = ?
           AND category = 'MEXICO' AND period = DATE '2020-10-01' ORDER BY as_of""",
        [MEASURE + "asylum_decisions"],
    ).fetchall()
    # the CSV's editions of July and October 2021, then EOIR's PDF of the October edition
    assert [d for d, _ in vintages][-3:] == [
        dt.date(2021, 7, 8),
        dt.date(2021, 10, 19),
        dt.date(2021, 12, 1),
    ]
    assert vintages[-1][1] == vintages[-2][1] == 6750


def test_the_csv_extraction_equals_the_pdfs_where_it_has_a_row(real_con):
    pairs = real_con.execute(
        """SELECT p.value, c.value FROM observation_all p JOIN observation_all c
             USING (measure_id, region_code, period, grain, dimension, category)
           WHERE p.measure_id LIKE ? AND p.file_id LIKE '%.pdf' AND c.file_id LIKE '%.csv'
             AND c.as_of IN ('2018-10-24', '2019-10-23', '2020-07-14', '2021-10-19')""",
        [MEASURE + "%"],
    ).fetchall()
    assert len(pairs) > 1500
    assert all(pdf == csv for pdf, csv in pairs)


def test_pdfs_reconcile_with_the_csv_extractions_latest_edition_of_each_year(real_con):
    frame = query.reconciliation(real_con)
    mexico = frame.filter(reconciliation_id="eoir_adjudication_pdfs_vs_csv_mexico")
    assert mexico.select("period", "left_value", "right_value").rows() == [
        (dt.date(2017, 10, 1), 10_923.0, 10_923.0),
        (dt.date(2018, 10, 1), 13_297.0, 13_297.0),
        (dt.date(2019, 10, 1), 8_889.0, 8_889.0),
        (dt.date(2020, 10, 1), 6_750.0, 6_750.0),  # not an interim FY2021 edition
    ]
    el_salvador = frame.filter(reconciliation_id="eoir_adjudication_pdfs_vs_csv_el_salvador")
    assert el_salvador["left_value"].to_list() == [1_787.0, 2_311.0, 1_556.0, 1_132.0]
    assert (mexico["agrees"].all(), el_salvador["agrees"].all()) == (True, True)
