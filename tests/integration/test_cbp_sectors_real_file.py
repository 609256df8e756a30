"""CBP's sectors and field offices to August 2026, from a third party's aggregate of CBP's
September 2026 AOR release (border_sectors_fy2025_fy2026aug.csv), read back through the API:
its FY2025 total, sectors and field offices to Aug 2026, and the older release kept."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import aggstats
from aggstats.api import connect

pytestmark = pytest.mark.integration
MEASURE = "cbp_encounters.encounters"
FILE = "cbp_encounters/border_sectors_fy2025_fy2026aug.csv"


@pytest.fixture(scope="module")
def con(real_warehouse):
    with connect(real_warehouse) as con:
        yield con


def test_its_fy2025_total_read_back_through_the_api_is_691906(con):
    # every row is a Border Patrol sector or a field office: the two levels sum to the file
    by_office = [
        aggstats.series(MEASURE, level, start="FY2025", end="FY2025", con=con)
        for level in ("usbp_sector", "ofo_field_office")
    ]
    assert sum(frame["value"].sum() for frame in by_office) == 691_906
    # a month with no encounters at an office has no row: Havre Sector shows 11 months
    partial = [r for frame in by_office for r in frame.filter(~pl.col("complete")).rows(named=True)]
    assert [(r["region"], r["months"]) for r in partial] == [("Havre Sector", 11)]
    assert all(FILE in ids for frame in by_office for ids in frame["file_ids"])
    # the same figure as CBP's own State file of January 2026 gives the nation
    nation = aggstats.series(MEASURE, "nation", start="FY2025", end="FY2025", con=con)
    assert nation["value"].to_list() == [691_906]


def test_sectors_and_field_offices_run_to_august_2026(con):
    for level in ("usbp_sector", "ofo_field_office"):
        months = aggstats.series(MEASURE, level, grain="month", start="2026-01-01", con=con)
        assert months["period"].max() == dt.date(2026, 8, 1), level
    # the nation keeps CBP's State file (with its breakdowns), to Jan 2026
    nation = aggstats.series(MEASURE, "nation", grain="month", start="2026-01-01", con=con)
    assert nation["period"].max() == dt.date(2026, 1, 1)
    tucson = aggstats.series(MEASURE, "usbp_sector", ["TCA"], grain="month", con=con)
    assert tucson["period"].min() == dt.date(2019, 10, 1)  # the AOR file's FY2020 on, kept
    fy2026 = aggstats.series(
        MEASURE, "usbp_sector", ["TCA"], start="FY2026", end="FY2026", con=con
    ).row(0, named=True)
    assert fy2026["months"] == 11 and fy2026["complete"] is False  # Oct 2025 to Aug 2026


def test_the_older_release_is_kept_as_a_vintage(con):
    # Tucson Sector in Sep 2024: the AOR file of Oct 2024 has it; the aggregate starts Oct 2024
    def tucson(as_of, start):
        return aggstats.series(
            MEASURE, "usbp_sector", ["TCA"], grain="month", start=start, end=start,
            as_of=as_of, con=con,
        )  # fmt: skip

    assert tucson("2025-01-01", "2024-10-01").is_empty()  # not published by then
    assert tucson(None, "2024-10-01")["as_of"].to_list() == [dt.date(2026, 9, 1)]
    assert tucson(None, "2024-09-01")["as_of"].to_list() == [dt.date(2024, 10, 1)]
    releases = aggstats.releases(MEASURE, con=con)
    assert {dt.date(2024, 10, 1), dt.date(2026, 9, 1)} <= set(releases["as_of"].to_list())
