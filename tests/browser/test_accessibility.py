"""The explorer as a new user meets it on the full warehouse: ICE facilities placed on the map,
the chart on a phone's first screen, the measure picker from the keyboard, links and charts
that say what they are, and axe-core's check on every tab (no serious or critical finding)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
AXE = Path(__file__).resolve().parents[2] / "tools" / "axe" / "node_modules" / "axe-core"
TRACE = ".js-line, .js-fill"
FACILITIES = "?measure=ice_detention.facility_adp&level=detention_facility&grain=fiscal_year"
TABS = {
    "chart": TRACE,
    "map": "#map .scattergeo, #map .choropleth",
    "table": ".data-table",
    "sources": ".sources .files li",
    "status": ".status-table",
}


def axe_findings(page) -> list[dict]:
    """axe-core's violations on the page as it stands: rule, impact and the nodes at fault."""
    script = AXE / "axe.min.js"
    if not script.exists():
        pytest.fail(f"{script} is missing: run `make axe` (npm ci in tools/axe)")
    # evaluated by the browser's debugging protocol, which the page's Content-Security-Policy
    # does not govern (a <script> tag added to the page would be refused by it, rightly)
    page.evaluate(script.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


def test_facility_map_places_the_facilities(page, explorer_url, real_con):
    page.goto(explorer_url + FACILITIES + "&tab=map")
    page.wait_for_selector("#map .scattergeo path.point")
    # placed: coordinates (from the gazetteer), in the 50 states and DC that the map draws
    with_figures, placed = real_con.execute("""
        SELECT count(DISTINCT o.region_code),
               count(DISTINCT o.region_code) FILTER (
                   WHERE r.lat IS NOT NULL AND r.states[1] NOT IN ('PR', 'GU', 'VI', 'MP', 'AS'))
        FROM observation o JOIN dim_region r USING (region_code)
        WHERE o.measure_id = 'ice_detention.facility_adp' AND r.level = 'detention_facility'
          AND o.dimension = 'total' AND o.grain = 'fiscal_year'""").fetchone()
    # a point plotly draws has a position; one outside the projection has none
    drawn = page.locator("#map .scattergeo path.point[transform]").count()
    print(f"facilities drawn: {drawn} of {with_figures} with figures")
    assert drawn == placed == page.locator("#map .scattergeo path.point").count()
    assert drawn / with_figures > 0.95  # all but the few the gazetteer lacks, and territories
    notes = page.inner_text("#map-notes")
    assert f"On the map: {drawn:,} of {with_figures:,} detention facilities" in notes
    # the rest are counted, and listed in a folded list under the map, not over it
    unplaced = page.locator("#map-notes details.unplaced")
    assert unplaced.get_attribute("open") is None
    assert f"{with_figures - drawn} not on the map" in unplaced.inner_text()
    assert "Not on the map" not in page.locator("#map .gtitle").text_content()
    label = page.get_attribute("#map-figure", "aria-label")
    assert label.startswith("Map of ICE detention average daily population by facility")
    assert f"{drawn:,} of {with_figures:,} drawn" in label
    screenshot(page, "facility-map")
    assert page.console_errors == []


def test_a_level_without_coordinates_is_ranked_not_an_empty_map(page, explorer_url):
    page.goto(
        explorer_url
        + "?measure=ussc_immigration_sentences.immigration_prison_sentences"
        + "&level=federal_district&tab=map"
    )
    page.wait_for_selector("#map .barlayer")
    assert "ranks its regions instead" in page.inner_text("#map-notes")
    assert page.locator("#map .barlayer .point").count() == 94  # every district, as a bar
    screenshot(page, "federal-district-ranking")


def first_screen(browser, url: str, name: str, width: int, height: int):
    """A fresh page of that size with its chart drawn, and the chart's box on it."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(TRACE)
    box = page.locator("#chart").bounding_box()
    print(f"{name}: chart top at {box['y']:.0f} px of {height}")
    return context, page, box


def test_phone_first_screen_shows_the_chart(browser, explorer_url):
    context, phone, box = first_screen(browser, explorer_url, "phone", 390, 844)
    assert box["y"] < 844 - 300  # the chart's top, and most of it, on the first screen
    assert not phone.locator(".controls").is_visible()  # folded behind the button
    title = phone.locator("#chart .gtitle").bounding_box()
    assert title["x"] + title["width"] <= 390  # no title or subtitle line runs off the screen
    screenshot_first_screen(phone, "phone-first-screen")
    toggle = phone.locator("#controls-toggle")
    # the fold is a callback: wait for each state (a timeout fails the test as an assert would)
    toggle.click()
    phone.locator(".controls").wait_for(state="visible", timeout=5000)
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    phone.locator(".controls").wait_for(state="hidden", timeout=5000)
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()


def test_desktop_first_screen_shows_the_chart_beside_the_controls(browser, explorer_url):
    context, desk, chart = first_screen(browser, explorer_url, "desktop", 1200, 800)
    controls = desk.locator(".controls-area").bounding_box()
    assert chart["y"] + chart["height"] < 800  # the whole chart on the first screen
    assert controls["x"] + controls["width"] < chart["x"]  # the controls in a column beside it
    assert (
        desk.locator(".controls").is_visible() and not desk.locator("#controls-toggle").is_visible()
    )
    # no label of a dated marker runs off the chart's right edge
    right = chart["x"] + chart["width"]
    for label in desk.locator("#chart .annotation-text").all():
        box = label.bounding_box()
        assert box["x"] + box["width"] <= right + 1, label.text_content()
    screenshot_first_screen(desk, "desktop-first-screen")
    context.close()


def test_tablet_first_screen_folds_the_controls_above_the_chart(browser, explorer_url):
    context, tablet, chart = first_screen(browser, explorer_url, "tablet", 900, 900)
    assert chart["y"] < 900 - 300  # too narrow for the controls' column: they fold instead
    assert tablet.locator("#controls-toggle").is_visible()
    assert not tablet.locator(".controls").is_visible()
    context.close()


def screenshot_first_screen(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_keyboard_search_in_the_measure_picker(page, explorer_url):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    page.wait_for_load_state("networkidle")
    page.focus("#measure")
    page.keyboard.press("Enter")  # opens the picker, its search box focused
    page.wait_for_function("document.activeElement.className.includes('dash-dropdown-search')")
    page.keyboard.type("removals")
    focused = page.evaluate("document.activeElement.className")
    assert "dash-dropdown-search" in focused  # focus stayed in the search box
    # the list filters as typed (the whole list arrives once the picker is touched)
    option = ".dash-dropdown-content [role=option]"
    page.wait_for_function(
        f"(document.querySelector('{option}') || {{innerText: ''}})"
        ".innerText.toLowerCase().includes('removals')",
        timeout=10_000,
    )
    first = page.locator(option).first.inner_text()
    assert "removals" in first.lower()
    page.keyboard.press("Enter")  # takes the first match
    page.wait_for_function("!document.location.search.includes('measure=cbp_encounters')")
    # the chart's text alternative follows the new measure
    page.wait_for_function(
        "document.getElementById('chart-figure').getAttribute('aria-label')"
        ".toLowerCase().includes('removals')"
    )
    assert page.inner_text("#measure") == first
    assert page.console_errors == []


def test_chart_label_and_link_text_say_what_they_are(page, explorer_url, real_con):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    latest = real_con.execute("""
        SELECT sum(value) FROM observation
        WHERE measure_id = 'cbp_encounters.encounters' AND grain = 'month'
          AND region_code = 'land_border_region:SW'
          AND dimension = 'total' AND year(period + INTERVAL 3 MONTH) = 2026""").fetchone()[0]
    label = page.get_attribute("#chart-figure", "aria-label")
    assert label == (
        "Chart of CBP encounters (encounters), Southwest Land Border, FY2020 – FY2026. "
        f"Latest value: Southwest Land Border, FY2026 (partial): {latest:,.0f}."
    )
    page.get_by_role("radio", name="Sources", exact=True).check()
    page.wait_for_selector(".sources .files li")
    links = [a.inner_text().strip() for a in page.locator("#panel-sources a").all()]
    assert "Nationwide Encounters; Southwest Land Border Encounters landing page" in links
    assert "Download nationwide-encounters-fy23-fy26-jan-state.csv" in links
    for text in links:  # each says what it opens: never a bare URL or "Source"
        assert not re.match(r"https?://", text) and text.lower() != "source", text


@pytest.mark.parametrize("tab", list(TABS))
def test_axe_finds_nothing_serious_on_each_tab(page, explorer_url, tab):
    query = FACILITIES if tab == "map" else "?"
    page.goto(explorer_url + query + f"&tab={tab}")
    page.wait_for_selector(TABS[tab])
    page.wait_for_load_state("networkidle")
    findings = axe_findings(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{tab}.json").write_text(json.dumps(findings, indent=1))
    counts = {}
    for f in findings:
        counts[f["impact"]] = counts.get(f["impact"], 0) + 1
    print(f"axe on {tab}: {counts or 'no violations'}")
    serious = [f for f in findings if f["impact"] in ("serious", "critical")]
    assert serious == []
