"""The explorer's callbacks as plain functions, on the real warehouse: figures, tables, sources,
downloads and routing, checked against the published figures."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import zipfile

import pytest
from dash import no_update

from dashboard import ids
from dashboard.callbacks.controls import choices, sort_column
from dashboard.callbacks.downloads import data_zip
from dashboard.callbacks.routing import page_for
from dashboard.callbacks.view import render
from dashboard.frames import shown_frame
from dashboard.layout.options import measure_options
from dashboard.state import View
from dashboard.store import Store
from dashboard.tables import wide

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"
SECTORS = View(level="usbp_sector", regions=("usbp_sector:RGV", "usbp_sector:TCA"))


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def test_default_view_is_southwest_encounters_by_fiscal_year(store):
    out = render(store, View())
    figure = out[ids.CHART]
    (trace, dotted) = figure["data"]
    assert trace["name"] == "Southwest Land Border"
    drawn = {x: y for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None}
    axis = figure["layout"]["xaxis"]
    ticks = zip(axis["tickvals"], axis["ticktext"], strict=True)
    by_label = {label: drawn[x] for x, label in ticks}
    # FY2025 to FY2026 (to Jan 2026) is dotted, not a solid line into a collapse
    assert dotted["meta"] == "partial-segment" and dotted["line"]["dash"] == "dot"
    assert dotted["y"][:2] == [by_label["FY2025"], by_label["FY2026"]]
    assert trace["y"][-2:] == [None, by_label["FY2026"]]  # the solid line stops at FY2025
    assert by_label["FY2022"] == 2_378_944  # CBP's published Southwest border total for FY2022
    assert trace["marker"]["symbol"][-1] == "circle-open"  # FY2026 to date is partial
    title = figure["layout"]["title"]["text"]
    assert "events, not unique people" in title and "partial periods (FY2026, to Jan 2026)" in title
    bands = [s for s in figure["layout"]["shapes"] if s["name"] == "title42"]
    assert (bands[0]["x0"], bands[0]["x1"]) == ("2020-03-21", "2023-05-11")
    assert out[ids.MAP] is no_update  # only the tab on screen is computed


def test_sectors_per_day_and_share(store):
    per_day = render(store, SECTORS.replace(compare="per_day"))[ids.CHART]
    rgv = per_day["data"][0]
    assert rgv["name"] == "Rio Grande Valley Sector"
    assert rgv["y"][1] == pytest.approx(549_077 / 365)  # FY2021 over its 365 days
    assert "per day" in per_day["layout"]["yaxis"]["title"]["text"]
    share = render(store, SECTORS.replace(compare="share"))[ids.CHART]
    rgv, tca = [t for t in share["data"] if t.get("meta") != "partial-segment"]
    assert rgv["y"][0] + tca["y"][0] == pytest.approx(100)


def test_change_is_not_computed_into_a_partial_year(store):
    figure = render(store, View(compare="change"))[ids.CHART]
    changes = figure["data"][0]["y"]
    assert changes[0] is None and changes[-1] is None  # no previous period; FY2026 partial
    assert changes[2] == pytest.approx((2_378_944 / _sw(store, 2021) - 1) * 100)


def _sw(store, fiscal_year: int) -> float:
    frame = store.level_series(ENCOUNTERS, "land_border_region", "fiscal_year")
    row = frame.filter(region_code="land_border_region:SW", period=dt.date(fiscal_year - 1, 10, 1))
    return row["value"][0]


def test_breakdown_top_n_stacks_and_sums_to_the_total(store):
    view = View(level="nation", regions=("nation:US",), breakdown="citizenship", top=3)
    figure = render(store, view)[ids.CHART]
    areas = [t for t in figure["data"] if t.get("stackgroup") == "one"]
    names = [t["name"] for t in areas]
    assert len(names) == 4 and names[-1] == "Other" and "MEXICO" in names
    # FY2026 to date is no fall of the areas: a hatched block per category, stacked
    blocks = [t for t in figure["data"] if t["type"] == "bar"]
    assert [b["name"] for b in blocks] == names
    assert [b["base"][0] for b in blocks[1:]] == pytest.approx(
        [sum(b["y"][0] for b in blocks[:i]) for i in range(1, len(blocks))]
    )
    total = render(store, View(level="nation", regions=("nation:US",)))[ids.CHART]["data"][0]
    totals = [y for y in total["y"] if y is not None]  # the line breaks before FY2026
    stacked = [sum(t["y"][i] for t in areas) for i in range(len(totals) - 1)]
    assert stacked + [sum(b["y"][0] for b in blocks)] == pytest.approx(totals)
    assert totals[3] == 3_201_144  # nationwide FY2023, as CBP published it


def test_small_multiples_draw_a_panel_per_category(store):
    view = SECTORS.replace(breakdown="demographic", style="multiples")
    figure = render(store, view)[ids.CHART]
    axes = {t["xaxis"] for t in figure["data"]}
    assert len(axes) == 3  # single adults, family units, UAC at sector level
    assert {t["name"] for t in figure["data"]} == {"Rio Grande Valley Sector", "Tucson Sector"}


def test_ranking_bars_sort_regions_largest_first(store):
    view = View(level="usbp_sector", regions=(), chart="rank", start="2020-10-01", end="2020-10-01")
    (bars,) = render(store, view)[ids.CHART]["data"]
    assert bars["type"] == "bar" and bars["y"][0] == "Rio Grande Valley Sector"
    assert bars["x"][0] == 549_077 and bars["x"] == sorted(bars["x"], reverse=True)


def test_map_of_states_is_a_choropleth_and_sectors_are_points(store):
    out = render(store, View(level="state", regions=("state:TX",), tab="map"))
    states = out[ids.MAP]
    (choropleth,) = states["data"]
    assert choropleth["type"] == "choropleth" and choropleth["locationmode"] == "USA-states"
    texas = choropleth["z"][choropleth["locations"].index("TX")]
    assert texas == max(choropleth["z"])
    # listed under the map (folded), not silently dropped, and never printed over it
    assert "Puerto Rico" in text_of(out[ids.MAP_NOTES])
    assert "Puerto Rico" not in states["layout"]["title"]["text"]
    sectors = render(store, SECTORS.replace(tab="map"))[ids.MAP]
    (points,) = sectors["data"]
    assert points["type"] == "scattergeo" and len(points["lat"]) >= 9
    rgv = points["text"].index("Rio Grande Valley Sector")
    assert points["lat"][rgv] == pytest.approx(26.3017)


def test_table_has_totals_and_sorts(store):
    header, rows, footer = wide(
        shown_frame(store, SECTORS),
        "absolute",
        "-Rio Grande Valley Sector",
    )
    assert header == ["Period", "Rio Grande Valley Sector", "Tucson Sector", "Total"]
    assert rows[0][1] == max(r[1] for r in rows)  # sorted by RGV, descending
    fy21 = next(r for r in rows if r[0] == "FY2021")
    assert fy21[1] == 549_077 and fy21[3] == fy21[1] + fy21[2]
    assert footer[3] == sum(r[3] for r in rows)
    table = render(store, SECTORS.replace(tab="table", sort="Tucson Sector"))[ids.TABLE]
    assert table.children[0].children.endswith("encounters")
    assert sort_column([None, 1], {"type": ids.SORT_BUTTON, "column": "-Total"}) == "-Total"
    assert sort_column([None, None], {"type": ids.SORT_BUTTON, "column": "Total"}) is no_update


def test_sources_name_every_file_behind_the_view(store):
    sources = render(store, View(tab="sources"))[ids.SOURCES]
    text = str(sources)
    assert "sbo-encounters-fy22-fy25-aug.csv" in text
    assert "644a70518bea08884f29483c4aa6aee5fcceadc85a0bd8f09043fa6d356fedc4" in text
    assert "Title 42 expulsions" in text and "cbp.gov" in text


def test_csv_download_matches_the_warehouse(store, real_con):
    payload = data_zip(
        store, SECTORS, lambda v: "http://example.test/" + v.to_search(), dt.date(2026, 11, 28)
    )
    assert payload["filename"] == "aggstats-cbp_encounters-encounters.zip"
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(payload["content"])))
    rows = list(csv.DictReader(io.StringIO(archive.read("data.csv").decode())))
    rgv21 = next(
        r for r in rows if r["series"] == "Rio Grande Valley Sector" and r["label"] == "FY2021"
    )
    expected = real_con.execute(
        """SELECT sum(value) FROM observation
           WHERE measure_id = 'cbp_encounters.encounters' AND grain = 'month'
          AND region_code = 'usbp_sector:RGV'
           AND dimension = 'total' AND period BETWEEN DATE '2020-10-01' AND DATE '2021-09-01'"""
    ).fetchone()[0]
    assert float(rgv21["value"]) == expected == 549_077
    readme = archive.read("README.md").decode()
    assert (
        "http://example.test/?measure=cbp_encounters.encounters&level=usbp_sector" in readme
        and "nationwide-encounters-fy20-fy24-aor.csv" in readme
    )


def test_choices_follow_the_level_and_keep_what_still_applies(store):
    out = choices(
        store, ENCOUNTERS, "state", "fiscal_year", ["usbp_sector:RGV"], "component", "", ""
    )
    level_value, regions = out[2], out[4]
    assert level_value is no_update and regions[0] == "state:TX"  # the largest state first
    assert out[12] == ""  # no component breakdown at state level
    kept = choices(store, ENCOUNTERS, "state", "month", ["state:AZ"], "", "2021-10-01", "")
    assert kept[4] is no_update and kept[8] is no_update  # kept as chosen
    assert kept[10] == "2026-01-01"  # the last month published


def test_routing_builds_pages_from_the_url(store):
    search = View().to_search()
    page = page_for(store, "/t/", "/", search)
    assert "Southwest Land Border" in str(page)
    # the page comes with its view drawn: the chart and its summary, as the view callback draws
    drawn = render(store, View())
    assert page[ids.CHART].figure == drawn[ids.CHART]
    assert getattr(page[ids.CHART_FIGURE], "aria-label") == drawn[ids.CHART_FIGURE]
    # other tabs are drawn when chosen: the map's graph is made then, not drawn empty now
    assert ids.MAP not in [getattr(c, "id", None) for c in page._traverse()]
    mapped = page_for(store, "/t/", "/", View(tab="map").to_search())
    assert mapped[ids.MAP].figure == render(store, View(tab="map"))[ids.MAP]
    assert mapped[ids.MAP].config["topojsonURL"] == "/t/"
    # the measure picker holds the measure on screen; every measure waits in a store
    assert [o["value"] for o in page[ids.MEASURE].options] == [View().measure]
    every = [o["value"] for o in measure_options(store.catalog)]
    assert [o["value"] for o in page[ids.MEASURE_OPTIONS].data] == every and len(every) > 100
    assert "never handles individual records" in str(page_for(store, "/t/", "/about", ""))


def text_of(component) -> str:
    """The text a Dash component (or a list of them) shows."""
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    if isinstance(component, str):
        return component
    return text_of(getattr(component, "children", None) or "")


def test_a_change_to_months_keeps_the_whole_last_year_and_back(store):
    measure, regions = "ice_detention.book_ins", ["nation:US"]
    # FY2019-FY2026 (its end the first day of FY2026) at months: to Apr 2026, not Oct 2025
    months = choices(
        store, measure, "nation", "month", regions, "", "2018-10-01", "2025-10-01",
        grain_changed=True,
    )  # fmt: skip
    assert (months[8], months[10]) == (no_update, "2026-04-01")
    fy2024 = choices(
        store, measure, "nation", "month", regions, "", "2018-10-01", "2023-10-01",
        grain_changed=True,
    )  # fmt: skip
    assert fy2024[10] == "2024-09-01"  # the whole of FY2024: Oct 2023 to Sep 2024
    years = choices(
        store, measure, "nation", "fiscal_year", regions, "", "2018-10-01", "2026-04-01",
        grain_changed=True,
    )  # fmt: skip
    assert years[10] == "2025-10-01"  # back to FY2026


def test_the_measure_panel_says_the_periods_of_the_geography_chosen(store):
    def coverage(measure, level, grain):
        info = choices(store, measure, level, grain, [], "", "", "")[0]
        return next(part for part in info if isinstance(part, str) and "Published" in part)

    encounters = "cbp_encounters.encounters"
    # sectors to Aug 2026 (the Sep 2026 aggregate); the land border regions to Jan 2026
    assert coverage(encounters, "usbp_sector", "month") == (
        " Published Oct 2019 – Aug 2026 (Border Patrol sector)."
    )
    assert "– Jan 2026 (Land border region)." in coverage(encounters, "land_border_region", "month")
    # ICE removals by fiscal year run to FY2026 (to 9 Apr 2026), not to "Oct 2025"
    assert coverage("ice_detention.removals", "nation", "fiscal_year") == (
        " Published FY2019 – FY2026 (Nation)."
    )
