"""pipelines/series.yaml against the registry: every series applies, a wrong name fails by name,
and segments of another kind or unit are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from pipelines import regions, series, warehouse
from pipelines.registry import load_registry

FIXTURE = Path(__file__).parents[1] / "fixtures" / "series" / "series.yaml"


@pytest.fixture(scope="module")
def sources():
    return load_registry()


@pytest.fixture(scope="module")
def region_codes(sources):
    return set(regions.read_regions(sources)["region_code"])


def _changed(tmp_path: Path, change) -> Path:
    doc = yaml.safe_load(FIXTURE.read_text())
    change(doc["series"][0])
    path = tmp_path / "series.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_every_declared_series_is_active_with_the_full_registry(sources, region_codes):
    declared = yaml.safe_load(series.SERIES_FILE.read_text())["series"]
    rows, segments = series.read(sources, region_codes)
    assert rows["series_id"].to_list() == [s["id"] for s in declared]
    assert segments.height == sum(len(s["segments"]) for s in declared)
    bp = segments.filter(series_id="border_patrol_apprehensions").sort("rank")
    assert bp.select("measure_id", "first_year", "last_year").rows()[:2] == [
        ("usbp_sector_apprehensions.apprehensions", 2000, 2019),
        ("cbp_encounters.encounters", 2020, None),
    ]
    assert bp.row(1, named=True)["category"] == "U.S. Border Patrol"
    assert "Title 42" in bp.row(1, named=True)["unit_note"]


def test_the_fixture_declaration_reads_into_its_rows(sources, region_codes):
    rows, segments = series.read(sources, region_codes, FIXTURE)
    assert rows.row(0, named=True) == {
        "series_id": "usbp_long",
        "name": "Border Patrol apprehensions, fixture",
        "unit": "apprehensions",
        "kind": "flow",
        "definition": "A fixture series of two segments.",
        "region_code": "nation:US",
    }
    assert segments.select("rank", "dimension", "category", "measure_unit").rows() == [
        (1, "total", "total", "apprehensions"),
        (2, "component", "U.S. Border Patrol", "encounters"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s["segments"][0].update(measure="usbp_sector_apprehensions.arrests"),
            "segment 1 ('usbp_sector_apprehensions.arrests'): unknown measure "
            "'usbp_sector_apprehensions.arrests'",
        ),
        (
            lambda s: s["segments"][1].update(where={"sector": "U.S. Border Patrol"}),
            "cbp_encounters.encounters has no dimension 'sector'",
        ),
        (lambda s: s.update(region="nation:MX"), "unknown region 'nation:MX'"),
        (
            lambda s: s.update(region="ice_aor:ATL"),
            "usbp_sector_apprehensions.apprehensions has no level 'ice_aor'",
        ),
        (
            lambda s: s["segments"][1].pop("unit_note"),
            "cbp_encounters.encounters counts 'encounters', the series 'apprehensions'",
        ),
        (
            lambda s: s["segments"][0].update(measure="ice_detention.adp"),
            "ice_detention.adp is a stock, the series a flow",
        ),
        (lambda s: s["segments"][0].update(to="2019"), "to '2019' is not a fiscal year"),
        (lambda s: s["segments"][0].update(to="FY1999"), "`to` FY1999 comes before `from` FY2000"),
        (lambda s: s["segments"][0].pop("label"), "segment 1 ('usbp_sector_apprehensions."),
        (lambda s: s.pop("unit"), "series 'usbp_long' lacks unit"),
        (lambda s: s.update(kind="count"), "kind 'count' is not one of flow"),
        (lambda s: s.update(segments=[]), "series 'usbp_long' lists no segments"),
    ],
)
def test_a_wrong_declaration_fails_by_name(tmp_path, sources, region_codes, change, message):
    path = _changed(tmp_path, change)
    with pytest.raises(series.SeriesError) as error:
        series.read(sources, region_codes, path)
    assert message in str(error.value)


def test_a_series_waits_for_its_sources(sources, region_codes):
    only_ice = [s for s in sources if s.source_id == "ice_detention"]
    rows, segments = series.read(only_ice, region_codes, FIXTURE)
    assert rows.is_empty() and segments.is_empty()


def _warehouse(sources, region_codes, facts: list[dict]):
    con = duckdb.connect()
    warehouse.create(con)
    warehouse.insert(con, "dim_level", regions.read_levels(sources))
    warehouse.insert(con, "dim_region", regions.read_regions(sources))
    warehouse.load_registry(con, sources)
    warehouse.load_facts(con, pl.DataFrame(facts))
    warehouse.derive(con)
    return con


def _fact(measure_id, period, value, file_id, dimension="total", category="total", grain="month"):
    return {
        "measure_id": measure_id,
        "region_code": "nation:US",
        "period": period,
        "grain": grain,
        "dimension": dimension,
        "category": category,
        "value": float(value),
        "file_id": file_id,
        "as_of": dt.date(2025, 1, 1),
    }


def _file(sources, source_id):
    return next(f.file_id for s in sources if s.source_id == source_id for f in s.files)


def test_a_category_the_facts_lack_fails_the_load(sources, region_codes):
    cbp = _file(sources, "cbp_encounters")
    con = _warehouse(
        sources,
        region_codes,
        [
            _fact("cbp_encounters.encounters", dt.date(2019, 10, 1), 5, cbp, "component", "OFO"),
            _fact(
                "usbp_sector_apprehensions.apprehensions",
                dt.date(2018, 10, 1),
                7,
                _file(sources, "usbp_sector_apprehensions"),
                grain="fiscal_year",
            ),
        ],
    )
    with pytest.raises(series.SeriesError, match="segment 2 .* no category 'U.S. Border Patrol'"):
        series.load(con, *series.read(sources, region_codes, FIXTURE))


def test_the_first_complete_year_wins_and_a_year_of_11_months_is_partial(sources, region_codes):
    cbp, usbp = _file(sources, "cbp_encounters"), _file(sources, "usbp_sector_apprehensions")
    months = [dt.date(2019 + (m >= 1 and m < 10), m, 1) for m in (10, 11, 12, *range(1, 10))]
    facts = [
        _fact(
            "usbp_sector_apprehensions.apprehensions",
            dt.date(2018, 10, 1),
            700,
            usbp,
            grain="fiscal_year",
        ),
        _fact(
            "usbp_sector_apprehensions.apprehensions",
            dt.date(2019, 10, 1),
            900,
            usbp,
            grain="fiscal_year",
        ),
        *[
            _fact("cbp_encounters.encounters", m, 10, cbp, "component", "U.S. Border Patrol")
            for m in months
        ],
        *[
            _fact(
                "cbp_encounters.encounters",
                m.replace(year=m.year + 1),
                20,
                cbp,
                "component",
                "U.S. Border Patrol",
            )
            for m in months[:11]
        ],
    ]
    con = _warehouse(sources, region_codes, facts)
    series.load(con, *series.read(sources, region_codes, FIXTURE))
    rows = con.execute(
        "SELECT fiscal_year, value, months, complete, rank FROM fact_series ORDER BY ALL"
    ).fetchall()
    # FY2020: the first segment stops at FY2019, so CBP's twelve months give it, not the 900
    assert rows == [
        (2019, 700.0, 12, True, 1),
        (2020, 120.0, 12, True, 2),
        (2021, 220.0, 11, False, 2),
    ]
    kept = con.execute(
        "SELECT value FROM fact_series_segment WHERE rank = 1 AND fiscal_year = 2020"
    ).fetchall()
    assert kept == [(900.0,)]  # kept for the seam, outside the segment's years
