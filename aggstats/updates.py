"""`aggstats update`, on screen: the new releases as a table, downloads with progress, and what
was loaded (the work itself is pipelines/update.py)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from aggstats.settings import Settings
from pipelines.discover import Release


def run(config: Settings, check_only: bool, source_ids: list[str] | None, console: Console) -> int:
    from pipelines.registry import load_registry
    from pipelines.update import check, update

    if check_only:
        found = check(load_registry(config.registry), config.update_base, source_ids)
        _print_found(found, console)
        return 0
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, int] = {}

        def on_bytes(release: Release, done: int, total: int | None) -> None:
            if release.url not in tasks:
                tasks[release.url] = progress.add_task(release.name, total=total)
            progress.update(tasks[release.url], completed=done, total=total)

        report = update(
            config.registry,
            config.raw_dir,
            config.warehouse,
            config.update_base,
            on_bytes=on_bytes,
            only=source_ids,
        )
    _print_found(report.found, console)
    for file in report.loaded:
        console.print(
            f"loaded {file.file_id}: {file.size:,} bytes, sha256 {file.sha256}, as of {file.as_of}"
            f", recorded in {file.source_id}/releases.lock.yaml",
            highlight=False,
        )
    if report.build is not None:
        console.print(
            f"rebuilt {report.build.warehouse} in {report.build.seconds:.1f} s: "
            f"{report.build.facts:,} observations"
        )
    return 0


def _print_found(found: list[Release], console: Console) -> None:
    if not found:
        console.print("no new release on the landing pages")
        return
    table = Table(box=None, title="New releases")
    for column in ("source", "release", "file", "url", "taken as"):
        table.add_column(column, overflow="fold")
    for release in found:
        taken = (
            f"layout of {release.link.model}"
            if release.loadable
            else f"listed only: {' '.join(release.link.not_loaded.split())}"
        )
        table.add_row(
            release.source_id,
            f"{release.release_date:%Y-%m-%d}",
            release.name,
            release.url,
            taken,
        )
    Console(width=max(console.width, 200), stderr=False).print(table)
