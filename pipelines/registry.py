"""The source registry: every published source declared once, as data.

Each source lives in `pipelines/sources/<source_id>/` as a `source.yaml` declaration beside a
small module of pure functions (`read`, `tidy`). This module loads and validates declarations;
it knows nothing about any particular source.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from aggstats import calendar
from pipelines.coverage import Withdrawal, read_tolerance, read_withdrawals
from pipelines.errors import RegistryError
from pipelines.release_links import LOCK_NAME, ReleaseLink, read_links, read_lock

SOURCES_DIR = Path(__file__).parent / "sources"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
GRAINS = calendar.GRAINS  # a period is the first day of its grain (aggstats.calendar)
# What a measure's value is, which decides how periods combine:
# flow  - a count of what happened in the period (encounters, removals): months sum to years,
#         a range sums, a count per day is meaningful.
# stock - a level held at a date or averaged over the period (people detained, pending cases,
#         population): never summed over periods; a range is represented by its last period.
# ratio - a rate or an average per item (grant rate, average length of stay): never summed,
#         over periods, regions or categories.
KINDS = ("flow", "stock", "ratio")
# What other layers look a measure up by, instead of naming it: at most one measure has a role.
# population_denominator - residents per region and calendar year, what per-capita rates divide by.
ROLES = ("population_denominator",)
# `to_date`: a figure released before its period ended covers the period to date (a fiscal year
# to date), so it is partial and its per-day rate divides by the days to its data date. True for
# every flow; declared for a stock or ratio that is an average over the period (ICE's average
# daily population), false for a level at a date (residents on July 1, cases pending).


@dataclass(frozen=True)
class Measure:
    measure_id: str
    source_id: str
    name: str
    unit: str
    topic: str
    definition: str
    caveats: tuple[str, ...]
    additive: bool  # breakdown parts sum to the total
    kind: str  # one of KINDS
    to_date: bool  # see above
    counts: str  # what one unit is: "events", "people", "cases", "person-days", ...
    rounded_to: int | None = None
    role: str | None = None  # one of ROLES


@dataclass(frozen=True)
class SourceFile:
    source_id: str
    name: str
    layout: str
    release: str
    published: str
    as_of: dt.date
    accessed: str
    size: int
    sha256: str
    url: str | None
    stands_for: tuple[str, ...]
    original: bool
    provenance: str
    coverage: str
    levels: tuple[str, ...]
    # a third party's copy kept only to check the agency's file against: reconciliation reads
    # it, but it is never a release of its measures (not in force, not "as published")
    reconcile_only: bool = False

    @property
    def file_id(self) -> str:
        return f"{self.source_id}/{self.name}"

    @property
    def relpath(self) -> Path:
        return Path(self.source_id) / self.name


# How often a publisher releases new figures, in days between releases ("ended": no longer);
# a source is overdue when more than OVERDUE_AFTER cadences have passed since its newest release.
CADENCES = {"biweekly": 14, "monthly": 31, "quarterly": 92, "annual": 366, "ended": None}
OVERDUE_AFTER = 1.5


@dataclass(frozen=True)
class Summary:
    """A source in one line of the README's table (`summary:`; `aggstats docs` writes it)."""

    publisher: str  # as readers know it: CBP, DHS OHSS, DOJ EOIR...
    what: str
    coverage: str


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    landing_page: str
    licence: str
    citation: str
    module_name: str
    levels: tuple[str, ...]
    dimensions: dict[str, str]
    categories: dict[str, dict[str, str]]
    quirks: tuple[str, ...]
    measures: tuple[Measure, ...]
    files: tuple[SourceFile, ...]
    path: Path = field(compare=False)
    cadence: str = "ended"
    summary: Summary | None = None
    discovery: tuple[ReleaseLink, ...] = ()
    withdrawn: tuple[Withdrawal, ...] = ()  # coverage a release took away on purpose
    shrink_tolerance: float = 0.01  # share of a level's cells a build may lose (coverage.py)

    @property
    def folder(self) -> Path:
        """The source's folder: its declaration, module, regions, checks and context."""
        return self.path.parent

    @property
    def lock_path(self) -> Path:
        return self.folder / LOCK_NAME

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)


def load_registry(sources_dir: Path | None = None) -> list[Source]:
    """Every source declared under `sources_dir`, sorted by id, validated."""
    root = sources_dir or SOURCES_DIR
    declarations = sorted(root.glob("*/source.yaml"))
    if not declarations:
        raise RegistryError(f"no source declarations (*/source.yaml) under {root}")
    sources = [load_source(path) for path in declarations]
    measure_ids = [m.measure_id for s in sources for m in s.measures]
    duplicated = sorted({m for m in measure_ids if measure_ids.count(m) > 1})
    if duplicated:
        raise RegistryError(f"measure ids declared twice: {', '.join(duplicated)}")
    for role in ROLES:
        holders = [m.measure_id for s in sources for m in s.measures if m.role == role]
        if len(holders) > 1:
            raise RegistryError(f"role {role!r} declared by more than one measure: {holders}")
    return sources


def load_source(path: Path) -> Source:
    """Read and validate one `source.yaml`."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    except ValueError as exc:  # a date that does not exist (2024-13-01)
        raise RegistryError(f"{path}: an impossible date: {exc}") from exc
    where = str(path)
    source_id = _required(doc, "id", where)
    if path.parent.name != source_id:
        raise RegistryError(f"{where}: id {source_id!r} must equal its folder name")
    module_name = doc.get("module") or f"{__package__}.sources.{source_id}.pipeline"
    files = _distinct(
        tuple(_file(f, source_id, where) for f in _required(doc, "files", where)), where
    )
    lock = path.parent / LOCK_NAME
    if lock.is_file():
        files += tuple(_file(f, source_id, str(lock)) for f in read_lock(lock))
    return Source(
        source_id=source_id,
        publisher=_required(doc, "publisher", where),
        title=_required(doc, "title", where),
        landing_page=_required(doc, "landing_page", where),
        licence=_required(doc, "licence", where),
        citation=_required(doc, "citation", where),
        module_name=module_name,
        levels=tuple(_required(doc, "levels", where)),
        dimensions=dict(doc.get("dimensions") or {}),
        categories={d: dict(m) for d, m in (doc.get("categories") or {}).items()},
        quirks=tuple(doc.get("quirks") or ()),
        measures=tuple(_measure(m, source_id, where) for m in _required(doc, "measures", where)),
        files=files,
        path=path,
        cadence=_cadence(doc, where),
        summary=_summary(doc, where),
        discovery=tuple(read_links(doc.get("discovery") or (), {f.name for f in files}, where)),
        withdrawn=read_withdrawals(doc, where),
        shrink_tolerance=read_tolerance(doc, where),
    )


def _summary(doc: dict[str, Any], where: str) -> Summary:
    summary = _required(doc, "summary", where)
    return Summary(
        *(str(_required(summary, k, f"{where}: summary")) for k in Summary.__annotations__)
    )


def _cadence(doc: dict[str, Any], where: str) -> str:
    cadence = _required(doc, "cadence", where)
    if cadence not in CADENCES:
        raise RegistryError(f"{where}: cadence {cadence!r} is not one of {', '.join(CADENCES)}")
    return cadence


def _measure(doc: dict[str, Any], source_id: str, where: str) -> Measure:
    measure_id = _required(doc, "id", where)
    if not measure_id.startswith(f"{source_id}."):
        raise RegistryError(f"{where}: measure id {measure_id!r} must start with '{source_id}.'")
    where = f"{where}: measure {measure_id}"
    return Measure(
        measure_id=measure_id,
        source_id=source_id,
        name=_required(doc, "name", where),
        unit=_required(doc, "unit", where),
        topic=_required(doc, "topic", where),
        definition=" ".join(_required(doc, "definition", where).split()),
        caveats=tuple(" ".join(c.split()) for c in doc.get("caveats") or ()),
        additive=bool(_required(doc, "additive", where)),
        kind=_kind(doc, where),
        to_date=bool(doc.get("to_date", doc.get("kind") == "flow")),
        counts=_required(doc, "counts", where),
        rounded_to=doc.get("rounded_to"),
        role=_role(doc, where),
    )


def _role(doc: dict[str, Any], where: str) -> str | None:
    role = doc.get("role")
    if role is not None and role not in ROLES:
        raise RegistryError(f"{where}: role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def _kind(doc: dict[str, Any], where: str) -> str:
    kind = _required(doc, "kind", where)
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return kind


def _file(doc: dict[str, Any], source_id: str, where: str) -> SourceFile:
    name = _required(doc, "name", where)
    where = f"{where}: file {name}"
    sha256 = str(_required(doc, "sha256", where)).lower()
    if not _SHA256.match(sha256):
        raise RegistryError(f"{where}: sha256 must be 64 hex digits")
    as_of = _required(doc, "as_of", where)
    if not isinstance(as_of, dt.date):
        raise RegistryError(f"{where}: as_of must be a date (YYYY-MM-DD)")
    if not doc.get("url") and not doc.get("stands_for"):
        raise RegistryError(f"{where}: give a url, or stands_for (the originals it copies)")
    return SourceFile(
        source_id=source_id,
        name=name,
        layout=_required(doc, "layout", where),
        release=_required(doc, "release", where),
        published=str(_required(doc, "published", where)),
        as_of=as_of,
        accessed=str(_required(doc, "accessed", where)),
        size=int(_required(doc, "size", where)),
        sha256=sha256,
        url=doc.get("url"),
        stands_for=tuple(doc.get("stands_for") or ()),
        original=bool(_required(doc, "original", where)),
        provenance=" ".join(_required(doc, "provenance", where).split()),
        coverage=_required(doc, "coverage", where),
        levels=tuple(_required(doc, "levels", where)),
        reconcile_only=bool(doc.get("reconcile_only", False)),
    )


def _distinct(files: tuple[SourceFile, ...], where: str) -> tuple[SourceFile, ...]:
    """Refuse a release declared twice: the same file name, or two files of one layout with the
    same vintage (both would claim to be in force for the same periods)."""
    for label, key in (
        ("file", lambda f: f.name),
        ("layout and as_of", lambda f: (f.layout, f.as_of, f.reconcile_only)),
    ):
        seen: dict = {}
        for file in files:
            if key(file) in seen:
                raise RegistryError(
                    f"{where}: {file.name} repeats the {label} of {seen[key(file)].name} "
                    f"({key(file)!s}): a release is declared once"
                )
            seen[key(file)] = file
    return files


def _required(doc: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(doc, dict) or doc.get(key) in (None, "", []):
        raise RegistryError(f"{where}: missing required field {key!r}")
    return doc[key]
