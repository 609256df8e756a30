"""Tables the `aggstats` command prints (rich), from what the warehouse says."""

from __future__ import annotations

import polars as pl
from rich.table import Table

from aggstats.calendar import period_label
from aggstats.catalog import CheckResult
from aggstats.settings import Settings


def freshness_table(config: Settings) -> Table:
    """How current each source is (newest period, release, days since, cadence, overdue)."""
    import datetime as dt

    import duckdb

    from aggstats.freshness import freshness

    with duckdb.connect(str(config.warehouse), read_only=True) as con:
        frame = freshness(con, dt.date.today())
    table = Table(
        "source", "newest period", "release", "days since", "cadence", "status",
        title="How current each source is", box=None,
    )  # fmt: skip
    for row in frame.iter_rows(named=True):
        status = f"[red]{row['status']}[/]" if row["overdue"] else row["status"]
        table.add_row(
            row["source_id"],
            row["newest"],
            f"{row['release']:%Y-%m-%d}",
            str(row["days_since"]),
            row["cadence"],
            status,
        )
    return table


def checks_table(results: list[CheckResult]) -> Table:
    """One row per integrity check: ok, or how many rows fail it and a few of them."""
    table = Table(box=None, pad_edge=False)
    table.add_column("integrity check", overflow="fold")
    table.add_column("result", overflow="fold")
    for result in results:
        if result.failing:
            table.add_row(
                result.name,
                f"[red]FAIL[/] {len(result.failing)}+ rows, e.g. {result.failing[:3]}",
            )
        else:
            table.add_row(result.name, "ok")
    return table


def anomalies_table(frame: pl.DataFrame) -> Table:
    """The flagged figures, one line each: the figure, its release, and its neighbours."""
    table = _compact(
        "measure", "region", "period", "release", "value", "before", "after", "flagged as"
    )
    for row in frame.iter_rows(named=True):
        table.add_row(
            row["measure_id"],
            row["region"],
            period_label(row["period"], row["grain"]),
            f"{row['as_of']:%Y-%m-%d}",
            f"{row['value']:,.0f}",
            _neighbour(row, "prev"),
            _neighbour(row, "next"),
            "release break" if row["kind"] == "release_break" else "period jump",
        )
    return table


def _neighbour(row: dict, side: str) -> str:
    """The figure before or after a flagged one: the release's, or the period's."""
    if row["kind"] == "release_break":
        label = f"{row[f'{side}_as_of']:%Y-%m-%d}"
    else:
        label = period_label(row[f"{side}_period"], row["grain"])
    return f"{row[f'{side}_value']:,.0f} ({label})"


def _compact(*columns: str) -> Table:
    """A table of one line per row where the width allows: numbers right-aligned and never
    cut; on a narrow terminal the words fold."""
    table = Table(box=None, pad_edge=False)
    for name in columns:
        numeric = name in ("value", "before", "after")
        words = name in ("measure", "region", "flagged as")
        table.add_column(
            name, no_wrap=not words, overflow="fold", justify="right" if numeric else "left"
        )
    return table


def reconcile_table(frame: pl.DataFrame, notes: dict[str, int]) -> Table:
    """Both publishers' figures per pair and fiscal year; `notes` numbers each pair's
    explanation, printed under the table."""
    table = Table("pair", "fiscal year", "left", "right", "difference", "agrees", box=None)
    for row in frame.iter_rows(named=True):
        relative = row["relative_difference"]
        table.add_row(
            f"{row['reconciliation_id']} [{notes[row['reconciliation_id']]}]",
            f"FY{row['period'].year + 1}",
            f"{row['left_value']:,.0f}",
            f"{row['right_value']:,.0f}",
            f"{row['difference']:+,.0f}" + (f" ({relative:+.2%})" if relative is not None else ""),
            "yes" if row["agrees"] else "NO",
        )
    return table
