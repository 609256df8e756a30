"""The explorer under its Content-Security-Policy in Chromium: every tab, a dropdown, the data
download and an image export run with nothing blocked; a garbled link names what it ignored."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line, .js-fill"
# Chromium fires this event for anything the policy blocks (and logs it as a console error)
WATCH = """
window.__blocked = [];
document.addEventListener('securitypolicyviolation', e => window.__blocked.push(
    e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def test_nothing_is_blocked_and_a_garbled_link_says_what_it_ignored(page, explorer_url):
    page.add_init_script(WATCH)
    response = page.goto(explorer_url + "?level=usbp_sector&chart=ranking&top=7&compare=x")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector(TRACE)
    notice = page.inner_text("#link-notice")
    assert "chart=ranking: not one of trend, rank." in notice
    assert "top=7: not one of 3, 5, 8, 10, 20." in notice
    assert "compare=x: not one of" in notice
    assert "level=" not in notice  # the sectors asked for are shown
    for tab, drawn in (("Map", "#map .geo"), ("Table", ".data-table"), ("Sources", "#sources a")):
        page.get_by_role("radio", name=tab, exact=True).check()
        page.wait_for_selector(drawn)
    page.get_by_role("radio", name="Chart", exact=True).check()
    page.click("#measure")
    page.wait_for_selector("[role=option]")
    page.keyboard.press("Escape")
    with page.expect_download() as data:
        page.click("#download-csv")
    assert data.value.suggested_filename.endswith(".zip")
    with page.expect_download() as image:
        page.click("#download-png")
    assert image.value.suggested_filename.endswith(".png")
    assert page.evaluate("window.__blocked") == []
    assert page.console_errors == []
