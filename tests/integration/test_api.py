"""The notebook API (`import aggstats`) on the real warehouse: every function, real figures."""

from __future__ import annotations

import datetime as dt
import doctest

import polars as pl
import pytest

import aggstats
import aggstats.api
from aggstats import query
from pipelines.registry import load_registry

pytestmark = pytest.mark.integration
ENCOUNTERS = "cbp_encounters.encounters"


@pytest.fixture
def warehouse_env(real_warehouse, monkeypatch):
    """The settings point at the real warehouse, as a notebook's environment would."""
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(real_warehouse))
    return real_warehouse


def test_connect_opens_the_warehouse_of_the_settings_read_only(warehouse_env):
    con = aggstats.connect()
    try:
        assert con.execute("SELECT count(*) FROM dim_measure").fetchone()[0] >= 1
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM dim_level")
    finally:
        con.close()


def test_connect_without_a_built_warehouse_says_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(tmp_path))
    with pytest.raises(aggstats.QueryError, match=r"no warehouse at .*aggstats fetch && aggstats"):
        aggstats.connect()
    with pytest.raises(aggstats.QueryError, match="AGGSTATS_WAREHOUSE"):
        aggstats.series(ENCOUNTERS)


def test_measures_lists_every_registered_measure_with_its_unit(warehouse_env):
    frame = aggstats.measures()
    declared = {m.measure_id: m.unit for s in load_registry() for m in s.measures}
    assert dict(zip(frame["measure_id"], frame["unit"], strict=True)) == declared
    cbp = frame.filter(measure_id=ENCOUNTERS).row(0, named=True)
    assert (cbp["unit"], cbp["counts"], cbp["source_id"]) == (
        "encounters",
        "events",
        cbp["source_id"],
    )
    assert "citizenship" in cbp["dimensions"] and "usbp_sector" in cbp["levels"]


def test_regions_by_level_and_by_measure(warehouse_env):
    sectors = aggstats.regions("usbp_sector")
    southwest = sectors.filter(parent_code="land_border_region:SW")
    assert southwest.height == 9
    assert "Rio Grande Valley Sector" in southwest["name"].to_list()
    assert set(aggstats.regions(measure=ENCOUNTERS)["level"]) >= {"nation", "state", "usbp_sector"}
    assert aggstats.regions("immigration_court", measure=ENCOUNTERS).is_empty()


def test_regions_refuses_unknown_levels_and_measures(warehouse_env):
    with pytest.raises(aggstats.QueryError, match="unknown level 'county'; levels: nation"):
        aggstats.regions("county")
    with pytest.raises(aggstats.QueryError, match="unknown measure 'no.such'"):
        aggstats.regions(measure="no.such")


def test_sources_give_every_file_with_its_checksum(warehouse_env):
    frame = aggstats.sources()
    declared = {f.file_id: f.sha256 for s in load_registry() for f in s.files}
    assert dict(zip(frame["file_id"], frame["sha256"], strict=True)) == declared
    assert frame["licence"].str.to_lowercase().str.contains("public domain").all()


def test_series_gives_the_published_fiscal_year_total_with_unit_and_source(warehouse_env):
    frame = aggstats.series(ENCOUNTERS)
    assert frame.columns == aggstats.api.SERIES_COLUMNS
    fy2023 = frame.filter(period=dt.date(2022, 10, 1)).row(0, named=True)
    assert fy2023["value"] == 3_201_144
    assert (fy2023["unit"], fy2023["source"]) == ("encounters", "cbp_encounters")
    assert fy2023["publisher"].startswith("U.S. Customs and Border Protection")
    assert frame.to_pandas()["value"].max() == 3_201_144


def test_series_equals_the_explorer_query(warehouse_env, real_con):
    ours = aggstats.series(
        ENCOUNTERS, "usbp_sector", ["RGV", "usbp_sector:TCA"], breakdown="citizenship", con=real_con
    )
    theirs = query.series(
        real_con,
        ENCOUNTERS,
        "usbp_sector",
        ["usbp_sector:RGV", "usbp_sector:TCA"],
        breakdown="citizenship",
    )
    assert ours.drop("source", "publisher").equals(
        theirs.select(ours.drop("source", "publisher").columns)
    )


def test_series_selects_by_fiscal_year_grain_and_vintage(warehouse_env):
    rgv = aggstats.series(ENCOUNTERS, "usbp_sector", ["RGV"], start="FY2021", end="FY2021")
    assert rgv["value"].to_list() == [549_077]
    months = aggstats.series(ENCOUNTERS, grain="month", start="FY2023", end="FY2023")
    assert months.height == 12 and months["value"].sum() == 3_201_144
    then = aggstats.series(ENCOUNTERS, "state", ["TX"], grain="month", as_of="2025-01-01")
    assert then["period"].max() == dt.date(2024, 9, 1)


def test_series_breakdown_sums_to_the_total(warehouse_env):
    parts = aggstats.series(ENCOUNTERS, "land_border_region", ["SW"], breakdown="citizenship")
    total = aggstats.series(ENCOUNTERS, "land_border_region", ["SW"])
    assert parts["value"].sum() == total["value"].sum()
    fy2023 = parts.filter(period=dt.date(2022, 10, 1))
    assert fy2023.filter(category="MEXICO")["value"].item() == 717_333


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("no.such",), {}, "unknown measure 'no.such'"),
        ((ENCOUNTERS, "state", ["ZZ"]), {}, "unknown region.*state:ZZ"),
        ((ENCOUNTERS, "immigration_court"), {}, "no figures at level"),
        ((ENCOUNTERS,), {"breakdown": "gender"}, "no breakdown 'gender'"),
        ((ENCOUNTERS,), {"start": "last year"}, "neither a date"),
    ],
)
def test_series_says_why_it_cannot_answer(warehouse_env, args, kwargs, message):
    with pytest.raises(aggstats.QueryError, match=message):
        aggstats.series(*args, **kwargs)


def test_cite_names_the_files_behind_a_frame(warehouse_env):
    sectors = aggstats.series(ENCOUNTERS, "usbp_sector")
    text = aggstats.cite(sectors)
    assert text.startswith("U.S. Customs and Border Protection")
    assert "nationwide-encounters-fy20-fy24-aor.csv" in text
    assert "state.csv" not in text
    assert aggstats.cite(ENCOUNTERS).count("  - ") == len(
        aggstats.sources().filter(source_id="cbp_encounters")
    )
    with pytest.raises(aggstats.QueryError, match="unknown measure"):
        aggstats.cite("no.such")


def test_the_docstring_examples_are_true(warehouse_env):
    with pl.Config():
        result = doctest.testmod(
            aggstats.api,
            extraglobs={"aggstats": aggstats},
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        )
    assert result.attempted >= 15 and result.failed == 0
