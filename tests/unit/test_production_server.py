"""The production server starts only where its workers can run, and says so when they cannot:
gunicorn is never forked from a process running native thread pools (polars', duckdb's), and a
worker that cannot read its warehouse stops the server with the reason within seconds."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from aggstats.errors import AggstatsError
from dashboard.fork_safety import native_pools, refuse_unsafe_fork
from dashboard.production import WORKER_BOOT_ERROR, Production
from deploy.proxy import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_a_process_that_ran_polars_refuses_to_fork_gunicorn(tmp_path):
    pl.DataFrame({"a": [1, 2, 2]}).lazy().group_by("a").len().collect()
    assert any(name.startswith("polars-") for name in native_pools())
    with pytest.raises(AggstatsError, match="refusing to start gunicorn .* fresh process"):
        Production(tmp_path / "w.duckdb", f"127.0.0.1:{free_port()}").run()


def test_a_fresh_interpreter_with_the_explorer_imported_may_fork():
    said = subprocess.run(
        [sys.executable, "-c", "import dashboard.production, dashboard.fork_safety as f; "
         "f.refuse_unsafe_fork(); print(f.native_pools())"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert said.stdout.strip() == "[]"


def test_duckdb_threads_count_as_a_pool():
    with duckdb.connect(config={"threads": 4}) as con:
        con.sql("SELECT sum(range) FROM range(10000000)").fetchall()
        assert any("native thread(s) the interpreter did not start" in n for n in native_pools())
        with pytest.raises(AggstatsError, match="native thread"):
            refuse_unsafe_fork()


def serve_until_it_stops(warehouse: Path, timeout_s: float, **env) -> tuple[int, str, float]:
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "dashboard.production", str(warehouse), f"127.0.0.1:{free_port()}"],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout_s,
        env={"PATH": "/usr/bin:/bin", **env},
    )  # fmt: skip
    return process.returncode, process.stderr, time.monotonic() - started


def test_a_worker_that_cannot_read_the_warehouse_stops_the_server(tmp_path):
    broken = tmp_path / "aggstats.duckdb"
    broken.write_bytes(b"not a duckdb file" * 100)
    status, said, seconds = serve_until_it_stops(broken, timeout_s=60)
    assert status == WORKER_BOOT_ERROR, said
    assert f"error: the explorer could not read {broken} as it started (failed:" in said
    assert "Worker failed to boot" in said
    assert seconds < 30


def test_a_worker_whose_warm_up_hangs_stops_the_server(tmp_path):
    """AGGSTATS_WARM_TIMEOUT=0: every warm-up counts as hung, as one stuck on a lock would."""
    empty = tmp_path / "aggstats.duckdb"
    duckdb.connect(str(empty)).close()
    status, said, seconds = serve_until_it_stops(empty, timeout_s=60, AGGSTATS_WARM_TIMEOUT="0")
    assert status == WORKER_BOOT_ERROR, said
    assert "as it started (hung for 0 s); stopping the server" in said
    assert seconds < 30


def test_each_server_stops_quickly_and_shares_no_control_socket(tmp_path):
    server = Production(tmp_path / "w.duckdb", "127.0.0.1:0")
    assert server.cfg.graceful_timeout == 3  # was gunicorn's 30 s
    assert server.cfg.control_socket_disable is True  # one path for every server on a host
