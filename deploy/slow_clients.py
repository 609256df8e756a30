"""Slow clients against a server, and whether it still answers everyone else: `connections`
sockets each send a request's first line, then one more header line every `trickle_s` seconds
and never finish (slowloris), while a probe asks for the page every `probe_every_s` seconds.

    python deploy/slow_clients.py PORT [--connections 40] [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import threading
import time
from dataclasses import dataclass

PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Probes:
    sent: int
    answered_ms: list[float]  # each answered probe's time, ms
    failures: list[str]  # each probe that timed out or failed, why

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.answered_ms) or [float("nan")]
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]

    def summary(self) -> str:
        median = statistics.median(self.answered_ms) if self.answered_ms else float("nan")
        return (
            f"{self.sent} probes: {len(self.answered_ms)} answered (p50 {median:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms), {len(self.failures)} timed out or failed"
        )


def trickle(port: int, until: float, trickle_s: float, opened: list[socket.socket]) -> None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        opened.append(sock)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while time.monotonic() < until:
            time.sleep(trickle_s)
            n += 1
            sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())
    except OSError:  # the server dropped it: what a good server does to a slow client
        return


def probe(port: int) -> float:
    """Milliseconds to a whole answer for the page, on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT_S)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000


def measure(
    port: int,
    connections: int = 40,
    seconds: float = 20,
    trickle_s: float = 3.0,
    probe_every_s: float = 0.5,
) -> Probes:
    until = time.monotonic() + seconds
    opened: list[socket.socket] = []
    slow = [
        threading.Thread(target=trickle, args=(port, until, trickle_s, opened), daemon=True)
        for _ in range(connections)
    ]
    for thread in slow:
        thread.start()
    time.sleep(1.0)  # every slow connection is open before the first probe
    answered, failures, sent = [], [], 0
    while time.monotonic() < until:
        sent += 1
        try:
            answered.append(probe(port))
        except (OSError, http.client.HTTPException) as exc:
            failures.append(repr(exc))
        time.sleep(probe_every_s)
    for sock in opened:
        sock.close()
    return Probes(sent, answered, failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    print(measure(args.port, args.connections, args.seconds).summary())


if __name__ == "__main__":
    main()
