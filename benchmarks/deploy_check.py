"""The explorer as deployed, measured (a report, not a test): `aggstats serve` behind Debian's
nginx with the deployment's own server block (deploy/nginx/aggstats.conf.template), on loopback.

    make deploy-check            # or: .venv/bin/python benchmarks/deploy_check.py --seconds 60

In one run, through the proxy and then on gunicorn alone: `--sessions` concurrent sessions
(benchmarks/load.py's) for `--seconds`, then `--slow` slow clients (deploy/slow_clients.py)
while a probe asks for the page twice a second. Both servers are stopped however it ends.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from load import report, run_sessions, wait_warm  # noqa: E402

from aggstats.settings import settings  # noqa: E402
from deploy import slow_clients  # noqa: E402
from deploy.proxy import proxied  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--slow", type=int, default=40, help="slow connections (default 40)")
    parser.add_argument("--slow-seconds", type=float, default=20)
    args = parser.parse_args()
    warehouse = settings().warehouse
    if not warehouse.is_file():
        sys.exit(f"no warehouse at {warehouse}: run `make build` first")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    with (
        tempfile.TemporaryDirectory(prefix="aggstats-nginx-") as folder,
        proxied(warehouse, Path(folder)) as (proxy_port, app_port, app),
    ):
        wait_warm(app_port, None)
        for name, port in (("through nginx", proxy_port), ("gunicorn alone", app_port)):
            print(f"\n=== {name} (127.0.0.1:{port}) ===")
            print(f"{args.sessions} sessions for {args.seconds:.0f} s")
            report(*run_sessions(port, app, args.sessions, args.seconds, (0.5, 2.0), 13))
            time.sleep(3)  # the sessions' connections close before the slow clients come
            probes = slow_clients.measure(port, args.slow, args.slow_seconds)
            print(f"\n{args.slow} slow clients for {args.slow_seconds:.0f} s: {probes.summary()}")
            time.sleep(12)  # gunicorn frees the threads the slow clients held


if __name__ == "__main__":
    main()
