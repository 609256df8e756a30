"""Segregation placements of vulnerable and special-population detainees by quarter and reason,
on a tiny table in the parser's layout (the reasons and a Grand Total per quarter per release)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
TYPES = {"fiscal_year": pl.Int32, "data_fiscal_year": pl.Int32, "data_quarter": pl.Int32}


def declared():
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == "vulnerable_segregation")


def quarter(year, q, rows, release=RELEASE):
    return [
        {
            "placement_reason": reason,
            "data_fiscal_year": year,
            "data_quarter": q,
            "n_placements": n,
            "avg_consecutive_days": consecutive,
            "avg_cumulative_days": cumulative,
            **release,
        }
        for reason, n, consecutive, cumulative in rows
    ]


def tidy(tmp_path, rows):
    path = tmp_path / "vulnerable-population.parquet"
    pl.DataFrame(rows).cast(TYPES).write_parquet(path)
    return pipeline.tidy(pipeline.read(path, "vulnerable_segregation"), declared())


# FY2026 Q2 in the release of 2026-04-09 (vulnerable-population.parquet rows 4195-4200)
Q2 = [
    ("Disciplinary", 152.0, 39.716645, 49.483042),
    ("Facility Security Threat", 26.0, 107.011358, 132.490252),
    ("Medical Mental", 61.0, 23.194063, 29.475788),
    ("Pending Investigation of Disciplinary Violation", 97.0, 29.00499, 34.73437),
    ("Protective Custody", 131.0, 116.813012, 141.689857),
    ("Grand Total", 467.0, 63.15, 77.57),
]


def test_a_quarter_is_filed_under_its_first_day_with_its_reasons(tmp_path):
    obs = tidy(tmp_path, quarter(2026, 2, Q2))
    placements = obs.filter(measure_id="ice_detention.segregation_placements")
    assert placements.select("period", "grain", "as_of").unique().rows() == [
        (D(2026, 1, 1), "fiscal_quarter", D(2026, 4, 9))
    ]
    values = dict(placements.select("category", "value").iter_rows())
    assert values["total"] == 467.0 and values["Protective Custody"] == 131.0
    days = obs.filter(measure_id="ice_detention.segregation_average_cumulative_days")
    assert dict(days.select("category", "value").iter_rows())["total"] == 77.57


def test_reasons_that_do_not_make_the_grand_total_are_refused(tmp_path):
    wrong = [("Disciplinary", 153.0, 39.7, 49.5), *Q2[1:]]
    with pytest.raises(InputError, match="FY2026 Q2: the reasons add up to 468") as error:
        tidy(tmp_path, quarter(2026, 2, wrong))
    assert error.value.column == "n_placements"


def test_a_quarter_without_its_grand_total_is_refused(tmp_path):
    with pytest.raises(InputError, match="not exactly one Grand Total"):
        tidy(tmp_path, quarter(2026, 2, Q2[:-1]))


def test_a_fifth_quarter_is_refused(tmp_path):
    with pytest.raises(InputError, match="no such quarter"):
        tidy(tmp_path, quarter(2026, 5, Q2))
