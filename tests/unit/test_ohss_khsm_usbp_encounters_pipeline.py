"""The OHSS KHSM USBP pipeline on a tiny hand-made workbook with the real sheets and headers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl
import pytest

from pipelines.errors import InputError, RecordLevelError
from pipelines.registry import load_registry
from pipelines.sources.ohss_khsm_usbp_encounters import pipeline
from tests.unit.khsm_workbook import COAST, FY, NORTH, SW, write_workbook

LEVELS = ("nation", "land_border_region", "usbp_sector")


def declared(levels=LEVELS):
    source = next(s for s in load_registry() if s.source_id == "ohss_khsm_usbp_encounters")
    return replace(source.files[0], levels=tuple(levels))


@pytest.fixture
def observations(tmp_path):
    return pipeline.tidy(pipeline.read(write_workbook(tmp_path), "workbook"), declared())


def value(obs, level, label, period, grain="month", dimension="total", category="total"):
    return obs.filter(
        region_level=level,
        region_label=label,
        period=period,
        grain=grain,
        dimension=dimension,
        category=category,
    )["value"].item()


def test_read_stacks_every_sheet_typed_with_its_rows(tmp_path):
    staged = pipeline.read(write_workbook(tmp_path), "workbook")
    assert staged.columns == [
        "sheet",
        "_row",
        "fiscal_year",
        "month",
        "region",
        "sector",
        "citizenship",
        "family_status",
        "quantity",
    ]
    assert staged["sheet"].n_unique() == 16
    count = staged.filter(sheet="Monthly Count")
    assert count.select("_row", "fiscal_year", "month", "quantity").rows() == [
        (2, 2000, "01 October", 1000),
        (3, 2025, "02 November", 500),
    ]
    assert staged["quantity"].dtype == pl.Int64


def test_fiscal_months_01_to_03_fall_in_the_calendar_year_before(observations):
    nation = observations.filter(region_level="nation", dimension="total")
    assert sorted(nation.select("grain", "period", "value").rows()) == [
        ("fiscal_year", dt.date(1999, 10, 1), 1000.0),  # FY2000 starts 1 October 1999
        ("fiscal_year", dt.date(2024, 10, 1), 500.0),
        ("month", dt.date(1999, 10, 1), 1000.0),  # "01 October" of FY2000
        ("month", dt.date(2024, 11, 1), 500.0),  # "02 November" of FY2025
    ]


def test_each_level_and_dimension_comes_from_the_sheet_that_publishes_it(observations):
    nov = dt.date(2024, 11, 1)
    # the Southwest total is Monthly Region's 480, not the sum of its rounded citizenships (470)
    assert value(observations, "land_border_region", SW, nov) == 480
    venezuela = ("month", "citizenship", "Venezuela")
    assert value(observations, "land_border_region", SW, nov, *venezuela) == 170
    assert value(observations, "nation", "United States", nov, *venezuela) == 200
    single = ("month", "family_status", "Single Adults")
    assert value(observations, "land_border_region", COAST, nov, *single) == 20
    assert value(observations, "usbp_sector", "Livermore, CA", dt.date(1999, 10, 1)) == 100
    assert value(observations, "land_border_region", NORTH, dt.date(1999, 10, 1)) == 100
    cells = observations.group_by(pl.concat_str("region_level", "dimension", separator="/")).len()
    assert dict(cells.iter_rows()) == {
        "nation/total": 4,
        "nation/citizenship": 8,
        "nation/family_status": 8,
        "land_border_region/total": 8,
        "land_border_region/citizenship": 10,
        "land_border_region/family_status": 12,
        "usbp_sector/total": 8,  # the Rgn and Sector sheets are staged, not counted twice
    }


def test_only_the_levels_the_file_declares_are_yielded(tmp_path):
    staged = pipeline.read(write_workbook(tmp_path), "workbook")
    obs = pipeline.tidy(staged, declared(["usbp_sector"]))
    assert obs["region_level"].unique().to_list() == ["usbp_sector"]
    assert sorted(obs["region_label"].unique()) == [
        "Livermore, CA",
        "Miami, FL",
        "Rio Grande Valley, TX",
        "San Diego, CA",
    ]


def rename_sheet(cells):
    cells["Monthly Regions"] = cells.pop("Monthly Region")


def move_header_down(cells):
    cells["Monthly Sector"].insert(0, [None, None, None, None])


def add_column(cells):
    cells["Monthly Sector"][0].append("Notes")


def rename_column(cells):
    cells["Annual Rgn and Citp"][0][2] = "Country"


def set_cell(sheet, row, column, new):
    def edit(cells):
        cells[sheet][row - 1][column] = new

    return edit


@pytest.mark.parametrize(
    ("edit", "message", "sheet", "row", "column"),
    [
        (rename_sheet, "sheet missing (renamed or removed?)", "Monthly Region", None, None),
        (move_header_down, "the header is at A2 instead", "Monthly Sector", 1, "A"),
        (add_column, "unexpected column 'Notes'", "Monthly Sector", 1, "E"),
        (rename_column, "expected 'Citizenship', found 'Country'", "Annual Rgn and Citp", 1, "C"),
        (
            set_cell("Monthly Count", 3, 1, "13 November"),
            "unexpected month",
            "Monthly Count",
            3,
            "B",
        ),
        (set_cell("Annual Sector", 2, 2, 905), "not a multiple of 10", "Annual Sector", 2, "C"),
        (
            set_cell("Annual Count", 3, 1, 12.5),
            "12.5 is not a whole number",
            "Annual Count",
            3,
            "B",
        ),
        (set_cell("Monthly Region", 2, 2, None), "blank cell", "Monthly Region", 2, "C"),
        (
            set_cell("Annual Region", 2, 1, "Northern Land Border"),
            "repeat the same cell",
            "Annual Region",
            3,
            None,
        ),
    ],  # fmt: skip
    ids=[
        "renamed sheet",
        "moved header",
        "unexpected column",
        "renamed column",
        "bad month",
        "not rounded",
        "fraction",
        "blank",
        "duplicate",
    ],
)
def test_bad_input_names_file_sheet_row_and_column(tmp_path, edit, message, sheet, row, column):
    path = write_workbook(tmp_path, edit)
    with pytest.raises(InputError) as error:
        pipeline.read(path, "workbook")
    assert message in str(error.value)
    assert (error.value.file, error.value.sheet, error.value.row, error.value.column) == (
        "KHSM Encounters (USBP) fy25m11.xlsx",
        sheet,
        row,
        column,
    )


def test_an_undeclared_sheet_is_refused(tmp_path):
    path = write_workbook(tmp_path, lambda cells: cells.update({"Notes": [["About"]]}))
    with pytest.raises(InputError, match="sheet not declared") as error:
        pipeline.read(path, "workbook")
    assert error.value.sheet == "Notes"


def test_a_record_level_sheet_is_refused(tmp_path):
    def records(cells):
        cells["Monthly Count"] = [[FY, "Month", "Apprehension Date"], [2000, "01 October", 1]]

    with pytest.raises(RecordLevelError, match="identifying columns"):
        pipeline.read(write_workbook(tmp_path, records), "workbook")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "KHSM Encounters (USBP) fy25m11.xlsx"
    path.write_text("Fiscal Year,Quantity\n2000,10\n")
    with pytest.raises(InputError, match="not a readable workbook"):
        pipeline.read(path, "workbook")
