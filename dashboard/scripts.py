"""The scripts the explorer's page loads: Dash's, less what a current browser does not need, and
the explorer's own builds of the libraries, served from dashboard/vendor.

- plotly.js: the full plotly.min.js (4.8 MB) is most of the page's weight and of the browser's
  time before the first chart; the explorer draws four trace types, built into dashboard/vendor
  (1.4 MB, 482 kB gzipped) by tools/plotly-bundle, kept gzipped and sent as stored.
- Babel's polyfill: Dash loads @babel/polyfill (core-js 2 and regenerator-runtime) before React,
  for browsers older than the ones that can run the explorer (its CSP, its ES2017 assets).
  Evaluating it takes longer than React, and core-js replaces String.prototype.trim, which
  plotly.js calls on every label, with a slower one. Of all it holds, Dash's bundles use
  `regeneratorRuntime` (in the loader of their lazy components): the page loads that alone.
- dash_table: Dash loads its bundle (34 kB) on every page; the explorer's tables are HTML
  tables, so the page does not load it.
- Dash asks for the layout and the callbacks' dependencies once its scripts have run, and for
  the graph's and the dropdown's code (dcc's async chunks) only as it draws them; the page asks
  for the layout, the dependencies and the graph's chunk as it opens (<link rel=preload>), so
  that the server builds the layout (the page with its chart, dashboard.app.layout) while the
  browser runs the scripts. Chromium hands Dash's own requests the preloaded responses: each is
  asked for once. The dropdown's chunk is not preloaded: asked for with the graph's, it came
  first, and the eight dropdowns were drawn before the chart; asked for as the page draws, it
  arrives after the graph's, and the chart comes first (about 80 ms sooner here).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from dash import Dash
from flask import Response, request

VENDOR = Path(__file__).parent / "vendor"
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
# The explorer's own plotly.js, kept gzipped (tools/plotly-bundle builds it) and sent as stored.
PLOTLY_BUNDLE = VENDOR / "plotly-aggstats.min.js.gz"
PLOTLY_PATH = "/vendor/plotly-aggstats.min.js"
# regenerator-runtime 0.13.11 (npm, MIT), the version @babel/polyfill 7.12.1 bundles
RUNTIME = VENDOR / "regenerator-runtime-0.13.11.js"
RUNTIME_PATH = "/vendor/regenerator-runtime-0.13.11.js"
POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\n?')
# dash_table's bundle, which Dash loads on every page: the explorer draws its tables in HTML
DATA_TABLE = re.compile(r'<script src="[^"]*/dash/dash_table/bundle[^"]*"></script>\n?')
# dcc's lazy chunk the first chart waits for (the dropdowns' comes after it: see above)
CHUNKS = ("async-graph.js",)


class Explorer(Dash):
    """Dash, with the explorer's plotly.js instead of the full library, regenerator-runtime
    instead of Babel's whole polyfill, no dash_table, and dcc's chunks for the first page asked
    for early.

    Dash registers the full plotly.js in `_setup_plotlyjs`; here it does not, and the bundle,
    an external script, sets `window.Plotly` before any component.
    """

    def _setup_plotlyjs(self):
        self._plotlyjs_url = PLOTLY_PATH

    def _generate_scripts_html(self) -> str:
        runtime = f'<script src="{RUNTIME_PATH}"></script>\n'
        scripts = super()._generate_scripts_html()
        for pattern, instead, name in (
            (POLYFILL, runtime, "@babel/polyfill"),
            (DATA_TABLE, "", "dash_table"),
        ):
            scripts, found = pattern.subn(instead, scripts)
            if found != 1:  # a Dash upgrade changed how it loads the script: look again
                raise RuntimeError(f"expected one {name} script in Dash's page, found {found}")
        return scripts

    def _generate_css_dist_html(self) -> str:
        prefix = self.config.requests_pathname_prefix
        preloads = [
            f'<link rel="preload" as="script" href="{prefix}_dash-component-suites/dash/dcc/{c}">'
            for c in CHUNKS
        ] + [
            f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{prefix}{name}">'
            for name in ("_dash-layout", "_dash-dependencies")
        ]
        return "\n".join([super()._generate_css_dist_html(), *preloads])


@cache
def vendored(path: Path) -> bytes:
    """A vendored file, read on its first request."""
    return path.read_bytes()


def serve_plotly() -> Response:
    """The bundle as stored, gzip-encoded; unzipped for the rare client that does not take gzip."""
    body, headers = vendored(PLOTLY_BUNDLE), dict(IMMUTABLE)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, mimetype="application/javascript", headers=headers)


def serve_runtime() -> Response:
    """regenerator-runtime (25 kB), versioned in its name."""
    return Response(vendored(RUNTIME), mimetype="application/javascript", headers=IMMUTABLE)


def add_vendor_routes(app: Dash) -> None:
    app.server.add_url_rule(PLOTLY_PATH, "plotly_bundle", serve_plotly)
    app.server.add_url_rule(RUNTIME_PATH, "regenerator_runtime", serve_runtime)
