"""Partial periods on the real warehouse, as the chart says them: a mid-year stock (EOIR's
FY2026 pending cases, edition of 22 April 2026) marked partial, to its date, not a year end; and
the per-day rate of a month to date divided by the days to its release's date, said so."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(real_warehouse):
    return Store(real_warehouse)


def title(figure: dict) -> str:
    return " ".join(figure["layout"]["title"]["text"].replace("<br>", " ").split())


def test_eoir_pending_cases_of_fy2026_are_a_level_on_a_day_not_a_year_end(store):
    frame = store.level_series("eoir_workload.pending_cases", "nation", "fiscal_year")
    fy2026 = frame.filter(period=dt.date(2025, 10, 1)).row(0, named=True)
    assert fy2026["value"] == 3_570_145 and fy2026["complete"] is False
    assert fy2026["data_date"] == dt.date(2026, 4, 22)
    assert frame.filter(period=dt.date(2024, 10, 1))["complete"].to_list() == [True]
    figure = render(store, View(measure="eoir_workload.pending_cases", level="nation"))[ids.CHART]
    line = figure["data"][0]
    assert line["marker"]["symbol"][-1] == "circle-open"
    assert "Newest figure: FY2026, data to 22 Apr 2026 (release of 22 Apr 2026)." in title(figure)
    assert "Open markers: partial periods (FY2026, to 22 Apr 2026)" in title(figure)


def test_ice_april_2026_per_day_divides_by_the_days_to_its_release_and_says_so(store):
    view = View(measure="ice_detention.book_ins", level="nation", grain="month", compare="per_day")
    figure = render(store, view)[ids.CHART]
    line = figure["data"][0]
    april = dict(zip(line["x"], line["y"], strict=True))["2026-04-05"]
    # 4,152 book-ins (3,721 by ICE, 431 by CBP) over 1 to 9 April 2026, the release of 9 April
    assert april == pytest.approx(4_152 / 9)
    assert (
        "Newest figure: Apr 2026, per day over its 9 days to 9 Apr 2026, its release's date "
        "(the warehouse holds no data date the publisher states)" in title(figure)
    )


def test_the_newest_partial_month_says_how_much_such_months_grew(store, real_con):
    view = View(measure="ice_detention.book_ins", level="nation", grain="month")
    text = title(render(store, view)[ids.CHART])
    # measured from the vintages: months first printed 4 to 18 days in, newest / first
    ratios = [
        r[0]
        for r in real_con.execute("""
            WITH p AS (
                SELECT period, arg_min(value, as_of) / arg_max(value, as_of) AS inverse,
                       date_diff('day', period, min(as_of)) + 1 AS days,
                       count(DISTINCT as_of) AS releases
                FROM observation_all
                WHERE measure_id = 'ice_detention.book_ins' AND region_code = 'nation:US'
                  AND grain = 'month' AND dimension = 'total' AND period < DATE '2026-04-01'
                GROUP BY period)
            SELECT 1 / inverse FROM p WHERE releases > 1 AND days BETWEEN 4 AND 18""").fetchall()
    ]
    ratios.sort()
    n = len(ratios)
    median = (ratios[n // 2] + ratios[(n - 1) // 2]) / 2
    assert n == 42 and round(median, 1) == 3.9
    assert (
        "Apr 2026 is to 9 Apr 2026 (9 days): in past releases, a period first printed 4–18 days "
        f"in grew to its newest figure by a median ×{median:.1f} ({n} periods)." in text
    )
    # said of counts only: a rate per day is not what grew
    per_day = title(render(store, view.replace(compare="per_day"))[ids.CHART])
    assert "in past releases" not in per_day
