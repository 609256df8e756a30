"""The OHSS KHSM USBP workbook from the real file (the mirror): figures it prints, its annual and
monthly sheets against each other, and its nationwide totals against CBP's own files."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.regions import read_labels
from pipelines.registry import load_registry

pytestmark = pytest.mark.integration

KHSM = "measure_id = 'ohss_khsm_usbp_encounters.usbp_encounters'"
FY = "year(period + INTERVAL 3 MONTH)"  # fiscal year of a month's (or fiscal year's) first day


def annual(con, level: str, dimension: str = "total") -> dict[tuple[int, str, str], float]:
    rows = con.execute(f"""
        SELECT {FY}, region_code, category, value FROM observation
        WHERE {KHSM} AND region_level = ? AND dimension = ? AND grain = 'fiscal_year'""",
        [level, dimension],
    ).fetchall()  # fmt: skip
    return {(fy, code, category): value for fy, code, category, value in rows}


def test_annual_count_sheet_figures(real_con):
    nation = {fy: v for (fy, _, _), v in annual(real_con, "nation").items()}
    assert len(nation) == 26  # FY2000 to FY2025
    assert nation[2000] == 1_590_310
    assert nation[2019] == 859_500
    assert nation[2021] == 1_662_170
    assert nation[2022] == 2_214_650
    assert nation[2024] == 1_557_320
    assert nation[2025] == 105_660  # partial: October and November 2024


def test_annual_region_sector_citizenship_and_family_status_figures(real_con):
    regions = annual(real_con, "land_border_region")
    assert regions[(2000, "land_border_region:SW", "total")] == 1_566_420
    assert regions[(2000, "land_border_region:N", "total")] == 14_170
    assert regions[(2000, "land_border_region:OTHER", "total")] == 9_720  # "Coastal Border"
    assert regions[(2025, "land_border_region:SW", "total")] == 103_140
    sectors = annual(real_con, "usbp_sector")
    assert sectors[(2000, "usbp_sector:BBT", "total")] == 13_940  # "Big Bend, TX"
    assert sectors[(2024, "usbp_sector:TCA", "total")] == 463_570
    assert sectors[(2024, "usbp_sector:SDC", "total")] == 324_260
    citizenship = annual(real_con, "nation", "citizenship")
    assert citizenship[(2024, "nation:US", "Mexico")] == 506_210
    assert citizenship[(2024, "nation:US", "Venezuela")] == 134_650
    family = annual(real_con, "nation", "family_status")
    assert family[(2024, "nation:US", "Unaccompanied Children")] == 99_960


def test_every_sector_and_region_is_mapped_and_covered_monthly(real_con):
    rows = real_con.execute(f"""
        SELECT region_level, count(DISTINCT region_code), min(period), max(period),
               count(DISTINCT period)
        FROM observation WHERE {KHSM} AND grain = 'month' AND dimension = 'total'
        GROUP BY ALL ORDER BY ALL""").fetchall()
    first, last = dt.date(1999, 10, 1), dt.date(2024, 11, 1)
    assert rows == [
        ("land_border_region", 3, first, last, 302),
        ("nation", 1, first, last, 302),
        ("usbp_sector", 21, first, last, 302),
    ]
    categories = real_con.execute(f"""
        SELECT count(DISTINCT category) FROM observation
        WHERE {KHSM} AND region_level = 'nation' AND dimension = 'citizenship'""").fetchone()
    assert categories == (161,)


def test_family_status_is_split_out_from_fy2008_and_fy2012(real_con):
    first = dict(
        real_con.execute(f"""
        SELECT category, min({FY}) FROM observation
        WHERE {KHSM} AND region_level = 'nation' AND dimension = 'family_status'
        GROUP BY ALL""").fetchall()
    )
    assert first == {
        "Single Adults": 2000,
        "Unaccompanied Children": 2008,
        "Family Unit Individuals": 2012,
    }


def annual_minus_months(con, level: str) -> list[tuple[int, str, int, float]]:
    """(fiscal year, region, months, annual minus the sum of its months) for each year."""
    return con.execute(f"""
        WITH months AS (
            SELECT {FY} AS fy, region_code, count(*) AS n, sum(value) AS total
            FROM observation
            WHERE {KHSM} AND region_level = ? AND grain = 'month' AND dimension = 'total'
            GROUP BY ALL),
        years AS (
            SELECT {FY} AS fy, region_code, value FROM observation
            WHERE {KHSM} AND region_level = ? AND grain = 'fiscal_year' AND dimension = 'total')
        SELECT fy, region_code, months.n, years.value - months.total
        FROM years FULL JOIN months USING (fy, region_code) ORDER BY ALL""",
        [level, level],
    ).fetchall()  # fmt: skip


def test_annual_counts_equal_the_sum_of_monthly_counts_within_rounding(real_con):
    # Each month and each year is rounded to 10 on its own, so |year - sum of months| could reach
    # 5 per month plus 5 for the year (65 for a full year). The workbook does much better: at most
    # 20 nationwide and 30 for a sector, and every year with its months.
    nation = annual_minus_months(real_con, "nation")
    assert len(nation) == 26
    assert all(d is not None for *_, d in nation)
    assert max(abs(d) for *_, d in nation) == 20
    assert [n for _, _, n, _ in nation] == [12] * 25 + [2]
    assert (nation[-1][0], nation[-1][3]) == (2025, -10)  # 105,660 against 58,130 + 47,540
    sectors = annual_minus_months(real_con, "usbp_sector")
    assert len(sectors) == 20 * 26 + 6  # Livermore, CA: FY2000 to FY2005
    assert all(d is not None for *_, d in sectors)
    assert max(abs(d) for *_, d in sectors) == 30


def test_region_and_sector_sheets_repeat_the_sector_sheets(real_con):
    mismatched, cells = real_con.execute("""
        WITH s AS (SELECT * FROM stg_ohss_khsm_usbp_encounters__workbook)
        SELECT count(*) FILTER (WHERE a.quantity IS DISTINCT FROM b.quantity), count(*)
        FROM (SELECT * FROM s WHERE sheet LIKE '% Sector' AND sheet NOT LIKE '%Rgn%') a
        FULL JOIN (SELECT * FROM s WHERE sheet LIKE '% Rgn and Sector') b
          ON replace(a.sheet, 'Sector', '') = replace(b.sheet, 'Rgn and Sector', '')
         AND a.fiscal_year = b.fiscal_year AND a.month IS NOT DISTINCT FROM b.month
         AND a.sector = b.sector""").fetchone()
    assert (mismatched, cells) == (0, 526 + 5_830)


def test_sectors_sit_in_the_workbooks_regions_except_livermore(real_con):
    khsm = [s for s in load_registry() if s.source_id == "ohss_khsm_usbp_encounters"]
    labels = read_labels(khsm)["ohss_khsm_usbp_encounters"]
    labels = {(lvl, lbl): code for lvl, lbl, code in labels.iter_rows()}
    parents = dict(real_con.execute("SELECT region_code, parent_code FROM dim_region").fetchall())
    pairs = real_con.execute("""
        SELECT DISTINCT sector, region FROM stg_ohss_khsm_usbp_encounters__workbook
        WHERE sheet = 'Annual Rgn and Sector'""").fetchall()
    assert len(pairs) == 21
    differ = [
        (sector, region, parents[labels["usbp_sector", sector]])
        for sector, region in pairs
        if parents[labels["usbp_sector", sector]] != labels["land_border_region", region]
    ]
    # aggstats places Livermore with the coastal and interior sectors; OHSS files it as Northern.
    assert differ == [("Livermore, CA", "Northern Land Border", "land_border_region:OTHER")]


# CBP's USBP encounters from its FY20-FY24 AOR file, and the KHSM workbook's annual figures,
# as each prints them. KHSM is CBP rounded to 10: the two extractions agree to the encounter.
CBP_USBP = {2021: 1_662_167, 2022: 2_214_652, 2023: 2_063_692, 2024: 1_557_319}
KHSM_USBP = {2021: 1_662_170, 2022: 2_214_650, 2023: 2_063_690, 2024: 1_557_320}


def test_nationwide_khsm_agrees_with_cbps_usbp_component_fy2021_to_fy2024(real_con):
    cbp = dict(
        real_con.execute("""
        SELECT fiscal_year, sum(encounter_count) FROM stg_cbp_encounters__aor
        WHERE component = 'U.S. Border Patrol' AND fiscal_year BETWEEN 2021 AND 2024
        GROUP BY ALL""").fetchall()
    )
    khsm = {fy: v for (fy, _, _), v in annual(real_con, "nation").items() if 2021 <= fy <= 2024}
    assert (cbp, khsm) == (CBP_USBP, KHSM_USBP)
    assert all(abs(khsm[fy] - cbp[fy]) <= 5 for fy in cbp)  # within KHSM's rounding
    months = real_con.execute(f"""
        WITH cbp AS (SELECT period, value FROM observation
                     WHERE measure_id = 'cbp_encounters.encounters' AND region_code = 'nation:US'
                       AND dimension = 'component' AND category = 'U.S. Border Patrol'),
             khsm AS (SELECT period, value FROM observation
                      WHERE {KHSM} AND region_code = 'nation:US' AND grain = 'month'
                        AND dimension = 'total')
        SELECT count(*), max(abs(khsm.value - cbp.value))
        FROM khsm JOIN cbp USING (period) WHERE {FY} BETWEEN 2021 AND 2024""").fetchone()
    assert months == (48, 5)  # every month within KHSM's rounding of CBP's count
