"""The build on fixture registries: atomic replacement, determinism, vintages, clear failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import duckdb
import pytest

from pipelines import build as build_module
from pipelines.build import build
from pipelines.errors import FetchError, InputError
from pipelines.regions import UnmappedRegionError
from tests.conftest import FIXTURES, fixture_registry

CBP = FIXTURES / "cbp_encounters"
AOR = {
    "path": CBP / "aor.csv",
    "layout": "aor",
    "levels": ["nation", "land_border_region", "usbp_sector", "ofo_field_office"],
}
STATE = {"path": CBP / "state.csv", "layout": "state", "levels": ["state"]}
NEWER = {
    "path": CBP / "state-newer.csv",
    "layout": "state",
    "as_of": dt.date(2026, 2, 1),
    "levels": ["nation", "land_border_region", "state"],
}


@pytest.fixture
def env(tmp_path):
    raw = tmp_path / "raw"
    target = tmp_path / "aggstats.duckdb"

    def registry(*files):
        return fixture_registry(tmp_path / "sources", "cbp_encounters", list(files), raw)

    return registry, raw, target


def table(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_build_loads_dimensions_staging_and_facts(env):
    registry, raw, target = env
    report = build(registry(AOR, STATE), raw, target)
    assert report.staging_rows == {"stg_cbp_encounters__aor": 7, "stg_cbp_encounters__state": 6}
    rows = table(
        target,
        "SELECT value FROM observation WHERE region_code = 'usbp_sector:EPT' "
        "AND period = DATE '2023-10-01' AND dimension = 'total'",
    )
    assert rows == [(1500.0,)]
    readable = table(
        target,
        "SELECT region, unit, publisher FROM observation_readable "
        "WHERE region_code = 'state:VT' AND dimension = 'total'",
    )
    assert readable == [("Vermont", "encounters", "U.S. Customs and Border Protection (CBP)")]


def test_newest_release_wins_for_the_periods_it_covers(env):
    registry, raw, target = env
    build(registry(AOR, STATE, NEWER), raw, target)
    tx = table(
        target,
        "SELECT period, value, as_of FROM observation WHERE region_code = "
        "'state:TX' AND dimension = 'total' ORDER BY period",
    )
    assert tx == [
        (dt.date(2021, 3, 1), 5000.0, dt.date(2024, 10, 1)),  # only the older release has it
        (dt.date(2023, 10, 1), 1590.0, dt.date(2026, 2, 1)),  # revised in the newer release
        (dt.date(2024, 1, 1), 900.0, dt.date(2024, 10, 1)),
        (dt.date(2025, 10, 1), 9.0, dt.date(2026, 2, 1)),
    ]
    # both vintages are kept for users who ask for the figures as they stood
    vintages = table(
        target,
        "SELECT as_of, value FROM observation_all WHERE region_code = "
        "'state:TX' AND period = DATE '2023-10-01' AND dimension = 'total' "
        "ORDER BY as_of",
    )
    assert vintages == [(dt.date(2024, 10, 1), 1582.0), (dt.date(2026, 2, 1), 1590.0)]


def test_two_builds_from_the_same_files_are_equal(env, tmp_path):
    registry, raw, target = env
    sources = registry(AOR, STATE, NEWER)
    build(sources, raw, target)
    second = build(sources, raw, tmp_path / "second.duckdb").warehouse
    tables = [
        t
        for (t,) in table(
            target,
            "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'meta_build' ORDER BY 1",
        )
    ]
    assert "fact_observation" in tables
    for name in tables:
        query = f"SELECT * FROM {name} ORDER BY ALL"
        assert table(target, query) == table(second, query), name


def corrupt_and_rebuild(env, mutate):
    """Build once, break the state file, build again: return the failure and the old facts."""
    registry, raw, target = env
    sources = registry(AOR, STATE)
    build(sources, raw, target)
    before = table(target, "SELECT * FROM fact_observation ORDER BY ALL")
    broken = raw / "cbp_encounters" / "state.csv"
    broken.write_bytes(mutate(broken.read_bytes()))
    return sources, before, broken


def test_wrong_checksum_fails_and_keeps_the_previous_warehouse(env):
    _, raw, target = env
    sources, before, _ = corrupt_and_rebuild(env, lambda b: b.replace(b"1280", b"9999"))
    with pytest.raises(FetchError, match="cbp_encounters/state.csv: checksum mismatch"):
        build(sources, raw, target)
    assert table(target, "SELECT * FROM fact_observation ORDER BY ALL") == before
    assert sorted(p.name for p in target.parent.iterdir() if "building" in p.name) == []


@pytest.mark.parametrize(
    ("mutate", "message", "row"),
    [
        (lambda b: b[: b.rindex(b",TX,")], "blank value", 7),
        (lambda b: b.replace(b"State,", b"Sate,"), "missing column(s) 'State'", 1),
        (lambda b: b.replace(b"1280", b"\xff\xfe\x00"), "is not UTF-8: byte 0xff at line 2", 2),
    ],
    ids=["truncated", "mis-headed", "corrupted"],
)
def test_bad_input_fails_with_its_place_and_keeps_the_previous_warehouse(env, mutate, message, row):
    registry, raw, target = env
    _, before, broken = corrupt_and_rebuild(env, mutate)
    sources = registry(AOR, {**STATE, "path": broken})  # declared with the broken file's checksum
    with pytest.raises(InputError, match=re.escape(message)) as error:
        build(sources, raw, target)
    assert (error.value.file, error.value.row) == ("state.csv", row)
    assert table(target, "SELECT * FROM fact_observation ORDER BY ALL") == before


def test_unmapped_region_label_is_named(env, tmp_path):
    registry, raw, target = env
    odd = tmp_path / "odd.csv"
    odd.write_bytes((CBP / "state.csv").read_bytes().replace(b",VT,", b",XX,"))
    with pytest.raises(UnmappedRegionError, match="state: 'XX'"):
        build(registry({**STATE, "path": odd}), raw, target)
    assert not target.exists()


def test_fixture_checksums_are_recorded(env):
    registry, raw, _ = env
    (source,) = registry(STATE)
    data = (CBP / "state.csv").read_bytes()
    assert source.files[0].sha256 == hashlib.sha256(data).hexdigest()


def test_files_read_in_worker_processes_build_the_same_warehouse(env, tmp_path, monkeypatch):
    registry, raw, target = env
    sources = registry(AOR, STATE, NEWER)
    build(sources, raw, target)
    monkeypatch.setattr(build_module, "POOL_FROM_FILES", 1)  # three files: use the pool
    pooled = build(sources, raw, tmp_path / "pooled.duckdb").warehouse
    query = "SELECT * FROM fact_observation ORDER BY ALL"
    assert table(pooled, query) == table(target, query)


def test_a_bad_file_read_in_a_worker_fails_with_its_place(env, monkeypatch):
    registry, raw, target = env
    _, before, broken = corrupt_and_rebuild(env, lambda b: b.replace(b"State,", b"Sate,"))
    monkeypatch.setattr(build_module, "POOL_FROM_FILES", 1)
    with pytest.raises(InputError, match="missing column") as error:
        build(registry(AOR, {**STATE, "path": broken}), raw, target)
    assert (error.value.file, error.value.row) == ("state.csv", 1)
    assert table(target, "SELECT * FROM fact_observation ORDER BY ALL") == before
