"""Entries of the YAML files declared beside the registry (series.yaml, context.yaml): each has
the keys its kind requires, and an id no other entry of the kind uses."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.errors import AggstatsError


def check_entry(
    entry: dict,
    required: Iterable[str],
    where: str,
    error: type[AggstatsError],
    seen: set[str] | None = None,
) -> None:
    """Raise `error` naming `where` if the entry lacks a required key or (given the ids `seen`
    so far, to which its id is then added) reuses an id."""
    missing = set(required) - set(entry)
    if missing:
        raise error(f"{where} lacks {', '.join(sorted(missing))}")
    if seen is None:
        return
    if entry["id"] in seen:
        raise error(f"{where}: the id is used twice")
    seen.add(entry["id"])
