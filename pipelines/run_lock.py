"""One run at a time: `aggstats fetch`, `build` and `update` write the raw cache, the registry's
lock files and the warehouse, so each holds an exclusive lock on the data folder while it runs.

The lock is the operating system's (`flock` on `<data dir>/.aggstats.lock`): it goes with the
process that holds it, however that process ends, so a lock file left behind by a run that died
blocks nothing. The holder writes its pid, command and start time into the file, so that a
second run can say who holds it. The file itself is never deleted: a run that deleted it could
lock a new file while another still held the old one.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.errors import AggstatsError, BusyError

try:
    import fcntl
except ImportError:  # Windows: no flock
    fcntl = None  # type: ignore[assignment]

RUN_LOCK = ".aggstats.lock"
POLL_S = 0.2  # how often a run that waits tries the lock again


def lock_path(data_dir: Path) -> Path:
    return data_dir / RUN_LOCK


@contextmanager
def hold(
    data_dir: Path,
    command: str,
    wait_s: float = 0.0,
    on_wait: Callable[[str], None] = lambda _: None,
) -> Iterator[Path]:
    """Hold the data folder's lock while the block runs (its path). If another run holds it,
    wait up to `wait_s` seconds (calling `on_wait` once with who holds it), then BusyError."""
    if fcntl is None:
        raise AggstatsError(
            f"aggstats {command} takes an exclusive lock with flock, which this platform "
            f"({sys.platform}) lacks: run it on Linux or macOS"
        )
    path = lock_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # never truncated before it is held
    try:
        _acquire(fd, path, command, wait_s, on_wait)
        started = dt.datetime.now(dt.UTC)
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            f"pid: {os.getpid()}\ncommand: aggstats {command}\n"
            f"started: {started:%Y-%m-%d %H:%M:%S} UTC\n".encode(),
            0,
        )
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)  # nobody holds it now
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(
    fd: int, path: Path, command: str, wait_s: float, on_wait: Callable[[str], None]
) -> None:
    deadline = time.monotonic() + wait_s
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = holder_of(path)
        if time.monotonic() >= deadline:
            break
        if not waited:
            on_wait(holder)
            waited = True
        time.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))
    pid = _field(path, "pid")
    raise BusyError(
        f"{holder} holds {path}, so aggstats {command} did not start"
        + (f" (waited {wait_s:g} s)" if wait_s else "")
        + ": fetch, build and update each take it, so that two runs never write the raw cache, "
        "the lock files and the warehouse at once. Wait for it to finish, or pass --wait SECONDS"
        " to wait for it. The lock ends with its process, never by deleting the file"
        + (f": if pid {pid} hangs, stop it (kill {pid})" if pid else "")
    )


def holder_of(path: Path) -> str:
    """Who holds the lock, as its file says: 'another aggstats update (pid 1234, started ...)'."""
    command = _field(path, "command") or "aggstats run"
    pid, started = _field(path, "pid"), _field(path, "started")
    if not pid:  # it has taken the lock but not written its name yet
        return f"another {command}"
    return f"another {command} (pid {pid}, started {started or 'at an unknown time'})"


def _field(path: Path, name: str) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""
