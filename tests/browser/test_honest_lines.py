"""What a reader sees between the points of a line, in a real headless Chromium: no line over a
month with no figure, and a dotted (not solid) line into a partial period."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line[d*='L']"  # a drawn segment (a run of one point draws none)
DETAINED = "?measure=ice_detention.currently_detained&level=nation&regions=nation:US&grain=month"
# Each drawn run of a trace's line as [first x, last x] in pixels, and the pixel of a date on
# the x axis: plotly draws a line broken by a missing value as several paths (or subpaths,
# "M…L…M…"); a run of one point draws none.
RUNS = """(args) => {
    const [index, dates] = args;
    const gd = document.querySelector('#chart .js-plotly-plot');
    const paths = [...document.querySelectorAll('#chart .scatterlayer .trace')[index]
        .querySelectorAll('.js-line')];
    const xa = gd._fullLayout.xaxis;
    const runs = paths.flatMap(path => (path.getAttribute('d') || '').split('M')
        .filter(s => s.includes('L'))
        .map(s => s.split('L').map(p => parseFloat(p.split(',')[0]))));
    return {runs: runs.map(r => [Math.min(...r), Math.max(...r)]),
            at: dates.map(d => xa.d2p(d)), dash: paths[0].style.strokeDasharray};
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_no_line_is_drawn_over_a_month_with_no_figure(page, explorer_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(explorer_url + DETAINED)
    page.wait_for_selector(TRACE)
    missing = ["2025-10-15", "2026-01-15", "2026-03-15"]  # ICE published none for these
    drawn = page.evaluate(RUNS, [0, missing])
    assert len(drawn["runs"]) > 1
    for x in drawn["at"]:
        assert not [r for r in drawn["runs"] if r[0] < x < r[1]], (x, drawn["runs"])
    text = "".join(page.inner_text("#chart").split())  # wherever a wrapped line broke it
    assert "Oct2025,Jan2026,Mar2026:thelineisbrokenthere" in text
    screenshot(page, f"honest-gaps-{width}")
    assert page.console_errors == []


def test_the_default_view_draws_its_partial_fy2026_dotted(page, explorer_url):
    page.goto(explorer_url)
    page.wait_for_selector(TRACE)
    page.wait_for_function("document.querySelectorAll('#chart .scatterlayer .trace').length >= 2")
    data = page.evaluate(
        "() => document.querySelector('#chart .js-plotly-plot').data"
        ".map(t => ({meta: t.meta || null, x: t.x, y: t.y}))"
    )
    index = next(i for i, t in enumerate(data) if t["meta"] == "partial-segment")
    solid = page.evaluate(RUNS, [0, []])
    dotted = page.evaluate(RUNS, [index, [data[index]["x"][0], data[index]["x"][1]]])
    assert dotted["dash"] not in ("", "none")  # dotted, on screen
    fy2025, fy2026 = dotted["at"]
    assert dotted["runs"] == [[pytest.approx(fy2025, abs=1), pytest.approx(fy2026, abs=1)]]
    # the solid line ends at FY2025: nothing solid runs into FY2026 to date
    assert max(r[1] for r in solid["runs"]) == pytest.approx(fy2025, abs=1)
    screenshot(page, "honest-partial-default")
    assert page.console_errors == []
