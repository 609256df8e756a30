"""The period a person chose travels with a change of grain, in a real headless Chromium:
fiscal years to months keeps the whole of the last year (not its October alone), and back."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
BOOK_INS = "?measure=ice_detention.book_ins&level=nation&regions=nation:US&grain=fiscal_year"
LAST_X = """() => {
    const data = document.querySelector('#chart .js-plotly-plot').data.filter(t => !t.meta);
    return data.length ? data[0].x[data[0].x.length - 1] : null;
}"""


def test_fiscal_year_to_month_and_back_keeps_the_whole_range(page, explorer_url):
    page.goto(explorer_url + BOOK_INS)
    page.wait_for_selector(".js-line")
    assert page.evaluate(LAST_X).startswith("2026-")  # FY2026 to date, drawn in its days
    assert "end=2025-10-01" in page.evaluate("document.location.search")

    page.get_by_role("radio", name="Month").check()
    page.wait_for_function("document.location.search.includes('grain=month')")
    # the months of FY2026 to date, to April 2026: not October 2025 alone
    page.wait_for_function("document.location.search.includes('end=2026-04-01')")
    page.wait_for_function(f"() => ({LAST_X})() === '2026-04-05'")
    assert "Apr 2026" in page.inner_text("#end")
    screenshot(page, "state-travels-month")

    page.get_by_role("radio", name="Fiscal year").check()
    page.wait_for_function("document.location.search.includes('grain=fiscal_year')")
    page.wait_for_function("document.location.search.includes('end=2025-10-01')")
    assert "FY2026" in page.inner_text("#end")
    assert page.console_errors == []
