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
