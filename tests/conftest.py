"""Shared fixtures: fixture-file registries for unit tests, the real warehouse for integration."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.build import build
from pipelines.fetch import fetch_all
from pipelines.registry import LOCK_NAME, SOURCES_DIR, Source, load_registry

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
MIRROR = Path(os.environ.get("AGGSTATS_MIRROR") or PROJECT_ROOT.parent / "shared" / "data" / "raw")


def fixture_registry(
    root: Path, source_id: str, files: list[dict], raw_dir: Path, discovery: bool = False
) -> list[Source]:
    """A registry of one real source whose files are replaced by `files`.

    Each entry of `files` gives `path` (any file), `layout` and `levels`; the file is placed in
    `raw_dir` as the cache would hold it, and declared with its real size and sha256. The
    source's `discovery` is kept only when asked (its model files must then be among `files`).
    """
    declaration = yaml.safe_load((SOURCES_DIR / source_id / "source.yaml").read_text())
    declaration["module"] = f"pipelines.sources.{source_id}.pipeline"
    if not discovery:
        declaration.pop("discovery", None)
    template = declaration["files"][0]
    declaration["files"] = []
    for entry in files:
        path = Path(entry["path"])
        cached = raw_dir / source_id / path.name
        cached.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve() != cached.resolve():
            shutil.copyfile(path, cached)
        data = cached.read_bytes()
        declaration["files"].append(
            {
                **template,
                "name": path.name,
                "layout": entry["layout"],
                "levels": entry["levels"],
                "as_of": entry.get("as_of", template["as_of"]),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    folder = root / source_id
    folder.mkdir(parents=True, exist_ok=True)
    for wing in (SOURCES_DIR / source_id).iterdir():  # its regions, labels, checks, context
        if wing.suffix in (".csv", ".yaml") and wing.name not in ("source.yaml", LOCK_NAME):
            shutil.copyfile(wing, folder / wing.name)
    (folder / "source.yaml").write_text(yaml.safe_dump(declaration, sort_keys=False))
    return load_registry(root)


CORPUS_TESTS = ("test_bad_input_is_refused", "test_a_broken_declaration_is_refused")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say how many bad-input cases (tests/unit/bad_inputs.py) ran, and how many passed."""
    reports = [
        r
        for key in ("passed", "failed")
        for r in terminalreporter.stats.get(key, [])
        if r.when == "call" and any(t in r.nodeid for t in CORPUS_TESTS)
    ]
    if reports:
        passed = sum(r.passed for r in reports)
        terminalreporter.write_line(f"bad-input corpus: {len(reports)} cases ({passed} passed)")


@pytest.fixture(scope="session")
def mirror() -> Path:
    if not MIRROR.is_dir():
        pytest.fail(f"the mirror of published files is missing: {MIRROR} (set AGGSTATS_MIRROR)")
    return MIRROR


@pytest.fixture(scope="session")
def real_warehouse(
    tmp_path_factory: pytest.TempPathFactory, mirror: Path, request: pytest.FixtureRequest
) -> Path:
    """The warehouse built from every registered source's real files, fetched from the mirror."""
    data_dir = tmp_path_factory.mktemp("real")
    sources = load_registry()
    files = sum(len(s.files) for s in sources)
    say(request, f"building the real warehouse from the mirror's {files} files ({mirror}) ...")
    fetch_all(sources, data_dir / "raw", mirror)
    report = build(sources, data_dir / "raw", data_dir / "aggstats.duckdb")
    say(request, f"built {report.warehouse} in {report.seconds:.0f} s; the tests go on")
    return report.warehouse


def say(request: pytest.FixtureRequest, line: str) -> None:
    """A line in the test report as it runs (a fixture's own output is captured: the line
    goes out with capturing suspended)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(line)


@pytest.fixture
def real_con(real_warehouse: Path):
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        yield con


@pytest.fixture
def tenfold_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder (the settings point at it) with a warehouse of one CBP State file whose
    November is ten times the months either side: plausible-looking, and flagged."""
    from tests.unit.bad_inputs import months

    path = tmp_path / "state.csv"
    path.write_bytes(months({"OCT": 1000, "NOV": 15000, "DEC": 1100})(tmp_path))
    entry = {"path": path, "layout": "state", "levels": ["state"]}
    sources = fixture_registry(tmp_path / "sources", "cbp_encounters", [entry], tmp_path / "raw")
    build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
    monkeypatch.setenv("AGGSTATS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AGGSTATS_REGISTRY", str(tmp_path / "sources"))
    monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
    return tmp_path
