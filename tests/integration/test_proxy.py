"""The explorer deployed as public sites are: Debian's nginx with the deployment's own server
block (deploy/nginx/aggstats.conf.template) in front of `aggstats serve`, on loopback. Slow
clients that hold gunicorn's every thread (slowloris) are held by nginx instead; responses come
gzipped, with the security headers once, and the fingerprinted assets from nginx's cache."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from deploy import slow_clients
from deploy.proxy import proxied

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def deployed(real_warehouse, tmp_path_factory):
    with proxied(real_warehouse, tmp_path_factory.mktemp("nginx")) as ports:
        yield ports


def get(port: int, path: str, **headers: str):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as answer:  # a 404 is an answer too
        return answer


def test_pages_come_through_gzipped_with_each_security_header_once(deployed):
    proxy, _, _ = deployed
    page = get(proxy, "/", **{"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.headers["Content-Encoding"] == "gzip"
    for name, value in (
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ):
        assert page.headers.get_all(name) == [value], name
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Server"] == "nginx"  # no version
    missing = get(proxy, "/wp-login.php")
    assert missing.status == 404 and missing.headers.get_all("X-Frame-Options") == ["DENY"]


def test_fingerprinted_assets_are_served_from_the_proxy_cache(deployed):
    proxy, _, _ = deployed
    html = get(proxy, "/").read().decode()
    asset = re.search(r'href="(/assets/style\.css\?m=[^"]+)"', html)[1]
    statuses = []
    for _ in range(3):  # each read whole, as a browser does
        response = get(proxy, asset)
        response.read()
        statuses.append(response.headers["X-Cache-Status"])
    assert statuses[0] in ("MISS", "HIT") and statuses[1:] == ["HIT", "HIT"]
    assert "immutable" in get(proxy, asset).headers["Cache-Control"]


def test_forty_slow_clients_do_not_keep_anyone_else_waiting(deployed):
    proxy, app, _ = deployed
    through = slow_clients.measure(proxy, connections=40, seconds=8, probe_every_s=0.25)
    assert through.failures == [] and through.sent >= 10, through.summary()
    assert through.p95_ms < 1000, through.summary()
