"""Callback bodies as the page sends them (dashboard.callback_bodies): a table's sort button
whose column names a breakdown's category (" · ") is an input, not a refused request."""

from __future__ import annotations

import json

from dashboard.callback_bodies import body_problem

SORT = {
    "sort.data": {
        "inputs": [{"id": '{"column":["ALL"],"type":"sort-button"}', "property": "n_clicks"}],
        "state": [],
    }
}


def body(column: str) -> tuple[dict, str]:
    button = {"column": column, "type": "sort-button"}
    # what the page sends: the pattern's id as JSON.stringify writes it (sorted, non-ASCII raw)
    changed = json.dumps(button, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {
        "output": "sort.data",
        "outputs": {"id": "sort", "property": "data"},
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [f"{changed}.n_clicks"],
        "state": [],
    }, changed


def test_a_sort_button_of_a_breakdowns_column_is_an_input():
    request, _ = body("-United States · MEXICO")
    assert body_problem(SORT, request) == ""
    plain, _ = body("-United States")
    assert body_problem(SORT, plain) == ""


def test_a_changed_id_no_input_has_is_still_refused():
    request, _ = body("-United States · MEXICO")
    request["changedPropIds"] = ['{"column":"-Elsewhere","type":"sort-button"}.n_clicks']
    assert body_problem(SORT, request) == "changedPropIds names a value that is not an input"
