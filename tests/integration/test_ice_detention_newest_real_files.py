"""The newest figures the mirror holds for ICE's book-ins, detention and removals, each equal in
the warehouse to the cell ICE published in FY26_detentionStats04092026.xlsx (the release of
9 April 2026, IIDS data as of 2 April 2026), as the parquet tables parsed from it hold it.

The workbook itself is not in the mirror (its copies are Git-LFS pointers); the cells are named
as deportationdata's parse-spreadsheets.R locates them on the "Detention FY26" sheet: the
book-ins by arresting agency at I19:V22 (header row 19 under "Currently Detained by
Criminality" at A18; columns J-U October-September, V the fiscal year's Total), the ADP table
under its title "ICE Average Daily Population by Arresting Agency, Month and Criminality"
(columns B-M October-September, N "FY Overall"), and the removals at P29 (under "Total" at P28,
beside "Book-Ins by Facility Type and Criminality" at A27)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

pytestmark = pytest.mark.integration
RELEASE = dt.date(2026, 4, 9)


def newest(con, measure_id, grain, period, dimension="total", category="total"):
    row = con.execute(
        """SELECT value, as_of FROM observation
           WHERE measure_id = ? AND region_code = 'nation:US' AND grain = ? AND period = ?
             AND dimension = ? AND category = ?""",
        [measure_id, grain, period, dimension, category],
    ).fetchone()
    assert row is not None, (measure_id, grain, period, category)
    return row


def parquet_cell(mirror, name: str, **where) -> pl.DataFrame:
    frame = pl.read_parquet(mirror / "ice_detention" / name).filter(file_date=RELEASE, **where)
    assert frame.height == 1, where
    return frame


@pytest.mark.parametrize(
    ("agency", "month", "published"),
    [
        # ICE's table of initial book-ins by arresting agency (I19:V22), the row of the agency
        # and the month's column: March is column O, April column P
        # (book-ins-by-arresting-agency.parquet: file_date 2026-04-09, arresting_agency, date)
        ("ICE", dt.date(2026, 3, 1), 29_606),  # row ICE, column O (Mar)
        ("CBP", dt.date(2026, 3, 1), 2_925),  # row CBP, column O (Mar)
        ("ICE", dt.date(2026, 4, 1), 3_721),  # row ICE, column P (Apr), to the data date
        ("CBP", dt.date(2026, 4, 1), 431),  # row CBP, column P (Apr)
    ],
)
def test_book_ins_by_arresting_agency_latest_months(real_con, mirror, agency, month, published):
    cell = parquet_cell(
        mirror, "book-ins-by-arresting-agency.parquet", arresting_agency=agency, date=month
    )
    assert cell["n_book_ins"].item() == published
    value, as_of = newest(
        real_con, "ice_detention.book_ins", "month", month, "arresting_agency", agency
    )
    assert (value, as_of) == (published, RELEASE)


def test_book_ins_fiscal_year_to_date_is_ices_own_total(real_con, mirror):
    # the same table's fiscal-year total, row Total, column V (n_book_ins_ytd): 230,354 =
    # ICE 207,035 + CBP 23,319
    cell = parquet_cell(
        mirror, "book-ins-by-arresting-agency.parquet", arresting_agency="Total",
        date=dt.date(2026, 3, 1),
    )  # fmt: skip
    assert cell["n_book_ins_ytd"].item() == 230_354
    value, _ = newest(real_con, "ice_detention.book_ins", "fiscal_year", dt.date(2025, 10, 1))
    assert value == 230_354


def test_detention_average_daily_population_latest(real_con, mirror):
    # ICE's ADP by arresting agency and criminality, row "Average" (all people held), column
    # G (Mar) and column N (FY Overall) (adp-by-agency-criminality.parquet)
    cell = parquet_cell(
        mirror, "adp-by-agency-criminality.parquet", agency="Average", date=dt.date(2026, 3, 1)
    )
    assert cell["adp"].item() == pytest.approx(63_276.612903, abs=1e-5)
    assert cell["adp_fy_ytd"].item() == pytest.approx(66_978.048387, abs=1e-5)
    march, as_of = newest(real_con, "ice_detention.adp", "month", dt.date(2026, 3, 1))
    assert march == pytest.approx(63_276.612903, abs=1e-5) and as_of == RELEASE
    year, _ = newest(real_con, "ice_detention.adp", "fiscal_year", dt.date(2025, 10, 1))
    assert year == pytest.approx(66_978.048387, abs=1e-5)
    peak, _ = newest(real_con, "ice_detention.adp", "month", dt.date(2026, 1, 1))
    assert round(peak) == 71_929  # the detention peak marker of pipelines/context.yaml


def test_removals_fiscal_year_to_date_latest(real_con, mirror):
    # ICE's FY2026 removals to date, one national cell, P29 (removals.parquet: ICE publishes
    # no monthly or sub-national removals in these files): 234,236
    frame = pl.read_parquet(mirror / "ice_detention" / "removals.parquet")
    cell = frame.filter(file_date=RELEASE)
    assert cell["removals"].to_list() == [234_236]
    value, as_of = newest(real_con, "ice_detention.removals", "fiscal_year", dt.date(2025, 10, 1))
    assert (value, as_of) == (234_236, RELEASE)
