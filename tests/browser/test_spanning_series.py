"""A series across sources in a real headless Chromium, opened from a URL: one line drawn as its
publications' segments, each named in the legend, and the seams marked with both sides' figures."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_campaign import chart_text, has

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line"
BORDER_PATROL = (
    "?measure=series:border_patrol_apprehensions&level=nation&regions=nation:US"
    "&grain=fiscal_year&context=policy"
)


def test_border_patrol_apprehensions_from_1925_drawn_by_publication_with_its_seams(
    page, explorer_url
):
    page.goto(explorer_url + BORDER_PATROL)
    page.wait_for_selector(TRACE)
    page.wait_for_function(
        "document.querySelector('#chart .js-plotly-plot').data.some(t => t.name === 'seam join')"
    )
    legend = page.locator("#chart .legendtext").evaluate_all("ts => ts.map(t => t.textContent)")
    assert legend == [
        "INS/DHS Yearbook, all aliens apprehended (FY1925–FY1999)",
        "CBP, U.S. Border Patrol apprehensions (FY2000–FY2019)",
        "CBP Nationwide Encounters (USBP) (FY2020–FY2024)",
        "OHSS Knowledge Hub, USBP encounters (FY2025)",
    ]
    # the seams: dash-dot lines drawn at the first day of FY2000, FY2020 and FY2025
    seams = page.evaluate(
        "() => document.querySelector('#chart .js-plotly-plot').layout.shapes"
        ".filter(s => s.name === 'seam').map(s => s.x0)"
    )
    assert seams == ["1999-10-01", "2019-10-01", "2024-10-01"]
    drawn = page.locator("#chart .shapelayer path").evaluate_all(
        "paths => paths.filter(p => (p.style.strokeDasharray || '').includes(',')"
        " && p.getBoundingClientRect().width < 3 && p.getBoundingClientRect().height > 100).length"
    )
    assert drawn >= 3
    text = chart_text(page)
    assert has(text, "seam FY2000: Yearbook (all programs) → CBP apprehensions")
    assert has(text, "FY2000 Yearbook (all programs): 1,814,729")
    assert has(text, "FY2000 CBP apprehensions: 1,676,438")
    assert has(text, "FY2019 CBP apprehensions: 859,501") and has(
        text, "FY2020 CBP encounters: 405,036"
    )
    assert "Title 42" in text  # the band, where encounters include expulsions
    first = page.evaluate("() => document.querySelector('#chart .js-plotly-plot').data[0]")
    assert first["y"][0] == 22_199 and first["x"][0].startswith("1925-0")
    assert "Source: INS/DHS Yearbook" in first["customdata"][0]
    notes = " ".join(page.inner_text("#chart-notes").split())
    assert "Title 8 apprehensions plus Title 42 expulsions" in notes
    assert "OHSS Knowledge Hub, USBP encounters FY2019 859,500" in notes
    screenshot(page, "series-border-patrol-apprehensions")
    assert page.console_errors == []
    search = page.evaluate("document.location.search")
    assert "measure=series%3Aborder_patrol_apprehensions" in search
