"""Tables the `aggstats` command prints (rich), from what the warehouse says."""

from __future__ import annotations

from rich.table import Table

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
