"""How current each source is, on the real warehouse, counted to 5 December 2026."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from aggstats.freshness import freshness
from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration
TODAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def rows(real_warehouse):
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        frame = freshness(con, TODAY)
    return {row["source_id"]: row for row in frame.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("source_id", "newest", "release", "cadence"),
    [
        ("ice_detention", "Apr 2026 (to 9 Apr 2026)", dt.date(2026, 4, 9), "biweekly"),
        ("eoir_workload", "FY2026 (to 22 Apr 2026)", dt.date(2026, 4, 22), "quarterly"),
        # sectors and field offices to Aug 2026 (a third party's aggregate of the Sep 2026 release)
        ("cbp_encounters", "Aug 2026; Jan 2026 for nation, land border region, state",
         dt.date(2026, 9, 1), "monthly"),
        ("ohss_monthly_tables", "Aug 2024", dt.date(2024, 12, 6), "monthly"),
        ("ohss_khsm_usbp_encounters", "Nov 2024", dt.date(2024, 12, 1), "monthly"),
    ],
)  # fmt: skip
def test_newest_period_release_and_age_of_each_source(rows, source_id, newest, release, cadence):
    row = rows[source_id]
    assert row["newest"].startswith(newest)
    assert (row["release"], row["cadence"]) == (release, cadence)
    assert row["days_since"] == (TODAY - release).days
    assert row["overdue"]  # every one of them is months past its usual release


def test_a_source_no_longer_published_is_never_overdue(rows):
    profiles = rows["usbp_sector_profiles"]
    assert profiles["newest"] == "FY2017" and not profiles["overdue"]
    assert profiles["status"] == "no longer published"


def test_ice_is_overdue_by_its_days_past_a_fortnight(rows):
    assert rows["ice_detention"]["days_since"] == 240
    assert rows["ice_detention"]["status"] == "overdue by 226 days"


def test_the_data_status_tab_and_the_chart_name_the_data_date(real_warehouse):
    store = Store(real_warehouse)
    status = str(render(store, View.from_search("?tab=status"))[ids.STATUS])
    assert (
        "Apr 2026 (to 9 Apr 2026)" in status and "Jan 2026 for nation, land border region" in status
    )
    view = View.from_search("?measure=ice_detention.adp&level=nation&grain=month")
    title = render(store, view)[ids.CHART]["layout"]["title"]["text"].replace("<br>", " ")
    assert "Newest figure: Apr 2026, data to 9 Apr 2026 (release of 9 Apr 2026)." in title
