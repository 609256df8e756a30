"""Fetch: put every declared raw file in the cache, verified against its sha256.

For each file: keep the cached copy if its checksum is right; otherwise copy it from the mirror
folder (`<mirror>/<source_id>/<file name>`), else download it from its official URL. Every copy
is verified before it replaces anything in the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import FetchError, FileNotFetchedError
from pipelines.registry import Source, SourceFile

DOWNLOAD_TIMEOUT_S = 60


@dataclass(frozen=True)
class Fetched:
    file_id: str
    how: str  # "kept", "copied from mirror", "downloaded"
    path: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_path(raw_dir: Path, file: SourceFile) -> Path:
    return raw_dir / file.relpath


def verify(raw_dir: Path, file: SourceFile) -> Path:
    """The cached file's path, or FetchError if it is missing or its checksum is wrong."""
    path = cached_path(raw_dir, file)
    if not path.is_file():
        raise FetchError(f"{file.file_id}: not in the cache ({path}); run `aggstats fetch` first")
    actual = sha256_of(path)
    if actual != file.sha256:
        raise FetchError(
            f"{file.file_id}: checksum mismatch in the cache ({path}): sha256 {actual}, "
            f"registry says {file.sha256}. Delete it and run `aggstats fetch` again"
        )
    return path


def fetch_all(
    sources: list[Source],
    raw_dir: Path,
    mirror: Path | None,
    on_file: Callable[[Fetched], None] = lambda _: None,
) -> list[Fetched]:
    """Fetch every declared file; raise one FetchError listing every file that failed."""
    files = [f for s in sources for f in s.files]
    done, failures = [], []
    for file in files:
        try:
            fetched = fetch_file(file, raw_dir, mirror)
        except FileNotFetchedError as exc:
            failures.append(exc.tried)
            continue
        done.append(fetched)
        on_file(fetched)
    if failures:
        raise FetchError(
            f"could not fetch {len(failures)} of {len(files)} files:\n"
            + "".join(f"- {line}\n" for line in failures)
            + "To fix: point AGGSTATS_MIRROR (or --mirror) at a folder laid out "
            f"<source_id>/<file name> that holds them, or put each file by hand into "
            f"{raw_dir}/<source_id>/. The files already fetched are kept"
        )
    return done


def fetch_file(file: SourceFile, raw_dir: Path, mirror: Path | None) -> Fetched:
    target = cached_path(raw_dir, file)
    if target.is_file() and sha256_of(target) == file.sha256:
        return Fetched(file.file_id, "kept", target)
    tried = []
    if mirror is None:
        tried.append("no mirror folder set (AGGSTATS_MIRROR or --mirror)")
    else:
        candidate = mirror / file.relpath
        if not candidate.is_file():
            tried.append(f"mirror: {candidate} does not exist")
        elif (got := _install(lambda tmp: shutil.copyfile(candidate, tmp), file, target)) is None:
            return Fetched(file.file_id, "copied from mirror", target)
        else:
            tried.append(f"mirror: {candidate} has sha256 {got}")
    if file.url:
        try:
            got = _install(lambda tmp: _download(file.url, tmp), file, target)
        except OSError as exc:
            tried.append(f"download {file.url}: {exc}")
        else:
            if got is None:
                return Fetched(file.file_id, "downloaded", target)
            tried.append(f"download {file.url}: got sha256 {got}")
    else:
        originals = ", ".join(file.stands_for)
        tried.append(f"no download: the file reconstructs {originals}; only a mirror has it")
    raise FileNotFetchedError(
        f"{file.file_id} (sha256 {file.sha256[:12]}…): " + "; ".join(tried),
        f"point AGGSTATS_MIRROR (or --mirror) at a folder holding {file.relpath}, or download "
        f"the file by hand into {target}",
    )


def _install(write: Callable[[Path], object], file: SourceFile, target: Path) -> str | None:
    """Write into a temporary file beside `target`; move it in place only if the checksum is
    right. Returns None on success, else the wrong checksum (the cache is left as it was)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        got = sha256_of(tmp)
        if got != file.sha256:
            return got
        os.replace(tmp, target)
        return None
    finally:
        tmp.unlink(missing_ok=True)


def _download(url: str, destination: Path) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "aggstats (open-source)"})
    with (
        urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response,
        destination.open("wb") as out,
    ):
        shutil.copyfileobj(response, out)
