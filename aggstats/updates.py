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

from aggstats.cli_reports import out
from aggstats.settings import Settings
from pipelines.discover import Release


def run(config: Settings, check_only: bool, source_ids: list[str] | None, console: Console) -> int:
    from pipelines.update import update

    if check_only:
        return check(config, source_ids, console)
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


def check(config: Settings, source_ids: list[str] | None, console: Console) -> int:
    """Each watched source's outcome on stdout (new releases, nothing new, or unreachable and
    why); 1 when any source could not be read, after every other was."""
    from pipelines.discover import survey
    from pipelines.registry import load_registry
    from pipelines.update import select

    outcomes = survey(select(load_registry(config.registry), source_ids), config.update_base)
    table = Table("source", "outcome", box=None, pad_edge=False)
    table.columns[1].overflow = "fold"
    for outcome in outcomes:
        if outcome.unreachable:
            why = outcome.unreachable.removeprefix(f"{outcome.source_id}: ")
            table.add_row(outcome.source_id, f"[red]unreachable[/]: {why}")
        elif outcome.found:
            table.add_row(outcome.source_id, f"{len(outcome.found)} new release(s)")
        else:
            table.add_row(outcome.source_id, "nothing new")
    out().print(table)
    found = [r for o in outcomes for r in o.found]
    if found:
        _print_found(found, console)
    unreachable = sum(o.unreachable is not None for o in outcomes)
    if unreachable:
        console.print(
            f"error: {unreachable} of {len(outcomes)} watched sources could not be read",
            highlight=False,
        )
    return 1 if unreachable else 0


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
    out().print(table)
