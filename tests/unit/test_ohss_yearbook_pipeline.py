"""The yearbook pipeline on tiny workbooks written here with the real tables' headers and quirks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from pipelines.errors import InputError, RecordLevelError
from pipelines.registry import load_registry
from pipelines.sources.ohss_yearbook import pipeline
from tests.conftest import FIXTURES


def workbook(path: Path, sheet: str, rows: list[list]) -> Path:
    book = xlsxwriter.Workbook(path)
    page = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                page.write(r, c, value)
    book.close()
    return path


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ohss_yearbook")
    return next(f for f in source.files if f.layout == layout)


def value(obs: pl.DataFrame, measure: str, period: dt.date, **where) -> float:
    where = {"dimension": "total", "category": "total", **where}
    return obs.filter(measure_id=measure, period=period, **where)["value"].item()


TABLE62 = [
    ["Year", "Formal removals", "Voluntary departures"],
    ["1892-1900 ", 25642, "NA"],
    ["1901-10 ", 119769, "NA"],
    ["1921-30 ", 281464, 72233],
    [1961.0, 8181, 52383],
    [None, None, None],
    ["1/  Formal removals include deportations, exclusions, and removals.", None, None],
    ["NA Not available", None, None],
]


def test_decade_rows_stay_decades_dated_by_their_first_fiscal_year(tmp_path):
    staged = pipeline.read(workbook(tmp_path / "t62.xlsx", "Table 62", TABLE62), "table62")
    obs = pipeline.tidy(staged, declared("table62"))
    decades = obs.filter(grain="decade").sort("measure_id", "period")
    assert decades.select("measure_id", "period", "value").rows() == [
        ("ohss_yearbook.removals", dt.date(1891, 10, 1), 25642.0),
        ("ohss_yearbook.removals", dt.date(1900, 10, 1), 119769.0),
        ("ohss_yearbook.removals", dt.date(1920, 10, 1), 281464.0),
        ("ohss_yearbook.returns", dt.date(1920, 10, 1), 72233.0),
    ]
    yearly = obs.filter(grain="fiscal_year")
    assert value(yearly, "ohss_yearbook.returns", dt.date(1960, 10, 1)) == 52383
    # NA is not a zero: no row at all
    assert obs.filter(measure_id="ohss_yearbook.returns", period=dt.date(1891, 10, 1)).height == 0
    assert staged.filter(year="1901-10")["last_fiscal_year"].to_list() == [1910, 1910]


def test_data_after_the_blank_row_is_refused(tmp_path):
    rows = [*TABLE62[:5], [None, None, None], [1962, 8025, 54164]]
    with pytest.raises(InputError, match="data row '1962' after a blank row") as error:
        pipeline.read(workbook(tmp_path / "t62.xlsx", "Table 62", rows), "table62")
    assert (error.value.sheet, error.value.row) == ("Table 62", 7)


def test_a_cell_that_is_not_a_count_is_named(tmp_path):
    rows = [TABLE62[0], ["1961", "8,181", "52 383x"]]
    with pytest.raises(InputError, match="'52 383x' is not a count") as error:
        pipeline.read(workbook(tmp_path / "t62.xlsx", "Table 62", rows), "table62")
    assert (error.value.sheet, error.value.row, error.value.column) == (
        "Table 62",
        2,
        "Voluntary departures",
    )


def test_a_decade_longer_than_ten_years_is_refused(tmp_path):
    rows = [TABLE62[0], ["1892-1910", 1, 1]]
    with pytest.raises(InputError, match="not a fiscal year or a decade") as error:
        pipeline.read(workbook(tmp_path / "t62.xlsx", "Table 62", rows), "table62")
    assert (error.value.row, error.value.column) == (2, "Year")


def test_missing_sheet_and_changed_header_are_refused(tmp_path):
    with pytest.raises(InputError, match="no sheet 'Table 62'"):
        pipeline.read(workbook(tmp_path / "a.xlsx", "Sheet1", TABLE62), "table62")
    rows = [["Year", "Removals", "Voluntary departures"], *TABLE62[1:]]
    with pytest.raises(InputError, match="does not match the published layout") as error:
        pipeline.read(workbook(tmp_path / "b.xlsx", "Table 62", rows), "table62")
    assert error.value.row == 1


def test_identifying_columns_are_refused(tmp_path):
    rows = [["Year", "Formal removals", "Voluntary departures", "A-Number"], [1961, 1, 1, "A1"]]
    with pytest.raises(RecordLevelError):
        pipeline.read(workbook(tmp_path / "p.xlsx", "Table 62", rows), "table62")


def test_table39_reads_dhs_columns_and_leaves_the_appended_ins_columns(tmp_path):
    rows = [
        ["Year", "Removals", "Returns", "Formal removals", "Voluntary departures"],
        ["1901-10 ", "NA", "NA", 119769, "NA"],
        [1927, 31417, 15012, "NA", "NA"],
        [2013, 438421, 178371, "NA", "NA"],
        [None, None, None, "NA", "NA"],
    ]
    staged = pipeline.read(workbook(tmp_path / "t39.xlsx", "Table 39", rows), "table39")
    assert set(staged["column"]) == {"Removals", "Returns"}
    obs = pipeline.tidy(staged, declared("table39"))
    assert set(obs["grain"]) == {"fiscal_year"}  # the decade row is all NA in DHS's columns
    assert value(obs, "ohss_yearbook.removals", dt.date(2012, 10, 1)) == 438421


def test_csv_blank_returns_are_missing_not_zero():
    staged = pipeline.read(FIXTURES / "ohss_yearbook" / "immigration_deported.csv", "deported_csv")
    obs = pipeline.tidy(staged, declared("deported_csv"))
    returns = obs.filter(measure_id="ohss_yearbook.returns")
    assert sorted(returns["period"].dt.year() + 1) == [1927, 2019]
    assert value(obs, "ohss_yearbook.removals", dt.date(1891, 10, 1)) == 2801


TABLE34 = [
    ["Region", 2012, 2013],
    ["Total", 1000, 700],
    ["Africa", 10, "NA"],
    ["North America", 980, 690],
    ["Unknown", 10, 10],
    ["Bahrain", "NA", 5],
    ["Mexico", 900, 600],
    ["Other", 3, 4],
]


def test_regions_stay_with_the_measure_and_countries_go_to_by_nationality(tmp_path):
    staged = pipeline.read(workbook(tmp_path / "t34.xlsx", "Table 34", TABLE34), "table34")
    obs = pipeline.tidy(staged, declared("table34"))
    fy2012 = dt.date(2011, 10, 1)
    regions = obs.filter(
        measure_id="ohss_yearbook.apprehensions", dimension="region_of_nationality"
    )
    assert dict(regions.filter(period=fy2012).select("category", "value").rows()) == {
        "Africa": 10.0,
        "North America": 980.0,
        "Unknown": 10.0,
    }
    countries = obs.filter(measure_id="ohss_yearbook.apprehensions_by_nationality")
    assert dict(countries.filter(period=fy2012).select("category", "value").rows()) == {
        "total": 1000.0,
        "Mexico": 900.0,
        "Other": 3.0,
    }
    assert value(obs, "ohss_yearbook.apprehensions", dt.date(2012, 10, 1)) == 700


def test_years_across_table_must_start_with_its_total(tmp_path):
    rows = [TABLE34[0], *TABLE34[2:]]
    with pytest.raises(InputError, match="should be Total") as error:
        pipeline.read(workbook(tmp_path / "t34.xlsx", "Table 34", rows), "table34")
    assert error.value.row == 2


TABLE43D = [
    [
        "Year",
        "Type",
        "Total",
        "Europe",
        "Albania",
        "North America",
        "Mexico",
        "Caribbean",
        "Cuba",
        "Other",
        "Unknown",
    ],
    [1995, "Total", 100, 10, "NA", 80, 60, 20, 20, 5, 5],
    [1995, "Criminal", 70, 5, 4, 60, 50, 10, 10, 0, 1],
    [1995, "Non-criminal", 30, 5, "NA", 20, 10, 10, 10, 5, 4],
    [2002, "Total", 50, 5, 5, 40, 30, 10, " -", 3, 2],
    [2002, "Criminal", 20, None, None, 20, 20, 0, 0, 0, 0],
    [2002, "Non-criminal", 30, 5, 5, 20, 10, 10, 0, 3, 2],
]


def test_criminal_status_and_the_2003_editions_regions(tmp_path):
    staged = pipeline.read(workbook(tmp_path / "t43.xlsx", "Table 43", TABLE43D), "table43d")
    obs = pipeline.tidy(staged, declared("table43d"))
    fy1995 = dt.date(1994, 10, 1)
    status = obs.filter(measure_id="ohss_yearbook.removals", dimension="criminal_status")
    assert dict(status.filter(period=fy1995).select("category", "value").rows()) == {
        "Criminal": 70.0,
        "Non-criminal": 30.0,
    }
    # regions do not add up in this edition: they sit with the by-nationality measure
    assert (
        obs.filter(measure_id="ohss_yearbook.removals", dimension="region_of_nationality").height
        == 0
    )
    by_nationality = obs.filter(measure_id="ohss_yearbook.removals_by_nationality", period=fy1995)
    assert set(by_nationality.filter(dimension="nationality")["category"]) == {"Mexico", "Cuba"}
    assert set(by_nationality.filter(dimension="region_of_nationality")["category"]) == {
        "Europe",
        "North America",
        "Other",
        "Unknown",
    }
    # INS's "-" is zero; an empty cell is nothing printed
    assert (
        value(
            obs,
            "ohss_yearbook.removals_by_nationality",
            dt.date(2001, 10, 1),
            dimension="nationality",
            category="Cuba",
        )
        == 0
    )
    assert staged.filter(type="Criminal", fiscal_year=2002, label="Europe")["count"].item() is None


def test_unknown_type_is_refused(tmp_path):
    rows = [*TABLE43D[:2], [1995, "Criminals", 70, 5, 4, 60, 50, 10, 10, 0, 1]]
    with pytest.raises(InputError, match="unexpected type 'Criminals'") as error:
        pipeline.read(workbook(tmp_path / "t43.xlsx", "Table 43", rows), "table43d")
    assert (error.value.row, error.value.column) == (3, "Type")
