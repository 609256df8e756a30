"""The OHSS monthly-tables pipeline on a tiny hand-made workbook in the real layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ohss_monthly_tables import pipeline
from tests.unit.ohss_workbook import write_workbook

M = "ohss_monthly_tables."
USBP = "Nationwide USBP"  # names on row 3: FY2014 Total is row 4, 2024 YTD Total row 7
CRIMINALITY = "ERO Arrests by Criminality"  # group headers on row 3, names on row 4
ARRESTS = "ERO Arrests by Citizenship"
REPATS = "DHS Repats by Type"
SECTORS = "SWB Enc by Sector+Field Ofc"
LEVELS = ["nation", "land_border_region", "usbp_sector", "ofo_field_office"]


def letter(sheet: str, header: str) -> str:
    columns = pl.read_csv(pipeline.HERE / "columns.csv", infer_schema=False)
    return columns.filter(sheet=sheet, header=header)["column"][0]


MEXICO = letter(USBP, "Mexico")
CELLS = {
    # Nationwide USBP: FY2014 Total, October, November; 2024 YTD Total, October
    (USBP, "C4"): 486650,
    (USBP, f"{MEXICO}4"): 486650,
    (USBP, "C5"): 35920,
    (USBP, f"{MEXICO}5"): 35920,
    (USBP, "C7"): 1500000,
    (USBP, f"{MEXICO}7"): 1500000,
    # ERO arrests: the total printed twice; conviction detail not available (NA) in FY2014
    (ARRESTS, "C4"): 183700,
    (ARRESTS, "N4"): 183700,
    (CRIMINALITY, "C5"): 183700,
    (CRIMINALITY, "D5"): 100000,
    **{(CRIMINALITY, f"{c}5"): "NA" for c in "EFGHJ"},
    (CRIMINALITY, "I5"): 83700,
    (CRIMINALITY, "K5"): 83700,
    # Title 42 expulsions are not applicable (X) in FY2014; 300 expedited removals, all Title 8
    **{(REPATS, f"{c}5"): 300 for c in "CDEGH"},
    (REPATS, "F5"): "X",
    # sectors and field offices, by their published labels
    (SECTORS, "M5"): 256390,
    (SECTORS, "R5"): 39070,
}


def declared():
    source = next(s for s in load_registry() if s.source_id == "ohss_monthly_tables")
    return replace(source.files[0], levels=tuple(LEVELS))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return write_workbook(tmp_path_factory.mktemp("ohss") / "tables.xlsx", CELLS)


@pytest.fixture(scope="module")
def staged(workbook):
    return pipeline.read(workbook, "workbook")


@pytest.fixture(scope="module")
def observations(staged):
    return pipeline.tidy(staged, declared())


def value(obs, measure, *, level="nation", period, grain="month", dimension="total", cat="total"):
    rows = obs.filter(
        measure_id=M + measure,
        region_level=level,
        period=period,
        grain=grain,
        dimension=dimension,
        category=cat,
    )
    return rows["value"].to_list()


def test_read_keeps_every_cell_with_its_address_and_headers(staged):
    cell = staged.filter(sheet=CRIMINALITY, cell="E5").row(0, named=True)
    assert cell["group_header"] == "Convicted Criminals"
    assert cell["column_header"] == "Aggravated Felons"
    assert (cell["value"], cell["marker"], cell["_row"]) == (None, "NA", 5)
    footnoted = staged.filter(sheet="SWB Encounters by Family Status", cell="D5")
    assert footnoted["column_header"].item() == "Single Adults1"  # as published, digit and all
    assert staged["sheet"].n_unique() == 34


def test_month_rows_take_the_fiscal_year_of_the_total_row_above(staged):
    rows = staged.filter(sheet=USBP, column="C").sort("_row")
    assert rows.select("_row", "fiscal_year", "fiscal_year_label", "month", "value").rows() == [
        (4, 2014, "2014", "Total", 486650),
        (5, 2014, "2014", "October", 35920),
        (6, 2014, "2014", "November", 0),
        (7, 2024, "2024 YTD", "Total", 1500000),
        (8, 2024, "2024 YTD", "October", 0),
    ]


def test_total_rows_are_fiscal_years_and_month_rows_months(observations):
    fy14, oct13, fy24 = dt.date(2013, 10, 1), dt.date(2013, 10, 1), dt.date(2023, 10, 1)
    assert value(observations, "usbp_encounters", period=fy14, grain="fiscal_year") == [486650]
    assert value(observations, "usbp_encounters", period=oct13) == [35920]
    assert value(observations, "usbp_encounters", period=dt.date(2013, 11, 1)) == [0]
    # the partial year is stored as published, at its fiscal year's first day
    assert value(observations, "usbp_encounters", period=fy24, grain="fiscal_year") == [1500000]
    mexico = value(
        observations,
        "usbp_encounters",
        period=fy14,
        grain="fiscal_year",
        dimension="citizenship_top100",
        cat="Mexico",
    )
    assert mexico == [486650]


def test_a_total_printed_in_two_tables_is_kept_once(observations):
    fy14 = dt.date(2013, 10, 1)
    arrests = value(observations, "ero_administrative_arrests", period=fy14, grain="fiscal_year")
    assert arrests == [183700]


def test_breakdowns_with_a_category_not_available_stay_out(observations):
    fy14 = dt.date(2013, 10, 1)
    rows = observations.filter(
        measure_id=M + "ero_administrative_arrests", period=fy14, grain="fiscal_year"
    )
    by_dimension = dict(
        rows.group_by("dimension").agg(pl.col("value").sum()).sort("dimension").rows()
    )
    # criminality is whole; its detail has NA cells that year, so none of it is kept
    assert by_dimension == {"citizenship": 183700, "criminality": 183700, "total": 183700}


def test_not_applicable_cells_give_no_observation(observations):
    fy14 = dt.date(2013, 10, 1)
    rows = observations.filter(
        measure_id=M + "dhs_repatriations", dimension="title_of_authority", period=fy14
    ).filter(grain="fiscal_year")
    assert rows.select("category", "value").rows() == [("Title 8", 300.0)]


def test_sectors_and_field_offices_keep_their_published_labels(observations):
    fy14 = dt.date(2013, 10, 1)
    sector = observations.filter(region_level="usbp_sector", grain="fiscal_year", period=fy14)
    assert ("Rio Grande Valley, TX", 256390.0) in sector.select("region_label", "value").rows()
    office = observations.filter(region_level="ofo_field_office", grain="fiscal_year")
    assert ("Laredo, TX", 39070.0) in office.filter(period=fy14).select(
        "region_label", "value"
    ).rows()


def test_copies_of_one_figure_that_disagree_are_refused(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {**CELLS, (ARRESTS, "C4"): 183710})
    with pytest.raises(InputError, match="printed with different values") as error:
        pipeline.tidy(pipeline.read(path, "workbook"), declared())
    assert "ERO Arrests by Citizenship!C4 = 183710" in str(error.value)
    assert "ERO Arrests by Criminality!C5 = 183700" in str(error.value)


def mutate(path, change):
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "cell", "text", "message"),
    [
        (CRIMINALITY, "C5", "1,2", "cell C5 holds '1,2'"),
        (CRIMINALITY, "C5", -10, "cell C5 holds '-10'"),
        (USBP, "A6", 2015, "expected a fiscal year"),
        (USBP, "B6", "Octobre", "not a month name"),
        (USBP, "B6", "October", "October of FY2014 appears twice"),
    ],
)
def test_bad_cells_are_named(tmp_path, sheet, cell, text, message):
    path = write_workbook(tmp_path / "t.xlsx", CELLS)
    mutate(path, lambda book: book[sheet].__setitem__(cell, text))
    with pytest.raises(InputError, match=message) as error:
        pipeline.read(path, "workbook")
    assert (error.value.sheet, error.value.row, error.value.column) == (
        sheet,
        int(cell[1:]),
        cell[0],
    )
