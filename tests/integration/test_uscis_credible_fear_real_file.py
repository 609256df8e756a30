"""USCIS credible fear semi-monthly report, 11/01/20 to 11/15/21: half-months as printed."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration


def value(con, measure: str, period: dt.date, category: str = "total") -> float:
    return con.execute(
        """
        SELECT value FROM observation
        WHERE measure_id = ? AND region_code = 'nation:US' AND grain = 'half_month'
          AND period = ? AND category = ?""",
        [f"uscis_credible_fear.{measure}", period, category],
    ).fetchone()[0]


def test_credible_fear_as_printed(real_con):
    # Row 7 (Case Receipts) and rows 8-11, column D (2020-11-01 to 11-15) and AB (11-01 to 11-15)
    assert value(real_con, "receipts", dt.date(2020, 11, 1)) == 284
    assert value(real_con, "receipts", dt.date(2021, 6, 1)) == 5156  # R7, the largest
    assert value(real_con, "decisions", dt.date(2020, 11, 1)) == 242
    assert value(real_con, "decisions", dt.date(2020, 11, 1), "fear_established") == 137
    assert value(real_con, "decisions", dt.date(2021, 11, 1), "fear_not_established") == 965


def test_outcomes_that_exceed_all_decisions_are_kept_as_printed(real_con):
    # AA8 prints 3,173 decisions; AA9:AA11 print 2,067 + 1,082 + 67 = 3,216
    assert value(real_con, "decisions", dt.date(2021, 10, 16)) == 3173
    outcomes = real_con.execute("""
        SELECT sum(value) FROM observation
        WHERE measure_id = 'uscis_credible_fear.decisions' AND dimension = 'outcome'
          AND period = DATE '2021-10-16'""").fetchone()[0]
    assert outcomes == 3216


def test_reasonable_fear_and_family_residential_centers(real_con):
    assert value(real_con, "rf_receipts", dt.date(2020, 11, 1)) == 231  # D39
    assert value(real_con, "rf_decisions", dt.date(2021, 9, 16)) == 245  # Y40
    assert value(real_con, "frc_receipts", dt.date(2021, 11, 1)) == 174  # AB30
    assert value(real_con, "frc_receipts", dt.date(2021, 3, 1)) == 0  # L30 prints "-"
    periods = real_con.execute("""
        SELECT count(DISTINCT period), min(period), max(period) FROM observation
        WHERE measure_id = 'uscis_credible_fear.receipts'""").fetchone()
    assert periods == (25, dt.date(2020, 11, 1), dt.date(2021, 11, 1))
