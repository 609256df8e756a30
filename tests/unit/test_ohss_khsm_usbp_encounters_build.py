"""The KHSM workbook through the whole build: region labels resolved, bad sheets fail the build."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.build import build
from pipelines.errors import InputError
from tests.conftest import fixture_registry
from tests.unit.khsm_workbook import write_workbook
from tests.unit.test_ohss_khsm_usbp_encounters_pipeline import (
    LEVELS,
    add_column,
    move_header_down,
    rename_sheet,
)

SOURCE = "ohss_khsm_usbp_encounters"


@pytest.fixture
def env(tmp_path):
    raw = tmp_path / "raw"
    target = tmp_path / "aggstats.duckdb"

    def registry(path):
        files = [{"path": path, "layout": "workbook", "levels": list(LEVELS)}]
        return fixture_registry(tmp_path / "sources", SOURCE, files, raw)

    return registry, raw, target


def table(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_sector_and_region_labels_resolve_to_region_codes(env, tmp_path):
    registry, raw, target = env
    report = build(registry(write_workbook(tmp_path / "good")), raw, target)
    assert report.staging_rows == {f"stg_{SOURCE}__workbook": 66}
    rows = table(
        target,
        "SELECT region_code, period, grain, value FROM observation "
        "WHERE dimension = 'total' AND region_level <> 'nation' AND grain = 'month' ORDER BY ALL",
    )
    assert [(code, str(period), value) for code, period, _, value in rows] == [
        ("land_border_region:N", "1999-10-01", 100.0),
        ("land_border_region:OTHER", "2024-11-01", 20.0),  # "Coastal Border"
        ("land_border_region:SW", "1999-10-01", 900.0),
        ("land_border_region:SW", "2024-11-01", 480.0),
        ("usbp_sector:LIV", "1999-10-01", 100.0),  # "Livermore, CA"
        ("usbp_sector:MIP", "2024-11-01", 20.0),
        ("usbp_sector:RGV", "2024-11-01", 480.0),  # "Rio Grande Valley, TX"
        ("usbp_sector:SDC", "1999-10-01", 900.0),
    ]
    assert table(target, "SELECT rounded_to, unit, counts FROM dim_measure") == [
        (10, "encounters", "events")
    ]


def test_a_sectors_former_name_counts_for_the_sector_of_today(env, tmp_path):
    registry, raw, target = env

    def former_names(cells):
        for sheet in ("Annual Sector", "Monthly Sector"):
            for row in cells[sheet]:
                row[-2] = {"Rio Grande Valley, TX": "McAllen, TX"}.get(row[-2], row[-2])

    build(registry(write_workbook(tmp_path / "old", former_names)), raw, target)
    assert table(
        target,
        "SELECT grain, value FROM observation WHERE region_code = 'usbp_sector:RGV' ORDER BY ALL",
    ) == [("fiscal_year", 480.0), ("month", 480.0)]


@pytest.mark.parametrize(
    ("edit", "sheet", "row", "column"),
    [
        (rename_sheet, "Monthly Region", None, None),
        (move_header_down, "Monthly Sector", 1, "A"),
        (add_column, "Monthly Sector", 1, "E"),
    ],
    ids=["renamed sheet", "moved header", "unexpected column"],
)
def test_a_bad_workbook_fails_the_build_and_keeps_the_previous_warehouse(
    env, tmp_path, edit, sheet, row, column
):
    registry, raw, target = env
    build(registry(write_workbook(tmp_path / "good")), raw, target)
    before = table(target, "SELECT * FROM fact_observation ORDER BY ALL")
    assert len(before) == 58
    broken = registry(write_workbook(tmp_path / "broken", edit))  # with the broken file's checksum
    with pytest.raises(InputError) as error:
        build(broken, raw, target)
    assert (error.value.file, error.value.sheet, error.value.row, error.value.column) == (
        "KHSM Encounters (USBP) fy25m11.xlsx",
        sheet,
        row,
        column,
    )
    assert table(target, "SELECT * FROM fact_observation ORDER BY ALL") == before
    assert [p.name for p in target.parent.iterdir() if "building" in p.name] == []
