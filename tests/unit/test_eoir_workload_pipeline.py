"""The EOIR workload pipeline on a few hand-written rows in the transcription's layout."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.eoir_workload import pipeline
from tests.conftest import FIXTURES

ANNUAL = FIXTURES / "eoir_workload" / "annual.csv"


def declared():
    source = next(s for s in load_registry() if s.source_id == "eoir_workload")
    return source.files[0]


def test_read_drops_the_transcribers_ratio_and_types_the_counts():
    staged = pipeline.read(ANNUAL, "annual")
    assert staged.columns == ["_row", "fiscal_year", "pending", "received", "completions"]
    assert staged["_row"].to_list() == [2, 3, 4]
    assert staged["pending"].to_list() == [826488, 975977, 3570145]


def test_each_fiscal_year_starts_on_the_first_of_october():
    obs = pipeline.tidy(pipeline.read(ANNUAL, "annual"), declared())
    pending = obs.filter(measure_id="eoir_workload.pending_cases").sort("period")
    assert pending["period"].to_list() == [
        dt.date(2015, 10, 1),
        dt.date(2016, 10, 1),
        dt.date(2025, 10, 1),  # FY2026, partial: through March 2026
    ]
    assert set(obs["grain"]) == {"fiscal_year"}
    assert obs.height == 9
    completions = obs.filter(measure_id="eoir_workload.completions", period=dt.date(2025, 10, 1))
    assert completions["value"].item() == 402714


def test_renamed_column_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(ANNUAL.read_text().replace("Received", "New Cases"))
    with pytest.raises(InputError, match="does not match the published layout") as error:
        pipeline.read(bad, "annual")
    assert error.value.row == 1


def test_bad_count_names_row_and_column(tmp_path):
    bad = tmp_path / "typo.csv"
    bad.write_text(ANNUAL.read_text().replace("295259", "2952S9"))
    with pytest.raises(InputError, match="not a whole number") as error:
        pipeline.read(bad, "annual")
    assert (error.value.file, error.value.row, error.value.column) == ("typo.csv", 3, "Received")


def test_blank_count_is_refused(tmp_path):
    bad = tmp_path / "blank.csv"
    bad.write_text(ANNUAL.read_text().replace("163072", ""))
    with pytest.raises(InputError, match="blank") as error:
        pipeline.read(bad, "annual")
    assert (error.value.row, error.value.column) == (3, "Completions")
