"""EOIR asylum decisions by nationality: page text written by hand in the PDFs' two layouts
(FY2018: values on a wrapped name's last line; later: values centred between its lines) and a
few rows of the CSV extraction, with its quirks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.eoir_adjudication import csv_extraction, pdf_edition, pipeline
from tests.conftest import FIXTURES

HERE = FIXTURES / "eoir_adjudication"
FY2018, FY2021 = Path("fy2018.pdf"), Path("fy2021.pdf")


def page(path: Path, edit: tuple[str, str] = ("", "")) -> dict[int, list[str]]:
    text = (HERE / f"{path.stem}-page-1.txt").read_text()
    return {1: text.replace(*edit).splitlines()}


def staged(path: Path, edit: tuple[str, str] = ("", "")) -> pl.DataFrame:
    return pdf_edition.read_pages(path, page(path, edit), HERE)


def source_file(name: str, layout: str):
    source = next(s for s in load_registry() if s.source_id == "eoir_adjudication")
    return replace(source.files[0], name=name, layout=layout)


def cell(frame: pl.DataFrame, nationality: str, column: str):
    return frame.filter(nationality=nationality, column=column)["value"].item()


def test_wrapped_names_are_put_back_together_in_both_layouts():
    assert staged(FY2021)["nationality"].unique(maintain_order=True).to_list() == [
        "AFGHANISTAN",
        "ANTIGUA AND BARBUDA",
        "ARGENTINA",
        "CHINA",
        "STATELESS -ALIEN UNABLE TO NAME A COUNTRY",
        "SUDAN",
    ]
    assert staged(FY2018)["nationality"].unique(maintain_order=True).to_list() == [
        "ALBANIA",
        "ANTIGUA AND BARBUDA",
        "CENTRAL AFRICAN REPUBLIC",
        "MEXICO",
    ]


def test_cells_are_typed_and_a_suppressed_cell_has_no_value():
    fy2021 = staged(FY2021)
    assert cell(fy2021, "CHINA", "Total") == 1533
    assert cell(fy2021, "CHINA", "Grant Rate") == 50
    assert cell(fy2021, "STATELESS -ALIEN UNABLE TO NAME A COUNTRY", "Grants") == 12
    assert cell(fy2021, "STATELESS -ALIEN UNABLE TO NAME A COUNTRY", "Denials") is None
    # the row is the line of the values on the page
    assert fy2021.filter(nationality="ANTIGUA AND BARBUDA")["_row"].unique().to_list() == [9]
    fy2018 = staged(FY2018)
    assert cell(fy2018, "MEXICO", "Grant Rate") == 5.76
    assert cell(fy2018, "MEXICO", "Admin Closure") == 359
    assert cell(fy2018, "CENTRAL AFRICAN REPUBLIC", "Other") == 4


def test_observations_by_nationality_without_suppressed_cells_or_a_made_up_total():
    obs = pipeline.tidy(staged(FY2018), source_file("fy2018.pdf", "edition"), HERE)
    assert set(obs["dimension"]) == {"nationality"}
    assert set(obs["period"]) == {dt.date(2017, 10, 1)}
    mexico = dict(obs.filter(category="MEXICO").select("measure_id", "value").iter_rows())
    assert mexico == {
        "eoir_adjudication.asylum_grants": 629,
        "eoir_adjudication.asylum_grant_rate": 5.76,
        "eoir_adjudication.asylum_denials": 4520,
        "eoir_adjudication.asylum_other": 5415,
        "eoir_adjudication.asylum_admin_closures": 359,
        "eoir_adjudication.asylum_decisions": 10923,
    }
    antigua = obs.filter(category="ANTIGUA AND BARBUDA")
    assert antigua.height == 0  # every cell suppressed: no value, not 0


def test_a_row_whose_total_is_not_its_parts_names_file_page_row_and_column():
    with pytest.raises(InputError) as error:
        staged(FY2021, ("592 39% 1,533", "592 39% 1,534"))
    assert error.value.file == "fy2021.pdf"
    assert error.value.sheet == "page 1 (FY2021, printed page 1)"
    assert (error.value.row, error.value.column) == (12, "Total")
    assert "CHINA" in error.value.detail and "1,534" in error.value.detail


def test_printed_parts_more_than_the_total_are_refused_when_a_part_is_suppressed():
    with pytest.raises(InputError) as error:
        staged(FY2021, ("UNABLE TO NAME A 12 * * * 9 * *", "UNABLE TO NAME A 12 * * * 9 * 20"))
    assert (error.value.row, error.value.column) == (14, "Total")


def test_a_rate_that_is_not_its_count_over_the_total_is_refused():
    with pytest.raises(InputError) as error:
        staged(FY2018, ("181 62.41%", "181 62.14%"))
    assert (error.value.file, error.value.row, error.value.column) == (
        "fy2018.pdf",
        11,
        "Grant Rate",
    )


def test_a_page_of_another_edition_is_refused():
    with pytest.raises(InputError, match="does not print"):
        staged(FY2021, ("Fiscal Year 2021", "Fiscal Year 2020"))


def test_a_stray_line_inside_the_table_is_refused_with_its_line():
    with pytest.raises(InputError) as error:
        staged(FY2021, ("ARGENTINA * * 4", "Argentina (see note) * * 4"))
    assert error.value.row == 11


def test_a_wrapped_name_cut_off_below_its_values_is_refused():
    with pytest.raises(InputError, match="line"):
        staged(FY2021, ("COUNTRY\nSUDAN", "SUDAN"))


def test_a_row_more_than_declared_is_refused():
    with pytest.raises(InputError, match="after the declared 6"):
        staged(FY2021, ("SUDAN 23", "SUDAN 23 41% 13 23% 20 36% 56\nSYRIA 23"))


def test_the_csv_extraction_keeps_each_edition_with_its_corrected_data_date():
    cells = csv_extraction.read(HERE / "extraction.csv", HERE)
    # the duplicated ARGENTINA row is kept once; the misprinted rate is read as corrected
    assert cells.filter(nationality="ARGENTINA", column="Denials").height == 1
    assert cell(cells.filter(generated_my="2020-01-07"), "EGYPT", "Grant Rate") == 38
    obs = pipeline.tidy(cells, source_file("extraction.csv", "extraction"), HERE)
    afghanistan = obs.filter(category="AFGHANISTAN", measure_id="eoir_adjudication.asylum_grants")
    assert sorted(afghanistan.select("as_of", "value").rows()) == [
        (dt.date(2021, 1, 7), 5.0),
        (dt.date(2021, 10, 19), 11.0),
    ]
    assert obs.filter(category="ARGENTINA", measure_id="eoir_adjudication.asylum_grants").is_empty()


def test_the_csv_extraction_refuses_conflicting_rows_and_undeclared_editions(tmp_path):
    text = (HERE / "extraction.csv").read_text()
    conflicting = tmp_path / "extraction.csv"
    conflicting.write_text(text.replace("3,ARGENTINA,,,4.0", "3,ARGENTINA,,,5.0"))
    with pytest.raises(InputError, match="repeat the same cell"):
        csv_extraction.read(conflicting, HERE)
    conflicting.write_text(text.replace("2021,2021-10-19", "2021,2021-10-20"))
    with pytest.raises(InputError, match="not declared") as error:
        csv_extraction.read(conflicting, HERE)
    assert (error.value.row, error.value.column) == (6, "generated_my")


def test_the_csv_extraction_row_checks_name_the_line(tmp_path):
    tampered = tmp_path / "extraction.csv"
    tampered.write_text((HERE / "extraction.csv").read_text().replace(",,,29.0,", ",,,30.0,"))
    with pytest.raises(InputError) as error:
        csv_extraction.read(tampered, HERE)
    assert (error.value.file, error.value.row, error.value.column) == (
        "extraction.csv",
        6,
        "Total",
    )


def test_a_correction_that_no_longer_matches_the_file_is_refused(tmp_path):
    changed = tmp_path / "extraction.csv"
    changed.write_text((HERE / "extraction.csv").read_text().replace("38*", "38%"))
    with pytest.raises(InputError, match="corrections.csv expects"):
        csv_extraction.read(changed, HERE)
