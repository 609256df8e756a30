"""What every response carries, and what the served explorer leaves out.

The Content-Security-Policy allows only the explorer's own origin, plus Dash's inline scripts by
their hashes (its renderer start-up and the clientside callbacks: `Dash.csp_hashes`), so no
other inline script, eval, plugin or frame can run. Styles keep 'unsafe-inline': Dash's
components and plotly.js write style attributes and <style> elements as they draw (react-select
and plotly's own rules), which neither hashes nor nonces can cover; CSS cannot run script.
Images allow data: and blob: for plotly's PNG/SVG export and dcc.Download's files.
"""

from __future__ import annotations

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request

# Dash's development endpoint (hot reload): no use to a served explorer, and it lists packages.
DEBUG_ENDPOINTS = ("_reload-hash",)
MAX_REQUEST_BYTES = 1_000_000  # the largest callback body the page sends is a few kB


def content_security_policy(app: Dash) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def answer_404_off_pages(app: Dash, pages: tuple[str, ...]) -> None:
    """Dash answers every path with its page (its router draws "not found" for the unknown
    ones); the status says so too, so crawlers, caches and link checkers see a 404."""
    catch_all = app.config.routes_pathname_prefix + "<path:path>"
    prefix = app.config.routes_pathname_prefix.rstrip("/")

    @app.server.after_request
    def not_found(response: Response) -> Response:
        rule = request.url_rule
        if rule is not None and rule.rule == catch_all and response.status_code == 200:
            path = request.path.removeprefix(prefix).rstrip("/") or "/"
            if path not in pages:
                response.status_code = 404
        return response


def secure(app: Dash, debug: bool = False) -> None:
    """Headers on every response, plain 404s for Dash's unknown resources, a bound on request
    bodies; and, unless `debug`, no development endpoint. Call after every callback is
    registered (the policy hashes the clientside callbacks' scripts)."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        # no other site learns the page's address; the page's own layout request sends it, so
        # that the layout comes with the page built (dashboard.app.layout)
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if not debug:  # Dash's dev tools run their own inline scripts and development bundles
        headers["Content-Security-Policy"] = content_security_policy(app)
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @server.after_request
    def add_headers(response: Response) -> Response:
        response.headers.update(headers)
        return response

    @server.errorhandler(DependencyException)
    def unknown_resource(_error) -> tuple[str, int, dict]:
        # Dash's message lists every registered file: a 404 says no more than "not here"
        return "No such resource.", 404, {"Content-Type": "text/plain; charset=utf-8"}

    if not debug:
        for name in DEBUG_ENDPOINTS:
            endpoint = app.config.routes_pathname_prefix + name
            server.view_functions[endpoint] = lambda: Response("Not found.", 404)
