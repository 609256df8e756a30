"""What browsers keep, and for how long (dashboard/caching.py)."""

from __future__ import annotations

import re

from dashboard.app import create_app


def test_assets_named_by_their_time_are_kept_a_year_and_the_favicon_a_day(tmp_path):
    client = create_app(tmp_path / "none.duckdb").server.test_client()
    page = client.get("/").data.decode()
    named = re.findall(r'(?:src|href)="(/assets/[^"?]+\?m=[0-9.]+)"', page)
    assert len(named) == 5  # the stylesheet and four scripts, as the page names them
    for address in named:
        kept = client.get(address).headers["Cache-Control"]
        assert set(kept.split(", ")) == {"public", "max-age=31536000", "immutable"}, address
    # by a bare path an asset may change at the same address: asked again each time
    assert client.get(named[0].split("?")[0]).headers["Cache-Control"] == "no-cache"
    (favicon,) = re.findall(r'href="(/_favicon\.ico[^"]*)"', page)
    assert client.get(favicon).headers["Cache-Control"] == "public, max-age=86400"
    assert "Cache-Control" not in client.get("/assets/none.js?m=1").headers  # a 404
