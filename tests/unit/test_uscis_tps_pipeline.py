"""The TPS pipeline on text lines and a CSV written here with the real headers and quirks: the
I-821 table's TOTAL row above its rows, footnote digits glued to the status labels, D/H/-
markers; the CRS compilation's blanks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.uscis_tps import crs_csv, pipeline
from pipelines.sources.uscis_tps.i821_pdf import HERE, read_i821_lines

HEADER = " ".join(["Received1 Approved2 Denied3 Pending4"] * 5)
# FY2022 figures as printed for Afghanistan (a "-" run) and Burma (D and H); the TOTAL row is
# their sum where nothing is withheld, and more where a cell is.
LINES = [
    "Number of Form I-821, Application for Temporary Protected Status",
    "By Country of Designation, Quarter, and Case Status",
    "October 1, 2021 - September 30, 2022",
    "1st Quarter 2nd Quarter 3rd Quarter 4th Quarter Fiscal Year Total",
    f"Country of Designation {HEADER}",
    "TOTAL 251 209 5 820 106 324 15 590 661 398 14 810 2,274 224 37 2,800 3,292 1,155 71 2,800",
    "Afghanistan - - - - - - - - 557 - - 525 2,061 12 - 2,551 2,618 12 - 2,551",
    "Burma 251 209 D 820 106 324 15 590 104 398 14 285 213 212 37 249 674 1,143 H 249",
    "Table Key:",
    "D Disclosure standards not met",
]


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "uscis_tps")
    return next(f for f in source.files if f.layout == layout)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The real declarations, with the table's row count set for the fixture's two rows."""
    shutil.copy(HERE / "columns.csv", tmp_path / "columns.csv")
    tables = pl.read_csv(HERE / "tables.csv", infer_schema=False).head(1)
    tables.with_columns(table=pl.lit("fixture.pdf"), rows=pl.lit("2")).write_csv(
        tmp_path / "tables.csv"
    )
    return tmp_path


def test_quarters_and_fiscal_year_as_printed_withheld_cells_without_value(folder):
    staged = read_i821_lines(Path("fixture.pdf"), LINES, folder)
    assert staged.filter(label="Burma", column="Q1 Denied")["text"].item() == "D"
    assert staged.filter(label="Burma", column="Q1 Denied")["value"].item() is None
    obs = pipeline.tidy(staged, declared("i821_quarterly"))
    received = obs.filter(measure_id="uscis_tps.i821_received", dimension="total")
    assert received.sort("period", "grain").select("period", "grain", "value").rows() == [
        (dt.date(2021, 10, 1), "fiscal_quarter", 251.0),
        (dt.date(2021, 10, 1), "fiscal_year", 3292.0),
        (dt.date(2022, 1, 1), "fiscal_quarter", 106.0),
        (dt.date(2022, 4, 1), "fiscal_quarter", 661.0),
        (dt.date(2022, 7, 1), "fiscal_quarter", 2274.0),
    ]
    afghanistan = obs.filter(category="Afghanistan", period=dt.date(2021, 10, 1))
    assert afghanistan.filter(grain="fiscal_quarter")["value"].to_list() == [0.0] * 4  # "-"
    burma_denied = obs.filter(measure_id="uscis_tps.i821_denied", category="Burma")
    assert burma_denied["period"].to_list() == [dt.date(2022, 1, 1), dt.date(2022, 4, 1)] + [
        dt.date(2022, 7, 1)
    ]  # Q1 (D) and the fiscal year (H) are withheld: no value, not a zero


def test_a_total_its_rows_exceed_is_refused_with_its_cell(folder):
    lines = [*LINES]
    lines[5] = lines[5].replace("TOTAL 251", "TOTAL 250")
    with pytest.raises(InputError, match="TOTAL row prints 250, its 2 rows sum to 251") as error:
        read_i821_lines(Path("fixture.pdf"), lines, folder)
    assert (error.value.row, error.value.column) == (6, "Q1 Received")


def test_a_fiscal_year_total_its_quarters_contradict_is_refused(folder):
    lines = [*LINES]
    lines[6] = lines[6].replace("2,618 12 - 2,551", "2,619 12 - 2,551")
    lines[5] = lines[5].replace("3,292 1,155", "3,293 1,155")
    with pytest.raises(InputError, match="TOTAL: Fiscal Year Total Received prints 3,293") as e:
        read_i821_lines(Path("fixture.pdf"), lines, folder)
    assert (e.value.row, e.value.column) == (6, "FY Received")


def test_a_page_of_another_period_or_marker_is_refused(folder):
    with pytest.raises(InputError, match="period line"):
        read_i821_lines(Path("fixture.pdf"), [LINES[0], *LINES[3:]], folder)
    lines = [*LINES]
    lines[7] = lines[7].replace(" D ", " X ")
    with pytest.raises(InputError, match="found 1 rows"):
        read_i821_lines(Path("fixture.pdf"), lines, folder)
    with pytest.raises(InputError, match="no table declared"):
        read_i821_lines(Path("other.pdf"), LINES, folder)


CRS_HEADER = "Country," + ",".join(crs_csv.dates())


def test_crs_blanks_are_not_designated_and_dates_go_to_their_month(tmp_path):
    path = tmp_path / "crs.csv"
    path.write_text(
        CRS_HEADER
        + "\nAfghanistan,,,,,,,25,1585,8245,8105"
        + "\nEl Salvador,204000,204000,262526,204000,247697,198420,190865,188725,180375,170125\n"
    )
    staged = pipeline.read(path, "crs_approvals")
    obs = pipeline.tidy(staged, declared("crs_approvals"))
    assert set(obs["grain"]) == {"month"}
    afghanistan = obs.filter(category="Afghanistan").sort("period")
    assert afghanistan.select("period", "value").rows()[0] == (dt.date(2022, 11, 1), 25.0)
    assert afghanistan.height == 4
    total = obs.filter(dimension="total", period=dt.date(2025, 3, 1))["value"].item()
    assert total == 8105 + 170125
    assert staged.filter(country="El Salvador", column="2016-02-18")["date"].item() == dt.date(
        2016, 2, 18
    )


def test_crs_bad_cells_and_headers_are_refused(tmp_path):
    path = tmp_path / "crs.csv"
    path.write_text(CRS_HEADER + "\nHaiti,51000,50000,n/a,,,,,,,\n")
    with pytest.raises(InputError, match="'n/a' is not a count") as error:
        pipeline.read(path, "crs_approvals")
    assert (error.value.row, error.value.column) == (2, "2017-10-12")
    path.write_text("Country,2015-07-01\nHaiti,51000\n")
    with pytest.raises(InputError, match="does not match the published layout"):
        pipeline.read(path, "crs_approvals")
