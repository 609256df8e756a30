"""EOIR workload from the real transcription: the figures of EOIR's April 22, 2026 edition."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

FY = "year(period + INTERVAL 3 MONTH)"


def series(con, measure: str) -> dict[int, float]:
    return dict(
        con.execute(f"""
        SELECT {FY}, value FROM observation
        WHERE measure_id = 'eoir_workload.{measure}' AND region_code = 'nation:US'
          AND grain = 'fiscal_year' AND dimension = 'total' ORDER BY 1""").fetchall()
    )


def test_pending_cases_as_published(real_con):
    pending = series(real_con, "pending_cases")
    assert list(pending) == list(range(2016, 2027))
    assert pending[2016] == 826_488
    assert pending[2024] == 3_925_351  # the peak
    assert pending[2025] == 3_723_932
    assert pending[2026] == 3_570_145  # 31 March 2026, FY2026 through Q2


def test_new_cases_and_completions_as_published(real_con):
    assert series(real_con, "new_cases")[2024] == 1_783_909
    assert series(real_con, "completions")[2025] == 798_014
    assert series(real_con, "new_cases")[2026] == 238_041
    assert sum(series(real_con, "completions").values()) == 3_874_294


def test_the_partial_year_is_flagged_in_the_measures_caveats(real_con):
    caveats = real_con.execute("""
        SELECT caveats FROM dim_measure WHERE measure_id = 'eoir_workload.new_cases'""").fetchone()
    assert any("FY2026" in c and "two quarters" in c for c in caveats[0])
