"""The browser half of `make bench`: time from navigation to the first chart drawn, in headless
Chromium, for the explorer and for two floors on the same machine in the same run.

    .venv/bin/python benchmarks/first_chart.py [--loads 7]     # alone; make bench runs it too

Pages, each loaded `--loads` times, taking turns so that a slow minute of a shared machine falls
on all of them alike:
- explorer, first visit: a fresh browser profile each time (nothing cached; the target's case);
- explorer, first visit over a slow link: the same, with Chromium's network emulated at
  10 Mbit/s down, 5 up, 40 ms latency (a mobile or busy home connection), where the bytes sent
  count as they do for most readers and not at all on loopback;
- explorer, return visit: one profile loading the page again, as a reader opening it a second
  time does: the scripts come from the HTTP cache (they are served as immutable) and, from the
  third load, V8's cache of their compiled code;
- floor, Dash: a Dash page holding only the default view's chart (same scripts, same figure,
  same config): what any Dash page with one plotly chart costs here;
- floor, plotly.js: the same figure drawn by plotly.js alone on a bare page (no Dash, no React).

For the explorer it also prints where a load's time goes (PHASES) and the callback round trips
before the chart (0: the page comes with its chart).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.io  # noqa: E402

from aggstats.settings import settings  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.callbacks.view import render  # noqa: E402
from dashboard.layout.page import graph_config  # noqa: E402
from dashboard.scripts import PLOTLY_PATH, Explorer, add_vendor_routes  # noqa: E402
from dashboard.state import View  # noqa: E402

CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]  # fmt: skip
# Marks the first trace drawn: a line of plotly's, inserted as it draws.
WATCH = """
    new MutationObserver((_, observer) => {
        if (document.querySelector('#chart .js-line')) {
            window.__firstChart = performance.now();
            observer.disconnect();
        }
    }).observe(document, {childList: true, subtree: true});
"""
# Where a page load's time goes, read from the browser's own timings when the chart is drawn:
# the HTML, the last script the page names downloaded (not a chunk asked for as it draws), the
# scripts run (DOMContentLoaded), the layout received, and the callback round trips that ended
# before the chart (each one a wait on the server).
PHASES = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const chart = window.__firstChart;
    const ended = (entries) => Math.max(0, ...entries.map(e => e.responseEnd));
    const calls = res.filter(e => e.name.includes('_dash-update-component'));
    return {
        html: nav.responseEnd,
        scripts: ended(res.filter(e => new URL(e.name).pathname.endsWith('.js')
                                 && e.startTime < nav.domContentLoadedEventStart)),
        run: nav.domContentLoadedEventEnd,
        layout: ended(res.filter(e => new URL(e.name).pathname.endsWith('_dash-layout'))),
        callbacks: calls.filter(e => e.responseEnd <= chart).length,
        chart: chart,
    };
}"""
PHASE_NAMES = {
    "html": "HTML",
    "scripts": "scripts downloaded",
    "run": "scripts run (DOMContentLoaded)",
    "layout": "layout received",
    "chart": "first chart",
}
BARE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
</head><body><div id="chart"></div><script src="{plotly}"></script><script>
var shown = {shown};
Plotly.newPlot("chart", shown.figure.data, shown.figure.layout, shown.config);
</script></body></html>"""


@contextmanager
def served(flask_app):
    """A WSGI app on a free loopback port, in a thread; yields its URL."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def floor_app(figure: dict, config: dict):
    """A Dash page with the explorer's scripts holding one graph: the default view's chart.
    At "/bare", the same figure drawn by plotly.js alone."""
    from dash import dcc
    from plotly.offline import get_plotlyjs_version

    plotly = f"{PLOTLY_PATH}?v={get_plotlyjs_version()}"
    app = Explorer(__name__, external_scripts=[plotly], update_title=None)
    add_vendor_routes(app)
    app.layout = dcc.Graph(id="chart", figure=figure, config=config)
    shown = json.dumps({"figure": figure, "config": config}).replace("</", "<\\/")
    bare = BARE_PAGE.format(plotly=plotly, shown=shown)
    app.server.add_url_rule("/bare", "bare", lambda: bare)
    return app.server


# Chromium's network emulation for the slow link (bytes per second, ms)
SLOW_LINK = {"offline": False, "latency": 40, "downloadThroughput": 1_250_000,
             "uploadThroughput": 625_000}  # fmt: skip


def load(page, url: str) -> dict[str, float]:
    page.goto(url)
    page.wait_for_function("() => window.__firstChart !== undefined", timeout=30_000)
    return page.evaluate(PHASES)


def first_charts(warehouse: Path, loads: int) -> dict[str, list[dict[str, float]]]:
    """Per page (see the module's docstring): each load's phases in ms from navigation."""
    from playwright.sync_api import sync_playwright

    explorer = create_app(warehouse)
    figure = json.loads(plotly.io.to_json(render(explorer.store, View())["chart"]))
    config = graph_config(explorer.get_asset_url("topojson/"))
    runs: dict[str, list[dict[str, float]]] = {
        "explorer, first visit": [],
        "explorer, first, 10 Mbit/s": [],
        "explorer, return visit": [],
        "floor: Dash, one graph": [],
        "floor: plotly.js alone": [],
    }
    with (
        served(explorer.server) as url,
        served(floor_app(figure, config)) as floor,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM)
        viewport = {"width": 1200, "height": 900}
        returning = browser.new_context(viewport=viewport)
        returning.add_init_script(WATCH)
        again = returning.new_page()
        load(again, url)  # the first visit, which fills the caches
        addresses = dict(zip(runs, (url, url, url, floor, floor + "bare"), strict=True))
        for _ in range(loads):
            for name, address in addresses.items():
                if name.endswith("return visit"):
                    runs[name].append(load(again, address))
                    continue
                context = browser.new_context(viewport=viewport)
                context.add_init_script(WATCH)
                page = context.new_page()
                if name.endswith("Mbit/s"):
                    network = context.new_cdp_session(page)
                    network.send("Network.enable")
                    network.send("Network.emulateNetworkConditions", SLOW_LINK)
                runs[name].append(load(page, address))
                context.close()
        returning.close()
        browser.close()
    return runs


def report(runs: dict[str, list[dict[str, float]]]) -> None:
    loads = len(next(iter(runs.values())))
    print(f"\nbrowser, navigation to first chart drawn ({loads} loads of each, taking turns):")
    print(f"{'page':26} {'median':>7} {'min':>7} {'max':>7}   ms")
    for name, phases in runs.items():
        times = [p["chart"] for p in phases]
        print(f"{name:26} {statistics.median(times):7.0f} {min(times):7.0f} {max(times):7.0f}")
    first = runs["explorer, first visit"]
    parts = ", ".join(
        f"{label} {statistics.median(p[key] for p in first):.0f}"
        for key, label in PHASE_NAMES.items()
    )
    calls = sorted({p["callbacks"] for p in first})
    print(f"  explorer, first visit, where the time goes (medians, ms from navigation): {parts}")
    print(f"  callback round trips before the first chart: {', '.join(map(str, calls))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7, help="loads of each page")
    args = parser.parse_args()
    warehouse = settings().warehouse
    if not warehouse.is_file():
        sys.exit(f"no warehouse at {warehouse}: run `aggstats fetch && aggstats build` first")
    report(first_charts(warehouse, args.loads))


if __name__ == "__main__":
    main()
