"""The explorer behind gunicorn: `aggstats serve` finds `serve` here by its entry point
(pyproject's "aggstats.explorer" group).

gunicorn forks its workers from its master process, and native thread pools (polars', duckdb's)
do not survive a fork: a worker forked from a process that has run a query hangs on its first
one, holding every request behind it. So the server always starts in a fresh interpreter:
`serve` replaces the calling process with `python -m dashboard.production`, whose master loads
neither the explorer nor polars or duckdb before it forks (each worker imports them), and
refuses to fork if a pool runs anyway."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.errors import HaltServer

from dashboard.fork_safety import refuse_unsafe_fork

WORKER_BOOT_ERROR = 3  # gunicorn's arbiter stops the whole server when a worker exits with it
WARM_TIMEOUT_S = float(os.environ.get("AGGSTATS_WARM_TIMEOUT", "20"))
GRACEFUL_TIMEOUT_S = 3  # a stopped server finishes its requests in flight for this long


class Production(BaseApplication):
    """gunicorn serving the explorer on a built warehouse: a few workers, threads in each."""

    def __init__(self, warehouse: Path, bind: str, workers: int = 2, threads: int = 4):
        self.warehouse = Path(warehouse)
        self.options = {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": None,
            "graceful_timeout": GRACEFUL_TIMEOUT_S,
            "control_socket_disable": True,  # nothing drives it; a shared path across servers
            "post_worker_init": self.warm_worker,
        }
        self.app = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # imported here, in the worker after the fork: the master loads no native library
        # (polars, duckdb, pyarrow) whose threads or locks a fork could leave broken
        from dashboard.app import create_app

        self.app = create_app(self.warehouse)
        return self.app.server

    def run(self) -> None:
        refuse_unsafe_fork()
        try:
            super().run()
        except HaltServer as halt:  # raised again as gunicorn stops, when two workers fail
            print(f"error: the server stopped: {halt.reason}", file=sys.stderr)
            sys.exit(halt.exit_status)

    def warm_worker(self, worker) -> None:
        """Each worker reads the catalog and builds the default page as it starts, beside the
        requests it already serves, so that the first visitor does not wait for it. A worker
        that cannot (an unreadable warehouse, a hung read) stops the server with the reason
        within WARM_TIMEOUT_S, instead of leaving every request waiting."""
        done = threading.Event()
        failures: list[BaseException] = []

        def read() -> None:
            from dashboard.app import warm

            try:
                warm(self.app)
            except BaseException as exc:  # reported by the watch below, then the server stops
                failures.append(exc)
            finally:
                done.set()

        def watch() -> None:
            if done.wait(WARM_TIMEOUT_S) and not failures:
                return
            what = f"failed: {failures[0]!r}" if failures else f"hung for {WARM_TIMEOUT_S:g} s"
            worker.log.error(
                "error: the explorer could not read %s as it started (%s); stopping the server",
                self.warehouse,
                what,
            )
            os._exit(WORKER_BOOT_ERROR)

        threading.Thread(target=read, daemon=True, name="aggstats-warm").start()
        threading.Thread(target=watch, daemon=True, name="aggstats-warm-watch").start()


def serve(warehouse: Path, host: str, port: int, debug: bool = False) -> None:
    """Serve the explorer on a built warehouse: gunicorn in a fresh interpreter that replaces
    this process (same pid, so signals and process groups reach the server), or Dash's debug
    server and reloader."""
    if debug:
        from dashboard.app import create_app

        create_app(warehouse, debug=True).run(host=host, port=port, debug=True)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if not os.environ.get("AGGSTATS_PUBLIC_URL"):  # the links downloads write: where it listens
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        os.environ["AGGSTATS_PUBLIC_URL"] = f"http://{shown}:{port}"
    argv = [sys.executable, "-m", "dashboard.production", str(warehouse), f"{host}:{port}"]
    os.execv(sys.executable, argv)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dashboard.production", description=__doc__)
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("bind", help="HOST:PORT")
    args = parser.parse_args(argv)
    Production(args.warehouse, args.bind).run()


if __name__ == "__main__":
    main()
