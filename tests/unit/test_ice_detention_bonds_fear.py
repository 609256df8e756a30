"""Bond statistics and USCIS fear-decision tables, on tiny parquet tables written here in the
parser's layout."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2025, "file_date": D(2025, 9, 25), "pull_date": D(2025, 9, 15)}


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def write(tmp_path, rows, name, schema=None):
    frame = pl.DataFrame(rows, schema_overrides=schema).with_columns(
        pl.col("fiscal_year").cast(pl.Int32)
    )
    frame.write_parquet(tmp_path / name)
    return tmp_path / name


def bond_rows(months, release=RELEASE):
    """months: {date: (total book-outs, with bond, share, average amount, ALOS)}"""
    names = ["total_book_outs", "bond_book_outs", "bond_pct", "avg_bond_amount", "alos_days"]
    return [
        {"month": f"{month:%b}", "date": month, "metric": name, "value": value, **release}
        for name_index, name in enumerate(names)
        for month, values in months.items()
        for value in [values[name_index]]
    ]


# FY25_detentionStats09252025.xlsx, Bond sheet, August and September 2025 (partial)
MONTHS = {
    D(2025, 8, 1): (32395.0, 945.0, 0.029171, 8199.66, 58.94),
    D(2025, 9, 1): (23637.0, 554.0, 0.023438, 7831.65, 58.72),
}


def test_bond_book_outs_share_and_amount_by_month(tmp_path):
    path = write(tmp_path, bond_rows(MONTHS), "bond-stats.parquet")
    obs = pipeline.tidy(pipeline.read(path, "bond_stats"), declared("bond_stats"))
    got = {
        (m.removeprefix("ice_detention."), p.month): v
        for m, p, v in obs.select("measure_id", "period", "value").iter_rows()
    }
    assert got == {
        ("bond_book_outs", 8): 945.0,
        ("bond_book_outs", 9): 554.0,
        ("bond_posted_share", 8): pytest.approx(2.9171),
        ("bond_posted_share", 9): pytest.approx(2.3438),
        ("average_bond_amount", 8): 8199.66,
        ("average_bond_amount", 9): 7831.65,
    }
    assert set(obs["as_of"]) == {D(2025, 9, 25)} and set(obs["grain"]) == {"month"}


def test_swapped_bond_columns_and_a_month_printed_twice_are_refused(tmp_path):
    # October 2025 as the release of 2026-04-09 prints it (that release is set aside in
    # releases.csv, so the table is dated otherwise here)
    swapped = {D(2025, 10, 1): (1124.0, 37537.0, 33.395907, 7352.01, 51.32)}
    march = {"fiscal_year": 2026, "file_date": D(2026, 3, 12), "pull_date": D(2026, 3, 2)}
    path = write(tmp_path, bond_rows(swapped, march), "bond-stats.parquet")
    with pytest.raises(InputError, match="37,537 book-outs on bond exceed the 1,124") as error:
        pipeline.tidy(pipeline.read(path, "bond_stats"), declared("bond_stats"))
    assert (error.value.row, error.value.column) == (2, "value")
    twice = bond_rows(MONTHS) + bond_rows({D(2025, 9, 1): (1.0, 1.0, 1.0, 1.0, 1.0)})[:1]
    path = write(tmp_path, twice, "bond-stats.parquet")
    with pytest.raises(InputError, match="total_book_outs for September 2025 twice") as error:
        pipeline.tidy(pipeline.read(path, "bond_stats"), declared("bond_stats"))
    assert (error.value.row, error.value.column) == (11, "date")


def fear_detained(rows, release=RELEASE):
    return [{"facility_type": t, "total_detained": v, **release} for t, v in rows]


def test_detained_with_a_fear_decision_by_facility_type(tmp_path):
    # FY26_detentionStats04092026.xlsx: Total 1704, FSC 16, Adult 1688
    april = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
    rows = fear_detained([("Total", 1704.0), ("FSC", 16.0), ("Adult", 1688.0)], april)
    path = write(tmp_path, rows, "fear-decisions-by-facility-type.parquet")
    obs = pipeline.tidy(pipeline.read(path, "fear_detained"), declared("fear_detained"))
    assert dict(obs.select("category", "value").iter_rows()) == {
        "total": 1704.0,
        "Family facility (FSC/FRC)": 16.0,
        "Adult facility": 1688.0,
    }
    assert set(obs["period"]) == {D(2026, 4, 1)}
    rows[2] = {**rows[2], "total_detained": 1600.0}
    path = write(tmp_path, rows, "fear-decisions-by-facility-type.parquet")
    with pytest.raises(InputError, match=r"FSC and Adult \(1,616\) do not make") as error:
        pipeline.tidy(pipeline.read(path, "fear_detained"), declared("fear_detained"))
    assert (error.value.row, error.value.column) == (1, "total_detained")


def fear_time(rows):
    return [
        {"data_fiscal_year": dfy, "fsc": f, "adult": a, "total": t, **release}
        for dfy, f, a, t, release in rows
    ]


SCHEMA = {"data_fiscal_year": pl.Int32, "fsc": pl.Float64}


def test_days_from_fear_decision_to_release_by_fiscal_year(tmp_path):
    year_end = {"fiscal_year": 2020, "file_date": D(2020, 12, 31), "pull_date": D(2020, 9, 30)}
    rows = fear_time([(2020, 19.15, 137.15, 133.68, year_end), (2025, 0.0, 82.08, 82.08, RELEASE)])
    path = write(tmp_path, rows, "fear-decision-time.parquet", SCHEMA)
    obs = pipeline.tidy(pipeline.read(path, "fear_time"), declared("fear_time"))
    got = {(p.year + 1, c): v for p, c, v in obs.select("period", "category", "value").iter_rows()}
    assert got == {
        (2020, "total"): 133.68,
        (2020, "Family facility (FSC/FRC)"): 19.15,
        (2020, "Adult facility"): 137.15,
        (2025, "total"): 82.08,  # no family figure: an average of no release is not 0 days
        (2025, "Adult facility"): 82.08,
    }


def test_another_years_fear_table_is_refused(tmp_path):
    fy21 = {"fiscal_year": 2021, "file_date": D(2021, 5, 13), "pull_date": D(2021, 5, 3)}
    rows = fear_time([(2020, 10.9, 130.6, 127.2, fy21)])
    path = write(tmp_path, rows, "fear-decision-time.parquet", SCHEMA)
    with pytest.raises(InputError, match="holds FY2020's fear-decision figures") as error:
        pipeline.tidy(pipeline.read(path, "fear_time"), declared("fear_time"))
    assert (error.value.row, error.value.column) == (1, "data_fiscal_year")
