"""ICE's 2015 facility list, read strictly from a tiny workbook written here in the real layout
(titles on rows 1-4, group headers on row 6, column names on row 7, two facilities)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import facility_list, pipeline

D = dt.date
NAME = "2015IceDetentionFacilityListing.xlsx"
# Rows 8 and 215 of the published list (YORK COUNTY PRISON is its row 215).
FACILITIES = [
    ["ADLNTCA", "ADELANTO DETENTION FACILITY", "10250 RANCHO ROAD", "ADELANTO",
     "SAN BERNARDINO", "CA", 92301, "IGSA", "DIGSA", "Male", "A, B, C, D", 1940, 1482,
     1475.545459330082, 1179.726021092385, 1208.701363448985, 1080.8191742501222,
     586.6393428188749, 19.356164932250977, 0],
    ["YORCOPA", "YORK COUNTY PRISON", "3400 CONCORD ROAD", "YORK", "YORK", "PA", 17402, "IGSA",
     "IGSA", "Female/Male", "A, B, C, D", 800, 667, 630.2878807634115, 639.9643809720874,
     730.0219143470749, 761.2219134895131, 774.5218562523369, 824.0355834960938,
     756.83837890625],
]  # fmt: skip


def declared_file():
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == "facility_list_2015")


def workbook(tmp_path, *, sheet="Facility List - Main", header_row=7, extra=None, rows=None):
    _, layout, _ = facility_list.declared()
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book["Notes"]["A1"] = "ERO Custody Management Division"
    main = book.create_sheet(sheet)
    main["A1"] = "ERO Custody Management Division"
    main["A3"] = "FY2016 data: IIDS as of 12/08/2015; EID data through 12/05/2015"
    previous = None
    for column in layout.columns:
        if column.group != previous:
            main[f"{column.letter}{header_row - 1}"] = column.group
        previous = column.group
        main[f"{column.letter}{header_row}"] = column.header
    if extra:
        main[f"AM{header_row}"] = extra
    for i, values in enumerate(rows or FACILITIES, start=header_row + 1):
        for j, value in enumerate(values, start=1):
            main.cell(row=i, column=j, value=value)
        main.cell(row=i, column=38, value="No")  # DSM Assigned?
    book.save(tmp_path / NAME)
    return tmp_path / NAME


def test_facility_adp_by_fiscal_year_rolls_up_to_state_and_nation(tmp_path):
    staged = pipeline.read(workbook(tmp_path), "facility_list_2015")
    assert staged["_row"].to_list() == [8, 9]
    obs = pipeline.tidy(staged, declared_file())
    assert set(obs["as_of"]) == {D(2015, 12, 8)}
    york = obs.filter(
        region_level="detention_facility", region_label="YORK COUNTY PRISON | YORK, PA"
    )
    years = {p.year + 1: v for p, v in york.select("period", "value").iter_rows()}
    assert years[2010] == 756.83837890625 and years[2016] == 630.2878807634115
    nation = obs.filter(region_level="nation", period=D(2009, 10, 1))
    assert dict(nation.select("category", "value").iter_rows()) == {
        "total": 756.83837890625,  # Adelanto's FY2010 ADP is 0
        "DIGSA": 0.0,
        "IGSA": 756.83837890625,
    }


def test_a_renamed_sheet_is_refused(tmp_path):
    with pytest.raises(InputError, match="'Facility List - Main' is missing") as error:
        pipeline.read(workbook(tmp_path, sheet="Facility List"), "facility_list_2015")
    assert error.value.sheet == "Facility List - Main"


def test_a_moved_header_is_refused_naming_the_cell(tmp_path):
    with pytest.raises(
        InputError, match="'DETLOC' in cell A7, found 'Facility Information'"
    ) as error:
        pipeline.read(workbook(tmp_path, header_row=8), "facility_list_2015")
    assert (error.value.sheet, error.value.row, error.value.column) == (
        "Facility List - Main",
        7,
        "A",
    )


def test_an_unexpected_column_is_refused(tmp_path):
    with pytest.raises(InputError, match="'FY09 ADP' in cell AM7") as error:
        pipeline.read(workbook(tmp_path, extra="FY09 ADP"), "facility_list_2015")
    assert (error.value.row, error.value.column) == (7, "AM")


def test_an_adp_that_is_not_a_number_is_refused_naming_the_cell(tmp_path):
    rows = [FACILITIES[0], [*FACILITIES[1][:15], "n/a", *FACILITIES[1][16:]]]
    with pytest.raises(InputError, match="not a number in cell P9") as error:
        pipeline.read(workbook(tmp_path, rows=rows), "facility_list_2015")
    assert (error.value.sheet, error.value.row, error.value.column) == (
        "Facility List - Main",
        9,
        "P",
    )
