"""The explorer in a real headless Chromium: the default view, every control, every tab, shared
links, back and forward, downloads, a phone-width screen and the keyboard."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import csp_safe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line, .js-fill"  # drawn by our figure, not the empty SVG of a cold graph


def table_text(page) -> list[list[str]]:
    return [
        [cell.inner_text() for cell in row.query_selector_all("th, td")]
        for row in page.query_selector_all(".data-table tbody tr")
    ]


def choose_tab(page, name: str) -> None:
    page.get_by_role("radio", name=name, exact=True).check()
    page.wait_for_function(f"document.location.search.includes('tab={name.lower()}')")


def pick(page, control: str, option: str, typed: str | None = None) -> None:
    """Choose an option as a person would: open the dropdown, type, click. A dropdown whose
    options a just-finished callback replaced closes; like a person, open it again."""
    page.wait_for_load_state("networkidle")
    for attempt in range(3):
        page.click(f"#{control}")
        if typed:
            page.keyboard.type(typed)
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def test_default_view_and_every_tab(page, explorer_url, real_con):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    assert "events, not unique people" in page.inner_text("#chart")
    assert "Title 42 expulsions" in page.inner_text("#chart")
    screenshot(page, "tab-chart")

    choose_tab(page, "Table")
    page.wait_for_selector(".data-table")
    expected = real_con.execute("""
        SELECT sum(value) FROM observation
        WHERE measure_id = 'cbp_encounters.encounters' AND grain = 'month'
          AND region_code = 'land_border_region:SW'
          AND dimension = 'total' AND year(period + INTERVAL 3 MONTH) = 2023""").fetchone()[0]
    rows = table_text(page)
    assert ["FY2023", f"{expected:,.0f}"] in rows
    assert rows[-1][0] == "FY2026 (partial)"
    screenshot(page, "tab-table")

    choose_tab(page, "Map")
    page.wait_for_selector("#map .scattergeo, #map .choropleth")
    screenshot(page, "tab-map")

    choose_tab(page, "Sources")
    page.wait_for_selector(".sources .files li")
    assert "644a70518bea08884f29483c4aa6aee5fcceadc85a0bd8f09043fa6d356fedc4" in page.inner_text(
        ".sources"
    )
    screenshot(page, "tab-sources")
    assert page.console_errors == []


def test_controls_shared_link_and_history(page, explorer_url):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    page.click("#measure")
    heading = page.get_by_role("option", name="U.S. Customs and Border Protection (CBP) · Border")
    assert heading.is_disabled()  # measures are grouped under agency · topic headings
    page.get_by_role("option", name="CBP encounters (encounters)").click()

    pick(page, "level", "Border Patrol sector")
    page.wait_for_function("document.location.search.includes('regions=usbp_sector')")
    pick(page, "regions", "Yuma Sector", typed="Yuma")
    page.wait_for_function("document.location.search.includes('usbp_sector%3AYUM')")
    page.get_by_role("radio", name="Month").check()
    page.wait_for_function("document.location.search.includes('grain=month')")
    pick(
        page,
        "breakdown",
        "Demographic (single adults, family units, unaccompanied and accompanied minors)",
    )
    page.wait_for_function("document.location.search.includes('breakdown=demographic')")
    page.wait_for_selector(".js-fill")  # stacked areas
    page.get_by_role("radio", name="Per day").check()
    page.wait_for_function("document.location.search.includes('compare=per_day')")
    choose_tab(page, "Table")
    page.wait_for_selector("caption:has-text('per day')")
    shared = page.url
    screenshot(page, "controls-sectors-by-demographic")

    again = page.context.new_page()
    again.goto(shared)
    again.wait_for_selector("caption:has-text('per day')")
    assert table_text(again) == table_text(page)
    assert again.url == shared

    page.go_back()  # undoes the tab
    page.wait_for_function("document.querySelector('input[value=chart]').checked")
    page.go_back()  # undoes per day
    page.wait_for_function("document.querySelector('input[value=absolute]').checked")
    page.wait_for_function("document.location.search.includes('compare=absolute')")
    assert "breakdown=demographic" in page.url
    page.go_forward()
    page.wait_for_function("document.querySelector('input[value=per_day]').checked")
    page.wait_for_function("document.location.search.includes('compare=per_day')")
    assert page.console_errors == []


def test_a_hand_written_link_is_normalised_in_place(page, explorer_url):
    page.goto(explorer_url + "?level=usbp_sector&tab=table")
    page.wait_for_function("document.location.search.includes('measure=cbp_encounters')")
    page.wait_for_selector(".data-table")
    assert "level=usbp_sector" in page.url and "tab=table" in page.url
    assert page.evaluate("history.length") == 2  # about:blank and the link, no second entry


def test_csv_zip_matches_the_warehouse_and_images_download(page, explorer_url, real_con):
    page.goto(explorer_url + "?level=usbp_sector&regions=usbp_sector:RGV&grain=fiscal_year")
    page.wait_for_selector(TRACE)
    with page.expect_download() as download:
        page.click("#download-csv")
    archive = zipfile.ZipFile(download.value.path())
    rows = list(csv.DictReader(io.StringIO(archive.read("data.csv").decode())))
    in_warehouse = dict(
        real_con.execute("""
            SELECT strftime(make_date(year(period + INTERVAL 3 MONTH) - 1, 10, 1), '%Y-%m-%d'),
                   sum(value)
            FROM observation WHERE measure_id = 'cbp_encounters.encounters' AND grain = 'month'
          AND region_code = 'usbp_sector:RGV' AND dimension = 'total'
            GROUP BY ALL""").fetchall()
    )
    assert {r["period"]: float(r["value"]) for r in rows} == in_warehouse
    assert page.url in archive.read("README.md").decode()
    for button, suffix in (("#download-png", ".png"), ("#download-svg", ".svg")):
        with page.expect_download() as image:
            page.click(button)
        assert image.value.suggested_filename.endswith(suffix)
    assert page.console_errors == []


def test_phone_width_and_keyboard(browser, explorer_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = csp_safe(context.new_page())
    errors = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(explorer_url)
    phone.wait_for_selector(TRACE)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing forces sideways scrolling
    phone.get_by_role("radio", name="Chart", exact=True).focus()
    phone.keyboard.press("ArrowRight")  # radio tabs move with the arrow keys
    phone.wait_for_function("document.location.search.includes('tab=map')")
    phone.wait_for_selector("#map .scattergeo, #map .choropleth")
    screenshot(phone, "phone-map")
    assert errors == []
    context.close()


def test_about_page_and_back_to_the_view(page, explorer_url):
    page.goto(explorer_url + "?level=state&regions=state:TX&compare=per_day")
    page.wait_for_selector(TRACE)
    page.get_by_role("link", name="About").click()
    page.wait_for_selector("h1:has-text('About aggstats')")
    assert "never handles individual records" in page.inner_text("main")
    page.go_back()
    page.wait_for_selector(TRACE)
    assert page.locator("#level").inner_text().startswith("State")
    assert page.console_errors == []
