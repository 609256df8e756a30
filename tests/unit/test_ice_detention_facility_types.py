"""Book-ins by facility type and criminality, and book-outs by facility type, on tiny tables in
the parser's layout (a Total and one facility-type row per release, fiscal year to date)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.errors import InputError
from pipelines.registry import load_registry
from pipelines.sources.ice_detention import pipeline

D = dt.date
FY26 = {"fiscal_year": 2026, "file_date": D(2026, 4, 9), "pull_date": D(2026, 4, 2)}
FEB = {"fiscal_year": 2026, "file_date": D(2026, 2, 12), "pull_date": D(2026, 2, 5)}
TYPES = {"fiscal_year": pl.Int32, "total": pl.Float64, "convicted_criminal": pl.Float64}
BOOK_INS = "book-ins-by-facility-type.parquet"


def declared(layout: str):
    source = next(s for s in load_registry() if s.source_id == "ice_detention")
    return next(f for f in source.files if f.layout == layout)


def book_ins_row(label, convicted, pending, other, total, release=FY26):
    return {
        "facility_type": label,
        "convicted_criminal": convicted,
        "pending_criminal_charges": pending,
        "other_immigration_violator": other,
        "total": total,
        **release,
    }


def write(tmp_path, rows, name=BOOK_INS):
    frame = pl.DataFrame(rows)
    frame.cast({c: t for c, t in TYPES.items() if c in frame.columns}).write_parquet(
        tmp_path / name
    )
    return tmp_path / name


def tidy(path, layout="book_ins_facility"):
    return pipeline.tidy(pipeline.read(path, layout), declared(layout))


# The release of 9 April 2026 as ICE printed it (the FSC row leaves convicted criminals blank)
APRIL = [
    book_ins_row("Total", 66524.0, 68417.0, 95413.0, 230354.0),
    book_ins_row("FSC", None, 2.0, 41.0, 43.0),
]


def test_the_total_its_criminality_and_the_family_facility_for_the_fiscal_year(tmp_path):
    obs = tidy(write(tmp_path, APRIL))
    assert obs.select("measure_id", "period", "grain", "as_of").unique().rows() == [
        ("ice_detention.book_ins_by_criminality", D(2025, 10, 1), "fiscal_year", D(2026, 4, 9))
    ]
    assert sorted(obs.select("dimension", "category", "value").rows()) == [
        ("criminality", "Convicted Criminal", 66524.0),
        ("criminality", "Other Immigration Violator", 95413.0),
        ("criminality", "Pending Criminal Charges", 68417.0),
        ("family_status", "Family facility (FSC/FRC)", 43.0),
        ("total", "total", 230354.0),
    ]


def test_each_release_is_a_vintage_of_its_fiscal_year(tmp_path):
    rows = [*APRIL, book_ins_row("Total", 47670.0, 42989.0, 79135.0, 169794.0, FEB)]
    obs = tidy(write(tmp_path, rows)).filter(dimension="total")
    assert sorted(obs.select("as_of", "value").rows()) == [
        (D(2026, 2, 12), 169794.0),
        (D(2026, 4, 9), 230354.0),
    ]


def test_criminality_that_does_not_make_the_total_is_refused(tmp_path):
    rows = [book_ins_row("Total", 66524.0, 68417.0, 95413.0, 230355.0)]
    with pytest.raises(InputError, match="differs from the row's total") as err:
        tidy(write(tmp_path, rows))
    assert err.value.row == 1 and err.value.column == "total"


def test_a_facility_type_larger_than_the_total_is_refused(tmp_path):
    rows = [
        book_ins_row("Total", 10.0, 10.0, 10.0, 30.0),
        book_ins_row("Adult", 20.0, 10.0, 10.0, 40.0),
    ]
    with pytest.raises(InputError, match="exceeds the release's Total"):
        tidy(write(tmp_path, rows))


def test_a_release_without_its_total_row_is_refused(tmp_path):
    with pytest.raises(InputError, match="not exactly one Total row"):
        tidy(write(tmp_path, [book_ins_row("FSC", None, 2.0, 41.0, 43.0)]))


def test_an_unknown_row_is_refused_by_name(tmp_path):
    rows = [*APRIL, book_ins_row("Hold Room", 1.0, 1.0, 1.0, 3.0)]
    with pytest.raises(InputError, match="unknown row 'Hold Room'"):
        tidy(write(tmp_path, rows))


def test_a_year_to_date_total_that_falls_in_a_later_release_is_refused(tmp_path):
    # a later release printing less than an earlier one holds another year's sheet
    rows = [
        *APRIL,
        book_ins_row("Total", 40.0, 40.0, 100.0, 180.0, {**FEB, "file_date": D(2026, 4, 20)}),
    ]
    with pytest.raises(InputError, match="less than an earlier release"):
        tidy(write(tmp_path, rows))


def test_book_outs_by_facility_type(tmp_path):
    rows = [
        {"facility_type": "Total", "total": 227695.0, **FY26},
        {"facility_type": "FSC", "total": 1423.0, **FY26},
    ]
    path = write(tmp_path, rows, "book-outs-by-facility-type.parquet")
    obs = tidy(path, "book_outs_facility")
    assert sorted(obs.select("measure_id", "dimension", "category", "value").rows()) == [
        (
            "ice_detention.book_outs_by_facility_type",
            "family_status",
            "Family facility (FSC/FRC)",
            1423.0,
        ),
        ("ice_detention.book_outs_by_facility_type", "total", "total", 227695.0),
    ]


def test_a_blank_book_out_total_is_refused(tmp_path):
    rows = [{"facility_type": "Total", "total": None, **FY26}]
    path = write(tmp_path, rows, "book-outs-by-facility-type.parquet")
    with pytest.raises(InputError, match="blank total"):
        tidy(path, "book_outs_facility")
