"""The first page in a real headless Chromium: default view, a chosen view, a shared link."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def table_text(page) -> list[list[str]]:
    return [
        [cell.inner_text() for cell in row.query_selector_all("td")]
        for row in page.query_selector_all(".data-table tbody tr")
    ]


def test_default_view_draws_southwest_encounters_by_fiscal_year(page, explorer_url, real_con):
    page.goto(explorer_url)
    page.wait_for_selector(".js-line")  # a trace drawn by our figure, not just the empty SVG
    page.wait_for_selector(".data-table")
    rows = table_text(page)
    expected = real_con.execute("""
        SELECT sum(value) FROM observation WHERE measure_id = 'cbp_encounters.encounters'
          AND region_code = 'land_border_region:SW' AND grain = 'month'
          AND dimension = 'total' AND year(period + INTERVAL 3 MONTH) = 2023""").fetchone()[0]
    assert ["FY2023", f"{expected:,.0f}"] in rows
    assert rows[-1][0] == "FY2026 (partial)"
    assert "Counts events, not people" in page.inner_text(".chart")
    screenshot(page, "first-page-default")
    assert page.console_errors == []


def test_choosing_regions_updates_chart_table_and_url(page, explorer_url):
    page.goto(explorer_url)
    page.wait_for_selector(".data-table")
    page.click("#level")
    page.get_by_role("option", name="Border Patrol sector").click()
    # the level's regions are loaded once the first sector is chosen for us
    page.wait_for_function("document.location.search.includes('regions=usbp_sector')")
    # writing the URL re-renders the page once; let that settle before opening a dropdown
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("th:has-text('Sector')")
    page.click("#regions")
    page.keyboard.type("Tucson")
    page.get_by_role("option", name="Tucson Sector").click()
    page.wait_for_function("document.location.search.includes('usbp_sector%3ATCA')")
    page.wait_for_selector("th:has-text('Tucson Sector')")
    shared = page.url
    screenshot(page, "first-page-sectors")

    again = page.context.new_page()
    again.goto(shared)
    again.wait_for_selector("th:has-text('Tucson Sector')")
    assert table_text(again) == table_text(page)
    assert page.console_errors == []
