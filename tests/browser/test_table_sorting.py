"""The table sorts when a breakdown is shown, in a real headless Chromium: a column named by a
region and a category ("United States · MEXICO") is a sort button the server accepts."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TABLE = "?level=nation&regions=nation:US&breakdown=citizenship&style=multiples&tab=table"


def test_sorting_by_a_breakdowns_column_is_accepted_and_sorts(page, explorer_url):
    refused = []
    page.on("response", lambda r: refused.append(r.url) if r.status >= 400 else None)
    page.goto(explorer_url + TABLE)
    page.wait_for_selector("button.sort")
    mexico = page.locator("button.sort", has_text="MEXICO")
    assert "·" in mexico.inner_text()  # United States · MEXICO
    mexico.click()
    page.wait_for_function(
        "new URLSearchParams(document.location.search).get('sort') === 'United States · MEXICO'"
    )
    sorted_by = """() => [...document.querySelectorAll('th[aria-sort]')]
        .filter(th => th.getAttribute('aria-sort') !== 'none').map(th => th.innerText)"""
    page.wait_for_function(f"() => ({sorted_by})().some(t => t.includes('MEXICO'))")
    assert refused == []
    screenshot(page, "table-sorted-breakdown")
    assert page.console_errors == []
