"""Progress on stderr, named for the step: `fetch`, then the build's `reading files`, `loading`
and `checks`, each a bar of its own with the file at hand shown beside it (not as its label).
A step's bar ends when the step does, so the last one ends when the build does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column


class Steps:
    """The bars of one command: `start` a step (ending the one before), `advance` it."""

    def __init__(self, progress: Progress, prefix: str):
        self.progress = progress
        self.prefix = prefix
        self.task: TaskID | None = None

    def start(self, step: str, total: int | None = 1) -> None:
        self.end()
        label = f"{self.prefix}: {step}" if self.prefix else step
        self.task = self.progress.add_task(label, total=total, current="")

    def advance(self, current: str = "") -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, current=current)

    def end(self) -> None:
        if self.task is not None:
            total = self.progress.tasks[self.task].total or 1
            self.progress.update(self.task, total=total, completed=total, current="")
            self.task = None


@contextmanager
def steps(console: Console, prefix: str = "") -> Iterator[Steps]:
    progress = Progress(
        TextColumn("[bold]{task.description}", table_column=Column(min_width=20)),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn(
            "[dim]{task.fields[current]}",
            table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1),
        ),
        console=console,
        transient=False,
        expand=True,
    )
    with progress:
        bars = Steps(progress, prefix)
        try:
            yield bars
        finally:
            if bars.task is not None and not progress.finished:
                progress.stop_task(bars.task)  # a failed step stays where it stopped
