"""How current each source is: its newest period (and data date), its newest release, the days
since, the publisher's usual cadence, and whether a release is overdue."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from aggstats.calendar import period_end, period_label
from aggstats.query import sql_catalog
from aggstats.query.core import run
from pipelines.registry import CADENCES, OVERDUE_AFTER

FINEST_FIRST = (
    "half_month",
    "month",
    "fiscal_quarter",
    "fiscal_year",
    "calendar_year",
    "decade",
)
LAG_DAYS = 45  # a level whose newest period ends this much earlier is named apart
SCHEMA = {
    "source_id": pl.String,
    "publisher": pl.String,
    "newest": pl.String,  # "Apr 2026 (to 9 Apr 2026)", or per level where they differ
    "newest_end": pl.Date,  # the last day of the newest period
    "release": pl.Date,
    "days_since": pl.Int64,
    "cadence": pl.String,
    "overdue": pl.Boolean,
    "status": pl.String,
}


def freshness(con: duckdb.DuckDBPyConnection, today: dt.date) -> pl.DataFrame:
    """One row per source (see SCHEMA); `today` is the day the ages are counted to."""
    newest = run(con, sql_catalog.NEWEST_PERIODS)
    rows = []
    for source in run(con, sql_catalog.SOURCE_RELEASES).iter_rows(named=True):
        mine = newest.filter(source_id=source["source_id"])
        label, end = _newest(mine)
        days = (today - source["release"]).days
        every = CADENCES[source["cadence"]]
        overdue = every is not None and days > every * OVERDUE_AFTER
        rows.append(
            {
                "source_id": source["source_id"],
                "publisher": source["publisher"],
                "newest": label,
                "newest_end": end,
                "release": source["release"],
                "days_since": days,
                "cadence": source["cadence"],
                "overdue": overdue,
                "status": _status(source["cadence"], days, every, overdue),
            }
        )
    return pl.DataFrame(rows, schema=SCHEMA)


def _newest(rows: pl.DataFrame) -> tuple[str, dt.date | None]:
    """The newest period at each level's finest grain, labelled with its data date when it was
    published before it ended: the newest of all, and the levels that lag behind it."""
    by_level: dict[str, tuple[int, dt.date, str, bool]] = {}
    for row in rows.iter_rows(named=True):
        fineness = FINEST_FIRST.index(row["grain"])
        end = period_end(row["period"], row["grain"])
        text = period_label(row["period"], row["grain"])
        dated = row["to_date"] and row["as_of"] < end
        if dated:
            text += f" (to {row['as_of']:%-d %b %Y})"
        end = min(end, row["as_of"])  # no figure is newer than its release
        held = by_level.get(row["level_name"])
        if held is None or (fineness, -end.toordinal()) < (held[0], -held[1].toordinal()):
            by_level[row["level_name"]] = (fineness, end, text, not dated)
    if not by_level:
        return "", None
    # the newest of all, then the levels that lag it by more than a month (CBP's sectors)
    _, last, text, _ = min(by_level.values(), key=lambda v: (-v[1].toordinal(), v[0], v[3]))
    lagging: dict[str, list[str]] = {}
    for level, (_, end, label, _) in by_level.items():
        if (last - end).days > LAG_DAYS:
            lagging.setdefault(label, []).append(level.lower())
    for label, levels in lagging.items():
        text += f"; {label} for {', '.join(levels)}"
    return text, last


def _status(cadence: str, days: int, every: int | None, overdue: bool) -> str:
    if every is None:
        return "no longer published"
    if overdue:
        return f"overdue by {days - every} days"
    return "current"
