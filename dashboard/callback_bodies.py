"""The callback requests the server accepts: bodies shaped as the page sends them.

Dash trusts the body of POST /_dash-update-component: a missing key, an unknown output or a list
where it expects an object ends in a server error. Each body is checked here against the
callbacks the app registered before Dash reads it, and refused with a 400 that says what is
wrong. The values themselves may still be anything JSON: the callbacks read them through
dashboard.state.View.from_values, which keeps the default for whatever no control would send.
"""

from __future__ import annotations

import json

from dash import Dash
from flask import Response, request

CALLBACK_PATH = "_dash-update-component"


def check_callback_bodies(app: Dash) -> None:
    path = app.config.routes_pathname_prefix + CALLBACK_PATH

    @app.server.before_request
    def refuse_malformed() -> Response | None:
        if request.path != path or request.method != "POST":
            return None
        try:
            body = json.loads(request.get_data(cache=True) or b"null")
        except (ValueError, RecursionError):
            return refused("the body is not JSON")
        problem = body_problem(app.callback_map, body)
        return refused(problem) if problem else None


def refused(problem: str) -> Response:
    return Response(
        json.dumps({"error": f"Callback request refused: {problem}."}),
        status=400,
        mimetype="application/json",
    )


def body_problem(callback_map: dict, body) -> str:
    """What is wrong with a callback body ("" if nothing)."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "no such callback output"
    spec = callback_map[output]
    outputs = body.get("outputs")
    expected = [{"id": i, "property": p} for i, p in _outputs(output)]
    if [outputs] != expected and outputs != expected:
        return "outputs do not match the callback's outputs"
    for key in ("inputs", "state"):
        problem = _items_problem(spec[key], body.get(key, []), key)
        if problem:
            return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    known = set(_prop_ids(body["inputs"]))
    if any(c not in known for c in changed):
        return "changedPropIds names a value that is not an input"
    return ""


def _outputs(output: str) -> list[tuple[str, str]]:
    """(id, property) of each output of a callback, from Dash's output key."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]


def _items_problem(declared: list[dict], items, key: str) -> str:
    if not isinstance(items, list) or len(items) != len(declared):
        return f"{key} do not match the callback's {key}"
    for spec, item in zip(declared, items, strict=True):
        pattern = json.loads(spec["id"]) if spec["id"].startswith("{") else None
        matches = item if pattern is not None and isinstance(item, list) else [item]
        for match in matches:
            if not _matches(match, spec, pattern):
                return f"{key} name a component or property the callback does not read"
    return ""


def _matches(item, spec: dict, pattern: dict | None) -> bool:
    if not isinstance(item, dict) or item.get("property") != spec["property"]:
        return False
    if pattern is None:
        return item.get("id") == spec["id"]
    found = item.get("id")
    return (
        isinstance(found, dict)
        and found.keys() == pattern.keys()
        and all(isinstance(v, list) or found[k] == v for k, v in pattern.items())
    )


def _prop_ids(items: list) -> list[str]:
    """The names of inputs as the page lists them in changedPropIds ("id.property")."""
    out = []
    for item in items:
        for one in item if isinstance(item, list) else [item]:
            found = one["id"]
            if not isinstance(found, str):  # the page writes a pattern's id sorted, no spaces
                # as JSON.stringify writes it: non-ASCII (a breakdown's " · ") as is, not \u00b7
                found = json.dumps(found, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            out.append(f"{found}.{one['property']}")
    return out


def request_body(callback_map: dict, output: str, values: dict, changed: list[str]) -> dict:
    """The body the page sends to run the callback of `output`: each input and state as
    {id, property, value}, values by "id.property" (missing: None); for tests and benchmarks."""
    spec = callback_map[output]
    outputs = [{"id": i, "property": p} for i, p in _outputs(output)]

    def items(declared):
        return [{**d, "value": values.get(f"{d['id']}.{d['property']}")} for d in declared]

    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": items(spec["inputs"]),
        "changedPropIds": changed,
        "state": items(spec["state"]),
    }
