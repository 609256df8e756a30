"""The 2025-2026 campaign in a real headless Chromium: the 3,000-a-day goal drawn on ICE's
book-ins per day, its absence on counts, the note when it cannot apply, and arrests per day from
two publishers on one chart with the seam marked."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TRACE = ".js-line, .js-fill"
BOOK_INS = (
    "?measure=ice_detention.book_ins&level=nation&regions=nation:US&grain=month"
    "&breakdown=arresting_agency&style=multiples&compare=per_day&context=policy,targets"
)
ARRESTS = (
    "?measure=ohss_monthly_tables.ero_administrative_arrests&level=nation&regions=nation:US"
    "&grain=month&compare=per_day&context=policy,targets"
    "&also=ice_detention.book_ins%5Barresting_agency%3DICE%5D"
)
# The goal's shape as drawn: its y in data units and, from plotly's own axis, in pixels.
GOAL = """() => {
    const gd = document.querySelector('#chart .js-plotly-plot');
    const shape = (gd.layout.shapes || []).find(s => s.legendgroup === 'ice-arrests-3000');
    if (!shape) { return null; }
    const axis = gd._fullLayout[shape.yref === 'y' ? 'yaxis' : 'yaxis' + shape.yref.slice(1)];
    return {y: shape.y0, yref: shape.yref, pixel: axis._offset + axis.l2p(shape.y0)};
}"""


# The goal's pixel and the drawn lines' pixels, read at one moment (plotly may still be laying
# the panels out when the chart first appears on a busy machine).
GOAL_DRAWN = """() => {
    const goal = (GOAL)();
    const svg = document.querySelector('#chart .main-svg');
    if (!goal || !svg) { return null; }
    const top = svg.getBoundingClientRect().top;
    const lines = [...document.querySelectorAll('#chart .shapelayer path')]
        .map(p => p.getBoundingClientRect())
        .filter(r => r.height < 3 && r.width > 20)
        .map(r => r.top + r.height / 2 - top);
    return {goal: goal.pixel, lines: lines};
}""".replace("GOAL", GOAL)


def chart_text(page) -> str:
    """The chart's text with line breaks undone (SVG titles are wrapped by hand)."""
    return " ".join(page.inner_text("#chart").split())


def has(text: str, words: str) -> bool:
    """Whether `words` are in `text`, wherever a wrapped line broke them."""
    return "".join(words.split()) in "".join(text.split())


def test_the_goal_is_drawn_at_3000_on_ice_book_ins_per_day_with_its_source(page, explorer_url):
    page.goto(explorer_url + BOOK_INS)
    page.wait_for_selector(TRACE)
    page.wait_for_function(f"({GOAL})() !== null")
    goal = page.evaluate(GOAL)
    assert goal["y"] == 3000
    panel = page.evaluate(
        "() => document.querySelector('#chart .js-plotly-plot').layout.annotations"
        ".filter(a => a.text === '<b>ICE</b>').map(a => a.yref)"
    )
    assert panel == [f"{goal['yref']} domain"]  # on the ICE panel, not CBP's
    # a line is drawn at the goal's pixel once plotly has laid the panels out (5 s at most)
    page.wait_for_function(
        f"() => {{ const d = ({GOAL_DRAWN})(); "
        "return d && d.lines.some(y => Math.abs(y - d.goal) < 3); }",
        timeout=5_000,
    )
    drawn = page.evaluate(GOAL_DRAWN)
    assert any(abs(y - drawn["goal"]) < 3 for y in drawn["lines"])
    text = chart_text(page)
    assert "3,000 ICE arrests a day" in text and "source: White House" in text
    screenshot(page, "campaign-goal-per-day")

    page.get_by_role("radio", name="Count", exact=True).check()
    page.wait_for_function("document.location.search.includes('compare=absolute')")
    page.wait_for_function("document.querySelector('#chart').innerText.includes('not drawn')")
    assert page.evaluate(GOAL) is None
    assert "source: White House" not in chart_text(page)
    assert "choose Compare › Per day" in chart_text(page)  # the chart says why: no line
    assert page.console_errors == []


def test_a_goal_that_cannot_apply_to_the_view_is_named_with_the_reason(page, explorer_url):
    page.goto(explorer_url + BOOK_INS.replace("style=multiples", "style=stack"))
    page.wait_for_selector(TRACE)
    page.wait_for_function("document.querySelector('#chart').innerText.includes('not drawn')")
    assert page.evaluate(GOAL) is None
    assert has(chart_text(page), "not drawn: it counts ICE alone")
    assert "Not drawn on this view" in page.inner_text("#chart-notes")
    screenshot(page, "campaign-goal-not-applicable")


def test_arrests_per_day_from_two_publishers_on_one_chart_with_the_seam(page, explorer_url):
    page.goto(explorer_url + ARRESTS)
    page.wait_for_selector(TRACE)
    lines = "document.querySelector('#chart .js-plotly-plot').data.filter(t => !t.meta)"
    page.wait_for_function(f"{lines}.length === 2")
    traces = page.evaluate(
        f"() => {lines}.map(t => ({{name: t.name, first: t.x[0], last: t.x[t.x.length - 1]}}))"
    )
    assert traces[0]["name"] == "ICE ERO administrative arrests"
    assert traces[0]["first"].startswith("2013-10") and traces[0]["last"].startswith("2024-08")
    assert traces[1]["name"] == "ICE initial book-ins (ICE)"
    assert traces[1]["last"].startswith("2026-04")
    text = chart_text(page)
    assert "seam: ICE ERO administrative arrests ends Aug 2024" in text
    assert "Los Angeles deployment" in text and "3,000 ICE arrests a day" in text
    assert page.evaluate(GOAL)["y"] == 3000
    assert "also=ice_detention.book_ins" in page.evaluate("document.location.search")
    screenshot(page, "campaign-arrests-two-sources")
    assert page.console_errors == []


# The goal's line as plotly drew it (its ends in pixels, and the pixels of its first day and of
# the axis's ends), the goal's legend entry and the Title 42 band's label, as boxes on the page.
GOAL_BOXES = """() => {
    const gd = document.querySelector('#chart .js-plotly-plot');
    const shape = (gd._fullLayout.shapes || []).find(s => s.legendgroup === 'ice-arrests-3000');
    if (!shape) { return null; }
    const x = gd._fullLayout[shape.xref === 'x' ? 'xaxis' : 'xaxis' + shape.xref.slice(1)];
    const px = d => x._offset + x.d2p(d);
    const box = el => { const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const legend = [...document.querySelectorAll('#chart .legend .traces')]
        .filter(t => t.textContent.includes('3,000 ICE arrests'));
    const band = [...document.querySelectorAll('#chart .annotation')]
        .filter(a => a.textContent.includes('Title 42'));
    return {x0: shape.x0, x1: shape.x1, range: x.range, start: px(shape.x0),
            since: px('2025-05-28'), left: x._offset, right: x._offset + x._length,
            legend: legend.map(box), band: band.map(box)};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("width", [1400, 390])
def test_the_goal_is_drawn_only_from_the_day_it_was_stated_and_labelled_apart(
    page, explorer_url, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(explorer_url + ARRESTS)
    page.wait_for_selector(TRACE)
    page.wait_for_function(f"({GOAL_BOXES})() !== null && ({GOAL_BOXES})().legend.length > 0")
    drawn = page.evaluate(GOAL_BOXES)
    # FY2014 to Apr 2026 on the axis; the goal from 28 May 2025 to the axis's right end only
    assert drawn["range"][0].startswith("2013-10")
    assert (drawn["x0"], drawn["x1"]) == ("2025-05-28", drawn["range"][1])
    assert abs(drawn["start"] - drawn["since"]) < 1
    assert drawn["start"] > drawn["left"] + 0.8 * (drawn["right"] - drawn["left"])
    # labelled in the legend, clear of the Title 42 band's label on the plot
    (legend,) = drawn["legend"]
    (band,) = drawn["band"]
    assert not overlap(legend, band)
    assert legend["right"] <= width
    screenshot(page, f"campaign-goal-span-{width}")
    assert page.console_errors == []
