"""Whether this process may fork gunicorn's workers: not once a native thread pool runs in it.

A forked child has only the thread that forked; a pool's other threads, and the locks they held,
are gone, so the child's first query waits for them forever. polars starts its pool (threads
named `polars-N`, and tokio's) on its first query; duckdb starts unnamed threads, which show as
threads the interpreter does not know. Importing polars, pyarrow or duckdb starts only threads
that survive a fork (jemalloc's background threads, polars' spill cleaner), so a fresh
interpreter that imports the explorer passes.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

TASKS = Path("/proc/self/task")  # Linux only: elsewhere the check cannot look, and passes
POOL_THREAD = re.compile(r"^(polars-\d+|tokio-rt-worker|async-executor)")
SAFE_THREAD = re.compile(r"^(jemalloc_bg_thd|polars-ooc-clea)")


def native_pools() -> list[str]:
    """The names of threads in this process that a fork would break (empty when it is safe)."""
    if not TASKS.is_dir():
        return []
    names = []
    for task in TASKS.iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:  # the thread ended while we looked
            continue
    pools = [n for n in names if POOL_THREAD.match(n)]
    unnamed = [n for n in names if not POOL_THREAD.match(n) and not SAFE_THREAD.match(n)]
    # the interpreter's own threads (this one among them) are named like the program
    foreign = len(unnamed) - threading.active_count()
    return sorted(pools) + [f"{foreign} native thread(s) the interpreter did not start"] * (
        foreign > 0
    )


def refuse_unsafe_fork() -> None:
    pools = native_pools()
    if pools:
        from aggstats.errors import AggstatsError  # only now: the package loads polars

        raise AggstatsError(
            f"refusing to start gunicorn from process {os.getpid()}: it runs native thread "
            f"pools ({', '.join(pools[:4])}) that its forked workers would inherit broken, so "
            "they would hang on their first query. Start the server in a fresh process: "
            "`aggstats serve` (or `python -m dashboard.production WAREHOUSE HOST:PORT`)"
        )
