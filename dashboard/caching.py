"""How long browsers keep what the page loads, beyond what Dash sets.

Dash names each asset with its file's modification time (`/assets/a11y.js?m=1796632766.2`), so
an asset's address changes when the file does; yet Flask serves assets as `no-cache`, and a
return visit asks again for each (a round trip apiece, the stylesheet's before anything is
drawn). Here an asset asked for by such an address is kept for a year. Dash's favicon, named by
Dash's version and sent with no caching at all, is kept for a day.
"""

from __future__ import annotations

from flask import Flask, Response, request

YEAR, DAY = 31_536_000, 86_400


def keep_assets(server: Flask) -> None:
    """Register the after-request hook that sets these lifetimes on the app's server."""

    @server.after_request
    def lifetimes(response: Response) -> Response:
        if response.status_code not in (200, 304):
            return response
        if request.path.startswith("/assets/") and request.args.get("m"):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        elif request.path == "/_favicon.ico":
            response.cache_control.public = True
            response.cache_control.max_age = DAY
        return response
