"""Update: take the newer releases the landing pages list into the registry, then rebuild.

For each new release (pipelines/discover.py) whose declaration names a model file: download it
(resumable: a partial download is kept and continued with an HTTP Range request), compute its
sha256 and size, and read and tidy it with the source's own pipeline in the model file's layout.
Only when every release passes are they recorded, each in its source's lock file
(`releases.lock.yaml` beside the source.yaml, which the registry reads as more files of that
source), put in the raw cache, and the warehouse rebuilt. Any failure restores the lock files and
the cache as they were; the build itself swaps the warehouse in only when it succeeds.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import yaml

from pipelines import regions
from pipelines.build import BuildReport, build, check_observations
from pipelines.discover import Release, client, new_releases
from pipelines.errors import (
    AggstatsError,
    DownloadError,
    HtmlInsteadOfFileError,
    LayoutChangedError,
    RegistryError,
    TruncatedDownloadError,
)
from pipelines.fetch import sha256_of
from pipelines.registry import Source, SourceFile, load_registry

STAGING = ".update"  # under the raw cache: downloads in progress and releases being verified
LOCK_HEADER = (
    "# Written by `aggstats update` (pipelines/update.py); do not edit by hand.\n"
    "# Releases found on the landing pages and verified since source.yaml was written: the\n"
    "# registry reads each as one more file of this source.\n"
)
OnBytes = Callable[[Release, int, int | None], None]


@dataclass(frozen=True)
class UpdateReport:
    found: list[Release]  # every new release the landing pages list
    loaded: list[SourceFile]  # recorded in the lock files and built
    build: BuildReport | None  # None when nothing was loaded

    @property
    def listed_only(self) -> list[Release]:
        return [r for r in self.found if not r.loadable]


def check(
    sources: list[Source], base: str | None = None, only: list[str] | None = None
) -> list[Release]:
    """The new releases, without downloading anything."""
    with client() as http:
        return new_releases(select(sources, only), http, base)


def select(sources: list[Source], only: list[str] | None) -> list[Source]:
    """The sources `only` names (every one of them must exist), else all of them."""
    if not only:
        return sources
    unknown = sorted(set(only) - {s.source_id for s in sources})
    if unknown:
        raise RegistryError(f"no such source: {', '.join(unknown)}")
    return [s for s in sources if s.source_id in only]


def update(
    sources_dir: Path | None,
    raw_dir: Path,
    warehouse: Path,
    base: str | None = None,
    on_bytes: OnBytes = lambda *_: None,
    on_file: Callable[[SourceFile], None] = lambda _: None,
    today: dt.date | None = None,
    only: list[str] | None = None,
) -> UpdateReport:
    """Find, download, verify and record every new release (of the sources `only` names, else
    of all), then rebuild the warehouse."""
    sources = load_registry(sources_dir)
    by_id = {s.source_id: s for s in sources}
    accessed = today or dt.date.today()
    with client() as http:
        found = new_releases(select(sources, only), http, base)
        staged = [download(http, r, raw_dir / STAGING, on_bytes) for r in found if r.loadable]
    files = [verify(by_id[r.source_id], r, path, accessed) for r, path in staged]
    if not files:
        return UpdateReport(found, [], None)
    report = _commit(sources_dir, by_id, files, [p for _, p in staged], raw_dir, warehouse, on_file)
    return UpdateReport(found, files, report)


def download(
    http: httpx.Client, release: Release, staging: Path, on_bytes: OnBytes
) -> tuple[Release, Path]:
    """(release, path) once the whole file is in `staging`; a partial file is resumed."""
    final = staging / release.source_id / release.name
    part = final.with_name(f"{final.name}.part")
    part.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    total = None
    where = f"{release.source_id}: {release.url} (linked from {release.page} as {release.text!r})"
    try:
        with http.stream("GET", release.url, headers=_range(have)) as response:
            if response.status_code == 416:  # a stale partial file: start again
                part.unlink()
                return download(http, release, staging, on_bytes)
            if response.status_code >= 400:
                raise DownloadError(
                    f"{where}: HTTP {response.status_code} {response.reason_phrase}"
                )
            resumed = response.status_code == 206
            have = have if resumed else 0
            total = _total(response, have)
            with part.open("ab" if resumed else "wb") as out:
                for chunk in response.iter_bytes():
                    if have == 0 and _is_html(chunk, response, release.name):
                        raise HtmlInsteadOfFileError(
                            f"{where}: the server sent an HTML page "
                            f"({response.headers.get('content-type', 'no content type')}), "
                            f"not the file: {_title(chunk)!r}"
                        )
                    out.write(chunk)
                    have += len(chunk)
                    on_bytes(release, have, total)
    except HtmlInsteadOfFileError:
        part.unlink(missing_ok=True)
        raise
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout) as exc:
        raise _truncated(where, have, total, exc) from exc
    except httpx.HTTPError as exc:
        raise DownloadError(f"{where}: {exc}") from exc
    if total is not None and have != total:
        raise _truncated(where, have, total, "the connection closed early")
    os.replace(part, final)
    return release, final


def verify(source: Source, release: Release, path: Path, accessed: dt.date) -> SourceFile:
    """The release as a registry file, once the source's pipeline reads and tidies it in its
    model file's layout, and every region it names is known; else LayoutChangedError."""
    model = next(f for f in source.files if f.name == release.link.model)
    file = replace(
        model,
        name=release.name,
        release=release.text or release.name,
        published=f"{release.release_date:%Y-%m-%d} (dated by its link: {release.link.date})",
        as_of=release.release_date,
        accessed=f"{accessed:%Y-%m-%d}",
        size=path.stat().st_size,
        sha256=sha256_of(path),
        url=release.url,
        stands_for=(),
        original=True,
        provenance=(
            f"Agency original, found by `aggstats update` on {release.page} and downloaded from "
            f"its link; read in the layout of {model.name}."
        ),
        coverage=f"as published in the release of {release.release_date:%Y-%m-%d}",
        reconcile_only=False,
    )
    try:
        staged = source.module.read(path, file.layout)
        observations = source.module.tidy(staged, file)
        check_observations(source, file, observations)
        labels = regions.read_labels([source])[source.source_id]
        regions.resolve(observations, labels, file.file_id)
    except Exception as exc:  # whatever the reader meets in a file it does not know
        why = str(exc) if isinstance(exc, AggstatsError) else f"{type(exc).__name__}: {exc}"
        raise LayoutChangedError(
            f"{file.file_id} (release of {release.release_date}, {release.url}) does not read "
            f"as layout {file.layout!r} of {model.name}: {why}. Nothing was changed"
        ) from exc
    return file


def _commit(sources_dir, by_id, files, paths, raw_dir, warehouse, on_file) -> BuildReport:
    """Record the files in their lock files, put them in the cache, rebuild; undo on failure."""
    new: dict[str, list[SourceFile]] = {}
    for file in files:
        new.setdefault(file.source_id, []).append(file)
    locks = {by_id[s].lock_path: entries for s, entries in new.items()}
    saved = {lock: lock.read_bytes() if lock.is_file() else None for lock in locks}
    moved: list[tuple[Path, Path]] = []
    try:
        for lock, entries in locks.items():
            _write_lock(lock, entries)
        for file, path in zip(files, paths, strict=True):
            target = raw_dir / file.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            moved.append((target, path))
        return build(load_registry(sources_dir), raw_dir, warehouse, on_file)
    except BaseException:
        for lock, before in saved.items():
            if before is None:
                lock.unlink(missing_ok=True)
            else:
                _write_atomic(lock, before)
        for target, path in moved:  # kept in staging, so a second run need not download again
            os.replace(target, path)
        raise


def _write_lock(lock: Path, entries: list[SourceFile]) -> None:
    doc = yaml.safe_load(lock.read_text(encoding="utf-8")) if lock.is_file() else None
    files = list((doc or {}).get("files") or ())
    files += [_entry(f) for f in entries]
    body = yaml.safe_dump({"files": files}, sort_keys=False, allow_unicode=True, width=100)
    _write_atomic(lock, (LOCK_HEADER + body).encode("utf-8"))


def _entry(file: SourceFile) -> dict:
    return {
        "name": file.name,
        "layout": file.layout,
        "release": file.release,
        "published": file.published,
        "as_of": file.as_of,
        "accessed": file.accessed,
        "size": file.size,
        "sha256": file.sha256,
        "url": file.url,
        "original": file.original,
        "provenance": file.provenance,
        "coverage": file.coverage,
        "levels": list(file.levels),
    }


def _write_atomic(path: Path, data: bytes) -> None:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(name, path)


def _range(have: int) -> dict[str, str]:
    return {"Range": f"bytes={have}-"} if have else {}


def _total(response: httpx.Response, have: int) -> int | None:
    """The file's full size: from Content-Range when resumed, else Content-Length."""
    content_range = response.headers.get("content-range", "")
    if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
        return int(content_range.rsplit("/", 1)[1])
    length = response.headers.get("content-length")
    return have + int(length) if length and length.isdigit() else None


def _is_html(chunk: bytes, response: httpx.Response, name: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return False
    head = chunk[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    kind = response.headers.get("content-type", "").lower()
    return kind.startswith("text/html") or head.startswith((b"<!doctype html", b"<html"))


def _title(chunk: bytes) -> str:
    text = chunk.decode("utf-8", "replace")
    start = text.lower().find("<title>")
    if start < 0:
        return " ".join(text[:80].split())
    return " ".join(text[start + 7 : text.lower().find("</title>", start)].split())


def _truncated(where: str, have: int, total: int | None, why) -> TruncatedDownloadError:
    of = f"{total:,}" if total is not None else "an unknown number of"
    return TruncatedDownloadError(
        f"{where}: the download stopped after {have:,} of {of} bytes ({why}); nothing was "
        "changed, and `aggstats update` resumes it from there"
    )
