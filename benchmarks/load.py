"""Load and soak benchmark (a report, not a test): the served explorer under concurrent sessions.

    make bench-load                       # or: .venv/bin/python benchmarks/load.py
    .venv/bin/python benchmarks/load.py --minutes 10      # the soak

Starts `aggstats serve` (gunicorn, 127.0.0.1, a free port) on the built warehouse, runs
`--sessions` concurrent sessions for a bounded time, then stops the server. A session does what
a person's browser does: it loads the page (index, layout, dependencies; on its first load also
every script and stylesheet the page names, as a browser with an empty cache), runs the router
and view callbacks with the bodies the page sends, then changes views, each change pausing
`--think` seconds first (the measure, level or grain changing runs the controls callback before
the view's), now and then reloading a view's link or downloading its data (the sessions:
benchmarks/load_session.py; views from benchmarks/dashboard.py). Prints latency p50/p95/max by
kind of request, errors, and the server processes' resident memory over time. Target on a
2-core machine: p95 <= 300 ms, no errors, flat memory.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aggstats.settings import settings  # noqa: E402
from benchmarks.dashboard import percentile  # noqa: E402
from benchmarks.load_session import HOST, Recorder, Session  # noqa: E402
from dashboard.state import View  # noqa: E402
from deploy.proxy import free_port, stop  # noqa: E402


def rss_mb(pid: int) -> dict[int, float]:
    """Resident memory (MB) of a process and its children (gunicorn's master and workers)."""
    out = {}
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return out
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        kb = re.search(r"VmRSS:\s+(\d+) kB", status)
        out[one] = int(kb.group(1)) / 1024 if kb else 0.0
    return out


def start_server(port: int) -> subprocess.Popen:
    aggstats = Path(sys.executable).with_name("aggstats")
    server = subprocess.Popen(
        [str(aggstats), "serve", "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"aggstats serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            probe = http.client.HTTPConnection(HOST, port, timeout=2)
            probe.request("GET", "/")
            if probe.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit("aggstats serve did not answer within 60 s")


def wait_warm(port: int, server: subprocess.Popen) -> float:
    """Seconds until the page's router callback answers quickly several times in a row (each
    worker warms itself as it starts; the sessions are measured once that is done)."""
    session = Session(port, Recorder(), random.Random(0), (0, 0))
    session.load(View())
    start, quick = time.monotonic(), 0
    while quick < 6 and time.monotonic() - start < 180:
        began = time.perf_counter()
        session.load(View())
        quick = quick + 1 if time.perf_counter() - began < 0.5 else 0
    session.conn.close()
    if quick < 6:
        sys.exit("the server was not warm within 180 s")
    return time.monotonic() - start


def report(record: Recorder, samples: list[tuple[float, dict]], seconds: float) -> None:
    print(f"\n{'request':10} {'count':>7} {'p50':>8} {'p95':>8} {'max':>8}   ms")
    every = [ms for kind in record.latency.values() for ms in kind]
    for kind, times in [*sorted(record.latency.items()), ("all", every)]:
        print(
            f"{kind:10} {len(times):7d} {statistics.median(times):8.1f} "
            f"{percentile(times, 0.95):8.1f} {max(times):8.1f}"
        )
    dynamic = [ms for kind, t in record.latency.items() if kind != "static" for ms in t]
    print(
        f"\n{len(every)} requests in {seconds:.0f} s ({len(every) / seconds:.1f}/s); "
        f"callbacks and pages (not static files): p50 {statistics.median(dynamic):.1f} ms, "
        f"p95 {percentile(dynamic, 0.95):.1f} ms, max {max(dynamic):.1f} ms"
    )
    print(
        f"errors: {len(record.errors)} ({record.stale} requests sent again on a new connection "
        "after the server closed an idle one, as browsers do)"
    )
    for error in record.errors[:10]:
        print("  " + error)
    print("\nserver memory (RSS, MB): master and each worker, over time")
    for at, rss in samples:
        total = sum(rss.values())
        parts = " ".join(f"{mb:6.1f}" for _, mb in sorted(rss.items()))
        print(f"  {at:6.0f} s  total {total:7.1f}   [{parts}]")
    if len(samples) >= 2:
        first, last = sum(samples[0][1].values()), sum(samples[-1][1].values())
        settled = sum(samples[len(samples) // 4][1].values())
        print(
            f"  growth: {last - first:+.1f} MB from the start, "
            f"{last - settled:+.1f} MB over the last three quarters"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--minutes", type=float, help="the soak: minutes instead of --seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    seconds = args.minutes * 60 if args.minutes else args.seconds
    warehouse = settings().warehouse
    if not warehouse.is_file():
        sys.exit(f"no warehouse at {warehouse}: run `aggstats fetch && aggstats build` first")
    port = free_port()
    began = time.monotonic()
    server = start_server(port)
    # the server goes with the benchmark however it ends: done, crashed, Ctrl-C or SIGTERM
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    try:
        measure(args, server, port, seconds, warehouse, time.monotonic() - began)
    except KeyboardInterrupt:
        sys.exit("interrupted: the server is stopped")
    finally:
        stop(server)


def measure(args, server, port: int, seconds: float, warehouse, answered: float) -> None:
    warm_seconds = wait_warm(port, server)
    print(f"aggstats serve on http://{HOST}:{port}/ (pid {server.pid}), warehouse {warehouse}")
    print(
        f"index answered {answered:.1f} s after start; the workers' warm-up (catalog and default "
        f"page, dashboard.app.warm) done {answered + warm_seconds:.1f} s after start"
    )
    print(f"{args.sessions} sessions for {seconds:.0f} s, think {args.think[0]}-{args.think[1]} s")
    report(*run_sessions(port, server.pid, args.sessions, seconds, tuple(args.think), args.seed))


def run_sessions(
    port: int, server_pid: int, count: int, seconds: float, think: tuple, seed: int
) -> tuple[Recorder, list[tuple[float, dict]], float]:
    """`count` sessions against 127.0.0.1:`port` for `seconds`, sampling the memory of the
    server whose master is `server_pid`: what they recorded, the samples, the seconds taken."""
    record, samples = Recorder(), []
    rng = random.Random(seed)
    start = time.monotonic()
    until = start + seconds
    sessions = [Session(port, record, random.Random(rng.random()), think) for _ in range(count)]
    threads = [threading.Thread(target=s.run, args=(until,), daemon=True) for s in sessions]
    done = threading.Event()

    def sample() -> None:
        step = max(5.0, seconds / 20)
        while True:
            samples.append((time.monotonic() - start, rss_mb(server_pid)))
            if done.wait(step):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # people arrive over a few seconds, not in one instant
    for thread in threads:
        thread.join(timeout=max(1.0, until + 60 - time.monotonic()))
    done.set()
    sampler.join()
    samples.append((time.monotonic() - start, rss_mb(server_pid)))
    return record, samples, time.monotonic() - start


if __name__ == "__main__":
    main()
