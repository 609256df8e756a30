"""A build killed mid-way leaves `.aggstats.duckdb.building-<pid>` (and its .wal) behind: the next
build removes those whose process is gone, says so, and leaves a live build's files alone."""

from __future__ import annotations

import subprocess
import sys

from aggstats import cli
from pipelines.build import build
from tests.conftest import FIXTURES, fixture_registry

STATE = {"path": FIXTURES / "cbp_encounters" / "state.csv", "layout": "state", "levels": ["state"]}


def test_a_dead_build_s_partial_warehouse_is_removed_and_a_live_one_kept(
    tmp_path, capsys, monkeypatch
):
    sources = fixture_registry(tmp_path / "sources", "cbp_encounters", [STATE], tmp_path / "raw")
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead = tmp_path / f".aggstats.duckdb.building-{finished.pid}"
        dead.write_bytes(b"\0" * 4096)
        dead.with_name(dead.name + ".wal").write_bytes(b"\0" * 512)
        kept = tmp_path / f".aggstats.duckdb.building-{live.pid}"
        kept.write_bytes(b"\0" * 4096)
        other = tmp_path / ".other.duckdb.building-1"  # another warehouse's: not ours to judge
        other.write_bytes(b"")
        monkeypatch.setenv("AGGSTATS_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("AGGSTATS_REGISTRY", str(tmp_path / "sources"))
        monkeypatch.delenv("AGGSTATS_WAREHOUSE", raising=False)
        assert cli.main(["build"]) == 0
        said = " ".join(capsys.readouterr().err.split())
        names = sorted(p.name for p in tmp_path.iterdir() if "building" in p.name)
        assert names == sorted([".other.duckdb.building-1", kept.name])
        assert (
            f"removed 2 partial warehouse file(s) of builds that died: {dead.name}, "
            f"{dead.name}.wal" in said
        )
        report = build(sources, tmp_path / "raw", tmp_path / "aggstats.duckdb")
        assert report.removed == ()  # nothing left to remove; the live build's file stays
        assert kept.is_file()
    finally:
        live.kill()
        live.wait()
