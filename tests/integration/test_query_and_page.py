"""The query layer and the first page's callbacks, on the real warehouse."""

from __future__ import annotations

import datetime as dt

import pytest

from aggstats import query
from dashboard.callbacks import choices_for_level, choices_for_measure, update_view
from dashboard.store import Store

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"


def test_fiscal_years_are_sums_of_months_with_partial_years_marked(real_con):
    frame = query.series(real_con, ENCOUNTERS, "nation")
    by_year = {row["period"].year + 1: row for row in frame.iter_rows(named=True)}
    assert by_year[2023]["value"] == 3_201_144
    assert (by_year[2023]["months"], by_year[2023]["complete"]) == (12, True)
    assert (by_year[2026]["months"], by_year[2026]["complete"]) == (4, False)
    assert frame["unit"].unique().to_list() == ["encounters"]


def test_calendar_years_only_where_all_twelve_months_exist(real_con):
    frame = query.series(real_con, ENCOUNTERS, "nation", grain="calendar_year")
    assert [d.year for d in frame["period"]] == [2020, 2021, 2022, 2023, 2024, 2025]


def test_as_of_gives_the_figures_as_they_stood(real_con):
    now = query.series(real_con, ENCOUNTERS, "state", ["state:TX"], grain="month")
    then = query.series(
        real_con, ENCOUNTERS, "state", ["state:TX"], grain="month", as_of=dt.date(2025, 1, 1)
    )
    assert now["period"].max() == dt.date(2026, 1, 1)
    assert then["period"].max() == dt.date(2024, 9, 1)
    assert set(then["as_of"]) == {dt.date(2024, 10, 1)}


def test_breakdown_rows_sum_to_the_total(real_con):
    total = query.series(real_con, ENCOUNTERS, "nation")
    parts = query.series(real_con, ENCOUNTERS, "nation", breakdown="demographic")
    assert parts["value"].sum() == total["value"].sum()
    assert "UAC" in set(parts["category"]) and "UC / Single Minors" not in set(parts["category"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure_id": "no.such"}, "unknown measure 'no.such'"),
        ({"measure_id": ENCOUNTERS, "level": "immigration_court"}, "no figures at level"),
        ({"measure_id": ENCOUNTERS, "level": "state", "regions": ["state:ZZ"]}, "state:ZZ"),
        ({"measure_id": ENCOUNTERS, "breakdown": "gender"}, "no breakdown 'gender'"),
        ({"measure_id": ENCOUNTERS, "grain": "week"}, "unknown grain"),
    ],
)
def test_questions_the_warehouse_cannot_answer_say_why(real_con, kwargs, message):
    with pytest.raises(query.QueryError, match=message):
        query.series(real_con, **kwargs)


def test_connect_to_a_missing_warehouse_says_how_to_build_it(tmp_path):
    with pytest.raises(query.QueryError, match="aggstats fetch && aggstats build"):
        query.connect(tmp_path / "none.duckdb")


def test_update_view_builds_chart_table_and_url(real_warehouse):
    store = Store(real_warehouse)
    figure, table, _, _, search = update_view(
        store, ENCOUNTERS, "usbp_sector", ["usbp_sector:RGV", "usbp_sector:TCA"], "fiscal_year"
    )
    assert [trace.name for trace in figure.data] == ["Rio Grande Valley Sector", "Tucson Sector"]
    rgv = dict(zip(figure.data[0].x, figure.data[0].y, strict=True))
    assert rgv["FY2021"] == 549_077
    header = [th.children for th in table.children[0].children.children]
    assert header == ["Period", "Rio Grande Valley Sector", "Tucson Sector", "Total"]
    assert search == (
        "?measure=cbp_encounters.encounters&level=usbp_sector"
        "&regions=usbp_sector%3ARGV%2Cusbp_sector%3ATCA&grain=fiscal_year"
    )


def test_changing_level_keeps_valid_regions_or_picks_one(real_warehouse):
    store = Store(real_warehouse)
    options, chosen = choices_for_level(store, "state", ["usbp_sector:RGV"])
    assert chosen == [options[0]["value"]] and options[0]["value"].startswith("state:")
    _, kept = choices_for_level(store, "state", ["state:TX", "usbp_sector:RGV"])
    assert kept == ["state:TX"]
    levels, level = choices_for_measure(store, ENCOUNTERS, "state")
    assert level == "state" and {o["value"] for o in levels} >= {"nation", "usbp_sector"}
