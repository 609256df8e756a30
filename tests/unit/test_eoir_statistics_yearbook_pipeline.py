"""The yearbook pipeline on page text written by hand in the PDF's layout (text layer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.pdf_tables import page_lines
from pipelines.registry import load_registry
from pipelines.sources.eoir_statistics_yearbook import pipeline
from tests.conftest import FIXTURES

HERE = FIXTURES / "eoir_statistics_yearbook"
PDF = Path("fy10syb.pdf")


def pages(**edits: tuple[str, str]) -> dict[int, list[str]]:
    """The fixture pages, with `page_N=(old, new)` replacing text on page N."""
    result = {}
    for text in HERE.glob("page-*.txt"):
        page = int(text.stem.split("-")[1])
        content = text.read_text()
        if f"page_{page}" in edits:
            content = content.replace(*edits[f"page_{page}"])
        result[page] = content.splitlines()
    return result


def observations(levels=("nation", "immigration_court")) -> pl.DataFrame:
    source = next(s for s in load_registry() if s.source_id == "eoir_statistics_yearbook")
    file = replace(source.files[0], levels=tuple(levels))
    return pipeline.tidy(pipeline.read_pages(PDF, pages(), HERE), file, HERE)


def value(obs, measure, label, year, dimension="total", category="total"):
    return obs.filter(
        measure_id=f"eoir_statistics_yearbook.{measure}",
        region_label=label,
        period=dt.date(year - 1, 10, 1),
        dimension=dimension,
        category=category,
    )["value"].item()


def test_court_rows_chart_rows_and_totals_rows_are_read():
    staged = pipeline.read_pages(PDF, pages(), HERE)
    table8 = staged.filter(table="Table 8", column="Grants")
    assert table8["label"].to_list()[:2] == ["ARLINGTON, VIRGINIA", "NEW YORK CITY, NEW YORK"]
    assert table8["value"].to_list() == [455, 4215, 0, 4670]
    assert table8["_row"].to_list() == [3, 4, 5, 6]  # the line on the page
    # chart axis labels on the same line as a data row are skipped
    assert staged.filter(table="Figure 16", column="Grants")["value"].to_list() == [10298, 4670]


def test_courts_and_nation_get_their_figures():
    obs = observations()
    assert value(obs, "asylum_grants", "ARLINGTON, VIRGINIA", 2010) == 455
    assert value(obs, "asylum_grant_rate", "NEW YORK CITY, NEW YORK", 2010) == 76
    assert value(obs, "asylum_grants", "United States", 2009) == 10298
    receipts = "matters_received"
    fishkill = "FISHKILL - NEW YORK STATE DOC, NEW YORK"
    assert value(obs, receipts, fishkill, 2010, "matter_type", "Bond redeterminations") == 0
    assert value(obs, receipts, "United States", 2010) == 3541
    assert value(obs, "pending_proceedings", "United States", 2010, "year_received", "FY 10") == (
        143863
    )
    assert value(obs, "pending_proceedings", "United States", 2010) == 147225


def test_a_rate_with_no_decisions_is_left_out():
    obs = observations()
    saipan = obs.filter(region_label="SAIPAN, NORTHERN MARIANAS ISLANDS")
    assert set(saipan["measure_id"]) == {
        "eoir_statistics_yearbook.asylum_grants",
        "eoir_statistics_yearbook.asylum_denials",
    }


def test_only_the_levels_the_file_declares():
    assert set(observations(levels=["nation"])["region_level"]) == {"nation"}


def test_a_totals_row_that_is_not_the_sum_of_its_rows_is_named():
    edited = pages(page_37=("TOTAL 4,670 1,449", "TOTAL 4,670 1,494"))
    with pytest.raises(InputError, match="TOTAL row prints 1,494, its 3 rows sum to 1,449") as e:
        pipeline.read_pages(PDF, edited, HERE)
    assert (e.value.file, e.value.row, e.value.column) == ("fy10syb.pdf", 6, "Denials")
    assert e.value.sheet == "page 37 (Table 8, printed page K6)"


def test_a_total_column_that_is_not_the_sum_of_its_parts_is_named():
    edited = pages(page_10=("280 0 10 290", "280 0 10 291"))
    # keep the totals row consistent with the edited column, so only the row check can fail
    edited[10] = [line.replace("47 3,541", "47 3,542") for line in edited[10]]
    with pytest.raises(InputError, match="parts sum to 290, the total column prints 291") as e:
        pipeline.read_pages(PDF, edited, HERE)
    assert (e.value.sheet, e.value.row, e.value.column) == ("page 10", 3, "Total Matters")


def test_a_missing_row_is_refused():
    edited = pages(page_37=("ARLINGTON, VIRGINIA 455 136 77%\n", ""))
    with pytest.raises(InputError, match="found 2 rows, the declaration says 3"):
        pipeline.read_pages(PDF, edited, HERE)


def test_a_moved_table_is_refused_by_its_title():
    edited = pages(page_37=("Table 8 - FY 2010", "Table 9 - FY 2010"))
    with pytest.raises(InputError, match="title 'Table 8 - FY 2010 Asylum Grant Rate") as e:
        pipeline.read_pages(PDF, edited, HERE)
    assert e.value.sheet.startswith("page 37")


def test_a_count_printed_as_a_rate_is_refused():
    edited = pages(page_32=("FY 09 10,298 11,334 48%", "FY 09 10,298% 11,334 48%"))
    with pytest.raises(InputError, match="'10,298%' is not a count") as e:
        pipeline.read_pages(PDF, edited, HERE)
    assert (e.value.row, e.value.column) == (6, "Grants")


def test_a_figure_printed_twice_must_agree(tmp_path):
    staged = pipeline.read_pages(PDF, pages(), HERE)
    twice = pl.concat(
        [staged, staged.filter(table="Figure 16", label="FY 10").with_columns(value=pl.lit(1.0))]
    )
    source = next(s for s in load_registry() if s.source_id == "eoir_statistics_yearbook")
    with pytest.raises(InputError, match="printed differently in two places"):
        pipeline.tidy(twice, source.files[0], HERE)


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path):
    fake = tmp_path / "fy10syb.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(InputError, match="not a readable PDF"):
        page_lines(fake, {1})
