"""Policy periods, dates and official targets drawn on charts, read from context.yaml."""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

import yaml

CONTEXT_FILE = Path(__file__).with_name("context.yaml")


@lru_cache(maxsize=4)
def load(path: Path = CONTEXT_FILE) -> dict[str, list[dict]]:
    """The bands, markers and targets (read on first use, not at import)."""
    data = yaml.safe_load(path.read_text())
    for kind in ("bands", "markers", "targets"):
        for entry in data.setdefault(kind, []):
            missing = {"id", "label", "measures", "source", "url"} - set(entry)
            if missing:
                raise ValueError(f"{path}: {kind} entry {entry.get('id')!r} lacks {missing}")
            for key in ("start", "end", "date", "since"):
                if key in entry and not isinstance(entry[key], dt.date):
                    entry[key] = dt.date.fromisoformat(str(entry[key]))
    return data


def applies(entry: dict, measure_id: str) -> bool:
    return any(fnmatch(measure_id, pattern) for pattern in entry["measures"])


def for_measure(measure_id: str, path: Path = CONTEXT_FILE) -> dict[str, list[dict]]:
    """The entries of each kind that apply to a measure."""
    return {
        kind: [e for e in entries if applies(e, measure_id)] for kind, entries in load(path).items()
    }
