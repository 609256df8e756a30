"""Two measures on one chart (also=...), on the real warehouse: every comparison applies to
each of the two, on one axis where it means one thing, and a second measure that cannot be drawn
says why."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration
ARRESTS = View.from_search(
    "?measure=ohss_monthly_tables.ero_administrative_arrests&level=nation&regions=nation:US"
    "&grain=month&context=&also=ice_detention.book_ins[arresting_agency=ICE]"
)
BORDERS = View.from_search(
    "?measure=cbp_encounters.encounters&level=land_border_region&grain=fiscal_year&context="
    "&regions=land_border_region:SW,land_border_region:N"
    "&also=ohss_khsm_usbp_encounters.usbp_encounters"
)
OCT_2013, OCT_2018 = "2013-10-15", "2018-10-15"  # months are drawn at their middle


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def _chart(store, view: View, compare: str) -> tuple[dict, dict, dict]:
    figure = render(store, view.replace(compare=compare))[ids.CHART]
    first, second = [t for t in figure["data"] if t.get("meta") != "partial-segment"]
    return (
        dict(zip(first["x"], first["y"], strict=True)) | {"axis": first["yaxis"]},
        dict(zip(second["x"], second["y"], strict=True)) | {"axis": second["yaxis"]},
        figure["layout"],
    )


def _value(store, measure, period, dimension="", category="total") -> float:
    frame = store.level_series(measure, "nation", "month", dimension)
    return frame.filter(period=period, category=category)["value"].item()


def test_counts_and_per_day_of_both_on_one_axis(store):
    ero, ice, layout = _chart(store, ARRESTS, "absolute")
    assert (ero[OCT_2013], ice[OCT_2018]) == (19_040, 11_892)  # OHSS; ICE FY2019 release
    assert ero["axis"] == ice["axis"] == "y" and "yaxis2" not in layout
    ero, ice, layout = _chart(store, ARRESTS, "per_day")
    assert ero[OCT_2013] == pytest.approx(19_040 / 31) and ice[OCT_2018] == pytest.approx(
        11_892 / 31
    )
    assert ice["axis"] == "y" and layout["yaxis"]["title"]["text"] == "events per day"


def test_change_of_each_against_its_own_previous_month(store):
    ero, ice, _ = _chart(store, ARRESTS, "change")
    assert ero[OCT_2013] is None and ice[OCT_2018] is None  # no month before the first
    assert ero["2013-11-15"] == pytest.approx((16_190 / 19_040 - 1) * 100)
    assert ice["2018-11-15"] == pytest.approx((11_224 / 11_892 - 1) * 100)


def test_an_index_puts_both_at_100_in_the_first_month_both_have(store):
    ero, ice, layout = _chart(store, ARRESTS, "index")
    ero_oct_2018 = _value(store, ARRESTS.measure, dt.date(2018, 10, 1))
    assert ero[OCT_2018] == pytest.approx(100) and ice[OCT_2018] == pytest.approx(100)
    assert ero[OCT_2013] == pytest.approx(19_040 / ero_oct_2018 * 100)
    assert ice["2018-11-15"] == pytest.approx(11_224 / 11_892 * 100)
    assert layout["yaxis"]["title"]["text"] == "index (Oct 2018 = 100 for both)"
    assert ice["axis"] == "y"


def test_per_100k_residents_of_both_on_one_axis(store):
    ero, ice, layout = _chart(store, ARRESTS, "per_capita")
    population = store.population("nation").filter(pl.col("year").is_in([2013, 2018]))
    people = dict(population.select("year", "population").iter_rows())
    assert ero[OCT_2013] == pytest.approx(19_040 / people[2013] * 100_000)
    assert ice[OCT_2018] == pytest.approx(11_892 / people[2018] * 100_000)
    assert ice["axis"] == "y" and "yaxis2" not in layout
    assert layout["yaxis"]["title"]["text"] == "events per 100,000 residents"


def test_a_share_is_of_each_measures_own_total_over_the_chosen_regions(store):
    figure = render(store, BORDERS.replace(compare="share"))[ids.CHART]
    traces = {
        t["name"]: {x: y for x, y in zip(t["x"], t["y"], strict=True) if y is not None}
        for t in figure["data"]
        if t.get("meta") != "partial-segment"
    }
    cbp = [v for k, v in traces.items() if k.startswith("CBP encounters")]
    khsm = [v for k, v in traces.items() if k.startswith("U.S. Border Patrol encounters")]
    assert len(cbp) == len(khsm) == 2
    for pair in (cbp, khsm):
        for x in pair[0]:
            assert pair[0][x] + pair[1][x] == pytest.approx(100)
    counts = [
        t for t in render(store, BORDERS)[ids.CHART]["data"] if t.get("meta") != "partial-segment"
    ]
    khsm_counts = [dict(zip(t["x"], t["y"], strict=True)) for t in counts[2:]]
    fy2019 = "2019-04-01"
    total = sum(c[fy2019] for c in khsm_counts)
    assert sorted(p[fy2019] for p in khsm) == pytest.approx(
        sorted(c[fy2019] / total * 100 for c in khsm_counts)
    )


def test_a_second_measure_that_cannot_be_drawn_says_why(store):
    view = View.from_search(
        "?measure=ice_detention.book_ins&level=nation&grain=month&compare=per_day"
        "&also=ice_detention.adp"
    )
    out = render(store, view)
    assert len([t for t in out[ids.CHART]["data"] if t.get("meta") != "partial-segment"]) == 1
    assert str(out[ids.CHART_NOTES][0].children) == (
        "Second measure not drawn: ICE detention average daily population is a stock: "
        "it has no per day here."
    )
