"""The bad-input corpus (tests/unit/bad_inputs.py) through the build and the `aggstats` CLI.

Every case: a clear error naming the file (and sheet, row, column where they apply), a non-zero
exit status where it runs through `aggstats build`, and the previous warehouse byte-identical.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aggstats import cli
from pipelines.build import build
from pipelines.errors import InputError
from pipelines.registry import load_registry
from tests.conftest import FIXTURES, fixture_registry
from tests.unit.bad_inputs import CASES, REGISTRY_CASES, Case

CBP = FIXTURES / "cbp_encounters"
GOOD = [
    {"path": CBP / "aor.csv", "layout": "aor", "levels": ["nation", "usbp_sector"]},
    {"path": CBP / "state.csv", "layout": "state", "levels": ["state"]},
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A warehouse built from good files: what every failed build must leave as it was."""
    root = tmp_path_factory.mktemp("previous")
    sources = fixture_registry(root / "sources", "cbp_encounters", GOOD, root / "raw")
    return build(sources, root / "raw", root / "aggstats.duckdb").warehouse


@pytest.fixture
def data_dir(tmp_path, previous) -> Path:
    """A data folder holding a copy of the previous warehouse."""
    shutil.copyfile(previous, tmp_path / "aggstats.duckdb")
    return tmp_path


def declare(case: Case, data_dir: Path) -> Path:
    """Write the case's bad file into the cache and a registry declaring it; its folder."""
    scratch = data_dir / "scratch"
    scratch.mkdir()
    bad = scratch / case.file_name
    bad.write_bytes(case.make(scratch))
    entry = {"layout": case.layout, "levels": list(case.levels), "as_of": case.as_of}
    if case.declare_original:
        entry["path"] = CBP / case.file_name  # declared with the good file's checksum
    else:
        entry["path"] = bad
    entries = [entry, *case.beside]
    fixture_registry(data_dir / "sources", case.source_id, entries, data_dir / "raw")
    cached = data_dir / "raw" / case.source_id / case.file_name
    cached.write_bytes(bad.read_bytes())
    return data_dir / "sources"


def run_cli(monkeypatch, data_dir: Path, sources: Path, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("AGGSTATS_REGISTRY", str(sources))
    monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
    status = cli.main(list(args))
    return status, " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_and_the_warehouse_kept(case, data_dir, monkeypatch, capsys):
    warehouse = data_dir / "aggstats.duckdb"
    before = sha256(warehouse)
    sources = declare(case, data_dir)
    if case.through_cli:
        status, said = run_cli(monkeypatch, data_dir, sources, capsys, "build")
        assert status != 0
        assert re.search(case.match, said), said
        assert f"file {case.file_name!r}" in said or case.error is not InputError
        for key, value in case.where.items():
            assert f"{key} {value!r}" in said if key != "row" else f"row {value}," in said
    else:
        with pytest.raises(case.error, match=case.match) as error:
            build(load_registry(sources), data_dir / "raw", warehouse)
        if isinstance(error.value, InputError):
            assert error.value.file == case.file_name
            for key, value in case.where.items():
                assert getattr(error.value, key) == value, key
    assert sha256(warehouse) == before
    assert [p.name for p in data_dir.iterdir() if "building" in p.name] == []


@pytest.mark.parametrize("case", REGISTRY_CASES, ids=[c.name for c in REGISTRY_CASES])
def test_a_broken_declaration_is_refused_by_the_cli(case, data_dir, monkeypatch, capsys):
    warehouse = data_dir / "aggstats.duckdb"
    before = sha256(warehouse)
    good = {"path": CBP / "state.csv", "layout": "state", "levels": ["state"]}
    fixture_registry(data_dir / "sources", "cbp_encounters", [good], data_dir / "raw")
    declaration = data_dir / "sources" / "cbp_encounters" / "source.yaml"
    declaration.write_text(case.edit(declaration.read_text()))
    status, said = run_cli(monkeypatch, data_dir, data_dir / "sources", capsys, "build")
    assert status == 1
    assert re.search(case.match, said), said
    assert "source.yaml" in said
    assert sha256(warehouse) == before


def test_the_cli_exits_non_zero_in_a_real_process(data_dir):
    """The exit status a shell sees, for one case, through `python -m aggstats.cli build`."""
    case = next(c for c in CASES if c.name == "csv is an HTML error page")
    sources = declare(case, data_dir)
    before = sha256(data_dir / "aggstats.duckdb")
    done = subprocess.run(
        [sys.executable, "-m", "aggstats.cli", "build"],
        env={"AGGSTATS_DATA_DIR": str(data_dir), "AGGSTATS_REGISTRY": str(sources),
             "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "file 'state.csv': is an HTML page" in " ".join(done.stderr.split())
    assert sha256(data_dir / "aggstats.duckdb") == before


def test_the_corpus_covers_every_reader():
    kinds = {c.file_name.rsplit(".", 1)[-1] for c in CASES}
    assert kinds == {"csv", "xlsx", "xls", "parquet", "pdf"}
    assert len(CASES) + len(REGISTRY_CASES) == 72


def test_the_corpus_holds_the_classes_of_issue_22():
    """Header-only per reader kind, NaN per reader that can hold one as a value, event logs at
    every size, a release dropping a level."""

    def kinds(word: str) -> set[str]:
        return {c.file_name.rsplit(".", 1)[-1] for c in CASES if word in c.name}

    assert kinds("header only") == {"csv", "xlsx", "parquet", "pdf"}
    assert kinds("NaN") == {"csv", "xlsx", "parquet"}
    assert [c.name.split(" rows")[0] for c in CASES if "event log" in c.name] == [
        f"csv event log of {n:,}" for n in (10, 50, 150, 400, 5_000)
    ]
    assert [c.error.__name__ for c in CASES if "drops" in c.name] == ["CoverageError"]
