"""The Sector Profiles FY2011-FY2017 read from the real PDFs: figures the Border Patrol printed."""

from __future__ import annotations

import polars as pl
import pytest

from aggstats.query import reconciliation

pytestmark = pytest.mark.integration

MEASURE = "usbp_sector_profiles."


def figure(con, measure, region_code, fiscal_year, dimension="total", category="total"):
    row = con.execute(
        """SELECT value FROM observation WHERE measure_id = ? AND region_code = ?
           AND period = make_date(? - 1, 10, 1) AND grain = 'fiscal_year'
           AND dimension = ? AND category = ?""",
        [MEASURE + measure, region_code, fiscal_year, dimension, category],
    ).fetchone()
    return row[0] if row else None


def staged(con) -> pl.DataFrame:
    rows = con.execute("SELECT * FROM stg_usbp_sector_profiles__sector_profile").fetchall()
    names = [d[0] for d in con.description]
    return pl.DataFrame(rows, schema=names, orient="row")


def test_national_apprehensions_as_printed_each_year(real_con):
    printed = {
        2011: 340_252,
        2012: 364_768,
        2013: 420_789,
        2014: 486_651,
        2015: 337_117,
        2016: 415_816,
        2017: 310_531,
    }
    for year, apprehensions in printed.items():
        assert figure(real_con, "apprehensions", "nation:US", year) == apprehensions


def test_sector_cells_as_printed(real_con):
    assert figure(real_con, "apprehensions", "usbp_sector:TCA", 2011) == 123_285
    assert figure(real_con, "apprehensions", "usbp_sector:RGV", 2014) == 256_393
    assert figure(real_con, "apprehensions", "usbp_sector:HLT", 2017) == 30
    assert figure(real_con, "other_than_mexican_apprehensions", "usbp_sector:RGV", 2017) == 107_909
    assert figure(real_con, "marijuana_seized", "usbp_sector:MIP", 2011) == 564.05
    assert figure(real_con, "marijuana_seized", "usbp_sector:BLW", 2011) == 41  # whole pounds
    assert figure(real_con, "cocaine_seized", "usbp_sector:RMY", 2012) == 5_888.60
    assert figure(real_con, "deaths", "usbp_sector:LRT", 2012) == 90
    assert figure(real_con, "rescues", "usbp_sector:BBT", 2014) == 65
    assert figure(real_con, "accepted_prosecutions", "usbp_sector:TCA", 2013) == 39_217
    assert figure(real_con, "assaults", "usbp_sector:TCA", 2013) == 136
    # "17,026**" (FY2016) and the FY2014 nationwide staffing printed above its row's label
    assert figure(real_con, "agent_staffing", "land_border_region:SW", 2016) == 17_026
    assert figure(real_con, "agent_staffing", "nation:US", 2014) == 20_863
    assert figure(real_con, "agent_staffing", "nation:US", 2011) == 21_444
    # pages 2 and 3
    bbt = ("apprehensions", "usbp_sector:BBT", 2017, "age_group")
    assert figure(real_con, *bbt, "Unaccompanied Juveniles") == 811
    assert figure(real_con, "apprehensions", "nation:US", 2014, "age_group", "Adults") == 379_038
    assert figure(real_con, "apprehensions", "nation:US", 2011, "gender", "Unknown") == 5
    assert figure(real_con, "apprehensions", "usbp_sector:RGV", 2017, "gender", "Female") == 50_306


def test_not_tracked_is_no_figure(real_con):
    for year in range(2011, 2018):
        assert figure(real_con, "rescues", "usbp_sector:MIP", year) is None
        assert figure(real_con, "deaths", "land_border_region:N", year) is None
        assert figure(real_con, "deaths", "nation:US", year) == figure(
            real_con, "deaths", "land_border_region:SW", year
        )


def test_every_totals_row_equals_the_sum_of_its_rows(real_con):
    cells = staged(real_con).filter(pl.col("value").is_not_null())
    totals = cells.filter("is_total")
    # 7 files x 3 pages x 4 totals rows (3 borders and the nation)
    assert totals.select("fiscal_year", "page", "table").unique().height == 84
    sums = (
        cells.filter(~pl.col("is_total"))
        .group_by("fiscal_year", "page", "table", "column")
        .agg(summed=pl.col("value").sum())
    )
    checked = totals.join(sums, on=["fiscal_year", "page", "table", "column"])
    counts = checked.filter(~pl.col("column").is_in(["Agent Staffing"]))
    counts = counts.filter(~pl.col("column").str.contains("pounds"))
    # count cells with a figure: page 1, 4 columns in every table and rescues and deaths in the
    # Southwest and Nationwide ones; page 2, 5 columns; page 3, 4 columns in FY2011, then 3
    assert counts.height == 7 * (4 * 4 + 2 * 2) + 7 * 4 * 5 + 4 * 4 + 6 * 4 * 3
    assert (counts["value"] == counts["summed"]).all()
    pounds = checked.filter(pl.col("column").str.contains("pounds"))
    assert ((pounds["value"] - pounds["summed"]).abs() <= 4.5).all()
    staffing = checked.filter(column="Agent Staffing")
    by_footnote = staffing["table"].str.contains("Southwest|Nationwide")
    assert (staffing.filter(~by_footnote)["value"] == staffing.filter(~by_footnote)["summed"]).all()
    extra = staffing.filter(by_footnote, fiscal_year=2011).sort("table")
    assert (extra["value"] - extra["summed"]).to_list() == [469, 59]  # HQ; Special Operations


def test_profiles_agree_with_the_sector_file_and_the_knowledge_hub(real_con):
    pairs = reconciliation(real_con).filter(
        pl.col("reconciliation_id").str.starts_with("usbp_prof")
    )
    by_file = pairs.filter(pl.col("reconciliation_id").str.contains("sector_file"))
    khsm = pairs.filter(pl.col("reconciliation_id").str.contains("khsm"))
    # FY2011-FY2016 against arrests.csv, FY2017 against CBP's citizenship-by-sector PDF
    assert by_file["reconciliation_id"].n_unique() == 24 and by_file.height == 24 * 7
    assert by_file["agrees"].all() and (by_file["difference"] == 0).all()
    assert khsm["reconciliation_id"].n_unique() == 22 and khsm["agrees"].all()
    assert khsm["difference"].abs().max() <= 5
    nation = khsm.filter(reconciliation_id="usbp_profile_vs_khsm_nation").sort("period")
    assert nation["right_value"].to_list()[0] == 340_250  # FY2011, rounded to ten


def test_page_4_seizures_by_border_as_printed(real_con):
    assert figure(real_con, "heroin_seized", "nation:US", 2011) == 6_394  # ounces
    assert figure(real_con, "special_interest_country_apprehensions", "nation:US", 2011) == 479
    assert figure(real_con, "special_interest_country_apprehensions", "nation:US", 2012) is None
    assert figure(real_con, "firearms_seized", "land_border_region:N", 2011) == 93
    assert figure(real_con, "methamphetamine_seized", "land_border_region:SW", 2017) == 10_273
    assert figure(real_con, "currency_seized", "nation:US", 2017) == 5_869_004
    assert figure(real_con, "currency_seized", "nation:US", 2016) == 7_924_537  # borders: +$1
    assert figure(real_con, "heroin_seized", "usbp_sector:TCA", 2017) is None  # no sector rows


def test_fy2015_page_4_apprehensions_row_prints_mexican_apprehensions(real_con):
    cells = staged(real_con).filter(fiscal_year=2015, page=4, label="Apprehensions")
    printed = dict(zip(cells["column"], cells["value"], strict=True))
    assert printed["Nationwide Total"] == 188_122
    total = figure(real_con, "apprehensions", "nation:US", 2015)
    other_than_mexican = figure(real_con, "other_than_mexican_apprehensions", "nation:US", 2015)
    assert (total, total - other_than_mexican) == (337_117, 188_122)
