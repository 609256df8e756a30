"""Book-ins by facility type and criminality, and book-outs by facility type, from the real
parsed tables: the newest release's figures equal to ICE's published cells, and each table's
total equal, in every release, to the same count in the release's other table.

The cells are in FY26_detentionStats04092026.xlsx (the release of 9 April 2026, IIDS data as of
2 April 2026), sheet "Detention FY26"; the mirror holds the parser's reading of them
(deportationdata's parse-spreadsheets.R finds the title "Book-Ins by Facility Type and
Criminality" at A27, reads the book-ins at A28:E30 - header, Total row 29, family-facility
row 30 - and the book-outs by facility type at H28:J30)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

pytestmark = pytest.mark.integration
RELEASE = dt.date(2026, 4, 9)
FY2026 = dt.date(2025, 10, 1)


def fiscal_year(con, measure_id, period=FY2026):
    return {
        (d, c): (v, a)
        for d, c, v, a in con.execute(
            """SELECT dimension, category, value, as_of FROM observation
               WHERE measure_id = ? AND region_code = 'nation:US' AND grain = 'fiscal_year'
                 AND period = ?""",
            [measure_id, period],
        ).fetchall()
    }


def test_book_ins_by_criminality_newest_release(real_con, mirror):
    # Detention sheet, Total row 29: B29 convicted criminal 66,524, C29 pending criminal charges
    # 68,417, D29 other immigration violator 95,413, E29 total 230,354; FSC row 30: E30 43
    cells = pl.read_parquet(mirror / "ice_detention" / "book-ins-by-facility-type.parquet")
    cells = cells.filter(file_date=RELEASE)
    assert cells.select("facility_type", "convicted_criminal", "total").rows() == [
        ("Total", 66_524, 230_354),
        ("FSC", 0, 43),
    ]
    fy = fiscal_year(real_con, "ice_detention.book_ins_by_criminality")
    assert fy[("total", "total")] == (230_354, RELEASE)
    assert fy[("criminality", "Convicted Criminal")] == (66_524, RELEASE)
    assert fy[("criminality", "Pending Criminal Charges")] == (68_417, RELEASE)
    assert fy[("criminality", "Other Immigration Violator")] == (95_413, RELEASE)
    assert fy[("family_status", "Family facility (FSC/FRC)")] == (43, RELEASE)


def test_book_outs_by_facility_type_newest_release(real_con, mirror):
    # Detention sheet, Book Outs by Facility Type (H28:J30): Total 227,695, FSC 1,423
    cells = pl.read_parquet(mirror / "ice_detention" / "book-outs-by-facility-type.parquet")
    assert cells.filter(file_date=RELEASE).select("facility_type", "total").rows() == [
        ("Total", 227_695),
        ("FSC", 1_423),
    ]
    fy = fiscal_year(real_con, "ice_detention.book_outs_by_facility_type")
    assert fy[("total", "total")] == (227_695, RELEASE)
    assert fy[("family_status", "Family facility (FSC/FRC)")] == (1_423, RELEASE)


def same_release_totals(con, measure, other):
    return con.execute(
        """SELECT count(*), count(*) FILTER (WHERE a.value <> b.value)
           FROM observation_all a JOIN observation_all b USING (period, grain, as_of)
           WHERE a.measure_id = ? AND b.measure_id = ? AND a.grain = 'fiscal_year'
             AND a.dimension = 'total' AND b.dimension = 'total'
             AND a.region_code = 'nation:US' AND b.region_code = 'nation:US'""",
        [measure, other],
    ).fetchone()


def test_book_ins_total_is_the_agency_tables_year_to_date_in_every_release(real_con):
    # ICE prints the fiscal year's book-ins twice on the Detention sheet (by arresting agency
    # and by facility type and criminality): equal in all 127 releases loaded from both (of
    # 134, seven whose Detention sheet repeats another release's are set aside, releases.csv)
    pairs, unequal = same_release_totals(
        real_con, "ice_detention.book_ins_by_criminality", "ice_detention.book_ins"
    )
    assert (pairs, unequal) == (127, 0)


def test_book_outs_total_is_the_final_book_outs_total_in_every_release(real_con):
    # the 127 releases of the book-ins less the four of January-March 2022 whose parsed
    # book-out table is blank (releases.csv)
    pairs, unequal = same_release_totals(
        real_con, "ice_detention.book_outs_by_facility_type", "ice_detention.final_book_outs"
    )
    assert (pairs, unequal) == (123, 0)
