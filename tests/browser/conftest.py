"""A real explorer on the real warehouse, and Debian's headless Chromium to drive it."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from dashboard.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FUNCTION = re.compile(r"^\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)")


def csp_safe(page):
    """The explorer's Content-Security-Policy forbids eval, which is how Playwright polls a
    wait_for_function *expression*; as a function it is called instead, so every expression is
    wrapped in one (`() => (expression)`, the same test)."""
    wait = page.wait_for_function

    def wait_for_function(expression: str, *args, **kwargs):
        if not FUNCTION.match(expression):
            expression = f"() => ({expression})"
        return wait(expression, *args, **kwargs)

    page.wait_for_function = wait_for_function
    return page


@pytest.fixture(scope="session")
def explorer_url(real_warehouse: Path):
    """The explorer served on a free loopback port for the whole session, configured with that
    address as its public one (the links its downloads carry), as a deployment is."""
    server = make_server("127.0.0.1", 0, create_app(real_warehouse).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/"
    before = os.environ.get("AGGSTATS_PUBLIC_URL")
    os.environ["AGGSTATS_PUBLIC_URL"] = url
    yield url
    server.shutdown()
    if before is None:
        os.environ.pop("AGGSTATS_PUBLIC_URL", None)
    else:
        os.environ["AGGSTATS_PUBLIC_URL"] = before


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors; tests assert there were none."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = csp_safe(context.new_page())
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
