"""A publisher's web site on loopback: landing pages and files by path, HTTP Range requests
(so a download can resume), Last-Modified dates, and faults on demand (404, an HTML error page
instead of the file, a connection closed halfway, a page held back until the test releases it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Access Denied</title></head>"
    b"<body><h1>Access Denied</h1><p>You don't have permission to access this resource.</p>"
    b"</body></html>"
)
LAST_MODIFIED = "Wed, 22 Jul 2026 14:05:00 GMT"
PAGES_DIR = Path(__file__).parent / "fixtures" / "update"
OHSS_MONTHLY = (
    "/topics/immigration/immigration-enforcement/"
    "immigration-enforcement-and-legal-processes-monthly"
)
PAGES = {
    "/document/stats/nationwide-encounters": "cbp-nationwide-encounters.html",
    "/document/stats/southwest-land-border-encounters": "cbp-southwest-land-border-encounters.html",
    "/detain/detention-management": "ice-detention-management.html",
    OHSS_MONTHLY: "ohss-monthly-tables.html",
    "/khsm/cbp-encounters": "ohss-khsm-cbp-encounters.html",
    "/eoir/workload-and-adjudication-statistics": "eoir-workload-and-adjudication-statistics.html",
}
EOIR_PDF = "/eoir/media/1351234/dl"
HOLD_S = 60


def serve_landing_pages(site: Publisher) -> None:
    """Every watched source's landing page, saved in its publisher's HTML structure."""
    for path, name in PAGES.items():
        site.serve(path, (PAGES_DIR / name).read_bytes(), "text/html; charset=UTF-8")
    site.serve(EOIR_PDF, b"%PDF-1.7\n", "application/pdf")  # dated by its Last-Modified


class Publisher:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.faults: dict[str, str] = {}  # path -> "404" | "html" | "truncate" | "hold"
        self.released = threading.Event()  # ends every "hold" (which gives up after HOLD_S)
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Range
        self.url = ""

    def serve(self, path: str, body: bytes, content_type: str) -> None:
        """Answer `path` (percent-decoded) with `body`."""
        self.routes[path] = (content_type, body)


class _Handler(BaseHTTPRequestHandler):
    """Answers from `site` (set on a subclass per Publisher, see _handler)."""

    site: Publisher

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def _answer(self, with_body: bool) -> None:
        path = unquote(self.path.split("?", 1)[0])
        wanted = self.headers.get("Range")
        self.site.requests.append((self.command, self.path, wanted))
        fault = self.site.faults.get(path)
        if fault == "hold":  # a slow publisher: the client waits on this page
            self.site.released.wait(HOLD_S)
        if path not in self.site.routes or fault == "404":
            return self._send(404, "text/html", ERROR_PAGE, with_body)
        if fault == "html":
            return self._send(200, "text/html; charset=UTF-8", ERROR_PAGE, with_body)
        content_type, body = self.site.routes[path]
        start = int(wanted.removeprefix("bytes=").split("-")[0]) if wanted else 0
        if start >= len(body) > 0:
            return self._send(416, "text/plain", b"", with_body)
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) - start))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", LAST_MODIFIED)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.end_headers()
        if not with_body:
            return
        if fault == "truncate":  # half the file, then the connection closes
            self.wfile.write(body[start : start + (len(body) - start) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body[start:])

    def _send(self, status: int, content_type: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


def _handler(site: Publisher) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"site": site})


@contextmanager
def publisher() -> Iterator[Publisher]:
    """A Publisher served on a free port of 127.0.0.1 until the block ends."""
    site = Publisher()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.released.set()  # a held page answers, so that the server can stop
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
