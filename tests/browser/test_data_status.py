"""The Data status tab in a real headless Chromium, on the mirror's warehouse: each source's
newest period, release, age and whether it is overdue, as `aggstats.freshness` counts them."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.registry import CADENCES
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line, .js-fill"


def test_the_data_status_tab_shows_how_current_each_source_is(page, explorer_url, real_con):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    page.get_by_role("radio", name="Data status", exact=True).check()
    page.wait_for_function("document.location.search.includes('tab=status')")
    page.wait_for_selector(".status-table tbody tr")
    rows = {
        row.query_selector("th").inner_text(): [
            c.inner_text() for c in row.query_selector_all("td")
        ]
        for row in page.query_selector_all(".status-table tbody tr")
    }
    sources = real_con.execute("SELECT count(*) FROM dim_source").fetchone()[0]
    assert len(rows) == sources

    # ICE's newest release in the mirror is the spreadsheet of 9 April 2026, biweekly
    days = (dt.date.today() - dt.date(2026, 4, 9)).days
    ice = rows["ice_detention"]
    assert ice[1] == "Apr 2026 (to 9 Apr 2026)"  # every level of it, the same data date
    assert ice[2:5] == ["9 Apr 2026", f"{days:,}", "biweekly"]
    assert ice[5] == f"overdue by {days - CADENCES['biweekly']} days"
    overdue = page.locator(".status-table tbody tr", has_text="ice_detention").locator("td.overdue")
    assert overdue.inner_text() == ice[5]

    # CBP: sectors and field offices to Aug 2026 (the aggregate of the 1 Sep 2026 release), the
    # nation, border regions and states to January 2026 (the State file of 1 Feb 2026)
    cbp = rows["cbp_encounters"]
    assert cbp[1] == "Aug 2026; Jan 2026 for nation, land border region, state or territory"
    assert cbp[2] == "1 Sep 2026"
    # a source no longer published is kept as it last was, never overdue
    assert rows["usbp_sector_profiles"][1] == "FY2017"
    assert rows["usbp_sector_profiles"][5] == "no longer published"
    assert page.console_errors == []
    screenshot(page, "tab-data-status")


FITS = """() => {
    const table = document.querySelector('.status-table').getBoundingClientRect();
    const panel = document.querySelector('#panel-status').getBoundingClientRect();
    const cells = [...document.querySelectorAll('.status-table thead th')]
        .map(th => th.getBoundingClientRect().right);
    return {table: table.width, panel: panel.width, right: Math.max(...cells),
            panelRight: panel.right, page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_the_data_status_table_fits_its_panel(page, explorer_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(explorer_url + "?tab=status")
    page.wait_for_selector(".status-table tbody tr")
    fits = page.evaluate(FITS)
    assert fits["page"] <= width  # the page never widens; on a phone the table scrolls in it
    if width == 1400:  # every column, status included, inside the 978 px panel
        assert fits["table"] <= fits["panel"] and fits["right"] <= fits["panelRight"]
    screenshot(page, f"tab-data-status-{width}")
    assert page.console_errors == []
