"""The explorer on the real warehouse, beyond the basics: per-resident rates, stocks never summed
over periods, measures published only by breakdown, earlier releases, revisions and cross-checks
on the Sources tab."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from dash import no_update

from aggstats import query
from dashboard import ids
from dashboard.callbacks.controls import choices
from dashboard.callbacks.view import render
from dashboard.reconciliation import cross_checks
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"
# ICE's October 2025 average daily population: first published 2025-11-20, revised since
OCTOBER_2025 = View(
    measure="ice_detention.adp",
    level="nation",
    regions=("nation:US",),
    grain="month",
    start="2025-10-01",
    end="2025-10-01",
)


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def test_state_map_per_100k_residents_names_its_denominator(store):
    view = View(
        level="state",
        regions=("state:TX",),
        compare="per_capita",
        tab="map",
        start="2022-10-01",
        end="2022-10-01",
    )
    figure = render(store, view)[ids.MAP]
    (choropleth,) = figure["data"]
    texas = choropleth["z"][choropleth["locations"].index("TX")]
    # CBP's FY2023 Texas encounters over Census's July 1 2023 estimate (Vintage 2024)
    assert texas == pytest.approx(1_390_714 / 30_727_890 * 100_000)
    assert "per 100,000 residents" in choropleth["colorbar"]["title"]["text"]
    assert "Vintage 2024" in figure["layout"]["title"]["text"]


def test_per_resident_rates_are_offered_only_where_people_are_counted(store):
    sectors = choices(store, ENCOUNTERS, "usbp_sector", "fiscal_year", [], "", "", "", "per_capita")
    compare_options, compare_value = sectors[13], sectors[14]
    offered = {o["value"] for o in compare_options if not o["disabled"]}
    assert "per_capita" not in offered and compare_value == "absolute"
    states = choices(store, ENCOUNTERS, "state", "fiscal_year", [], "", "", "", "per_capita")
    assert states[14] is no_update  # kept: states have residents


def test_a_stock_is_never_summed_over_periods(store, real_con):
    adp = "ice_detention.facility_adp"
    view = View(measure=adp, level="ice_aor", compare="per_day", tab="map")
    out = render(store, view)[ids.MAP]
    assert "not summed over periods" in out["layout"]["title"]["text"]
    (points,) = out["data"]
    yearly = query.series(real_con, adp, "ice_aor").sort("period")
    last = yearly.filter(pl.col("period") == yearly["period"].max())
    biggest = last.sort("value", descending=True).row(0, named=True)
    i = points["text"].index(biggest["region"])
    assert points["customdata"][i] == pytest.approx(biggest["value"])  # the last year's ADP
    assert "per day" not in out["layout"]["title"]["text"]  # no per-day rate of a stock
    with pytest.raises(query.QueryError, match="cannot be summed into years"):
        query.series(real_con, "ice_detention.atd_participants", "nation", grain="fiscal_year")


def test_sources_tab_shows_the_cross_checks_of_the_measure(store, real_con):
    out = render(store, View(tab="sources"))[ids.SOURCES]
    text = str(out)
    pairs = query.reconciliation(real_con, ENCOUNTERS)
    assert pairs.height and set(pairs["left_measure"]) | set(pairs["right_measure"]) >= {ENCOUNTERS}
    for title in pairs["title"].unique():
        assert title in text
    # CBP's nationwide FY2023 encounters printed beside the OHSS Monthly Tables' figure
    ohss = pairs.filter(reconciliation_id="cbp_vs_ohss_monthly_nation", period=dt.date(2022, 10, 1))
    assert ohss["left_value"][0] == 3_201_144
    assert "3,201,144" in text and f"{ohss['right_value'][0]:,.0f}" in text
    assert query.reconciliation(real_con, "census_state_population.population").is_empty()


def test_cross_checks_open_the_pairs_about_the_regions_on_screen_and_are_made_once(store):
    def opened(regions):
        checks = cross_checks(store.catalog, ENCOUNTERS, regions)
        return checks, [s.id for s in checks.children if s.open]

    nation, nation_open = opened(("nation:US",))
    assert "reconciliation-cbp_vs_ohss_monthly_nation" in nation_open
    other, other_open = opened(("land_border_region:SW",))
    assert "reconciliation-cbp_vs_ohss_monthly_nation" not in other_open
    # a region no pair is about changes nothing: the same sections, made once
    again, again_open = opened(("nation:US", "state:ZZ"))
    assert again is nation and again_open == nation_open


def test_a_measure_published_only_by_breakdown_opens_on_its_breakdown(store):
    view = View(measure="eoir_adjudication.asylum_grants", regions=(), level="nation")
    figure = render(store, view)[ids.CHART]
    # FY2020 (to 30 June) is a hatched block: the areas stop either side of it (two stacks)
    names = [trace["name"] for trace in figure["data"] if trace.get("stackgroup") == "one"]
    assert names == ["CHINA", "EL SALVADOR", "GUATEMALA", "HONDURAS", "INDIA", "Other"]
    assert figure["data"][0]["y"][1] == 3_438  # China, FY2019 edition, as printed
    out = choices(store, view.measure, "nation", "fiscal_year", [], "", "", "")
    assert out[12] == "nationality"  # EOIR prints no national total: the breakdown is chosen
    assert out[11][0] == {"label": "None (no totals published)", "value": "", "disabled": True}


def test_every_measure_opens_on_a_drawn_chart(store):
    empty = []
    for measure_id in store.catalog.measures:
        figure = render(store, View(measure=measure_id, regions=()))[ids.CHART]
        if not any(trace.get("y") for trace in figure["data"]):
            empty.append(measure_id)
    assert empty == []


def test_figures_as_published_by_an_earlier_release(store):
    # ICE's October 2025 average daily population, first published on 2025-11-20, then revised
    view = OCTOBER_2025
    newest = render(store, view)[ids.CHART]
    first = render(store, view.replace(as_of="2025-11-20"))[ids.CHART]
    assert newest["data"][0]["y"] == [pytest.approx(63_175.580645)]  # the 2026-04-09 release
    assert first["data"][0]["y"] == [pytest.approx(63_307.7419354839)]
    assert "as published by 2025-11-20" in first["layout"]["title"]["text"]
    out = choices(store, view.measure, "nation", "month", [], "", "", "", "absolute", "2025-11-20")
    releases, kept, disabled = out[15], out[16], out[17]
    assert releases[0]["value"] == "" and releases[1]["value"] == "2026-02-12"  # newest first
    assert "2025-11-20" in [r["value"] for r in releases] and kept is no_update and not disabled
    cbp = choices(
        store, ENCOUNTERS, "nation", "fiscal_year", [], "", "", "", "absolute", "1999-01-01"
    )
    assert cbp[16] == ""  # not a release of this measure: the newest figures


def test_sources_tab_lists_revisions_made_after_a_period_ended(store):
    view = OCTOBER_2025.replace(tab="sources")
    text = str(render(store, view)[ids.SOURCES])
    # October 2025 as first published after the month ended (2025-11-20), and in the newest
    assert "'Oct 2025'), Td('2025-11-20'), Td('63,307.7'), Td('2026-04-09'), Td('63,175.6')" in text
    assert "-0.21%" in text
    flows = render(store, View(measure="ice_detention.removals", level="nation", tab="sources"))
    # a fiscal year to date that grows release by release is not a revision
    assert (
        "1 period shown here was printed again by later releases after it ended (of the "
        "measure's 127 releases); it did not change." in str(flows[ids.SOURCES])
    )


def test_a_year_to_date_per_day_divides_by_the_days_to_its_data_date(store):
    view = View(measure="ice_detention.removals", level="nation", compare="per_day")
    (line,) = [
        t for t in render(store, view)[ids.CHART]["data"] if t.get("meta") != "partial-segment"
    ]
    # FY2026 to 2026-04-09: 234,236 removals over the 191 days from 1 October
    assert line["y"][-1] == pytest.approx(234_236 / 191)
    ranked = render(store, view.replace(compare="change", chart="rank"))[ids.CHART]
    # a change over the range sets whole years against each other: FY2019 to FY2024
    assert ranked["data"][0]["x"][0] == pytest.approx((271_484 / 267_258 - 1) * 100)


def test_years_summed_from_months_are_partial_when_a_month_is(real_con):
    bonds = query.series(real_con, "ice_detention.bond_book_outs").sort("period")
    fy2025 = bonds.filter(pl.col("period") == dt.date(2024, 10, 1)).row(0, named=True)
    # twelve months, but September 2025 only to the release of 2025-09-25
    assert fy2025["months"] == 12 and not fy2025["complete"]
