"""CBP's citizenship-by-sector PDF on page text written by hand in its layout, and the third
party's CSV extraction on a few rows with its real header.

The page fixtures are fixed-width text: a word's horizontal position on the page is its
character offset (4 points a character), as pdfplumber reports it for the real PDF, whose blank
cells print nothing and whose figures are right-aligned under their headers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.pdf_placed import Word
from pipelines.registry import load_registry
from pipelines.sources.usbp_sector_apprehensions import citizenship_pdf, extraction, pipeline
from tests.conftest import FIXTURES

HERE = FIXTURES / "usbp_sector_apprehensions" / "citizenship"
PDF = Path("US Border Patrol Nationwide Apps by Citizenship & Sector.pdf")
EXTRACTION = FIXTURES / "usbp_sector_apprehensions" / "cbp-apprehensions-nov2021.csv"
ALL = "usbp_sector_apprehensions.apprehensions"


def word_lines(text: str) -> list[list[Word]]:
    return [
        [Word(m.group(), m.start() * 4.0, m.end() * 4.0) for m in re.finditer(r"\S+", line)]
        for line in text.splitlines()
    ]


def pages(**edits: list[tuple[str, str]]) -> dict[int, list[list[Word]]]:
    """The fixture pages, with `page_N=[(old, new), ...]` replacing text on page N."""
    result = {}
    for path in HERE.glob("page-*.txt"):
        page = int(path.stem.split("-")[1])
        text = path.read_text()
        for old, new in edits.get(f"page_{page}", []):
            assert old in text
            text = text.replace(old, new, 1)
        result[page] = word_lines(text)
    return result


def declared(name: str):
    source = next(s for s in load_registry() if s.source_id == "usbp_sector_apprehensions")
    return next(f for f in source.files if f.name == name)


def observations() -> pl.DataFrame:
    staged = citizenship_pdf.read_pages(PDF, pages(), HERE)
    return citizenship_pdf.tidy(staged, declared(PDF.name), HERE)


def value(obs, label, category="total", measure=ALL, year=2018):
    dimension = "total" if category == "total" else "citizenship"
    return obs.filter(
        measure_id=measure,
        region_label=label,
        period=dt.date(year - 1, 10, 1),
        dimension=dimension,
        category=category,
    )["value"].item()


def test_cells_are_placed_under_their_headers_and_blank_cells_are_zero():
    staged = citizenship_pdf.read_pages(PDF, pages(), HERE)
    mexico = dict(staged.filter(label="MEXICO").select("column", "value").iter_rows())
    assert mexico["BBT"] == 1_200 and mexico["RGV"] == 35_000 and mexico["TCA"] == 10_345
    assert mexico["DRT"] == 0  # printed blank
    assert mexico["BUN"] == 3 and mexico["SWB"] == 12 and mexico["Nationwide Total"] == 46_600
    # page 2 reprints no header: its cells stand under page 1's columns
    china = staged.filter(label="CHINA, PEOPLES REPUBLIC OF")
    assert dict(china.select("column", "value").iter_rows())["SDC"] == 5
    assert set(china["page"]) == {2} and set(china["_row"]) == {1}
    assert staged.filter(is_total=True, column="Nationwide Total")["value"].item() == 46_615


def test_each_column_becomes_its_region_and_each_row_a_citizenship():
    obs = observations()
    assert value(obs, "Nationwide") == 46_615
    assert value(obs, "SOUTHWEST BORDER") == 46_552
    assert value(obs, "COASTAL BORDER") == 41
    assert value(obs, "TCA", "MEXICO") == 10_345
    assert value(obs, "BLW", "CHINA, PEOPLES REPUBLIC OF") == 7
    assert value(obs, "NLL", "AFGHANISTAN") == 0
    assert set(obs["region_level"]) == {"nation", "land_border_region", "usbp_sector"}
    assert obs.height == 4 * 24  # three citizenships and the TOTAL row, 24 columns each


def test_a_tampered_total_is_refused_naming_file_page_and_column():
    # the TOTAL row stays consistent across its columns but no longer sums its rows for TCA
    edits = [("10,347              46,552", "10,348              46,553"), ("46,615", "46,616")]
    tampered = pages(page_2=edits)
    with pytest.raises(InputError) as error:
        citizenship_pdf.read_pages(PDF, tampered, HERE)
    assert error.value.file == PDF.name
    assert error.value.sheet.startswith("page 2 ")
    assert error.value.column == "TCA"
    assert "prints 10,348, its 3 rows sum to 10,347" in str(error.value)


def test_a_row_whose_border_total_is_not_its_sectors_sum_is_refused():
    tampered = pages(page_1=[("46,545", "46,546")])
    with pytest.raises(InputError) as error:
        citizenship_pdf.read_pages(PDF, tampered, HERE)
    assert (error.value.sheet.split()[:2], error.value.row) == (["page", "1"], 7)
    assert error.value.column == "SBO Total"
    assert "'MEXICO' prints 46,546, its parts sum to 46,545" in str(error.value)


def test_a_missing_row_and_a_value_outside_every_column_are_refused():
    with pytest.raises(InputError, match="found 1 rows, the declaration says 2"):
        citizenship_pdf.read_pages(PDF, pages(page_1=[("AFGHANISTAN", "afghanistan")]), HERE)
    shifted = pages(page_1=[("MEXICO    ", "MEXICO 9  ")])
    with pytest.raises(InputError, match="stands under no column") as error:
        citizenship_pdf.read_pages(PDF, shifted, HERE)
    assert error.value.row == 7


def test_a_page_without_its_header_line_is_refused():
    with pytest.raises(InputError, match="column header 'YUM' not found"):
        citizenship_pdf.read_pages(PDF, pages(page_1=[(" YUM ", " YUX ")]), HERE)


def test_the_extraction_yields_national_totals_with_each_years_measure():
    file = declared(EXTRACTION.name)
    obs = pipeline.tidy(pipeline.read(EXTRACTION, file.layout), file)
    rows = obs.select("measure_id", "region_label", "period", "value").rows()
    assert rows == [
        (ALL, "Nationwide", dt.date(2018, 10, 1), 15.0),
        ("usbp_sector_apprehensions.encounters", "Nationwide", dt.date(2019, 10, 1), 5.0),
    ]


def test_the_extraction_refuses_a_cell_that_is_not_a_count(tmp_path):
    path = tmp_path / EXTRACTION.name
    path.write_text(EXTRACTION.read_text().replace(",7.0,0,", ",7.5,0,", 1))
    with pytest.raises(InputError) as error:
        extraction.read(path, "citizenship_extraction")
    assert (error.value.row, error.value.column) == (3, "blw")


def test_the_extraction_names_a_year_that_is_not_a_number(tmp_path):
    path = tmp_path / EXTRACTION.name
    path.write_text(EXTRACTION.read_text().replace("_FY19,2019", "_FY19,NaN", 1))
    with pytest.raises(InputError, match="'NaN' is not a fiscal year") as error:
        extraction.read(path, "citizenship_extraction")
    assert (error.value.file, error.value.row, error.value.column) == (EXTRACTION.name, 2, "year")


def test_the_extraction_header_only_is_refused(tmp_path):
    path = tmp_path / EXTRACTION.name
    path.write_text(EXTRACTION.read_text().splitlines()[0] + "\n")
    with pytest.raises(InputError, match="has its header but no data rows"):
        extraction.read(path, "citizenship_extraction")
