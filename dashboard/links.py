"""A link's view, and what the page says about the values in it that it could not use."""

from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.layout.options import period_text
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
    noted = {name for name, _ in found}
    if "measure" in noted and view.measure != asked.measure:  # the default view, not the link's
        found += [
            (name, "not used: the default view is shown") for name in given if name not in noted
        ]
    found += _outside(given, view, noted)
    notes = []
    for name, why in found:
        note = f"{shown(name, 20)}={shown(given.get(name, ''))}: {why}."
        if note not in notes:
            notes.append(note)
    return view, notes


def _outside(given: dict, view: View, noted: set) -> list[tuple[str, str]]:
    """A start or end the link dated outside the periods published, moved to the nearest."""
    out = []
    for name in ("start", "end"):
        value, kept = given.get(name, ""), getattr(view, name)
        if name in noted or not value or not kept or value[:7] == kept[:7]:
            continue
        if name == "start" and value < kept:
            first = period_text(kept, view.grain)
            out.append((name, f"before the first period published; the range starts {first}"))
        elif name == "end" and value > kept and value[:4] > kept[:4]:
            last = period_text(kept, view.grain)
            out.append((name, f"after the last period published; the range ends {last}"))
    return out


def shown(value: str, most: int = 40) -> str:
    """A value as the page quotes it, cut short."""
    return value if len(value) <= most else value[: most - 1] + "…"
