"""The explorer as served: its own plotly.js build, and the production server."""

from __future__ import annotations

import gzip
import re

from plotly.offline import get_plotlyjs_version

from dashboard.app import create_app
from dashboard.scripts import PLOTLY_BUNDLE, PLOTLY_PATH, RUNTIME_PATH


def test_the_bundle_is_the_plotly_js_version_plotly_python_expects():
    header = gzip.decompress(PLOTLY_BUNDLE.read_bytes())[:300].decode("utf-8")
    version = re.search(r"plotly\.js v(\S+)", header)
    assert version and version[1] == get_plotlyjs_version(), (
        "rebuild dashboard/vendor with tools/plotly-bundle/build.sh"
    )
    assert "core, bar, scattergeo and choropleth" in header


def test_the_page_loads_the_bundle_and_not_the_full_library(tmp_path):
    client = create_app(tmp_path / "none.duckdb").server.test_client()
    page = client.get("/").data.decode()
    assert f'src="{PLOTLY_PATH}?v={get_plotlyjs_version()}"' in page
    assert "package_data/plotly.min.js" not in page
    zipped = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.data == PLOTLY_BUNDLE.read_bytes()
    plain = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.data == gzip.decompress(zipped.data) and plain.data.startswith(b"/*! plotly.js")


def test_the_production_server_is_gunicorn_serving_the_explorer(tmp_path):
    from dashboard.production import Production

    server = Production(tmp_path / "w.duckdb", "127.0.0.1:0", workers=3)
    assert (server.cfg.workers, server.cfg.worker_class_str) == (3, "gthread")
    page = server.load().test_client().get("/")
    assert page.status_code == 200 and b"aggstats" in page.data


def test_the_page_loads_regenerator_runtime_instead_of_babels_polyfill(tmp_path):
    client = create_app(tmp_path / "none.duckdb").server.test_client()
    page = client.get("/").data.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert not [s for s in scripts if "polyfill" in s or "dash_table" in s]
    # before React and Dash's bundles, which call regeneratorRuntime as they load components
    assert scripts.index(RUNTIME_PATH) < min(i for i, s in enumerate(scripts) if "react" in s)
    runtime = client.get(RUNTIME_PATH)
    assert runtime.status_code == 200 and runtime.mimetype == "application/javascript"
    assert b"regeneratorRuntime = runtime" in runtime.data
    # dcc's chunk for the graph, asked for as the page opens, is served; the dropdowns' is not
    # asked for early (it would be drawn before the chart)
    for chunk in re.findall(r'<link rel="preload" as="script" href="([^"]+)"', page):
        assert client.get(chunk).status_code == 200
    chunks = re.findall(r'rel="preload" as="script" href="[^"]+/dcc/(async-[^"]+)"', page)
    assert chunks == ["async-graph.js"]
    # the layout and the dependencies, as Dash's renderer asks for them (same origin, JSON)
    for name in ("_dash-layout", "_dash-dependencies"):
        assert f'rel="preload" as="fetch" crossorigin="anonymous" href="/{name}"' in page
