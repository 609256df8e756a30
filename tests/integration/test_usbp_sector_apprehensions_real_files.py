"""USBP apprehensions by sector (FY2000-FY2016) from the real arrests.csv; from FY2007 the
citizenship PDF is in force beside it (tests/integration/test_usbp_citizenship_real_files.py)."""

from __future__ import annotations

import pytest

from aggstats import query

pytestmark = pytest.mark.integration

ALL = "usbp_sector_apprehensions.apprehensions"
MEXICANS = "usbp_sector_apprehensions.apprehensions_mexican_nationals"
FY = "year(period + INTERVAL 3 MONTH)"


def figure(con, measure: str, region: str, fiscal_year: int) -> float:
    return con.execute(
        f"SELECT value FROM observation WHERE measure_id = ? AND region_code = ? "
        f"AND dimension = 'total' AND {FY} = ?",
        [measure, region, fiscal_year],
    ).fetchone()[0]


def test_figures_as_printed_in_the_file(real_con):
    assert figure(real_con, ALL, "nation:US", 2000) == 1_676_438
    assert figure(real_con, MEXICANS, "nation:US", 2000) == 1_636_883
    assert figure(real_con, ALL, "nation:US", 2016) == 415_816
    assert figure(real_con, ALL, "land_border_region:SW", 2000) == 1_643_679
    assert figure(real_con, ALL, "land_border_region:N", 2016) == 2_283
    assert figure(real_con, ALL, "land_border_region:OTHER", 2005) == 10_336
    assert figure(real_con, ALL, "usbp_sector:TCA", 2000) == 616_346
    assert figure(real_con, ALL, "usbp_sector:RGV", 2014) == 256_393
    assert figure(real_con, MEXICANS, "usbp_sector:RGV", 2014) == 63_468
    assert figure(real_con, ALL, "usbp_sector:LIV", 2005) == 114
    assert figure(real_con, MEXICANS, "usbp_sector:RMY", 2000) == 0


def test_livermore_has_no_figure_after_fy2005_and_other_sectors_every_year(real_con):
    rows = real_con.execute(f"""
        SELECT region_code, count(*), max({FY}) FROM observation
        WHERE measure_id = '{ALL}' AND region_code LIKE 'usbp_sector:%' AND dimension = 'total'
        GROUP BY ALL ORDER BY 1""").fetchall()
    assert len(rows) == 21
    assert {r[0]: (r[1], r[2]) for r in rows}["usbp_sector:LIV"] == (6, 2005)
    # arrests.csv to FY2016, then the citizenship PDF to FY2019
    assert all((n, last) == (20, 2019) for code, n, last in rows if code != "usbp_sector:LIV")


def test_published_totals_equal_the_sum_of_their_parts_in_every_year(real_con):
    # the pipelines refuse a file where they differ; this shows it holds for every year of both
    # measures (17 + 20) and of the FY2020 encounters
    held = real_con.execute("""
        WITH s AS (SELECT o.measure_id, r.parent_code, o.period, sum(o.value) AS v
                   FROM observation o JOIN dim_region r USING (region_code)
                   WHERE o.measure_id LIKE 'usbp_sector_apprehensions.%' AND o.dimension = 'total'
                     AND r.level IN ('usbp_sector', 'land_border_region') GROUP BY ALL)
        SELECT o.region_code, count(*) FILTER (WHERE s.v = o.value), count(*)
        FROM observation o JOIN s ON s.measure_id = o.measure_id AND s.period = o.period
             AND s.parent_code = o.region_code AND o.dimension = 'total'
        GROUP BY ALL ORDER BY 1""").fetchall()
    assert held == [
        ("land_border_region:N", 38, 38),
        ("land_border_region:OTHER", 38, 38),
        ("land_border_region:SW", 38, 38),
        ("nation:US", 38, 38),
    ]


def test_reconciles_with_the_knowledge_hub_from_fy2003(real_con):
    frame = query.reconciliation(real_con).filter(reconciliation_id="usbp_sector_file_vs_khsm")
    years = {d.year + 1: agrees for d, agrees in frame.select("period", "agrees").rows()}
    assert years == {y: y >= 2003 for y in range(2000, 2017)}
    fy2000 = frame.filter(period=frame["period"].min())
    assert fy2000.select("left_value", "right_value").row(0) == (1_676_438.0, 1_590_310.0)
