"""The Census population pipeline on small CSVs written here with the real headers and quirks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.errors import InputError, RecordLevelError
from pipelines.registry import load_registry
from pipelines.sources.census_state_population import pipeline

V2024_COLUMNS = ["SUMLEV", "REGION", "DIVISION", "STATE", "NAME", "ESTIMATESBASE2020"]
V2024_COLUMNS += [f"POPESTIMATE{y}" for y in range(2020, 2025)]
V2024_COLUMNS += [f"BIRTHS{y}" for y in range(2020, 2025)]
V2024_COLUMNS += [f"RBIRTH{y}" for y in range(2021, 2025)]
V2020_COLUMNS = ["SUMLEV", "REGION", "DIVISION", "STATE", "NAME", "CENSUS2010POP"]
V2020_COLUMNS += [f"POPESTIMATE{y}" for y in range(2010, 2021)]


def csv(path: Path, columns: list[str], rows: list[list], newline: str = "\r\n") -> Path:
    lines = [",".join(columns), *(",".join(map(str, r)) for r in rows)]
    path.write_text(newline.join(lines) + newline)
    return path


def row(sumlev, region, division, state, name, first, n_years, extra=0):
    return [sumlev, region, division, state, name, first, *(first + i for i in range(n_years))] + [
        7
    ] * extra


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "census_state_population")
    return next(f for f in source.files if f.layout == layout)


def v2024(tmp_path: Path, rows=None) -> Path:
    rows = rows or [
        row("010", 0, 0, "00", "United States", 1000, 5, 9),
        row("020", 1, 0, "00", "Northeast Region", 400, 5, 9),
        row("030", 1, 1, "00", "New England", 100, 5, 9),
        row("040", 3, 6, "01", "Alabama", 600, 5, 9),
        row("040", "X", "X", "72", "Puerto Rico", 30, 5, 9),
    ]
    return csv(tmp_path / "NST-EST2024-ALLDATA.csv", V2024_COLUMNS, rows)


def test_states_and_nation_by_calendar_year(tmp_path):
    staged = pipeline.read(v2024(tmp_path), "v2024")
    assert staged.height == 5 * 5
    obs = pipeline.tidy(staged, declared("v2024"))
    assert set(obs["region_label"]) == {"United States", "Alabama", "Puerto Rico"}
    alabama = obs.filter(region_label="Alabama").sort("period")
    assert alabama["period"].to_list() == [dt.date(y, 1, 1) for y in range(2020, 2025)]
    assert alabama["value"].to_list() == [600, 601, 602, 603, 604]
    assert set(obs["grain"]) == {"calendar_year"}


def test_resaved_vintage_2020_without_leading_zeros(tmp_path):
    rows = [
        row(10, 0, 0, 0, "United States", 900, 11),
        row(20, 1, 0, 0, "Northeast Region", 400, 11),
        row(40, 4, 9, 2, "Alaska", 70, 11),
    ]
    path = csv(tmp_path / "nst-est2020-alldata.csv", V2020_COLUMNS, rows, newline="\n")
    obs = pipeline.tidy(pipeline.read(path, "v2020"), declared("v2020"))
    assert obs.filter(region_level="state")["value"].to_list()[:2] == [70, 71]
    assert obs.filter(region_level="nation", period=dt.date(2020, 1, 1))["value"].item() == 910


def test_missing_year_column_is_named(tmp_path):
    columns = [c for c in V2024_COLUMNS if c != "POPESTIMATE2023"]
    path = csv(tmp_path / "x.csv", columns, [row("040", 3, 6, "01", "Alabama", 6, 4, 9)])
    with pytest.raises(InputError, match="missing column") as error:
        pipeline.read(path, "v2024")
    assert (error.value.row, error.value.column) == (1, "POPESTIMATE2023")


def test_bad_estimate_names_the_row(tmp_path):
    rows = [row("010", 0, 0, "00", "United States", 1000, 5, 9)]
    rows.append(["040", 3, 6, "01", "Alabama", 600, 600, 601, "n/a", 603, 604] + [7] * 9)
    with pytest.raises(InputError, match="'n/a' is not a whole number") as error:
        pipeline.read(v2024(tmp_path, rows), "v2024")
    assert error.value.row == 3


def test_unknown_summary_level_is_refused(tmp_path):
    rows = [row("050", 3, 6, "01001", "Autauga County", 50, 5, 9)]
    with pytest.raises(InputError, match="unexpected value '050'") as error:
        pipeline.read(v2024(tmp_path, rows), "v2024")
    assert error.value.column == "SUMLEV"


def test_a_person_level_column_is_refused(tmp_path):
    path = csv(tmp_path / "p.csv", [*V2020_COLUMNS, "DOB"], [row(40, 4, 9, 2, "A", 1, 11) + ["x"]])
    with pytest.raises(RecordLevelError):
        pipeline.read(path, "v2020")
