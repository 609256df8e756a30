"""The USBP sector apprehensions pipeline on a small fixture with the real header and quirks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.usbp_sector_apprehensions import pipeline
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "usbp_sector_apprehensions" / "arrests.csv"
ALL = "usbp_sector_apprehensions.apprehensions"
MEXICANS = "usbp_sector_apprehensions.apprehensions_mexican_nationals"


def declared(levels: list[str] | None = None):
    source = next(s for s in load_registry() if s.source_id == "usbp_sector_apprehensions")
    file = source.files[0]
    return replace(file, levels=tuple(levels)) if levels else file


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = FIXTURE.read_text()
    assert old in text
    path = tmp_path / "arrests.csv"
    path.write_text(text.replace(old, new, 1))
    return path


def test_read_unpivots_every_cell_with_its_row_and_column():
    staged = pipeline.read(FIXTURE, "sector_by_year")
    assert staged.height == 8 * 17 * 2
    first = staged.row(1, named=True)
    assert first["_row"] == 2
    assert first["sector"] == "Livermore"
    assert first["column"] == "2000 (Mexicans Only)"
    assert first["fiscal_year"] == 2000
    assert first["measure_id"] == MEXICANS
    assert first["apprehensions"] == 90


def test_a_blank_is_no_sector_not_zero():
    obs = pipeline.tidy(pipeline.read(FIXTURE, "sector_by_year"), declared())
    livermore = obs.filter(region_label="Livermore", measure_id=ALL)
    assert livermore["period"].max() == dt.date(2004, 10, 1)  # FY2005, its last year
    assert livermore.height == 6


def test_published_totals_become_border_and_nation_figures():
    obs = pipeline.tidy(pipeline.read(FIXTURE, "sector_by_year"), declared())
    fy2000 = obs.filter(period=dt.date(1999, 10, 1), measure_id=ALL)
    values = dict(fy2000.select("region_label", "value").iter_rows())
    assert values["Coast"] == 150
    assert values["United States"] == 600170
    assert values["Tucson"] == 600000
    assert set(obs["dimension"]) == {"total"}
    assert set(obs["grain"]) == {"fiscal_year"}


def test_only_the_declared_levels_are_returned():
    obs = pipeline.tidy(pipeline.read(FIXTURE, "sector_by_year"), declared(["nation"]))
    assert set(obs["region_level"]) == {"nation"}
    assert obs.filter(measure_id=MEXICANS, period=dt.date(1999, 10, 1))["value"].item() == 590092


def test_a_border_total_off_its_sectors_names_row_and_column(tmp_path):
    path = edited(tmp_path, 'North,All,"NH, VT, NY",20,', 'North,All,"NH, VT, NY",21,')
    with pytest.raises(InputError, match="not the sum of its usbp_sector rows") as err:
        pipeline.read(path, "sector_by_year")
    assert (err.value.row, err.value.column) == (6, "2000 (All Illegal Immigrants)")


def test_the_nation_total_off_the_borders_names_row_and_column(tmp_path):
    path = edited(tmp_path, "United States,,USA,600170,590092", "United States,,USA,600170,590093")
    with pytest.raises(InputError, match="land_border_region") as err:
        pipeline.read(path, "sector_by_year")
    assert (err.value.row, err.value.column) == (9, "2000 (Mexicans Only)")


def test_a_blank_total_is_refused(tmp_path):
    path = edited(tmp_path, "Southwest,All,AZ,600000,", "Southwest,All,AZ,,")
    with pytest.raises(InputError, match="blank total") as err:
        pipeline.read(path, "sector_by_year")
    assert err.value.row == 8


def test_a_non_numeric_count_is_refused(tmp_path):
    path = edited(tmp_path, 'North,Swanton,"NH, VT, NY",20,', 'North,Swanton,"NH, VT, NY",2O,')
    with pytest.raises(InputError, match="'2O' is not a count") as err:
        pipeline.read(path, "sector_by_year")
    assert (err.value.row, err.value.column) == (5, "2000 (All Illegal Immigrants)")


def test_a_renamed_column_is_refused(tmp_path):
    path = edited(tmp_path, "2003 (Mexicans Only)", "2003 (Mexican Only)")
    with pytest.raises(InputError, match="header does not match") as err:
        pipeline.read(path, "sector_by_year")
    assert (err.value.row, err.value.column) == (1, "2003 (Mexican Only)")


def test_a_repeated_sector_is_refused(tmp_path):
    path = edited(tmp_path, "Coast,Ramey,PR", "Coast,Livermore,PR")
    with pytest.raises(InputError, match="repeat the same cell"):
        pipeline.read(path, "sector_by_year")


def test_staged_counts_are_integers():
    staged = pipeline.read(FIXTURE, "sector_by_year")
    assert staged["apprehensions"].dtype == pl.Int64
    assert staged["apprehensions"].null_count() == 2 * 11
