"""The served explorer under hostile input, on the real warehouse: hundreds of malformed URL
values and callback bodies, never a server error or a traceback; a link's unusable values
named on the page; security headers on every response; no development endpoint."""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlencode

import pytest

from dashboard import ids
from dashboard.app import create_app, server
from dashboard.callback_bodies import request_body
from dashboard.callbacks.view import INPUTS
from dashboard.links import read_link
from dashboard.production import Production
from dashboard.scripts import PLOTLY_PATH, RUNTIME_PATH
from dashboard.state import View
from dashboard.store import Store

pytestmark = pytest.mark.integration

HOSTILE = [
    "' OR 1=1; DROP TABLE observation; --",
    "cbp_encounters.encounters' UNION SELECT * FROM information_schema.tables --",
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "no_such.measure",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "A" * 10_000,
    "<script>alert(1)</script>",
    "\u202e\u0000\ufffd",
    "2020-13-45",
    "[]",
]
# JSON values of every shape a control never sends
WRONG_TYPES = [None, 0, -1, 10**30, 1.5, True, [], [[[]]], {}, {"a": [{"b": None}]}, "x" * 10_000]
LEAKS = ("Traceback", 'File "/', "Error loading dependency", "Registered libraries", "duckdb.")
CALLBACK = "/_dash-update-component"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.fixture(scope="module")
def app(real_warehouse):
    return create_app(real_warehouse)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def check(response, tally: list) -> None:
    """No server error, no leaked internals, and every security header."""
    text = response.get_data(as_text=True)
    assert response.status_code < 500, (response.status_code, text[:500])
    for leak in LEAKS:
        assert leak not in text, (leak, text[:500])
    check_headers(response)
    tally.append(response.status_code)


def check_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'sha256-" in script_src  # Dash's inline scripts, by their hashes


def router(app, search) -> dict:
    values = {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": search}
    return request_body(app.callback_map, f"{ids.PAGE}.children", values, [f"{ids.URL}.pathname"])


def view_values(view: View) -> dict:
    return {
        f"{c}.{p}": list(v) if isinstance(v := getattr(view, n), tuple) else v for c, p, n in INPUTS
    }


def notice(response) -> list[str]:
    """The sentences of the page's notice about a link's unused values."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == ids.LINK_NOTICE:
                items = props["children"][1]["props"]["children"]
                found.extend(li["props"]["children"] for li in items)
            for value in props.values() if "props" in node else node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(response.get_json())
    return found


def test_hostile_url_values_load_the_page_and_name_what_was_ignored(app, client):
    tally = []
    for field in View.__dataclass_fields__:
        for value in HOSTILE:
            search = "?" + urlencode({field: value})
            check(client.get("/" + search), tally)
            response = client.post(CALLBACK, json=router(app, search))
            check(response, tally)
            assert response.status_code == 200
            if field != "sort":  # a table sort naming no column keeps the table's order
                sentences = notice(response)
                assert any(s.startswith(f"{field}=") for s in sentences), (field, value, sentences)
                assert all(len(s) < 400 for s in sentences)  # a 10 kB value is cut short
    for traversal in ("/../../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                      "/_dash-component-suites/dash/../../../etc/passwd",
                      "/_dash-component-suites/os/path.py", "/assets/" + "x" * 5000):  # fmt: skip
        check(client.get(traversal), tally)
    assert len(tally) >= 2 * 16 * len(HOSTILE)


def test_a_link_says_what_it_could_not_use_and_why(app, client, real_warehouse):
    store = Store(real_warehouse)
    search = (
        "?measure=cbp_encounters.encounters&level=usbp_sector&chart=ranking&top=7"
        "&regions=usbp_sector:RGV,state:TX&compare=per_capita&grain=week&grain=month&utm=x"
        "&breakdown=no_such&as_of=1999-01-01&start=yesterday&also=ohss_yearbook.apprehensions"
    )
    sentences = notice(client.post(CALLBACK, json=router(app, search)))
    assert sentences == [
        "grain=week: given 2 times; the first is used.",
        "utm=x: not a setting of the explorer.",
        "top=7: not one of 3, 5, 8, 10, 20.",
        "grain=week: not one of fiscal_year, calendar_year, month, half_month, fiscal_quarter, "
        "decade.",
        "chart=ranking: not one of trend, rank.",
        "regions=usbp_sector:RGV,state:TX: state:TX left out, not a region of Border Patrol "
        "sector.",
        "breakdown=no_such: not a breakdown of this measure at this geography.",
        "as_of=1999-01-01: not a release date of this measure.",
        "compare=per_capita: no residents are counted at this geography.",
        "also=ohss_yearbook.apprehensions: Aliens apprehended has no figures at this level.",
        "start=yesterday: not a date (YYYY-MM-DD).",
    ]
    # what was used: the sector asked for, the default grain, the range snapped to its years
    view, _ = read_link(search, store.catalog)
    assert (view.level, view.regions, view.grain, view.chart, view.top, view.compare) == (
        "usbp_sector", ("usbp_sector:RGV",), "fiscal_year", "trend", 5, "absolute"
    )  # fmt: skip
    unknown = notice(client.post(CALLBACK, json=router(app, "?measure=x&level=state")))
    assert unknown == [
        "measure=x: no such measure here, so the default view is shown instead of the link's.",
        "level=state: not used: the default view is shown.",
    ]
    # every value the link gave and the page set aside is named, none dropped silently
    odd = "?measure=nope&level=mars&start=notadate"
    assert notice(client.post(CALLBACK, json=router(app, odd)))[1:] == [
        "level=mars: not used: the default view is shown.",
        "start=notadate: not used: the default view is shown.",
    ]
    outside = notice(client.post(CALLBACK, json=router(app, "?start=1800-01-01&end=2099-01-01")))
    assert outside == [
        "start=1800-01-01: before the first period published; the range starts FY2020.",
        "end=2099-01-01: after the last period published; the range ends FY2026.",
    ]
    assert notice(client.post(CALLBACK, json=router(app, View().to_search()))) == []


def test_callbacks_take_any_json_value_without_a_server_error(app, client):
    tally = []
    base = view_values(View())
    controls = next(o for o in app.callback_map if o.startswith(f"..{ids.MEASURE_INFO}."))
    view_output = next(o for o in app.callback_map if o.startswith(f"..{ids.CHART}.figure"))
    for key in base:
        for value in WRONG_TYPES + HOSTILE[:6]:
            values = {**base, key: value}
            for output, changed in (
                (view_output, [key]),
                (controls, [f"{ids.MEASURE}.value"]),
                (f"{ids.DOWNLOAD}.data", [f"{ids.DOWNLOAD_CSV}.n_clicks"]),
            ):
                clicks = {f"{ids.DOWNLOAD_CSV}.n_clicks": 1}
                body = request_body(app.callback_map, output, {**values, **clicks}, changed)
                response = client.post(CALLBACK, json=body)
                check(response, tally)
                assert response.status_code in (200, 204), (key, value, output)
    for value in WRONG_TYPES:
        body = router(app, "")
        body["inputs"][1]["value"] = value  # nav.data: set by assets/history.js
        body["state"][0]["value"] = value
        check(client.post(CALLBACK, json=body), tally)
    assert len(tally) >= 3 * 16 * len(WRONG_TYPES)


def test_malformed_callback_bodies_are_refused_with_a_reason(app, client):
    good = router(app, "")
    sort = request_body(app.callback_map, f"{ids.SORT}.data", {}, [])
    sort["inputs"] = [[{"id": {"type": ids.SORT_BUTTON, "column": "Total"}, "property": "n_clicks",
                        "value": 1}]]  # fmt: skip
    sort["changedPropIds"] = ['{"column":"Total","type":"sort-button"}.n_clicks']
    response = client.post(CALLBACK, json=sort)
    assert response.status_code == 200
    assert response.get_json()["response"]["sort"]["data"] == "Total"
    malformed = [
        "not json", "{", "[" * 100_000, "null", "[]", "42", '"text"', json.dumps({}),
        json.dumps({**good, "output": "nothing.here"}),
        json.dumps({**good, "output": ["page.children"]}),
        json.dumps({**good, "output": "url-writer.data"}),  # a clientside callback
        json.dumps({**good, "outputs": []}),
        json.dumps({**good, "outputs": {"id": "chart", "property": "figure"}}),
        json.dumps({**good, "inputs": []}),
        json.dumps({**good, "inputs": {"id": "url"}}),
        json.dumps({**good, "inputs": good["inputs"] * 2}),
        json.dumps({**good, "inputs": [{"id": "measure", "property": "value"}, good["inputs"][1]]}),
        json.dumps({**good, "inputs": [None, None]}),
        json.dumps({**good, "state": "x"}),
        json.dumps({**good, "state": []}),
        json.dumps({**good, "changedPropIds": "url.pathname"}),
        json.dumps({**good, "changedPropIds": ["../../etc/passwd"]}),
        json.dumps({**good, "changedPropIds": [{"a": 1}]}),
        json.dumps({**sort, "inputs": [[{"id": {"type": "other"}, "property": "n_clicks"}]]}),
        json.dumps({**sort, "inputs": [[{"id": "sort-button", "property": "n_clicks"}]]}),
        json.dumps({**sort, "changedPropIds": ['{"type":"sort-button"}.n_clicks']}),
    ]  # fmt: skip
    tally = []
    for body in malformed:
        response = client.post(CALLBACK, data=body, content_type="application/json")
        check(response, tally)
        assert response.status_code == 400, body[:200]
        assert response.get_json()["error"].startswith("Callback request refused: ")
    huge = [{"id": "url", "property": "search", "value": "x" * 2_000_000}]
    too_big = json.dumps({**good, "state": huge})
    check(client.post(CALLBACK, data=too_big, content_type="application/json"), tally)
    assert tally[-1] == 413
    form = "application/x-www-form-urlencoded"
    check(client.post(CALLBACK, data="a=1", content_type=form), tally)
    assert tally[-1] == 400
    for method in ("PUT", "DELETE", "PATCH"):
        check(client.open(CALLBACK, method=method), tally)
        assert tally[-1] == 405


def test_headers_on_the_page_assets_callbacks_and_plotly_bundle(app, client):
    page = client.get("/")
    check_headers(page)
    html = page.get_data(as_text=True)
    scripts = [s for s in html.split('src="')[1:] if s.startswith("/_dash-component-suites/")]
    suite = client.get(scripts[0].split('"')[0])
    asset = client.get("/assets/style.css")
    callback = client.post(CALLBACK, json=router(app, ""))
    bundle = client.get(PLOTLY_PATH + "?v=1", headers={"Accept-Encoding": "gzip"})
    for response in (suite, asset, callback, bundle,
                     client.get("/_dash-layout"), client.get("/_dash-dependencies")):  # fmt: skip
        assert response.status_code == 200
        check_headers(response)
    missing = client.get("/no/such/page")  # the page saying so, with a status saying so too
    assert missing.status_code == 404
    check_headers(missing)
    assert bundle.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(bundle.data).startswith(b"/*! plotly.js")  # as stored, gzipped
    assert client.get("/_dash-component-suites/dash/no-such.js").status_code == 404


def test_the_served_app_has_no_development_endpoint(real_warehouse, monkeypatch):
    monkeypatch.setenv("AGGSTATS_WAREHOUSE", str(real_warehouse))
    flask = server()  # gunicorn's entry: dashboard.app:server()
    served = Production(real_warehouse, "127.0.0.1:0").load()  # `aggstats serve`
    for app in (flask, served):
        assert not app.debug
        assert app.test_client().get("/_reload-hash").status_code == 404
    client = flask.test_client()
    debugger = client.get("/?__debugger__=yes&cmd=resource&f=debugger.js")
    assert b"Werkzeug" not in debugger.data and b"_dash-config" in debugger.data  # the page
    routes = {rule.rule for rule in flask.url_map.iter_rules()}
    assert routes == {
        "/", "/<path:path>", "/static/<path:filename>", "/assets/<path:filename>", PLOTLY_PATH,
        RUNTIME_PATH,
        "/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_reload-hash",
        "/_favicon.ico", "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    }  # fmt: skip
