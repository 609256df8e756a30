"""The explorer's responses go gzipped to browsers that take gzip (dashboard/compression.py)."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from dashboard.app import create_app
from dashboard.scripts import PLOTLY_BUNDLE, PLOTLY_PATH

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(tmp_path_factory.mktemp("w") / "none.duckdb")  # static files need no warehouse
    return app.server.test_client()


def scripts(client) -> list[str]:
    page = client.get("/").data.decode()
    return re.findall(r'<script src="([^"]+)"', page)


def test_dashs_scripts_go_gzipped_once_compressed_and_decode_to_the_same_bytes(client):
    (dcc,) = [s for s in scripts(client) if "dash_core_components.v" in s]
    plain = client.get(dcc, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and len(plain.data) > 300_000
    zipped = client.get(dcc, headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert (
        "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    )
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3  # 355 kB -> about 81 kB
    assert client.get(dcc, headers=GZIP).data == zipped.data  # the kept copy
    assert zipped.headers["Cache-Control"] == plain.headers["Cache-Control"]


def test_a_query_string_does_not_make_another_kept_copy(client):
    hook = next(f for f in client.application.after_request_funcs[None] if hasattr(f, "kept"))
    for query in ("", "?a=1", "?a=2", "?m=3"):
        response = client.get(f"/assets/style.css{query}", headers=GZIP)
        assert response.headers["Content-Encoding"] == "gzip"
    assert [k for k in hook.kept if "style.css" in k] == ["/assets/style.css"]


def test_the_layout_goes_gzipped_and_the_plotly_bundle_as_stored(client):
    layout = client.get("/_dash-layout", headers=GZIP)
    assert layout.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(layout.data))["props"]["className"] == "shell"
    bundle = client.get(PLOTLY_PATH, headers=GZIP)  # already gzip: not compressed again
    assert bundle.headers["Content-Encoding"] == "gzip"
    assert bundle.data == PLOTLY_BUNDLE.read_bytes()


def test_a_not_modified_reply_and_a_small_file_are_left_as_they_are(client):
    chunk = "/_dash-component-suites/dash/dcc/async-graph.js"  # no fingerprint: an ETag
    etag = client.get(chunk).headers["ETag"]
    again = client.get(chunk, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and "Content-Encoding" not in again.headers
    (history,) = [s for s in scripts(client) if "history.js" in s]  # about 1 kB
    assert "Content-Encoding" not in client.get(history, headers=GZIP).headers
