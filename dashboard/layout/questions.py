"""Questions the explorer opens on: links to prepared views, kept as data (questions.yaml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from dash import html

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")


@lru_cache(maxsize=1)
def load(path: Path = QUESTIONS_FILE) -> tuple[dict, ...]:
    return tuple(yaml.safe_load(path.read_text()) or ())


def questions(catalog) -> html.Nav | None:
    """The prepared views whose measures the warehouse holds, as links."""
    shown = [q for q in load() if all(m in catalog.measures for m in q["measures"])]
    if not shown:
        return None
    return html.Nav(
        className="questions",
        **{"aria-label": "Start from a question"},
        children=[
            html.H2("Start from a question", className="label"),
            html.Ul([html.Li(html.A(q["question"], href="/?" + q["query"])) for q in shown]),
        ],
    )
