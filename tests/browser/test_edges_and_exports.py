"""Charts honest at their edges, and images that cite, in a real headless Chromium on the full
warehouse: the partial last period inside the axis (lines and stacked areas), the Census
estimate carried forward and named (chart, table, CSV), subtitles clear of the axis labels, and
PNG/SVG downloads with the source drawn in and written into their metadata."""

from __future__ import annotations

import csv
import io
import struct
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_explorer import TRACE, choose_tab, table_text

pytestmark = [pytest.mark.browser, pytest.mark.integration]

BOOK_INS = (
    "?measure=ice_detention.book_ins&level=nation&regions=nation:US&grain=month"
    "&breakdown=arresting_agency&compare=per_day"
)
TEXAS_PER_CAPITA = "?level=state&regions=state:TX&compare=per_capita&grain=month&start=2023-10-01"
CBP_CITATION = 'U.S. Customs and Border Protection, "Nationwide Encounters"'

# Where plotly drew a trace's points (by index in the figure), and the plot area, in pixels.
POINTS = """([graph, index]) => {
    const gd = document.querySelector(`#${graph} .js-plotly-plot`);
    const before = gd._fullData.slice(0, index).filter((t) => t.type === "scatter").length;
    const trace = gd.querySelectorAll(".scatterlayer .trace")[before];
    const box = (el) => { const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {
        points: [...trace.querySelectorAll("path.point")].map(box),
        plot: box(gd.querySelector(".nsewdrag")),
    };
}"""
BOXES = """(graph) => {
    const gd = document.querySelector(`#${graph} .js-plotly-plot`);
    const box = (el) => { const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const all = (s) => [...gd.querySelectorAll(s)].filter((e) => e.textContent).map(box);
    return {
        title: box(gd.querySelector(".gtitle")),
        lines: gd.querySelectorAll(".gtitle .line").length,
        labels: [...all(".ytick text"), ...all(".g-ytitle text"), ...all(".xtick text"),
                 ...all(".annotation-text")],
        plot: box(gd.querySelector(".nsewdrag")),
    };
}"""


def figure(page, graph: str = "chart") -> dict:
    return page.evaluate(
        "(g) => { const gd = document.querySelector(`#${g} .js-plotly-plot`);"
        " return {data: gd.data, layout: gd.layout}; }",
        graph,
    )


def inside(point: dict, plot: dict) -> bool:
    middle = (point["left"] + point["right"]) / 2
    return plot["left"] < middle < plot["right"] and point["right"] <= plot["right"] + 1


def test_the_partial_last_period_sits_inside_the_axis_with_its_data_date(page, explorer_url):
    page.goto(explorer_url)  # CBP encounters by fiscal year: FY2026 has 4 months of 12
    page.wait_for_selector(TRACE)
    shown = figure(page)
    line = shown["data"][0]
    assert line["marker"]["symbol"][-1] == "circle-open"
    drawn = page.evaluate(POINTS, ["chart", 0])
    # every figure drawn (the line breaks before FY2026 with a point of no figure)
    assert len(drawn["points"]) == len([y for y in line["y"] if y is not None])
    assert inside(drawn["points"][-1], drawn["plot"]), drawn
    assert "partial: FY2026 to Jan 2026, 4 of 12 months" in page.inner_text("#chart")
    screenshot(page, "edge-lines")

    # ICE book-ins as counts: April 2026 runs to 9 April, a ninth of a month
    page.goto(explorer_url + BOOK_INS.replace("&compare=per_day", ""))
    page.wait_for_selector("#chart .js-fill")
    shown = figure(page)
    areas = [t for t in shown["data"] if t.get("stackgroup")]
    blocks = [t for t in shown["data"] if t["type"] == "bar"]
    edge = max(
        (i for i, t in enumerate(shown["data"]) if t.get("meta") == "partial-edge"),
        key=lambda i: shown["data"][i]["x"][0],
    )
    # the areas stop at the last whole month; April to date is a block of its own, not a fall
    # (and stop before each month final but partial, Sep 2022 and Sep 2025, drawn as blocks)
    assert {a["x"][-1] for a in areas} == {"2022-08-15", "2025-08-15", "2026-03-15"}
    assert {b["x"][0] for b in blocks} >= {shown["data"][edge]["x"][0]}
    top = sum(b["y"][0] for b in blocks if b["x"] == shown["data"][edge]["x"])
    assert shown["data"][edge]["y"][0] == pytest.approx(top)
    drawn = page.evaluate(POINTS, ["chart", edge])
    assert inside(drawn["points"][0], drawn["plot"]), drawn
    assert "partial: Apr 2026 to 9 Apr 2026" in page.inner_text("#chart")
    page.locator("#chart").screenshot(path=str(ARTIFACTS / "edge-stacked.png"))

    # per day, a period to date reads like a whole one: in the areas, with its open marker
    page.get_by_role("radio", name="Per day").check()
    page.wait_for_function("document.location.search.includes('compare=per_day')")
    page.wait_for_function(
        "document.querySelector('#chart .js-plotly-plot').layout.yaxis.title.text"
        ".includes('per day')"
    )
    shown = figure(page)
    edge = [i for i, t in enumerate(shown["data"]) if t.get("meta") == "partial-edge"][-1]
    april = shown["data"][edge]["x"][0]
    assert {t["x"][-1] for t in shown["data"] if t.get("stackgroup")} == {april}
    assert not [t for t in shown["data"] if t["type"] == "bar"]
    drawn = page.evaluate(POINTS, ["chart", edge])
    assert inside(drawn["points"][0], drawn["plot"]), drawn
    page.locator("#chart").screenshot(path=str(ARTIFACTS / "edge-stacked-per-day.png"))
    assert page.console_errors == []


def test_per_capita_carries_the_2024_estimate_forward_and_says_so(page, explorer_url, real_con):
    page.goto(explorer_url + TEXAS_PER_CAPITA)
    page.wait_for_selector(TRACE)
    note = "2024 estimate used for 2025–2026"
    assert note in page.inner_text("#chart")
    rates = dict(zip(figure(page)["data"][0]["x"], figure(page)["data"][0]["y"], strict=True))
    assert rates["2025-06-15"] is not None and rates["2026-01-15"] is not None
    page.locator("#chart").screenshot(path=str(ARTIFACTS / "per-capita-chart.png"))

    choose_tab(page, "Table")
    page.wait_for_selector(".data-table")
    assert note in page.inner_text(".data-table caption")
    labels = [row[0] for row in table_text(page)]
    assert "Jun 2025 (2024 population)" in labels and "Jun 2024" in labels
    screenshot(page, "per-capita-table")

    with page.expect_download() as download:
        page.click("#download-csv")
    archive = zipfile.ZipFile(download.value.path())
    rows = {r["period"]: r for r in csv.DictReader(io.StringIO(archive.read("data.csv").decode()))}
    texas_2024 = real_con.execute("""
        SELECT value FROM observation WHERE measure_id = 'census_state_population.population'
          AND region_code = 'state:TX' AND year(period) = 2024""").fetchone()[0]
    june = rows["2025-06-01"]
    assert float(june["population"]) == texas_2024
    assert june["population_year"] == "2024"
    assert june["population_note"] == "2024 estimate carried forward to 2025"
    assert float(june["shown"]) == pytest.approx(float(june["value"]) / texas_2024 * 100_000)
    assert rows["2024-06-01"]["population_note"] == ""  # its own year's estimate
    assert "carried forward" in archive.read("README.md").decode()
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("default", ""),
        ("stacked", BOOK_INS),
        ("multiples", BOOK_INS + "&style=multiples&context=policy,targets"),
        ("per-capita", TEXAS_PER_CAPITA),
    ],
)
def test_subtitles_never_overlap_axis_labels(page, explorer_url, name, query):
    page.goto(explorer_url + query)
    page.wait_for_selector(TRACE)
    page.locator("#chart").screenshot(path=str(ARTIFACTS / f"subtitle-{name}.png"))
    boxes = page.evaluate(BOXES, "chart")
    assert boxes["lines"] >= 4  # a heading and several note lines
    title = boxes["title"]
    assert title["bottom"] <= boxes["plot"]["top"]
    for label in boxes["labels"]:
        apart = label["top"] >= title["bottom"] or label["left"] >= title["right"]
        assert apart, (label, title)


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG, keyword to text."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            keyword, text = body.split(b"\0", 1)
            out[keyword.decode("latin-1")] = text.decode("latin-1")
        at += 12 + length
    return out


def svg_text(data: bytes) -> tuple[str, dict[str, str]]:
    """All the text an SVG draws, and its Dublin Core metadata."""
    root = ET.fromstring(data)
    drawn = " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
    dc = "{http://purl.org/dc/elements/1.1/}"
    meta = {e.tag.removeprefix(dc): e.text for e in root.iter() if e.tag.startswith(dc)}
    return drawn, meta


@pytest.mark.parametrize("tab", ["Chart", "Map"])
def test_images_carry_title_source_data_date_and_link(page, explorer_url, tab):
    page.goto(explorer_url + "?level=state&regions=state:TX")
    page.wait_for_selector(TRACE)
    graph = tab.lower()
    if tab == "Map":
        choose_tab(page, "Map")
        page.wait_for_selector("#map .choropleth")
    link = page.url
    height = page.evaluate(f"document.querySelector('#{graph} .js-plotly-plot')._fullLayout.height")
    with page.expect_download() as download:
        page.click("#download-svg")
    svg = Path(download.value.path()).read_bytes()
    (ARTIFACTS / f"export-{graph}.svg").write_bytes(svg)
    drawn, meta = svg_text(svg)
    assert "CBP encounters" in drawn and "encounters" in drawn
    assert "Source: " + CBP_CITATION in drawn
    newest = "Newest figure: FY2026, data to Jan 2026, 4 of 12 months (release of 1 Feb 2026)."
    assert newest in drawn
    assert f"View: {link}" in drawn  # cut into lines, drawn whole
    assert meta["title"].startswith("CBP encounters")
    assert CBP_CITATION in meta["source"] and meta["identifier"] == f"View: {link}"

    with page.expect_download() as download:
        page.click("#download-png")
    png = Path(download.value.path()).read_bytes()
    (ARTIFACTS / f"export-{graph}.png").write_bytes(png)
    text = png_text(png)
    assert text["Title"].startswith("CBP encounters")
    assert text["Source"].startswith("Source: " + CBP_CITATION)
    assert "Newest figure: FY2026" in text["Description"]
    assert text["Comment"] == f"View: {link}"
    width_px, height_px = struct.unpack(">II", png[16:24])
    assert height_px > 2 * height  # drawn at scale 2, taller than on screen: the citation
    assert page.console_errors == []
