"""Each AOR's ATD participants by technology and average days in the program, on a tiny
atd-by-aor table in the parser's layout (AOR total rows, each followed by its technology rows)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
DECEMBER = {"fiscal_year": 2024, "file_date": D(2023, 12, 7), "pull_date": D(2023, 11, 27)}


def declared():
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == "atd_by_aor")


def rows(table, release=RELEASE):
    return [
        {"aor_technology": label, "count": count, "avg_length_in_program": days, **release}
        for label, count, days in table
    ]


def tidy(tmp_path, table):
    frame = pl.DataFrame(table).with_columns(pl.col("fiscal_year").cast(pl.Int32))
    frame.write_parquet(tmp_path / "atd-by-aor.parquet")
    staged = pipeline.read(tmp_path / "atd-by-aor.parquet", "atd_by_aor")
    return pipeline.tidy(staged, declared())


# The release of 2026-04-09 as ICE printed it (atd-by-aor.parquet rows 15311-15316), cut short
APRIL = [
    ("Total", 9398.0, 767.057991),
    ("Atlanta", 6344.0, 723.527112),
    ("SmartLINK", 2481.0, 861.092705),
    ("Dual Tech", 5.0, 77.4),
    ("Ankle Monitor", 3676.0, 635.351197),
    ("Wristworn", 182.0, 646.961538),
    ("Baltimore", 3054.0, 608.306483),
    ("SmartLINK", 1592.0, 849.988065),
    ("Dual Tech", 1.0, 1076.0),
    ("Ankle Monitor", 1434.0, 338.100418),
    ("Wristworn", 27.0, 691.666667),
]


def test_technology_rows_are_filed_under_the_aor_they_follow(tmp_path):
    obs = tidy(tmp_path, rows(APRIL))
    people = obs.filter(measure_id="ice_detention.atd_participants_by_aor_technology")
    assert people.select("region_level", "period", "as_of").unique().rows() == [
        ("ice_aor", D(2026, 4, 1), D(2026, 4, 9))
    ]
    baltimore = people.filter(region_label="Baltimore")
    assert dict(baltimore.select("category", "value").iter_rows()) == {
        "total": 3054.0,
        "SmartLINK": 1592.0,
        "Dual Tech": 1.0,
        "Ankle Monitor": 1434.0,
        "Wristworn": 27.0,
    }
    days = obs.filter(measure_id="ice_detention.atd_average_days_in_program")
    atlanta = days.filter(region_label="Atlanta")
    assert dict(atlanta.select("category", "value").iter_rows())["total"] == 723.527112
    assert dict(atlanta.select("category", "value").iter_rows())["Ankle Monitor"] == 635.351197
    # the national average is the case-type table's; the AOR table's is not filed again
    assert days.filter(region_level="nation").height == 0


def test_technologies_far_from_their_aor_total_are_refused(tmp_path):
    wrong = [*APRIL[:2], ("SmartLINK", 1481.0, 861.0), *APRIL[3:]]
    with pytest.raises(InputError, match="technology rows of Atlanta") as error:
        tidy(tmp_path, rows(wrong))
    assert (error.value.row, error.value.column) == (2, "count")


def test_a_technology_row_before_any_aor_is_refused(tmp_path):
    with pytest.raises(InputError, match="precedes every AOR"):
        tidy(tmp_path, rows([("Total", 5.0, 1.0), ("SmartLINK", 5.0, 1.0)]))


def test_a_release_printing_a_negative_average_keeps_its_counts_not_its_averages(tmp_path):
    december = [
        ("Total", 4.0, 10.0),
        ("Chicago", 4.0, 10.0),
        ("No Tech", 4.0, -7.0),
        ("Wristworn", None, None),  # printed blank: no figure
    ]
    obs = tidy(tmp_path, rows(APRIL) + rows(december, DECEMBER))
    chicago = obs.filter(region_label="Chicago")
    assert "Wristworn" not in chicago["category"].to_list()
    assert chicago["measure_id"].unique().sort().to_list() == [
        "ice_detention.atd_participants",
        "ice_detention.atd_participants_by_aor_technology",
    ]
    assert obs.filter(measure_id="ice_detention.atd_average_days_in_program")[
        "as_of"
    ].unique().to_list() == [D(2026, 4, 9)]
