"""The 2025-2026 campaign on the real warehouse: periods published only to a date, and ICE's
book-ins beside OHSS's ERO arrests on one per-day chart."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View, resolve
from dashboard.store import Store

pytestmark = pytest.mark.integration
ARRESTS = (
    "?measure=ohss_monthly_tables.ero_administrative_arrests&level=nation&grain=month"
    "&compare=per_day&also=ice_detention.book_ins[arresting_agency=ICE]"
)


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def test_a_month_only_a_to_date_release_printed_is_final_to_its_data_date(store):
    frame = store.level_series("ice_detention.book_ins", "nation", "month", "arresting_agency")
    ice = {row["period"]: row for row in frame.filter(category="ICE").iter_rows(named=True)}
    september = ice[dt.date(2025, 9, 1)]  # FY25_detentionStats09252025: no later FY2025 file
    assert (september["complete"], september["final"]) == (False, True)
    assert september["data_date"] == dt.date(2025, 9, 25) and september["days"] == 25
    april = ice[dt.date(2026, 4, 1)]  # the newest release, FY26_detentionStats04092026
    assert (april["complete"], april["final"]) == (False, False)
    assert april["data_date"] == dt.date(2026, 4, 9)
    assert ice[dt.date(2020, 9, 1)]["complete"]  # the FY2020 year-end file runs to 30 September


def test_a_second_measure_is_kept_only_where_the_chart_can_draw_it(store):
    view = resolve(View.from_search(ARRESTS), store.catalog)
    assert view.also == "ice_detention.book_ins[arresting_agency=ICE]"
    for broken in (
        ARRESTS.replace("arresting_agency=ICE", "arresting_office=ICE"),
        ARRESTS.replace("ice_detention.book_ins", "ice_detention.nothing"),
        ARRESTS.replace("ice_detention.book_ins[arresting_agency=ICE]", "ice_detention.adp"),
    ):
        assert resolve(View.from_search(broken), store.catalog).also == ""


def test_arrests_and_ice_book_ins_per_day_from_fy2014_to_2026_on_one_chart(store, real_con):
    figure = render(store, View.from_search(ARRESTS))[ids.CHART]
    arrests, book_ins = [t for t in figure["data"] if t.get("meta") != "partial-segment"]
    assert arrests["x"][0].startswith("2013-10") and arrests["x"][-1].startswith("2024-08")
    assert book_ins["x"][-1].startswith("2026-04") and book_ins["line"]["dash"] == "dash"
    march = dict(zip(book_ins["x"], book_ins["y"], strict=True))["2026-03-15"]
    # book-ins-by-arresting-agency.parquet, release 2026-04-09, ICE, Mar 2026: 29,606 book-ins
    assert march == pytest.approx(29_606 / 31)
    (published,) = real_con.execute("""
        SELECT value FROM observation
        WHERE measure_id = 'ohss_monthly_tables.ero_administrative_arrests'
          AND region_code = 'nation:US' AND grain = 'month' AND dimension = 'total'
          AND period = DATE '2024-08-01'""").fetchone()
    assert arrests["y"][-1] == pytest.approx(published / 31)
    seams = [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == "seam"]
    assert "seam: ICE ERO administrative arrests ends Aug 2024" in seams
    goal = [s for s in figure["layout"]["shapes"] if s.get("legendgroup") == "ice-arrests-3000"]
    assert [s["y0"] for s in goal] == [3000]
    # from the day the goal was stated to the axis's end, not across FY2014-FY2026
    assert [(s["x0"], s["x1"]) for s in goal] == [
        ("2025-05-28", figure["layout"]["xaxis"]["range"][1])
    ]


def test_every_question_opens_the_view_it_names(store):
    from dashboard.layout import questions

    assert questions.load()
    for question in questions.load():
        asked = View.from_search("?" + question["query"])
        shown = resolve(asked, store.catalog)
        for field in ("measure", "level", "grain", "compare", "breakdown", "also", "chart"):
            assert getattr(shown, field) == getattr(asked, field), (question["question"], field)
        assert (
            not render(store, shown)[ids.CHART]["layout"]
            .get("annotations", [{}])[0]
            .get("text", "")
            .startswith("No figures")
        )
