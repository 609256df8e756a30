"""The explorer's own plotly.js build stays in step with the plotly Python package."""

from __future__ import annotations

import re

from plotly.offline import get_plotlyjs_version

from dashboard.app import PLOTLY_BUNDLE, create_app


def test_the_bundle_is_the_plotly_js_version_plotly_python_expects():
    header = PLOTLY_BUNDLE.read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js v(\S+)", header)
    assert version and version[1] == get_plotlyjs_version(), (
        "rebuild dashboard/assets/vendor with tools/plotly-bundle/build.sh"
    )
    assert "core, bar, scattergeo and choropleth" in header


def test_the_page_loads_the_bundle_and_not_the_full_library(tmp_path):
    page = create_app(tmp_path / "none.duckdb").server.test_client().get("/").data.decode()
    assert "/assets/vendor/plotly-aggstats.min.js" in page
    assert "package_data/plotly.min.js" not in page
