"""The USSC sentencing pipeline on hand-written rows in The Marshall Project's layout."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ussc_immigration_sentences import pipeline
from tests.conftest import FIXTURES

ROWS = FIXTURES / "ussc_immigration_sentences" / "district_year.csv"
IMMIGRATION = "ussc_immigration_sentences.immigration_prison_sentences"


def declared():
    source = next(s for s in load_registry() if s.source_id == "ussc_immigration_sentences")
    return source.files[0]


def test_read_types_counts_and_drops_the_compilers_share():
    staged = pipeline.read(ROWS, "district_year")
    assert "immigration_share" not in staged.columns
    assert staged["immigration"].to_list() == [2032, 2466, 3, 1650, 0]
    assert staged["_row"].to_list() == [2, 3, 4, 5, 6]


def test_districts_sum_to_the_nation_by_fiscal_year():
    obs = pipeline.tidy(pipeline.read(ROWS, "district_year"), declared())
    nation = obs.filter(measure_id=IMMIGRATION, region_level="nation").sort("period")
    assert nation["period"].to_list() == [dt.date(2000, 10, 1), dt.date(2016, 10, 1)]
    assert nation["value"].to_list() == [2032 + 2466 + 3, 1650]
    district = obs.filter(measure_id=IMMIGRATION, region_label="Southern District of Texas")
    assert district["value"].to_list() == [2466]
    assert set(obs["grain"]) == {"fiscal_year"}


def test_more_immigration_sentences_than_all_sentences_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ROWS.read_text().replace(
            '2466,"Southern District of Texas",4179', '4466,"Southern District of Texas",4179'
        )
    )
    with pytest.raises(InputError, match="exceed all sentences") as error:
        pipeline.read(bad, "district_year")
    assert (error.value.row, error.value.column) == (3, "Immigration")


def test_bad_count_is_named(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(ROWS.read_text().replace('"AZ",1650', '"AZ",16S0'))
    with pytest.raises(InputError, match="not a whole number") as error:
        pipeline.read(bad, "district_year")
    assert (error.value.row, error.value.column) == (5, "Immigration")


def test_a_district_twice_in_a_year_is_refused(tmp_path):
    bad = tmp_path / "dup.csv"
    lines = ROWS.read_text().splitlines()
    bad.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(InputError, match="repeat the same cell"):
        pipeline.read(bad, "district_year")
