"""The README's main command as a newcomer runs it: `make up` on a free port, fetching every file
from the mirror into an empty data folder, building, serving; Chromium draws the default chart;
then the whole process group is stopped and must be gone within seconds.

`aggstats up` once forked gunicorn from the process that had just built with polars: the
workers' first query hung on polars' inherited (dead) thread pool, and the page never loaded."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.callbacks.view import render
from dashboard.state import View
from dashboard.store import Store
from deploy.proxy import free_port
from pipelines.registry import load_registry

pytestmark = [pytest.mark.browser, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
TRACE = "#chart .js-line"
SERVING_WITHIN_S = 420  # a cold fetch and build take 30-60 s on 2 cores
STOPPED_WITHIN_S = 5


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVING_WITHIN_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make up exited {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make up served nothing within {SERVING_WITHIN_S} s:\n{log.read_text()[-3000:]}")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(process: subprocess.Popen) -> float:
    """SIGTERM to the process group (as a terminal's Ctrl-C reaches every process of it); the
    seconds until no process of the group is left."""
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    while group_alive(process.pid) and time.monotonic() - started < 30:
        process.poll()  # reap make itself, or the group never empties
        time.sleep(0.05)
    seconds = time.monotonic() - started
    if group_alive(process.pid):
        os.killpg(process.pid, signal.SIGKILL)
    return seconds


def test_make_up_draws_the_default_chart_and_stops_promptly(browser, mirror, tmp_path):
    port = free_port()
    env = {**os.environ, "AGGSTATS_DATA_DIR": str(tmp_path), "AGGSTATS_MIRROR": str(mirror)}
    env.pop("AGGSTATS_WAREHOUSE", None)
    log = tmp_path / "make-up.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "up", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process, log)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(url)
        try:
            page.wait_for_selector(TRACE, timeout=60_000)
        except Exception:
            pytest.fail(f"no chart drawn in 60 s; the server said:\n{log.read_text()[-3000:]}")
        summary = page.get_attribute("#chart-figure", "aria-label")
        context.close()
    finally:
        seconds = stop(process)
    said = log.read_text()
    files = sum(len(source.files) for source in load_registry())
    assert f"fetched {files} files" in said and f"{files} files" in said.split("built ", 1)[1]
    expected = render(Store(tmp_path / "aggstats.duckdb"), View())[ids.CHART_FIGURE]
    assert summary == expected  # the default view, read from the warehouse `make up` built
    assert seconds <= STOPPED_WITHIN_S, f"the server took {seconds:.1f} s to stop:\n{said[-2000:]}"
