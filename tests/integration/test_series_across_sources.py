"""Series across sources on the real warehouse: each year's figure and the publication that gives
it, the seams with both sides' published figures, the API and the explorer's chart."""

from __future__ import annotations

import datetime as dt

import pytest

import aggstats
from aggstats import query
from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.layout.options import measure_options
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration
BP = "series:border_patrol_apprehensions"
REMOVALS = "series:removals"


def _years(con, series_id: str) -> dict[int, tuple]:
    rows = con.execute(
        "SELECT fiscal_year, value, label, complete FROM fact_series WHERE series_id = ?",
        [series_id],
    ).fetchall()
    return {year: (value, label, complete) for year, value, label, complete in rows}


def _segments(con, series_id: str, year: int) -> dict[str, float]:
    rows = con.execute(
        "SELECT short, value FROM fact_series_segment WHERE series_id = ? AND fiscal_year = ?",
        [series_id, year],
    ).fetchall()
    return dict(rows)


def test_border_patrol_apprehensions_from_fy1925_with_each_year_from_its_publication(real_con):
    years = _years(real_con, "border_patrol_apprehensions")
    assert min(years) == 1925 and len(years) == 2025 - 1925 + 1  # no year missing
    assert years[1925] == (22_199, "INS/DHS Yearbook, all aliens apprehended", True)
    assert years[1999][0] == 1_714_035
    # from FY2000 the Border Patrol's own count (CBP), not the Yearbook's count of all programs
    assert years[2000] == (1_676_438, "CBP, U.S. Border Patrol apprehensions", True)
    assert years[2019] == (859_501, "CBP, U.S. Border Patrol apprehensions", True)
    # from FY2020 CBP counts encounters (Title 8 apprehensions and Title 42 expulsions)
    assert years[2020] == (405_036, "CBP Nationwide Encounters (USBP)", True)
    assert years[2024][0] == 1_557_319
    # CBP's nationwide USBP figures end with FY2024; the Knowledge Hub's Oct-Nov 2024 is partial
    assert years[2025] == (105_670, "OHSS Knowledge Hub, USBP encounters", False)


def test_the_border_patrol_seams_hold_every_publications_figure(real_con):
    assert _segments(real_con, "border_patrol_apprehensions", 2000) == {
        "Yearbook (all programs)": 1_814_729,
        "CBP apprehensions": 1_676_438,
        "OHSS Knowledge Hub": 1_590_320,
    }
    assert _segments(real_con, "border_patrol_apprehensions", 2019) == {
        "Yearbook (all programs)": 1_013_539,
        "CBP apprehensions": 859_501,
        "OHSS Knowledge Hub": 859_500,
        "OHSS Monthly Tables": 859_500,
    }
    assert _segments(real_con, "border_patrol_apprehensions", 2020) == {
        "CBP encounters": 405_036,
        "OHSS Knowledge Hub": 405_050,
        "OHSS Monthly Tables": 405_050,
    }
    seams = query.seams(real_con, BP)
    assert [
        (s["fiscal_year"], s["from_short"], s["to_short"], s["overlap_years"]) for s in seams
    ] == [
        (2000, "Yearbook (all programs)", "CBP apprehensions", [2000]),
        (2020, "CBP apprehensions", "CBP encounters", []),
        (2025, "CBP encounters", "OHSS Knowledge Hub", [2024]),
    ]


def test_removals_from_fy1892_yearbook_then_ohss_then_ice(real_con):
    years = _years(real_con, "removals")
    assert min(years) == 1892 and len(years) == 2026 - 1892 + 1
    assert years[1892] == (2_801, "INS/DHS Yearbook, aliens removed", True)
    assert years[2019] == (359_885, "INS/DHS Yearbook, aliens removed", True)
    assert years[2020] == (234_360, "OHSS Monthly Tables, DHS removals", True)
    assert years[2023] == (177_790, "OHSS Monthly Tables, DHS removals", True)
    # OHSS's FY2024 has 11 months (to August 2024): ICE's complete year gives it
    assert years[2024] == (271_484, "ICE detention statistics, ICE removals", True)
    assert years[2025] == (319_980, "ICE detention statistics, ICE removals", False)
    assert _segments(real_con, "removals", 2019) == {
        "Yearbook": 359_885,
        "OHSS (DHS)": 347_230,
        "ICE": 267_258,
    }
    assert _segments(real_con, "removals", 2024) == {"OHSS (DHS)": 315_470, "ICE": 271_484}
    seams = query.seams(real_con, REMOVALS)
    assert [(s["fiscal_year"], s["overlap_years"]) for s in seams] == [
        (2020, [2019]),  # the Yearbook ends with FY2019
        (2024, [2023, 2024]),
    ]


def test_the_api_names_each_years_source_and_refuses_what_a_series_has_not(real_con):
    frame = aggstats.series(BP, start="FY1999", end="FY2020", con=real_con)
    rows = frame.select("period", "value", "source", "segment_measure").rows()
    assert rows[0] == (
        dt.date(1998, 10, 1),
        1_714_035,
        "ohss_yearbook",
        "ohss_yearbook.apprehensions",
    )
    assert rows[1][2] == "usbp_sector_apprehensions" and rows[-1][:3] == (
        dt.date(2019, 10, 1),
        405_036,
        "cbp_encounters",
    )
    assert frame["publisher"][-1] == "U.S. Customs and Border Protection (CBP)"
    assert frame["complete"].all() and set(frame["measure_id"]) == {BP}
    with pytest.raises(aggstats.QueryError, match="by fiscal year"):
        aggstats.series(BP, grain="month", con=real_con)
    with pytest.raises(aggstats.QueryError, match="one line, for nation:US only"):
        aggstats.series(BP, "state", ["TX"], con=real_con)
    with pytest.raises(aggstats.QueryError, match="unknown series 'series:arrests'"):
        aggstats.series("series:arrests", con=real_con)


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def test_the_explorer_offers_the_series_and_draws_its_segments_and_seams(store):
    options = measure_options(store.catalog)
    heading = options[0]
    assert heading["label"].children == "Series across sources"
    assert (heading["value"], heading["disabled"]) == ("group:0", True)
    assert "search" not in heading  # typing in the picker finds measures, never a heading
    assert {o["value"] for o in options[1:3]} == {BP, REMOVALS}
    view = View.from_search(f"?measure={BP}&level=nation&grain=fiscal_year")
    out = render(store, view)
    figure = out[ids.CHART]
    named = [t for t in figure["data"] if t["showlegend"]]
    assert [t["name"] for t in named] == [
        "INS/DHS Yearbook, all aliens apprehended (FY1925–FY1999)",
        "CBP, U.S. Border Patrol apprehensions (FY2000–FY2019)",
        "CBP Nationwide Encounters (USBP) (FY2020–FY2024)",
        "OHSS Knowledge Hub, USBP encounters (FY2025)",
    ]
    assert named[0]["y"][0] == 22_199 and named[1]["y"][0] == 1_676_438
    assert named[1]["customdata"][0] == "FY2000<br>Source: CBP, U.S. Border Patrol apprehensions"
    assert named[3]["marker"]["symbol"] == ["circle-open"]  # partial
    seams = [s for s in figure["layout"]["shapes"] if s["name"] == "seam"]
    assert [s["x0"] for s in seams] == ["1999-10-01", "2019-10-01", "2024-10-01"]
    notes = [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == "seam"]
    assert notes[0] == (
        "seam FY2000: Yearbook (all programs) → CBP apprehensions<br>"
        "FY2000 Yearbook (all programs): 1,814,729<br>FY2000 CBP apprehensions: 1,676,438"
    )
    assert "FY2019 CBP apprehensions: 859,501<br>FY2020 CBP encounters: 405,036" in notes[1]
    assert "OHSS Knowledge Hub FY2019 859,500 → FY2020 405,050" in notes[1]
    text = str(out[ids.CHART_NOTES])
    assert "Title 8 apprehensions plus Title 42" in text and "Title 42 expulsions. " in text


def test_each_comparison_applies_to_the_series(store):
    view = View.from_search(f"?measure={REMOVALS}&level=nation&grain=fiscal_year")
    per_day = render(store, view.replace(compare="per_day"))[ids.CHART]["data"][0]
    assert per_day["y"][0] == pytest.approx(2_801 / 366)  # FY1892 (dated Oct 1891-Sep 1892)
    index = [
        t
        for t in render(store, view.replace(compare="index"))[ids.CHART]["data"]
        if t.get("meta") != "partial-segment"
    ]
    assert index[0]["y"][0] == 100 and index[-1]["y"][-1] == pytest.approx(234_236 / 2_801 * 100)
    change = render(store, view.replace(compare="change"))[ids.CHART]["data"]
    ohss = next(t for t in change if t["name"].startswith("OHSS Monthly Tables"))
    assert ohss["y"][0] is None  # FY2020: no change computed across the seam with the Yearbook
    assert ohss["y"][1] == pytest.approx((85_120 / 234_360 - 1) * 100)
    capita = render(store, view.replace(compare="per_capita"))[ids.CHART]["data"]
    ice = next(t for t in capita if t["name"].startswith("ICE"))
    assert ice["y"][0] == pytest.approx(271_484 / 340_110_988 * 100_000, rel=0.01)
