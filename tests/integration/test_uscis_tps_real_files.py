"""TPS figures from the real files: the I-821 tables' quarters and fiscal years as USCIS printed
them (withheld cells absent), and the CRS compilation's counts at dates."""

from __future__ import annotations

import datetime as dt

import pytest

from aggstats import query
from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.layout.options import grain_options
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration


def value(con, measure, period, grain, category="total"):
    dimension = "total" if category == "total" else "country_of_designation"
    rows = con.execute(
        """SELECT value FROM observation WHERE measure_id = ? AND period = ? AND grain = ?
             AND dimension = ? AND category = ?""",
        [measure, period, grain, dimension, category],
    ).fetchall()
    return rows[0][0] if rows else None


def test_i821_totals_as_printed(real_con):
    received = query.series(real_con, "uscis_tps.i821_received", "nation", grain="fiscal_quarter")
    assert received["value"].to_list() == [
        44_951,
        16_187,
        29_379,
        87_072,
        124_223,
        144_305,
        33_968,
        169_957,
    ]
    q = "fiscal_quarter"
    assert (
        value(real_con, "uscis_tps.i821_approved", dt.date(2021, 10, 1), "fiscal_year") == 215_660
    )
    assert value(real_con, "uscis_tps.i821_denied", dt.date(2022, 10, 1), "fiscal_year") == 14_787
    assert value(real_con, "uscis_tps.i821_pending", dt.date(2022, 7, 1), q) == 247_356
    assert value(real_con, "uscis_tps.i821_pending", dt.date(2022, 10, 1), "fiscal_year") == 442_486


def test_i821_countries_as_printed_withheld_cells_absent(real_con):
    q, fy = "fiscal_quarter", "fiscal_year"
    approved = "uscis_tps.i821_approved"
    assert value(real_con, approved, dt.date(2021, 10, 1), fy, "Venezuela") == 148_999
    received = "uscis_tps.i821_received"
    assert value(real_con, received, dt.date(2023, 1, 1), q, "Haiti") == 129_283
    assert value(real_con, received, dt.date(2023, 7, 1), q, "El Salvador") == 130_798
    assert value(real_con, received, dt.date(2021, 10, 1), q, "Afghanistan") == 0  # "-"
    assert value(real_con, received, dt.date(2021, 10, 1), fy, "Ukraine") is None  # H
    assert value(real_con, "uscis_tps.i821_denied", dt.date(2021, 10, 1), q, "Burma") is None  # D
    assert value(real_con, "uscis_tps.i821_pending", dt.date(2022, 7, 1), q, "Unknown") == 1_363
    assert value(real_con, received, dt.date(2022, 10, 1), q, "Ethiopia") == 660


def test_every_printed_total_at_least_its_published_countries(real_con):
    short = real_con.execute("""
        SELECT t.measure_id, t.period, t.grain, t.value, sum(c.value) AS countries
        FROM observation t JOIN observation c USING (measure_id, period, grain, file_id)
        WHERE t.measure_id LIKE 'uscis_tps.i821_%' AND t.dimension = 'total'
          AND c.dimension = 'country_of_designation'
        GROUP BY ALL HAVING sum(c.value) > t.value""").fetchall()
    assert short == []
    exact = real_con.execute("""
        SELECT t.value, sum(c.value) FROM observation t
        JOIN observation c USING (measure_id, period, grain, file_id)
        WHERE t.measure_id = 'uscis_tps.i821_received' AND t.period = DATE '2022-10-01'
          AND t.grain = 'fiscal_quarter' AND t.dimension = 'total'
          AND c.dimension = 'country_of_designation' GROUP BY ALL""").fetchone()
    assert exact == (124_223, 124_223)  # FY2023 Q1: nothing withheld, the countries add up


def test_crs_counts_at_dates(real_con):
    crs = "uscis_tps.tps_approvals_crs"
    assert value(real_con, crs, dt.date(2015, 7, 1), "month", "El Salvador") == 204_000
    assert value(real_con, crs, dt.date(2025, 3, 1), "month", "Venezuela") == 605_015
    assert value(real_con, crs, dt.date(2025, 3, 1), "month", "Lebanon") == 140
    assert value(real_con, crs, dt.date(2024, 3, 1), "month", "Lebanon") is None  # blank
    assert value(real_con, crs, dt.date(2017, 10, 1), "month", "Guinea") is None
    countries = real_con.execute(
        """SELECT count(DISTINCT category) FROM observation WHERE measure_id = ?
             AND dimension = 'country_of_designation'""",
        [crs],
    ).fetchone()
    assert countries == (20,)
    repeated = real_con.execute("""
        SELECT count(*) FILTER (WHERE a.value IS DISTINCT FROM b.value), count(*)
        FROM stg_uscis_tps__crs_approvals a JOIN stg_uscis_tps__crs_approvals b USING (country)
        WHERE a."column" = '2016-02-18' AND b."column" = '2018-11-29'""").fetchone()
    assert repeated == (0, 20)  # the compilation's 2018 column repeats its 2016 column


def test_explorer_shows_fiscal_quarters_as_published(real_warehouse):
    store = Store(real_warehouse)
    measure = store.measure("uscis_tps.i821_received")
    grains = {o["value"]: o["disabled"] for o in grain_options(store.catalog, measure)}
    assert grains["fiscal_quarter"] is False and grains["month"] is True
    view = View(
        measure="uscis_tps.i821_received",
        level="nation",
        regions=("nation:US",),
        grain="fiscal_quarter",
    )
    figure = render(store, view)[ids.CHART]
    by_label = dict(zip(figure["layout"]["xaxis"]["ticktext"], figure["data"][0]["y"], strict=True))
    assert by_label["FY2022 Q1"] == 44_951 and by_label["FY2023 Q4"] == 169_957
