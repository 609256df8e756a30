"""CBP encounters from the real published files (the mirror): totals CBP published, and agreement
between the AOR, State and Southwest files and between releases."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.integration

# CBP's published nationwide encounter totals by fiscal year.
PUBLISHED_FY_TOTALS = {
    2020: 646_822,
    2021: 1_956_519,
    2022: 2_766_582,
    2023: 3_201_144,
    2024: 2_901_142,
}
FY = "year(period + INTERVAL 3 MONTH)"  # fiscal year of a month's first day


def test_nationwide_fiscal_year_totals_equal_cbps_published_totals(real_con):
    rows = real_con.execute(f"""
        SELECT {FY} AS fy, sum(value) FROM observation
        WHERE region_code = 'nation:US' AND measure_id = 'cbp_encounters.encounters'
          AND dimension = 'total' AND grain = 'month' AND {FY} <= 2024
        GROUP BY fy ORDER BY fy""").fetchall()
    assert dict(rows) == PUBLISHED_FY_TOTALS


def test_state_and_aor_files_agree_for_every_month(real_con):
    differences = real_con.execute("""
        WITH aor AS (SELECT fiscal_year, month_abbv, sum(encounter_count) AS n
                     FROM stg_cbp_encounters__aor GROUP BY ALL),
             state AS (SELECT fiscal_year, month_abbv, sum(encounter_count) AS n
                       FROM stg_cbp_encounters__state
                       WHERE file_id LIKE '%fy20-fy24-state.csv' GROUP BY ALL)
        SELECT count(*) FILTER (WHERE aor.n IS DISTINCT FROM state.n), count(*)
        FROM aor FULL JOIN state USING (fiscal_year, month_abbv)""").fetchone()
    assert differences == (0, 60)


def test_southwest_file_agrees_with_the_aor_files_southwest_rows(real_con):
    compared = real_con.execute("""
        WITH aor AS (SELECT fiscal_year, month_abbv, component, encounter_type,
                            sum(encounter_count) AS n
                     FROM stg_cbp_encounters__aor
                     WHERE land_border_region = 'Southwest Land Border' GROUP BY ALL),
             sw AS (SELECT fiscal_year, month_abbv, component, encounter_type,
                           sum(encounter_count) AS n
                    FROM stg_cbp_encounters__southwest GROUP BY ALL)
        SELECT count(*) FILTER (WHERE aor.n <> sw.n), count(*),
               count(DISTINCT (aor.fiscal_year, aor.month_abbv))
        FROM aor JOIN sw USING (fiscal_year, month_abbv, component, encounter_type)""").fetchone()
    mismatched, cells, months = compared
    assert months == 36  # FY2022-FY2024, the months both files cover
    assert (mismatched, cells > 36 * 2) == (0, True)


def test_the_two_state_releases_agree_cell_for_cell_where_they_overlap(real_con):
    compared = real_con.execute("""
        WITH cells AS (
            SELECT file_id, fiscal_year, month_abbv, land_border_region, state, citizenship,
                   title_of_authority, encounter_count,
                   replace(demographic, 'UC / Single Minors', 'UAC') AS demographic
            FROM stg_cbp_encounters__state WHERE fiscal_year IN (2023, 2024))
        SELECT count(*) FILTER (WHERE old.encounter_count IS DISTINCT FROM new.encounter_count),
               count(*)
        FROM (SELECT * FROM cells WHERE file_id LIKE '%fy20-fy24-state.csv') old
        FULL JOIN (SELECT * FROM cells WHERE file_id LIKE '%fy23-fy26-jan-state.csv') new
        USING (fiscal_year, month_abbv, land_border_region, state, demographic, citizenship,
               title_of_authority)""").fetchone()
    assert compared == (0, 25_836)


def test_state_level_runs_monthly_to_january_2026_from_the_newest_release(real_con):
    months, first, last, newest = real_con.execute("""
        SELECT count(DISTINCT period), min(period), max(period),
               max(as_of) FILTER (WHERE period >= DATE '2022-10-01')
        FROM observation
        WHERE region_level = 'state' AND dimension = 'total'
          AND measure_id = 'cbp_encounters.encounters'""").fetchone()
    assert (first, last, months) == (dt.date(2019, 10, 1), dt.date(2026, 1, 1), 76)
    assert newest == dt.date(2026, 2, 1)
    fy2025 = real_con.execute(f"""
        SELECT sum(value) FROM observation WHERE region_code = 'nation:US'
          AND measure_id = 'cbp_encounters.encounters' AND grain = 'month'
          AND dimension = 'total' AND {FY} = 2025""").fetchone()[0]
    assert fy2025 == 691_906  # the FY23-FY26 release's own FY2025 sum


def test_every_warehouse_check_passes(real_con):
    from pipelines.warehouse import run_checks

    assert run_checks(real_con) == []


def test_sectors_and_field_offices_are_all_mapped(real_con):
    counts = dict(
        real_con.execute("""
        SELECT region_level, count(DISTINCT region_code) FROM observation
        WHERE measure_id = 'cbp_encounters.encounters' GROUP BY ALL""").fetchall()
    )
    assert counts == {
        "nation": 1,
        "land_border_region": 3,
        "usbp_sector": 20,
        "ofo_field_office": 21,
        "state": 49,
    }


def test_a_southwest_only_release_leaves_other_regions_breakdowns_in_force(real_con):
    # The Southwest file (Aug 2025) restates the Southwest region only; the Northern and Other
    # regions keep the AOR file's component breakdown for FY2022-FY2024.
    rows = real_con.execute("""
        SELECT region_code, count(DISTINCT period), list(DISTINCT file_id)
        FROM observation
        WHERE measure_id = 'cbp_encounters.encounters'
          AND dimension = 'component' AND region_level = 'land_border_region'
          AND period BETWEEN DATE '2021-10-01' AND DATE '2024-09-01'
        GROUP BY ALL ORDER BY ALL""").fetchall()
    assert [(code, months) for code, months, _ in rows] == [
        ("land_border_region:N", 36),
        ("land_border_region:OTHER", 36),
        ("land_border_region:SW", 36),
    ]
    assert rows[0][2] == ["cbp_encounters/nationwide-encounters-fy20-fy24-aor.csv"]
    assert rows[2][2] == ["cbp_encounters/sbo-encounters-fy22-fy25-aug.csv"]
