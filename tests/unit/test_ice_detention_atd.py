"""ATD participants by case type and technology, and ATD court appearances, on tiny parquet
tables written here in the parser's layout (the real column names, footnote rows included)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
OLD = {"fiscal_year": 2021, "file_date": D(2021, 12, 31), "pull_date": D(2021, 2, 22)}


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def write(tmp_path, rows, name):
    frame = pl.DataFrame(rows).with_columns(pl.col("fiscal_year").cast(pl.Int32))
    frame.write_parquet(tmp_path / name)
    return tmp_path / name


def population(table, rows, release=RELEASE):
    return [
        {"category": label, "count": count, "value": value, "table": table, **release}
        for label, count, value in rows
    ]


# The release of 2026-04-09 as ICE printed it (atd-population.parquet rows 1207-1218).
TECHNOLOGY = [
    ("SmartLINK", 131643.0, 126377.28),
    ("Ankle Monitor", 46302.0, 126867.48),
    ("Wristworn", 2707.0, 12181.5),
    ("Dual Tech", 49.0, 181.3),
    ("Total", 180701.0, 265607.559999),
    ("Data from BI Inc. Participants Report, 04.04.2026", None, None),
]
STATUS = [
    ("FAMU", 67299.0, 928.972481),
    ("Single Adult", 113402.0, 670.969004),
    ("Total", 180701.0, 767.057991),
    ("Data from OBP Report, 04.06.2026", None, None),
]


def test_case_types_and_technologies_with_one_total(tmp_path):
    # FY2021's year-end file has no technology table and an undated file name.
    early = population(
        "status",
        [("FAMU", 44501.0, 894.99), ("Single Adult", 44614.0, 870.0), ("Total", 89115.0, 882.6)],
        OLD,
    )
    path = write(
        tmp_path,
        population("technology", TECHNOLOGY) + population("status", STATUS) + early,
        "atd-population.parquet",
    )
    obs = pipeline.tidy(pipeline.read(path, "atd_population"), declared("atd_population"))
    people = obs.filter(measure_id="ice_detention.atd_participants_by_type", as_of=D(2026, 4, 9))
    assert dict(people.select("category", "value").iter_rows()) == {
        "total": 180701.0,  # once, though both tables print it
        "SmartLINK": 131643.0,
        "Ankle Monitor": 46302.0,
        "Wristworn": 2707.0,
        "Dual technology": 49.0,
        "Family unit (FAMU)": 67299.0,
        "Single adult": 113402.0,
    }
    assert people["period"].unique().to_list() == [D(2026, 4, 1)]
    cost = obs.filter(measure_id="ice_detention.atd_technology_daily_cost", category="total")
    assert cost["value"].to_list() == [265607.559999]
    days = obs.filter(measure_id="ice_detention.atd_average_days_in_program", as_of=D(2021, 2, 22))
    assert dict(days.select("category", "value").iter_rows()) == {
        "Family unit (FAMU)": 894.99,
        "Single adult": 870.0,
        "total": 882.6,
    }


def test_a_technology_total_unlike_its_rows_is_refused(tmp_path):
    wrong = [("SmartLINK", 131000.0, 126377.28), *TECHNOLOGY[1:]]
    path = write(
        tmp_path,
        population("technology", wrong) + population("status", STATUS),
        "atd-population.parquet",
    )
    with pytest.raises(InputError, match="technology table of the release of 2026-04-09") as error:
        pipeline.tidy(pipeline.read(path, "atd_population"), declared("atd_population"))
    assert (error.value.row, error.value.column) == (5, "count")  # its Total row


def test_technology_and_case_type_totals_must_agree(tmp_path):
    status = [
        ("FAMU", 67299.0, 928.9),
        ("Single Adult", 113400.0, 670.9),
        ("Total", 180699.0, 767.0),
    ]
    path = write(
        tmp_path,
        population("technology", TECHNOLOGY) + population("status", status),
        "atd-population.parquet",
    )
    with pytest.raises(InputError, match=r"technology table's Total \(180,701\) differs") as error:
        pipeline.tidy(pipeline.read(path, "atd_population"), declared("atd_population"))
    assert error.value.row == 5


def test_an_unknown_row_is_refused(tmp_path):
    path = write(
        tmp_path,
        population("technology", [("Drone", 3.0, 1.0), *TECHNOLOGY]),
        "atd-population.parquet",
    )
    with pytest.raises(InputError, match="unknown row 'Drone' in the technology table") as error:
        pipeline.tidy(pipeline.read(path, "atd_population"), declared("atd_population"))
    assert (error.value.row, error.value.column) == (1, "category")


def court(release, total, final):
    """A release's table: (attended, failed) for all hearings and for final hearings."""
    rows = []
    for hearing_type, (attended, failed) in (("total", total), ("final", final)):
        whole = attended + failed
        for metric, count in (("Attended", attended), ("Failed to Attend", failed)):
            rows.append(
                {"hearing_type": hearing_type, "metric": metric, "count": count, **release}
                | {"pct": round(count / whole, 3)}
            )
        rows.append(
            {"hearing_type": hearing_type, "metric": "Total", "count": whole, **release}
            | {"pct": 1.0}
        )
    return rows


FY23 = {"fiscal_year": 2023, "file_date": D(2023, 1, 9), "pull_date": D(2022, 12, 27)}
FY23_END = {"fiscal_year": 2023, "file_date": D(2023, 12, 31), "pull_date": D(2023, 9, 30)}


def test_court_hearings_are_year_to_date_flows_with_their_rate(tmp_path):
    rows = court(FY23, (16382.0, 100.0), (2211.0, 100.0)) + court(
        FY23_END, (78716.0, 736.0), (9557.0, 611.0)
    )
    path = write(tmp_path, rows, "atd-court-appearances.parquet")
    obs = pipeline.tidy(pipeline.read(path, "atd_court"), declared("atd_court"))
    assert set(obs["grain"]) == {"fiscal_year"} and set(obs["period"]) == {D(2022, 10, 1)}
    end = obs.filter(as_of=D(2023, 9, 30))  # the undated year-end file: its data date
    hearings = end.filter(measure_id="ice_detention.atd_court_hearings")
    assert dict(hearings.select("category", "value").iter_rows()) == {
        "Attended": 78716.0,
        "Failed to attend": 736.0,
        "total": 79452.0,
    }
    rate = end.filter(measure_id="ice_detention.atd_court_appearance_rate")
    assert dict(rate.select("category", "value").iter_rows()) == pytest.approx(
        {"total": 99.1, "Final hearings": 94.0}
    )


def test_court_counts_that_do_not_make_the_total_or_fall_are_refused(tmp_path):
    rows = court(FY23, (16382.0, 100.0), (2211.0, 100.0))
    rows[2] = {**rows[2], "count": 16400.0}
    path = write(tmp_path, rows, "atd-court-appearances.parquet")
    with pytest.raises(InputError, match="add up to 16,482, the Total row prints 16,400") as error:
        pipeline.tidy(pipeline.read(path, "atd_court"), declared("atd_court"))
    assert (error.value.row, error.value.column) == (3, "count")
    # A later release of the year printing less holds another year's table.
    rows = court(FY23_END, (78716.0, 736.0), (9557.0, 611.0)) + court(
        {**FY23, "file_date": D(2023, 12, 31), "pull_date": D(2023, 10, 5)},
        (16382.0, 100.0),
        (2211.0, 100.0),
    )
    path = write(tmp_path, rows, "atd-court-appearances.parquet")
    with pytest.raises(InputError, match="less than an earlier release"):
        pipeline.tidy(pipeline.read(path, "atd_court"), declared("atd_court"))
