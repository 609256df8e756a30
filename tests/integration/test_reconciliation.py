"""Cross-source reconciliation on the real files."""

from __future__ import annotations

import datetime as dt

import pytest

from aggstats import query
from aggstats.cli import main

pytestmark = pytest.mark.integration


def test_cbp_releases_reconcile_for_the_years_both_cover(real_con):
    frame = query.reconciliation(real_con).filter(
        reconciliation_id="cbp_aor_vs_state_release_nation"
    )
    assert frame.select("period", "left_value", "right_value").rows() == [
        (dt.date(2022, 10, 1), 3_201_144.0, 3_201_144.0),
        (dt.date(2023, 10, 1), 2_901_142.0, 2_901_142.0),
    ]
    assert frame["agrees"].all()


def test_southwest_file_reconciles_with_the_aor_file_for_fy2022_to_fy2024(real_con):
    frame = query.reconciliation(real_con).filter(reconciliation_id="cbp_aor_vs_southwest_file")
    assert [d.year + 1 for d in frame["period"]] == [2022, 2023, 2024]
    assert frame["difference"].to_list() == [0.0, 0.0, 0.0]


def test_reconcile_command_prints_each_pair(real_warehouse, monkeypatch, capsys):
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(real_warehouse))
    assert main(["reconcile"]) == 0
    out = capsys.readouterr().out
    assert "cbp_aor_vs_southwest_file" in out and "2,475,669" in out


def pair(real_con, reconciliation_id: str) -> dict[int, tuple[float, float]]:
    frame = query.reconciliation(real_con).filter(reconciliation_id=reconciliation_id)
    return {
        period.year + 1: (left, right)
        for period, left, right in frame.select("period", "left_value", "right_value").rows()
    }


def test_cbp_and_ohss_agree_within_ohss_rounding(real_con):
    years = pair(real_con, "cbp_vs_ohss_monthly_nation")
    assert years[2023] == (3_201_144, 3_201_140)
    assert all(abs(left - right) <= 25 for left, right in years.values())


def test_khsm_is_cbps_border_patrol_count_rounded(real_con):
    years = pair(real_con, "cbp_usbp_vs_khsm")
    assert years[2021] == (1_662_167, 1_662_170)
    assert sorted(years) == [2020, 2021, 2022, 2023, 2024]
    assert all(abs(left - right) <= 5 for left, right in years.values())


def test_yearbook_apprehensions_exceed_border_patrol_by_ice_arrests(real_con):
    years = pair(real_con, "yearbook_apprehensions_vs_khsm_usbp")
    assert years[2000] == (1_814_729, 1_590_310)
    assert all(left > right for left, right in years.values())


def test_ice_and_ohss_book_ins_differ_in_fy2021(real_con):
    years = pair(real_con, "ice_vs_ohss_book_ins")
    assert years[2019] == (510_854, 510_850)
    assert years[2021] == (189_847, 211_450)
