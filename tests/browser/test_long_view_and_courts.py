"""Issue 4's views in a real headless Chromium: a century of apprehensions, immigration courts
ranked by their caseload, and states per 100,000 residents."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_explorer import TRACE, choose_tab, table_text

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def figure_data(page, graph: str) -> list[dict]:
    """The traces Plotly drew in a dcc.Graph (what a person sees, as data)."""
    return page.evaluate(f"Array.from(document.querySelector('#{graph} .js-plotly-plot').data)")


def test_a_century_of_apprehensions(page, explorer_url):
    page.goto(explorer_url + "?measure=ohss_yearbook.apprehensions&level=nation")
    page.wait_for_selector(TRACE)
    (trace,) = figure_data(page, "chart")
    assert len(trace["y"]) == 95  # FY1925 to FY2019, every year the yearbook prints
    screenshot(page, "long-view-chart")
    choose_tab(page, "Table")
    page.wait_for_selector(".data-table")
    rows = table_text(page)
    assert rows[0] == ["FY1925", "22,199"]  # Yearbook Table 33, first row
    assert ["FY2000", "1,814,729"] in rows
    assert rows[-1] == ["FY2019", "1,013,539"]
    assert page.console_errors == []


def test_immigration_courts_ranked_by_matters_received(page, explorer_url, real_con):
    page.goto(
        explorer_url
        + "?measure=eoir_statistics_yearbook.matters_received&level=immigration_court"
        + "&chart=rank&start=2009-10-01&end=2009-10-01"
        + "&regions=immigration_court:NEW-YORK-CITY-NY,immigration_court:LOS-ANGELES-CA"
    )
    page.wait_for_selector("#chart .bars")
    (bars,) = figure_data(page, "chart")
    assert bars["y"][:2] == ["New York City, NY", "Los Angeles, CA"]
    assert bars["x"][:2] == [23_495, 21_645]  # EOIR FY 2010 Statistical Year Book, Table 1
    screenshot(page, "courts-ranking")
    choose_tab(page, "Map")
    page.wait_for_selector("#map .scattergeo")
    (points,) = figure_data(page, "map")
    courts, territories = real_con.execute("""
        SELECT count(*) FILTER (WHERE states[1] NOT IN ('PR', 'GU', 'VI', 'MP', 'AS')),
               list(name ORDER BY name) FILTER (WHERE states[1] IN ('PR', 'GU', 'VI', 'MP', 'AS'))
        FROM dim_region WHERE level = 'immigration_court' AND lat IS NOT NULL""").fetchone()
    assert len(points["lat"]) == courts  # every court placed by its coordinates
    # the "albers usa" map has no place for the territories: their courts are listed under it
    listed = page.locator("#map-notes details").text_content()  # folded: text, not shown
    assert territories and all(name in listed for name in territories)
    screenshot(page, "courts-map")
    assert page.console_errors == []


def test_states_per_100k_residents(page, explorer_url):
    page.goto(
        explorer_url
        + "?measure=cbp_encounters.encounters&level=state&regions=state:TX&compare=per_capita"
        + "&tab=map&start=2022-10-01&end=2022-10-01"
    )
    page.wait_for_selector("#map .choropleth")
    (states,) = figure_data(page, "map")
    texas = states["z"][states["locations"].index("TX")]
    # CBP's FY2023 Texas encounters over Census's July 1 2023 estimate (Vintage 2024)
    assert texas == pytest.approx(1_390_714 / 30_727_890 * 100_000)
    assert "Vintage 2024" in page.inner_text("#map")
    screenshot(page, "per-capita-map")
    choose_tab(page, "Chart")  # one fiscal year: a point, not a line
    page.wait_for_function(
        "document.querySelector('#chart').innerText.includes('per 100,000 residents')"
    )
    (line,) = figure_data(page, "chart")
    assert line["y"] == [pytest.approx(texas)]
    assert page.console_errors == []
