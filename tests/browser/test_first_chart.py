"""The first chart comes with the page: the layout the page asks for holds the view of its link,
drawn, so that no callback runs before the chart (and none runs as the page opens); without the
Referer that names the page, the router builds it, as before."""

from __future__ import annotations

import json

import pytest

from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.links import read_link
from dashboard.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = "#chart .js-line"
LINK = "?measure=cbp_encounters.encounters&level=usbp_sector&regions=usbp_sector%3AYUM&grain=month"


def callbacks_of(page) -> list[str]:
    """The outputs of the server callbacks the page asks for, in order, as they are asked."""
    outputs = []
    page.on(
        "request",
        lambda r: (
            outputs.append(json.loads(r.post_data)["output"])
            if r.url.endswith("_dash-update-component") or "_dash-update-component?" in r.url
            else None
        ),
    )
    return outputs


def summary_of(warehouse, link: str) -> str:
    """The chart's summary the view callback writes for a link's view."""
    store = Store(warehouse)
    return render(store, read_link(link, store.catalog)[0])[ids.CHART_FIGURE]


def test_the_first_chart_needs_no_callback(page, explorer_url, real_warehouse):
    outputs = callbacks_of(page)
    asked = []
    page.on("request", lambda r: asked.append(r.url.split("?")[0].rsplit("/", 1)[-1]))
    page.goto(explorer_url + LINK)
    page.wait_for_selector(TRACE)
    assert outputs == []  # no router, no view callback before the chart
    assert "CBP encounters" in page.text_content("#chart .gtitle")
    summary = page.get_attribute("#chart-figure", "aria-label")
    assert "Yuma Sector" in summary and summary == summary_of(real_warehouse, LINK)
    page.wait_for_load_state("networkidle")
    assert outputs == []  # nor after it: the page came with its view
    # preloaded as the page opens, and Dash's renderer takes those responses: asked for once
    for name in ("_dash-layout", "_dash-dependencies", "async-dropdown.js", "async-graph.js"):
        assert asked.count(name) == 1, name
    # a change still draws through the view callback
    page.get_by_role("radio", name="Per day").check()
    page.wait_for_function("document.location.search.includes('compare=per_day')")
    page.wait_for_function(
        "document.querySelector('#chart-figure').getAttribute('aria-label').includes('per day')"
    )
    assert any(".chart.figure" in output for output in outputs)
    assert page.console_errors == []


def test_without_a_referer_the_router_builds_the_page(page, explorer_url, real_warehouse):
    def without_referer(route):  # as a browser set to send no Referer at all
        response = route.fetch()
        headers = {**response.headers, "referrer-policy": "no-referrer"}
        route.fulfill(response=response, headers=headers)

    page.route(explorer_url + LINK, without_referer)
    outputs = callbacks_of(page)
    page.goto(explorer_url + LINK)
    page.wait_for_selector(TRACE)
    assert outputs[0] == "page.children"
    assert page.get_attribute("#chart-figure", "aria-label") == summary_of(real_warehouse, LINK)
    assert page.console_errors == []
