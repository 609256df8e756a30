"""Responses sent gzipped to a browser that takes gzip: Dash serves its scripts (1.1 MB: React,
its renderer, its components), the layout and each callback's reply as they are, uncompressed.

Scripts and stylesheets that do not change while the server runs (Dash's component suites, the
explorer's assets) are compressed once, at the best level, and kept; the layout and callback
replies, which differ each time, are compressed as they go (a reply of a figure, 50 kB, takes
about half a millisecond). Responses already encoded (the plotly bundle, kept gzipped), streamed,
small, partial or not 200 are left as they are.
"""

from __future__ import annotations

import gzip
import threading

from flask import Flask, Response, request

COMPRESSIBLE = {
    "application/javascript",
    "text/javascript",
    "text/css",
    "application/json",
    "text/html",
    "image/svg+xml",
}
MIN_BYTES = 1024  # below this, gzip's header and a round trip cost more than they save
STATIC = ("/_dash-component-suites/", "/assets/")  # unchanged while the server runs
STATIC_LEVEL, DYNAMIC_LEVEL = 9, 5


class Gzip:
    """The after-request hook; `kept` holds the compressed static files by path (a finite set:
    a path that names no file is a 404, and a query string does not change a file)."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, response: Response) -> Response:
        if response.mimetype not in COMPRESSIBLE:
            return response
        response.vary.add("Accept-Encoding")
        if not self._applies(response):
            return response
        static = request.path.startswith(STATIC)
        if static:
            body = self._static(request.path, response)
        else:
            body = gzip.compress(response.get_data(), DYNAMIC_LEVEL, mtime=0)
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        return response

    def _applies(self, response: Response) -> bool:
        return (
            "gzip" in request.headers.get("Accept-Encoding", "")
            and response.status_code == 200
            and "Content-Encoding" not in response.headers
            and "Content-Range" not in response.headers
            and not (response.is_streamed and not request.path.startswith(STATIC))
            and (response.content_length is None or response.content_length >= MIN_BYTES)
        )

    def _static(self, key: str, response: Response) -> bytes:
        with self._lock:
            kept = self.kept.get(key)
        if kept is None:
            response.direct_passthrough = False  # a file Flask would stream: read it whole
            kept = gzip.compress(response.get_data(), STATIC_LEVEL, mtime=0)
            with self._lock:
                self.kept[key] = kept
        return kept


def compress(server: Flask) -> Gzip:
    """Register the hook on the app's Flask server; returns it (its `kept` files)."""
    hook = Gzip()
    server.after_request(hook)
    return hook
