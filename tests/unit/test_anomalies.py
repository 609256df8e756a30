"""Implausible figures: loaded, but flagged in dim_anomaly, by `aggstats check` and on the chart."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from aggstats import cli, query
from dashboard.figures.style import anomaly_notes
from pipelines.build import build
from tests.conftest import fixture_registry
from tests.unit.bad_inputs import CENSUS_HEADER

# Three vintages of the Census estimates; the middle one halves the nation's 2024 figure.
VINTAGES = {
    dt.date(2024, 12, 1): 340_110_988,
    dt.date(2025, 1, 15): 160_000_000,
    dt.date(2025, 3, 1): 340_200_000,
}


def census_vintages(tmp_path) -> list[dict]:
    files = []
    for i, (as_of, nation) in enumerate(VINTAGES.items()):
        path = tmp_path / f"NST-EST2024-V{i}.csv"
        path.write_text(
            f"{CENSUS_HEADER}\n"
            f"010,0,0,00,United States,331526933,332048977,333271411,334914895,{nation}\n"
            "040,3,6,48,Texas,29232474,29558864,30029848,30503301,31290831\n"
        )
        files.append(
            {"path": path, "layout": "v2024", "levels": ["nation", "state"], "as_of": as_of}
        )
    return files


@pytest.fixture
def broken_release(tmp_path):
    sources = fixture_registry(
        tmp_path / "sources", "census_state_population", census_vintages(tmp_path), tmp_path / "raw"
    )
    build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
    return tmp_path


def test_a_release_breaking_from_its_neighbours_is_flagged(broken_release):
    with duckdb.connect(str(broken_release / "aggstats.duckdb"), read_only=True) as con:
        found = query.anomalies(con)
    assert found.select(
        "kind", "region_code", "period", "as_of", "value", "prev_value", "next_value"
    ).rows() == [
        (
            "release_break",
            "nation:US",
            dt.date(2024, 1, 1),
            dt.date(2025, 1, 15),
            160_000_000.0,
            340_110_988.0,
            340_200_000.0,
        )
    ]
    assert found["file_id"][0] == "census_state_population/NST-EST2024-V1.csv"


def test_check_lists_the_anomaly_with_its_release(broken_release, monkeypatch, capsys):
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(broken_release))
    monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
    assert cli.main(["check", "--verbose"]) == 0  # flagged, not failed: as published
    said = " ".join(capsys.readouterr().out.split())
    assert "flagged Resident population" in said
    assert "160,000,000 in the release of 2025-01-15" in said
    assert "340,110,988 in the previous release (release of 2024-12-01)" in said
    assert "340,200,000 in the next (release of 2025-03-01)" in said


def test_a_tenfold_month_within_a_release_is_flagged(tenfold_warehouse, capsys):
    """The corpus's plausible-but-wrong case: a month ten times the months either side."""
    assert cli.main(["check", "--verbose"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "flagged CBP encounters (cbp_encounters.encounters), Texas, month 2023-11-01: " in said
    assert "15,000 in the release of 2024-10-01" in said
    assert "1,000 in the previous period (2023-10-01) and 1,100 in the next (2023-12-01)" in said


def test_the_chart_notes_a_flagged_figure_it_draws(broken_release):
    with duckdb.connect(str(broken_release / "aggstats.duckdb"), read_only=True) as con:
        found = query.anomalies(con, "census_state_population.population", ["nation:US"])
    drawn = pl.DataFrame(
        {
            "region_code": ["nation:US", "nation:US"],
            "period": [dt.date(2023, 1, 1), dt.date(2024, 1, 1)],
            "as_of": [dt.date(2025, 3, 1), dt.date(2025, 1, 15)],
        }
    )
    assert anomaly_notes(drawn, found) == [
        "Unusual figure, check it: 160,000,000 (United States, Jan 2024) in the release of "
        "15 Jan 2025, against 340,110,988 and 340,200,000 in the releases of 1 Dec 2024 "
        "and 1 Mar 2025."
    ]
    # a chart that draws the newer release's figure for that period has nothing to note
    assert anomaly_notes(drawn.with_columns(as_of=pl.lit(dt.date(2025, 3, 1))), found) == []
