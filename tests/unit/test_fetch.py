"""Fetch: cache, mirror, download (from a local HTTP server), and errors that say how to fix."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import replace

import pytest

from pipelines.errors import FetchError
from pipelines.fetch import fetch_all, fetch_file
from pipelines.registry import load_registry
from tests.conftest import FIXTURES, fixture_registry

STATE = FIXTURES / "cbp_encounters" / "state.csv"


@pytest.fixture
def declared(tmp_path):
    """The state fixture declared in a registry; the cache starts empty."""
    (source,) = fixture_registry(
        tmp_path / "sources",
        "cbp_encounters",
        [{"path": STATE, "layout": "state", "levels": ["state"]}],
        tmp_path / "declare",
    )
    return source.files[0]


def mirror_with(tmp_path, data: bytes):
    folder = tmp_path / "mirror"
    (folder / "cbp_encounters").mkdir(parents=True)
    (folder / "cbp_encounters" / "state.csv").write_bytes(data)
    return folder


def test_copies_from_the_mirror_then_keeps_the_cached_copy(tmp_path, declared):
    raw = tmp_path / "raw"
    mirror = mirror_with(tmp_path, STATE.read_bytes())
    assert fetch_file(declared, raw, mirror).how == "copied from mirror"
    assert (raw / "cbp_encounters" / "state.csv").read_bytes() == STATE.read_bytes()
    assert fetch_file(declared, raw, None).how == "kept"


def test_mirror_copy_with_wrong_checksum_is_not_installed(tmp_path, declared):
    raw = tmp_path / "raw"
    mirror = mirror_with(tmp_path, b"not the published file\r\n")
    with pytest.raises(FetchError) as error:
        fetch_file(declared, raw, mirror)
    message = str(error.value)
    assert "cbp_encounters/state.csv" in message
    assert "mirror:" in message and "has sha256" in message
    assert "no download: the file reconstructs https://www.cbp.gov/" in message
    assert "To fix: point AGGSTATS_MIRROR" in message
    assert not (raw / "cbp_encounters" / "state.csv").exists()


def test_fetch_all_lists_every_failure(tmp_path, declared):
    other = replace(declared, name="other.csv")
    source = replace(load_registry()[0], files=(declared, other))
    with pytest.raises(FetchError, match="no mirror folder set") as error:
        fetch_all([source], tmp_path / "raw", None)
    assert "cbp_encounters/state.csv" in str(error.value)
    assert "cbp_encounters/other.csv" in str(error.value)


@pytest.fixture
def http_server(tmp_path):
    """A real HTTP server on loopback serving tmp_path/site."""
    site = tmp_path / "site"
    site.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_downloads_from_the_official_url_and_verifies(tmp_path, declared, http_server):
    site, base = http_server
    (site / "state.csv").write_bytes(STATE.read_bytes())
    file = replace(declared, url=f"{base}/state.csv")
    assert fetch_file(file, tmp_path / "raw", None).how == "downloaded"


def test_download_with_wrong_checksum_fails(tmp_path, declared, http_server):
    site, base = http_server
    (site / "state.csv").write_bytes(b"<html>a landing page, not the CSV</html>")
    file = replace(declared, url=f"{base}/state.csv")
    with pytest.raises(FetchError, match=r"download http://127\.0\.0\.1:\d+/state.csv: got sha256"):
        fetch_file(file, tmp_path / "raw", None)
    assert not (tmp_path / "raw" / "cbp_encounters" / "state.csv").exists()
