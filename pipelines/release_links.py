"""How a source declares where its releases appear (`discovery` in source.yaml), and the lock
file `aggstats update` writes beside it for the releases it found and verified since."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipelines import release_dates
from pipelines.errors import RegistryError

# Written by `aggstats update` beside a source.yaml: the releases it found and verified since,
# each a file like those the declaration lists (see pipelines/update.py)
LOCK_NAME = "releases.lock.yaml"


@dataclass(frozen=True)
class ReleaseLink:
    """How `aggstats update` recognises a release on a landing page (pipelines/discover.py)."""

    page: str  # the landing page that lists the releases
    href: str | None  # a pattern searched in the link's address (percent-decoded)
    text: str | None  # a pattern searched in the link's text
    date: str  # the rule (pipelines/release_dates.py) reading the release date
    model: str | None  # the registered file whose layout and levels a new release takes
    not_loaded: str | None  # why a release found is listed but not loaded (no reader for it)


def read_lock(lock: Path) -> list[dict[str, Any]]:
    """The file entries of a lock file, each shaped like a declaration's `files` entry."""
    try:
        doc = yaml.safe_load(lock.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{lock}: not valid YAML: {exc}") from exc
    return list(doc.get("files") or ())


def read_links(
    pages: Sequence[dict[str, Any]], names: set[str], where: str
) -> Iterator[ReleaseLink]:
    """A declaration's `discovery`: per landing page, how each kind of release's link looks;
    `names` are the source's registered file names (a link's model must be one of them)."""
    for page in pages:
        url = _required(page, "page", f"{where}: discovery")
        for link in _required(page, "links", f"{where}: discovery {url}"):
            here = f"{where}: discovery {url}"
            _check_patterns(link, here)
            date = _required(link, "date", here)
            if date not in release_dates.RULES:
                raise RegistryError(
                    f"{here}: date {date!r} is not one of {', '.join(release_dates.RULES)}"
                )
            model, not_loaded = link.get("model"), link.get("not_loaded")
            if bool(model) == bool(not_loaded):
                raise RegistryError(f"{here}: give a model file, or not_loaded (why not)")
            if model and model not in names:
                raise RegistryError(f"{here}: model {model!r} is not a file of this source")
            yield ReleaseLink(url, link.get("href"), link.get("text"), date, model, not_loaded)


def _check_patterns(link: dict[str, Any], here: str) -> None:
    if not link.get("href") and not link.get("text"):
        raise RegistryError(f"{here}: a link needs an href or a text pattern")
    for key in ("href", "text"):
        if link.get(key):
            try:
                re.compile(link[key])
            except re.error as exc:
                raise RegistryError(f"{here}: {key} {link[key]!r}: {exc}") from exc


def _required(doc: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(doc, dict) or doc.get(key) in (None, "", []):
        raise RegistryError(f"{where}: missing required field {key!r}")
    return doc[key]
