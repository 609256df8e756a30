"""One run at a time, with real processes: while an `aggstats update` waits on a slow landing
page, a second update or a build fails at once naming the holder (pid, start time, lock file)
and changes nothing; `--wait` waits for it instead; a lock left by a killed process blocks
nothing (pipelines/run_lock.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.run_lock import RUN_LOCK
from tests.publisher import publisher
from tests.unit.test_update import NATIONWIDE, cbp_home, serve_cbp, sha256

TIMEOUT_S = 120


@pytest.fixture
def home(tmp_path) -> Path:
    """A data folder: CBP's registry (with discovery), its raw cache and a built warehouse."""
    return cbp_home(tmp_path)


def environment(home: Path, **more: str) -> dict[str, str]:
    return {
        "AGGSTATS_DATA_DIR": str(home),
        "AGGSTATS_REGISTRY": str(home / "sources"),
        "PATH": "/usr/bin:/bin",
        "COLUMNS": "400",  # one line per message, however long
        **more,
    }


def aggstats(home: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "aggstats.cli", *args],
        env=environment(home, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Its status, and what it said: diagnostics (stderr), then results (stdout)."""
    out, err = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, " ".join((err + out).split())


def held_by(lock: Path, pid: int) -> str:
    """The lock file's text once process `pid` has written itself in (bounded wait)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        text = lock.read_text() if lock.exists() else ""
        if f"pid: {pid}\n" in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"process {pid} never wrote itself into {lock}")


def test_a_second_run_fails_fast_naming_the_holder_and_changes_nothing(home):
    warehouse, lock = home / "aggstats.duckdb", home / RUN_LOCK
    before = sha256(warehouse)
    with publisher() as site:
        serve_cbp(site)
        site.faults[NATIONWIDE] = "hold"  # the first update waits on CBP's landing page
        first = aggstats(home, "update", "--base-url", site.url)
        try:
            text = held_by(lock, first.pid)
            started = re.search(r"started: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)", text).group(1)
            for second in (("build",), ("update", "--base-url", site.url), ("fetch",)):
                status, said = finish(aggstats(home, *second))
                assert status == 1, said
                assert (
                    f"another aggstats update (pid {first.pid}, started {started}) holds {lock}, "
                    f"so aggstats {second[0]} did not start"
                ) in said
                assert f"if pid {first.pid} hangs, stop it (kill {first.pid})" in said
                assert sha256(warehouse) == before
                assert not (home / "sources" / "cbp_encounters" / "releases.lock.yaml").exists()
        finally:
            site.released.set()
        status, said = finish(first)
    assert status == 0, said  # the first update goes on, takes February and rebuilds
    assert "loaded cbp_encounters/nationwide-encounters-fy23-fy26-feb-state.csv" in said
    assert sha256(warehouse) != before
    assert lock.read_text() == ""  # released: nobody named


def test_wait_lets_a_build_start_once_the_update_ends(home):
    lock = home / RUN_LOCK
    with publisher() as site:
        serve_cbp(site)
        site.faults[NATIONWIDE] = "hold"
        first = aggstats(home, "update", "--base-url", site.url)
        try:
            held_by(lock, first.pid)
            waiting = aggstats(home, "build", "--wait", str(TIMEOUT_S))
            time.sleep(1.0)  # the build has found the lock taken and waits
            assert waiting.poll() is None
        finally:
            site.released.set()
        update_status, _ = finish(first)
        build_status, said = finish(waiting)
    assert (update_status, build_status) == (0, 0), said
    assert f"another aggstats update (pid {first.pid}, started " in said
    assert f"holds the data folder: waiting up to {TIMEOUT_S} s" in said
    assert "built " in said


def test_a_lock_left_by_a_killed_process_does_not_block(home):
    lock = home / RUN_LOCK
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from pipelines.run_lock import hold\n"
         "with hold(Path(sys.argv[1]), 'update'):\n    time.sleep(120)", str(home)],
        env=environment(home),
    )  # fmt: skip
    try:
        held_by(lock, holder.pid)
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # dies holding it: its name stays in the file
        holder.wait(timeout=TIMEOUT_S)
    assert f"pid: {holder.pid}\n" in lock.read_text()
    (home / "aggstats.duckdb").unlink()
    status, said = finish(aggstats(home, "build"))
    assert status == 0, said
    assert re.search(
        r"built \S+aggstats.duckdb in [\d.]+ s: 1 source, 4 files, [\d,]+ observations", said
    ), said
    assert (home / "aggstats.duckdb").is_file()
    assert lock.read_text() == ""  # the build took the lock, then released it
