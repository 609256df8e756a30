"""The OHSS state data pipeline on a small CSV written here with the real header and quirks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ohss_state_immigration_data import pipeline

ALABAMA_2013 = "Alabama,2013,4830081,3850,35,2150,34,1700,34,126750,35,1810,39,130,42,20,36"
ALABAMA_2013 += ",796.674,49,444.713,48,351.961,48,26240.761,44,374.942,49,26.708,43,4.762,46"
# Rank columns are blank where the total is 0.
WYOMING_2021 = "Wyoming,2021,578803,420,51,300,51,120,51,31760,51,350,51,0,,0,"
WYOMING_2021 += ",725.636,51,518.311,51,207.324,51,54871.933,50,604.696,51,0,,0,"


def csv(tmp_path: Path, *rows: str, header: list[str] = pipeline.HEADER) -> Path:
    path = tmp_path / "state_data.csv"
    path.write_bytes(("\r\n".join([",".join(header), *rows]) + "\r\n").encode())
    return path


def declared():
    source = next(s for s in load_registry() if s.source_id == "ohss_state_immigration_data")
    return source.files[0]


def test_counts_by_state_with_population_by_calendar_year(tmp_path):
    staged = pipeline.read(csv(tmp_path, ALABAMA_2013, WYOMING_2021), "flat")
    assert staged.height == 2 * 8  # population and seven counts; ranks and rates left out
    obs = pipeline.tidy(staged, declared())
    alabama = obs.filter(region_label="Alabama")
    lpr = alabama.filter(measure_id="ohss_state_immigration_data.lawful_permanent_residents")
    assert lpr.select("period", "value").row(0) == (dt.date(2012, 10, 1), 3850.0)
    population = alabama.filter(measure_id="ohss_state_immigration_data.population")
    assert population.select("period", "value").row(0) == (dt.date(2013, 1, 1), 4830081.0)
    refugees = obs.filter(
        region_label="Wyoming", measure_id="ohss_state_immigration_data.refugee_arrivals"
    )
    assert refugees["value"].to_list() == [0.0]


def test_changed_header_is_named(tmp_path):
    header = [h.replace("Asylees Total", "Asylum Grants") for h in pipeline.HEADER]
    with pytest.raises(InputError, match="does not match the published layout") as error:
        pipeline.read(csv(tmp_path, ALABAMA_2013, header=header), "flat")
    assert (error.value.row, error.value.column) == (1, "Asylum Grants")


def test_blank_count_names_row_and_column(tmp_path):
    row = WYOMING_2021.replace(",0,,0,", ",,,0,", 1)
    with pytest.raises(InputError, match="blank count") as error:
        pipeline.read(csv(tmp_path, ALABAMA_2013, row), "flat")
    assert (error.value.row, error.value.column) == (3, "Refugees Total")


def test_bad_count_names_row_and_column(tmp_path):
    row = ALABAMA_2013.replace(",1810,", ",18l0,")
    with pytest.raises(InputError, match="'18l0' is not a whole number") as error:
        pipeline.read(csv(tmp_path, row), "flat")
    assert (error.value.row, error.value.column) == (2, "Naturalizations Total")
