"""The INS-era prosecutions, Border Patrol and investigations tables from the real files: figures
the Yearbooks print, and the two editions' convictions side by side."""

from __future__ import annotations

import pytest

from aggstats import query

pytestmark = pytest.mark.integration


def values(con, measure, dimension="total", table="observation") -> dict:
    rows = con.execute(
        f"""SELECT year(period) + 1, category, value FROM {table}
            WHERE measure_id = ? AND dimension = ? AND grain = 'fiscal_year'""",
        [measure, dimension],
    ).fetchall()
    if dimension == "total":
        return {year: value for year, _, value in rows}
    return {(year, category): value for year, category, value in rows}


def test_table49_prosecutions_fines_and_imprisonment_as_printed(real_con):
    prosecutions = values(real_con, "ohss_yearbook.prosecutions")
    assert (min(prosecutions), max(prosecutions), len(prosecutions)) == (1992, 2004, 13)
    assert prosecutions[1992] == 14_655 and prosecutions[2004] == 19_541
    assert values(real_con, "ohss_yearbook.convictions")[2003] == 22_479
    assert values(real_con, "ohss_yearbook.acquittals")[1993] == 240
    assert values(real_con, "ohss_yearbook.dismissals")[1993] == 6_806
    assert values(real_con, "ohss_yearbook.fines")[1994] == 101_503_303
    assert values(real_con, "ohss_yearbook.imprisonment")[2003] == 19_646
    by_class = values(real_con, "ohss_yearbook.prosecutions", "violation_class")
    assert by_class[(1998, "Immigration")] == 22_857
    assert (1992, "Other") not in by_class  # printed NA: no figure, not a zero
    fines = values(real_con, "ohss_yearbook.fines", "violation_class")
    assert fines[(1994, "Other")] == 101_180_060
    prison = values(real_con, "ohss_yearbook.imprisonment", "violation_class")
    assert prison[(1993, "Naturalization")] == 95


def test_convictions_by_violation_2004_edition_in_force_ins_1998_kept(real_con):
    in_force = values(real_con, "ohss_yearbook.convictions_by_violation", "violation")
    assert in_force[(1993, "Entry of aliens illegally")] == 7_187  # Table 50 (2004)
    assert in_force[(1992, "Drug trafficking")] == 498
    assert (1993, "Reentries of deported aliens") not in in_force  # Table 73's label
    every = real_con.execute(
        """SELECT value FROM observation_all
           WHERE measure_id = 'ohss_yearbook.convictions_by_violation'
             AND file_id = 'ohss_yearbook/Table73_2.xls' AND category = 'Entry of aliens illegally'
             AND period = DATE '1992-10-01'"""
    ).fetchone()
    assert every == (7_179,)  # INS 1998 Table 73
    classes = values(real_con, "ohss_yearbook.convictions_by_violation", "violation_class")
    assert classes[(1992, "Total other violations")] == 0  # printed above rows of 498 and 401
    assert classes[(2004, "Immigration violations")] == 16_945


def test_table60_border_patrol_activities_as_printed(real_con):
    located = values(real_con, "ohss_yearbook.bp_deportable_aliens_located")
    assert (min(located), max(located), len(located)) == (1992, 2001, 10)
    assert located[2000] == 1_676_438
    nationality = values(real_con, "ohss_yearbook.bp_deportable_aliens_located", "nationality")
    assert nationality[(2000, "Mexico")] == 1_636_883
    assert nationality[(1992, "Canada")] == 6_167
    assert values(real_con, "ohss_yearbook.bp_persons_processed")[1992] == 1_221_904
    assert values(real_con, "ohss_yearbook.bp_smugglers_located")[1992] == 17_237
    assert values(real_con, "ohss_yearbook.bp_smuggled_aliens_located")[2000] == 236_782
    assert values(real_con, "ohss_yearbook.bp_conveyances_seized")[2001] == 5_892
    assert values(real_con, "ohss_yearbook.bp_seizure_value")[2001] == 1_581_422_201
    goods = values(real_con, "ohss_yearbook.bp_seizure_value", "seized_goods")
    assert goods[(2001, "Narcotics")] == 1_519_437_113
    activity = values(real_con, "ohss_yearbook.bp_mexican_aliens_located", "employment_status")
    assert activity[(1992, "Seeking employment")] == 1_065_159


def test_table61_investigations_as_printed(real_con):
    assert values(real_con, "ohss_yearbook.investigations_criminal_cases")[1999] == 100_044
    assert values(real_con, "ohss_yearbook.investigations_employer_arrests")[1997] == 17_552
    smuggling = values(real_con, "ohss_yearbook.investigations_smuggling_convictions")
    assert sorted(smuggling) == list(range(1996, 2002))  # NA for FY1992-FY1995
    assert smuggling[1996] == 2_838
    arrests = values(real_con, "ohss_yearbook.investigations_inspection_violation_arrests")
    assert arrests[2001] == 11_162


def pair(con, reconciliation_id):
    frame = query.reconciliation(con).filter(reconciliation_id=reconciliation_id)
    return {
        p.year + 1: (lv, rv)
        for p, lv, rv in frame.select("period", "left_value", "right_value").rows()
    }


def test_the_two_editions_convictions_agree_in_total_and_differ_by_class(real_con):
    total = pair(real_con, "yearbook_convictions_ins1998_vs_dhs2004")
    assert len(total) == 7 and all(left == right for left, right in total.values())
    assert pair(real_con, "yearbook_convictions_table49_vs_table50")[2004] == (17_100, 17_100)
    immigration = pair(real_con, "yearbook_immigration_convictions_ins1998_vs_dhs2004")
    assert immigration[1993] == (11_619, 10_189)
    nationality = pair(real_con, "yearbook_nationality_convictions_ins1998_vs_dhs2004")
    assert nationality[1993] == (66, 287)
    assert pair(real_con, "yearbook_reentry_convictions_ins1998_vs_dhs2004")[1993] == (766, 767)


def test_border_patrol_located_fall_short_of_yearbook_apprehensions(real_con):
    compared = pair(real_con, "yearbook_apprehensions_vs_border_patrol_located")
    assert sorted(compared) == list(range(1992, 2002))
    assert compared[1992] == (1_258_481, 1_199_560)
    assert all(right < left for left, right in compared.values())
