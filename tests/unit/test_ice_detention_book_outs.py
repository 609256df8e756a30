"""ICE final book-outs by release reason on tiny tables in the parser's two layouts."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
RELEASE = {"fiscal_year": 2026, "file_date": D(2025, 12, 3), "pull_date": D(2025, 11, 28)}


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def monthly(reason, criminality, values, ytd):
    """One printed row: Oct, Nov, Dec values (December not yet reported: blank)."""
    return [
        {
            "release_reason": reason,
            "criminality": criminality,
            "month": month,
            "date": D(2025, 10 + i, 1),
            "n_book_outs": value,
            "n_book_outs_ytd": ytd,
            **RELEASE,
        }
        for i, (month, value) in enumerate(zip(["Oct", "Nov", "Dec"], values, strict=True))
    ]


def write(tmp_path, rows, name):
    pl.DataFrame(rows).cast(
        {"fiscal_year": pl.Int32, "n_book_outs": pl.Float64, "n_book_outs_ytd": pl.Float64}
        if "n_book_outs" in rows[0]
        else {"fiscal_year": pl.Int32}
    ).write_parquet(tmp_path / name)
    return tmp_path / name


MONTHLY = [
    *monthly("Total", None, [100.0, 60.0, None], 160.0),
    *monthly("Bonded Out", "Total", [10.0, 5.0, None], 15.0),
    *monthly("Bonded Out", "Convicted Criminal", [4.0, 1.0, None], 5.0),
    *monthly("Order of Supervision", "Total", [3.0, 2.0, None], 5.0),
]


def test_months_and_year_to_date_by_reason_and_criminality(tmp_path):
    path = write(tmp_path, MONTHLY, "book-outs-by-reason.parquet")
    obs = pipeline.tidy(pipeline.read(path, "book_outs"), declared("book_outs"))
    months = obs.filter(grain="month", period=D(2025, 11, 1))
    # "Bonded Out" is ICE's subtotal of its two bond rows: not stored beside them
    assert sorted(months.select("dimension", "category", "value").rows()) == [
        ("release_reason", "Order of Supervision", 2.0),
        ("total", "total", 60.0),
    ]
    assert obs.filter(grain="month", period=D(2025, 12, 1)).height == 0  # not yet reported
    ytd = obs.filter(grain="fiscal_year", dimension="total")
    assert ytd.select("period", "value", "as_of").rows() == [
        (D(2025, 10, 1), 160.0, D(2025, 12, 3))
    ]


def test_the_year_to_date_layout_splits_the_total_by_criminality(tmp_path):
    fy19 = {"fiscal_year": 2019, "file_date": D(2019, 12, 31), "pull_date": D(2019, 10, 7)}
    rows = [
        {
            "release_reason": "Total",
            "convicted_criminal": 21383.0,
            "pending_criminal_charges": 13032.0,
            "other_immigration_violator": 228848.0,
            "total": 263263.0,
            **fy19,
        },
        {
            "release_reason": "Order of supervision",
            "convicted_criminal": 5269.0,
            "pending_criminal_charges": 993.0,
            "other_immigration_violator": 7504.0,
            "total": 13766.0,
            **fy19,
        },
    ]
    path = write(tmp_path, rows, "book-outs-by-reason-annual.parquet")
    obs = pipeline.tidy(pipeline.read(path, "book_outs_annual"), declared("book_outs_annual"))
    got = {(d, c): v for d, c, v in obs.select("dimension", "category", "value").rows()}
    assert got[("total", "total")] == 263263.0
    assert got[("criminality", "Convicted Criminal")] == 21383.0
    assert got[("release_reason", "Order of Supervision")] == 13766.0
    assert got[("release_reason_criminality", "Order of Supervision: Convicted Criminal")] == 5269.0
    assert obs.select("grain", "as_of").unique().rows() == [("fiscal_year", D(2019, 10, 7))]
    bad = [{**rows[1], "total": 13767.0}]
    path = write(tmp_path, bad, "book-outs-by-reason-annual.parquet")
    with pytest.raises(InputError, match="do not add up to the total") as error:
        pipeline.tidy(pipeline.read(path, "book_outs_annual"), declared("book_outs_annual"))
    assert (error.value.file, error.value.row, error.value.column) == (
        "book-outs-by-reason-annual.parquet",
        1,
        "total",
    )


def test_unknown_reasons_and_uneven_year_to_date_are_refused(tmp_path):
    renamed = [
        {**r, "release_reason": "Released"} if r["release_reason"] == "Bonded Out" else r
        for r in MONTHLY
    ]
    path = write(tmp_path, renamed, "book-outs-by-reason.parquet")
    with pytest.raises(InputError, match="unknown label 'Released'") as error:
        pipeline.tidy(pipeline.read(path, "book_outs"), declared("book_outs"))
    assert (error.value.row, error.value.column) == (4, "release_reason")
    uneven = [
        {**r, "n_book_outs_ytd": 16.0}
        if r["month"] == "Nov"
        and r["release_reason"] == "Bonded Out"
        and r["criminality"] == "Total"
        else r
        for r in MONTHLY
    ]
    path = write(tmp_path, uneven, "book-outs-by-reason.parquet")
    with pytest.raises(InputError, match="differs between the months") as error:
        pipeline.tidy(pipeline.read(path, "book_outs"), declared("book_outs"))
    assert (error.value.row, error.value.column) == (4, "n_book_outs_ytd")
