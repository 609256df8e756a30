"""The FY 2010 Statistical Year Book read from the real PDF: figures EOIR printed in it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

MEASURE = "eoir_statistics_yearbook."


def national(con, measure: str, fiscal_year: int, dimension="total", category="total"):
    return con.execute(
        """SELECT value FROM observation WHERE measure_id = ? AND region_code = 'nation:US'
           AND period = make_date(? - 1, 10, 1) AND dimension = ? AND category = ?""",
        [MEASURE + measure, fiscal_year, dimension, category],
    ).fetchone()[0]


def court(con, measure: str, label: str, fiscal_year: int):
    return con.execute(
        """SELECT value FROM observation WHERE measure_id = ? AND region_code = (
               SELECT region_code FROM dim_region WHERE level = 'immigration_court' AND name = ?)
             AND period = make_date(? - 1, 10, 1) AND dimension = 'total'""",
        [MEASURE + measure, label, fiscal_year],
    ).fetchone()[0]


def test_fy2010_national_figures_as_printed(real_con):
    # Table 1 (page B3) and Figure 1 (B2): matters received; Table 2 (B5): completed
    assert national(real_con, "matters_received", 2010) == 392_888
    assert national(real_con, "matters_completed", 2010) == 353_247
    # Table 1A (B4): FY2010 receipts by type of matter
    assert national(real_con, "matters_received", 2010, "matter_type", "Proceedings") == 325_326
    assert national(real_con, "matters_received", 2010, "matter_type", "Motions") == 14_902
    # Table 6 (I3): asylum receipts and completions
    assert national(real_con, "asylum_receipts", 2010) == 32_961
    assert national(real_con, "asylum_completions", 2010) == 40_545
    # Table 8 (K6) and Figure 16 (K1): grants, denials and the grant rate
    assert national(real_con, "asylum_grants", 2010) == 9_869
    assert national(real_con, "asylum_denials", 2010) == 9_554
    assert national(real_con, "asylum_grant_rate", 2010) == 51
    # Figure 32 (Y1): proceedings pending on 30 September 2010
    assert national(real_con, "pending_proceedings", 2010) == 262_622
    assert national(real_con, "pending_proceedings", 2010, "year_received", "FY 10") == 143_863


def test_five_year_series_as_printed(real_con):
    # Highlights (A1) and Figure 1 (B2)
    assert national(real_con, "matters_received", 2006) == 351_051
    assert national(real_con, "matters_completed", 2006) == 366_080
    # Figure 13 (I1): affirmative and defensive asylum receipts
    assert national(real_con, "asylum_receipts", 2007, "filing_type", "Affirmative") == 41_214
    # Figure 19 (K3): asylum completions by disposition
    assert national(real_con, "asylum_completions", 2008, "disposition", "Abandoned") == 3_449
    # Figure 18 (K2): defensive grant rate
    assert national(real_con, "asylum_grant_rate", 2006, "filing_type", "Defensive") == 34


def test_court_figures_as_printed(real_con):
    assert court(real_con, "matters_received", "Los Angeles, CA", 2009) == 20_495  # B3
    assert court(real_con, "matters_completed", "Charlotte, NC", 2010) == 4_426  # B5
    assert court(real_con, "asylum_receipts", "New York City, NY", 2010) == 10_355  # I3
    assert court(real_con, "asylum_grants", "New York City, NY", 2010) == 4_215  # K6
    assert court(real_con, "asylum_grant_rate", "Arlington, VA", 2010) == 77  # K6


def test_every_court_is_mapped_and_sums_to_the_totals_row(real_con):
    rows = real_con.execute("""
        SELECT measure_id, count(DISTINCT region_code), sum(value) FROM observation
        WHERE region_code LIKE 'immigration_court:%' AND dimension = 'total'
          AND period = DATE '2009-10-01' AND measure_id NOT LIKE '%rate'
        GROUP BY ALL ORDER BY 1""").fetchall()
    assert rows == [
        (MEASURE + "asylum_completions", 57, 40_545),
        (MEASURE + "asylum_denials", 57, 9_554),
        (MEASURE + "asylum_grants", 57, 9_869),
        (MEASURE + "asylum_receipts", 57, 32_961),
        (MEASURE + "matters_completed", 57, 353_247),
        (MEASURE + "matters_received", 57, 392_888),
    ]


def test_every_warehouse_check_passes(real_con):
    from pipelines.warehouse import run_checks

    assert run_checks(real_con) == []
