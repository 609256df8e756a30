"""The load benchmark's sessions (benchmarks/load.py runs them): each is one person's browser on
the served explorer, over a keep-alive connection, and every request's latency goes to a
Recorder by kind (page, static, router, view, controls, download)."""

from __future__ import annotations

import gzip
import http.client
import json
import random
import re
import threading
import time
from collections import defaultdict

from benchmarks.dashboard import VIEWS
from dashboard import ids
from dashboard.callback_bodies import request_body
from dashboard.callbacks.view import INPUTS
from dashboard.state import View

HOST = "127.0.0.1"
STALE = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)
ASSET = re.compile(r'(?:src|href)="(/(?:_dash-component-suites|assets|vendor)/[^"]+)"')


class Recorder:
    """Every request's latency by kind, errors, and the server's memory samples."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.stale = 0  # requests sent again after the server closed an idle connection

    def add_stale(self) -> None:
        with self.lock:
            self.stale += 1

    def add(self, kind: str, ms: float, error: str = "") -> None:
        with self.lock:
            self.latency[kind].append(ms)
            if error:
                self.errors.append(f"{kind}: {error}")


class Session:
    """One person's browser: a keep-alive connection, the page's callbacks, the views it visits."""

    def __init__(self, port: int, record: Recorder, rng: random.Random, think: tuple):
        self.port, self.record, self.rng, self.think = port, record, rng, think
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.callbacks: dict[str, dict] = {}
        self.cached = False
        self.view = View()

    def request(self, kind: str, method: str, path: str, body: dict | None = None):
        headers = {"Accept-Encoding": "gzip"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                if response.getheader("Content-Encoding") == "gzip":  # asked for, as browsers do
                    payload = gzip.decompress(payload)
                break
            except (OSError, http.client.HTTPException) as error:
                self.conn.close()
                if attempt == 1 and isinstance(error, STALE):
                    # gunicorn closes a connection idle for 2 s (its keepalive); a browser then
                    # sends again on a new one, and so does a session (the time counts both)
                    self.record.add_stale()
                    continue
                self.record.add(kind, (time.perf_counter() - start) * 1000, repr(error))
                return None
        ms = (time.perf_counter() - start) * 1000
        failed = response.status >= 400
        self.record.add(kind, ms, f"HTTP {response.status} {path}" if failed else "")
        return None if failed else payload

    def load(self, view: View) -> None:
        """The page at a view's link: index, layout, dependencies, scripts, router, view."""
        index = self.request("page", "GET", "/" + view.to_search())
        self.request("page", "GET", "/_dash-layout")
        deps = self.request("page", "GET", "/_dash-dependencies")
        if index is None or deps is None:
            return
        if not self.cached:
            for path in ASSET.findall(index.decode()):
                self.request("static", "GET", path)
            self.cached = True
        server_side = [c for c in json.loads(deps) if not c.get("clientside_function")]
        self.callbacks = {c["output"]: c for c in server_side}
        router = request_body(
            self.callbacks,
            f"{ids.PAGE}.children",
            {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": view.to_search()},
            [f"{ids.URL}.pathname"],
        )
        self.request("router", "POST", "/_dash-update-component", router)
        self.view = view
        self.render(view, changed=[])

    def values(self, view: View) -> dict:
        out = {}
        for component, prop, name in INPUTS:
            value = getattr(view, name)
            out[f"{component}.{prop}"] = list(value) if isinstance(value, tuple) else value
        return out

    def render(self, view: View, changed: list[str]) -> None:
        output = next(o for o in self.callbacks if o.startswith(f"..{ids.CHART}.figure"))
        body = request_body(self.callbacks, output, self.values(view), changed)
        self.request("view", "POST", "/_dash-update-component", body)

    def change(self, view: View) -> None:
        """Controls set to another view, as a person would: the controls callback first when the
        measure, level or grain changes, then the view."""
        moved = [
            f"{component}.value"
            for component, name in ((ids.MEASURE, "measure"), (ids.LEVEL, "level"))
            if getattr(view, name) != getattr(self.view, name)
        ]
        if view.grain != self.view.grain:
            moved.append(f"{ids.GRAIN}.value")
        if moved:
            output = next(o for o in self.callbacks if o.startswith(f"..{ids.MEASURE_INFO}."))
            body = request_body(self.callbacks, output, self.values(view), moved)
            self.request("controls", "POST", "/_dash-update-component", body)
        self.render(view, changed=moved or [f"{ids.TAB}.value"])
        self.view = view

    def download(self) -> None:
        body = request_body(
            self.callbacks,
            f"{ids.DOWNLOAD}.data",
            {**self.values(self.view), f"{ids.DOWNLOAD_CSV}.n_clicks": 1},
            [f"{ids.DOWNLOAD_CSV}.n_clicks"],
        )
        self.request("download", "POST", "/_dash-update-component", body)

    def run(self, until: float) -> None:
        self.load(View())
        while time.monotonic() < until:
            time.sleep(self.rng.uniform(*self.think))
            roll = self.rng.random()
            if not self.callbacks or roll < 0.08:
                self.load(self.rng.choice(VIEWS))
            elif roll < 0.13:
                self.download()
            else:
                self.change(self.rng.choice(VIEWS))
        self.conn.close()
