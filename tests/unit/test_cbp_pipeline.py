"""The CBP pipeline on small fixture files with CBP's real headers and quirks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import InputError, RecordLevelError
from pipelines.registry import load_registry
from pipelines.sources.cbp_encounters import pipeline
from tests.conftest import FIXTURES

CBP = FIXTURES / "cbp_encounters"


def declared(layout: str, levels: list[str]):
    source = next(s for s in load_registry() if s.source_id == "cbp_encounters")
    file = next(f for f in source.files if f.layout == layout)
    return replace(file, levels=tuple(levels))


def total(observations: pl.DataFrame, level: str, label: str, period: dt.date) -> float:
    return observations.filter(
        region_level=level, region_label=label, period=period, dimension="total"
    )["value"].item()


def test_read_types_the_published_columns():
    staged = pipeline.read(CBP / "state-newer.csv", "state")
    assert staged["fiscal_year"].to_list() == [2024, 2024, 2024, 2026, 2026, 2025]
    assert staged["encounter_count"].dtype == pl.Int64
    assert staged["_row"].to_list() == [2, 3, 4, 5, 6, 7]


def test_fiscal_months_before_january_belong_to_the_previous_calendar_year():
    staged = pipeline.read(CBP / "aor.csv", "aor")
    obs = pipeline.tidy(staged, declared("aor", ["nation"]))
    periods = sorted(set(obs["period"].to_list()))
    assert periods == [dt.date(2021, 3, 1), dt.date(2023, 10, 1), dt.date(2024, 1, 1)]


def test_aor_rows_roll_up_to_sector_field_office_region_and_nation():
    staged = pipeline.read(CBP / "aor.csv", "aor")
    levels = ["nation", "land_border_region", "usbp_sector", "ofo_field_office"]
    obs = pipeline.tidy(staged, declared("aor", levels))
    oct23 = dt.date(2023, 10, 1)
    assert total(obs, "nation", "United States", oct23) == 1200 + 300 + 45 + 80 + 2
    assert total(obs, "land_border_region", "Southwest Land Border", oct23) == 1200 + 300 + 80
    assert total(obs, "usbp_sector", "El Paso Sector", oct23) == 1500
    # a field office spans land border regions: both rows count
    assert total(obs, "ofo_field_office", "El Paso Field Office", oct23) == 82
    component = obs.filter(region_level="nation", period=oct23, dimension="component")
    assert dict(component.select("category", "value").iter_rows()) == {
        "U.S. Border Patrol": 1545.0,
        "Office of Field Operations": 82.0,
    }
    # sectors are all Border Patrol: no component breakdown below the region level
    assert obs.filter(region_level="usbp_sector", dimension="component").height == 0


def test_every_breakdown_sums_to_its_total():
    staged = pipeline.read(CBP / "aor.csv", "aor")
    obs = pipeline.tidy(staged, declared("aor", ["nation", "usbp_sector"]))
    keys = ["region_level", "region_label", "period"]
    totals = obs.filter(dimension="total").select(*keys, total="value")
    parts = (
        obs.filter(pl.col("dimension") != "total")
        .group_by(*keys, "dimension")
        .agg(pl.col("value").sum())
    )
    joined = parts.join(totals, on=keys)
    assert joined.height == parts.height > 0
    assert (joined["value"] == joined["total"]).all()


def test_southwest_file_gives_the_southwest_region_with_citizenship_groups():
    staged = pipeline.read(CBP / "southwest.csv", "southwest")
    obs = pipeline.tidy(staged, declared("southwest", ["land_border_region"]))
    assert set(obs["region_label"]) == {"Southwest Land Border"}
    assert total(obs, "land_border_region", "Southwest Land Border", dt.date(2021, 10, 1)) == 20001
    assert total(obs, "land_border_region", "Southwest Land Border", dt.date(2025, 8, 1)) == 150
    assert "citizenship_group" in set(obs["dimension"])


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def test_missing_column_is_named(tmp_path):
    text = (CBP / "state.csv").read_text().replace("Title of Authority", "Authority")
    with pytest.raises(InputError) as error:
        pipeline.read(write(tmp_path / "bad.csv", text), "state")
    assert error.value.row == 1
    assert error.value.column == "Authority"
    assert "missing column(s) 'Title of Authority'" in str(error.value)


def test_truncated_file_names_the_row(tmp_path):
    text = (CBP / "state.csv").read_bytes().decode()
    with pytest.raises(InputError) as error:
        pipeline.read(write(tmp_path / "cut.csv", text[: text.rindex(",TX,")]), "state")
    assert (error.value.file, error.value.row) == ("cut.csv", 7)


def test_bad_count_names_row_and_column(tmp_path):
    text = (CBP / "state.csv").read_text().replace(",1280", ",12o0")
    with pytest.raises(InputError, match="'12o0' is not a whole number") as error:
        pipeline.read(write(tmp_path / "typo.csv", text), "state")
    assert (error.value.row, error.value.column) == (2, "Encounter Count")


def test_unknown_month_is_refused(tmp_path):
    text = (CBP / "state.csv").read_text().replace(",JAN,", ",Janvier,")
    with pytest.raises(InputError, match="unexpected value 'Janvier'") as error:
        pipeline.read(write(tmp_path / "month.csv", text), "state")
    assert (error.value.row, error.value.column) == (6, "Month (abbv)")


def test_repeated_cell_is_refused(tmp_path):
    lines = (CBP / "state.csv").read_text().splitlines()
    with pytest.raises(InputError, match="repeat the same cell"):
        pipeline.read(write(tmp_path / "dup.csv", "\n".join([*lines, lines[1]])), "state")


def test_record_level_file_is_refused(tmp_path):
    header = "Fiscal Year,Month Grouping,Month (abbv),Land Border Region,State,Demographic,"
    text = header + "Citizenship,Title of Authority,Encounter Count,Apprehension Date,A-Number\n"
    text += "2024,FYTD,OCT,Southwest Land Border,TX,Single Adults,MEXICO,Title 8,1,2023-10-02,A1\n"
    with pytest.raises(RecordLevelError, match="individual records") as error:
        pipeline.read(write(tmp_path / "persons.csv", text), "state")
    assert error.value.column == "Apprehension Date"


def test_event_log_shaped_file_is_refused(tmp_path):
    lines = [
        "Fiscal Year,Month Grouping,Month (abbv),Land Border Region,State,Demographic,"
        "Citizenship,Title of Authority,Encounter Count"
    ]
    lines += [
        f"2024,FYTD,OCT,Southwest Land Border,TX,Single Adults,C{i},Title 8,1" for i in range(300)
    ]
    with pytest.raises(RecordLevelError, match="event log"):
        pipeline.read(write(tmp_path / "events.csv", "\n".join(lines)), "state")


def test_the_reshaped_sector_file_rolls_up_like_cbps_aor_file():
    staged = pipeline.read(CBP / "sectors.csv", "sectors")
    assert staged["period"].to_list()[-2:] == [dt.date(2025, 9, 1), dt.date(2026, 8, 1)]
    levels = ["nation", "land_border_region", "usbp_sector", "ofo_field_office"]
    obs = pipeline.tidy(staged, declared("sectors", levels))
    oct24 = dt.date(2024, 10, 1)
    assert total(obs, "nation", "United States", oct24) == 5000 + 69 + 700 + 30
    assert total(obs, "land_border_region", "Southwest border", oct24) == 5700
    assert total(obs, "usbp_sector", "Tucson Sector", oct24) == 5000
    assert total(obs, "ofo_field_office", "El Paso Field Office", oct24) == 730  # both borders
    component = obs.filter(region_level="nation", period=oct24, dimension="component")
    assert dict(component.select("category", "value").iter_rows()) == {
        "U.S. Border Patrol": 5069.0,
        "Office of Field Operations": 730.0,
    }


def test_a_month_outside_its_fiscal_year_is_refused(tmp_path):
    bad = tmp_path / "sectors.csv"
    text = (CBP / "sectors.csv").read_text().replace("2025-09,2025", "2025-10,2025")
    bad.write_text(text)
    with pytest.raises(InputError, match="month not in its fiscal year"):
        pipeline.read(bad, "sectors")
