"""The build on a hand-made OHSS workbook: a changed layout fails, naming sheet and cell, and the
previous warehouse stays as it was."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import openpyxl
import pytest

from pipelines.build import build
from pipelines.errors import InputError
from tests.conftest import fixture_registry
from tests.unit.ohss_workbook import write_workbook
from tests.unit.test_ohss_monthly_pipeline import CELLS, LEVELS

SOURCE = "ohss_monthly_tables"


@pytest.fixture
def env(tmp_path):
    raw = tmp_path / "raw"
    target = tmp_path / "aggstats.duckdb"

    def registry(path):
        entry = {"path": path, "layout": "workbook", "levels": LEVELS}
        return fixture_registry(tmp_path / "sources", SOURCE, [entry], raw)

    good = write_workbook(tmp_path / "tables.xlsx", CELLS)
    build(registry(good), raw, target)
    return registry, raw, target


def facts(target):
    with duckdb.connect(str(target), read_only=True) as con:
        return con.execute("SELECT * FROM fact_observation ORDER BY ALL").fetchall()


def test_the_workbook_builds_with_its_published_figures(env):
    _, _, target = env
    with duckdb.connect(str(target), read_only=True) as con:
        usbp = con.execute(
            "SELECT value FROM observation WHERE measure_id = 'ohss_monthly_tables.usbp_encounters'"
            " AND region_code = 'nation:US' AND grain = 'fiscal_year' AND dimension = 'total'"
            " AND period = DATE '2013-10-01'"
        ).fetchall()
        rgv = con.execute(
            "SELECT value FROM observation WHERE region_code = 'usbp_sector:RGV'"
            " AND grain = 'fiscal_year' AND period = DATE '2013-10-01'"
        ).fetchall()
        staged = con.execute(
            "SELECT count(DISTINCT sheet) FROM stg_ohss_monthly_tables__workbook"
        ).fetchone()
        rounded = con.execute(
            "SELECT DISTINCT rounded_to FROM dim_measure WHERE source_id = 'ohss_monthly_tables'"
        ).fetchall()
    assert usbp == [(486650.0,)]
    assert rgv == [(256390.0,)]
    assert staged == (34,)
    assert rounded == [(10,)]


def broken(tmp_path, change):
    path = write_workbook(tmp_path / "tables-broken.xlsx", CELLS)
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def rename_sheet(book):
    book["ERO Arrests by Criminality"].title = "ERO Arrests by Crim"


def move_header(book):
    book["Nationwide USBP"].insert_rows(1)


def add_column(book):
    sheet = book["ICE Book-Ins by Arrest Agency"]
    sheet["F3"] = "Unknown"
    for row in range(4, 9):
        sheet[f"F{row}"] = 10


@pytest.mark.parametrize(
    ("change", "sheet", "row", "column", "message"),
    [
        (
            rename_sheet,
            "ERO Arrests by Criminality",
            None,
            None,
            "is missing (renamed or removed?); undeclared sheets: 'ERO Arrests by Crim'",
        ),
        (move_header, "Nationwide USBP", 3, "A", "expected column header 'Fiscal Year' in cell A3"),
        (add_column, "ICE Book-Ins by Arrest Agency", 3, "F", "'Unknown' in cell F3"),
    ],
    ids=["renamed-sheet", "moved-header-row", "unexpected-column"],
)
def test_a_changed_layout_fails_and_keeps_the_previous_warehouse(
    env, tmp_path, change, sheet, row, column, message
):
    registry, raw, target = env
    before = facts(target)
    assert before
    with pytest.raises(InputError, match=re.escape(message)) as error:
        build(registry(broken(tmp_path, change)), raw, target)
    assert (error.value.sheet, error.value.row, error.value.column) == (sheet, row, column)
    assert error.value.file == "tables-broken.xlsx"
    assert facts(target) == before
    assert not [p for p in target.parent.iterdir() if "building" in p.name]


def test_the_fiscal_year_of_a_total_row_is_its_first_day(env):
    _, _, target = env
    with duckdb.connect(str(target), read_only=True) as con:
        periods = con.execute(
            "SELECT DISTINCT period FROM fact_observation WHERE grain = 'fiscal_year' ORDER BY 1"
        ).fetchall()
    assert periods == [(dt.date(2013, 10, 1),), (dt.date(2023, 10, 1),)]
