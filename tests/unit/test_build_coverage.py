"""No release erases coverage silently: a build that would cover less than the previous
warehouse (a level's periods, or its cells beyond the tolerance) is refused by name, and the
previous warehouse is left byte-identical, unless the source declares the withdrawal."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
import yaml

from pipelines.build import build
from pipelines.errors import AggstatsError, CoverageError, InputError, RegistryError
from pipelines.registry import load_registry
from pipelines.sources.cbp_encounters import pipeline
from tests.conftest import FIXTURES, fixture_registry

CBP = FIXTURES / "cbp_encounters"
LEVELS = ["nation", "land_border_region", "usbp_sector", "ofo_field_office"]
OFO = b"Office of Field Operations"
MEASURE = "cbp_encounters.encounters"


@pytest.fixture
def built(tmp_path):
    """A warehouse from the AOR and State fixtures; a function to rebuild with another AOR."""
    raw, target = tmp_path / "raw", tmp_path / "aggstats.duckdb"
    state = {"path": CBP / "state.csv", "layout": "state", "levels": ["state"]}

    def rebuild(aor: bytes, *, files=None, declare: dict | None = None):
        path = tmp_path / "new" / "aor.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(aor)
        entries = files or [{"path": path, "layout": "aor", "levels": LEVELS}, state]
        fixture_registry(tmp_path / "sources", "cbp_encounters", entries, raw)
        if declare:
            declaration = tmp_path / "sources" / "cbp_encounters" / "source.yaml"
            doc = yaml.safe_load(declaration.read_text())
            declaration.write_text(yaml.safe_dump({**doc, **declare}, sort_keys=False))
        return build(load_registry(tmp_path / "sources"), raw, target)

    rebuild((CBP / "aor.csv").read_bytes())
    return rebuild, target


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without(component: bytes = OFO, sector: bytes | None = None) -> bytes:
    lines = (CBP / "aor.csv").read_bytes().splitlines(keepends=True)
    return b"".join(
        line
        for line in lines
        if (sector or component) not in line.split(b",", 7)[3 : 7 if sector else 4]
        or line.startswith(b"Fiscal Year")
    )


def levels(target) -> dict[str, int]:
    with duckdb.connect(str(target), read_only=True) as con:
        return dict(
            con.execute(
                "SELECT region_level, count(*) FROM observation_all GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )


def test_a_release_that_drops_a_level_is_refused_and_the_warehouse_kept(built):
    """The AOR file without its field offices: the level goes, and with it the nation's and the
    regions' OFO breakdown cells (what the issue saw: nation 2,446 -> 1,128 on the real file)."""
    rebuild, target = built
    before, counts = sha256(target), levels(target)
    assert counts == {
        "land_border_region": 34, "nation": 25, "ofo_field_office": 7, "state": 20,
        "usbp_sector": 22,
    }  # fmt: skip
    with pytest.raises(CoverageError) as error:
        rebuild(without(OFO))
    assert error.value.losses == [
        f"file 'aor.csv': {MEASURE} at level 'land_border_region' loses 8 of 34 cells "
        "(23.5%; tolerance 1%)",
        f"file 'aor.csv': {MEASURE} at level 'nation' loses 4 of 25 cells (16.0%; tolerance 1%)",
        f"file 'aor.csv': {MEASURE} at level 'ofo_field_office' loses 1 of 1 periods "
        "(2023-10-01) and 7 of 7 cells (100.0%; tolerance 1%)",
    ]
    assert "declare a deliberate withdrawal under `withdrawn:`" in str(error.value)
    assert sha256(target) == before
    assert [p.name for p in target.parent.iterdir() if "building" in p.name] == []


def test_a_declared_withdrawal_lets_the_release_go(built):
    rebuild, target = built
    withdrawn = [{"file": "aor.csv", "measure": MEASURE, "why": "OFO no longer in this file"}]
    rebuild(without(OFO), declare={"withdrawn": withdrawn})
    assert levels(target) == {
        "land_border_region": 26, "nation": 21, "state": 20, "usbp_sector": 22,
    }  # fmt: skip


def test_a_withdrawal_covers_only_what_it_names(built):
    rebuild, _ = built
    withdrawn = [{"file": "aor.csv", "level": "ofo_field_office", "why": "the level only"}]
    with pytest.raises(CoverageError) as error:
        rebuild(without(OFO), declare={"withdrawn": withdrawn})
    assert [loss.split("level ")[1][:8] for loss in error.value.losses] == ["'land_bo", "'nation'"]
    other = [{"file": "state.csv", "why": "another release"}]
    with pytest.raises(CoverageError, match="level 'ofo_field_office' loses 1 of 1 periods"):
        rebuild(without(OFO), declare={"withdrawn": other})


def test_a_level_that_shrinks_beyond_its_tolerance_is_refused(built):
    rebuild, target = built
    before = sha256(target)
    with pytest.raises(CoverageError) as error:
        rebuild(without(sector=b"Swanton Sector"))
    assert error.value.losses[-1] == (
        f"file 'aor.csv': {MEASURE} at level 'usbp_sector' loses 5 of 22 cells "
        "(22.7%; tolerance 1%)"
    )
    assert len(error.value.losses) == 3  # the Northern region and the nation's INDIA go too
    assert sha256(target) == before
    rebuild(without(sector=b"Swanton Sector"), declare={"shrink_tolerance": 0.25})
    assert levels(target)["usbp_sector"] == 17


def test_a_release_taken_out_of_the_registry_is_a_loss_too(built):
    rebuild, _ = built
    aor = {"path": CBP / "aor.csv", "layout": "aor", "levels": LEVELS}
    with pytest.raises(
        CoverageError, match="file 'state.csv': .* level 'state' loses 3 of 3 periods"
    ):
        rebuild((CBP / "aor.csv").read_bytes(), files=[aor])


def test_a_header_only_release_is_refused_by_its_reader(built):
    rebuild, target = built
    before = sha256(target)
    with pytest.raises(InputError, match="has its header but no data rows") as error:
        rebuild((CBP / "aor.csv").read_bytes().splitlines(keepends=True)[0])
    assert (error.value.file, error.value.row) == ("aor.csv", 2)
    assert sha256(target) == before


def test_a_withdrawal_must_say_why(built):
    rebuild, _ = built
    with pytest.raises(RegistryError, match="a withdrawn entry needs file and why"):
        rebuild(without(OFO), declare={"withdrawn": [{"file": "aor.csv"}]})


def test_a_file_that_tidies_into_nothing_is_refused(tmp_path):
    """Field offices only, declared for the sectors: read, but nothing of the level it feeds."""
    offices = tmp_path / "aor.csv"
    offices.write_bytes(without(b"U.S. Border Patrol"))
    entry = {"path": offices, "layout": "aor", "levels": ["usbp_sector"]}
    sources = fixture_registry(tmp_path / "sources", "cbp_encounters", [entry], tmp_path / "raw")
    with pytest.raises(InputError, match=r"gives no observations of the levels \['usbp_sector'\]"):
        build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
    assert not (tmp_path / "aggstats.duckdb").exists()


def test_an_empty_staged_table_is_refused_whatever_the_reader(tmp_path, monkeypatch):
    """A reader that returned no rows without refusing them itself: the build does."""
    read = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda path, layout: read(path, layout).clear())
    entry = {"path": CBP / "state.csv", "layout": "state", "levels": ["state"]}
    sources = fixture_registry(tmp_path / "sources", "cbp_encounters", [entry], tmp_path / "raw")
    with pytest.raises(InputError, match="has its header but no data rows") as error:
        build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
    assert error.value.file == "state.csv"


def test_an_unreadable_previous_warehouse_is_not_replaced_unseen(built):
    """No comparison, no build: the user is told to move the file away to start afresh."""
    rebuild, target = built
    target.write_bytes(b"not a duckdb file " * 100)
    with pytest.raises(AggstatsError, match="cannot compare the new build with the previous"):
        rebuild((CBP / "aor.csv").read_bytes())
    assert target.read_bytes() == b"not a duckdb file " * 100
    target.unlink()
    rebuild((CBP / "aor.csv").read_bytes())
    assert levels(target)["ofo_field_office"] == 7
