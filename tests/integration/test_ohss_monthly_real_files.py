"""OHSS monthly tables from the real August 2024 workbook (the mirror): figures OHSS printed, and
each fiscal year's Total row against its months."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

M = "ohss_monthly_tables."


def fiscal_year_total(con, measure: str, region: str, fiscal_year: int) -> float:
    return con.execute(
        """SELECT value FROM observation WHERE measure_id = ? AND region_code = ?
           AND grain = 'fiscal_year' AND dimension = 'total'
           AND period = make_date(? - 1, 10, 1)""",
        [M + measure, region, fiscal_year],
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("measure", "region", "published"),
    [
        ("usbp_encounters", "nation:US", 486_650),  # Nationwide USBP!C4
        ("ero_administrative_arrests", "nation:US", 183_700),  # ERO Arrests by Citizenship!C4
        ("ice_removals_returns", "nation:US", 315_940),  # ICE ERO R&R by Citizenship!C4
        ("cbp_encounters", "nation:US", 711_670),  # CBP Encounter by Type + Region!C5
        ("cbp_encounters", "land_border_region:SW", 570_050),  # printed in four tables
        ("usbp_encounters", "land_border_region:SW", 479_370),
        ("ofo_encounters", "land_border_region:SW", 90_680),
        ("usbp_encounters", "usbp_sector:RGV", 256_390),  # SWB Enc by Sector+Field Ofc!M5
        ("ofo_encounters", "ofo_field_office:LAR", 39_070),  # SWB Enc by Sector+Field Ofc!R5
    ],
)
def test_fy2014_figures_as_ohss_printed_them(real_con, measure, region, published):
    assert fiscal_year_total(real_con, measure, region, 2014) == published


def test_every_sheet_is_staged_cell_by_cell(real_con):
    sheets, cells, not_available, not_applicable = real_con.execute(
        """SELECT count(DISTINCT sheet), count(*), count(*) FILTER (marker = 'NA'),
                  count(*) FILTER (marker = 'X')
           FROM stg_ohss_monthly_tables__workbook"""
    ).fetchone()
    # NA in the family status and criminality tables, X in book-outs, repatriations, CBP One, CHNV
    assert (sheets, cells, not_available, not_applicable) == (34, 105_020, 1_274, 3_682)


def test_months_run_from_october_2013_to_august_2024(real_con):
    first, last, months = real_con.execute(
        f"""SELECT min(period), max(period), count(DISTINCT period) FROM observation
            WHERE measure_id = '{M}usbp_encounters' AND region_code = 'nation:US'
              AND grain = 'month' AND dimension = 'total'"""
    ).fetchone()
    assert (str(first), str(last), months) == ("2013-10-01", "2024-08-01", 131)


def test_each_fiscal_year_total_row_equals_its_months_within_rounding(real_con):
    """Every cell is rounded to the nearest ten, so a Total row may differ from the sum of its n
    months by up to 5 per month plus 5 for itself: tolerance 5 * (n + 1). The only exceptions are
    FY2019's Migrant Protection Protocols book-outs, whose months before the programme began are
    marked X (not applicable) while the year's Total counts them."""
    rows = real_con.execute(
        f"""WITH months AS (
              SELECT measure_id, region_code, dimension, category,
                     year(period + INTERVAL 3 MONTH) AS fy, sum(value) AS months, count(*) AS n
              FROM observation WHERE grain = 'month' AND measure_id LIKE '{M}%' GROUP BY ALL),
            years AS (
              SELECT measure_id, region_code, dimension, category, year(period) + 1 AS fy, value
              FROM observation WHERE grain = 'fiscal_year' AND measure_id LIKE '{M}%')
            SELECT y.measure_id, y.fy, y.category, y.value - m.months, m.n
            FROM years y JOIN months m USING (measure_id, region_code, dimension, category, fy)
            WHERE abs(y.value - m.months) > 5 * (m.n + 1)
            ORDER BY ALL"""
    ).fetchall()
    compared = real_con.execute(
        f"SELECT count(*) FROM observation WHERE grain = 'fiscal_year' AND measure_id LIKE '{M}%'"
    ).fetchone()[0]
    assert compared > 7000
    assert {
        (m, fy, category.endswith("Migrant Protection Protocols")) for m, fy, category, *_ in rows
    } == {(M + "cbp_book_outs", 2019, True)}
    assert len(rows) == 5
    assert max(abs(difference) for *_, difference, _ in rows) == 170


def test_partial_last_year_is_stored_as_published(real_con):
    # 2024 YTD, October 2023 to August 2024: Nationwide USBP!C134
    ytd = fiscal_year_total(real_con, "usbp_encounters", "nation:US", 2024)
    months = real_con.execute(
        f"""SELECT sum(value), count(*) FROM observation
            WHERE measure_id = '{M}usbp_encounters' AND region_code = 'nation:US'
              AND grain = 'month' AND dimension = 'total' AND period >= DATE '2023-10-01'"""
    ).fetchone()
    assert months[1] == 11
    assert abs(ytd - months[0]) <= 5 * (11 + 1)
