"""ICE removals and family-unit removals: one fiscal-year-to-date figure per release, written
here in the parser's layout (value, fiscal_year, file_date, pull_date)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def write(tmp_path, rows, column="removals", name="removals.parquet"):
    frame = pl.DataFrame(
        [{column: v, "fiscal_year": fy, "file_date": f, "pull_date": p} for v, fy, f, p in rows],
        schema={
            column: pl.Float64,
            "fiscal_year": pl.Int32,
            "file_date": pl.Date,
            "pull_date": pl.Date,
        },
    )
    frame.write_parquet(tmp_path / name)
    return tmp_path / name


def test_each_release_is_a_fiscal_year_vintage(tmp_path):
    path = write(
        tmp_path,
        [
            (267258.0, 2019, D(2019, 12, 31), D(2019, 10, 7)),  # undated year-end file
            (21529.0, 2024, D(2023, 11, 15), D(2023, 10, 10)),
            (30606.0, 2024, D(2023, 11, 22), D(2023, 11, 13)),
        ],
    )
    obs = pipeline.tidy(pipeline.read(path, "removals"), declared("removals"))
    assert obs.select("measure_id", "period", "grain", "value", "as_of").sort("as_of").rows() == [
        ("ice_detention.removals", D(2018, 10, 1), "fiscal_year", 267258.0, D(2019, 10, 7)),
        ("ice_detention.removals", D(2023, 10, 1), "fiscal_year", 21529.0, D(2023, 11, 15)),
        ("ice_detention.removals", D(2023, 10, 1), "fiscal_year", 30606.0, D(2023, 11, 22)),
    ]
    assert obs.select("region_level", "dimension", "category").unique().rows() == [
        ("nation", "total", "total")
    ]


def test_a_release_declared_in_releases_csv_is_set_aside(tmp_path):
    # The 2026-01-08 release repeats FY2020's year-end figures (releases.csv).
    path = write(
        tmp_path,
        [
            (3310.0, 2026, D(2026, 1, 8), D(2025, 12, 26)),
            (13784.0, 2026, D(2026, 2, 2), D(2026, 1, 22)),
        ],
        column="famu_removals",
        name="famu-removals.parquet",
    )
    obs = pipeline.tidy(pipeline.read(path, "famu_removals"), declared("famu_removals"))
    assert obs.select("measure_id", "value", "as_of").rows() == [
        ("ice_detention.family_unit_removals", 13784.0, D(2026, 2, 2))
    ]


def test_a_year_to_date_count_that_falls_names_the_release(tmp_path):
    path = write(
        tmp_path,
        [
            (52000.0, 2022, D(2022, 8, 19), D(2022, 8, 14)),
            (41000.0, 2022, D(2022, 9, 2), D(2022, 8, 28)),  # another year's sheet
        ],
    )
    with pytest.raises(InputError, match="FY2022 release of 2022-09-02 prints 41,000") as error:
        pipeline.tidy(pipeline.read(path, "removals"), declared("removals"))
    assert (error.value.row, error.value.column) == (2, "removals")
    assert "removals.parquet" in str(error.value)


def test_bad_cells_are_refused_with_their_row_and_column(tmp_path):
    negative = write(
        tmp_path,
        [(5.0, 2024, D(2024, 1, 4), D(2023, 12, 26)), (-1.0, 2024, D(2024, 1, 18), D(2024, 1, 12))],
    )
    with pytest.raises(InputError, match="negative value") as error:
        pipeline.read(negative, "removals")
    assert (error.value.row, error.value.column) == (2, "removals")
    blank = write(tmp_path, [(None, 2024, D(2024, 1, 4), D(2023, 12, 26))])
    with pytest.raises(InputError, match="blank value") as error:
        pipeline.tidy(pipeline.read(blank, "removals"), declared("removals"))
    assert (error.value.row, error.value.column) == (1, "removals")
    twice = write(tmp_path, [(5.0, 2024, D(2024, 1, 4), D(2023, 12, 26))] * 2)
    with pytest.raises(InputError, match="more than one row") as error:
        pipeline.tidy(pipeline.read(twice, "removals"), declared("removals"))
    assert error.value.row == 2
