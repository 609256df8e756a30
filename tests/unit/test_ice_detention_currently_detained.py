"""People currently detained, by agency and criminality and by disposition, on tiny tables in
the parser's layout (one row per printed row per release)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
TYPES = {"fiscal_year": pl.Int32, "total": pl.Float64}


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def criminality_row(label, ice, cbp, total, **release):
    return {
        "criminality": label,
        "ice": ice,
        "percent_ice": ice / total,
        "cbp": cbp,
        "percent_cbp": cbp / total,
        "total": total,
        **(release or RELEASE),
    }


def write(tmp_path, rows, name):
    pl.DataFrame(rows).cast(TYPES).write_parquet(tmp_path / name)
    return tmp_path / name


CRIMINALITY = [
    criminality_row("Total", 51428.0, 8883.0, 60311.0),
    criminality_row("Convicted Criminal", 16601.0, 988.0, 17589.0),
    criminality_row("Pending Criminal Charges", 16798.0, 1933.0, 18731.0),
]


def test_the_count_on_the_data_date_is_filed_under_the_release_month(tmp_path):
    path = write(tmp_path, CRIMINALITY, "currently-detained-by-criminality.parquet")
    obs = pipeline.tidy(
        pipeline.read(path, "detained_criminality"), declared("detained_criminality")
    )
    assert obs.select("period", "grain", "as_of").unique().rows() == [
        (D(2026, 4, 1), "month", D(2026, 4, 9))
    ]
    assert sorted(obs.select("dimension", "category", "value").rows()) == [
        ("arresting_agency", "CBP", 8883.0),
        ("arresting_agency", "ICE", 51428.0),
        ("criminality", "Convicted Criminal", 17589.0),
        ("criminality", "Pending Criminal Charges", 18731.0),
        ("total", "total", 60311.0),
    ]


def test_a_single_count_copied_into_both_columns_is_the_total(tmp_path):
    fy24 = {"fiscal_year": 2024, "file_date": D(2024, 1, 4), "pull_date": D(2023, 12, 26)}
    rows = [
        {"disposition": "Total", "fsc_frc": 37131.0, "adult": 37131.0, "total": None, **fy24},
        {
            "disposition": "Notice to Appear (I-862)",
            "fsc_frc": 9482.0,
            "adult": 9482.0,
            "total": None,
            **fy24,
        },
        {"disposition": "Total", "fsc_frc": 141.0, "adult": 60170.0, "total": 60311.0, **RELEASE},
    ]
    path = write(tmp_path, rows, "currently-detained-by-disposition.parquet")
    obs = pipeline.tidy(
        pipeline.read(path, "detained_disposition"), declared("detained_disposition")
    )
    assert sorted(obs.select("as_of", "dimension", "category", "value").rows()) == [
        (D(2024, 1, 4), "disposition", "Notice to Appear (I-862)", 9482.0),
        (D(2024, 1, 4), "total", "total", 37131.0),
        (D(2026, 4, 9), "family_status", "Adult facility", 60170.0),
        (D(2026, 4, 9), "family_status", "Family facility (FSC/FRC)", 141.0),
        (D(2026, 4, 9), "total", "total", 60311.0),
    ]


def test_parts_that_miss_the_total_and_unknown_rows_are_refused(tmp_path):
    wrong = [*CRIMINALITY[:1], {**CRIMINALITY[1], "cbp": 989.0}]
    path = write(tmp_path, wrong, "currently-detained-by-criminality.parquet")
    staged = pipeline.read(path, "detained_criminality")
    with pytest.raises(InputError, match=r"ice \+ cbp differs from the total") as error:
        pipeline.tidy(staged, declared("detained_criminality"))
    assert (error.value.file, error.value.row, error.value.column) == (
        "currently-detained-by-criminality.parquet",
        2,
        "total",
    )
    renamed = [*CRIMINALITY[:1], {**CRIMINALITY[2], "criminality": "Pending Charges"}]
    path = write(tmp_path, renamed, "currently-detained-by-criminality.parquet")
    with pytest.raises(InputError, match="unknown row 'Pending Charges'") as error:
        pipeline.tidy(pipeline.read(path, "detained_criminality"), declared("detained_criminality"))
    assert (error.value.row, error.value.column) == (2, "criminality")
    uneven = [{"disposition": "Total", "fsc_frc": 5.0, "adult": 6.0, "total": None, **RELEASE}]
    path = write(tmp_path, uneven, "currently-detained-by-disposition.parquet")
    with pytest.raises(InputError, match="blank total beside different") as error:
        pipeline.tidy(pipeline.read(path, "detained_disposition"), declared("detained_disposition"))
    assert (error.value.row, error.value.column) == (1, "total")
