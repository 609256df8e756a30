"""USBP apprehensions by citizenship and sector from CBP's real PDF (FY2007-FY2020), and its
reconciliation with the sector file, the third-party extraction and the Knowledge Hub."""

from __future__ import annotations

import pytest

from aggstats import query

pytestmark = pytest.mark.integration

ALL = "usbp_sector_apprehensions.apprehensions"
ENCOUNTERS = "usbp_sector_apprehensions.encounters"
PDF = "usbp_sector_apprehensions/US Border Patrol Nationwide Apps by Citizenship & Sector.pdf"
STAGED = "stg_usbp_sector_apprehensions__citizenship_by_sector"
FY = "year(period + INTERVAL 3 MONTH)"


def figure(con, region: str, fiscal_year: int, citizenship: str = "total", measure=ALL):
    dimension = "total" if citizenship == "total" else "citizenship"
    return con.execute(
        f"SELECT value, file_id FROM observation WHERE measure_id = ? AND region_code = ? "
        f"AND dimension = ? AND category = ? AND {FY} = ?",
        [measure, region, dimension, citizenship, fiscal_year],
    ).fetchone()


def test_national_totals_as_printed_in_the_pdf(real_con):
    # the TOTAL rows on pages 3, 6, 27 and 39, and the FY2020 encounters on page 42
    assert figure(real_con, "nation:US", 2007) == (876_704, PDF)
    assert figure(real_con, "nation:US", 2008) == (723_825, PDF)
    assert figure(real_con, "nation:US", 2015) == (337_117, PDF)
    assert figure(real_con, "nation:US", 2019) == (859_501, PDF)
    assert figure(real_con, "nation:US", 2020, measure=ENCOUNTERS) == (405_036, PDF)
    assert figure(real_con, "nation:US", 2020) is None  # encounters are not apprehensions


def test_border_and_sector_totals_as_printed(real_con):
    # page 39, FY2019 TOTAL row: SBO Total 851,508, RGV 339,135, NBO Total 4,408, RMY 562
    assert figure(real_con, "land_border_region:SW", 2019)[0] == 851_508
    assert figure(real_con, "usbp_sector:RGV", 2019)[0] == 339_135
    assert figure(real_con, "land_border_region:N", 2019)[0] == 4_408
    assert figure(real_con, "usbp_sector:RMY", 2019)[0] == 562


def test_sector_by_citizenship_cells_read_off_the_pages(real_con):
    # page 1 (FY2007), the CUBA row: blank DRT..SPW cells in the northern border, BLW 1, BUN 2,
    # SWB 1; Miami 3,959; page 2, MEXICO in Tucson 366,456
    assert figure(real_con, "usbp_sector:MIP", 2007, "CUBA")[0] == 3_959
    assert figure(real_con, "usbp_sector:BUN", 2007, "CUBA")[0] == 2
    assert figure(real_con, "usbp_sector:SWB", 2007, "CUBA")[0] == 1
    assert figure(real_con, "usbp_sector:DTM", 2007, "CUBA")[0] == 0  # printed blank
    assert figure(real_con, "nation:US", 2007, "CUBA")[0] == 4_296
    assert figure(real_con, "usbp_sector:TCA", 2007, "MEXICO")[0] == 366_456
    # page 33 (FY2017), SYRIA: San Diego 2, Buffalo 3, nationwide 10
    assert figure(real_con, "usbp_sector:SDC", 2017, "SYRIA")[0] == 2
    assert figure(real_con, "usbp_sector:BUN", 2017, "SYRIA")[0] == 3
    assert figure(real_con, "nation:US", 2017, "SYRIA")[0] == 10


def test_every_tables_total_row_equals_the_sum_of_its_rows_over_its_pages(real_con):
    rows = real_con.execute(f"""
        SELECT fiscal_year, count(DISTINCT page), count(DISTINCT label) FILTER (WHERE NOT is_total)
        FROM {STAGED} GROUP BY ALL ORDER BY 1""").fetchall()
    assert [r[0] for r in rows] == list(range(2007, 2021))
    assert all(pages == 3 for _, pages, _ in rows)
    assert rows[0][2] == 154  # FY2007: 154 citizenships over pages 1-3
    held = real_con.execute(f"""
        SELECT count(*) FILTER (WHERE parts = total), count(*)
        FROM (SELECT fiscal_year, "column", sum(value) FILTER (WHERE NOT is_total) AS parts,
                     max(value) FILTER (WHERE is_total) AS total FROM {STAGED} GROUP BY ALL)
        """).fetchone()
    assert held == (14 * 24, 14 * 24)


def test_citizenships_sum_to_each_regions_total_in_the_warehouse(real_con):
    off = real_con.execute(f"""
        SELECT measure_id, region_code, period, sum(value) FILTER (WHERE dimension <> 'total'),
               max(value) FILTER (WHERE dimension = 'total')
        FROM observation_all WHERE file_id = '{PDF}' GROUP BY ALL
        HAVING sum(value) FILTER (WHERE dimension <> 'total')
               <> max(value) FILTER (WHERE dimension = 'total')""").fetchall()
    assert off == []


def test_reconciliations(real_con):
    frame = query.reconciliation(real_con)

    def years(pair: str) -> dict[int, bool]:
        rows = frame.filter(reconciliation_id=pair).select("period", "agrees").rows()
        return {d.year + 1: agrees for d, agrees in rows}

    assert years("usbp_citizenship_pdf_vs_extraction") == {y: True for y in range(2007, 2020)}
    assert years("usbp_citizenship_pdf_vs_extraction_fy2020") == {2020: True}
    assert years("usbp_sector_file_vs_citizenship_pdf_nation") == {
        y: True for y in range(2007, 2017)
    }
    assert years("usbp_sector_file_vs_citizenship_pdf_tca") == {
        y: y != 2007 for y in range(2007, 2017)
    }
    assert years("usbp_citizenship_pdf_vs_khsm") == {y: True for y in range(2007, 2020)}
    khsm = frame.filter(reconciliation_id="usbp_citizenship_pdf_encounters_vs_khsm")
    assert khsm.select("left_value", "right_value").rows() == [(405_036.0, 405_040.0)]


def test_the_third_party_extraction_is_never_a_release(real_con):
    """It is read only to reconcile with: never in force, never offered as a vintage."""
    from aggstats import query

    releases = query.releases(real_con, "usbp_sector_apprehensions.apprehensions")
    assert [d.isoformat() for d in releases["as_of"]] == ["2017-01-01", "2021-08-09"]
    pair = query.reconciliation(real_con).filter(
        reconciliation_id="usbp_citizenship_pdf_vs_extraction"
    )
    assert pair.height == 13 and pair["agrees"].all()
