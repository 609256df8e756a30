"""The commands that read the warehouse and report (`sources`, `check`, `reconcile`): results on
stdout, a row a line when piped; diagnostics go to stderr (`console`)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from aggstats.settings import Settings

# Results go to stdout, progress and diagnostics to stderr (as git, pip and ruff do). Results
# piped or redirected are written a row a line, not folded at 80 columns.
console = Console(stderr=True)
UNFOLDED = 400


def out() -> Console:
    said = Console(highlight=False)
    return said if said.is_terminal else Console(width=UNFOLDED, highlight=False)


def count(n: int, thing: str) -> str:
    """`n` things, the noun in the plural unless there is one: "1 source", "66 files"."""
    return f"{n:,} {thing}{'s' if n != 1 else ''}"


def sources(args: argparse.Namespace, config: Settings) -> None:
    from aggstats.catalog import source_files
    from aggstats.cli_tables import freshness_table

    table = Table("source", "file", "sha256", "coverage", "cached", "last build", box=None)
    for row in source_files(config):
        table.add_row(*row)
    wide = Console(width=max(Console().width, 160))
    wide.print(table)
    if config.warehouse.is_file():
        wide.print(freshness_table(config))


def check(args: argparse.Namespace, config: Settings) -> int:
    """The verdict, every check's result and the flagged figures, on stdout; 1 only when a
    check fails (a flagged figure is loaded as published: listed, never a failure)."""
    from aggstats.catalog import anomalies, check_warehouse
    from aggstats.cli_tables import anomalies_table, checks_table
    from aggstats.query import anomaly_text

    results = check_warehouse(config.warehouse)
    flagged = anomalies(config.warehouse)
    failed = [r for r in results if r.failing]
    said = out()
    verdict = (
        f"[red]FAILED[/]: {len(failed)} of {len(results)} checks fail"
        if failed
        else f"passed: {len(results)} of {len(results)} checks"
    )
    said.print(
        f"{config.warehouse}: {verdict}; {count(flagged.height, 'figure')} flagged as implausible "
        "(loaded as published, not failures)"
    )
    said.print(checks_table(results))
    if flagged.height:
        said.print()
        if args.verbose:
            for row in flagged.iter_rows(named=True):
                said.print(f"[yellow]flagged[/] {anomaly_text(row)}")
        else:
            said.print(anomalies_table(flagged))
            said.print("(`aggstats check --verbose` puts each flagged figure in words)")
    return 1 if failed else 0


def reconcile(args: argparse.Namespace, config: Settings) -> None:
    """The pairs' table on stdout, each pair's title as a numbered footnote; why the pairs
    differ behind --verbose."""
    from aggstats.catalog import reconciliation
    from aggstats.cli_tables import reconcile_table

    frame = reconciliation(config.warehouse)
    pairs = frame.select("reconciliation_id", "title", "why").unique(maintain_order=True).rows()
    notes = {reconciliation_id: n for n, (reconciliation_id, _, _) in enumerate(pairs, 1)}
    said = out()
    said.print(reconcile_table(frame, notes))
    said.print()
    for n, (_, title, why) in enumerate(pairs, 1):
        said.print(f"[{n}] {title}." + (f" {why}" if args.verbose else ""), markup=False)
    if not args.verbose:
        said.print("(`aggstats reconcile --verbose` says why each pair differs)")
