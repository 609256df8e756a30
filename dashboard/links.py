"""A link's view, and what the page says about the values in it that it could not use."""

from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.state import View, resolve


def read_link(search: str | None, catalog) -> tuple[View, list[str]]:
    """The view a link names, as the warehouse can show it, and a sentence for each value the
    link gave that was not used: what was ignored, and why."""
    ignored: list[tuple[str, str]] = []
    asked = View.from_search(search, ignored)
    params = parse_qs(search.lstrip("?") if isinstance(search, str) else "", True)
    given = {name: values[0] for name, values in params.items() if values[0]}
    read = len(ignored)
    view = resolve(asked, catalog, ignored)
    # what resolve set aside is news only where the link gave it (not where a default lacked
    # it), and only the first reason per value (not what follows from an earlier fallback)
    read_names = {name for name, _ in ignored[:read]}
    found = ignored[:read] + [
        (name, why) for name, why in ignored[read:] if name in given and name not in read_names
    ]
    notes = []
    for name, why in found:
        note = f"{shown(name, 20)}={shown(given.get(name, ''))}: {why}."
        if note not in notes:
            notes.append(note)
    return view, notes


def shown(value: str, most: int = 40) -> str:
    """A value as the page quotes it, cut short."""
    return value if len(value) <= most else value[: most - 1] + "…"
